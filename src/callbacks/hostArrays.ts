// Moving callback operands and results across the device↔host boundary as numjs arrays.
import njModule, { NdArray } from '@d4c/numjs';
import type { ShapedArray } from '../core/aval.js';
import { castScalar, type DType } from '../core/dtypes.js';
import { CallbackResultError } from '../core/errors.js';
import { sizeOf, stridesOf } from '../core/shape.js';
import { config } from '../core/config.js';
import { heapViews } from '../runtime/heap.js';
import { recordTransfer } from '../runtime/transfers.js';

type NjNamespace = typeof njModule.default;
/** The numjs namespace (`nj.array`, `nj.zeros`, …): Node's CJS interop puts it on `.default`, bundlers (vitest) do not. */
export const nj: NjNamespace = (njModule as { default?: NjNamespace }).default ?? (njModule as unknown as NjNamespace);
export { NdArray };

type HostTyped = Float32Array | Float64Array | Int32Array | Uint8Array;

function viewAt(offset: number, aval: ShapedArray): HostTyped {
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

/** A callback operand: a view over device memory in zero-copy mode, a copy in copy mode. */
export function operandToHost(offset: number, aval: ShapedArray): NdArray {
  const view = viewAt(offset, aval);
  const copy = config.values.transferMode === 'copy';
  recordTransfer('deviceToHost', view.byteLength, copy);
  const data = copy ? view.slice() : view;
  return new NdArray(data, [...aval.shape]);
}

/** Flatten a callback's returned value (numjs array, TypedArray, number, nested arrays) to numbers. */
function hostValues(x: unknown): { shape: number[]; data: ArrayLike<number> } {
  if (typeof x === 'number' || typeof x === 'boolean') return { shape: [], data: [Number(x)] };
  if (x && typeof x === 'object' && 'selection' in x) {
    // numjs (either package) or anything with an ndarray `selection`
    const sel = (x as { selection: { shape: number[]; stride: number[]; offset: number; get(...i: number[]): number; data: ArrayLike<number> } }).selection;
    const shape = [...sel.shape];
    const n = sizeOf(shape);
    // A row-major selection reads its data directly (numjs results usually are).
    const rowMajor = stridesOf(shape).every((s, d) => shape[d] === 1 || sel.stride[d] === s);
    if (rowMajor && sel.data.length >= sel.offset + n) {
      const data = sel.data;
      return { shape, data: sel.offset === 0 && data.length === n ? data : Array.prototype.slice.call(data, sel.offset, sel.offset + n) };
    }
    const out = new Float64Array(n);
    const idx = new Array<number>(shape.length).fill(0);
    for (let f = 0; f < n; f++) {
      out[f] = Number(sel.get(...idx));
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) break;
        idx[d] = 0;
      }
    }
    return { shape, data: out };
  }
  if (ArrayBuffer.isView(x)) {
    const t = x as unknown as ArrayLike<number>;
    return { shape: [t.length], data: t };
  }
  if (Array.isArray(x)) {
    const shape: number[] = [];
    let level: unknown = x;
    while (Array.isArray(level)) (shape.push(level.length), (level = level[0]));
    const flat = (x as unknown[]).flat(Infinity) as number[];
    if (flat.length !== sizeOf(shape)) throw new CallbackResultError('callback returned a ragged nested array; every row must have the same length.');
    return { shape, data: flat.map(Number) };
  }
  throw new CallbackResultError(`callback returned ${x === null ? 'null' : typeof x}; return numjs arrays, TypedArrays, numbers or nested arrays matching the declared result shapes.`);
}

function shapeStr(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/** Write one callback result into its device buffer, converting to the declared dtype. */
export function resultToDevice(value: unknown, offset: number, aval: ShapedArray, what: string): void {
  const { shape, data } = hostValues(value);
  // numjs represents scalars as shape [1]; accept that for a declared scalar.
  const scalarOk = aval.ndim === 0 && sizeOf(shape) === 1;
  if (!scalarOk && (shape.length !== aval.ndim || shape.some((d, i) => d !== aval.shape[i])))
    throw new CallbackResultError(
      `${what} returned a value of shape ${shapeStr(shape)}, but its declared result shape is ${shapeStr(aval.shape)} (dtype ${aval.dtype.name}); ` +
        'return arrays matching the ShapeDtypeStruct(s) you passed.',
    );
  const dst = viewAt(offset, aval);
  writeCast(dst, data, aval.dtype);
  recordTransfer('hostToDevice', dst.byteLength, true);
}

function writeCast(dst: HostTyped, src: ArrayLike<number>, d: DType): void {
  if (d.kind === 'f') for (let i = 0; i < dst.length; i++) dst[i] = src[i]!;
  else for (let i = 0; i < dst.length; i++) dst[i] = castScalar(src[i]!, d);
}
