// Batches on this machine's worker devices: each batch goes to the device with the fewest in
// flight (two per device, so uploading and launching the next overlaps computing the current).
import { type Array, ComplexNdArray, deviceGet, devices, type HostArray, type WorkerDevice } from '../index.js';
import type { NpyData } from '../io/npy.js';
import type { Executor } from './driver.js';
import type { BatchRange } from './plan.js';
import type { BatchStep } from './step.js';

/** Batches in flight per device: two (the next is queued while one computes), one with host callbacks (see BatchStep). */
export function perDevice(step: BatchStep): number {
  return step.hostCallbacks ? 1 : 2;
}

/** A computed batch: each output leaf's bytes, and what frees them once they are written. */
export interface BatchResult {
  leaves: ArrayBufferView[];
  release: () => void;
}

/**
 * Run one batch: upload its rows to `device`, launch, wait (through the event loop), and view each
 * leaf where it lies in device memory (zero-copy mode: no copy before the file write). `release`
 * frees the device buffers.
 */
/** A result leaf's data as a host copy (a complex one interleaved, as .npy stores it). */
function hostData(a: Array): ArrayBufferView {
  const h = deviceGet(a) as HostArray;
  return h instanceof ComplexNdArray ? h.interleaved() : (h.selection as { data: ArrayBufferView }).data;
}

export async function computeBatch(step: BatchStep, b: BatchRange, inputs: NpyData[], device?: WorkerDevice): Promise<BatchResult> {
  const args: Array[] = inputs.map((d, i) => step.upload(d, i, device));
  let leaves: Array[] = [];
  const release = () => {
    for (const a of [...args, ...leaves]) a.delete();
  };
  try {
    leaves = step.dispatch(b.count, args);
    await Promise.all(leaves.map((l) => l.blockUntilReady()));
    return { leaves: leaves.map(hostData), release };
  } catch (e) {
    release();
    throw e;
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

  compute(b: BatchRange, inputs: NpyData[]): Promise<BatchResult> {
    const d = leastLoaded(this.load);
    this.load[d]!++;
    const done = () => void this.load[d]!--;
    // Launch now (row order); the promise settles when the leaves are read back.
    let result: Promise<BatchResult>;
    try {
      result = computeBatch(this.step, b, inputs, this.devs[d]);
    } catch (e) {
      done();
      throw e;
    }
    return result.finally(done);
  }
}
