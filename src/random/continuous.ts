// Continuous distributions that JAX draws by transforming one uniform or normal draw:
// exponential, laplace, logistic, cauchy, lognormal, pareto, maxwell, doubleSidedMaxwell,
// rayleigh, weibullMin, triangular and geometric, with JAX's formulas and operation order.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, dtype as toDtype, float16, float32, int32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { indexAlong } from '../lax/slicing.js';
import * as jnp from '../numpy/index.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { shapeOf, splitData } from './prng.js';
import { fma } from './fma.js';
import { checkBroadcast, floatDtype, normalData, uniformData } from './uniform.js';

/** Float limits JAX's samplers use (finfo's tiny, eps and epsneg). */
export function finfo(d: DType): { tiny: number; eps: number; epsneg: number; nmant: number } {
  if (d === float16) return { tiny: 2 ** -14, eps: 2 ** -10, epsneg: 2 ** -11, nmant: 10 };
  if (d === float32) return { tiny: 2 ** -126, eps: 2 ** -23, epsneg: 2 ** -24, nmant: 23 };
  return { tiny: 2 ** -1022, eps: 2 ** -52, epsneg: 2 ** -53, nmant: 52 };
}

type ShapeArg = number | readonly number[] | null;
type DtypeOpts = { shape?: ShapeArg; dtype?: DTypeLike | null };

/** A distribution parameter in `dtype` (JS numbers and arrays). */
export const param = (v: unknown, dtype: DType): Array => convertElementType(asArray(v as ArrayLike), dtype);

/** The sample shape: `shape` if given (parameters must broadcast to it), else the parameters' broadcast shape. */
export function sampleShape(fn: string, shape: unknown, ...params: unknown[]): number[] {
  const arrs = params.map((p) => asArray(p as ArrayLike));
  if (shape === undefined || shape === null) return jnp.broadcastShapes(...arrs.map((a) => a.shape)) as number[];
  const s = shapeOf(fn, shape);
  checkBroadcast(fn, s, ...arrs);
  return s;
}

/** Key data and dtype of a `(key, shape=(), dtype=float)` sampler. */
function simple(fn: string, key: KeyLike, shape: unknown, rest: unknown[]): [Array, number[], DType] {
  const o = bindArgs(`random.${fn}`, ['dtype'], rest);
  return [unwrapKey(fn, key)[0], shapeOf(fn, shape), floatDtype(fn, o.dtype)];
}

/** Exponential(1) samples: −log1p(−u) (JAX's `random.exponential(key, shape=(), dtype=float)`). */
export function exponential(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const [data, s, d] = simple('exponential', key, shape, rest);
  return exponentialData(data, s, d);
}
/** exponential on an unwrapped key. */
export const exponentialData = (data: Array, s: readonly number[], d: DType): Array => jnp.negative(jnp.log1p(jnp.negative(uniformData(data, s, d))));

/** Laplace(0, 1) samples: sign(u)·log1p(−|u|), u uniform in (−1, 1) (JAX's `random.laplace`). */
export function laplace(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const [data, s, d] = simple('laplace', key, shape, rest);
  const u = uniformData(data, s, d, -1 + finfo(d).epsneg, 1);
  return jnp.multiply(jnp.sign(u), jnp.log1p(jnp.negative(jnp.abs(u))));
}

/** Standard logistic samples: log(u) − log1p(−u) (JAX's `random.logistic`). */
export function logistic(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const [data, s, d] = simple('logistic', key, shape, rest);
  const x = uniformData(data, s, d, finfo(d).tiny, 1);
  return jnp.subtract(jnp.log(x), jnp.log1p(jnp.negative(x)));
}

/** Standard Cauchy samples: tan(π(u − ½)) (JAX's `random.cauchy`). */
export function cauchy(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const [data, s, d] = simple('cauchy', key, shape, rest);
  const u = uniformData(data, s, d, finfo(d).eps, 1);
  return jnp.tan(jnp.multiply(full([], Math.PI, d), jnp.subtract(u, full([], 0.5, d))));
}

/** Standard Maxwell samples: the norm of 3 standard normals (JAX's `random.maxwell`). */
export function maxwell(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const [data, s, d] = simple('maxwell', key, shape, rest);
  return maxwellData(data, s, d);
}
function maxwellData(data: Array, s: readonly number[], d: DType): Array {
  const n = normalData(data, [...s, 3], d);
  return jnp.sqrt(jnp.sum(jnp.multiply(n, n), -1));
}

/** Log-normal samples exp(σ·N(0, 1)) (JAX's `random.lognormal(key, sigma=1, shape=None, dtype=float)`). */
export function lognormal(key: KeyLike, ...rest: [sigma?: ArrayLike, shape?: ShapeArg, dtype?: DTypeLike | null, options?: { sigma?: ArrayLike } & DtypeOpts] | [options: { sigma?: ArrayLike } & DtypeOpts]): Array {
  const o = bindArgs('random.lognormal', ['sigma', 'shape', 'dtype'], rest);
  const [data] = unwrapKey('lognormal', key);
  const d = floatDtype('lognormal', o.dtype);
  const sigma = o.sigma ?? 1;
  const s = sampleShape('lognormal', o.shape, sigma);
  return jnp.exp(jnp.multiply(normalData(data, s, d), param(sigma, d)));
}

/** Pareto samples exp(E/b), E exponential (JAX's `random.pareto(key, b, shape=None, dtype=float)`). */
export function pareto(key: KeyLike, b: ArrayLike, ...rest: [shape?: ShapeArg, dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.pareto', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('pareto', key);
  const d = floatDtype('pareto', o.dtype);
  const s = sampleShape('pareto', o.shape, b);
  return jnp.exp(jnp.divide(exponentialData(data, s, d), param(b, d)));
}

/** Rayleigh samples scale·√(−2 log u) (JAX's `random.rayleigh(key, scale, shape=None, dtype=float)`). */
export function rayleigh(key: KeyLike, scale: ArrayLike, ...rest: [shape?: ShapeArg, dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.rayleigh', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('rayleigh', key);
  const d = floatDtype('rayleigh', o.dtype);
  const s = sampleShape('rayleigh', o.shape, scale);
  const u = uniformData(data, s, d);
  const sc = jnp.broadcastTo(param(scale, d), s);
  return jnp.multiply(sc, jnp.sqrt(jnp.multiply(jnp.log(u), full([], -2, d))));
}

/** Weibull samples scale·(−log1p(−u))^(1/concentration) (JAX's `random.weibull_min(key, scale, concentration, shape=(), dtype=float)`). */
export function weibullMin(key: KeyLike, scale: ArrayLike, concentration: ArrayLike, ...rest: [shape?: number | readonly number[], dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.weibullMin', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('weibullMin', key);
  const d = floatDtype('weibullMin', o.dtype);
  const s = shapeOf('weibullMin', o.shape ?? []);
  const u = uniformData(data, s, d);
  // JAX's 1.0/concentration: a Python float's reciprocal in double precision.
  const inv = typeof concentration === 'number' ? 1 / concentration : jnp.divide(1, concentration);
  return jnp.multiply(jnp.power(jnp.negative(jnp.log1p(jnp.negative(u))), inv), scale);
}

/** Double-sided Maxwell samples ±M·scale + loc (JAX's `random.double_sided_maxwell(key, loc, scale, shape=(), dtype=float)`). */
export function doubleSidedMaxwell(key: KeyLike, loc: ArrayLike, scale: ArrayLike, ...rest: [shape?: number | readonly number[], dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.doubleSidedMaxwell', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('doubleSidedMaxwell', key);
  const d = floatDtype('doubleSidedMaxwell', o.dtype);
  const paramsShape = jnp.broadcastShapes(asArray(loc).shape, asArray(scale).shape) as number[];
  let s = shapeOf('doubleSidedMaxwell', o.shape ?? []);
  if (s.length === 0) s = paramsShape;
  s = [...s, ...paramsShape]; // as JAX: the parameters' shape is appended
  const keys = splitData(data, [2]);
  const m = maxwellData(indexAlong(keys, 0, 0), s, d);
  const sign = rademacherData(indexAlong(keys, 0, 1), s, d);
  const sc = jnp.broadcastTo(param(scale, d), s);
  const lc = jnp.broadcastTo(param(loc, d), s);
  return fma(jnp.multiply(sign, m), sc, lc);
}

/** ±1 in dtype `d` from bernoulli(key, 0.5, shape) (u < 0.5, u of the default float). */
function rademacherData(data: Array, s: readonly number[], d: DType): Array {
  const u = uniformData(data, s, floatDtype('rademacher', null));
  const b = jnp.astype(jnp.less(u, 0.5), d);
  return jnp.astype(jnp.subtract(jnp.multiply(2, b), 1), d);
}

/** Triangular samples on [left, right] with peak `mode` by inverting the CDF (JAX's `random.triangular`). */
export function triangular(key: KeyLike, left: ArrayLike, mode: ArrayLike, right: ArrayLike, ...rest: [shape?: ShapeArg, dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.triangular', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('triangular', key);
  const d = floatDtype('triangular', o.dtype);
  const s = sampleShape('triangular', o.shape, left, mode, right);
  const [l, m, r] = [left, mode, right].map((v) => jnp.broadcastTo(param(v, d), s)) as [Array, Array, Array];
  const fc = jnp.divide(jnp.subtract(m, l), jnp.subtract(r, l));
  const u = uniformData(data, s, d);
  const out1 = jnp.add(l, jnp.sqrt(jnp.multiply(jnp.multiply(u, jnp.subtract(r, l)), jnp.subtract(m, l))));
  const out2 = jnp.subtract(r, jnp.sqrt(jnp.multiply(jnp.multiply(jnp.subtract(1, u), jnp.subtract(r, l)), jnp.subtract(r, m))));
  return jnp.where(jnp.less(u, fc), out1, out2);
}

/** Geometric samples (trials to the first success, ≥ 1): ⌊log u / log1p(−p)⌋ + 1 (JAX's `random.geometric(key, p, shape=None, dtype=int)`). */
export function geometric(key: KeyLike, p: ArrayLike, ...rest: [shape?: ShapeArg, dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.geometric', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('geometric', key);
  const d = o.dtype === undefined || o.dtype === null ? int32 : toDtype(o.dtype as DTypeLike);
  if (d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`random.geometric(): dtype must be an integer dtype, got ${d}.`);
  const s = sampleShape('geometric', o.shape, p);
  let pa = asArray(p);
  if (pa.dtype.kind !== 'f') pa = jnp.astype(pa, pa.weakType ? floatDtype('geometric', null) : float32);
  let u = uniformData(data, s, pa.dtype);
  u = jnp.where(jnp.equal(u, 0), full([], 1, pa.dtype), u);
  const logOneMinusP = jnp.broadcastTo(jnp.log1p(jnp.negative(pa)), s);
  return jnp.astype(jnp.add(jnp.floor(jnp.divide(jnp.log(u), logOneMinusP)), 1), d);
}

/** Wald (inverse Gaussian) samples with the given mean (JAX's `random.wald(key, mean, shape=None, dtype=float)`). */
export function wald(key: KeyLike, mean: ArrayLike, ...rest: [shape?: ShapeArg, dtype?: DTypeLike | null, options?: DtypeOpts] | [options: DtypeOpts]): Array {
  const o = bindArgs('random.wald', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('wald', key);
  const d = floatDtype('wald', o.dtype);
  const s = sampleShape('wald', o.shape, mean);
  const keys = splitData(data, [2]);
  const mu = jnp.broadcastTo(param(mean, d), s);
  const v = normalData(indexAlong(keys, 0, 0), s, d);
  const z = uniformData(indexAlong(keys, 0, 1), s, d);
  const y = jnp.multiply(v, v);
  const ySq = jnp.multiply(y, y);
  const muSq = jnp.multiply(mu, mu);
  const sqrtTerm = jnp.sqrt(fma(jnp.multiply(4, mu), y, jnp.multiply(muSq, ySq)));
  // mean + mean²·y/2 − mean/2·sqrtTerm, the last product fused into the subtraction (XLA:CPU).
  const x = fma(jnp.negative(jnp.divide(mu, 2)), sqrtTerm, jnp.add(mu, jnp.divide(jnp.multiply(muSq, y), 2)));
  return jnp.where(jnp.lessEqual(z, jnp.divide(mu, jnp.add(mu, x))), x, jnp.divide(muSq, x));
}
