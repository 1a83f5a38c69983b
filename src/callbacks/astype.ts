// Callback results into the declared dtype: converted when the dtype holds the value (float64 →
// float32 rounds to nearest, as numpy's astype), otherwise a CallbackResultError naming the value —
// never numpy's silent truncation or wrap-around (1.5 → 1, 3e10 → -2147483648, NaN → INT_MIN).
import type { DType } from '../core/dtypes.js';
import { CallbackResultError } from '../core/errors.js';

export type HostTyped = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The values each integer dtype holds: [min, max]. */
const INT_RANGE: Record<'int32' | 'uint8' | 'bool', readonly [number, number]> = {
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  bool: [0, 1],
};

/** Sources whose every element some integer dtypes hold without a check. */
function alwaysHolds(src: ArrayLike<number>, d: 'int32' | 'uint8' | 'bool'): boolean {
  if (d === 'int32') return src instanceof Int32Array || src instanceof Uint8Array;
  if (d === 'uint8') return src instanceof Uint8Array;
  return false;
}

/**
 * Write `src` into `dst` as dtype `d`. Floats round to the float dtype (overflow to ±inf, as IEEE
 * and numpy do); an integer or bool dtype takes only the integers it holds (bool: 0 and 1), and
 * anything else — a fraction, NaN, ±inf, a value out of range — raises naming `what`.
 */
export function castInto(dst: HostTyped, src: ArrayLike<number>, d: DType, what: string): void {
  const n = dst.length;
  const name = d.name;
  if (name === 'float32' || name === 'float64') {
    // Typed-array stores round to float32 (round-to-nearest-even) as numpy does.
    if (ArrayBuffer.isView(src)) dst.set(src as unknown as Float64Array);
    else for (let i = 0; i < n; i++) dst[i] = src[i]!;
    return;
  }
  if (alwaysHolds(src, name)) {
    dst.set(src as unknown as Int32Array);
    return;
  }
  const [lo, hi] = INT_RANGE[name];
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw outOfRange(what, v, i, name);
    dst[i] = v;
  }
}

function outOfRange(what: string, v: number, at: number, dtype: string): CallbackResultError {
  const why = Number.isNaN(v) || !Number.isFinite(v) ? 'is not a finite number' : Number.isInteger(v) ? 'is out of its range' : 'is not an integer';
  const range = dtype === 'bool' ? 'false/true (0 or 1)' : `integers in [${INT_RANGE[dtype as 'int32'].join(', ')}]`;
  return new CallbackResultError(
    `${what} holds ${Object.is(v, -0) ? '-0' : String(v)} at flat index ${at}, which the declared dtype ${dtype} cannot hold (it ${why}; ${dtype} holds ${range}). ` +
      'Round or clip the values in the callback, or declare a dtype that holds them (e.g. float32).',
  );
}
