// WebAssembly SIMD instructions for the vectorised loops (render/wasmVector.ts), and exp of four
// float32 lanes. exp is evaluated in two f64x2 halves: clamp to [-104, 89] (outside it a float32
// result is 0 or +inf anyway), n = round(x·log2 e), r = x − n·ln2 (Cody–Waite, exact to 2⁻⁶⁰),
// e^r by its degree-11 Taylor polynomial (|r| ≤ 0.347: truncation below 2⁻⁴⁷ relative), times
// 2ⁿ built from its exponent bits, then rounded to float32 once. The f64 value is within 2⁻⁴⁶
// relative of eˣ, so the float32 result is the correctly rounded one except within 2⁻⁴⁶ of a
// rounding boundary: at most 1 ulp from Math.fround(Math.exp(x)) (test/compiler/simd.test.ts
// checks this over dense grids and counts the rare 1-ulp differences). NaN stays NaN.
import { get, op, set, uleb, type ValType, V128 } from './encode.js';

/** A SIMD instruction by its opcode (after the 0xfd prefix). */
export const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const memarg = (offset: number) => [2, ...uleb(offset)];

/** SIMD opcodes the vectoriser emits. */
export const V = {
  load: (offset: number) => [...simd(0x00), ...memarg(offset)],
  load32Splat: (offset: number) => [...simd(0x09), ...memarg(offset)],
  store: (offset: number) => [...simd(0x0b), ...memarg(offset)],
  f32x4Splat: simd(0x13),
  f64x2Splat: simd(0x14),
  f32x4Extract: (lane: number) => [...simd(0x1f), lane],
  f64x2Extract: (lane: number) => [...simd(0x21), lane],
  f32x4Eq: simd(0x41),
  f32x4Ne: simd(0x42),
  f32x4Lt: simd(0x43),
  f32x4Gt: simd(0x44),
  or: simd(0x50),
  bitselect: simd(0x52),
  f32x4Abs: simd(0xe0),
  f32x4Neg: simd(0xe1),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Min: simd(0xf4),
  f64x2Max: simd(0xf5),
  f64x2Nearest: simd(0x94),
  f32x4DemoteZero: simd(0x5e),
  f64x2PromoteLow: simd(0x5f),
  i32x4TruncSatF64x2Zero: simd(0xfc),
  i64x2ExtendLowI32x4: simd(0xc7),
  i64x2Shl: simd(0xcb),
  i64x2Add: simd(0xce),
  /** Lanes 2, 3 of a v128 moved to lanes 0, 1 (i8x16.shuffle of it with itself: push it twice). */
  high: [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
  /** Lanes 0, 1 of the first operand and lanes 0, 1 of the second, as one v128 (joins two demoted halves). */
  joinLow: [...simd(0x0d), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
  f32x4Const: (v: number) => [...simd(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([v]).buffer)]).flat()],
  f64x2Const: (v: number) => [...simd(0x0c), ...Array.from({ length: 2 }, () => [...new Uint8Array(new Float64Array([v]).buffer)]).flat()],
  i64x2Const: (v: bigint) => [...simd(0x0c), ...Array.from({ length: 2 }, () => [...new Uint8Array(new BigInt64Array([v]).buffer)]).flat()],
};

const LN2_HI = 6.93147180369123816490e-1; // fdlibm's: 32 significant bits, n·LN2_HI exact for |n| < 2^20
const LN2_LO = 1.90821492927058770002e-10;
/** 1/k! for k = 0..11. */
const TAYLOR = Array.from({ length: 12 }, (_, k) => 1 / Array.from({ length: k }, (_, j) => j + 1).reduce((p, v) => p * v, 1));

/** e^x of the f64x2 on the stack (x already in [-104, 89] or NaN), via scratch v128 locals `x`, `n`. */
function expF64x2(x: number, n: number): number[] {
  let poly = V.f64x2Const(TAYLOR[11]!);
  for (let k = 10; k >= 0; k--) poly = [...poly, ...get(x), ...V.f64x2Mul, ...V.f64x2Const(TAYLOR[k]!), ...V.f64x2Add];
  return [
    ...V.f64x2Const(-104), ...V.f64x2Max, ...V.f64x2Const(89), ...V.f64x2Min, ...set(x),
    ...get(x), ...V.f64x2Const(Math.LOG2E), ...V.f64x2Mul, ...V.f64x2Nearest, ...set(n),
    // r = (x − n·LN2_HI) − n·LN2_LO
    ...get(x), ...get(n), ...V.f64x2Const(LN2_HI), ...V.f64x2Mul, ...V.f64x2Sub, ...get(n), ...V.f64x2Const(LN2_LO), ...V.f64x2Mul, ...V.f64x2Sub, ...set(x),
    ...poly,
    // 2ⁿ: exponent bits (n + 1023) << 52; NaN's n truncates to 0 (and the polynomial is NaN).
    ...get(n), ...V.i32x4TruncSatF64x2Zero, ...V.i64x2ExtendLowI32x4, ...V.i64x2Const(1023n), ...V.i64x2Add, op.i32Const, 52, ...V.i64x2Shl,
    ...V.f64x2Mul,
  ];
}

/**
 * Instructions taking an f32x4 off the stack and leaving exp of each lane (f32x4, ≤ 1 ulp from
 * Math.fround(Math.exp)); `local` gives scratch locals, all returned through `free` afterwards.
 */
export function expF32x4(local: (t: ValType) => number, free: (l: number) => void): number[] {
  const [v, x, n, lo] = [local(V128), local(V128), local(V128), local(V128)];
  const code = [
    ...set(v),
    ...get(v), ...V.f64x2PromoteLow, ...expF64x2(x, n), ...V.f32x4DemoteZero, ...set(lo),
    ...get(lo),
    ...get(v), ...get(v), ...V.high, ...V.f64x2PromoteLow, ...expF64x2(x, n), ...V.f32x4DemoteZero,
    ...V.joinLow,
  ];
  for (const l of [v, x, n, lo]) free(l);
  return code;
}
