// randint as JAX draws it: two independent words per value (from the key's two split halves)
// reduced modulo the span with (hi mod span)·(2^nbits mod span) + (lo mod span), all in wrapping
// unsigned arithmetic; maxval <= minval gives minval; 8- and 16-bit dtypes sample in int32.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { config } from '../core/config.js';
import { type DType, type DTypeLike, dtype as toDtype, int32, intBounds, uint32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { add, bitwiseAnd, convertElementType, gt, le, mul, rem, select } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { randomBits32, shapeOf, splitData } from './prng.js';
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

const randintJit = jit(
  (data: Array, minvalIn: Array, maxvalIn: Array, shape: number[], dtype: DType) => {
    let minval = asInt(minvalIn);
    let maxval = asInt(maxvalIn);
    // Where maxval exceeds the dtype (randint(key, s, 0, 256, 'uint8')), the span is one larger.
    const outOfRange = gt(maxval, full(maxval.shape, Math.min(intBounds(dtype)[1], intBounds(maxval.dtype)[1]), maxval.dtype));
    minval = jnp.broadcastTo(convertAndClip(minval, dtype), shape);
    maxval = jnp.broadcastTo(convertAndClip(maxval, dtype), shape);
    const over = jnp.broadcastTo(outOfRange, shape);
    const keys = splitData(data, [2]);
    const higher = randomBits32(indexAlong(keys, 0, 0), shape);
    const lower = randomBits32(indexAlong(keys, 0, 1), shape);
    const c = (v: number) => full(shape, v, uint32);
    let span = convertElementType(jnp.subtract(maxval, minval), uint32);
    const empty = le(maxval, minval);
    span = select(empty, c(1), span);
    span = select(bitwiseAnd(over, jnp.logicalNot(empty)), add(span, c(1)), span);
    // (a·b) mod N = ((a mod N)·(b mod N)) mod N, with 2^32 mod N as (2^16 mod N)² mod N.
    let multiplier = rem(c(2 ** 16), span);
    multiplier = rem(mul(multiplier, multiplier), span);
    const offset = rem(add(mul(rem(higher, span), multiplier), rem(lower, span)), span);
    return jnp.add(minval, convertElementType(offset, dtype));
  },
  { staticArgnums: [3, 4] },
);

/** The integer dtype of randint (JAX's default int is int64 under x64, which jaxpool lacks). */
function intDtype(v: unknown): DType {
  if (v === undefined || v === null) {
    if (config.values.enableX64) throw new DtypeError("random.randint() defaults to int64 under x64, which jaxpool does not have; pass dtype 'int32'.");
    return int32;
  }
  const d = toDtype(v as DTypeLike);
  if (d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`random.randint(): dtype must be an integer dtype, got ${d}.`);
  return d;
}

/** randint on an unwrapped key (for the other samplers). */
export function randintData(data: Array, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): Array {
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
  const out = randintJit(data, lo, hi, [...shape], sampling);
  return sampling === dtype ? out : convertElementType(out, dtype);
}

/**
 * Integers uniform in [minval, maxval) of `shape` (JAX's `random.randint(key, shape, minval,
 * maxval, dtype=int)`); maxval <= minval gives minval. Bit-exact with JAX for the same key.
 */
export function randint(key: KeyLike, shape: number | readonly number[], minval: ArrayLike, maxval: ArrayLike, ...rest: [dtype?: DTypeLike | null | { dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.randint', ['dtype'], rest);
  const [data] = unwrapKey('randint', key);
  return randintData(data, shapeOf('randint', shape), minval, maxval, intDtype(o.dtype));
}
