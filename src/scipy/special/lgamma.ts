// log|Γ(x)| and ψ(x) as XLA computes them (JAX's lax.lgamma and lax.digamma): Lanczos'
// approximation with g = 7 and 9 terms, Euler's reflection below 1/2, with JAX's derivative
// rules (lgamma' = digamma, digamma' = polygamma(1, ·)).
import type { Array } from '../../core/array.js';
import { upcastHalf } from '../define.js';
import { withJvp } from './custom.js';
import { polygammaImpl } from './zeta.js';
import { abs, add, and, k, cos, div, eq, floor, gt, le, log, log1p, lt, mul, neg, select, sin, sub } from './ops.js';

const G = 7;
const BASE = 0.99999999999980993227684700473478;
const COEFFS = [
  676.520368121885098567009190444019, -1259.13921672240287047156078755283, 771.3234287776530788486528258894, -176.61502916214059906584551354,
  12.507343278686904814458936853, -0.13857109526572011689554707, 9.984369578019570859563e-6, 1.50563273514931155834e-7,
];
const LOG_SQRT_2PI = (Math.log(2) + Math.log(Math.PI)) / 2;
const LOG_PI = Math.log(Math.PI);

/** log t for t = g + 1/2 + z, as log(g + 1/2) + log1p(z / (g + 1/2)) (XLA's form, kind to a coarse log). */
const logT = (z: Array) => add(Math.log(G + 0.5), log1p(div(z, G + 0.5)));

/** lgamma on a float array. */
export const lgammaImpl = upcastHalf((input: Array): Array => {
  const reflect = lt(input, 0.5);
  const z = select(reflect, neg(input), sub(input, 1));
  let x = k(z, BASE); // A(z) = base + Σ c_i / (z + i + 1)
  COEFFS.forEach((c, i) => (x = add(x, div(c, add(z, i + 1)))));
  const t = add(z, G + 0.5);
  const lt_ = logT(z);
  // (z + 1/2 - t / log t) log t: the same as (z + 1/2) log t - t without overflowing.
  const logY = add(add(LOG_SQRT_2PI, mul(sub(add(z, 0.5), div(t, lt_)), lt_)), log(x));
  // Reflection: lgamma(x) = log π - lgamma(1 - x) - log|sin(π x)|, with sin's argument reduced to
  // [0, 1/2] (|frac(x)| mirrored about 1/2), which keeps precision near the poles.
  const ax = abs(input);
  const frac = sub(ax, floor(ax));
  const reduced = select(gt(frac, 0.5), sub(1, frac), frac);
  const denom = log(sin(mul(Math.PI, reduced)));
  const finite = and(eq(denom, denom), lt(abs(denom), Infinity));
  const reflection = select(finite, sub(sub(LOG_PI, denom), logY), neg(denom));
  const result = select(reflect, reflection, logY);
  return select(eq(abs(input), Infinity), Infinity, result);
});

/** digamma on a float array: NaN at the poles (0 and the negative integers). */
export const digammaImpl = upcastHalf((input: Array): Array => {
  const reflect = lt(input, 0.5);
  const z = select(reflect, neg(input), sub(input, 1));
  let num = k(z, 0);
  let denom = k(z, BASE);
  COEFFS.forEach((c, i) => {
    const zi = add(z, i + 1);
    num = sub(num, div(c, mul(zi, zi)));
    denom = add(denom, div(c, zi));
  });
  const t = add(z, G + 0.5);
  const y = sub(add(logT(z), div(num, denom)), div(G, t));
  // ψ(x) = ψ(1 - x) - π cot(π x), with x shifted into [-1/2, 1/2] for an accurate cotangent.
  const reduced = add(input, abs(floor(add(input, 0.5))));
  const reflection = sub(y, div(mul(Math.PI, cos(mul(Math.PI, reduced))), sin(mul(Math.PI, reduced))));
  const result = select(reflect, reflection, y);
  return select(and(le(input, 0), eq(input, floor(input))), NaN, result);
});

/** lax.lgamma with JAX's rule: d lgamma = digamma. */
export const lgamma = withJvp(lgammaImpl, ([x], [t]) => mul(t!, digamma(x!)));
/** lax.digamma with JAX's rule: d digamma = polygamma(1, ·). */
export const digamma: (x: Array) => Array = withJvp(digammaImpl, ([x], [t]) => mul(t!, polygammaImpl(k(x!, 1), x!)));
