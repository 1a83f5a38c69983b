// jnp's trigonometric, hyperbolic, exponential and logarithmic functions beyond elementwise.ts's:
// integers and bools promote to float (JAX's promote_args_inexact); each is a lax primitive or
// JAX's own composition of them (logaddexp's stable form and derivative, sinc's Maclaurin rule at
// 0, hypot's scaling).
import type { Array } from '../core/array.js';
import { int32 } from '../core/dtypes.js';
import * as lax from '../lax/elementwise.js';
import * as pw from '../lax/powers.js';
import { full, fullLike } from '../lax/structural.js';
import * as tr from '../lax/transcendental.js';
import { customJvp } from '../transforms/customJvp.js';
import { alias } from './declare.js';
import { binary, unary } from './ufunc.js';
import { binaryInexactStrong } from './ufuncMore.js';
import { complex, imag, real } from '../lax/complex.js';

const inexact = { operands: 'inexact' } as const;
const c = (like: Array, v: number) => fullLike(like, v);
/** A constant like `x` but not weak (JAX's _constant_like). */
const strong = (x: Array, v: number) => full(x.shape, v, x.dtype, false);

/** Compute element-wise inverse of trigonometric sine of input. */
export const arcsin = unary('arcsin', (x): Array => tr.asin(x), inexact);
/** Alias of arcsin. */
export const asin = alias('asin', arcsin);
/** Compute element-wise inverse of trigonometric cosine of input. */
export const arccos = unary('arccos', (x): Array => tr.acos(x), inexact);
/** Alias of arccos. */
export const acos = alias('acos', arccos);
/** Compute element-wise inverse of trigonometric tangent of input. */
export const arctan = unary('arctan', (x): Array => tr.atan(x), inexact);
/** Alias of arctan. */
export const atan = alias('atan', arctan);
/** Compute the arctangent of x1/x2, choosing the correct quadrant. */
export const arctan2 = binary('arctan2', (x, y): Array => tr.atan2(x, y), inexact);
/** Alias of arctan2. */
export const atan2 = alias('atan2', arctan2);
/** Calculate element-wise hyperbolic sine of input. */
export const sinh = unary('sinh', (x): Array => tr.sinh(x), inexact);
/** Calculate element-wise hyperbolic cosine of input. */
export const cosh = unary('cosh', (x): Array => tr.cosh(x), inexact);
/** Calculate element-wise inverse of hyperbolic sine of input. */
export const arcsinh = unary('arcsinh', (x): Array => tr.asinh(x), inexact);
/** Alias of arcsinh. */
export const asinh = alias('asinh', arcsinh);
/** Calculate element-wise inverse of hyperbolic cosine of input. */
export const arccosh = unary('arccosh', (x): Array => tr.acosh(x), inexact);
/** Alias of arccosh. */
export const acosh = alias('acosh', arccosh);
/** Calculate element-wise inverse of hyperbolic tangent of input. */
export const arctanh = unary('arctanh', (x): Array => tr.atanh(x), inexact);
/** Alias of arctanh. */
export const atanh = alias('atanh', arctanh);
/** Compute the cube root of each element of the input. */
export const cbrt = unary('cbrt', (x): Array => tr.cbrt(x), inexact);
/** Calculate element-wise base-2 exponential of input. */
export const exp2 = unary('exp2', (x): Array => tr.exp2(x), inexact);
/** Calculates the base-2 logarithm of x element-wise (log(x) / log(2), as JAX). */
export const log2 = unary('log2', (x): Array => logBase(x, 2), inexact);
/** Calculates the base-10 logarithm of x element-wise (log(x) / log(10), as JAX). */
export const log10 = unary('log10', (x): Array => logBase(x, 10), inexact);

/** log(x) / log(base); of a complex x, each part of log(x) times 1/log(base) (as JAX, so ±inf parts stay). */
function logBase(x: Array, base: number): Array {
  if (x.dtype.kind !== 'c') return lax.div(lax.log(x), lax.log(strong(x, base)));
  const l = lax.log(x);
  const [re, im] = [real(l), imag(l)];
  const k = (p: Array) => lax.mul(p, full(p.shape, 1 / Math.log(base), p.dtype, false));
  return complex(k(re), k(im));
}
/** Calculate element-wise reciprocal of the input (`x ** -1`); integers promote to float. */
export const reciprocal = unary('reciprocal', (x): Array => pw.reciprocal(x), inexact);
/** Calculate element-wise square of the input array (integers stay integers; bools become int32). */
export const square = unary('square', (x): Array => pw.square(x.dtype.kind === 'b' ? lax.convertElementType(x, int32, x.weakType) : x));
/** Convert angles from degrees to radians. */
export const deg2rad = unary('deg2rad', (x): Array => lax.mul(x, c(x, Math.PI / 180)), inexact);
/** Alias of deg2rad. */
export const radians = alias('radians', deg2rad);
/** Convert angles from radians to degrees. */
export const rad2deg = unary('rad2deg', (x): Array => lax.mul(x, c(x, 180 / Math.PI)), inexact);
/** Alias of rad2deg. */
export const degrees = alias('degrees', rad2deg);
/** Calculate element-wise base x1 exponential of x2, in floating point (integers promote to float). */
export const floatPower = binary('floatPower', lax.pow, inexact);

// --- logaddexp: JAX's stable form, and its derivative with +inf replaced by 0 ---
/** +inf → 0, so the derivative's exp(x - out) is defined where both are +inf (JAX's _replace_inf). */
const replaceInf = (x: Array) => lax.select(lax.eq(x, c(x, Infinity)), c(x, 0), x);
/**
 * A customJvp function over arrays, typed plainly: inferring customJvp's generic types here would
 * read Array's members while Array's methods (derived from the declarations) are being computed.
 */
interface Custom<A extends unknown[]> {
  (...args: A): Array;
  defjvp(rule: (primals: A, tangents: Array[]) => readonly [Array, Array]): unknown;
}

const logaddexpRaw: Custom<[Array, Array]> = customJvp((x1: Array, x2: Array): Array => {
  const delta = lax.sub(x1, x2);
  const amax = lax.max(x1, x2);
  // NaN delta: NaNs, or infinities of one sign (whose sum is the answer).
  return lax.select(lax.ne(delta, delta), lax.add(x1, x2), lax.add(amax, lax.log1p(lax.exp(lax.neg(lax.abs(delta))))));
});
logaddexpRaw.defjvp(([x1, x2], [t1, t2]) => {
  const out = logaddexpRaw(x1, x2);
  const w = (x: Array) => lax.exp(lax.sub(replaceInf(x), replaceInf(out)));
  return [out, lax.add(lax.mul(t1!, w(x1)), lax.mul(t2!, w(x2)))];
});
const logaddexpOf = (x1: Array, x2: Array): Array => logaddexpRaw(x1, x2);
/** Compute `log(exp(x1) + exp(x2))` avoiding overflow. */
export const logaddexp = binary('logaddexp', logaddexpOf, inexact);
/** Logarithm of the sum of exponentials of inputs in base-2 avoiding overflow. */
export const logaddexp2 = binaryInexactStrong('logaddexp2', (x1, x2): Array => {
  const ln2 = c(x1, Math.LN2);
  return lax.div(logaddexpOf(lax.mul(x1, ln2), lax.mul(x2, ln2)), ln2);
});

// --- sinc: sin(πx)/(πx), 1 at 0, with derivatives at 0 from the Maclaurin series ---
/** The k-th derivative of sin(x)/x at 0: (-1)^(k/2) / (k + 1) for even k, 0 for odd (JAX's _sinc_maclaurin). */
const sincMaclaurin: Custom<[number, Array]> = customJvp(
  (k: number, x: Array): Array => (k % 2 ? lax.mul(x, c(x, 0)) : lax.add(lax.mul(x, c(x, 0)), c(x, (k % 4 === 0 ? 1 : -1) / (k + 1)))),
  { nondiffArgnums: [0] },
);
sincMaclaurin.defjvp(([k, x], [t]) => [sincMaclaurin(k, x), lax.mul(sincMaclaurin(k + 1, x), t!)]);
/** Calculate the normalized sinc function `sin(πx)/(πx)` (1 at 0, with its derivatives there). */
export const sinc = unary(
  'sinc',
  (x): Array => {
    const zero = lax.eq(x, c(x, 0));
    const pix = lax.mul(c(x, Math.PI), x);
    const safe = lax.select(zero, c(x, 1), pix);
    return lax.select(zero, sincMaclaurin(0, pix), lax.div(lax.sin(safe), safe));
  },
  inexact,
);

/** Return element-wise hypotenuse `sqrt(x1² + x2²)` for the given legs, without overflow (JAX's scaling). */
export const hypot = binaryInexactStrong('hypot', (a, b): Array => {
    const [x1, x2] = [lax.abs(a), lax.abs(b)];
    const inf = lax.bitwiseOr(lax.eq(x1, c(x1, Infinity)), lax.eq(x2, c(x2, Infinity)));
    const [big, small] = [lax.max(x1, x2), lax.min(x1, x2)];
    const bigZero = lax.eq(big, c(big, 0));
    const ratio = lax.div(small, lax.select(bigZero, c(big, 1), big));
    const r = lax.select(bigZero, big, lax.mul(big, lax.sqrt(lax.add(c(big, 1), lax.mul(ratio, ratio)))));
  return lax.select(inf, c(r, Infinity), r);
});

