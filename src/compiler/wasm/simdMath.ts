// log and tanh of four float32 lanes in float32 arithmetic, for the vectorised loops of row
// programs (render/wasmVector.ts), after Cephes' logf and tanhf. Bounds measured over dense grids
// against Math.fround(Math.log / Math.tanh) (test/compiler/simdMath.test.ts): log within 1 ulp,
// tanh within 2 ulp; special values (0, negatives, ±inf, NaN, subnormals, signed zeros) exact.
import { get, op, set, V128 } from './encode.js';
import { expF32x4, type LaneScratch, V } from './simd.js';

const SQRT_HALF = 0.70710678118654752440;
/** log(1 + f) ≈ f − f²/2 + f³·P(f) on f ∈ [√½ − 1, √2 − 1]: Cephes logf's coefficients, highest first. */
const LOG_P = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1];

/**
 * Instructions taking an f32x4 off the stack and leaving log of each lane: subnormals scaled by
 * 2²³ first; x = 2ᵉ·m with m ∈ [√½, √2); log(m) by the polynomial in f = m − 1; e·ln2 added in
 * two parts (Cody–Waite). log(0) = −inf, log(+inf) = +inf, negatives and NaN give NaN.
 */
export function logF32x4({ local, free, konst }: LaneScratch): number[] {
  const f = (v: number) => konst(V.f32x4Const(v));
  const i = (v: number) => konst(V.i32x4Const(v));
  const [x, b, e, m, z] = [local(V128), local(V128), local(V128), local(V128), local(V128)];
  let poly = f(LOG_P[0]!);
  for (const c of LOG_P.slice(1)) poly = [...poly, ...get(m), ...V.f32x4Mul, ...f(c), ...V.f32x4Add];
  const code = [
    ...set(x),
    // Subnormal (and zero) lanes times 2²³, their exponent 23 less: e starts at −23 there.
    ...get(x), ...f(2 ** -126), ...V.f32x4Lt, ...set(e),
    ...get(x), ...f(2 ** 23), ...V.f32x4Mul, ...get(x), ...get(e), ...V.bitselect, ...set(b),
    ...get(e), ...i(-23), ...V.and, ...set(e),
    // e += exponent − 126; m = mantissa in [0.5, 1)
    ...get(e), ...get(b), op.i32Const, 23, ...V.i32x4ShrU, ...i(0xff), ...V.and, ...V.i32x4Add, ...i(126), ...V.i32x4Sub, ...set(e),
    ...get(b), ...i(0x007fffff), ...V.and, ...i(0x3f000000), ...V.or, ...set(m),
    // m < √½: f = 2m − 1 and e − 1 (the mask is −1), else f = m − 1.
    ...get(m), ...f(SQRT_HALF), ...V.f32x4Lt, ...set(z),
    ...get(e), ...get(z), ...V.i32x4Add, ...set(e),
    ...get(m), ...f(1), ...V.f32x4Sub, ...get(m), ...get(z), ...V.and, ...V.f32x4Add, ...set(m),
    // y = f³·P(f) + e·C2 − f²/2; log = f + y + e·C1
    ...get(m), ...get(m), ...V.f32x4Mul, ...set(z),
    ...get(e), ...V.f32x4ConvertI32x4S, ...set(e),
    ...poly, ...get(m), ...V.f32x4Mul, ...get(z), ...V.f32x4Mul,
    ...get(e), ...f(-2.12194440e-4), ...V.f32x4Mul, ...V.f32x4Add,
    ...get(z), ...f(0.5), ...V.f32x4Mul, ...V.f32x4Sub,
    ...get(m), ...V.f32x4Add,
    ...get(e), ...f(0.693359375), ...V.f32x4Mul, ...V.f32x4Add,
    ...set(z),
    // Specials: +inf → +inf, 0 → −inf, negative or NaN → NaN.
    ...f(Infinity), ...get(z), ...get(x), ...f(Infinity), ...V.f32x4Eq, ...V.bitselect, ...set(z),
    ...f(-Infinity), ...get(z), ...get(x), ...f(0), ...V.f32x4Eq, ...V.bitselect, ...set(z),
    ...f(NaN), ...get(z), ...get(x), ...f(0), ...V.f32x4Lt, ...get(x), ...get(x), ...V.f32x4Ne, ...V.or, ...V.bitselect,
  ];
  for (const l of [x, b, e, m, z]) free(l);
  return code;
}

/** tanh(x) ≈ x + x³·Q(x²) for |x| ≤ 0.625: Cephes tanhf's coefficients, highest first. */
const TANH_Q = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/**
 * Instructions taking an f32x4 off the stack and leaving tanh of each lane: the odd polynomial
 * for |x| ≤ 0.625 (signed zeros kept), else sign(x)·(1 − 2/(e^{2|x|} + 1)) with the SIMD exp
 * (±1 once e^{2|x|} overflows). NaN stays NaN (its sign bit may change, as any NaN's may).
 */
export function tanhF32x4(s: LaneScratch): number[] {
  const { local, free, konst } = s;
  const f = (v: number) => konst(V.f32x4Const(v));
  const [x, a, big, mask] = [local(V128), local(V128), local(V128), local(V128)];
  let poly = f(TANH_Q[0]!);
  for (const c of TANH_Q.slice(1)) poly = [...poly, ...get(a), ...V.f32x4Mul, ...f(c), ...V.f32x4Add];
  const code = [
    ...set(x),
    ...get(x), ...V.f32x4Abs, ...set(a),
    ...get(a), ...f(0.625), ...V.f32x4Gt, ...set(mask),
    // Large: 1 − 2/(e^{2|x|} + 1).
    ...f(1), ...f(2), ...get(a), ...get(a), ...V.f32x4Add, ...expF32x4(s), ...f(1), ...V.f32x4Add, ...V.f32x4Div, ...V.f32x4Sub, ...set(big),
    // Small: x + x·x²·Q(x²); then the large result where |x| > 0.625; then x's sign bit (the
    // small result has it already, except −0 + 0 = +0).
    ...get(x), ...get(x), ...V.f32x4Mul, ...set(a),
    ...get(big),
    ...poly, ...get(a), ...V.f32x4Mul, ...get(x), ...V.f32x4Mul, ...get(x), ...V.f32x4Add,
    ...get(mask), ...V.bitselect,
    ...get(x), ...f(-0), ...V.and, ...V.or,
  ];
  for (const l of [x, a, big, mask]) free(l);
  return code;
}
