// Along an axis: takeAlongAxis, putAlongAxis (JAX's functional form), applyAlongAxis (vmap over
// the other axes, as JAX) and applyOverAxes.
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { convertElementType } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { iota } from '../lax/iota.js';
import { concatenateAlong } from '../lax/slicing.js';
import { full, reshape } from '../lax/structural.js';
import { vmap } from '../transforms/vmap.js';
import type { IndexMode } from './at.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';
import { defaultFill, normalizeIndex } from './getitem.js';
import { broadcastArray } from './promote.js';
import { expandDims } from './shape.js';


/** The arrays, the axis and the output shape of take/putAlongAxis; `idx` normalized. */
function alongArgs(fn: string, arr: ArrayLike, indices: ArrayLike, axis: unknown): { a: Array; idx: Array; ax: number; shape: number[] } {
  let a = asArray(arr);
  const i = asArray(indices);
  if (i.dtype.kind !== 'i' && i.dtype.kind !== 'u') throw new DtypeError(`${fn}(): indices must be of integer type, got ${i.dtype.name}.`);
  if (axis === null) {
    if (i.ndim !== 1) throw new ShapeError(`${fn}(): indices must be 1-d if axis=null, got shape [${i.shape}].`);
    a = reshape(a, [a.size]);
  }
  const ax = axis === null ? 0 : canonicalAxis(fn, axis, a.ndim);
  if (a.ndim !== i.ndim) throw new ShapeError(`${fn}(): indices and arr must have the same number of dimensions; ${i.ndim} vs. ${a.ndim}.`);
  const shape = broadcastShapes(i.shape, a.shape.map((d, k) => (k === ax ? 1 : d)));
  return { a, idx: i, ax, shape };
}

/** The full index vectors [...shape, ndim] of take/putAlongAxis: the position itself, `idx` along `ax`. */
function vectors(idx: Array, ax: number, shape: number[]): Array {
  const cols = shape.map((_, d) => reshape(d === ax ? broadcastArray(idx, shape) : iota(int32, shape, d), [...shape, 1]));
  return concatenateAlong(cols, shape.length);
}

type TakeAlongOpts = { mode?: 'fill' | 'clip' | 'promise_in_bounds' | null; fillValue?: number | boolean | null };

/** Take elements from an array along an axis (`takeAlongAxis(arr, indices, axis, { mode: 'fill', fillValue })`: out-of-bounds indices give NaN for floats by default, or clamp with 'clip'). */
export const takeAlongAxis = declare('takeAlongAxis', {
  arity: 4,
  arrays: 2,
  fused: false,
  impl: (arr: ArrayLike, indices: ArrayLike, axis: number | null, opts?: TakeAlongOpts): Array => {
    const o = bindArgs('takeAlongAxis', ['mode', 'fillValue'], [opts], ['mode', 'fillValue']);
    const { a, idx, ax, shape } = alongArgs('takeAlongAxis', arr, indices, axis);
    const n = a.shape[ax]!;
    if (n === 0) return full(shape, 0, a.dtype, a.weakType);
    const mode = o.mode ?? 'fill';
    if (!['fill', 'clip', 'promise_in_bounds'].includes(mode as string)) throw new TypeError(`takeAlongAxis(): mode must be 'fill', 'clip' or 'promise_in_bounds', got ${describe(mode)}.`);
    const i = mode === 'promise_in_bounds' ? convertElementType(idx, int32, false) : normalizeIndex(idx, n);
    const src = broadcastArray(a, shape.map((d, k) => (k === ax ? n : d)));
    const fv = o.fillValue === undefined || o.fillValue === null ? defaultFill(a.dtype) : Number(o.fillValue);
    return gather(src, vectors(i, ax, shape), { axes: range(0, shape.length), mode: mode === 'fill' ? 'fill' : 'clip', fillValue: fv });
  },
});

type PutAlongOpts = { inplace?: boolean; mode?: IndexMode | null };

/** Put values into an array along an axis, returning the updated copy (`putAlongAxis(arr, indices, values, axis, { inplace: false, mode })`: JAX's functional form; `inplace` must be false). */
export const putAlongAxis = declare('putAlongAxis', {
  arity: 5,
  arrays: 3,
  fused: false,
  impl: (arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: number | null, opts?: PutAlongOpts): Array => {
    const o = bindArgs('putAlongAxis', ['inplace', 'mode'], [opts], ['inplace', 'mode']);
    if (o.inplace !== false)
      throw new TypeError("putAlongAxis(): JAX arrays are immutable, so it cannot update in place; pass { inplace: false } to get the updated array.");
    const a0 = asArray(arr);
    const { a, idx, ax, shape } = alongArgs('putAlongAxis', a0, indices, axis);
    const idxs = shape.map((_, d) => (d === ax ? idx : iota(int32, shape.map((s, k) => (k === d ? s : 1)), d)));
    const out = a.at(...idxs).set(values, { mode: (o.mode ?? null) as IndexMode | null });
    return axis === null ? reshape(out, a0.shape) : out;
  },
});

/** Apply a function to 1-d slices along the given axis (`applyAlongAxis(func1d, axis, arr, ...args)`: vmapped over the other axes; its output dims replace `axis`). */
export const applyAlongAxis = declare('applyAlongAxis', {
  arrays: 0,
  impl: (func1d: (a: Array, ...args: unknown[]) => Array, axis: number, arr: ArrayLike, ...args: unknown[]): Array => {
    if (typeof func1d !== 'function') throw new TypeError(`applyAlongAxis(): expected a function, got ${describe(func1d)}.`);
    const a = asArray(arr);
    const ax = canonicalAxis('applyAlongAxis', axis, a.ndim);
    let f = (x: Array): Array => asArray(func1d(x, ...args));
    for (let i = 1; i < a.ndim - ax; i++) f = vmap(f, { inAxes: i, outAxes: -1 }) as (x: Array) => Array;
    for (let i = 0; i < ax; i++) f = vmap(f, { inAxes: 0, outAxes: 0 }) as (x: Array) => Array;
    return f(a);
  },
});

/** Apply a function repeatedly over multiple axes (`applyOverAxes(func, a, axes)`: `func(a, axis)` must keep the rank or drop that axis). */
export const applyOverAxes = declare('applyOverAxes', {
  arity: 3,
  arrays: 0,
  impl: (func: (a: Array, axis: number) => Array, a: ArrayLike, axes: number | readonly number[]): Array => {
    if (typeof func !== 'function') throw new TypeError(`applyOverAxes(): expected a function, got ${describe(func)}.`);
    let x = asArray(a);
    for (const axis of typeof axes === 'number' ? [axes] : axes) {
      const b = asArray(func(x, axis));
      if (b.ndim === x.ndim) x = b;
      else if (b.ndim === x.ndim - 1) x = expandDims(b, axis);
      else throw new ShapeError(`applyOverAxes(): function is not returning an array of the correct shape (rank ${b.ndim} for an input of rank ${x.ndim}).`);
    }
    return x;
  },
});
