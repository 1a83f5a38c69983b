// jnp reductions with axis/keepdims.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { defaultFloat, int32 } from '../core/dtypes.js';
import { canonicalizeAxis } from '../core/shape.js';
import { convertElementType, div, ne } from '../lax/elementwise.js';
import * as arg from '../lax/argminmax.js';
import * as red from '../lax/reductions.js';
import { full, reshape } from '../lax/structural.js';

export type Axis = number | number[] | null | undefined;
export interface ReduceOpts {
  keepdims?: boolean;
}

export function axesOf(x: Array, axis: Axis): number[] {
  if (axis === null || axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => canonicalizeAxis(a, x.ndim)))].sort((a, b) => a - b);
}

function keep(y: Array, x: Array, axes: number[], keepdims?: boolean): Array {
  if (!keepdims) return y;
  return reshape(y, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

function reducer(op: (x: Array, axes: number[]) => Array, prep?: (x: Array) => Array) {
  return (x: ArrayLike, axis?: Axis, opts: ReduceOpts = {}): Array => {
    let a = asArray(x);
    if (prep) a = prep(a);
    const axes = axesOf(a, axis);
    return keep(op(a, axes), a, axes, opts.keepdims);
  };
}

// Sums of bools and small ints accumulate in int32, as numpy/JAX do.
const widenInt = (x: Array) => (x.dtype.kind === 'b' || x.dtype.kind === 'u' ? convertElementType(x, int32, x.weakType) : x);

export const sum = reducer(red.reduceSum, widenInt);
export const prod = reducer(red.reduceProd, widenInt);
export const max = reducer(red.reduceMax);
export const min = reducer(red.reduceMin);

export function mean(x: ArrayLike, axis?: Axis, opts: ReduceOpts = {}): Array {
  let a = asArray(x);
  if (a.dtype.kind !== 'f') a = convertElementType(a, defaultFloat(), a.weakType);
  const axes = axesOf(a, axis);
  const n = axes.reduce((p, ax) => p * a.shape[ax]!, 1);
  const s = red.reduceSum(a, axes);
  return keep(div(s, full(s.shape, n, s.dtype, s.weakType)), a, axes, opts.keepdims);
}

const asBool = (x: Array) => (x.dtype.kind === 'b' ? x : ne(x, full(x.shape, 0, x.dtype, x.weakType)));
/** True where any element (along `axis`) is nonzero. */
export const any = reducer((x, axes) => red.reduceOr(x, axes), asBool);
/** True where every element (along `axis`) is nonzero. */
export const all = reducer((x, axes) => red.reduceAnd(x, axes), asBool);

function argReducer(op: (x: Array, axis: number) => Array) {
  return (x: ArrayLike, axis?: number | null, opts: ReduceOpts = {}): Array => {
    const a = asArray(x);
    if (axis === null || axis === undefined) return op(reshape(a, [a.size]), 0);
    const ax = canonicalizeAxis(axis, a.ndim);
    const out = op(a, ax);
    return opts.keepdims ? reshape(out, a.shape.map((d, i) => (i === ax ? 1 : d))) : out;
  };
}
export const argmax = argReducer(arg.argmax);
export const argmin = argReducer(arg.argmin);
