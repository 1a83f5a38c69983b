// Host side of a compiled program: allocate outputs and scratch, launch on a device, wrap results.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { DeviceArray } from '../core/deviceArray.js';
import { JaxpoolError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { allocate, heapViews, type HeapBuffer } from '../runtime/heap.js';
import { defaultDevice, devices, type ProgramSpec, type Ticket, type WorkerDevice } from '../runtime/device.js';
import { trackEffect } from './effects.js';
import { compileJaxpr } from './compile.js';
import { type CompiledProgram, programSource, SPLIT_THRESHOLD } from './program.js';

let nextId = 0;

export class Executable {
  readonly program: CompiledProgram;
  readonly spec: ProgramSpec;
  readonly outAvals: ShapedArray[];
  /** Programs with side effects (callbacks) are tracked until they finish; see effectsBarrier. */
  readonly hasEffects: boolean;
  /** Bytes of each output buffer, by buffer index. */
  private readonly bufferBytes: number[];

  constructor(jaxpr: Jaxpr, label: string) {
    this.program = compileJaxpr(jaxpr);
    this.outAvals = jaxpr.outs.map((o) => o.aval);
    this.hasEffects = jaxpr.eqns.some((e) => e.primitive.isEffectful(e.params));
    this.spec = { key: `p${nextId++}`, source: programSource(this.program), label };
    this.bufferBytes = new globalThis.Array<number>(this.program.numOutputs).fill(0);
    this.program.outputs.forEach((o, j) => {
      if (o.kind === 'buffer') this.bufferBytes[o.index] = this.outAvals[j]!.size * this.outAvals[j]!.dtype.itemsize;
    });
  }

  execute(args: readonly Array[], device?: WorkerDevice): DeviceArray[] {
    const p = this.program;
    if (args.length !== p.numInputs) throw new JaxpoolError(`internal: program ${this.spec.label} takes ${p.numInputs} inputs, got ${args.length}.`);
    const arrays = args as DeviceArray[];
    // Effects run in program order: every effectful program goes to one device's queue.
    const dev = this.hasEffects ? defaultDevice() : (device ?? firstDevice(arrays) ?? defaultDevice());
    const inputs: HeapBuffer[] = new globalThis.Array(arrays.length);
    // The launch arguments: input offsets, output offsets, scratch base, element range.
    const base: number[] = [];
    for (let i = 0; i < arrays.length; i++) base.push((inputs[i] = arrays[i]!.buffer()).offset);
    const outBufs: HeapBuffer[] = new globalThis.Array(p.numOutputs);
    for (let k = 0; k < p.numOutputs; k++) base.push((outBufs[k] = allocate(this.bufferBytes[k]!)).offset);
    const parts = this.hasEffects ? [dev] : splitDevices(dev, p);
    // A split reduction needs a block of partial accumulators per part and a zeroed part count;
    // a split elementwise program shares its chunks through a zeroed counter.
    const red = parts.length > 1 ? p.splitReduce : undefined;
    const shared = parts.length > 1 && !red && p.splitWork === undefined;
    const counterAt = Math.ceil(p.scratchBytes / 4) * 4;
    const scratchBytes = shared ? counterAt + 4 : p.scratchBytes + (red ? (parts.length - 1) * red.partBytes : 0);
    const scratch = scratchBytes > 0 ? allocate(scratchBytes) : null;
    if (red) heapViews().i32[(scratch!.offset + red.counter) >>> 2] = 0;
    if (shared) heapViews().i32[(scratch!.offset + counterAt) >>> 2] = 0;
    base.push(scratch ? scratch.offset : 0);
    const io = { inputs, outputs: outBufs, scratch: scratch ? [scratch] : [] };
    let ticket: Ticket;
    if (parts.length === 1) {
      base.push(0, p.splitSize ?? 0, 0, 1);
      ticket = dev.launch(this.spec, { ...io, args: base });
    } else {
      // Intra-op parallelism. Elementwise: the parts take chunks of the outputs as they go, so a
      // device slowed by other threads (the host, a collection) does less. Otherwise each part
      // computes a fixed contiguous range (of a split reduction: of the reduced positions).
      const n = p.splitSize!;
      const chunk = shared ? Math.max(MIN_CHUNK, Math.ceil(n / (parts.length * CHUNKS_PER_PART))) : 0;
      const tickets = parts.map((d, k) =>
        shared
          ? d.launch(this.spec, { ...io, args: [...base, 0, n, k, parts.length, chunk, scratch!.offset + counterAt], shared })
          : d.launch(this.spec, { ...io, args: [...base, Math.floor((n * k) / parts.length), Math.floor((n * (k + 1)) / parts.length), k, parts.length] }),
      );
      // The primary queue waits for the other parts, so its later commands see whole outputs;
      // its last wait stands for the whole launch.
      ticket = tickets[0]!;
      for (const t of tickets.slice(1)) ticket = dev.waitOn(t);
      ticket.deps.push(...tickets);
      for (const b of outBufs) b.producer = ticket;
    }
    scratch?.release();
    if (this.hasEffects) trackEffect(ticket, this.spec.label);
    const outs: DeviceArray[] = new globalThis.Array(p.outputs.length);
    for (let j = 0; j < p.outputs.length; j++) {
      const o = p.outputs[j]!;
      const aval = this.outAvals[j]!;
      outs[j] =
        o.kind === 'buffer' ? new DeviceArray(aval, outBufs[o.index]!, dev) : o.kind === 'input' ? arrays[o.index]! : DeviceArray.scalar(o.value, aval.dtype, aval.weakType);
    }
    return outs;
  }
}

/** A shared launch hands out about this many chunks per part, each of at least MIN_CHUNK elements. */
const CHUNKS_PER_PART = 32;
const MIN_CHUNK = 8192;

function firstDevice(arrays: readonly DeviceArray[]): WorkerDevice | null {
  for (const a of arrays) if (a.device) return a.device;
  return null;
}

/**
 * The primary device plus every idle one when the program is splittable and large enough (the
 * compiler marks only reductions of at least SPLIT_THRESHOLD elements as split reductions; a
 * row-split kernel gives its work).
 */
function splitDevices(primary: WorkerDevice, p: CompiledProgram): WorkerDevice[] {
  if (p.splitSize === undefined || (p.splitReduce === undefined && (p.splitWork ?? p.splitSize) < SPLIT_THRESHOLD)) return [primary];
  const idle = devices().filter((d) => d !== primary && d.isIdle());
  return [primary, ...idle];
}
