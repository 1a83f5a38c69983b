// jnp reductions, with JAX's arguments positionally (`sum(a, axis, dtype)`) or as options.
import type { Array, ArrayLike, ReduceOptions } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DType, int32, toInexact } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { add as laxAdd, convertElementType, div, max as laxMax, min as laxMin, mul as laxMul, select } from '../lax/elementwise.js';
import * as arg from '../lax/argminmax.js';
import * as red from '../lax/reductions.js';
import { full, reshape } from '../lax/structural.js';
import { bindArgs, boolArg, describe, dtypeArg } from '../core/args.js';
import { broadcastTo, truthy } from './promote.js';

/** An axis argument: one axis, several, or null for all. */
export type Axis = number | number[] | null | undefined;
export interface ReduceOpts extends ReduceOptions {
  initial?: number | boolean | null;
  where?: ArrayLike | null;
}

/** The reduced axes: every axis for null; integers in range, no repeats. */
export function axesOf(x: Array, axis: unknown, fn = 'reduction'): number[] {
  if (axis === null || axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!globalThis.Array.isArray(list)) throw new ShapeError(`${fn}(): axis must be an integer, a list of integers or null, got ${describe(axis)}.`);
  const axes = list.map((a) => canonicalAxis(fn, a, x.ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${fn}(): duplicate value in 'axis': ${describe(list)}.`);
  return axes.sort((a, b) => a - b);
}

/** One axis of a rank-`rank` array, negative counting from the end. */
export function canonicalAxis(fn: string, a: unknown, rank: number): number {
  if (typeof a !== 'number' || !Number.isInteger(a)) throw new ShapeError(`${fn}(): an axis must be an integer, got ${describe(a)}.`);
  if (a < -rank || a >= rank) throw new ShapeError(`${fn}(): axis ${a} is out of bounds for an array of rank ${rank}; use an axis in [${-rank}, ${rank}).`);
  return a < 0 ? a + rank : a;
}

function keep(y: Array, x: Array, axes: number[], keepdims: boolean): Array {
  if (!keepdims) return y;
  return reshape(y, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

interface Reducer {
  name: string;
  op: (x: Array, axes: number[]) => Array;
  /** The value that leaves the result unchanged (for `where`), if the reduction has one. */
  identity?: (d: DType) => number | boolean;
  /** Combine the result with `initial`. */
  withInitial?: (y: Array, init: Array) => Array;
  /** Prepare the operand: cast, widen small integers. */
  prep?: (x: Array) => Array;
  /** Whether the NumPy signature has `dtype` (positionally after axis). */
  hasDtype: boolean;
}

function parse(r: Reducer, rest: unknown[]) {
  const names = r.hasDtype ? (['axis', 'dtype', 'out', 'keepdims', 'initial', 'where'] as const) : (['axis', 'out', 'keepdims', 'initial', 'where'] as const);
  const a = bindArgs(r.name, names, rest) as Record<string, unknown>;
  if (a.out !== undefined && a.out !== null) throw new TypeError(`${r.name}(): 'out' is not supported (arrays are immutable); use the returned array.`);
  return { axis: a.axis, dtype: dtypeArg(a.dtype), keepdims: boolArg(r.name, 'keepdims', a.keepdims, false), initial: a.initial, where: a.where };
}

function reducer(r: Reducer) {
  return (x: ArrayLike, ...rest: unknown[]): Array => {
    const o = parse(r, rest);
    let a = asArray(x);
    // JAX's reductions give strong types; a dtype converts the operand first.
    if (o.dtype) a = convertElementType(a, o.dtype, false);
    else if (a.weakType) a = convertElementType(a, a.dtype, false);
    if (r.prep) a = r.prep(a);
    const axes = axesOf(a, o.axis, r.name);
    const hasInitial = o.initial !== undefined && o.initial !== null;
    if (o.where !== undefined && o.where !== null) {
      if (!r.identity && !hasInitial)
        throw new ShapeError(`${r.name}(): the reduction has no identity, so a 'where' mask needs 'initial' as well.`);
      const mask = broadcastTo(truthy(asArray(o.where as ArrayLike)), a.shape);
      const fill = r.identity ? r.identity(a.dtype) : (o.initial as number | boolean);
      a = select(mask, a, full(a.shape, fill, a.dtype));
    } else if (!hasInitial && !r.identity && axes.some((ax) => a.shape[ax] === 0)) {
      throw new ShapeError(`${r.name}(): zero-size array to reduction operation ${r.name} which has no identity; pass 'initial' or reduce a non-empty axis.`);
    }
    let y = r.op(a, axes);
    if (hasInitial) y = r.withInitial!(y, full(y.shape, o.initial as number | boolean, y.dtype));
    return keep(y, a, axes, o.keepdims);
  };
}

// Sums of bools and small ints accumulate in int32, as JAX does (JAX widens uint8 to uint32,
// a dtype jaxpool does not have yet: int32 holds the same sums up to 2^31).
const widenInt = (x: Array) => (x.dtype.kind === 'b' || x.dtype.kind === 'u' ? convertElementType(x, int32, false) : x);
const zero = () => 0;
const one = () => 1;

type ReduceFn = (x: ArrayLike, axis?: Axis | ReduceOpts, ...rest: unknown[]) => Array;

/** `sum(a, axis?, dtype?, out?, keepdims?)`, also `{ axis, dtype, keepdims, initial, where }`. */
export const sum: ReduceFn = reducer({ name: 'sum', op: red.reduceSum, identity: zero, withInitial: laxAdd, prep: widenInt, hasDtype: true });
/** `prod(a, axis?, dtype?, out?, keepdims?)`; integer products wrap in their dtype, as in JAX. */
export const prod: ReduceFn = reducer({ name: 'prod', op: red.reduceProd, identity: one, withInitial: laxMul, prep: widenInt, hasDtype: true });
/** `max(a, axis?, out?, keepdims?)`, also `{ initial, where }`; an empty reduction needs `initial`. */
export const max: ReduceFn = reducer({ name: 'max', op: red.reduceMax, withInitial: laxMax, hasDtype: false });
/** `min(a, axis?, out?, keepdims?)`, also `{ initial, where }`; an empty reduction needs `initial`. */
export const min: ReduceFn = reducer({ name: 'min', op: red.reduceMin, withInitial: laxMin, hasDtype: false });


/** `mean(a, axis?, dtype?, out?, keepdims?)`, also `{ where }`: computed in float, then cast to `dtype`. */
export function mean(x: ArrayLike, ...rest: unknown[]): Array {
  const a0 = bindArgs('mean', ['axis', 'dtype', 'out', 'keepdims', 'where'], rest, ['where']);
  if (a0.out !== undefined && a0.out !== null) throw new TypeError("mean(): 'out' is not supported (arrays are immutable); use the returned array.");
  const d = dtypeArg(a0.dtype);
  const keepdims = boolArg('mean', 'keepdims', a0.keepdims, false);
  let a = asArray(x);
  const fd = d && d.kind === 'f' ? d : toInexact(a.dtype, a.weakType);
  a = convertElementType(a, fd, false);
  const axes = axesOf(a, a0.axis, 'mean');
  let s: Array;
  let n: Array;
  if (a0.where !== undefined && a0.where !== null) {
    const mask = broadcastTo(truthy(asArray(a0.where as ArrayLike)), a.shape);
    s = red.reduceSum(select(mask, a, full(a.shape, 0, fd)), axes);
    n = red.reduceSum(convertElementType(mask, fd, false), axes);
  } else {
    s = red.reduceSum(a, axes);
    n = full(s.shape, axes.reduce((p, ax) => p * a.shape[ax]!, 1), fd);
  }
  const m = div(s, n);
  return keep(d && d !== fd ? convertElementType(m, d, false) : m, a, axes, keepdims);
}

function boolReducer(name: string, op: (x: Array, axes: number[]) => Array) {
  return (x: ArrayLike, ...rest: unknown[]): Array => {
    const a0 = bindArgs(name, ['axis', 'out', 'keepdims', 'where'], rest, ['where']);
    if (a0.out !== undefined && a0.out !== null) throw new TypeError(`${name}(): 'out' is not supported (arrays are immutable); use the returned array.`);
    let a = truthy(asArray(x));
    if (a0.where !== undefined && a0.where !== null)
      a = select(broadcastTo(truthy(asArray(a0.where as ArrayLike)), a.shape), a, full(a.shape, name === 'all', a.dtype));
    const axes = axesOf(a, a0.axis, name);
    return keep(op(a, axes), a, axes, boolArg(name, 'keepdims', a0.keepdims, false));
  };
}
/** True where any element (along `axis`) is nonzero. */
export const any = boolReducer('any', red.reduceOr);
/** True where every element (along `axis`) is nonzero. */
export const all = boolReducer('all', red.reduceAnd);

function argReducer(name: string, op: (x: Array, axis: number) => Array) {
  return (x: ArrayLike, ...rest: unknown[]): Array => {
    const o = bindArgs(name, ['axis', 'out', 'keepdims'], rest);
    if (o.out !== undefined && o.out !== null) throw new TypeError(`${name}(): 'out' is not supported (arrays are immutable); use the returned array.`);
    const keepdims = boolArg(name, 'keepdims', o.keepdims, false);
    const a = asArray(x);
    if (o.axis === null || o.axis === undefined) {
      const out = op(reshape(a, [a.size]), 0);
      return keepdims ? reshape(out, a.shape.map(() => 1)) : out;
    }
    const ax = canonicalAxis(name, o.axis, a.ndim);
    const out = op(a, ax);
    return keepdims ? reshape(out, a.shape.map((d, i) => (i === ax ? 1 : d))) : out;
  };
}
/** `argmax(a, axis?, out?, keepdims?)`: the first index of the maximum (NaN counts as the maximum). */
export const argmax = argReducer('argmax', arg.argmax);
/** `argmin(a, axis?, out?, keepdims?)`. */
export const argmin = argReducer('argmin', arg.argmin);
