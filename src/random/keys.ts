// PRNG keys for JAX's default implementation, threefry2x32: raw keys (JAX's legacy PRNGKey, a
// uint32 array ending in 2) and typed keys (JAX's `key<fry>` arrays, here a PRNGKeyArray wrapping
// that data and registered as a pytree node so it passes through jit, vmap and grad). Every
// sampler takes either and returns keys of the kind it was given.
import { Array, type ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { config } from '../core/config.js';
import { uint32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { describe } from '../core/args.js';
import { registerPytreeNode } from '../core/pytree.js';
import type { IndexSpec } from '../core/array.js';
import { convertElementType } from '../lax/elementwise.js';
import { concatenateAlong, indexAlong } from '../lax/slicing.js';
import { full, reshape } from '../lax/structural.js';
import { isTracer } from '../core/trace.js';

/** The key array's dtype name, as JAX prints it. */
export const KEY_DTYPE = 'key<fry>';

/**
 * A typed PRNG key array (JAX's `jax.random.key` result, dtype `key<fry>`): `shape` excludes the
 * two uint32 words of each key, which `keyData` returns. Index or iterate it like an array.
 */
export class PRNGKeyArray {
  /** The key words: uint32 of shape [...this.shape, 2]. */
  readonly data: Array;
  constructor(data: Array) {
    this.data = checkKeyData(data);
  }
  /** The shape of the key array (without the key words). */
  get shape(): number[] {
    return this.data.shape.slice(0, -1);
  }
  /** The number of dimensions of the key array. */
  get ndim(): number {
    return this.data.ndim - 1;
  }
  /** The number of keys. */
  get size(): number {
    return this.shape.reduce((n, d) => n * d, 1);
  }
  /** JAX's key dtype name: 'key<fry>'. */
  get dtype(): string {
    return KEY_DTYPE;
  }
  /** `keys[idx]` along the key dimensions: `keys.index(0)`, `keys.index({ start: 1 })`. */
  index(...idx: IndexSpec[]): PRNGKeyArray {
    if (idx.length > this.ndim) throw new ShapeError(`too many indices for a key array of shape [${this.shape.join(', ')}]: ${idx.length}.`);
    return new PRNGKeyArray(this.data.index(...idx));
  }
  /** Iterate over the leading axis: `const [k1, k2] = random.split(key)`. */
  *[Symbol.iterator](): Iterator<PRNGKeyArray> {
    if (this.ndim === 0) throw new TypeError('iteration over a 0-d key array; it has no leading axis.');
    for (let i = 0; i < this.shape[0]!; i++) yield new PRNGKeyArray(indexAlong(this.data, 0, i));
  }
  /** JAX's repr: `Array((2,), dtype=key<fry>) overlaying:` and the key data. */
  toString(): string {
    const s = this.shape.length === 1 ? `(${this.shape[0]},)` : `(${this.shape.join(', ')})`;
    return `Array(${s}, dtype=${KEY_DTYPE}) overlaying:\n${isTracer(this.data) ? this.data.aval.str() : String(this.data)}`;
  }
}

registerPytreeNode(
  PRNGKeyArray,
  (k) => [[k.data], null],
  (_aux, [data]) => new PRNGKeyArray(data as Array),
);

/** A key as the samplers take it: a typed key array, or raw key data (uint32, last axis 2). */
export type KeyLike = PRNGKeyArray | Array;

function checkKeyData(data: Array): Array {
  if (!(data instanceof Array)) throw new TypeError(`a PRNG key must be a key array or a uint32 array, got ${describe(data)}.`);
  if (data.dtype !== uint32)
    throw new DtypeError(`invalid PRNG key data: expected dtype uint32, got ${data.dtype} (make keys with random.key(seed) or random.PRNGKey(seed)).`);
  if (data.ndim === 0 || data.shape[data.ndim - 1] !== 2)
    throw new ShapeError(`invalid PRNG key data: expected a shape ending in 2 (threefry2x32's two words), got [${data.shape.join(', ')}].`);
  return data;
}

/** The key data of `key` and whether it was typed; a batch of keys is refused unless `allowBatched`. */
export function unwrapKey(fn: string, key: unknown, allowBatched = false): [Array, boolean] {
  const typed = key instanceof PRNGKeyArray;
  if (!typed && !(key instanceof Array)) throw new TypeError(`random.${fn}(): unexpected PRNG key type ${describe(key)}; make one with random.key(seed).`);
  const data = typed ? key.data : checkKeyData(key);
  if (!allowBatched && data.ndim !== 1)
    throw new ShapeError(`random.${fn}() accepts a single key, but was given a key array of shape [${data.shape.slice(0, -1).join(', ')}]; use vmap for batching.`);
  return [data, typed];
}

/** Keys of the kind the caller gave. */
export const rewrap = (data: Array, typed: boolean): KeyLike => (typed ? new PRNGKeyArray(data) : data);

/** The two words of a single key, as 0-d uint32 arrays. */
export function keyWords(data: Array): [Array, Array] {
  return [reshape(indexAlong(data, 0, 0), []), reshape(indexAlong(data, 0, 1), [])];
}

/** JAX's threefry_seed: a scalar integer seed as key data [high word, low word]. */
function seedData(fn: string, seed: unknown): Array {
  if (seed instanceof PRNGKeyArray) throw new TypeError(`random.${fn}() accepts a scalar seed, but was given a PRNG key.`);
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new TypeError(`random.${fn}(): PRNG key seed must be an integer, got ${seed}.`);
    if (!Number.isSafeInteger(seed)) throw new TypeError(`random.${fn}(): seed ${seed} is not a safe integer (|seed| < 2^53); pass it exactly.`);
    // JAX takes a Python int as int64, canonicalised to int32 without x64 (wrapping): the high
    // word is then 0 (a logical shift of an int32 by 32), else the int64's high word.
    const bits = BigInt.asUintN(64, BigInt(seed));
    const hi = config.values.enableX64 ? Number(bits >> 32n) : 0;
    const lo = Number(bits & 0xffffffffn);
    return asArray([hi, lo], uint32);
  }
  const s = asArray(seed as ArrayLike);
  if (s.ndim !== 0) throw new TypeError(`random.${fn}() accepts a scalar seed, but was given an array of shape [${s.shape.join(', ')}]; use vmap for batching.`);
  if (s.dtype.kind !== 'i' && s.dtype.kind !== 'u') throw new TypeError(`random.${fn}(): PRNG key seed must be an integer, got dtype ${s.dtype}.`);
  // 32-bit (and narrower) seeds: the high word is their logical shift by 32, i.e. 0; the low
  // word their two's complement bits (a wrapping conversion).
  const lo = convertElementType(s, uint32);
  return concatenateAlong([full([1], 0, uint32), reshape(lo, [1])], 0);
}

/** A raw PRNG key (JAX's legacy `PRNGKey`): uint32 [2] from an integer seed. */
export function PRNGKey(seed: number | ArrayLike): Array {
  return seedData('PRNGKey', seed);
}

/** A typed PRNG key (JAX's `jax.random.key`): a 0-d key array from an integer seed. */
export function key(seed: number | ArrayLike): PRNGKeyArray {
  return new PRNGKeyArray(seedData('key', seed));
}

/** The uint32 words underlying keys (JAX's `key_data`): raw keys pass through. */
export function keyData(keys: KeyLike): Array {
  return unwrapKey('keyData', keys, true)[0];
}

/** Typed keys over uint32 key data whose last axis is 2 (JAX's `wrap_key_data`). */
export function wrapKeyData(keyBitsArray: ArrayLike): PRNGKeyArray {
  return new PRNGKeyArray(asArray(keyBitsArray));
}

/** The PRNG implementation's name of keys (JAX's `key_impl`): always 'threefry2x32' here. */
export function keyImpl(keys: KeyLike): string {
  unwrapKey('keyImpl', keys, true);
  return 'threefry2x32';
}

/** The key dtype of an implementation (JAX's `key_dtype`): 'key<fry>' for threefry2x32, the only one here. */
export function keyDtype(impl: string | null = null): string {
  if (impl !== null && impl !== 'threefry2x32') throw new TypeError(`random.keyDtype(): unknown PRNG implementation '${impl}'; jaxpool has 'threefry2x32'.`);
  return KEY_DTYPE;
}

/** A copy of keys (JAX's `random.clone`, which marks a key as reusable): keys here are immutable, so the same keys. */
export function clone(key: KeyLike): KeyLike {
  const [data, typed] = unwrapKey('clone', key, true);
  return rewrap(data, typed);
}
