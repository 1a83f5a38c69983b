// Batch jobs (API.md section 8): `batch.run` maps a one-row function over .npy files, on this
// machine or through BullMQ workers; `batch.worker` serves such a queue.
import { run } from './run.js';
import { BatchInputError, BatchInterruptedError } from './errors.js';

export type { BatchFunction, BatchOptions, BatchOutput, BatchProgress, BatchSummary } from './types.js';
export type { WorkerOptions as BatchWorkerOptions, WorkerHandle as BatchWorkerHandle } from './queue/worker.js';

/** Start a queue worker (`jaxpool worker`): loaded lazily, so BullMQ loads only when used. */
async function worker(opts: import('./queue/worker.js').WorkerOptions): Promise<import('./queue/worker.js').WorkerHandle> {
  const m = await import('./queue/worker.js');
  return m.startWorker(opts);
}

/** `batch.run({ module | fn, inputs, out, batchSize, devices, resume, queue, signal, onProgress })` and `batch.worker({ queue })`. */
export const batch = {
  /** Maps a one-row function over .npy inputs into .npy outputs, here or through a BullMQ queue (see BatchOptions). */
  run,
  /** Serves a BullMQ queue's batch jobs on this machine (`jaxpool worker`). */
  worker,
  BatchInputError,
  BatchInterruptedError,
};
