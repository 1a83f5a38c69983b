// A hand-written peer for W1's scaling: the js-loop on 1 or 2 worker threads over a
// SharedArrayBuffer (spin-then-wait handoff), the result copied into a fresh Float32Array as
// jaxpool's dataSync() does. It shows what threads can gain on this machine, readback included;
// its 1→2 thread gain is printed beside jaxpool's.
import { Worker } from 'node:worker_threads';
import type { Family, Workload } from './harness.js';
import { w1Reference } from './elementwise.js';
import { ramp } from './inputs.js';
import { selfChecked } from './peers.js';

const N = 1_000_000;

// Control words: [go flag per thread (2), range start (2), range end (2), threads done].
const GO = 0;
const LO = 2;
const HI = 4;
const DONE = 6;
const CTRL_BYTES = 64;

const workerSource = `
const { workerData: { sab, id, n, ctrlBytes } } = require('node:worker_threads');
const ctl = new Int32Array(sab, 0, 8);
const x = new Float32Array(sab, ctrlBytes, n);
const y = new Float32Array(sab, ctrlBytes + n * 4, n);
for (;;) {
  let go = 0;
  for (let k = 0; k < 4000 && (go = Atomics.load(ctl, ${GO} + id)) === 0; k++);
  if (go === 0) { Atomics.wait(ctl, ${GO} + id, 0); continue; }
  const lo = ctl[${LO} + id], hi = ctl[${HI} + id];
  for (let i = lo; i < hi; i++) { const v = x[i]; y[i] = Math.sin(v) * 2 + v * v - 1; }
  Atomics.store(ctl, ${GO} + id, 0);
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}`;

/** W1's loop on `threads` worker threads over `x`: one call runs it and copies the result out. */
function threadRunner(x: Float32Array, threads: number): () => Float32Array {
  const n = x.length;
  const sab = new SharedArrayBuffer(CTRL_BYTES + n * 8);
  new Float32Array(sab, CTRL_BYTES, n).set(x);
  const y = new Float32Array(sab, CTRL_BYTES + n * 4, n);
  const ctl = new Int32Array(sab, 0, 8);
  for (let id = 0; id < threads; id++) {
    // Unref'd: the cell's process exits when its work is done, as jaxpool's does.
    new Worker(workerSource, { eval: true, workerData: { sab, id, n, ctrlBytes: CTRL_BYTES } }).unref();
  }
  return () => {
    Atomics.store(ctl, DONE, 0);
    for (let id = 0; id < threads; id++) {
      ctl[LO + id] = Math.floor((n * id) / threads);
      ctl[HI + id] = Math.floor((n * (id + 1)) / threads);
      Atomics.store(ctl, GO + id, 1);
      Atomics.notify(ctl, GO + id);
    }
    const deadline = performance.now() + 10_000;
    for (let done; (done = Atomics.load(ctl, DONE)) !== threads; ) {
      Atomics.wait(ctl, DONE, done, 50);
      if (performance.now() > deadline) throw new Error('bench threads: no answer from the workers in 10 s');
    }
    const out = new Float32Array(n);
    out.set(y);
    return out;
  };
}

function w1Threads(threads: number): Workload {
  return {
    name: `W1-js-${threads}t`,
    what: `W1's js-loop on ${threads} hand-written worker thread${threads > 1 ? 's' : ''} over a SharedArrayBuffer, readback into a fresh array`,
    kind: 'throughput',
    dtype: 'float32',
    reference: w1Reference,
    impls: { 'js-loop': () => selfChecked(threadRunner(ramp(N), threads)) },
  };
}

export const family: Family = { url: import.meta.url, workloads: [w1Threads(1), w1Threads(2)] };
