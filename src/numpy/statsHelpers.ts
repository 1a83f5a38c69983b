// Shared by jnp's statistics files (not part of the namespace): var-like argument binding, JAX's
// dtype rules for variances and its promote_dtypes_inexact.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, realDtype, toInexact } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { conj, real } from '../lax/complex.js';
import { convertElementType, mul } from '../lax/elementwise.js';
import { type Axis, axesOf } from './axes.js';
import { promoteDtypes } from './promote.js';

/** NumPy's `out` argument: only null (arrays are immutable). */
export function noOut(fn: string, out: unknown): void {
  if (out !== undefined && out !== null) throw new TypeError(`${fn}(): 'out' is not supported (arrays are immutable); use the returned array.`);
}

/** JAX's promote_dtypes_inexact: the common dtype, then integers and bools to the default float (no broadcasting). */
export function promoteInexact(...xs: Array[]): Array[] {
  return promoteDtypes(...xs).map((x) => (x.dtype.kind === 'f' ? x : convertElementType(x, toInexact(x.dtype, x.weakType), x.weakType)));
}

/** var's and std's options (JAX's keyword arguments). */
export interface VarOptions {
  axis?: Axis;
  dtype?: DTypeLike | null;
  out?: null;
  /** Delta degrees of freedom: the divisor is N - ddof. */
  ddof?: number;
  keepdims?: boolean;
  /** Only the elements where this is true are counted. */
  where?: ArrayLike | null;
  /** A precomputed mean (with keepdims), instead of computing it. */
  mean?: ArrayLike | null;
  /** The array API's name for ddof (give one of the two). */
  correction?: number | null;
}
type V = VarOptions;
export type VarArgs = [axis?: Axis | V, dtype?: DTypeLike | null | V, out?: null | V, ddof?: number | V, keepdims?: boolean | V, opts?: V];

/** The bound arguments of var/std/nanvar/nanstd. */
export interface VarCall {
  a: Array;
  axes: number[];
  axis: Axis;
  dtype?: DType;
  correction: number;
  keepdims: boolean;
  where: Array | null;
  mean: Array | null;
}

/** Bind var-like arguments: `correction` or `ddof` (not both), an inexact `dtype`. */
export function bindVar(fn: string, x: ArrayLike, rest: unknown[], form: 'var' | 'nanvar'): VarCall {
  // var has `where`, `mean` and `correction` by name only; nanvar has `where` and `mean` positionally.
  const names = ['axis', 'dtype', 'out', 'ddof', 'keepdims', 'where', 'mean', ...(form === 'var' ? ['correction'] : [])];
  const o = bindArgs(fn, names, rest, form === 'var' ? ['where', 'mean', 'correction'] : []) as Record<string, unknown>;
  noOut(fn, o.out);
  const a = asArray(x);
  const ddof = o.ddof ?? 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof)) throw new TypeError(`${fn}(): 'ddof' must be a number, got ${String(ddof)}.`);
  let correction = ddof;
  if (o.correction !== undefined && o.correction !== null) {
    if (ddof !== 0) throw new TypeError(`${fn}(): 'ddof' and 'correction' can't be given together; use one.`);
    if (typeof o.correction !== 'number') throw new TypeError(`${fn}(): 'correction' must be a number.`);
    correction = o.correction;
  }
  const dtype = dtypeArg(o.dtype);
  if (dtype && dtype.kind !== 'f' && dtype.kind !== 'c') throw new DtypeError(`${fn}(): dtype must be inexact (a float or complex dtype), got ${dtype.name}.`);
  return {
    a,
    axes: axesOf(a, o.axis, fn),
    axis: o.axis as Axis,
    dtype,
    correction,
    keepdims: boolArg(fn, 'keepdims', o.keepdims, false),
    where: o.where === undefined || o.where === null ? null : asArray(o.where as ArrayLike),
    mean: o.mean === undefined || o.mean === null ? null : asArray(o.mean as ArrayLike),
  };
}

/** JAX's `_var_promote_types`: [computation dtype, result dtype]; complex input gives a real result (its parts' dtype). */
export function varDtypes(a: Array, dtype?: DType): [DType, DType] {
  if (dtype) {
    if (a.dtype.kind === 'c' && dtype.kind !== 'c')
      throw new DtypeError(`var/std of complex values with a real dtype (${dtype.name}) is not supported, as in JAX (the semantics of numpy.var are unclear there); omit dtype or give a complex one.`);
    return [dtype, dtype];
  }
  if (a.dtype.kind === 'c') return [a.dtype, realDtype(a.dtype)];
  const d = a.dtype.kind === 'f' ? a.dtype : toInexact(a.dtype, false);
  return [d, d];
}

/** |d|² of deviations: d·d, or real(d·conj(d)) for complex d (a real array), as JAX's var. */
export function squaredMagnitude(d: Array): Array {
  return d.dtype.kind === 'c' ? real(mul(d, conj(d))) : mul(d, d);
}

