// Many machines, on one: a real redis-server (127.0.0.1, free port, no persistence), `jaxpool
// worker` processes, and `jaxpool batch --queue`. A worker SIGKILLed mid-batch loses and
// duplicates nothing (the output is byte-identical to the one-machine output); a killed submitter
// resumes; a worker with another version of the module refuses; no Redis: one line, exit 2.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { batch, shutdown } from '../../src/index.js';
import { freePort, jaxpool, jaxpoolDone, journalLines, killAll, model, ramp, root, type Run, startRedis, summaryOf, tempDir, until, writeNpy } from './helpers.js';

const dir = tempDir();
const N = 2000;
const BS = 100;
const x = writeNpy(join(dir, 'x.npy'), 'float32', [N, 3], ramp(N, 3));
/** Each batch's host callback waits this long: a worker killed right after starting one is surely mid-batch. */
const env = { JAXPOOL_TEST_SLOW_MS: '60' };
let redis: { url: string; stop: () => Promise<void> };
let local: Buffer;
/** The worker that outlives the first test, reused by the second. */
let survivor: Run | undefined;

beforeAll(async () => {
  redis = await startRedis();
  // The one-machine output to compare with.
  const out = join(dir, 'local.npy');
  await batch.run({ module: model, fn: 'slow', inputs: [x], out, batchSize: BS, devices: 2 });
  local = readFileSync(out);
});

afterAll(async () => {
  killAll();
  await redis?.stop();
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function worker(): Run {
  return jaxpool(['worker', '--queue', redis.url, '--devices', '1', '--lock-duration', '2500', '--verbose'], env);
}

/** Batches a worker's log says it started, and finished. */
function batchesIn(log: string): { started: Set<number>; done: Set<number> } {
  const started = new Set<number>();
  const done = new Set<number>();
  for (const m of log.matchAll(/batch (\d+) of run \w+: (started|done)/g)) (m[2] === 'started' ? started : done).add(Number(m[1]));
  return { started, done };
}

async function keysLeft(): Promise<string[]> {
  const c = new Redis(redis.url);
  try {
    return await c.keys('jaxpool:*');
  } finally {
    c.disconnect();
  }
}

const submit = (out: string, extra: string[] = []) => ['batch', model, '--fn', 'slow', '--in', x, '--out', out, '--batch-size', String(BS), '--queue', redis.url, '--json', ...extra];

describe('jaxpool batch --queue with jaxpool worker', () => {
  it('a worker SIGKILLed mid-batch loses and duplicates nothing: the output is byte-identical', async () => {
    const a = worker();
    const b = worker();
    await until(() => /serving/.test(a.stderr) && /serving/.test(b.stderr), 'both workers to connect');
    const out = join(dir, 'queued.npy');
    const sub = jaxpool(submit(out), env);
    // Kill A right after it starts its third batch (each takes >= 60 ms).
    await until(() => batchesIn(a.stderr).started.size >= 3, 'worker A to start three batches');
    a.proc.kill('SIGKILL');
    expect(await a.exit).toBe('SIGKILL');
    const lost = [...batchesIn(a.stderr).started].filter((i) => !batchesIn(a.stderr).done.has(i));
    expect(lost.length).toBeGreaterThan(0);
    expect(await sub.exit).toBe(0);
    const s = summaryOf(sub.stdout);
    expect(s).toMatchObject({ rows: N, batches: N / BS, rowsResumed: 0, devices: null });
    expect(s.workers).toHaveLength(2);
    // The batches A lost were computed by B.
    const bDone = batchesIn(b.stderr).done;
    for (const i of lost) expect(bDone.has(i)).toBe(true);
    expect(readFileSync(out).equals(local)).toBe(true);
    expect(await keysLeft()).toEqual([]);
    survivor = b;
  });

  it('a SIGKILLed submitter continues with --resume, taking what workers finished meanwhile', async () => {
    const workers = [survivor!, worker()];
    await until(() => workers.every((w) => /serving/.test(w.stderr)), 'workers to connect');
    const out = join(dir, 'resumed.npy');
    const first = jaxpool(submit(out), env);
    await until(() => journalLines(out) >= 5, 'five batches written');
    first.proc.kill('SIGKILL');
    await first.exit;
    const r = await jaxpoolDone(submit(out, ['--resume']), env);
    expect(r.code).toBe(0);
    const s = summaryOf(r.stdout);
    expect(s.rowsResumed).toBeGreaterThanOrEqual(5 * BS);
    expect((s.rows as number) + (s.rowsResumed as number)).toBe(N);
    expect(readFileSync(out).equals(local)).toBe(true);
    expect(await keysLeft()).toEqual([]);
    // Ctrl-C stops a worker cleanly.
    for (const w of workers) w.proc.kill('SIGINT');
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
    for (const w of workers) expect(w.stderr).toMatch(/stopped after \d+ batches/);
  });

  it('a worker whose module differs from the submitter\'s refuses the batch: one line, exit 2', async () => {
    const mod = join(dir, 'versioned.mjs');
    const src = `import { numpy as jnp } from ${JSON.stringify(pathToFileURL(join(root, 'src', 'index.ts')).href)};\nexport const f = (x) => jnp.sin(x);\n`;
    writeFileSync(mod, src + '// version 1\n');
    const out = join(dir, 'versioned.npy');
    const sub = jaxpool(['batch', mod, '--fn', 'f', '--in', x, '--out', out, '--queue', redis.url]);
    // No worker runs yet: once a batch waits in the queue, the module changes, then a worker starts.
    const c = new Redis(redis.url);
    for (let i = 0; (await c.llen('bull:jaxpool-batch:wait')) === 0; i++) {
      if (i > 3000 || sub.proc.exitCode !== null) throw new Error(`no batch was queued: ${sub.stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    c.disconnect();
    writeFileSync(mod, src + '// version 2\n');
    const w = worker();
    expect(await sub.exit).toBe(2);
    // Progress lines and the note that no worker was connected yet aside, one line.
    const lines = sub.stderr.split('\n').filter((l) => l && !/ rows \(|: waiting: no worker/.test(l));
    expect(lines).toEqual([expect.stringMatching(/^jaxpool batch: worker \S+, batch .*module .*versioned\.mjs here .*hash \w+\) differs from the submitter's \(hash \w+\); install the same version on every worker\.$/)]);
    w.proc.kill('SIGKILL');
    await w.exit;
    expect(await keysLeft()).toEqual([]);
  });
});

describe('Ctrl-C while batches wait in the queue', () => {
  it('stops at once (no worker to wait for), exit 130, the jobs kept for --resume', async () => {
    const out = join(dir, 'waiting.npy');
    const sub = jaxpool(submit(out), env);
    const c = new Redis(redis.url);
    try {
      for (let i = 0; (await c.llen('bull:jaxpool-batch:wait')) === 0; i++) {
        if (i > 3000 || sub.proc.exitCode !== null) throw new Error(`no batch was queued: ${sub.stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      sub.proc.kill('SIGINT');
      expect(await sub.exit).toBe(130);
      expect(sub.stderr).toMatch(/interrupted: 0 of 2000 rows are done and kept; run the same command with --resume/);
      expect((await c.keys('jaxpool:run:*:in:*')).length).toBeGreaterThan(0);
    } finally {
      await c.flushall();
      c.disconnect();
    }
  });
});

describe('Redis unreachable', () => {
  it('batch --queue and worker: one line, exit 2', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const { main } = await import('../../src/batch/cli.js');
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const args of [submit(join(dir, 'x-out.npy')).map((a) => (a === redis.url ? url : a)), ['worker', '--queue', url]]) {
        spy.mockClear();
        expect(await main(['node', 'jaxpool', ...args])).toBe(2);
        const lines = spy.mock.calls.map((c) => String(c[0])).join('').split('\n').filter((l) => l && !/ rows \(/.test(l));
        expect(lines).toEqual([expect.stringMatching(/^jaxpool (batch|worker): cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start redis-server there or fix --queue\.$/)]);
      }
    } finally {
      spy.mockRestore();
    }
  });
});
