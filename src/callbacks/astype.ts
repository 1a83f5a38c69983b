// Callback results into the declared dtype: converted when the dtype holds the value (float64 →
// float32 rounds to nearest, as numpy's astype), otherwise a CallbackResultError naming the value —
// never numpy's silent truncation or wrap-around (1.5 → 1, 3e10 → -2147483648, NaN → INT_MIN).
import { type DType, type TypedArrayOf, hostArrayClass, intBounds } from '../core/dtypes.js';
import { CallbackResultError } from '../core/errors.js';

/** A callback operand's or result's elements on the host (float16 as float32 values). */
export type HostTyped = TypedArrayOf;

/** Sources whose every element an integer dtype holds without a check: its own class, or a narrower one inside its range. */
function alwaysHolds(src: ArrayLike<number>, d: DType): boolean {
  if (d.kind === 'b') return false;
  const [lo, hi] = intBounds(d);
  const narrow: [Function, number, number][] = [
    [Int8Array, -128, 127],
    [Uint8Array, 0, 255],
    [Int16Array, -32768, 32767],
    [Uint16Array, 0, 65535],
    [Int32Array, -2147483648, 2147483647],
    [Uint32Array, 0, 4294967295],
  ];
  return src instanceof hostArrayClass(d) || narrow.some(([T, a, b]) => src instanceof T && a >= lo && b <= hi);
}

/**
 * Write `src` into `dst` as dtype `d`. Floats round to the float dtype (overflow to ±inf, as IEEE
 * and numpy do); an integer or bool dtype takes only the integers it holds (bool: 0 and 1), and
 * anything else — a fraction, NaN, ±inf, a value out of range — raises naming `what`.
 */
export function castInto(dst: HostTyped, src: ArrayLike<number>, d: DType, what: string): void {
  const n = dst.length;
  if (d.kind === 'f') {
    // Typed-array stores round to float32 (round-to-nearest-even) as numpy does.
    if (ArrayBuffer.isView(src)) dst.set(src as unknown as Float64Array);
    else for (let i = 0; i < n; i++) dst[i] = src[i]!;
    return;
  }
  if (alwaysHolds(src, d)) {
    dst.set(src as unknown as Int32Array);
    return;
  }
  const [lo, hi] = intBounds(d);
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw outOfRange(what, v, i, d);
    dst[i] = v;
  }
}

function outOfRange(what: string, v: number, at: number, dtype: DType): CallbackResultError {
  const why = Number.isNaN(v) || !Number.isFinite(v) ? 'is not a finite number' : Number.isInteger(v) ? 'is out of its range' : 'is not an integer';
  const range = dtype.kind === 'b' ? 'false/true (0 or 1)' : `integers in [${intBounds(dtype).join(', ')}]`;
  return new CallbackResultError(
    `${what} holds ${Object.is(v, -0) ? '-0' : String(v)} at flat index ${at}, which the declared dtype ${dtype} cannot hold (it ${why}; ${dtype} holds ${range}). ` +
      'Round or clip the values in the callback, or declare a dtype that holds them (e.g. float32).',
  );
}
