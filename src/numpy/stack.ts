// Stacking and promoting rank: vstack, hstack, dstack, columnStack, append, atleast1d/2d/3d
// (JAX's atleast_1d…), all reshapes and one concatenate.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import type { DTypeLike } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { reshape } from '../lax/structural.js';
import { declare } from './declare.js';
import { concatenate } from './join.js';

const at1 = (a: Array) => (a.ndim === 0 ? reshape(a, [1]) : a);
const at2 = (a: Array) => (a.ndim === 0 ? reshape(a, [1, 1]) : a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a);
const at3 = (a: Array) => (a.ndim === 0 ? reshape(a, [1, 1, 1]) : a.ndim === 1 ? reshape(a, [1, a.shape[0]!, 1]) : a.ndim === 2 ? reshape(a, [...a.shape, 1]) : a);

/** One array for one input, else the list (JAX's atleast_*d). */
function atleast1dImpl(ary: ArrayLike): Array;
function atleast1dImpl(...arys: ArrayLike[]): Array | Array[];
function atleast1dImpl(...arys: ArrayLike[]): Array | Array[] {
  return each(arys, at1);
}
function atleast2dImpl(ary: ArrayLike): Array;
function atleast2dImpl(...arys: ArrayLike[]): Array | Array[];
function atleast2dImpl(...arys: ArrayLike[]): Array | Array[] {
  return each(arys, at2);
}
function atleast3dImpl(ary: ArrayLike): Array;
function atleast3dImpl(...arys: ArrayLike[]): Array | Array[];
function atleast3dImpl(...arys: ArrayLike[]): Array | Array[] {
  return each(arys, at3);
}
function each(arys: ArrayLike[], f: (a: Array) => Array): Array | Array[] {
  const out = arys.map((a) => f(asArray(a)));
  return out.length === 1 ? out[0]! : out;
}

/** Convert inputs to arrays with at least 1 dimension (one array for one input, else a list). */
export const atleast1d = declare('atleast1d', {
  arrays: 1, fused: false, jax: 'atleast_1d', impl: atleast1dImpl });
/** Convert inputs to arrays with at least 2 dimensions (a 1-d array becomes a row). */
export const atleast2d = declare('atleast2d', {
  arrays: 1, fused: false, jax: 'atleast_2d', impl: atleast2dImpl });
/** Convert inputs to arrays with at least 3 dimensions (shape [n] becomes [1, n, 1], [m, n] becomes [m, n, 1]). */
export const atleast3d = declare('atleast3d', {
  arrays: 1, fused: false, jax: 'atleast_3d', impl: atleast3dImpl });

type StackOpts = { dtype?: DTypeLike | null };

function stackWith(fn: string, tup: readonly ArrayLike[], f: (a: Array) => Array, axis: (arrays: Array[]) => number, dtype: unknown): Array {
  if (!globalThis.Array.isArray(tup) || tup.length === 0) throw new ShapeError(`${fn}() needs a non-empty list of arrays.`);
  const o = bindArgs(fn, ['dtype'], [dtype]);
  const arrays = tup.map((a) => f(asArray(a)));
  return concatenate(arrays, axis(arrays), { dtype: (o.dtype ?? null) as DTypeLike | null });
}

/** Vertically stack arrays (row-wise: each at least 2-d, joined along axis 0; `vstack(tup, dtype?)`). */
export const vstack = declare('vstack', {
  arity: 2,
  arrays: 0,
  impl: (tup: readonly ArrayLike[], dtype?: DTypeLike | null | StackOpts): Array => stackWith('vstack', tup, at2, () => 0, dtype),
});
/** Horizontally stack arrays (column-wise: axis 1, or 0 for 1-d arrays; `hstack(tup, dtype?)`). */
export const hstack = declare('hstack', {
  arity: 2,
  arrays: 0,
  impl: (tup: readonly ArrayLike[], dtype?: DTypeLike | null | StackOpts): Array => stackWith('hstack', tup, at1, (a) => (a[0]!.ndim === 1 ? 0 : 1), dtype),
});
/** Stack arrays depth-wise (each at least 3-d, joined along axis 2; `dstack(tup, dtype?)`). */
export const dstack = declare('dstack', {
  arity: 2,
  arrays: 0,
  impl: (tup: readonly ArrayLike[], dtype?: DTypeLike | null | StackOpts): Array => stackWith('dstack', tup, at3, () => 2, dtype),
});
/** Stack arrays column-wise (1-d arrays become columns; joined along axis 1). */
export const columnStack = declare('columnStack', {
  arity: 1,
  arrays: 0,
  impl: (tup: readonly ArrayLike[]): Array => stackWith('columnStack', tup, (a) => (a.ndim < 2 ? reshape(a, [a.size, 1]) : a), () => 1, undefined),
});

/** Return a new array with values appended to the end (`append(arr, values, axis?)`: without an axis, both flattened). */
export const append = declare('append', {
  arity: 3,
  arrays: 2,
  impl: (arr: ArrayLike, values: ArrayLike, axis?: number | null | { axis?: number | null }): Array => {
    const o = bindArgs('append', ['axis'], [axis]);
    const a = asArray(arr);
    const v = asArray(values);
    if (o.axis === undefined || o.axis === null) return concatenate([reshape(a, [a.size]), reshape(v, [v.size])], 0);
    return concatenate([a, v], o.axis as number);
  },
});
