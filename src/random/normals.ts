// truncatedNormal (inverse-CDF: √2·erf⁻¹ of a uniform between erf(lower/√2) and erf(upper/√2),
// clamped inside the bounds, as JAX) and multivariateNormal (mean + L·z with L the Cholesky
// factor of cov). jaxpool has no lax.erf yet: erf here is computed in float64 from its
// everywhere-positive series (|x| < 1.5) and the continued fraction of erfc (1.5 ≤ |x| < 6), ±1
// beyond, then rounded to the dtype; JAX uses XLA's erf, so the bounds (and samples) can differ
// from JAX's by an ulp or two.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, intArg } from '../core/args.js';
import { type DType, type DTypeLike, float64 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { abs, add, convertElementType, div, exp, ge, lt, mul, neg, select, sign } from '../lax/elementwise.js';
import { nextafter } from '../lax/powers.js';
import { stopGradient } from '../lax/stopGradient.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { param, sampleShape } from './continuous.js';
import { erfInv } from './erfInv.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { shapeOf } from './prng.js';
import { checkBroadcast, floatDtype, normalData, uniformData } from './uniform.js';

/** erf elementwise (see the header), in x's float dtype. */
export function erf(x: Array): Array {
  const d = x.dtype;
  const z = convertElementType(x, float64);
  const c = (v: number) => full(z.shape, v, float64);
  const ax = abs(z);
  // Small |x|: erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), all terms positive.
  const x2 = mul(z, z);
  let term = z;
  let sum = z;
  for (let n = 1; n <= 50; n++) {
    term = div(mul(term, mul(c(2), x2)), c(2 * n + 1));
    sum = add(sum, term);
  }
  const series = mul(mul(c(2 / Math.sqrt(Math.PI)), exp(neg(x2))), sum);
  // Larger |x|: erfc(|x|) = e^(−x²)/√π / (|x| + (1/2)/(|x| + 1/(|x| + (3/2)/(|x| + …)))).
  const safe = select(lt(ax, c(1.5)), c(1.5), ax);
  let k = safe;
  for (let n = 120; n >= 1; n--) k = add(safe, div(c(n / 2), k));
  const erfc = div(mul(exp(neg(mul(safe, safe))), c(1 / Math.sqrt(Math.PI))), k);
  const tail = mul(sign(z), add(c(1), neg(erfc)));
  const out = select(lt(ax, c(1.5)), series, select(ge(ax, c(6)), sign(z), tail));
  return convertElementType(out, d);
}

type Opts = { shape?: number | readonly number[] | null; dtype?: DTypeLike | null };

/**
 * Normal samples truncated to (lower, upper) (JAX's `random.truncated_normal(key, lower, upper,
 * shape=None, dtype=float)`); shape defaults to the bounds' broadcast shape.
 */
export function truncatedNormal(key: KeyLike, lower: ArrayLike, upper: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.truncatedNormal', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('truncatedNormal', key);
  const d = floatDtype('truncatedNormal', o.dtype);
  const s = sampleShape('truncatedNormal', o.shape, lower, upper);
  const sqrt2 = full([], Math.SQRT2, d);
  const lo = param(lower, d);
  const hi = param(upper, d);
  const a = erf(jnp.divide(lo, sqrt2));
  const b = erf(jnp.divide(hi, sqrt2));
  const u = uniformData(data, s, d, a, b);
  const out = jnp.multiply(sqrt2, erfInv(u));
  // Clamp to the open interval: rounding (or u = a) must not reach the bounds.
  const inf = full([], Infinity, d);
  return jnp.clip(out, nextafter(stopGradient(lo), jnp.broadcastTo(inf, lo.shape)), nextafter(stopGradient(hi), jnp.broadcastTo(neg(inf), hi.shape)));
}

/**
 * Multivariate normal samples mean + L·z, L = cholesky(cov) (JAX's `random.multivariate_normal(key,
 * mean, cov, shape=None, dtype=float, method='cholesky')`; only the Cholesky method).
 */
export function multivariateNormal(
  key: KeyLike,
  mean: ArrayLike,
  cov: ArrayLike,
  ...rest: [shape?: readonly number[] | null, dtype?: DTypeLike | null, method?: 'cholesky', options?: Opts & { method?: 'cholesky' }] | [options: Opts & { method?: 'cholesky' }]
): Array {
  const o = bindArgs('random.multivariateNormal', ['shape', 'dtype', 'method'], rest);
  const [data] = unwrapKey('multivariateNormal', key);
  const d: DType = floatDtype('multivariateNormal', o.dtype);
  if ((o.method ?? 'cholesky') !== 'cholesky')
    throw new ShapeError(`random.multivariateNormal(): method '${String(o.method)}' is not implemented (only 'cholesky').`);
  const m = param(mean, d);
  const cv = param(cov, d);
  if (m.ndim < 1) throw new ShapeError(`random.multivariateNormal(): mean must have ndim >= 1, got ${m.ndim}.`);
  if (cv.ndim < 2) throw new ShapeError(`random.multivariateNormal(): cov must have ndim >= 2, got ${cv.ndim}.`);
  const n = m.shape[m.ndim - 1]!;
  if (cv.shape[cv.ndim - 1] !== n || cv.shape[cv.ndim - 2] !== n)
    throw new ShapeError(`random.multivariateNormal(): cov.shape must be [..., ${n}, ${n}] for a mean of shape [${m.shape.join(', ')}], got [${cv.shape.join(', ')}].`);
  const batch = [m.shape.slice(0, -1), cv.shape.slice(0, -2)];
  let s: number[];
  if (o.shape === undefined || o.shape === null) s = jnp.broadcastShapes(...batch) as number[];
  else {
    s = [...(o.shape as number[])];
    checkBroadcast('multivariateNormal', s, jnp.zeros(batch[0]!), jnp.zeros(batch[1]!));
  }
  const factor = jnp.linalg.cholesky(cv);
  const z = normalData(data, [...s, n], d);
  return jnp.add(m, jnp.einsum('...ij,...j->...i', factor, z));
}

/**
 * Matrices uniform (Haar) on the orthogonal group O(n) — or n×m with orthonormal columns/rows
 * when m is given — from the QR of a normal matrix with R's diagonal signs folded into Q (JAX's
 * `random.orthogonal(key, n, shape=(), dtype=float, m=None)`).
 */
export function orthogonal(key: KeyLike, n: number, ...rest: [shape?: readonly number[], dtype?: DTypeLike | null, m?: number | null, options?: Opts & { m?: number | null }] | [options: Opts & { m?: number | null }]): Array {
  const o = bindArgs('random.orthogonal', ['shape', 'dtype', 'm'], rest);
  const [data] = unwrapKey('orthogonal', key);
  const d = floatDtype('orthogonal', o.dtype);
  const s = shapeOf('orthogonal', o.shape ?? []);
  const rows = intArg('random.orthogonal', 'n', n);
  const cols = o.m === undefined || o.m === null ? rows : intArg('random.orthogonal', 'm', o.m);
  if (rows < 0 || cols < 0) throw new ShapeError(`random.orthogonal(): n and m must be non-negative, got ${rows} and ${cols}.`);
  const z = normalData(data, [...s, Math.max(rows, cols), Math.min(rows, cols)], d);
  const [q, r] = jnp.linalg.qr(z) as [Array, Array];
  const x = jnp.multiply(q, jnp.expandDims(jnp.sign(jnp.diagonal(r, 0, -2, -1)), -2));
  return rows < cols ? jnp.swapaxes(x, -1, -2) : x;
}
