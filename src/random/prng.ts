// split, foldIn and random bits as JAX computes them for threefry2x32 with
// jax_threefry_partitionable (its default): element i of a draw of `shape` hashes the 64-bit
// counter i, split into (high, low) words, under the key; split keeps both output words.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe, shapeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { config } from '../core/config.js';
import { type DType, type DTypeLike, dtype as toDtype, uint16, uint32, uint8 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';
import { bitwiseXor } from '../lax/bitwise.js';
import { concatenateAlong } from '../lax/slicing.js';
import { full, reshape } from '../lax/structural.js';
import { jit } from '../transforms/jit.js';
import { type KeyLike, keyWords, rewrap, unwrapKey } from './keys.js';
import { iota2x32, threefry2x32 } from './threefry.js';

/** Stack two same-shape arrays along a new last axis. */
export function stackLast(a: Array, b: Array): Array {
  const s = [...a.shape, 1];
  return concatenateAlong([reshape(a, s), reshape(b, s)], a.ndim);
}

/** The two threefry output words for each element of `shape` under the key. */
function hashShape(data: Array, shape: readonly number[]): [Array, Array] {
  const [k1, k2] = keyWords(data);
  const [hi, lo] = iota2x32(shape);
  return threefry2x32(k1, k2, hi, lo);
}

const splitJit = jit((data: Array, shape: number[]) => stackLast(...hashShape(data, shape)), { staticArgnums: [1] });

const bits32Jit = jit((data: Array, shape: number[]) => bitwiseXor(...hashShape(data, shape)), { staticArgnums: [1] });
const bits64Jit = jit((data: Array, shape: number[]) => hashShape(data, shape), { staticArgnums: [1] });

const foldInJit = jit((data: Array, d: Array) => {
  const [k1, k2] = keyWords(data);
  // JAX: threefry_2x32(key, threefry_seed(d)) hashes the counter pair (0, d).
  const [a, b] = threefry2x32(k1, k2, full([], 0, uint32), d);
  return concatenateAlong([reshape(a, [1]), reshape(b, [1])], 0);
});

/** 32 random bits per element of `shape` (uint32): the xor of the two threefry words. */
export function randomBits32(data: Array, shape: readonly number[]): Array {
  return bits32Jit(data, [...shape]);
}

/** 64 random bits per element of `shape`, as the (high, low) uint32 words of JAX's uint64 bits. */
export function randomBits64(data: Array, shape: readonly number[]): [Array, Array] {
  return bits64Jit(data, [...shape]) as [Array, Array];
}

/** Keys of shape `shape` from one key's data: uint32 [...shape, 2]. */
export function splitData(data: Array, shape: readonly number[]): Array {
  return splitJit(data, [...shape]);
}

/**
 * Split a PRNG key into `num` new keys (a leading axis), or into a key array of shape `num` when
 * it is a list: `const [k1, k2] = random.split(key)`.
 */
export function split(key: KeyLike, num: number | readonly number[] = 2): KeyLike {
  const [data, typed] = unwrapKey('split', key);
  return rewrap(splitData(data, shapeArg('random.split', num)), typed);
}

/** A new key from a key and 32-bit integer data (JAX's `fold_in`): a different stream per value. */
export function foldIn(key: KeyLike, data: number | ArrayLike): KeyLike {
  const [k, typed] = unwrapKey('foldIn', key);
  let d: Array;
  if (typeof data === 'number') {
    if (!Number.isInteger(data) || data < 0 || data > 0xffffffff)
      throw new TypeError(`random.foldIn(): data must be an integer in [0, 2^32) (it is taken as uint32), got ${data}.`);
    d = full([], data, uint32);
  } else {
    const a = asArray(data);
    if (a.ndim !== 0) throw new TypeError(`random.foldIn() accepts a scalar, but was given an array of shape [${a.shape.join(', ')}]; use vmap for batching.`);
    if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u') throw new DtypeError(`random.foldIn(): data must be an integer, got dtype ${a.dtype}.`);
    d = convertElementType(a, uint32);
  }
  return rewrap(foldInJit(k, d), typed);
}

/** The unsigned dtype of `bits` (JAX: default uint32, or uint64 under x64, which jaxpool lacks). */
function bitsDtype(v: unknown): DType {
  if (v === undefined || v === null) {
    if (config.values.enableX64)
      throw new DtypeError("random.bits() defaults to uint64 under x64, which jaxpool does not have; pass dtype 'uint32' (or uint8/uint16).");
    return uint32;
  }
  const d = toDtype(v as DTypeLike);
  if (d.kind !== 'u') throw new DtypeError(`random.bits(): dtype must be an unsigned int dtype, got ${d}.`);
  return d;
}

/** Uniform random bits as unsigned integers of `shape` (JAX's `random.bits`; dtype uint8, uint16 or uint32). */
export function bits(key: KeyLike, shape: number | readonly number[] = [], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.bits', ['dtype'], rest);
  const [data] = unwrapKey('bits', key);
  const d = bitsDtype(o.dtype);
  const s = shapeArg('random.bits', shape);
  const b = randomBits32(data, s);
  // JAX's 8- and 16-bit draws keep the low bits of the 32-bit xor.
  return d === uint32 ? b : convertElementType(b, d === uint8 ? uint8 : uint16);
}

/** A shape argument given positionally (a number or a list). */
export function shapeOf(fn: string, shape: unknown): number[] {
  if (shape === undefined || shape === null) return [];
  if (typeof shape !== 'number' && !globalThis.Array.isArray(shape)) throw new ShapeError(`random.${fn}(): shape must be a list of integers, got ${describe(shape)}.`);
  return shapeArg(`random.${fn}`, shape);
}
