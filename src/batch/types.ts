// The options, progress reports and summary of a batch job (`batch.run`, `jaxpool batch`).
import type { Array } from '../index.js';

/** A function written for one row of each input (`fn(rowA, rowB, …)`), returning an array or a pytree of arrays. */
export type BatchFunction = (...rows: Array[]) => unknown;

/** What `batch.run` computes and where. */
export interface BatchOptions {
  /** The user's ES module: a file path or an installed package name. Required with `queue`. */
  module?: string;
  /** The export of `module` to map (default `'default'`), or the function itself when no module is given. */
  fn?: string | BatchFunction;
  /** .npy files mapped together over their leading axis (which must agree). */
  inputs: string[];
  /** One .npy file per leaf of the function's result, in `treeFlatten` order. */
  out: string | string[];
  /** Rows per batch (default: about 1 MiB of input per batch). */
  batchSize?: number;
  /** Worker devices on this machine (default: the pool's, `numDevices`). */
  devices?: number;
  /** Continue a run that was killed or interrupted: compute only the missing batches. */
  resume?: boolean;
  /** `redis://HOST:PORT`: send the batches through BullMQ to `jaxpool worker` processes. */
  queue?: string;
  /** Aborting it stops the run after the batches in flight; what finished is kept for `resume`. */
  signal?: AbortSignal;
  /** Called after each batch is written. */
  onProgress?: (p: BatchProgress) => void;
  /** Called with occasional plain-text notes (e.g. "waiting for workers"). */
  onNote?: (message: string) => void;
}

/** Progress after a batch. */
export interface BatchProgress {
  /** Rows written so far, including those a resumed run found done. */
  rowsDone: number;
  rowsTotal: number;
  /** Rows computed by this run so far. */
  rows: number;
  seconds: number;
}

/** One output file. */
export interface BatchOutput {
  path: string;
  dtype: string;
  shape: number[];
}

/** What `batch.run` returns and `--json` prints. */
export interface BatchSummary {
  /** Rows computed by this run (a resumed run does not count what it found done). */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Batches computed by this run. */
  batches: number;
  /** Transfer-ledger bytes of this run (summed over workers with `queue`). */
  hostToDeviceBytes: number;
  deviceToHostBytes: number;
  rowsTotal: number;
  /** Rows a resumed run found already done. */
  rowsResumed: number;
  batchSize: number;
  /** Devices on this machine, or null with `queue`. */
  devices: number | null;
  outputs: BatchOutput[];
  /** Peak resident memory of this process so far (what "memory stays bounded by a few batches" is about). */
  maxRssBytes: number;
  /** With `queue`: the workers that returned batches, and batches computed twice (kept once). */
  workers?: string[];
  duplicateBatches?: number;
}
