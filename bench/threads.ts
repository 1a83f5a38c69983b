// A hand-written peer for W1's scaling: the js-loop on 1 or 2 worker threads over a
// SharedArrayBuffer (spin-then-wait handoff), the result copied into a fresh Float32Array as
// jaxpool's dataSync() does. It shows what threads can gain on this machine, readback included.
import { Worker } from 'node:worker_threads';
import type { Case } from './harness.js';

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
  if (go < 0) break;
  const lo = ctl[${LO} + id], hi = ctl[${HI} + id];
  for (let i = lo; i < hi; i++) { const v = x[i]; y[i] = Math.sin(v) * 2 + v * v - 1; }
  Atomics.store(ctl, ${GO} + id, 0);
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}`;

export interface ThreadPeer {
  cases: Case[];
  close: () => Promise<void>;
}

/** W1 rows `js-threads-1` and `js-threads-2` for input `x`. */
export function threadPeer(x: Float32Array): ThreadPeer {
  const n = x.length;
  const sab = new SharedArrayBuffer(CTRL_BYTES + n * 8);
  new Float32Array(sab, CTRL_BYTES, n).set(x);
  const y = new Float32Array(sab, CTRL_BYTES + n * 4, n);
  const ctl = new Int32Array(sab, 0, 8);
  const workers = [0, 1].map((id) => new Worker(workerSource, { eval: true, workerData: { sab, id, n, ctrlBytes: CTRL_BYTES } }));
  const run = (threads: number): Float32Array => {
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
  return {
    cases: [1, 2].map((t) => ({ workload: 'W1', impl: `js-threads-${t}`, run: () => run(t) })),
    close: async () => {
      for (let id = 0; id < 2; id++) {
        Atomics.store(ctl, GO + id, -1);
        Atomics.notify(ctl, GO + id);
      }
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
