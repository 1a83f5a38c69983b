// Moving callback operands and results across the device↔host boundary as numjs arrays.
import njModule, { NdArray } from '@d4c/numjs';
import type { ShapedArray } from '../core/aval.js';
import { Array as JaxArray } from '../core/array.js';
import { DeviceArray } from '../core/deviceArray.js';
import { typedArrayFor } from '../core/dtypes.js';
import { CallbackResultError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { config } from '../core/config.js';
import { heapViews } from '../runtime/heap.js';
import { recordTransfer } from '../runtime/transfers.js';
import { isProfiling, nowUs, profiler } from '../runtime/profiler.js';
import { castInto, type HostTyped } from './astype.js';

type NjNamespace = typeof njModule.default;
/** The numjs namespace (`nj.array`, `nj.zeros`, …): Node's CJS interop puts it on `.default`, bundlers (vitest) do not. */
export const nj: NjNamespace = (njModule as { default?: NjNamespace }).default ?? (njModule as unknown as NjNamespace);
export { NdArray };

/** A typed view of `aval`'s elements at byte `offset` of the shared heap. */
export function heapView(offset: number, aval: ShapedArray): HostTyped {
  const buf = heapViews().u8.buffer;
  const n = aval.size;
  switch (aval.dtype.name) {
    case 'float32':
      return new Float32Array(buf, offset, n);
    case 'float64':
      return new Float64Array(buf, offset, n);
    case 'int32':
      return new Int32Array(buf, offset, n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buf, offset, n);
  }
}

/** A plain-memory copy of a (shared) typed array: `set` copies with memcpy, `slice` does not. */
export function copyOf(view: HostTyped, aval: ShapedArray): HostTyped {
  const out = typedArrayFor(aval.dtype, view.length) as HostTyped;
  out.set(view);
  return out;
}

/** Count a crossing in the ledger and, while profiling, put it on the host track. */
export function logTransfer(direction: 'hostToDevice' | 'deviceToHost', bytes: number, copied: boolean, startUs: number): void {
  recordTransfer(direction, bytes, copied);
  if (isProfiling()) profiler.hostEvent('transfer', startUs, nowUs() - startUs, { direction, bytes, copy: copied });
}

/** A callback operand: a view over device memory in zero-copy mode, a copy in copy mode. */
export function operandToHost(offset: number, aval: ShapedArray): NdArray {
  const t0 = isProfiling() ? nowUs() : 0;
  const view = heapView(offset, aval);
  const copy = config.values.transferMode === 'copy';
  const data = copy ? copyOf(view, aval) : view;
  logTransfer('deviceToHost', view.byteLength, copy, t0);
  return new NdArray(data, aval.shape as number[]);
}

/** The row-major elements of a returned value and the shape it claims. */
interface HostValues {
  shape: number[];
  data: ArrayLike<number>;
  /** The elements are floats (numpy casts them to integers by truncation, out of range → INT_MIN). */
  float: boolean;
  /** A TypedArray: flat data with no shape of its own. */
  flat: boolean;
}

/** An ndarray (the `selection` of a numjs array of either package, or an `ndarray` itself). */
interface Selection {
  shape: number[];
  stride: number[];
  offset: number;
  data: ArrayLike<number>;
}

function isSelection(x: object): x is Selection {
  const s = x as Partial<Selection>;
  return globalThis.Array.isArray(s.shape) && globalThis.Array.isArray(s.stride) && typeof s.offset === 'number' && s.data !== undefined;
}

function isFloatData(data: unknown): boolean {
  return data instanceof Float32Array || data instanceof Float64Array || (globalThis.Array.isArray(data) && data.some((v) => !Number.isInteger(v)));
}

/** Row-major elements of a strided ndarray (numjs results are usually contiguous already). */
function selectionValues(sel: Selection): HostValues {
  const shape = [...sel.shape];
  const n = sizeOf(shape);
  const float = isFloatData(sel.data);
  let contiguous = true;
  for (let d = shape.length - 1, s = 1; d >= 0; s *= shape[d]!, d--) if (shape[d] !== 1 && sel.stride[d] !== s) contiguous = false;
  if (contiguous) {
    const data = sel.offset === 0 && sel.data.length === n ? sel.data : subarray(sel.data, sel.offset, n);
    return { shape, data, float, flat: false };
  }
  const out = new Float64Array(n);
  const idx = new globalThis.Array<number>(shape.length).fill(0);
  let at = sel.offset;
  for (let f = 0; f < n; f++) {
    out[f] = Number(sel.data[at]);
    for (let d = shape.length - 1; d >= 0; d--) {
      at += sel.stride[d]!;
      if (++idx[d]! < shape[d]!) break;
      at -= sel.stride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, data: out, float, flat: false };
}

/** The row-major elements of a numjs array (either package). */
export function ndarrayValues(x: { selection: unknown }): { shape: number[]; data: ArrayLike<number> } {
  if (typeof x.selection !== 'object' || x.selection === null || !isSelection(x.selection)) throw new CallbackResultError('not a numjs array: its selection is not an ndarray.');
  return selectionValues(x.selection);
}

function subarray(data: ArrayLike<number>, start: number, n: number): ArrayLike<number> {
  if (ArrayBuffer.isView(data)) return (data as unknown as Float64Array).subarray(start, start + n);
  return globalThis.Array.prototype.slice.call(data, start, start + n) as number[];
}

function nestedValues(x: unknown[], what: string): HostValues {
  const shape: number[] = [];
  for (let level: unknown = x; globalThis.Array.isArray(level); level = level[0]) shape.push(level.length);
  const flat: unknown[] = [];
  const walk = (v: unknown, d: number): void => {
    const isList = globalThis.Array.isArray(v);
    if (d === shape.length ? isList : !isList || v.length !== shape[d])
      throw new CallbackResultError(`${what} is a ragged nested array; every row must have the same length and depth (numpy would make an object array).`);
    if (d === shape.length) flat.push(v);
    else for (const e of v as unknown[]) walk(e, d + 1);
  };
  walk(x, 0);
  const data = new Float64Array(flat.length);
  let float = false;
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint')
      throw new CallbackResultError(`${what} holds a ${v === null ? 'null' : typeof v} at flat position ${i}; nested arrays must hold numbers or booleans.`);
    data[i] = Number(v);
    if (typeof v === 'number' && !Number.isInteger(v)) float = true;
  }
  return { shape, data, float, flat: false };
}

/** Elements and shape of whatever a callback returned for one declared result. */
function hostValues(x: unknown, what: string): HostValues {
  if (typeof x === 'number') return { shape: [], data: [x], float: !Number.isInteger(x), flat: false };
  if (typeof x === 'boolean' || typeof x === 'bigint') return { shape: [], data: [Number(x)], float: false, flat: false };
  if (x instanceof JaxArray) {
    // A jaxpool array the callback computed (e.g. with jit): read it in place.
    if (!(x instanceof DeviceArray)) throw new CallbackResultError(`${what} is a traced value; return concrete arrays from host callbacks.`);
    return { shape: x.shape, data: x.viewSync('a callback result'), float: x.dtype.kind === 'f', flat: false };
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const t = x as unknown as ArrayLike<number>;
    const float = x instanceof Float32Array || x instanceof Float64Array;
    const data = x instanceof BigInt64Array || x instanceof BigUint64Array ? Float64Array.from(x as BigInt64Array, Number) : t;
    return { shape: [t.length], data, float, flat: true };
  }
  if (globalThis.Array.isArray(x)) return nestedValues(x, what);
  if (typeof x === 'object' && x !== null) {
    const sel = (x as { selection?: unknown }).selection;
    if (typeof sel === 'object' && sel !== null && isSelection(sel)) return selectionValues(sel);
    if (isSelection(x)) return selectionValues(x);
  }
  throw new CallbackResultError(
    `${what} is ${x === null || x === undefined ? String(x) : `a ${typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x}`}; return numjs arrays, TypedArrays, numbers or nested arrays matching the declared result shapes.`,
  );
}

/** Python's tuple repr of a shape: `()`, `(3,)`, `(2, 3)`. */
export function shapeStr(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/**
 * Write one callback result into its device buffer, converting to the declared dtype as numpy's
 * astype. `index` is the result's position among several (or -1 for a single result).
 */
export function resultToDevice(value: unknown, offset: number, aval: ShapedArray, name: string, index = -1): void {
  const t0 = isProfiling() ? nowUs() : 0;
  const what = `${name}'s result${index >= 0 ? ` ${index}` : ''}`;
  const v = hostValues(value, what);
  const n = aval.size;
  const same = v.shape.length === aval.ndim && v.shape.every((d, i) => d === aval.shape[i]);
  // numjs has no 0-d arrays (a scalar is shape (1,)), and a TypedArray has no shape but its length.
  const ok = same || (aval.ndim === 0 && v.data.length === 1) || (v.flat && v.data.length === n);
  if (!ok)
    throw new CallbackResultError(
      `${what} has shape ${shapeStr(v.shape)}, but the declared result shape is ${shapeStr(aval.shape)} (dtype ${aval.dtype.name}); ` +
        'return arrays whose shapes match the ShapeDtypeStruct(s) you passed (or fix the declaration).',
    );
  const dst = heapView(offset, aval);
  castInto(dst, v.data, aval.dtype, v.float);
  logTransfer('hostToDevice', dst.byteLength, true, t0);
}
