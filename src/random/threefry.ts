// The Threefry-2x32 hash (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11)
// with 20 rounds, as JAX's threefry2x32_p: built from lax's uint32 add, xor and shifts (rotate =
// shl | shr), so it fuses into one elementwise kernel on the devices and every transformation
// sees ordinary primitives (integer outputs: zero tangents; vmap batches the key words).
import type { Array } from '../core/array.js';
import { uint32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { add } from '../lax/elementwise.js';
import { bitwiseXor, shiftLeft, shiftRightLogical } from '../lax/bitwise.js';
import { bitwiseOr } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';

const ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
] as const;

const c32 = (shape: readonly number[], v: number): Array => full(shape, v >>> 0, uint32);

function rotateLeft(x: Array, r: number): Array {
  return bitwiseOr(shiftLeft(x, c32(x.shape, r)), shiftRightLogical(x, c32(x.shape, 32 - r)));
}

/** A key word, broadcast to the counters' shape (a 0-d word, or one of that shape). */
function asWord(k: Array, shape: readonly number[]): Array {
  if (k.dtype !== uint32) throw new DtypeError(`threefry2x32 needs uint32 key words, got ${k.dtype}.`);
  if (k.ndim === 0 && shape.length > 0) return broadcastInDim(k, [...shape], []);
  return k;
}

/**
 * Threefry-2x32 of the counter pairs (x1, x2) under the key (k1, k2): two uint32 arrays of the
 * counters' shape. The key words are 0-d or of that shape.
 */
export function threefry2x32(k1: Array, k2: Array, x1: Array, x2: Array): [Array, Array] {
  for (const a of [x1, x2]) if (a.dtype !== uint32) throw new DtypeError(`threefry2x32 needs uint32 counters, got ${a.dtype}.`);
  const shape = x1.shape;
  const key1 = asWord(k1, shape);
  const key2 = asWord(k2, shape);
  const ks = [key1, key2, bitwiseXor(bitwiseXor(key1, key2), c32(shape, 0x1bd11bda))];
  let a = add(x1, ks[0]!);
  let b = add(x2, ks[1]!);
  for (let i = 0; i < 5; i++) {
    for (const r of ROTATIONS[i % 2]!) {
      a = add(a, b);
      b = bitwiseXor(a, rotateLeft(b, r));
    }
    // Key injection i+1: the schedule rotates through ks, plus the round counter.
    a = add(a, ks[(i + 1) % 3]!);
    b = add(add(b, ks[(i + 2) % 3]!), c32(shape, i + 1));
  }
  return [a, b];
}

/**
 * JAX's iota_2x32_shape: the row-major index of each element of `shape` as a 64-bit count split
 * into (high, low) uint32 words. Arrays here hold fewer than 2^32 elements, so the high word is 0.
 */
export function iota2x32(shape: readonly number[]): [Array, Array] {
  const size = shape.reduce((n, d) => n * d, 1);
  const lo = shape.length === 0 ? c32([], 0) : reshape(iota(uint32, [size]), [...shape]);
  return [c32(shape, 0), lo];
}
