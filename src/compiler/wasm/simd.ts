// WebAssembly SIMD instructions for the vectorised loops (render/wasmVector.ts), and exp of four
// float32 lanes in float32 arithmetic (expF32x4: within 1 ulp of Math.fround(Math.exp)).
import { get, op, set, uleb, type ValType, V128 } from './encode.js';

/** A SIMD instruction by its opcode (after the 0xfd prefix). */
export const simd = (code: number): number[] => [0xfd, ...uleb(code)];
const memarg = (offset: number) => [2, ...uleb(offset)];

/** SIMD opcodes the vectoriser emits. */
export const V = {
  load: (offset: number) => [...simd(0x00), ...memarg(offset)],
  store: (offset: number) => [...simd(0x0b), ...memarg(offset)],
  f32x4Splat: simd(0x13),
  f32x4Extract: (lane: number) => [...simd(0x1f), lane],
  f64x2Extract: (lane: number) => [...simd(0x21), lane],
  f32x4Eq: simd(0x41),
  f32x4Ne: simd(0x42),
  f32x4Lt: simd(0x43),
  f32x4Gt: simd(0x44),
  and: simd(0x4e),
  or: simd(0x50),
  /** Whether any bit of the v128 is set (i32). */
  anyTrue: simd(0x53),
  bitselect: simd(0x52),
  f32x4Abs: simd(0xe0),
  f32x4Neg: simd(0xe1),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Pmin: simd(0xea),
  f32x4Pmax: simd(0xeb),
  i32x4Shl: simd(0xab),
  i32x4ShrU: simd(0xad),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  f32x4ConvertI32x4S: simd(0xfa),
  i32x4Const: (v: number) => [...simd(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Int32Array([v]).buffer)]).flat()],
  f64x2Add: simd(0xf0),
  f64x2PromoteLow: simd(0x5f),
  /** Lanes 2, 3 of a v128 moved to lanes 0, 1 (i8x16.shuffle of it with itself: push it twice). */
  high: [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
  f32x4Const: (v: number) => [...simd(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([v]).buffer)]).flat()],
  f64x2Const: (v: number) => [...simd(0x0c), ...Array.from({ length: 2 }, () => [...new Uint8Array(new Float64Array([v]).buffer)]).flat()],
};

const C1 = 0.693359375; // 355/512: n·C1 exact for |n| < 2^15, and x − n·C1 exact for the clamped x
const C2 = -2.12194440e-4; // ln 2 − C1
/** 1.5·2²³ + 254: adding it rounds x·log2 e to an integer n and leaves n + 254 in the low mantissa bits. */
const SHIFT = 1.5 * 2 ** 23 + 254;
/** e^r ≈ 1 + r + r²·(Q0 + r·(Q1 + … r·Q4)) on |r| ≤ ln2/2: a minimax fit, truncation 0.05 ulp. */
const Q = [0.4999999403953552, 0.1666652113199234, 0.04166838899254799, 0.008368710055947304, 0.001381461275741458];

/** What a lane function needs: scratch locals (all returned through `free`), and v128 constants read from outside the loop. */
export interface LaneScratch {
  local(t: ValType): number;
  free(l: number): void;
  konst(c: number[]): number[];
}

/**
 * Instructions taking an f32x4 off the stack and leaving exp of each lane, in float32 arithmetic:
 * clamp to [−104, 89] (outside it a float32 result is 0 or +inf anyway), n = round(x·log2 e),
 * r = x − n·ln2 (Cody–Waite in two parts, exact to 2⁻³⁶), e^r by a degree-6 polynomial, times
 * 2ⁿ as 2^(k>>1−127)·2^(k−(k>>1)−127) with k = n + 254 (both factors normal for every clamped n:
 * overflow to +inf and the subnormal results round once, in the last product). Within 1 ulp of
 * Math.fround(Math.exp(x)) (test/compiler/simd.test.ts checks dense grids); NaN stays NaN.
 * `local` gives scratch locals, all returned through `free` afterwards; `konst` turns a
 * v128.const into instructions reading it (render/wasmVector.ts keeps constants out of the loop).
 */
export function expF32x4({ local, free, konst }: LaneScratch): number[] {
  const [x, t, r] = [local(V128), local(V128), local(V128)];
  const f = (v: number) => konst(V.f32x4Const(v));
  let q = f(Q[4]!);
  for (let k = 3; k >= 0; k--) q = [...q, ...get(r), ...V.f32x4Mul, ...f(Q[k]!), ...V.f32x4Add];
  const code = [
    ...f(-104), ...V.f32x4Pmax, ...f(89), ...V.f32x4Pmin, ...set(x),
    ...get(x), ...f(Math.LOG2E), ...V.f32x4Mul, ...f(SHIFT), ...V.f32x4Add, ...set(t),
    // r = (x − n·C1) − n·C2 with n = t − SHIFT (exact)
    ...get(t), ...f(SHIFT), ...V.f32x4Sub, ...set(r),
    ...get(x), ...get(r), ...f(C1), ...V.f32x4Mul, ...V.f32x4Sub, ...get(r), ...f(C2), ...V.f32x4Mul, ...V.f32x4Sub, ...set(r),
    // 1 + r + r²·q(r)
    ...q, ...get(r), ...get(r), ...V.f32x4Mul, ...V.f32x4Mul, ...get(r), ...V.f32x4Add, ...f(1), ...V.f32x4Add,
    // t's bits are 0x4b400000 + k; shifted by 23 the constant part leaves the word: (bits>>1)<<23
    // is 2^((k>>1)−127), and (bits − bits>>1)<<23 is 2^(k−(k>>1)−127).
    ...get(t), op.i32Const, 1, ...V.i32x4ShrU, ...set(x),
    ...get(x), op.i32Const, 23, ...V.i32x4Shl, ...V.f32x4Mul,
    ...get(t), ...get(x), ...V.i32x4Sub, op.i32Const, 23, ...V.i32x4Shl, ...V.f32x4Mul,
  ];
  for (const l of [x, t, r]) free(l);
  return code;
}
