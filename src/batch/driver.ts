// The batch loop shared by the local and the queue paths: read the next batch from disk while
// earlier ones compute (up to the executor's window in flight), launch batches in row order,
// write each result at its rows' offset, journal it, report progress. A failure or an abort stops
// new launches; batches in flight finish (and are journaled) before it returns.
import type { NpyData } from '../io/npy.js';
import { BatchInterruptedError } from './errors.js';
import type { Journal } from './journal.js';
import type { BatchResult } from './local.js';
import type { Outputs } from './outputs.js';
import type { BatchRange, Inputs } from './plan.js';
import type { BatchProgress, BatchSummary } from './types.js';

/** Where batches are computed: this machine's devices, or workers through a queue. */
export interface Executor {
  /** Batches in flight at most. */
  readonly window: number;
  /**
   * Start batch `b` on its rows' data; called in row order. It launches before returning (so
   * ordered effects keep row order) and resolves with each output leaf's bytes (released once written).
   */
  compute(b: BatchRange, inputs: NpyData[]): Promise<BatchResult>;
  /** Stop waiting for batches in flight elsewhere (the run was interrupted): reject them with BatchInterruptedError. */
  abandon?(): void;
  /** Release what it holds; `discard` drops work queued for this run. */
  close?(discard: boolean): Promise<void>;
  /** With a queue: ledger bytes summed over workers, the workers seen, batches computed twice. */
  summary?(): Pick<BatchSummary, 'workers' | 'duplicateBatches' | 'hostToDeviceBytes' | 'deviceToHostBytes'>;
}

export interface DriveResult {
  rows: number;
  batches: number;
}

export interface DriveOptions {
  inputs: Inputs;
  outputs: Outputs;
  journal: Journal;
  executor: Executor;
  todo: BatchRange[];
  /** Rows already done before this run (resume). */
  rowsResumed: number;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

export async function drive(o: DriveOptions): Promise<DriveResult> {
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let rows = 0;
  let batches = 0;
  const stopped = () => failure !== null || !!o.signal?.aborted;

  const finish = async (b: BatchRange, result: Promise<BatchResult>) => {
    const r = await result;
    try {
      await o.outputs.write(b.start, b.count, r.leaves);
    } finally {
      r.release();
    }
    await o.journal.record(b);
    rows += b.count;
    batches++;
    o.onProgress?.({ rowsDone: o.rowsResumed + rows, rowsTotal: o.outputs.rows, rows, seconds: (performance.now() - t0) / 1000 });
  };

  // Remote batches may take long (or wait for a worker): an interrupt does not wait for them.
  const abandon = () => o.executor.abandon?.();
  o.signal?.addEventListener('abort', abandon);
  let next: Promise<NpyData[]> | null = o.todo.length ? o.inputs.read(o.todo[0]!) : null;
  for (let i = 0; i < o.todo.length && !stopped(); i++) {
    const b = o.todo[i]!;
    let data: NpyData[];
    try {
      data = await next!;
    } catch (e) {
      failure ??= { error: e };
      break;
    }
    // Read the following batch while this one and the others in flight compute.
    next = i + 1 < o.todo.length ? o.inputs.read(o.todo[i + 1]!) : null;
    while (inflight.size >= o.executor.window && !stopped()) await Promise.race(inflight);
    if (stopped()) break;
    let result: Promise<BatchResult>;
    try {
      result = o.executor.compute(b, data);
    } catch (e) {
      failure ??= { error: e };
      break;
    }
    const task: Promise<void> = finish(b, result)
      .catch((e: unknown) => {
        failure ??= { error: e };
      })
      .finally(() => inflight.delete(task));
    inflight.add(task);
  }
  next?.catch(() => undefined);
  await Promise.all(inflight);
  o.signal?.removeEventListener('abort', abandon);
  if (failure && !(o.signal?.aborted && failure.error instanceof BatchInterruptedError)) throw failure.error;
  if (o.signal?.aborted)
    throw new BatchInterruptedError(
      `interrupted: ${o.rowsResumed + rows} of ${o.outputs.rows} rows are done and kept; run the same command with --resume to continue.`,
    );
  return { rows, batches };
}
