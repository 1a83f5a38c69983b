// jnp's NaN-ignoring reductions, as JAX defines them: NaNs replaced by the reduction's identity
// (nanmax/nanmin: NaN where a slice is all NaN; nanargmax/nanargmin: -1 there), counts without
// them (nanmean, nanvar). On integer and bool arrays each is the plain reduction.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, int32, realDtype, toInexact } from '../core/dtypes.js';
import { bitwiseNot as not, convertElementType, div, le, ne, select, sqrt, sub } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import type { Axis } from './axes.js';
import { declare } from './declare.js';
import { broadcastArray } from './promote.js';
import { type ReduceOptions, all, argmax, argmin, max, mean, min, prod, sum } from './reductions.js';
import { bindVar, noOut, squaredMagnitude, type VarCall, varDtypes, type VarOptions } from './statsHelpers.js';

const isnan = (x: Array): Array => ne(x, x);
/** Whether NaN can occur in x's dtype (float or complex). */
const inexact = (x: Array): boolean => x.dtype.kind === 'f' || x.dtype.kind === 'c';

type R = ReduceOptions;
type SumArgs = [axis?: Axis | R, dtype?: DTypeLike | null | R, out?: null | R, keepdims?: boolean | R, initial?: number | boolean | null | R, where?: ArrayLike | null | R, opts?: R];
type M = Omit<R, 'dtype'>;
type MaxArgs = [axis?: Axis | M, out?: null | M, keepdims?: boolean | M, initial?: number | boolean | null | M, where?: ArrayLike | null | M, opts?: M];

/** JAX's `_nan_reduction`: NaNs become `init` before `reduce`; with `nanIfAllNan`, all-NaN slices give NaN. */
function nanReduction(name: string, reduce: (a: Array, o: R) => Array, init: number, hasDtype: boolean, nanIfAllNan: boolean) {
  const names = hasDtype ? ['axis', 'dtype', 'out', 'keepdims', 'initial', 'where'] : ['axis', 'out', 'keepdims', 'initial', 'where'];
  return (x: ArrayLike, ...rest: unknown[]): Array => {
    const o = bindArgs(name, names, rest) as R;
    noOut(name, o.out);
    const a = asArray(x);
    if (!inexact(a)) return reduce(a, o);
    const out = reduce(select(isnan(a), full(a.shape, init, a.dtype, a.weakType), a), o);
    if (!nanIfAllNan || (o.initial !== undefined && o.initial !== null)) return out;
    const allNan = all(isnan(a), o.axis, null, o.keepdims ?? false);
    return select(broadcastArray(allNan, [...out.shape]), full(out.shape, NaN, out.dtype, out.weakType), out);
  };
}

/** Return the sum of array elements over a given axis, ignoring NaNs (counted as zero). */
export const nansum = declare('nansum', { arrays: 1, impl: nanReduction('nansum', (a, o) => sum(a, o), 0, true, false) as (a: ArrayLike, ...rest: SumArgs) => Array });
/** Return the product of array elements over a given axis, ignoring NaNs (counted as one). */
export const nanprod = declare('nanprod', { arrays: 1, impl: nanReduction('nanprod', (a, o) => prod(a, o), 1, true, false) as (a: ArrayLike, ...rest: SumArgs) => Array });
/** Return the maximum along a given axis, ignoring NaNs (NaN where a slice is all NaN, unless `initial` is given). */
export const nanmax = declare('nanmax', { arrays: 1, impl: nanReduction('nanmax', (a, o) => max(a, o as M), -Infinity, false, true) as (a: ArrayLike, ...rest: MaxArgs) => Array });
/** Return the minimum along a given axis, ignoring NaNs (NaN where a slice is all NaN, unless `initial` is given). */
export const nanmin = declare('nanmin', { arrays: 1, impl: nanReduction('nanmin', (a, o) => min(a, o as M), Infinity, false, true) as (a: ArrayLike, ...rest: MaxArgs) => Array });

/** nanmean's options. */
export type NanMeanOptions = Omit<R, 'initial'>;
type N = NanMeanOptions;

/** Return the mean of the array elements along a given axis, ignoring NaNs (NaN where every element is NaN). */
export const nanmean = declare('nanmean', {
  arrays: 1,
  impl: (x: ArrayLike, ...rest: [axis?: Axis | N, dtype?: DTypeLike | null | N, out?: null | N, keepdims?: boolean | N, where?: ArrayLike | null | N, opts?: N]): Array => {
    const o = bindArgs('nanmean', ['axis', 'dtype', 'out', 'keepdims', 'where'], rest) as N;
    noOut('nanmean', o.out);
    const a = asArray(x);
    if (!inexact(a)) return mean(a, { axis: o.axis, dtype: o.dtype, keepdims: o.keepdims, where: o.where });
    const d = dtypeArg(o.dtype) ?? toInexact(a.dtype, false);
    const opts = { axis: o.axis, dtype: d, keepdims: o.keepdims, where: o.where };
    return div(nansum(a, opts), sum(not(isnan(a)), opts));
  },
});

/** JAX's `_nanvar`: squared deviations from the nanmean, NaNs left out of the sum and the count. */
function nanVariance(c: VarCall): Array {
  const [comp, result] = varDtypes(c.a, c.dtype);
  const a = convertElementType(c.a, comp, false);
  const opts = { axis: c.axis, keepdims: c.keepdims, where: c.where };
  const m = c.mean ? convertElementType(c.mean, comp, false) : nanmean(a, { axis: c.axis, dtype: comp, keepdims: true, where: c.where });
  const nan = isnan(a);
  const d0 = sub(a, broadcastArray(m, a.shape));
  const d = select(nan, full(a.shape, 0, comp), d0);
  // Counts and squared magnitudes are real (complex parts' dtype for complex input), as JAX's.
  const rd = realDtype(comp);
  const cnt = sum(not(nan), { ...opts, dtype: rd });
  const n = sub(cnt, full(cnt.shape, c.correction, rd));
  const empty = le(n, full(n.shape, 0, rd));
  const s = sum(squaredMagnitude(d), opts);
  const v = div(select(empty, full(s.shape, NaN, rd), s), select(empty, full(n.shape, 1, rd), n));
  return convertElementType(v, result, false);
}

type VarArgs = [axis?: Axis | NanVarOptions, dtype?: DTypeLike | null | NanVarOptions, out?: null | NanVarOptions, ddof?: number | NanVarOptions, keepdims?: boolean | NanVarOptions, where?: ArrayLike | null | NanVarOptions, mean?: ArrayLike | null | NanVarOptions, opts?: NanVarOptions];
/** nanvar's and nanstd's options: var's without the array API's `correction`. */
export type NanVarOptions = Omit<VarOptions, 'correction'>;

/** Compute the variance along a given axis, ignoring NaNs (NaN where fewer than ddof + 1 values remain). */
export const nanvar = declare('nanvar', { arrays: 1, impl: (a: ArrayLike, ...rest: VarArgs): Array => nanVariance(bindVar('nanvar', a, rest, 'nanvar')) });
/** Compute the standard deviation along a given axis, ignoring NaNs. */
export const nanstd = declare('nanstd', { arrays: 1, impl: (a: ArrayLike, ...rest: VarArgs): Array => sqrt(nanVariance(bindVar('nanstd', a, rest, 'nanvar'))) });

/** nanargmax's and nanargmin's options. */
export interface NanArgOptions {
  axis?: number | null;
  out?: null;
  keepdims?: boolean | null;
}
type A = NanArgOptions;
type ArgArgs = [axis?: number | null | A, out?: null | A, keepdims?: boolean | null | A, opts?: A];

function nanArg(name: string, arg: (a: Array, o: { axis: number | null; keepdims: boolean }) => Array, fill: number) {
  return (x: ArrayLike, ...rest: ArgArgs): Array => {
    const o = bindArgs(name, ['axis', 'out', 'keepdims'], rest) as A;
    noOut(name, o.out);
    const a = asArray(x);
    const opts = { axis: o.axis ?? null, keepdims: boolArg(name, 'keepdims', o.keepdims, false) };
    if (!inexact(a)) return arg(a, opts);
    const nan = isnan(a);
    const res = arg(select(nan, full(a.shape, fill, a.dtype), a), opts);
    const allNan = all(nan, opts.axis, null, opts.keepdims);
    return select(allNan, full(res.shape, -1, int32), res);
  };
}

/** Return the index of the maximum value, ignoring NaNs (-1 where a slice is all NaN, as JAX). */
export const nanargmax = declare('nanargmax', { arrays: 1, impl: nanArg('nanargmax', (a, o): Array => argmax(a, o), -Infinity) });
/** Return the index of the minimum value, ignoring NaNs (-1 where a slice is all NaN, as JAX). */
export const nanargmin = declare('nanargmin', { arrays: 1, impl: nanArg('nanargmin', (a, o): Array => argmin(a, o), Infinity) });
