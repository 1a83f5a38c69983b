// IEEE binary16 (float16) without Float16Array / Math.f16round (Node 20 has neither): numbers to
// bits with round-to-nearest-even (subnormals, overflow to inf, NaN) and back. One source text
// serves the host (evaluated once here) and compiled kernels (the JS renderer puts it in a
// program's prelude), so both round identically.

/**
 * JS source of `f16enc(x)` (a number → its float16 bits, rounded to nearest even), `f16dec(h)`
 * (bits → the number) and `f16r(x)` (x rounded to float16), as kernels declare them.
 */
export const FLOAT16_SOURCE = `
function f16enc(x) {
  let s = 0;
  if (x < 0 || (x === 0 && 1 / x < 0)) { s = 32768; x = -x; }
  if (x !== x) return 32256;
  if (x >= 65520) return s | 31744;
  if (x < 6.103515625e-05) {
    const q = x * 16777216, f = Math.floor(q), d = q - f;
    return s | (d > 0.5 || (d === 0.5 && (f & 1) === 1) ? f + 1 : f);
  }
  let e = Math.floor(Math.log2(x)), p = 2 ** e;
  if (p > x) { e--; p /= 2; } else if (p * 2 <= x) { e++; p *= 2; }
  const q = (x / p) * 1024, f = Math.floor(q), d = q - f;
  return s | (((e + 15) << 10) + (d > 0.5 || (d === 0.5 && (f & 1) === 1) ? f + 1 : f) - 1024);
}
function f16dec(h) {
  const e = (h >> 10) & 31, m = h & 1023, s = h & 32768 ? -1 : 1;
  return e === 0 ? s * m * 5.960464477539063e-8 : e === 31 ? (m ? NaN : s * Infinity) : s * (1024 + m) * 2 ** (e - 25);
}
function f16r(x) { return f16dec(f16enc(x)); }
`;

const [enc, dec, round] = new Function(`${FLOAT16_SOURCE}\nreturn [f16enc, f16dec, f16r];`)() as [(x: number) => number, (h: number) => number, (x: number) => number];

/** The float16 bits of `x` rounded to nearest even (overflow → ±inf, NaN → 0x7e00). */
export const float16Bits: (x: number) => number = enc;
/** The number float16 bits `h` stand for. */
export const float16FromBits: (h: number) => number = dec;
/** `x` rounded to the nearest float16 (ties to even), as a number. */
export const float16Round: (x: number) => number = round;

/** Decode float16 bits into numbers (a Float32Array holds every float16 value exactly). */
export function decodeFloat16(bits: ArrayLike<number>, out = new Float32Array(bits.length)): Float32Array {
  for (let i = 0; i < bits.length; i++) out[i] = dec(bits[i]!);
  return out;
}

/** Encode numbers as float16 bits into `out`, each rounded to nearest even. */
export function encodeFloat16(values: ArrayLike<number>, out: Uint16Array): Uint16Array {
  for (let i = 0; i < out.length; i++) out[i] = enc(Number(values[i]));
  return out;
}
