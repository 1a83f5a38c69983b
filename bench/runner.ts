// The parent side of the bench: one child process per (implementation × workload) cell, one at a
// time, each result checked against the workload's float64 reference. A wrong or failed cell
// fails the run (after the other cells, so one run shows every failure).
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CellResult, compare, fmtTime, type Family, type Flat, IMPLS, type Impl, type Stats, TOLERANCES, type Workload } from './harness.js';

/** What a child is asked to measure (passed as JSON in its argv). */
export interface CellSpec {
  family: string;
  workload: string;
  impl: Impl;
  quick: boolean;
}

/** What a child answers over IPC. */
export type CellReply = { ok: true; stats: Stats; output: Float64Array } | { ok: false; error: string };

export interface RunOptions {
  quick: boolean;
  /** Which cells to run (default: all). */
  only?: (workload: Workload, impl: Impl) => boolean;
  /** Per-cell limit before the child is killed and the cell fails. */
  cellTimeoutMs?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** One or more cells were wrong or failed; `failures` says which and why. */
export class BenchFailure extends Error {
  constructor(readonly failures: string[]) {
    super(`bench: ${failures.length} cell(s) failed:\n  ${failures.join('\n  ')}`);
    this.name = 'BenchFailure';
  }
}

// The child entry: compiled (`dist/bench/cell.js`) runs on plain node, the source under tsx.
const CELL_SCRIPT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './cell.ts' : './cell.js', import.meta.url));

/** Every cell of `families` that `opts.only` admits, measured and checked. Throws `BenchFailure`. */
export async function runCells(families: Family[], opts: RunOptions): Promise<CellResult[]> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const results: CellResult[] = [];
  const failures: string[] = [];
  for (const fam of families) {
    for (const w of fam.workloads) {
      let reference: Flat | undefined;
      for (const impl of IMPLS) {
        if (!w.impls[impl] || (opts.only && !opts.only(w, impl))) continue;
        const name = `${w.name}/${impl}`;
        const t0 = performance.now();
        const reply = await runChild({ family: fam.url, workload: w.name, impl, quick: opts.quick }, w.busy ?? false, opts.cellTimeoutMs ?? (opts.quick ? 90_000 : 300_000));
        if (!reply.ok) {
          failures.push(`${name}: ${reply.error}`);
          log(`${name.padEnd(24)} FAILED: ${reply.error.split('\n')[0]}`);
          continue;
        }
        reference ??= await w.reference();
        const wrong = compare(reply.output, reference, w.tolerance ?? TOLERANCES[w.dtype]);
        if (wrong) {
          failures.push(`${name}: wrong result: ${wrong}`);
          log(`${name.padEnd(24)} WRONG: ${wrong}`);
          continue;
        }
        results.push({ workload: w.name, impl, stats: reply.stats });
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        log(`${name.padEnd(24)} ${fmtTime(reply.stats.p50).padStart(9)}  (${reply.stats.samples} calls, cell ${secs} s)`);
      }
    }
  }
  if (failures.length > 0) throw new BenchFailure(failures);
  return results;
}

/**
 * A CPU-bound process for `busy` workloads: it holds one core while the cell runs, and ends by
 * itself after `ms` should this process die before killing it.
 */
function startBurner(ms: number): ChildProcess {
  return spawn(process.execPath, ['-e', `for (const end = Date.now() + ${ms}; Date.now() < end; );`], { stdio: 'ignore' });
}

function runChild(spec: CellSpec, busy: boolean, timeoutMs: number): Promise<CellReply> {
  const env = { ...process.env };
  // jaxpool-1w: a one-device pool; jaxpool: the default, one device per core.
  if (spec.impl === 'jaxpool-1w') env.JAXPOOL_NUM_DEVICES = '1';
  else delete env.JAXPOOL_NUM_DEVICES;
  const burner = busy ? startBurner(timeoutMs) : undefined;
  const child = fork(CELL_SCRIPT, [JSON.stringify(spec)], {
    execArgv: CELL_SCRIPT.endsWith('.ts') ? ['--import', 'tsx'] : [],
    env,
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<CellReply>((resolve) => {
    let reply: CellReply | undefined;
    const timer = setTimeout(() => {
      reply ??= { ok: false, error: `no result within ${timeoutMs / 1000} s; the child was killed` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => (reply ??= m as CellReply));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      burner?.kill('SIGKILL');
      const tail = output.trim() ? `\n    child output: ${output.trim().split('\n').slice(-15).join('\n    ')}` : '';
      if (!reply) resolve({ ok: false, error: `the child exited (${signal ?? `code ${code}`}) without a result${tail}` });
      else resolve(reply.ok ? reply : { ok: false, error: reply.error + tail });
    });
  });
}
