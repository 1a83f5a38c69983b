// randint as JAX draws it: two independent words per value (from the key's two split halves)
// reduced modulo the span with (hi mod span)·(2^nbits mod span) + (lo mod span), all in wrapping
// unsigned arithmetic; maxval <= minval gives minval; 8- and 16-bit dtypes sample in int32.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { config } from '../core/config.js';
import { type DType, type DTypeLike, dtype as toDtype, float64, int32, intBounds, uint32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { add, bitwiseAnd, convertElementType, gt, le, mul, rem, select } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { randomBits32, randomBits64, shapeOf, splitData } from './prng.js';
import { shiftRightLogical } from '../lax/bitwise.js';
import { checkBroadcast } from './uniform.js';
import { indexAlong } from '../lax/slicing.js';

/** JAX's _convert_and_clip_integer: `val` clipped to what both dtypes hold, then converted. */
function convertAndClip(val: Array, dtype: DType): Array {
  const [lo1, hi1] = intBounds(dtype);
  const [lo2, hi2] = intBounds(val.dtype);
  const clipped = jnp.clip(val, full([], Math.max(lo1, lo2), val.dtype), full([], Math.min(hi1, hi2), val.dtype));
  return convertElementType(clipped, dtype);
}

/** An integer-typed parameter (floats truncate toward zero, as JAX's astype(int)). */
function asInt(x: Array): Array {
  return x.dtype.kind === 'i' || x.dtype.kind === 'u' ? x : convertElementType(x, int32);
}

/**
 * (H·2^64 + L) mod span for 64-bit draws H, L (as uint32 words, most significant first) and a
 * uint32 span: JAX's int64 randint reduction, which with spans below 2^32 never wraps and so is
 * exactly this. Horner over 16-bit limbs keeps every float64 intermediate below 2^48 (exact).
 */
function mod128(words: Array[], span: Array): Array {
  const shape = span.shape;
  const s = convertElementType(span, float64);
  let r = full(shape, 0, float64);
  const limb = full(shape, 65536, float64);
  for (const w of words)
    for (const half of [shiftRightLogical(w, full(shape, 16, uint32)), bitwiseAnd(w, full(shape, 0xffff, uint32))])
      r = rem(add(mul(r, limb), convertElementType(half, float64)), s);
  return convertElementType(r, uint32);
}

const randintJit = jit(
  (data: Array, minvalIn: Array, maxvalIn: Array, shape: number[], dtype: DType, wide: boolean) => {
    let minval = asInt(minvalIn);
    let maxval = asInt(maxvalIn);
    // Where maxval exceeds the dtype (randint(key, s, 0, 256, 'uint8')), the span is one larger.
    const outOfRange = gt(maxval, full(maxval.shape, Math.min(intBounds(dtype)[1], intBounds(maxval.dtype)[1]), maxval.dtype));
    minval = jnp.broadcastTo(convertAndClip(minval, dtype), shape);
    maxval = jnp.broadcastTo(convertAndClip(maxval, dtype), shape);
    const over = jnp.broadcastTo(outOfRange, shape);
    const keys = splitData(data, [2]);
    const c = (v: number) => full(shape, v, uint32);
    let span = convertElementType(jnp.subtract(maxval, minval), uint32);
    const empty = le(maxval, minval);
    span = select(empty, c(1), span);
    if (wide) {
      // JAX's int64 draw (x64's default int), for bounds that are int32 here.
      const [h1, l1] = randomBits64(indexAlong(keys, 0, 0), shape);
      const [h2, l2] = randomBits64(indexAlong(keys, 0, 1), shape);
      return jnp.add(minval, convertElementType(mod128([h1, l1, h2, l2], span), dtype));
    }
    const higher = randomBits32(indexAlong(keys, 0, 0), shape);
    const lower = randomBits32(indexAlong(keys, 0, 1), shape);
    span = select(bitwiseAnd(over, jnp.logicalNot(empty)), add(span, c(1)), span);
    // (a·b) mod N = ((a mod N)·(b mod N)) mod N, with 2^32 mod N as (2^16 mod N)² mod N.
    let multiplier = rem(c(2 ** 16), span);
    multiplier = rem(mul(multiplier, multiplier), span);
    const offset = rem(add(mul(rem(higher, span), multiplier), rem(lower, span)), span);
    return jnp.add(minval, convertElementType(offset, dtype));
  },
  { staticArgnums: [3, 4, 5] },
);

/** The integer dtype of randint (under x64 JAX's default is int64, drawn as such into int32 here). */
function intDtype(v: unknown): DType {
  if (v === undefined || v === null) return int32;
  const d = toDtype(v as DTypeLike);
  if (d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`random.randint(): dtype must be an integer dtype, got ${d}.`);
  return d;
}

/** randint on an unwrapped key (for the other samplers). */
export function randintData(data: Array, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType, defaultDtype = false): Array {
  let lo = asArray(minval);
  let hi = asArray(maxval);
  checkBroadcast('randint', shape, lo, hi);
  let sampling = dtype;
  if (dtype.itemsize < 4) {
    // Sampled in 32 bits (less bias), bounds clipped to the dtype's range (maxval to one past it).
    sampling = int32;
    const [mn, mx] = intBounds(dtype);
    lo = jnp.clip(convertElementType(lo, int32), mn, mx);
    hi = jnp.clip(convertElementType(hi, int32), mn, mx + 1);
  }
  // x64's default int is int64: JAX draws 64 bits per word; the values fit int32 here (the bounds do).
  const wide = defaultDtype && config.values.enableX64;
  const out = randintJit(data, lo, hi, [...shape], sampling, wide);
  return sampling === dtype ? out : convertElementType(out, dtype);
}

/**
 * Integers uniform in [minval, maxval) of `shape` (JAX's `random.randint(key, shape, minval,
 * maxval, dtype=int)`); maxval <= minval gives minval. Bit-exact with JAX for the same key; under
 * x64 without a dtype, JAX's int64 draw, as int32 (jaxpool has no int64; the bounds are int32).
 */
export function randint(key: KeyLike, shape: number | readonly number[], minval: ArrayLike, maxval: ArrayLike, ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.randint', ['dtype'], rest);
  const [data] = unwrapKey('randint', key);
  return randintData(data, shapeOf('randint', shape), minval, maxval, intDtype(o.dtype), o.dtype === undefined || o.dtype === null);
}
