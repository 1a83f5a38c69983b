// jnp reductions, with JAX's arguments positionally (`sum(a, axis, dtype)`) or as options.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, int32, toInexact, uint32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import * as arg from '../lax/argminmax.js';
import { add as laxAdd, convertElementType, div, max as laxMax, min as laxMin, mul as laxMul, select } from '../lax/elementwise.js';
import * as red from '../lax/reductions.js';
import { full, reshape } from '../lax/structural.js';
import { type Axis, axesOf, canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { broadcastArray, truthy } from './promote.js';

/** JAX's keyword arguments of sum and prod (`where` masks out elements, `initial` starts the reduction). */
export interface ReduceOptions {
  axis?: Axis;
  dtype?: DTypeLike | null;
  out?: null;
  keepdims?: boolean;
  initial?: number | boolean | null;
  where?: ArrayLike | null;
}
/** max and min: as sum's options, without dtype. */
export type MaxOptions = Omit<ReduceOptions, 'dtype'>;
/** mean's options. */
export type MeanOptions = Omit<ReduceOptions, 'initial'>;
/** any and all: axis, keepdims and a `where` mask. */
export type BoolReduceOptions = Omit<ReduceOptions, 'dtype' | 'initial'>;
/** argmax and argmin: one axis (or null for the flattened array) and keepdims. */
export interface ArgReduceOptions {
  axis?: number | null;
  out?: null;
  keepdims?: boolean;
}

type O = ReduceOptions;
type SumArgs = [axis?: Axis | O, dtype?: DTypeLike | null | O, out?: null | O, keepdims?: boolean | O, initial?: number | boolean | null | O, where?: ArrayLike | null | O, opts?: O];
type M = MaxOptions;
type MaxArgs = [axis?: Axis | M, out?: null | M, keepdims?: boolean | M, initial?: number | boolean | null | M, where?: ArrayLike | null | M, opts?: M];
type E = MeanOptions;
type MeanArgs = [axis?: Axis | E, dtype?: DTypeLike | null | E, out?: null | E, keepdims?: boolean | E, opts?: E];
type B = BoolReduceOptions;
type BoolArgs = [axis?: Axis | B, out?: null | B, keepdims?: boolean | B, opts?: B];
type A = ArgReduceOptions;
type ArgArgs = [axis?: number | null | A, out?: null | A, keepdims?: boolean | A, opts?: A];

const outUnsupported = (fn: string, out: unknown) => {
  if (out !== undefined && out !== null) throw new TypeError(`${fn}(): 'out' is not supported (arrays are immutable); use the returned array.`);
};

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
  withInitial: (y: Array, init: Array) => Array;
  /** Prepare the operand: cast, widen small integers. */
  prep?: (x: Array) => Array;
  /** Whether the NumPy signature has `dtype` (positionally after axis). */
  hasDtype: boolean;
}

function reducer<Args extends unknown[]>(r: Reducer): (x: ArrayLike, ...rest: Args) => Array {
  const names = r.hasDtype ? (['axis', 'dtype', 'out', 'keepdims', 'initial', 'where'] as const) : (['axis', 'out', 'keepdims', 'initial', 'where'] as const);
  return (x: ArrayLike, ...rest: Args): Array => {
    const o = bindArgs(r.name, names, rest) as Record<string, unknown>;
    outUnsupported(r.name, o.out);
    const dtype = dtypeArg(o.dtype);
    let a = asArray(x);
    // JAX's reductions give strong types; a dtype converts the operand first.
    if (dtype) a = convertElementType(a, dtype, false);
    else if (a.weakType) a = convertElementType(a, a.dtype, false);
    if (r.prep) a = r.prep(a);
    const axes = axesOf(a, o.axis, r.name);
    const hasInitial = o.initial !== undefined && o.initial !== null;
    if (o.where !== undefined && o.where !== null) {
      if (!r.identity && !hasInitial) throw new ShapeError(`${r.name}(): the reduction has no identity, so a 'where' mask needs 'initial' as well.`);
      const mask = broadcastArray(truthy(asArray(o.where as ArrayLike)), a.shape);
      const fill = r.identity ? r.identity(a.dtype) : (o.initial as number | boolean);
      a = select(mask, a, full(a.shape, fill, a.dtype));
    } else if (!hasInitial && !r.identity && axes.some((ax) => a.shape[ax] === 0)) {
      throw new ShapeError(`${r.name}(): zero-size array to reduction operation ${r.name} which has no identity; pass 'initial' or reduce a non-empty axis.`);
    }
    let y = r.op(a, axes);
    if (hasInitial) y = r.withInitial(y, full(y.shape, o.initial as number | boolean, y.dtype));
    return keep(y, a, axes, boolArg(r.name, 'keepdims', o.keepdims, false));
  };
}

// Sums of bools and small ints accumulate in the default int, unsigned ones in uint32, as JAX
// does (bool → int32, int8/int16 → int32, uint8/uint16 → uint32).
const widenInt = (x: Array): Array =>
  x.dtype.kind === 'b' || (x.dtype.kind === 'i' && x.dtype.itemsize < 4) ? convertElementType(x, int32, false) : x.dtype.kind === 'u' && x.dtype.itemsize < 4 ? convertElementType(x, uint32, false) : x;
const zero = () => 0;
const one = () => 1;

/** Sum of the elements of the array over a given axis (`sum(a, axis?, dtype?, out?, keepdims?, initial?, where?)`). */
export const sum = declare('sum', {
  arrays: 1,
  method: 'sum',
  impl: reducer<SumArgs>({ name: 'sum', op: red.reduceSum, identity: zero, withInitial: laxAdd, prep: widenInt, hasDtype: true }),
});
/** Return product of the array elements over a given axis; integer products wrap in their dtype, as in JAX. */
export const prod = declare('prod', {
  arrays: 1,
  method: 'prod',
  impl: reducer<SumArgs>({ name: 'prod', op: red.reduceProd, identity: one, withInitial: laxMul, prep: widenInt, hasDtype: true }),
});
/** Return the maximum of the array elements along a given axis; a ShapeError for an empty reduction without `initial`. */
export const max = declare('max', { arrays: 1, method: 'max', impl: reducer<MaxArgs>({ name: 'max', op: red.reduceMax, withInitial: laxMax, hasDtype: false }) });
/** Return the minimum of array elements along a given axis; a ShapeError for an empty reduction without `initial`. */
export const min = declare('min', { arrays: 1, method: 'min', impl: reducer<MaxArgs>({ name: 'min', op: red.reduceMin, withInitial: laxMin, hasDtype: false }) });

/** Return the mean of array elements along a given axis (computed in float, then cast to `dtype`; `where` as an option). */
export const mean = declare('mean', {
  arrays: 1,
  method: 'mean',
  impl: (x: ArrayLike, ...rest: MeanArgs): Array => {
    const o = bindArgs('mean', ['axis', 'dtype', 'out', 'keepdims', 'where'], rest, ['where']);
    outUnsupported('mean', o.out);
    const d = dtypeArg(o.dtype);
    let a = asArray(x);
    const fd = d && d.kind === 'f' ? d : toInexact(a.dtype, a.weakType);
    a = convertElementType(a, fd, false);
    const axes = axesOf(a, o.axis, 'mean');
    let s: Array;
    let n: Array;
    if (o.where !== undefined && o.where !== null) {
      const mask = broadcastArray(truthy(asArray(o.where as ArrayLike)), a.shape);
      s = red.reduceSum(select(mask, a, full(a.shape, 0, fd)), axes);
      n = red.reduceSum(convertElementType(mask, fd, false), axes);
    } else {
      s = red.reduceSum(a, axes);
      n = full(s.shape, axes.reduce((p, ax) => p * a.shape[ax]!, 1), fd);
    }
    const m = div(s, n);
    return keep(d && d !== fd ? convertElementType(m, d, false) : m, a, axes, boolArg('mean', 'keepdims', o.keepdims, false));
  },
});

function boolReducer(name: string, op: (x: Array, axes: number[]) => Array): (x: ArrayLike, ...rest: BoolArgs) => Array {
  return (x: ArrayLike, ...rest: BoolArgs): Array => {
    const o = bindArgs(name, ['axis', 'out', 'keepdims', 'where'], rest, ['where']);
    outUnsupported(name, o.out);
    let a = truthy(asArray(x));
    if (o.where !== undefined && o.where !== null)
      a = select(broadcastArray(truthy(asArray(o.where as ArrayLike)), a.shape), a, full(a.shape, name === 'all', a.dtype));
    const axes = axesOf(a, o.axis, name);
    return keep(op(a, axes), a, axes, boolArg(name, 'keepdims', o.keepdims, false));
  };
}
/** Test whether any of the array elements along a given axis evaluate to true (nonzero). */
export const any = declare('any', { arrays: 1, method: 'any', impl: boolReducer('any', red.reduceOr) });
/** Test whether all array elements along a given axis evaluate to true (nonzero). */
export const all = declare('all', { arrays: 1, method: 'all', impl: boolReducer('all', red.reduceAnd) });

function argReducer(name: string, op: (x: Array, axis: number) => Array): (x: ArrayLike, ...rest: ArgArgs) => Array {
  return (x: ArrayLike, ...rest: ArgArgs): Array => {
    const o = bindArgs(name, ['axis', 'out', 'keepdims'], rest);
    outUnsupported(name, o.out);
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
/** Return the index of the maximum value of an array (the first one; NaN counts as the maximum). */
export const argmax = declare('argmax', { arrays: 1, method: 'argmax', impl: argReducer('argmax', arg.argmax) });
/** Return the index of the minimum value of an array (the first one; NaN counts as the minimum). */
export const argmin = declare('argmin', { arrays: 1, method: 'argmin', impl: argReducer('argmin', arg.argmin) });
