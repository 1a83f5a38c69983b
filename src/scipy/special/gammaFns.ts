// Functions of Γ as jax.scipy.special writes them: gammasgn and gamma (the sign times exp(lgamma)),
// betaln (SciPy's cdflib algdiv for b ≥ 8, where lgamma differences cancel), beta and factorial.
import type { Array } from '../../core/array.js';
import { rem } from '../../lax/elementwise.js';
import { lgamma } from './lgamma.js';
import { add, and, div, eq, exp, floor, isNan, k, le, log, log1p, lt, max, min, mul, ne, or, select, sub } from './ops.js';

/** The sign of Γ(x): NaN at the poles and for NaN, -1 where Γ is negative (and at -0), else 1. */
export function gammasgn(x: Array): Array {
  const fl = floor(x);
  const neg = lt(x, 0);
  const nanCase = or(and(neg, eq(x, fl)), isNan(x));
  const negZero = and(eq(x, 0), lt(div(1, x), 0));
  const minus = or(and(neg, ne(rem(fl, k(fl, 2)), k(fl, 0))), negZero);
  return select(nanCase, k(x, NaN), select(minus, k(x, -1), 1));
}

/** Γ(x) = gammasgn(x) exp(lgamma(x)). */
export const gamma = (x: Array): Array => mul(gammasgn(x), exp(lgamma(x)));

/** log Γ(a) - log Γ(a + b) for 8 ≤ b, a ≤ b (cdflib's algdiv). */
function algdiv(a: Array, b: Array): Array {
  const [c0, c1, c2, c3, c4, c5] = [0.833333333333333e-1, -0.277777777760991e-2, 0.79365066682539e-3, -0.59520293135187e-3, 0.837308034031215e-3, -0.165322962780713e-2];
  const h = div(a, b);
  const c = div(h, add(1, h));
  const x = c;
  const d = add(b, sub(a, 0.5));
  const x2 = mul(x, x);
  const s3 = add(1, add(x, x2));
  const s5 = add(1, add(x, mul(x2, s3)));
  const s7 = add(1, add(x, mul(x2, s5)));
  const s9 = add(1, add(x, mul(x2, s7)));
  const s11 = add(1, add(x, mul(x2, s9)));
  const ib = div(1, b);
  const t = mul(ib, ib);
  let w = add(mul(mul(c5, s11), t), mul(c4, s9));
  w = add(mul(w, t), mul(c3, s7));
  w = add(mul(w, t), mul(c2, s5));
  w = add(mul(w, t), mul(c1, s3));
  w = add(mul(w, t), c0);
  w = mul(w, div(c, b));
  const u = mul(d, log1p(div(a, b)));
  const v = mul(a, sub(log(b), 1));
  return select(le(u, v), sub(sub(w, v), u), sub(sub(w, u), v));
}

/** log|B(a, b)|. */
export function betaln(a0: Array, b0: Array): Array {
  const a = min(a0, b0);
  const b = max(a0, b0);
  const small = add(lgamma(a), sub(lgamma(b), lgamma(add(a, b))));
  const large = add(lgamma(a), algdiv(a, b));
  return select(lt(b, 8), small, large);
}

/** B(a, b) with its sign. */
export const beta = (a: Array, b: Array): Array => mul(mul(mul(gammasgn(a), gammasgn(b)), gammasgn(add(a, b))), exp(betaln(a, b)));

/** n! = Γ(n + 1), 0 for n < 0. */
export const factorial = (n: Array): Array => select(lt(n, 0), k(n, 0), exp(lgamma(add(n, 1))));
