// Batches on this machine's worker devices: each batch goes to the device with the fewest in
// flight (two per device, so uploading and launching the next overlaps computing the current).
import { type Array, devices, type WorkerDevice } from '../index.js';
import type { NpyData } from '../io/npy.js';
import type { Executor } from './driver.js';
import type { BatchRange } from './plan.js';
import type { BatchStep } from './step.js';

/** Batches in flight per device: two (the next is queued while one computes), one with host callbacks (see BatchStep). */
export function perDevice(step: BatchStep): number {
  return step.hostCallbacks ? 1 : 2;
}

/** Run one batch: upload its rows to `device`, launch, and read every leaf back. Frees what it made. */
export async function computeBatch(step: BatchStep, b: BatchRange, inputs: NpyData[], device?: WorkerDevice): Promise<ArrayBufferView[]> {
  const args: Array[] = inputs.map((d, i) => step.upload(d, i, device));
  let leaves: Array[] = [];
  try {
    leaves = step.dispatch(b.count, args);
    return await Promise.all(leaves.map((l) => l.data()));
  } finally {
    for (const a of [...args, ...leaves]) a.delete();
  }
}

/** Pick the device with the fewest batches in flight. */
export function leastLoaded(load: number[]): number {
  let d = 0;
  for (let i = 1; i < load.length; i++) if (load[i]! < load[d]!) d = i;
  return d;
}

/** Batches on this machine, launched in row order (the driver keeps at most `window` in flight, so a device is free). */
export class LocalExecutor implements Executor {
  readonly window: number;
  private readonly devs: WorkerDevice[];
  private readonly load: number[];

  constructor(private readonly step: BatchStep) {
    this.devs = devices();
    this.load = this.devs.map(() => 0);
    this.window = this.devs.length * perDevice(step);
  }

  compute(b: BatchRange, inputs: NpyData[]): Promise<ArrayBufferView[]> {
    const d = leastLoaded(this.load);
    this.load[d]!++;
    const done = () => void this.load[d]!--;
    // Launch now (row order); the promise settles when the leaves are read back.
    let result: Promise<ArrayBufferView[]>;
    try {
      result = computeBatch(this.step, b, inputs, this.devs[d]);
    } catch (e) {
      done();
      throw e;
    }
    return result.finally(done);
  }
}
