// Batch jobs: `jaxpool batch` over 1e7 rows (a scalar each) of the seed's j1 (through
// pureCallback) and W1's `sin(x)*2+x*x-1`, as rows/s: one process on 1 and 2 devices, and through
// Redis with 2 local `jaxpool worker` processes (1 device each); plus the queue path's overhead
// per batch (tiny batches, queue minus local). Every run is the built bin in its own process, as
// users run it; rows/s is the summary's (from the start of the run, node's own start-up excluded).
// bench/run.ts prints `batchBench()` after the cells; alone: `npm run bench` builds, then
// `node dist/bench/batch.js [--quick]`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatHeader } from '../src/io/npy.js';
import { ROOT } from './peers.js';

const bin = join(ROOT, 'dist', 'src', 'bin', 'jaxpool.js');
// The seed's host Bessel function as the bench build compiles it; from the sources (through tsx) otherwise.
const builtBessel = join(ROOT, 'dist', 'examples', 'bessel', 'host-bessel.js');
const bessel = existsSync(builtBessel) ? builtBessel : join(ROOT, 'examples', 'bessel', 'host-bessel.ts');
const node = (args: string[]) => [process.execPath, [...(bessel.endsWith('.ts') ? ['--import', 'tsx'] : []), bin, ...args]] as const;

export interface BatchBenchRow {
  workload: string;
  impl: string;
  rowsPerSecond: number;
}

function modelSource(): string {
  const jp = pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href;
  return `import { numpy as jnp, pureCallback, ShapeDtypeStruct } from ${JSON.stringify(jp)};
import { hostJv } from ${JSON.stringify(pathToFileURL(bessel).href)};
/** The seed's j1: J_1(z) on the host through pureCallback. */
export const j1 = (z) => pureCallback((v, zz) => hostJv(v, zz), new ShapeDtypeStruct(z.shape, z.dtype), [jnp.asarray(1), z], { vmapMethod: 'broadcast_all' });
/** W1. */
export const w1 = (x) => jnp.sin(x).mul(2).add(x.mul(x)).sub(1);
`;
}

function input(dir: string, rows: number): string {
  const x = new Float32Array(rows);
  for (let i = 0; i < rows; i++) x[i] = (i % 1000) / 50;
  const p = join(dir, `x${rows}.npy`);
  writeFileSync(p, Buffer.concat([formatHeader('float32', [rows]), new Uint8Array(x.buffer)]));
  return p;
}

function summary(args: string[]): { rowsPerSecond: number; seconds: number; batches: number } {
  const [cmd, argv] = node([...args, '--json']);
  const out = execFileSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as { rowsPerSecond: number; seconds: number; batches: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server and two workers, or null when redis-server is not installed. */
async function queue(): Promise<{ url: string; stop: () => void } | null> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const port = await freePort();
  const procs: ChildProcess[] = [spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })];
  const url = `redis://127.0.0.1:${port}`;
  await new Promise((r) => setTimeout(r, 300));
  const ready = [0, 1].map(() => {
    const [cmd, argv] = node(['worker', '--queue', url, '--devices', '1']);
    const w = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    procs.push(w);
    return new Promise<void>((resolve) => w.stderr!.on('data', (d: Buffer) => /serving/.test(d.toString()) && resolve()));
  });
  await Promise.all(ready);
  return { url, stop: () => procs.forEach((p) => p.kill('SIGKILL')) };
}

/** The batch rows (rows/s) and the queue's overhead per batch (ms), from one run of each. */
export async function batchBench(opts: { quick?: boolean } = {}): Promise<{ rows: BatchBenchRow[]; queueOverheadMs: number | null; table: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'jaxpool-bench-batch-'));
  const n = opts.quick ? 1e6 : 1e7;
  const model = join(dir, 'model.mjs');
  writeFileSync(model, modelSource());
  const x = input(dir, n);
  const out = join(dir, 'out.npy');
  const rows: BatchBenchRow[] = [];
  const q = await queue();
  try {
    for (const fn of ['j1', 'w1']) {
      const base = ['batch', model, '--fn', fn, '--in', x, '--out', out];
      for (const devices of [1, 2]) rows.push({ workload: `batch-${fn}`, impl: `jaxpool-${devices}d`, rowsPerSecond: summary([...base, '--devices', String(devices)]).rowsPerSecond });
      if (q) rows.push({ workload: `batch-${fn}`, impl: 'redis-2w', rowsPerSecond: summary([...base, '--queue', q.url]).rowsPerSecond });
    }
    let queueOverheadMs: number | null = null;
    if (q) {
      // Tiny batches of W1: time per batch is the path's own cost.
      const tiny = input(dir, 2000);
      const base = ['batch', model, '--fn', 'w1', '--in', tiny, '--out', out, '--batch-size', '10'];
      const local = summary([...base, '--devices', '2']);
      const queued = summary([...base, '--queue', q.url]);
      queueOverheadMs = ((queued.seconds - local.seconds) * 1000) / queued.batches;
    }
    return { rows, queueOverheadMs, table: formatBatchTable(rows, queueOverheadMs, n) };
  } finally {
    q?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatBatchTable(rows: BatchBenchRow[], overhead: number | null, n: number): string {
  const impls = ['jaxpool-1d', 'jaxpool-2d', 'redis-2w'];
  const lines = [`| batch, ${n.toExponential(0)} rows | ${impls.join(' | ')} |`, `|---|${impls.map(() => '---:').join('|')}|`];
  for (const w of [...new Set(rows.map((r) => r.workload))]) {
    const cell = (impl: string) => rows.find((r) => r.workload === w && r.impl === impl)?.rowsPerSecond;
    lines.push(`| ${w} (rows/s) | ${impls.map((i) => (cell(i) === undefined ? 'n/a' : Math.round(cell(i)!).toLocaleString('en-US'))).join(' | ')} |`);
  }
  lines.push('', overhead === null ? 'queue overhead: n/a (no redis-server)' : `queue overhead per batch (10-row batches of W1, Redis minus one process): ${overhead.toFixed(2)} ms`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await batchBench({ quick: process.argv.includes('--quick') })).table);
}
