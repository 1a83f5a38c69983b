// Scalar-style arithmetic on arrays for the special functions' formulas: each op is a lax
// elementwise primitive (so the formulas fuse, jit, vmap and differentiate), and a JS number
// beside an array is a constant of that array's shape and dtype (XLA's ScalarLike), so a
// polynomial reads as it does in Cephes or XLA.
import type { Array } from '../../core/array.js';
import * as lax from '../../lax/elementwise.js';
import { full } from '../../lax/structural.js';

/** An array, or a number standing for a constant like the array beside it. */
export type V = Array | number;

/** `v` as an array like `like` (same shape, dtype and weak type, as JAX's _const). */
export const k = (like: Array, v: V): Array => (typeof v === 'number' ? full(like.shape, v, like.dtype, like.weakType) : v);

function bin(f: (a: Array, b: Array) => Array) {
  return (a: V, b: V): Array => {
    const like = typeof a === 'number' ? (b as Array) : a;
    return f(k(like, a), k(like, b));
  };
}

export const add = bin(lax.add);
export const sub = bin(lax.sub);
export const mul = bin(lax.mul);
export const div = bin(lax.div);
export const max = bin(lax.max);
export const min = bin(lax.min);
export const pow = bin(lax.pow);
export const lt = bin(lax.lt);
export const le = bin(lax.le);
export const gt = bin(lax.gt);
export const ge = bin(lax.ge);
export const eq = bin(lax.eq);
export const ne = bin(lax.ne);
export const and = bin(lax.bitwiseAnd);
export const or = bin(lax.bitwiseOr);
export const { neg, exp, log, log1p, expm1, sqrt, abs, floor, sin, cos, tanh, sign } = lax;
export const not = lax.bitwiseNot;
export const square = (x: Array): Array => lax.mul(x, x);

/** `onTrue` where `pred`, else `onFalse` (numbers are constants like the other branch). */
export function select(pred: Array, onTrue: V, onFalse: V): Array {
  const like = typeof onTrue === 'number' ? onFalse : onTrue;
  if (typeof like === 'number') throw new Error('internal: select needs an array branch to shape its constants.');
  return lax.select(pred, k(like, onTrue), k(like, onFalse));
}

/** Whether each element is NaN. */
export const isNan = (x: Array): Array => lax.ne(x, x);

/** `c[0] x^(n-1) + … + c[n-1]` by Horner's rule (XLA's EvaluatePolynomial, highest degree first). */
export function polyval(x: Array, coeffs: readonly number[]): Array {
  let p = k(x, coeffs[0]!);
  for (let i = 1; i < coeffs.length; i++) p = add(mul(p, x), coeffs[i]!);
  return p;
}

/** Whether `x` is float64 (the special functions pick their float64 or float32 algorithm, as XLA does). */
export const is64 = (x: Array): boolean => x.dtype.name === 'float64';
