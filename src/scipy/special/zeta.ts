// The Hurwitz zeta function ζ(x, q) and polygamma as XLA computes them (JAX's lax.zeta and
// lax.polygamma): nine terms of the series, then a 12-term Euler–Maclaurin tail by Horner's rule;
// polygamma(n, x) = (-1)^(n+1) n! ζ(n + 1, x), digamma for n = 0, NaN for n not a natural number.
import type { Array } from '../../core/array.js';
import { upcastHalf } from '../define.js';
import { digammaImpl, lgammaImpl } from './lgamma.js';
import { abs, add, and, div, eq, exp, floor, is64, k, le, lt, mul, ne, neg, or, pow, select, square, sub } from './ops.js';
import { rem } from '../../lax/elementwise.js';

// (2k)! / B_2k, highest k first.
const COEFFS = [
  -7.1661652561756670113e18, 1.8152105401943546773e17, -4.5979787224074726105e15, 1.1646782814350067249e14, -2.950130727918164224e12, 7.47242496e10,
  -1.8924375803183791606e9, 47900160.0, -1209600.0, 30240.0, -720.0, 12.0,
];

/** ζ(x, q) on float arrays of one shape and dtype. */
export const zetaImpl = upcastHalf((x: Array, q: Array): Array => {
  let a = q;
  const nx = neg(x);
  let initial = pow(q, nx);
  for (let i = 0; i < 9; i++) {
    a = add(a, 1);
    initial = add(initial, pow(a, nx));
  }
  a = add(a, 1);
  const negPower = pow(a, nx);
  let s = add(initial, div(mul(negPower, a), sub(x, 1)));
  const aInvSq = div(1, square(a));
  let horner = k(a, 0);
  for (let i = 0; i < 11; i++) {
    const factor = mul(add(x, 22 - 2 * i), add(x, 21 - 2 * i));
    horner = mul(mul(factor, aInvSq), add(horner, 1 / COEFFS[i]!));
  }
  s = add(s, mul(negPower, add(0.5, mul(div(x, a), add(1 / COEFFS[11]!, horner)))));
  const eps = is64(x) ? 2 ** -52 : 2 ** -23;
  let out = select(lt(abs(negPower), mul(abs(initial), eps)), initial, s);
  out = select(eq(x, 1), Infinity, out);
  out = select(lt(x, 1), NaN, out);
  out = select(and(le(q, 0), ne(x, floor(x))), NaN, out);
  const atPole = and(le(q, 0), eq(q, floor(q)));
  const evenInt = and(eq(rem(x, k(x, 2)), k(x, 0)), eq(x, floor(x)));
  return select(atPole, select(evenInt, k(x, Infinity), NaN), out);
});

/** polygamma(n, x) on float arrays of one shape and dtype. */
export const polygammaImpl = upcastHalf((n: Array, x: Array): Array => {
  const n1 = add(n, 1);
  const sign = sub(mul(2, rem(n, k(n, 2))), 1);
  const out = select(eq(n, 0), digammaImpl(x), mul(mul(sign, exp(lgammaImpl(n1))), zetaImpl(n1, x)));
  return select(or(ne(n, floor(n)), lt(n, 0)), NaN, out);
});
