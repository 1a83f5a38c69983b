// The `jaxpool batch` command in its own process: the --json summary, one line and exit code 2
// (1 while computing) on bad input with nothing left behind, SIGKILL at any moment then --resume
// giving the same bytes, Ctrl-C stopping cleanly, and memory bounded by a few batches whatever
// the input's size.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { batch, shutdown } from '../../src/index.js';
import { jaxpool, jaxpoolDone, journalLines, killAll, model, ramp, summaryOf, tempDir, until, writeNpy } from './helpers.js';

const dir = tempDir();
const N = 20_000;
const x = writeNpy(join(dir, 'x.npy'), 'float32', [N, 4], ramp(N, 4));
// `slow` waits 20 ms on the host per batch, so a kill lands while batches remain (with `poly` the
// whole run can finish between two polls of the journal on a loaded machine).
const base = ['batch', model, '--fn', 'slow', '--in', x, '--devices', '2'];

afterEach(killAll);
afterAll(async () => {
  killAll();
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

// The uninterrupted output to compare with, computed in this process.
beforeAll(async () => {
  await batch.run({ module: model, fn: 'slow', inputs: [x], out: join(dir, 'ref.npy'), batchSize: 1000, devices: 2 });
});

/** stderr without the progress lines. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l && !/ rows \(/.test(l));

/** What a run left in `dir` for output `out` besides the output itself. */
const leftovers = (out: string) => readdirSync(dir).filter((f) => f.startsWith(`${out.split('/').pop()}.`));

describe('jaxpool batch (the bin, from source)', () => {
  it.each([
    ['bad input', ['batch', model, '--fn', 'nope', '--in', x], 2, /^jaxpool batch: module .* has no export 'nope'/],
    ['a failure while computing', ['batch', model, '--fn', 'explode', '--in', x, '--batch-size', '5000'], 1, /^jaxpool batch: CallbackError: .*boom from the host/],
  ] as const)('%s: one line on stderr, its exit code, no output', async (_, args, code, msg) => {
    const out = join(dir, `bad-${code}.npy`);
    const r = await jaxpoolDone([...args, '--out', out]);
    expect(r.code).toBe(code);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(msg)]);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('SIGKILL at any moment, then --resume: the same bytes as an uninterrupted run', async () => {
    const ref = readFileSync(join(dir, 'ref.npy'));
    const out = join(dir, 'killed.npy');
    const args = [...base, '--out', out, '--batch-size', '500', '--resume', '--json'];
    // Kill twice: after 1 and after 15 finished batches (and, each time, whatever was in flight).
    for (const after of [1, 15]) {
      const r = jaxpool(args);
      await until(() => journalLines(out) >= after || r.proc.exitCode !== null, `${after} batches journaled`);
      r.proc.kill('SIGKILL');
      expect(await r.exit).toBe('SIGKILL');
      expect(existsSync(out)).toBe(false);
    }
    const done = journalLines(out);
    const r = await jaxpoolDone(args);
    expect(r.code).toBe(0);
    // The --json summary is the last line of stdout; the ledger counts what this run moved.
    const s = summaryOf(r.stdout);
    expect(s.rowsResumed).toBeGreaterThanOrEqual(done * 500);
    expect((s.rows as number) + (s.rowsResumed as number)).toBe(N);
    // Each row's 16 bytes go to the device and back twice: the input and the callback's result
    // host→device, the callback's argument and the output device→host.
    expect(s).toMatchObject({ batches: (s.rows as number) / 500, hostToDeviceBytes: (s.rows as number) * 32, deviceToHostBytes: (s.rows as number) * 32 });
    expect(s.rowsPerSecond).toBeCloseTo((s.rows as number) / (s.seconds as number), 6);
    // Progress went to stderr as plain lines (not a terminal).
    expect(r.stderr).toMatch(/jaxpool batch: 20000\/20000 rows \(100\.0%\)/);
    expect(readFileSync(out).equals(ref)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it('Ctrl-C stops after the batches in flight, exit 130, and --resume finishes to the same bytes', async () => {
    const out = join(dir, 'interrupted.npy');
    const args = [...base, '--out', out, '--batch-size', '200'];
    const r = jaxpool(args);
    await until(() => journalLines(out) >= 3, 'three batches');
    r.proc.kill('SIGINT');
    expect(await r.exit).toBe(130);
    expect(r.stderr).toMatch(/interrupted: \d+ of 20000 rows are done and kept; run the same command with --resume/);
    expect(existsSync(out)).toBe(false);
    const again = await jaxpoolDone([...args, '--resume', '--json']);
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout).rowsResumed).toBeGreaterThan(0);
    expect(readFileSync(out).equals(readFileSync(join(dir, 'ref.npy')))).toBe(true);
  });

  it('memory stays bounded by a few batches: a 64 MB input through a 16 MB device heap', async () => {
    const rows = 4 << 20; // 4 Mi rows of 4 float32: 64 MiB
    const big = writeNpy(join(dir, 'big.npy'), 'float32', [rows, 4], ramp(rows, 4));
    const small = writeNpy(join(dir, 'small.npy'), 'float32', [64, 4], ramp(64, 4));
    // The device heap may not grow past 256 pages (16 MiB); the JS heap is capped too.
    const env = { JAXPOOL_HEAP_MAX_PAGES: '256' };
    const node = ['--max-old-space-size=48'];
    const run = async (input: string, out: string) => {
      const r = await jaxpoolDone(['batch', model, '--fn', 'poly', '--in', input, '--out', join(dir, out), '--devices', '2', '--json'], env, node);
      expect(r.stderr).not.toMatch(/error|exhausted/i);
      expect(r.code).toBe(0);
      return summaryOf(r.stdout);
    };
    const s = await run(big, 'big-out.npy');
    expect(s.rows).toBe(rows);
    const baseline = await run(small, 'small-out.npy');
    // Holding the input (or the output) would add 64 MiB; the device heap touching its 16 MiB and a
    // few 1 MiB batches in flight add well under that.
    expect((s.maxRssBytes as number) - (baseline.maxRssBytes as number)).toBeLessThan(40 << 20);
  });
});

describe('the command line layer (main, in this process)', () => {
  /** Run main() with stderr captured: [exit code, stderr lines]. */
  async function cli(args: string[]): Promise<[number, string[]]> {
    const { main } = await import('../../src/batch/cli.js');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await main(['node', 'jaxpool', ...args]);
      return [code, spy.mock.calls.map((c) => String(c[0])).join('').split('\n').filter((l) => l && !/ rows \(/.test(l))];
    } finally {
      spy.mockRestore();
    }
  }
  const out = join(dir, 'main.npy');
  it.each([
    ['a missing input', ['batch', model, '--fn', 'poly', '--in', join(dir, 'missing.npy')], /^jaxpool batch: input .*missing\.npy does not exist/],
    ['a missing module', ['batch', join(dir, 'nomodule.mjs'), '--fn', 'f', '--in', x], /^jaxpool batch: module .*nomodule\.mjs not found/],
    ['a function that throws while tracing', ['batch', model, '--fn', 'broken', '--in', x], /fn 'broken' .* failed on a batch of \d+ rows: TypeError: cannot handle 1-d rows/],
    ['an unknown option', ['batch', model, '--in', x, '--bogus'], /^jaxpool: unknown option '--bogus' \(see jaxpool --help\)$/],
    ['a bad batch size', ['batch', model, '--in', x, '--batch-size', 'lots'], /^jaxpool: option '--batch-size <n>' argument 'lots' is invalid\. expected a positive integer/],
    ['no --queue for a worker', ['worker'], /^jaxpool: required option '--queue <redis-url>' not specified/],
  ])('%s: exit code 2 and one line', async (_, args, msg) => {
    const [code, lines] = await cli([...(args as string[]), '--out', out]);
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(msg as RegExp)]);
    expect(existsSync(out)).toBe(false);
  });
});
