// jnp's float classification and manipulation: isnan/isinf/isfinite/isposinf/isneginf,
// nanToNum, signbit, copysign, rint, trunc, fmax/fmin, heaviside, positive/absolute, frexp,
// ldexp and nextafter — JAX's compositions of lax ops, with its dtype rules for integer and bool
// inputs (no NaN or infinity there; trunc keeps the dtype, rint gives the default float).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, defaultFloat, float32, int32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import * as lax from '../lax/elementwise.js';
import * as pw from '../lax/powers.js';
import { full, fullLike } from '../lax/structural.js';
import { complexComparison } from './complexSupport.js';
import { alias, declare } from './declare.js';
import { abs } from './elementwise.js';
import { imag, real } from '../lax/complex.js';
import { broadcastArray, promoteArgsInexact } from './promote.js';
import { binary, unary, type UfuncOptions } from './ufunc.js';
import { binaryInexactStrong, truncFloat } from './ufuncMore.js';
import { broadcastShapes } from '../core/shape.js';

const c = (like: Array, v: number) => fullLike(like, v);
/** A constant like `x` but not weak (JAX's _constant_like of a NumPy scalar). */
const strong = (x: Array, v: number) => full(x.shape, v, x.dtype, false);
const isFloat = (x: Array) => x.dtype.kind === 'f';
const allBool = (x: Array, v: boolean) => full(x.shape, v, bool, false);
const inexact = { operands: 'inexact' } as const;

/** Returns a boolean array where elements of the input are NaN (false for integers and bools). */
export const isnan = unary('isnan', (x): Array => lax.ne(x, x));
/** Return a boolean array indicating whether each element of input is infinite (positive or negative). */
export const isinf = unary('isinf', (x): Array => {
  // A complex number is infinite when either part is (numpy's isinf).
  if (x.dtype.kind === 'c') return lax.bitwiseOr(isinf(real(x)), isinf(imag(x)));
  return isFloat(x) ? lax.eq(lax.abs(x), strong(x, Infinity)) : allBool(x, false);
});
/** Return a boolean array indicating whether each element of input is finite (true for integers and bools). */
export const isfinite = unary('isfinite', (x): Array => {
  if (x.dtype.kind === 'c') return lax.bitwiseAnd(isfinite(real(x)), isfinite(imag(x)));
  return isFloat(x) ? pw.isFinite(x) : allBool(x, true);
});
/** Return boolean array indicating whether each element of input is positive infinite. */
export const isposinf = unary('isposinf', (x): Array => (isFloat(x) ? lax.eq(x, strong(x, Infinity)) : allBool(x, false)));
/** Return boolean array indicating whether each element of input is negative infinite. */
export const isneginf = unary('isneginf', (x): Array => (isFloat(x) ? lax.eq(x, strong(x, -Infinity)) : allBool(x, false)));

/** nanToNum's options (JAX's keywords; `copy` is accepted and has no effect, as in JAX). */
export interface NanToNumOptions {
  copy?: boolean;
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}

const FLOAT_MAX: Record<string, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/** Replace NaN and infinite entries in an array: NaN → `nan` (0), ±inf → `posinf`/`neginf` (the dtype's largest finite values); integers are unchanged. */
export const nanToNum = declare('nanToNum', {
  arity: 6,
  arrays: 1,
  impl: (x: ArrayLike, copy?: boolean | NanToNumOptions, nan?: number | NanToNumOptions, posinf?: number | null | NanToNumOptions, neginf?: number | null | NanToNumOptions, opts?: NanToNumOptions): Array => {
    const o = bindArgs('nanToNum', ['copy', 'nan', 'posinf', 'neginf'], [copy, nan, posinf, neginf, opts]);
    // Checked before the integer early return, so bad arguments raise for every dtype.
    if (o.copy !== undefined && o.copy !== null && typeof o.copy !== 'boolean') throw new TypeError(`nanToNum(): 'copy' must be a boolean, got ${typeof o.copy}.`);
    const num = (name: string, v: unknown): number | undefined => {
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number') throw new TypeError(`nanToNum(): '${name}' must be a number, got ${typeof v}.`);
      return v;
    };
    const [vNan, vPos, vNeg] = [num('nan', o.nan), num('posinf', o.posinf), num('neginf', o.neginf)];
    const a = asArray(x);
    if (!isFloat(a)) return a;
    const max = FLOAT_MAX[a.dtype.name] ?? Infinity;
    let out = lax.select(lax.ne(a, a), strong(a, vNan ?? 0), a);
    out = lax.select(lax.eq(out, strong(a, Infinity)), strong(a, vPos ?? max), out);
    return lax.select(lax.eq(out, strong(a, -Infinity)), strong(a, vNeg ?? -max), out);
  },
});

/** Float sign bits without a bitcast: negative, or -0 (1 / -0 is -inf). NaN reads as positive. */
function floatSignbit(x: Array): Array {
  const zero = c(x, 0);
  return lax.bitwiseOr(lax.lt(x, zero), lax.bitwiseAnd(lax.eq(x, zero), lax.lt(lax.div(c(x, 1), x), zero)));
}

/** Return the sign bit of array elements (true for negative values and -0; NaN counts as positive). */
export const signbit = unary('signbit', (x): Array => {
  if (x.dtype.kind === 'b') return allBool(x, false);
  if (!isFloat(x)) return lax.lt(x, strong(x, 0));
  return lax.convertElementType(floatSignbit(x), bool, false);
});
/** Copies the sign of each element in x2 to the corresponding element in x1 (integers promote to float). */
export const copysign = binary('copysign', (x1, x2): Array => lax.select(floatSignbit(x2), lax.neg(lax.abs(x1)), lax.abs(x1)), inexact);

/** Round elements of an array to the nearest integer, half to even (integers and bools become the default float, as JAX). */
export const rint = unary('rint', (x): Array => (isFloat(x) ? lax.round(x) : lax.convertElementType(x, defaultFloat(), false)));
/** Round input to the nearest integer towards zero (integers and bools are unchanged). */
export const trunc = unary('trunc', (x): Array => (isFloat(x) ? truncFloat(x) : x));

// JAX's where(greater(x1, x2) | isnan(x2), x1, x2): complex values compare lexicographically.
const [gt, lt] = [complexComparison(lax.gt), complexComparison(lax.lt)];
/** Return element-wise maximum of the input arrays, ignoring NaN unless both are. */
export const fmax = binary('fmax', (x1, x2): Array => lax.select(lax.bitwiseOr(gt(x1, x2), lax.ne(x2, x2)), x1, x2));
/** Return element-wise minimum of the input arrays, ignoring NaN unless both are. */
export const fmin = binary('fmin', (x1, x2): Array => lax.select(lax.bitwiseOr(lt(x1, x2), lax.ne(x2, x2)), x1, x2));
/** Compute the heaviside step function: 0 for x1 < 0, 1 for x1 > 0, x2 where x1 is 0 (NaN stays NaN). */
export const heaviside = binaryInexactStrong('heaviside', (x1, x2): Array =>
  lax.select(lax.lt(x1, c(x1, 0)), c(x1, 0), lax.select(lax.gt(x1, c(x1, 0)), c(x1, 1), lax.select(lax.eq(x1, c(x1, 0)), x2, x1))),
);
/** Return element-wise positive values of the input (the input itself). */
export const positive = unary('positive', (x): Array => x);
/** Alias of abs. */
export const absolute = alias('absolute', abs);
/** Return the next floating point value after x1 towards x2, element-wise. */
export const nextafter = binary('nextafter', (x1, x2): Array => pw.nextafter(x1, x2), inexact);

// --- frexp / ldexp, exact without bitcasts: powers of two are exact, and each product is one rounding ---
interface FloatInfo {
  /** Exponents of the smallest and largest normal powers of two. */
  minExp: number;
  maxExp: number;
}
const info = (x: Array): FloatInfo => (x.dtype === float32 ? { minExp: -126, maxExp: 127 } : { minExp: -1022, maxExp: 1023 });
const pow2 = (e: Array) => lax.pow(c(e, 2), e);

/** frexp on floats: the mantissa in [0.5, 1) and the exponent (a float), exact for subnormals too. */
function frexpFloat(x: Array): [Array, Array] {
  const ax = lax.abs(x);
  const special = lax.bitwiseOr(lax.eq(ax, c(x, 0)), lax.bitwiseOr(lax.ne(x, x), lax.eq(ax, c(x, Infinity))));
  const safe = lax.select(special, c(x, 1), ax);
  // An estimate within one of the exponent; then x·2^-e in two exact steps (2^-e alone may overflow).
  let e = lax.add(lax.floor(lax.div(lax.log(safe), lax.log(c(x, 2)))), c(x, 1));
  const half = lax.select(lax.lt(e, c(e, 0)), lax.ceil(lax.div(lax.neg(e), c(e, 2))), lax.floor(lax.div(lax.neg(e), c(e, 2))));
  let m = lax.mul(lax.mul(safe, pow2(half)), pow2(lax.sub(lax.neg(e), half)));
  const big = lax.ge(m, c(m, 1));
  const small = lax.lt(m, c(m, 0.5));
  m = lax.select(big, lax.mul(m, c(m, 0.5)), lax.select(small, lax.mul(m, c(m, 2)), m));
  e = lax.select(big, lax.add(e, c(e, 1)), lax.select(small, lax.sub(e, c(e, 1)), e));
  const signed = lax.select(lax.lt(x, c(x, 0)), lax.neg(m), m);
  return [lax.select(special, x, signed), lax.select(special, c(e, 0), e)];
}

/** Split floating point values into mantissa and twos exponent: `[m, e]` with x = m·2^e, 0.5 ≤ |m| < 1 (e int32). */
export const frexp = declare('frexp', {
  arity: 2,
  arrays: 1,
  impl: (x: ArrayLike, opts?: UfuncOptions): [Array, Array] => {
    const o = bindArgs('frexp', ['out'], [opts], ['out']);
    if (o.out !== undefined && o.out !== null) throw new TypeError("frexp(): 'out' is not supported (as in JAX).");
    const [a] = promoteArgsInexact(x);
    const [m, e] = frexpFloat(a!);
    return [lax.convertElementType(m, m.dtype, false), lax.convertElementType(e, int32, false)];
  },
});

/** Compute x1 · 2^x2 (x2 integer): one rounding, so subnormal and overflowing results are exact. */
export const ldexp = declare('ldexp', {
  arity: 3,
  arrays: 2,
  impl: (x1: ArrayLike, x2: ArrayLike, opts?: UfuncOptions): Array => {
    const o = bindArgs('ldexp', ['out'], [opts], ['out']);
    if (o.out !== undefined && o.out !== null) throw new TypeError("ldexp(): 'out' is not supported (as in JAX).");
    const [a0] = promoteArgsInexact(x1);
    const n0 = asArray(x2);
    if (n0.dtype.kind !== 'i' && n0.dtype.kind !== 'u' && n0.dtype.kind !== 'b')
      throw new DtypeError(`ldexp: the exponent x2 must be an integer array, got ${n0.dtype.name}.`);
    const shape = broadcastShapes(a0!.shape, n0.shape);
    const [a, n] = [broadcastArray(a0!, shape), broadcastArray(n0, shape)];
    const [m, e] = frexpFloat(a);
    const { minExp, maxExp } = info(a);
    // Exponents beyond ±(range + precision) saturate to 0 or inf alike: clamp before the sum.
    const nf = lax.convertElementType(lax.max(lax.min(lax.convertElementType(n, int32, false), full(shape, 2200, int32)), full(shape, -2200, int32)), a.dtype, false);
    const s = lax.add(e, lax.sub(nf, c(e, 1)));
    const hi = lax.max(lax.min(s, c(s, maxExp)), c(s, minExp));
    const out = lax.mul(lax.mul(lax.mul(m, c(m, 2)), pow2(hi)), pow2(lax.sub(s, hi)));
    const special = lax.bitwiseOr(lax.eq(a, c(a, 0)), lax.bitwiseOr(lax.ne(a, a), lax.eq(lax.abs(a), c(a, Infinity))));
    return lax.select(special, a, out);
  },
});

