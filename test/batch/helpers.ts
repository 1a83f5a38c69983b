// Shared by the batch-job tests: .npy inputs, the `jaxpool` bin run from source (in its own
// process, as users run it), a throwaway redis-server, and cleanup of every process started.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHeader } from '../../src/io/npy.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(root, 'src', 'bin', 'jaxpool.ts');
export const model = join(root, 'test', 'batch', 'fixtures', 'model.ts');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jaxpool-batch-'));
}

type Dt = 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';

/** Write `data` as a C-order .npy file of `shape`. */
export function writeNpy(path: string, dtype: Dt, shape: number[], data: ArrayBufferView): string {
  writeFileSync(path, Buffer.concat([formatHeader(dtype, shape), new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]));
  return path;
}

/** A float32 ramp of `rows` × `cols` with values in [-2, 2). */
export function ramp(rows: number, cols: number): Float32Array {
  const a = new Float32Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 4000) / 1000 - 2;
  return a;
}

/** The data bytes of a .npy file (after its header). */
export function npyData(path: string): Buffer {
  const b = readFileSync(path);
  const len = b[6] === 1 ? 10 + b.readUInt16LE(8) : 12 + b.readUInt32LE(8);
  return b.subarray(len);
}

/** The data of a .npy file as a typed array (copied, so aligned). */
export function npyValues<T>(path: string, ctor: new (b: ArrayBuffer) => T): T {
  const d = npyData(path);
  return new ctor(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer);
}

export interface Run {
  proc: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (or the signal's name). */
  exit: Promise<number | string>;
}

const started = new Set<ChildProcess>();

/** Run the `jaxpool` bin from source with tsx (one process: tsx is a loader, not a wrapper). */
export function jaxpool(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Run {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', bin, ...args], {
    cwd: root,
    env: { ...process.env, JAXPOOL_SYNC_TIMEOUT_MS: '30000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  const run: Run = { proc, stdout: '', stderr: '', exit: null as never };
  proc.stdout!.on('data', (d: Buffer) => (run.stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
  run.exit = new Promise((resolve) =>
    proc.on('exit', (code, signal) => {
      started.delete(proc);
      resolve(code ?? signal ?? -1);
    }),
  );
  return run;
}

/** Run to the end. */
export async function jaxpoolDone(args: string[], env?: Record<string, string>, nodeArgs?: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const r = jaxpool(args, env, nodeArgs);
  const code = await r.exit;
  return { code, stdout: r.stdout, stderr: r.stderr };
}

/** The `--json` summary: the last line of stdout. */
export function summaryOf(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

/** Wait until `cond()` holds (polling), failing after `ms` with `what`. */
export async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lines of a resume journal after its header: batches finished. */
export function journalLines(out: string): number {
  const p = `${out}.jaxpool-partial.journal`;
  if (!existsSync(p)) return 0;
  return readFileSync(p, 'utf8').split('\n').length - 2;
}

/** Kill every process the tests started and that still runs. */
export function killAll(): void {
  for (const p of started) p.kill('SIGKILL');
  started.clear();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server on 127.0.0.1 at a free port, persistence off. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  started.add(proc);
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  const url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  await until(() => proc.exitCode === null, 'redis-server to start');
  for (let i = 0; ; i++) {
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      break;
    } catch {
      c.disconnect();
      if (i > 100 || proc.exitCode !== null) throw new Error('redis-server did not start (is it installed? apt-get install redis-server)');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      proc.kill('SIGKILL');
      await exited;
      started.delete(proc);
    },
  };
}
