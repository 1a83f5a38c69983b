// Discrete draws as JAX makes them: bernoulli (u < p), gumbel (−log(−log u)), categorical (the
// Gumbel-max and Gumbel-top-k tricks), permutation (sorts by fresh random 32-bit keys, rounds
// as JAX's), choice (randint, permutation, inverse CDF or Gumbel top-k) and rademacher.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, bool, defaultFloat, dtype as toDtype, int32, float32 } from '../core/dtypes.js';
import { ConcretizationError, DtypeError, ShapeError } from '../core/errors.js';
import { isTracer } from '../core/trace.js';
import { lt } from '../lax/elementwise.js';
import { indexAlong } from '../lax/slicing.js';
import { sortKeyVal, topK } from '../lax/sort.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { randomBits32, shapeOf, splitData } from './prng.js';
import { randintData } from './randint.js';
import { checkBroadcast, floatDtype, uniformData } from './uniform.js';

/** A probability-like parameter: JS numbers are floats (JS has no separate int literal); arrays must be float. */
export function floatParam(fn: string, name: string, v: unknown, dflt?: number): Array {
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new TypeError(`random.${fn}(): '${name}' is required.`);
    return full([], dflt, defaultFloat(), true);
  }
  if (typeof v === 'number') return full([], v, defaultFloat(), true);
  const a = asArray(v as ArrayLike);
  if (a.dtype.kind !== 'f') throw new DtypeError(`random.${fn}(): '${name}' must have a floating dtype, got ${a.dtype}.`);
  return a;
}

/** Booleans true with probability p (JAX's `random.bernoulli(key, p=0.5, shape=None, mode='low')`; shape defaults to p's). */
export function bernoulli(key: KeyLike, ...rest: [p?: ArrayLike, shape?: number | readonly number[] | null, mode?: 'low' | 'high', options?: { p?: ArrayLike; shape?: readonly number[] | null; mode?: 'low' | 'high' }] | [options: { p?: ArrayLike; shape?: readonly number[] | null; mode?: 'low' | 'high' }]): Array {
  const o = bindArgs('random.bernoulli', ['p', 'shape', 'mode'], rest);
  const [data] = unwrapKey('bernoulli', key);
  const p = floatParam('bernoulli', 'p', o.p, 0.5);
  const mode = o.mode ?? 'low';
  if (mode !== 'low' && mode !== 'high') throw new TypeError(`random.bernoulli(): mode must be 'low' or 'high', got ${describe(mode)}.`);
  const shape = o.shape === undefined || o.shape === null ? p.shape : shapeOf('bernoulli', o.shape);
  checkBroadcast('bernoulli', shape, p);
  if (mode === 'high') {
    const u = uniformData(data, [2, ...shape], p.dtype);
    const [u1, u2] = [indexAlong(u, 0, 0), indexAlong(u, 0, 1)];
    // u1 + u2·2^-nmant resolves p below the uniform's resolution.
    const nmant = p.dtype === float32 ? 23 : p.dtype.itemsize === 8 ? 52 : 10;
    return jnp.less(jnp.multiply(u2, full([], 2 ** -nmant, p.dtype)), jnp.subtract(p, u1));
  }
  return jnp.less(uniformData(data, shape, p.dtype), p);
}

/** Gumbel draws on an unwrapped key: −log(−log u), u uniform in [tiny, 1) ('low'), or with 2 draws per value ('high'). */
export function gumbelData(data: Array, shape: readonly number[], dtype: DType, mode: 'low' | 'high' = 'low'): Array {
  const tiny = dtype.itemsize === 8 ? 2.2250738585072014e-308 : dtype === float32 ? 1.1754943508222875e-38 : 6.103515625e-5;
  if (mode === 'high') {
    const u = uniformData(data, [2, ...shape], dtype);
    const [high, low] = [indexAlong(u, 0, 0), indexAlong(u, 0, 1)];
    const nmant = dtype === float32 ? 23 : dtype.itemsize === 8 ? 52 : 10;
    const x = jnp.where(jnp.greaterEqual(high, 0.5), high, jnp.add(jnp.add(high, jnp.multiply(full([], 2 ** -nmant, dtype), low)), full([], tiny, dtype)));
    return jnp.negative(jnp.log(jnp.negative(jnp.log1p(jnp.negative(x)))));
  }
  return jnp.negative(jnp.log(jnp.negative(jnp.log(uniformData(data, shape, dtype, full([], tiny, dtype), 1)))));
}

function gumbelMode(fn: string, m: unknown): 'low' | 'high' {
  if (m === undefined || m === null || m === 'low') return 'low';
  if (m === 'high') return 'high';
  throw new TypeError(`random.${fn}(): mode must be 'low' or 'high', got ${describe(m)}.`);
}

/** Standard Gumbel samples (JAX's `random.gumbel(key, shape=(), dtype=float, mode='low')`). */
export function gumbel(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null, mode?: 'low' | 'high', options?: { dtype?: DTypeLike | null; mode?: 'low' | 'high' }] | [options: { dtype?: DTypeLike | null; mode?: 'low' | 'high' }]): Array {
  const o = bindArgs('random.gumbel', ['dtype', 'mode'], rest);
  const [data] = unwrapKey('gumbel', key);
  return gumbelData(data, shapeOf('gumbel', shape), floatDtype('gumbel', o.dtype), gumbelMode('gumbel', o.mode));
}

interface CategoricalOptions {
  axis?: number;
  shape?: readonly number[] | null;
  replace?: boolean;
  mode?: 'low' | 'high';
}

/**
 * Indices drawn from categorical distributions with unnormalised log-probabilities `logits`
 * along `axis` (JAX's `random.categorical(key, logits, axis=-1, shape=None, replace=True)`).
 */
export function categorical(key: KeyLike, logits: ArrayLike, ...rest: [axis?: number, shape?: readonly number[] | null, replace?: boolean, mode?: 'low' | 'high', options?: CategoricalOptions] | [options: CategoricalOptions]): Array {
  const o = bindArgs('random.categorical', ['axis', 'shape', 'replace', 'mode'], rest);
  const [data] = unwrapKey('categorical', key);
  const l = asArray(logits);
  if (l.dtype.kind !== 'f') throw new DtypeError(`random.categorical(): logits must be floats, got ${l.dtype}.`);
  if (l.ndim === 0) throw new ShapeError('random.categorical(): logits must have at least one dimension.');
  let axis = intArg('random.categorical', 'axis', o.axis, -1);
  if (axis < -l.ndim || axis >= l.ndim) throw new ShapeError(`random.categorical(): axis ${axis} is out of bounds for logits of rank ${l.ndim}.`);
  const ax = axis < 0 ? axis + l.ndim : axis;
  const batchShape = l.shape.filter((_, i) => i !== ax);
  const shape = o.shape === undefined || o.shape === null ? batchShape : shapeOf('categorical', o.shape);
  if (o.shape !== undefined && o.shape !== null) {
    const tail = shape.slice(shape.length - batchShape.length);
    if (shape.length < batchShape.length || tail.some((d, i) => d !== batchShape[i]))
      throw new ShapeError(`random.categorical(): shape [${shape.join(', ')}] must end with the logits' batch shape [${batchShape.join(', ')}].`);
  }
  const mode = gumbelMode('categorical', o.mode);
  const prefix = shape.slice(0, shape.length - batchShape.length);
  if (boolArg('random.categorical', 'replace', o.replace, true)) {
    axis = ax - l.ndim; // counted from the end: the prefix goes in front
    const logitsShape = [...batchShape];
    logitsShape.splice(ax, 0, l.shape[ax]!);
    const g = gumbelData(data, [...prefix, ...logitsShape], l.dtype, mode);
    const expanded = jnp.reshape(l, [...prefix.map(() => 1), ...l.shape]);
    return jnp.argmax(jnp.add(g, expanded), axis) as Array;
  }
  const k = prefix.reduce((n, d) => n * d, 1);
  if (k > l.shape[ax]!) throw new ShapeError(`random.categorical(): number of samples without replacement (${k}) cannot exceed the number of categories (${l.shape[ax]}).`);
  const perturbed = jnp.add(l, gumbelData(data, l.shape, l.dtype, mode));
  const [, indices] = topK(jnp.moveaxis(perturbed, ax, -1), k);
  // [...batch, k] → [k, ...batch] → shape.
  return jnp.reshape(jnp.moveaxis(indices, -1, 0), shape);
}

/** JAX's _shuffle: sort by fresh 32-bit random keys, ceil(3·ln(n)/ln(2^32−1)) rounds. */
function shuffleData(data: Array, x: Array, axis: number): Array {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(4294967295));
  let key = data;
  for (let i = 0; i < rounds; i++) {
    const keys = splitData(key, [2]);
    key = indexAlong(keys, 0, 0);
    const sortKeys = randomBits32(indexAlong(keys, 0, 1), x.shape);
    x = sortKeyVal(sortKeys, x, axis)[1];
  }
  return x;
}

/** A concrete integer from a JS number or a 0-d concrete integer array. */
function concreteInt(fn: string, what: string, v: unknown): number {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`random.${fn}(): ${what} must be an integer or an array, got ${v}.`);
    return v;
  }
  const a = asArray(v as ArrayLike);
  if (isTracer(a)) throw new ConcretizationError(`random.${fn}(): ${what} must be concrete (it sets the result's shape); pass a JS number.`);
  if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u') throw new TypeError(`random.${fn}(): ${what} must be an integer or at least 1-dimensional, got dtype ${a.dtype}.`);
  return Number(a.item());
}

/**
 * A random permutation of `arange(x)` (x an integer) or of `x`'s slices along `axis`; with
 * `independent`, each 1-d slice along `axis` is shuffled on its own (JAX's `random.permutation`).
 */
export function permutation(key: KeyLike, x: number | ArrayLike, ...rest: [axis?: number, independent?: boolean, options?: { axis?: number; independent?: boolean }] | [options: { axis?: number; independent?: boolean }]): Array {
  const o = bindArgs('random.permutation', ['axis', 'independent'], rest);
  const [data] = unwrapKey('permutation', key);
  const xs = typeof x === 'number' ? null : asArray(x);
  if (xs === null || xs.ndim === 0) {
    const n = concreteInt('permutation', 'x', xs ?? x);
    if (n < 0) throw new ShapeError(`random.permutation(): x must be non-negative, got ${n}.`);
    intArg('random.permutation', 'axis', o.axis, 0);
    return shuffleData(data, jnp.arange(n), 0);
  }
  let axis = intArg('random.permutation', 'axis', o.axis, 0);
  if (axis < -xs.ndim || axis >= xs.ndim) throw new ShapeError(`random.permutation(): axis ${axis} is out of bounds for an array of rank ${xs.ndim}.`);
  if (axis < 0) axis += xs.ndim;
  if (boolArg('random.permutation', 'independent', o.independent, false) || xs.ndim === 1) return shuffleData(data, xs, axis);
  const ind = shuffleData(data, jnp.arange(xs.shape[axis]!), 0);
  return jnp.take(xs, ind, axis);
}

interface ChoiceOptions {
  shape?: readonly number[];
  replace?: boolean;
  p?: ArrayLike | null;
  axis?: number;
  mode?: 'low' | 'high';
}

/**
 * A random sample from `a` (or from arange(a) for an integer), of `shape`, with or without
 * replacement, uniformly or with probabilities `p` (JAX's `random.choice`).
 */
export function choice(key: KeyLike, a: number | ArrayLike, ...rest: [shape?: readonly number[], replace?: boolean, p?: ArrayLike | null, axis?: number, mode?: 'low' | 'high', options?: ChoiceOptions] | [options: ChoiceOptions]): Array {
  const o = bindArgs('random.choice', ['shape', 'replace', 'p', 'axis', 'mode'], rest);
  const [data] = unwrapKey('choice', key);
  if (o.shape !== undefined && !globalThis.Array.isArray(o.shape)) throw new TypeError(`random.choice(): shape must be a list, got ${describe(o.shape)}.`);
  const shape = shapeOf('choice', o.shape ?? []);
  const arr = asArray(a as ArrayLike);
  let axis = 0;
  let n: number;
  if (arr.ndim === 0) n = concreteInt('choice', 'a', a);
  else {
    axis = intArg('random.choice', 'axis', o.axis, 0);
    if (axis < -arr.ndim || axis >= arr.ndim) throw new ShapeError(`random.choice(): axis ${axis} is out of bounds for an array of rank ${arr.ndim}.`);
    if (axis < 0) axis += arr.ndim;
    n = arr.shape[axis]!;
  }
  const draws = shape.reduce((m, d) => m * d, 1);
  if (draws === 0) return jnp.zeros(shape, arr.dtype);
  if (n <= 0) throw new ShapeError('random.choice(): a must be greater than 0 unless no samples are taken.');
  const replace = boolArg('random.choice', 'replace', o.replace, true);
  if (!replace && draws > n) throw new ShapeError(`random.choice(): cannot take a larger sample (size ${draws}) than the population (size ${n}) when replace is false.`);
  let result: Array;
  if (o.p === undefined || o.p === null) {
    if (replace) {
      const ind = randintData(data, shape, 0, n, int32, true);
      result = arr.ndim === 0 ? ind : jnp.take(arr, ind, axis);
    } else {
      const perm = permutation(data, arr.ndim === 0 ? n : arr, axis);
      result = jnp.take(perm, jnp.arange(draws), axis);
    }
  } else {
    let p = asArray(o.p as ArrayLike);
    if (p.dtype.kind !== 'f') p = jnp.astype(p, p.dtype === bool || p.weakType ? defaultFloat() : float32);
    if (p.ndim !== 1 || p.shape[0] !== n)
      throw new ShapeError(`random.choice(): p must be null or a 1-d vector with the same size as a.shape[axis]; p has shape [${p.shape.join(', ')}] and a.shape[axis] is ${n}.`);
    let ind: Array;
    if (replace) {
      const cum = jnp.cumsum(p);
      const r = jnp.multiply(indexAlong(cum, 0, n - 1), jnp.subtract(1, uniformData(data, shape, p.dtype)));
      ind = jnp.astype(jnp.searchsorted(cum, r), int32);
    } else {
      const g = jnp.add(gumbelData(data, [n], p.dtype, gumbelMode('choice', o.mode)), jnp.log(p));
      ind = topK(g, draws)[1];
    }
    result = arr.ndim === 0 ? ind : jnp.take(arr, ind, axis);
  }
  return jnp.reshape(result, arr.ndim === 0 ? shape : [...arr.shape.slice(0, axis), ...shape, ...arr.shape.slice(axis + 1)]);
}

/** ±1 with equal probability (JAX's `random.rademacher(key, shape, dtype=int)`). */
export function rademacher(key: KeyLike, shape: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.rademacher', ['dtype'], rest);
  const [data] = unwrapKey('rademacher', key);
  const d = o.dtype === undefined || o.dtype === null ? int32 : toDtype(o.dtype as DTypeLike);
  const s = shapeOf('rademacher', shape);
  // bernoulli(key, 0.5, shape): the JS 0.5 is of the default float dtype.
  const b = jnp.astype(lt(uniformData(data, s, defaultFloat()), full(s, 0.5, defaultFloat())), d);
  return jnp.astype(jnp.subtract(jnp.multiply(2, b), 1), d);
}
