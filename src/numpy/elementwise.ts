// jnp elementwise functions: arithmetic, transcendental functions, comparisons, logic, rounding,
// where and clip. Each is one declaration: a ufunc over a lax op, or its own implementation.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool as boolDtype, int32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import * as lax from '../lax/elementwise.js';
import { complexComparison } from './complexSupport.js';
import { alias, declare } from './declare.js';
import { broadcastArray, promoteArgs, truthy } from './promote.js';
import { binary, unary } from './ufunc.js';

// --- arithmetic ---
/** Add two arrays element-wise (`x.add(y)`, JAX's `x + y`). */
export const add = binary('add', lax.add, { method: 'add' });
/** Subtract two arrays element-wise (`x.sub(y)`, JAX's `x - y`). */
export const subtract = binary('subtract', lax.sub, { method: 'sub' });
/** Multiply two arrays element-wise (`x.mul(y)`, JAX's `x * y`). */
export const multiply = binary('multiply', lax.mul, { method: 'mul' });
/** Calculates the division of x by y element-wise; integers divide as floats (`x.div(y)`, JAX's `x / y`). */
export const divide = binary('divide', lax.div, { operands: 'inexact', method: 'div' });
/** Alias of divide (JAX's `true_divide`). */
export const trueDivide = alias('trueDivide', divide);

/**
 * Calculate element-wise base x exponential of y (`x.pow(y)`, JAX's `x ** y`): floats through
 * lax.pow; integer (and bool) bases by binary exponentiation in their dtype, wrapping as JAX's
 * `_pow_int_int` does (6 exponent bits; negative exponents give x^(y mod 64)).
 */
export const power = binary(
  'power',
  (x, y, given): Array => {
    let [a, b] = [x, y];
    if (a.dtype.kind === 'b') [a, b] = [lax.convertElementType(a, int32, a.weakType), lax.convertElementType(b, int32, b.weakType)];
    if (a.dtype.kind === 'c') {
      const e = asArray(given[1]);
      return e.dtype.kind === 'i' || e.dtype.kind === 'u' || e.dtype.kind === 'b' ? complexIntPow(a, broadcastArray(lax.convertElementType(e, int32), a.shape)) : lax.pow(a, b);
    }
    return a.dtype.kind === 'f' ? lax.pow(a, b) : powIntInt(a, b);
  },
  { method: 'pow' },
);

/**
 * A complex base to integer powers by binary exponentiation (JAX's integer_pow for a JS integer
 * exponent: exact where exp(y log x) rounds); |y| < 2^31, negative powers as 1 / x^−y.
 */
function complexIntPow(x: Array, y: Array): Array {
  const ic = (v: number) => lax.full(y.shape, v, int32);
  const m = lax.abs(y);
  let acc = x;
  let started = lax.full(y.shape, false, boolDtype);
  let base = x;
  const one = lax.full(x.shape, 1, x.dtype);
  for (let k = 0; k < 31; k++) {
    const bit = lax.ne(lax.bitwiseAnd(m, ic(2 ** k | 0)), ic(0));
    acc = lax.select(bit, lax.select(started, lax.mul(acc, base), base), acc);
    started = lax.bitwiseOr(started, bit);
    // Squares no bit needs are 1, not overflowing powers: their zero cotangents stay 0, not 0·inf.
    if (k < 30) base = lax.select(lax.ge(m, ic(2 ** (k + 1))), lax.mul(base, base), one);
  }
  acc = lax.select(started, acc, one);
  return lax.select(lax.lt(y, ic(0)), lax.div(one, acc), acc);
}

function powIntInt(x: Array, y: Array): Array {
  const c = (v: number, like: Array) => lax.full(like.shape, v, like.dtype, like.weakType);
  let acc = lax.select(lax.bitwiseAnd(lax.eq(x, c(0, x)), lax.ne(y, c(0, y))), c(0, x), c(1, x));
  let base = x;
  for (let k = 0; k < 6; k++) {
    const bit = lax.ne(lax.bitwiseAnd(y, c(1 << k, y)), c(0, y));
    acc = lax.select(bit, lax.mul(acc, base), acc);
    base = lax.mul(base, base);
  }
  return acc;
}

/** Return element-wise negative values of the input (`x.neg()`, JAX's `-x`); a DtypeError for bool. */
export const negative = unary(
  'negative',
  (a): Array => {
    if (a.dtype.kind === 'b') throw new DtypeError('negative is not defined for bool arrays; use logicalNot.');
    return lax.neg(a);
  },
  { method: 'neg' },
);
/** Return element-wise maximum of the input arrays (NaN wins, as in JAX). */
export const maximum = binary('maximum', lax.max);
/** Return element-wise minimum of the input arrays (NaN wins, as in JAX). */
export const minimum = binary('minimum', lax.min);

// --- transcendental (integers and bools promote to float) ---
/** Compute a trigonometric sine of each element of input. */
export const sin = unary('sin', lax.sin, { operands: 'inexact' });
/** Compute a trigonometric cosine of each element of input. */
export const cos = unary('cos', lax.cos, { operands: 'inexact' });
/** Compute a trigonometric tangent of each element of input. */
export const tan = unary('tan', lax.tan, { operands: 'inexact' });
/** Calculate element-wise hyperbolic tangent of input. */
export const tanh = unary('tanh', lax.tanh, { operands: 'inexact' });
/** Calculate element-wise exponential of the input. */
export const exp = unary('exp', lax.exp, { operands: 'inexact' });
/** Calculate element-wise natural logarithm of the input. */
export const log = unary('log', lax.log, { operands: 'inexact' });
/** Calculates element-wise logarithm of one plus input, `log(x+1)`. */
export const log1p = unary('log1p', lax.log1p, { operands: 'inexact' });
/** Calculate `exp(x)-1` of each element of the input. */
export const expm1 = unary('expm1', lax.expm1, { operands: 'inexact' });
/** Calculates element-wise non-negative square root of the input array. */
export const sqrt = unary('sqrt', lax.sqrt, { operands: 'inexact' });

// --- sign and rounding ---
/** Calculate the absolute value element-wise (bools are unchanged). */
export const abs = unary('abs', (x): Array => (x.dtype.kind === 'b' ? x : lax.abs(x)));
/** Return an element-wise indication of sign of the input (-1, 0 or 1). */
export const sign = unary('sign', lax.sign);
/** Round input to the nearest integer downwards (integers are unchanged). */
export const floor = unary('floor', (x): Array => (x.dtype.kind === 'f' ? lax.floor(x) : x));
/** Round input to the nearest integer upwards (integers are unchanged). */
export const ceil = unary('ceil', (x): Array => (x.dtype.kind === 'f' ? lax.ceil(x) : x));

/**
 * Round input evenly to the given number of decimals (`round(x, decimals = 0)`, half to even, as
 * JAX); integers are unchanged; a DtypeError for bools and for integers with negative decimals.
 */
export const round = declare('round', {
  arrays: 1,
  method: 'round',
  impl: (x: ArrayLike, decimals?: number | { decimals?: number; out?: null }, ...rest: [out?: null | { decimals?: number; out?: null }, opts?: { decimals?: number; out?: null }]): Array => {
    const a = asArray(x);
    const o = bindArgs('round', ['decimals', 'out'], [decimals, ...rest]);
    if (o.out !== undefined && o.out !== null) throw new TypeError("round(): 'out' is not supported (arrays are immutable); use the returned array.");
    const dec = intArg('round', 'decimals', o.decimals, 0);
    if (a.dtype.kind !== 'f') {
      if (a.dtype.kind === 'b') throw new DtypeError('round does not accept bool arrays; convert with .astype first.');
      if (dec < 0) throw new DtypeError('round of an integer array with decimals < 0 is not implemented (as in JAX); convert to float first.');
      return a;
    }
    if (dec === 0) return lax.round(a);
    const factor = lax.full(a.shape, 10 ** dec, a.dtype, a.weakType);
    return lax.div(lax.round(lax.mul(a, factor)), factor);
  },
});
/** Alias of round (JAX's `around`). */
export const around = alias('around', round);

// --- comparisons (bool results) ---
/** Returns element-wise truth value of `x == y` (`x.eq(y)`). */
export const equal = binary('equal', lax.eq, { method: 'eq' });
/** Returns element-wise truth value of `x != y` (`x.ne(y)`). */
export const notEqual = binary('notEqual', lax.ne, { method: 'ne' });
/** Return element-wise truth value of `x < y` (`x.lt(y)`). */
export const less = binary('less', complexComparison(lax.lt), { method: 'lt' });
/** Return element-wise truth value of `x <= y` (`x.le(y)`). */
export const lessEqual = binary('lessEqual', complexComparison(lax.le), { method: 'le' });
/** Return element-wise truth value of `x > y` (`x.gt(y)`). */
export const greater = binary('greater', complexComparison(lax.gt), { method: 'gt' });
/** Return element-wise truth value of `x >= y` (`x.ge(y)`). */
export const greaterEqual = binary('greaterEqual', complexComparison(lax.ge), { method: 'ge' });

// --- logic (NumPy truthiness: nonzero is true) ---
/** Compute the logical AND operation elementwise. */
export const logicalAnd = binary('logicalAnd', lax.bitwiseAnd, { operands: 'bool' });
/** Compute the logical OR operation elementwise. */
export const logicalOr = binary('logicalOr', lax.bitwiseOr, { operands: 'bool' });
/** Compute NOT bool(x) element-wise. */
export const logicalNot = unary('logicalNot', lax.bitwiseNot, { operands: 'bool' });

// --- selection ---
/** where's options: `size` and `fillValue` belong to its one-argument form (nonzero). */
export interface WhereOptions {
  size?: null;
  fillValue?: null;
}

/** Select elements from two arrays based on a condition (nonzero is true), broadcasting all three and promoting x and y. */
export const where = declare('where', {
  arity: 4,
  arrays: 3,
  impl: (condition: ArrayLike, x: ArrayLike, y: ArrayLike, opts?: WhereOptions): Array => {
    const o = bindArgs('where', ['size', 'fillValue'], [opts], ['size', 'fillValue']);
    if ((o.size ?? null) !== null || (o.fillValue ?? null) !== null)
      throw new TypeError("where(): 'size' and 'fillValue' apply to the one-argument form (nonzero), which jaxpool does not have yet.");
    const [a, b] = promoteArgs(x, y);
    const c = truthy(asArray(condition));
    const shape = broadcastShapes(c.shape, a!.shape);
    return lax.select(broadcastArray(c, shape), broadcastArray(a!, shape), broadcastArray(b!, shape));
  },
});

/** clip's bounds by name. */
export interface ClipOptions {
  min?: ArrayLike | null;
  max?: ArrayLike | null;
}

/** Clip array values to a specified range: `clip(x, min?, max?)` is `minimum(maximum(x, min), max)`, as JAX. */
export const clip = declare('clip', {
  arity: 4,
  arrays: 3,
  method: 'clip',
  impl: (x: ArrayLike, min?: ArrayLike | null | ClipOptions, max?: ArrayLike | null | ClipOptions, opts?: ClipOptions): Array => {
    const o = bindArgs('clip', ['min', 'max'], [min, max, opts]);
    let out = asArray(x);
    if (o.min !== undefined && o.min !== null) out = maximum(out, o.min as ArrayLike);
    if (o.max !== undefined && o.max !== null) out = minimum(out, o.max as ArrayLike);
    return out;
  },
});
