// A hang detector that works while the main thread is blocked: the harness writes what it is doing
// (and when it started) into shared memory; a watchdog thread that finds one step running past
// the time bound prints that step — its reproduction — and kills the process. (A timer on the main
// thread would never fire during a synchronous hang, which is exactly what it must catch.)
import { Worker } from 'node:worker_threads';

const BYTES = 1 << 16;
// Int32 slots: [0] state (0 idle, 1 busy, 2 stop), [1] text length; Float64 slot [1]: started at (ms).
const control = new SharedArrayBuffer(16 + BYTES);
const i32 = new Int32Array(control, 0, 2);
const f64 = new Float64Array(control, 8, 1);
const text = new Uint8Array(control, 16, BYTES);
const encoder = new TextEncoder();

const source = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { control, boundMs, bytes } = workerData;
const i32 = new Int32Array(control, 0, 2);
const f64 = new Float64Array(control, 8, 1);
const text = new Uint8Array(control, 16, bytes);
for (;;) {
  Atomics.wait(i32, 0, 0, 250);
  const s = Atomics.load(i32, 0);
  if (s === 2) break;
  if (s === 1 && Date.now() - f64[0] > boundMs) {
    const what = new TextDecoder().decode(text.slice(0, i32[1]));
    writeSync(2, '\\nreliability: HANG — a step ran longer than ' + boundMs + ' ms without finishing:\\n  ' + what + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

let worker: Worker | undefined;

/** Start watching: a step running longer than `boundMs` kills the process after printing it. */
export function startWatchdog(boundMs: number): void {
  if (worker) return;
  worker = new Worker(source, { eval: true, workerData: { control, boundMs, bytes: BYTES } });
  worker.unref();
}

/** Stop the watchdog thread. */
export async function stopWatchdog(): Promise<void> {
  if (!worker) return;
  Atomics.store(i32, 0, 2);
  Atomics.notify(i32, 0);
  await worker.terminate();
  worker = undefined;
}

/** Mark the start of a step described by `what` (its reproduction). */
export function stepStart(what: string): void {
  const b = encoder.encode(what.length > 20_000 ? what.slice(0, 20_000) + '…' : what);
  text.set(b.subarray(0, BYTES));
  i32[1] = Math.min(b.length, BYTES);
  f64[0] = Date.now();
  Atomics.store(i32, 0, 1);
}

/** The current step made progress: its time bound starts again (the text stays). */
export function stepTouch(): void {
  f64[0] = Date.now();
}

/** Mark the end of the current step. */
export function stepEnd(): void {
  Atomics.store(i32, 0, 0);
}

/** Run `f` as a watched step; returns its value (or promise) and how long it took. */
export async function watched<T>(what: string, f: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  stepStart(what);
  const t0 = performance.now();
  try {
    const value = await f();
    return { value, ms: performance.now() - t0 };
  } finally {
    stepEnd();
  }
}
