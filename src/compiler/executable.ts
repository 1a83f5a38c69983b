// Host side of a compiled program: allocate outputs and scratch, launch on a device, wrap results.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { JaxpoolError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { allocate, heapViews, type HeapBuffer } from '../runtime/heap.js';
import { ChunkProgress } from '../runtime/chunkProgress.js';
import { SHARED_DONE } from '../runtime/protocol.js';
import type { LaunchIO, ProgramSpec, Ticket, WorkerDevice } from '../runtime/device.js';
import { defaultDevice, devices, effectDevice, lastEffect, liveDevices, noteEffect, placeLaunch } from '../runtime/devices.js';
import { makeRegistry } from '../runtime/heap.js';
import { canRunOnHost, runOnHost } from '../runtime/hostRun.js';
import { isDone } from '../runtime/ticket.js';
import { settle } from '../runtime/failures.js';
import { trackEffect } from './effects.js';
import { compileJaxpr } from './compile.js';
import { type CompiledProgram, programSource, SPLIT_THRESHOLD } from './program.js';

let nextId = 0;

// Programs of executables that were dropped (collected) are unloaded from the workers too; the
// finalizer only notes them (it may run inside an allocation), the next launch unloads them.
const dropped: string[] = [];
let registry: FinalizationRegistry<string> | null = null;

function unloadEverywhere(key: string): void {
  for (const d of liveDevices()) d.unload(key);
}

/**
 * Programs reading and writing at most this many elements per buffer may run on the host thread
 * (see runtime/hostRun.ts): a kernel this small takes less than a hand-off to a worker.
 */
export const HOST_RUN_MAX_ELEMENTS = 256;

/**
 * A program may run on the host when it is pure and elementwise (no loops, host callbacks or
 * reductions: its run time is bounded by its few elements) over at most HOST_RUN_MAX_ELEMENTS.
 */
function hostRunnable(p: CompiledProgram, hasEffects: boolean): boolean {
  const elementwise = p.splitSize !== undefined && p.splitReduce === undefined && p.splitWork === undefined;
  return !hasEffects && elementwise && p.splitSize! <= HOST_RUN_MAX_ELEMENTS;
}

export class Executable {
  readonly program: CompiledProgram;
  readonly spec: ProgramSpec;
  readonly outAvals: ShapedArray[];
  /** Programs with side effects (callbacks) are tracked until they finish; see effectsBarrier. */
  readonly hasEffects: boolean;
  /** Small, pure and loop-free: may run on the host thread when its inputs are ready. */
  private readonly onHost: boolean;
  /** Elements and bytes of each output buffer, by buffer index. */
  private readonly bufferSizes: number[];
  private readonly bufferBytes: number[];
  /** The args of runs on the host, reused (see runHere). */
  private hostArgs: number[] | undefined = undefined;

  constructor(jaxpr: Jaxpr, label: string) {
    this.program = compileJaxpr(jaxpr);
    this.outAvals = jaxpr.outs.map((o) => o.aval);
    this.hasEffects = jaxpr.eqns.some((e) => e.primitive.isEffectful(e.params));
    this.spec = { key: `p${nextId++}`, source: programSource(this.program), label };
    this.onHost = hostRunnable(this.program, this.hasEffects);
    this.bufferSizes = new globalThis.Array<number>(this.program.numOutputs).fill(0);
    this.bufferBytes = new globalThis.Array<number>(this.program.numOutputs).fill(0);
    this.program.outputs.forEach((o, j) => {
      if (o.kind !== 'buffer') return;
      this.bufferSizes[o.index] = this.outAvals[j]!.size;
      this.bufferBytes[o.index] = this.outAvals[j]!.size * this.outAvals[j]!.dtype.itemsize;
    });
    registry ??= makeRegistry<string>((key) => dropped.push(key));
    registry.register(this, this.spec.key, this);
  }

  /** Unload the program from every worker (a cache evicted it); launching it again reloads it. */
  dispose(): void {
    unloadEverywhere(this.spec.key);
  }

  execute(args: readonly Array[], device?: WorkerDevice): DeviceArray[] {
    const p = this.program;
    if (args.length !== p.numInputs) throw new JaxpoolError(`internal: program ${this.spec.label} takes ${p.numInputs} inputs, got ${args.length}.`);
    const arrays = args as DeviceArray[];
    while (dropped.length) unloadEverywhere(dropped.pop()!);
    // Effects run in program order: every effectful program goes to one device's queue. Other
    // work goes where its inputs are, unless that device cannot take work now.
    const committed = arrays.some((a) => a.committed);
    const dev = this.hasEffects ? effectDevice() : placeLaunch(device ?? firstDevice(arrays) ?? defaultDevice(), committed);
    if (this.onHost && canRunOnHost(dev) && inputsReady(arrays)) return this.runHere(arrays, dev, committed);
    const inputs: HeapBuffer[] = new globalThis.Array(arrays.length);
    // The launch arguments: input offsets, output offsets, scratch base, element range.
    const base: number[] = [];
    for (let i = 0; i < arrays.length; i++) base.push((inputs[i] = arrays[i]!.buffer()).offset);
    const outBufs: HeapBuffer[] = new globalThis.Array(p.numOutputs);
    for (let k = 0; k < p.numOutputs; k++) base.push((outBufs[k] = allocate(this.bufferBytes[k]!)).offset);
    const n = p.splitSize ?? 0;
    // Kernels split by rows (matmul, conv, sort…) keep one contiguous share per part: they set up
    // per launch (the matmul packs B), which chunks would repeat.
    const shared = !this.hasEffects && !p.splitReduce && (p.splitWork === undefined || p.rowOutputs === true) && (p.splitWork ?? n) >= SPLIT_THRESHOLD;
    const parts = this.hasEffects ? [dev] : splitDevices(dev, p, shared);
    // A split reduction needs a block of partial accumulators per part and a zeroed part count.
    // A large elementwise or row program runs in chunks (of elements, of rows) that its parts
    // (even a single one) take from a zeroed control block: a device started late or slowed by
    // other threads does less, and a read can copy finished chunks out while the rest compute.
    const red = parts.length > 1 ? p.splitReduce : undefined;
    const chunk = shared ? sharedChunk(n, (p.splitWork ?? n) / n, parts.length) : 0;
    const chunks = shared ? Math.ceil(n / chunk) : 0;
    const controlAt = Math.ceil(p.scratchBytes / 4) * 4;
    const scratchBytes = shared ? controlAt + 4 * (SHARED_DONE + chunks) : p.scratchBytes + (red ? (parts.length - 1) * red.partBytes : 0);
    const scratch = scratchBytes > 0 ? allocate(scratchBytes) : null;
    if (red) heapViews().i32[(scratch!.offset + red.counter) >>> 2] = 0;
    const control = shared ? scratch!.offset + controlAt : 0;
    if (shared) heapViews().i32.fill(0, control >>> 2, (control >>> 2) + SHARED_DONE + chunks);
    base.push(scratch ? scratch.offset : 0);
    const io: LaunchIO = { inputs, outputs: outBufs, scratch: scratch ? [scratch] : undefined, args: base, shared, after: this.hasEffects ? lastEffect() : undefined };
    let ticket: Ticket;
    if (parts.length === 1) {
      // The whole range as part 0 of 1, in the args built so far (no copies or closure per call).
      base.push(0, n, 0, 1);
      if (shared) base.push(chunk, control);
      ticket = dev.launch(this.spec, io);
    } else {
      // Each part's range: with chunks, all of it; otherwise (a split reduction, a row-split
      // kernel) a fixed contiguous share (of a split reduction: of the reduced positions).
      const launchPart = (d: WorkerDevice, k: number): Ticket =>
        d.launch(this.spec, {
          ...io,
          args: shared ? [...base, 0, n, k, parts.length, chunk, control] : [...base, Math.floor((n * k) / parts.length), Math.floor((n * (k + 1)) / parts.length), k, parts.length],
        });
      ticket = dev.join(parts.map(launchPart), outBufs, this.spec.label);
    }
    // Outputs over the whole range (an elementwise program's, a row program's rows) can be read
    // chunk by chunk as the parts finish them.
    if (shared)
      for (let k = 0; k < outBufs.length; k++)
        if (this.bufferSizes[k] === n || (p.rowOutputs && this.bufferSizes[k]! % n === 0)) outBufs[k]!.progress = new ChunkProgress(scratch!, control, chunks, (chunk * this.bufferBytes[k]!) / n);
    scratch?.release();
    if (this.hasEffects) {
      noteEffect(ticket);
      trackEffect(ticket, this.spec.label);
    }
    return this.wrap(arrays, outBufs, dev, committed);
  }

  /** Run on the host thread now (see runtime/hostRun.ts): every input is computed. */
  private runHere(arrays: readonly DeviceArray[], dev: WorkerDevice, committed: boolean): DeviceArray[] {
    const p = this.program;
    const nIn = arrays.length;
    const nOut = p.numOutputs;
    // args as a device launch takes them: inputs, outputs, scratch base, [LO, HI) = all, part 0 of
    // 1. One array per executable (a run here ends before the next can start): no garbage per call.
    const args = (this.hostArgs ??= new globalThis.Array<number>(nIn + nOut + 5).fill(0));
    for (let i = 0; i < nIn; i++) args[i] = arrays[i]!.buffer().offset;
    const outBufs: HeapBuffer[] = new globalThis.Array(nOut);
    for (let k = 0; k < nOut; k++) args[nIn + k] = (outBufs[k] = allocate(this.bufferBytes[k]!)).offset;
    const scratch = p.scratchBytes > 0 ? allocate(p.scratchBytes) : null;
    let at = nIn + nOut;
    args[at++] = scratch ? scratch.offset : 0;
    args[at++] = 0;
    args[at++] = p.splitSize ?? 0;
    args[at++] = 0;
    args[at] = 1;
    const t = runOnHost(dev, this.spec, args, nOut);
    for (let k = 0; k < nOut; k++) outBufs[k]!.producer = t;
    scratch?.release();
    return this.wrap(arrays, outBufs, dev, committed);
  }

  /** The jaxpr's outputs as arrays: written buffers, inputs passed through, literals. */
  private wrap(arrays: readonly DeviceArray[], outBufs: HeapBuffer[], dev: WorkerDevice, committed: boolean): DeviceArray[] {
    const p = this.program;
    const outs: DeviceArray[] = new globalThis.Array(p.outputs.length);
    for (let j = 0; j < p.outputs.length; j++) {
      const o = p.outputs[j]!;
      const aval = this.outAvals[j]!;
      outs[j] =
        o.kind === 'buffer'
          ? new DeviceArray(aval, outBufs[o.index]!, dev, undefined, committed)
          : o.kind === 'input'
            ? arrays[o.index]!
            : DeviceArray.scalar(o.value, aval.dtype, aval.weakType);
    }
    return outs;
  }
}

/** Every input's value is computed, without a failure (so a program may read it now). */
function inputsReady(arrays: readonly DeviceArray[]): boolean {
  for (let i = 0; i < arrays.length; i++) {
    const p = arrays[i]!.buffer().producer;
    if (p && !(isDone(p) && settle(p) === null)) return false;
  }
  return true;
}

/** A shared launch hands out about this many chunks per part, each of at least MIN_CHUNK elements of work. */
const CHUNKS_PER_PART = 32;
const MIN_CHUNK = 8192;
/** Positions (elements, rows) per chunk of a range of n, each position `work` elements of work. */
function sharedChunk(n: number, work: number, parts: number): number {
  return Math.max(Math.ceil(MIN_CHUNK / work), Math.ceil(n / (parts * CHUNKS_PER_PART)));
}

/** The device of the first array committed to one, else of the first array on one. */
export function firstDevice(arrays: readonly DeviceArray[]): WorkerDevice | null {
  for (const a of arrays) if (a.committed) return a.device;
  for (const a of arrays) if (a.device) return a.device;
  return null;
}

/**
 * The primary device plus every idle one when the program is splittable and large enough (the
 * compiler marks only reductions of at least SPLIT_THRESHOLD elements as split reductions; a
 * row-split kernel gives its work).
 */
function splitDevices(primary: WorkerDevice, p: CompiledProgram, shared: boolean): WorkerDevice[] {
  if (p.splitSize === undefined || (p.splitReduce === undefined && (p.splitWork ?? p.splitSize) < SPLIT_THRESHOLD)) return [primary];
  // Parts taking chunks may join a device that has only other shared parts queued (see canJoinShared).
  const others = devices().filter((d) => d !== primary && (shared ? d.canJoinShared() : d.isIdle()));
  return [primary, ...others];
}
