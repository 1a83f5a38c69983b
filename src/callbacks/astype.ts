// numpy's `astype` into a device buffer, for callback results (x86-64 numpy semantics for the
// undefined float→int cases, so results match what a JAX host callback would produce there).
import type { DType } from '../core/dtypes.js';

export type HostTyped = Float32Array | Float64Array | Int32Array | Uint8Array;

const INT_MIN = -2147483648;

/** float → int32 as numpy on x86-64: truncate; NaN, ±inf and out-of-range values give INT_MIN. */
function floatToInt32(v: number): number {
  const t = Math.trunc(v);
  return t >= INT_MIN && t <= 2147483647 ? t : INT_MIN;
}

/** float → uint8 as numpy on x86-64: truncate through a 64-bit integer, keep the low byte. */
function floatToUint8(v: number): number {
  const t = Math.trunc(v);
  if (!(Math.abs(t) < 2 ** 63)) return 0;
  return ((t % 256) + 256) % 256;
}

/**
 * Write `src` into `dst` converted to `d`. `float` says the source elements are floats (numpy
 * truncates them to integers); integer sources wrap modulo 2^32 or 2^8 as numpy's integer casts do.
 */
export function castInto(dst: HostTyped, src: ArrayLike<number>, d: DType, float: boolean): void {
  const n = dst.length;
  switch (d.name) {
    case 'float32':
    case 'float64':
      // Typed-array stores round to float32 (round-to-nearest-even) as numpy does.
      if (ArrayBuffer.isView(src)) dst.set(src as unknown as Float64Array);
      else for (let i = 0; i < n; i++) dst[i] = src[i]!;
      return;
    case 'int32':
      if (!float && ArrayBuffer.isView(src)) dst.set(src as unknown as Float64Array); // ToInt32 wraps mod 2^32
      else if (!float) for (let i = 0; i < n; i++) dst[i] = src[i]! | 0;
      else for (let i = 0; i < n; i++) dst[i] = floatToInt32(src[i]!);
      return;
    case 'uint8':
      if (!float && ArrayBuffer.isView(src)) dst.set(src as unknown as Float64Array); // ToUint8 wraps mod 2^8
      else if (!float) for (let i = 0; i < n; i++) dst[i] = src[i]! & 255;
      else for (let i = 0; i < n; i++) dst[i] = floatToUint8(src[i]!);
      return;
    case 'bool':
      // numpy: any nonzero value, NaN included, is True.
      for (let i = 0; i < n; i++) dst[i] = src[i] === 0 ? 0 : 1;
      return;
  }
}
