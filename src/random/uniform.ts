// uniform and normal as JAX draws them: random bits become the mantissa of a float in [1, 2)
// (exponent bits of 1.0 or'd in, bitcast), minus 1; then scaled to [minval, maxval) and
// clamped below by minval. normal is √2·erf⁻¹(u) for u uniform in (-1, 1).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, defaultFloat, dtype as toDtype, float16, float32, float64, uint16, uint32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { bitcastConvertType } from '../lax/bitcast.js';
import { bitwiseOr, bitwiseAnd, convertElementType, mul, sub } from '../lax/elementwise.js';
import { shiftLeft, shiftRightLogical } from '../lax/bitwise.js';
import { full, reshape } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { erfInv } from './erfInv.js';
import { fma } from './fma.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { randomBits32, randomBits64, shapeOf, stackLast } from './prng.js';

/** A float dtype argument (default: float32, or float64 under x64). */
export function floatDtype(fn: string, v: unknown): DType {
  const d = v === undefined || v === null ? defaultFloat() : toDtype(v as DTypeLike);
  if (d.kind !== 'f') throw new DtypeError(`random.${fn}(): dtype must be a float dtype, got ${d}.`);
  return d;
}

const u32 = (shape: readonly number[], v: number) => full(shape, v >>> 0, uint32);

/** Floats uniform in [0, 1) of `shape` and float `dtype`, from the key's bits as JAX makes them. */
export function unitFloats(data: Array, shape: readonly number[], dtype: DType): Array {
  if (dtype === float64) {
    // JAX: (bits64 >> 12) | bits(1.0), as the (high, low) words of the uint64.
    const [hi, lo] = randomBits64(data, shape);
    const high = bitwiseOr(shiftRightLogical(hi, u32(shape, 12)), u32(shape, 0x3ff00000));
    const low = bitwiseOr(shiftLeft(hi, u32(shape, 20)), shiftRightLogical(lo, u32(shape, 12)));
    // Little-endian: the low word first.
    const f = bitcastConvertType(stackLast(low, high), float64);
    return sub(f, full(shape, 1, float64));
  }
  const b = randomBits32(data, shape);
  if (dtype === float16) {
    // JAX draws 16 bits (the low half of the 32-bit xor) and keeps the top 10 as the mantissa.
    const m = bitwiseOr(shiftRightLogical(bitwiseAnd(b, u32(shape, 0xffff)), u32(shape, 6)), u32(shape, 0x3c00));
    return sub(bitcastConvertType(convertElementType(m, uint16), float16), full(shape, 1, float16));
  }
  if (dtype !== float32) throw new DtypeError(`random: unsupported float dtype ${dtype}.`);
  const m = bitwiseOr(shiftRightLogical(b, u32(shape, 9)), u32(shape, 0x3f800000));
  return sub(bitcastConvertType(m, float32), full(shape, 1, float32));
}

/** `minval`/`maxval` in `dtype`, with leading 1s up to `rank` dims (JAX's broadcast_to_rank). */
function toRank(x: Array, rank: number, dtype: DType): Array {
  const c = convertElementType(x, dtype);
  return c.ndim >= rank ? c : reshape(c, [...new globalThis.Array(rank - c.ndim).fill(1), ...c.shape]);
}

const uniformJit = jit(
  (data: Array, minval: Array, maxval: Array, shape: number[], dtype: DType) => {
    const lo = toRank(minval, shape.length, dtype);
    const hi = toRank(maxval, shape.length, dtype);
    const floats = unitFloats(data, shape, dtype);
    const span = jnp.broadcastTo(jnp.subtract(hi, lo), shape);
    return jnp.maximum(lo, fma(floats, span, jnp.broadcastTo(lo, shape)));
  },
  { staticArgnums: [3, 4] },
);

/** Uniform draws in [minval, maxval) on an already unwrapped key (for the other samplers). */
export function uniformData(data: Array, shape: readonly number[], dtype: DType, minval: ArrayLike = 0, maxval: ArrayLike = 1): Array {
  checkBroadcast('uniform', shape, minval, maxval);
  return uniformJit(data, asArray(minval), asArray(maxval), [...shape], dtype);
}

/** JAX's _check_shape: parameter shapes must broadcast to exactly the requested shape. */
export function checkBroadcast(fn: string, shape: readonly number[], ...params: ArrayLike[]): void {
  const shapes = params.map((p) => asArray(p).shape);
  const out = [...shape];
  for (const s of shapes) {
    const off = out.length - s.length;
    const ok = off >= 0 && s.every((d, i) => d === 1 || d === out[off + i]);
    if (!ok)
      throw new ShapeError(
        `random.${fn}(): parameter shapes must be broadcast-compatible with shape [${shape.join(', ')}] and broadcast to exactly it; got a parameter of shape [${s.join(', ')}].`,
      );
  }
}

/**
 * Uniform samples in [minval, maxval) of `shape` and float `dtype` (JAX's `random.uniform(key,
 * shape=(), dtype=float, minval=0, maxval=1)`); bit-exact with JAX for the same key.
 */
export function uniform(
  key: KeyLike,
  shape?: number | readonly number[],
  ...rest: [dtype?: DTypeLike | null, minval?: ArrayLike, maxval?: ArrayLike, options?: { dtype?: DTypeLike | null; minval?: ArrayLike; maxval?: ArrayLike }] | [options: { dtype?: DTypeLike | null; minval?: ArrayLike; maxval?: ArrayLike }]
): Array {
  const o = bindArgs('random.uniform', ['dtype', 'minval', 'maxval'], rest);
  const [data] = unwrapKey('uniform', key);
  const d = floatDtype('uniform', o.dtype);
  return uniformData(data, shapeOf('uniform', shape), d, (o.minval ?? 0) as ArrayLike, (o.maxval ?? 1) as ArrayLike);
}

const normalJit = jit(
  (data: Array, shape: number[], dtype: DType) => {
    // u uniform in (-1, 1): minval is the float just above -1.
    const lo = dtype === float64 ? -1 + 2 ** -53 : dtype === float32 ? -1 + 2 ** -24 : -1 + 2 ** -11;
    const floats = unitFloats(data, shape, dtype);
    const l = full(shape, lo, dtype);
    const u = jnp.maximum(l, fma(floats, sub(full(shape, 1, dtype), l), l));
    return mul(full(shape, Math.SQRT2, dtype), erfInv(u));
  },
  { staticArgnums: [1, 2] },
);

/** Standard normal draws on an unwrapped key (for the other samplers). */
export function normalData(data: Array, shape: readonly number[], dtype: DType): Array {
  return normalJit(data, [...shape], dtype);
}

/** Standard normal samples of `shape` and float `dtype` (JAX's `random.normal(key, shape=(), dtype=float)`). */
export function normal(key: KeyLike, shape?: number | readonly number[], ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.normal', ['dtype'], rest);
  const [data] = unwrapKey('normal', key);
  return normalData(data, shapeOf('normal', shape), floatDtype('normal', o.dtype));
}
