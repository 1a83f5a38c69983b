// Complex elementary functions on (re, im) planes, for the `complex` rules of exp, log, sqrt,
// sin… (src/lax/elementwise.ts). The formulas keep C99/numpy's branch cuts and signed zeros and
// avoid overflow where the result is finite; test/complex checks them against JAX.
import type { Array } from '../core/array.js';
import type { Planes } from '../core/primitive.js';
import { cabs, cdiv, cmul, copysign, planes } from './complexPlanes.js';
import { abs, add, bitwiseAnd as and, cos, div, eq, exp, expm1, gt, log, log1p, lt, mul, neg, pow, select, sin, sqrt, sub, tanh } from './elementwise.js';
import { atan2, cosh, sinh } from './transcendental.js';
import { fullLike } from './structural.js';

const c = (x: Array, v: number) => fullLike(x, v);
const isZero = (x: Array) => eq(x, c(x, 0));

/** e^(a+bi) = e^a (cos b + i sin b); a real argument (b = ±0) keeps its imaginary zero. */
export function cexp(z: Planes): Planes {
  const { re: a, im: b } = z;
  const ea = exp(a);
  return planes(select(isZero(b), ea, mul(ea, cos(b))), select(isZero(b), b, mul(ea, sin(b))));
}

/** log z = log|z| + i·arg z (arg by atan2: the cut along the negative reals, the sign of a zero imaginary part picking the side). */
export function clog(z: Planes): Planes {
  return planes(log(cabs(z)), atan2(z.im, z.re));
}

/**
 * √z by Kahan's method: t = √((|a| + |z|)/2) computed without overflow, then (t, b/2t) for a ≥ 0
 * and (|b|/2t, copysign(t, b)) otherwise; √(±0 + bi) of b = ±0 is (0, b), an infinite imaginary
 * part gives (inf, b).
 */
export function csqrt(z: Planes): Planes {
  const { re: a, im: b } = z;
  const r = cabs(z);
  // (|a| + r)/2 as |a|/2 + r/2: no overflow near the top of the range.
  const t = sqrt(add(mul(abs(a), c(a, 0.5)), mul(r, c(r, 0.5))));
  const twoT = add(t, t);
  const pos = planes(t, div(b, twoT));
  // JAX (XLA) takes the upper half for b = -0 too: (-4 - 0i)^½ is 2i, not numpy's -2i.
  const negA = planes(div(abs(b), twoT), select(lt(b, c(b, 0)), neg(t), t));
  const aNeg = lt(a, c(a, 0));
  let re = select(aNeg, negA.re, pos.re);
  let im = select(aNeg, negA.im, pos.im);
  const zero = and(isZero(a), isZero(b));
  re = select(zero, c(a, 0), re);
  im = select(zero, b, im);
  const bInf = eq(abs(b), c(b, Infinity));
  return planes(select(bInf, c(a, Infinity), re), select(bInf, b, im));
}

/** cosh b and sinh b from expm1 (no cancellation for small b), as JAX's _sin_complex. */
function coshSinh(b: Array): [Array, Array] {
  const e1 = expm1(b);
  const e2 = expm1(neg(b));
  return [mul(add(add(e1, e2), c(b, 2)), c(b, 0.5)), mul(sub(e1, e2), c(b, 0.5))];
}

/** sin(a+bi) = sin a cosh b + i cos a sinh b (JAX's _sin_complex: a real part of exactly 0 when a = 0, not 0·inf). */
export function csin(z: Planes): Planes {
  const { re: a, im: b } = z;
  const [ch, sh] = coshSinh(b);
  return planes(select(isZero(a), c(a, 0), mul(sin(a), ch)), mul(cos(a), sh));
}

/** cos(a+bi) = cos a cosh b − i sin a sinh b (JAX's _cos_complex). */
export function ccos(z: Planes): Planes {
  const { re: a, im: b } = z;
  const [ch, sh] = coshSinh(b);
  return planes(mul(cos(a), ch), select(isZero(a), c(a, 0), neg(mul(sin(a), sh))));
}

const LOG_HALF = Math.log(0.5);
/** e^(z + log ½): e^z / 2 without overflowing first. */
const halfExp = (z: Planes) => cexp(planes(add(z.re, c(z.re, LOG_HALF)), z.im));
const cneg = (z: Planes) => planes(neg(z.re), neg(z.im));

/** sinh z as XLA's chlo.sinh: (e^z − e^−z)/2 for |z| < 1, else e^(z + log ½) − e^(−z + log ½). */
export function csinh(z: Planes): Planes {
  const small = lt(cabs(z), c(z.re, 1));
  const [p, q] = [cexp(z), cexp(cneg(z))];
  const [hp, hq] = [halfExp(z), halfExp(cneg(z))];
  const half = c(z.re, 0.5);
  return planes(
    select(small, mul(sub(p.re, q.re), half), sub(hp.re, hq.re)),
    select(small, mul(sub(p.im, q.im), half), sub(hp.im, hq.im)),
  );
}

/** cosh z as XLA's chlo.cosh: e^(z + log ½) + e^(−z + log ½). */
export function ccosh(z: Planes): Planes {
  const [hp, hq] = [halfExp(z), halfExp(cneg(z))];
  return planes(add(hp.re, hq.re), add(hp.im, hq.im));
}

/**
 * tanh(a+bi) = (sinh 2a + i sin 2b) / (cosh 2a + cos 2b), written as (tanh a (1 + tan² b) + i tan b
 * sech² a) / (1 + tanh² a tan² b) so large |a| gives ±1 without inf/inf.
 */
export function ctanh(z: Planes): Planes {
  const { re: a, im: b } = z;
  const ta = tanh(a);
  const tb = div(sin(b), cos(b));
  const one = c(a, 1);
  // sech² a = 1 − tanh² a loses everything for large |a|; 4 e^(−2|a|) is its tail.
  const big = gt(abs(a), c(a, 20));
  const sech2 = select(big, mul(c(a, 4), exp(mul(c(a, -2), abs(a)))), sub(one, mul(ta, ta)));
  const den = add(one, mul(mul(ta, ta), mul(tb, tb)));
  const re = div(mul(ta, add(one, mul(tb, tb))), den);
  const im = div(mul(tb, sech2), den);
  // tan b overflows near b = π/2 + kπ: there the formula's limit is (1/tanh a, 0·…).
  const tbInf = eq(abs(tb), c(tb, Infinity));
  // |a| = inf: ±1 whatever b is (tan b may be NaN).
  const aInf = eq(abs(a), c(a, Infinity));
  return planes(
    select(aInf, copysign(one, a), select(tbInf, div(one, ta), re)),
    select(isZero(b), b, select(aInf, copysign(c(b, 0), tb), select(tbInf, c(b, 0), im))),
  );
}

/** tan z = −i tanh(iz). */
export function ctan(z: Planes): Planes {
  const t = ctanh(planes(neg(z.im), z.re));
  return planes(t.im, neg(t.re));
}

/** e^z − 1, accurate near 0: re = expm1(a) cos b − 2 sin²(b/2), im = e^a sin b. */
export function cexpm1(z: Planes): Planes {
  const { re: a, im: b } = z;
  const s = sin(mul(b, c(b, 0.5)));
  const re = sub(mul(expm1(a), cos(b)), mul(c(a, 2), mul(s, s)));
  const im = mul(exp(a), sin(b));
  return planes(select(isZero(b), expm1(a), re), select(isZero(b), b, im));
}

/** log(1 + z), accurate near 0: re = ½ log1p(a(2 + a) + b²) (log|1 + z| when that is large), im = atan2(b, 1 + a). */
export function clog1p(z: Planes): Planes {
  const { re: a, im: b } = z;
  const one = c(a, 1);
  const small = and(lt(abs(a), c(a, 0.5)), lt(abs(b), c(b, 0.5)));
  const nearRe = mul(c(a, 0.5), log1p(add(mul(a, add(c(a, 2), a)), mul(b, b))));
  const farRe = log(cabs(planes(add(one, a), b)));
  return planes(select(small, nearRe, farRe), atan2(b, add(one, a)));
}

/** z / |z|, 0 at 0 (JAX's sign of a complex number). */
export function csign(z: Planes): Planes {
  const r = cabs(z);
  const zero = eq(r, c(r, 0));
  const safe = select(zero, c(r, 1), r);
  return planes(select(zero, c(r, 0), div(z.re, safe)), select(zero, c(r, 0), div(z.im, safe)));
}

/** z^n for an integer n, by repeated squaring as JAX's integer_pow (a negative n: 1 / z^−n). */
export function cintegerPow(z: Planes, n: number): Planes {
  if (n === 0) return planes(c(z.re, 1), c(z.im, 0));
  let acc: Planes | null = null;
  let base = z;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) acc = acc ? cmul(acc, base) : base;
    if (k > 1) base = cmul(base, base);
  }
  return n > 0 ? acc! : cdiv(planes(c(z.re, 1), c(z.im, 0)), acc!);
}

/**
 * x^y as XLA computes it: |x|^c e^(−d arg x) (cos r + i sin r) with r = c arg x + d ln |x| for
 * y = c + di (|x| without overflow); a zero base gives 1 for y = 0, 0 for a real y > 0, and NaN
 * otherwise.
 */
export function cpow(x: Planes, y: Planes): Planes {
  const { re: a, im: b } = x;
  const { re: cc, im: d } = y;
  const r0 = cabs(x);
  const arg = atan2(b, a);
  const coeff = mul(pow(r0, cc), exp(mul(neg(d), arg)));
  const r = add(mul(cc, arg), mul(d, log(r0)));
  const xZero = and(isZero(a), isZero(b));
  const dZero = isZero(d);
  const zeroBase = select(and(isZero(cc), dZero), c(a, 1), select(and(dZero, gt(cc, c(cc, 0))), c(a, 0), c(a, NaN)));
  const zeroIm = select(and(dZero, gt(cc, c(cc, 0))), c(a, 0), select(and(isZero(cc), dZero), c(a, 0), c(a, NaN)));
  // y = 0 gives 1 whatever x is; a non-negative real base to a real power is the real power.
  const yZero = and(isZero(cc), dZero);
  const realCase = and(and(isZero(b), dZero), gt(a, c(a, 0)));
  const re = select(yZero, c(a, 1), select(xZero, zeroBase, select(realCase, pow(a, cc), mul(coeff, cos(r)))));
  const im = select(yZero, c(a, 0), select(xZero, zeroIm, select(realCase, c(a, 0), mul(coeff, sin(r)))));
  return planes(re, im);
}
