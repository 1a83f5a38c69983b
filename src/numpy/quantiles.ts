// jnp order statistics: quantile, percentile, median and their NaN-ignoring forms, as JAX's
// _quantile: the reduced axes sorted (moved last and merged), q·(n−1) split into the neighbouring
// ranks low and high, and the method's value from the two; the nan forms count the non-NaN values
// per row (NaNs sort last), the others give NaN for a row holding one. Differentiable through
// sort's jvp and gather.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, int32, toInexact } from '../core/dtypes.js';
import { JaxpoolError, ShapeError } from '../core/errors.js';
import { add, ceil, convertElementType, div, floor, gt, le, max, min, mul, ne, select, sub } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { iota } from '../lax/iota.js';
import { reduceSum } from '../lax/reductions.js';
import { sortMany } from '../lax/sort.js';
import { concatenateAlong } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { type Axis, axesOf } from './axes.js';
import { declare } from './declare.js';

/** quantile's methods (JAX's, without the weighted 'inverted_cdf'). */
export type QuantileMethod = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
const METHODS: readonly string[] = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

/** quantile's and percentile's options. */
export interface QuantileOptions {
  axis?: Axis;
  out?: null;
  overwriteInput?: boolean;
  method?: QuantileMethod;
  keepdims?: boolean;
  weights?: null;
}
/** median's options. */
export type MedianOptions = Omit<QuantileOptions, 'method' | 'weights'>;

type O = QuantileOptions;
type QuantileArgs = [axis?: Axis | O, out?: null | O, overwriteInput?: boolean | O, method?: QuantileMethod | O, keepdims?: boolean | O, opts?: O];
type M = MedianOptions;
type MedianArgs = [axis?: Axis | M, out?: null | M, overwriteInput?: boolean | M, keepdims?: boolean | M, opts?: M];

const inexact = (x: Array): Array => convertElementType(x, toInexact(x.dtype, x.weakType), false);
const scalar = (v: number, d: DType, shape: readonly number[]) => full(shape, v, d);

/** JAX's _quantile of inexact `a` at inexact `q` (0-d or 1-d); `squashNans` ignores NaNs. */
function quantileOf(fn: string, a0: Array, q: Array, axis: unknown, method: string, keepdims: boolean, squashNans: boolean): Array {
  if (!METHODS.includes(method)) throw new ShapeError(`${fn}(): method must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}, got ${describe(method)}.`);
  if (q.ndim > 1) throw new ShapeError(`${fn}(): q must have rank <= 1, got ${q.aval.str()}.`);
  let a = inexact(a0);
  const axes = axesOf(a, axis, fn);
  const keep = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keepShape = keep.map((i) => a.shape[i]!);
  const n = axes.reduce((p, i) => p * a.shape[i]!, 1);
  // The reduced axes moved last and merged into one of n elements.
  a = reshape(transpose(a, [...keep, ...axes]), [...keepShape, n]);
  const last = keepShape.length;
  const qd = q.dtype;
  const outShape = [...q.shape, ...keepShape];
  const qb = broadcastInDim(q, outShape, q.shape.map((_, i) => i));
  let pos: Array;
  let limit: Array;
  // NaN counts per row (as sums: reduce_or has no derivative rule to pass through).
  const counts = reduceSum(convertElementType(ne(a, a), int32, false), [last]);
  if (squashNans) {
    const valid = convertElementType(sub(full(keepShape, n, int32), counts), qd, false);
    const validB = broadcastInDim(valid, outShape, keepShape.map((_, i) => i + q.ndim));
    limit = sub(validB, scalar(1, qd, outShape));
    pos = mul(qb, limit);
  } else {
    const anyNan = gt(counts, full(keepShape, 0, int32));
    a = select(broadcastInDim(anyNan, [...keepShape, n], keepShape.map((_, i) => i)), full(a.shape, NaN, a.dtype), a);
    limit = scalar(n - 1, qd, outShape);
    pos = mul(qb, limit);
  }
  const sorted = sortMany([a], last)[0]!;
  const lowF = floor(pos);
  const highF = ceil(pos);
  const hw = sub(pos, lowF);
  const lw = sub(scalar(1, qd, outShape), hw);
  const zero = scalar(0, qd, outShape);
  const at = (rank: Array) => pick(sorted, convertElementType(max(zero, min(rank, limit)), int32, false), q.ndim);
  const lo = at(lowF);
  const hi = at(highF);
  let result: Array;
  if (method === 'linear') result = add(mul(convertElementType(lo, qd, false), lw), mul(convertElementType(hi, qd, false), hw));
  else if (method === 'lower') result = lo;
  else if (method === 'higher') result = hi;
  else if (method === 'nearest') result = select(le(hw, scalar(0.5, qd, outShape)), lo, hi);
  else result = mul(add(lo, hi), scalar(0.5, lo.dtype, outShape));
  if (!keepdims) return result;
  return reshape(result, [...q.shape, ...a0.shape.map((d, i) => (axes.includes(i) ? 1 : d))]);
}

/** sorted[...keep, idx] for idx of shape [...qShape, ...keep]: the element of each row at each rank. */
function pick(sorted: Array, idx: Array, qNdim: number): Array {
  const shape = [...idx.shape, 1];
  const keepNdim = sorted.ndim - 1;
  const parts = [...globalThis.Array.from({ length: keepNdim }, (_, d) => iota(int32, shape, qNdim + d)), reshape(idx, shape)];
  return gather(sorted, concatenateAlong(parts, idx.ndim), { axes: globalThis.Array.from({ length: sorted.ndim }, (_, d) => d), mode: 'clip', fillValue: 0 });
}

function quantileImpl(fn: string, squashNans: boolean, percent: boolean) {
  return (a: ArrayLike, q: ArrayLike, ...rest: QuantileArgs): Array => {
    const o = bindArgs(fn, ['axis', 'out', 'overwriteInput', 'method', 'keepdims', 'weights'], rest, ['weights']);
    checkUnsupported(fn, o);
    if (o.weights !== undefined && o.weights !== null) throw new JaxpoolError(`${fn}(): weights (JAX's method 'inverted_cdf') are not supported by jaxpool yet.`);
    let qa = inexact(asArray(q));
    if (percent) qa = div(qa, full(qa.shape, 100, qa.dtype, qa.weakType));
    return quantileOf(fn, asArray(a), qa, o.axis, (o.method as string | undefined) ?? 'linear', boolArg(fn, 'keepdims', o.keepdims, false), squashNans);
  };
}

function checkUnsupported(fn: string, o: { out?: unknown; overwriteInput?: unknown }): void {
  if ((o.out !== undefined && o.out !== null) || o.overwriteInput === true)
    throw new TypeError(`${fn}(): 'out' and 'overwriteInput=true' are not supported (as in JAX); use the returned array.`);
}

function medianImpl(fn: string, squashNans: boolean) {
  return (a: ArrayLike, ...rest: MedianArgs): Array => {
    const o = bindArgs(fn, ['axis', 'out', 'overwriteInput', 'keepdims'], rest);
    checkUnsupported(fn, o);
    const x = asArray(a);
    const q = full([], 0.5, toInexact(x.dtype, x.weakType), true);
    return quantileOf(fn, x, q, o.axis, 'midpoint', boolArg(fn, 'keepdims', o.keepdims, false), squashNans);
  };
}

/** Compute the quantile of the data along the specified axis (`method` linear by default; NaN where a row has a NaN). */
export const quantile = declare('quantile', { arrays: 2, impl: quantileImpl('quantile', false, false) });
/** Compute the quantile of the data along the specified axis, ignoring NaNs. */
export const nanquantile = declare('nanquantile', { arrays: 2, impl: quantileImpl('nanquantile', true, false) });
/** Compute the q-th percentile of the data along the specified axis. */
export const percentile = declare('percentile', { arrays: 2, impl: quantileImpl('percentile', false, true) });
/** Compute the q-th percentile of the data along the specified axis, ignoring NaN values. */
export const nanpercentile = declare('nanpercentile', { arrays: 2, impl: quantileImpl('nanpercentile', true, true) });
/** Return the median of array elements along a given axis (the midpoint of the middle two for even counts). */
export const median = declare('median', { arrays: 1, impl: medianImpl('median', false) });
/** Return the median of array elements along a given axis, ignoring NaNs. */
export const nanmedian = declare('nanmedian', { arrays: 1, impl: medianImpl('nanmedian', true) });
