// sin and cos for |x| ≤ π/4 inline in WebAssembly: V8's Math.sin/Math.cos are fdlibm, which
// evaluates exactly these kernel polynomials there (no argument reduction), so the same f64
// operations in the same order give the same bits — without a call per element. Other operands
// call Math.sin/Math.cos. On an engine whose Math.sin differs (checked once), nothing is inlined.
import { F64, f64c, get, op, set, sleb, uleb, type ValType } from './encode.js';

const S = [-1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4, 2.75573137070700676789e-6, -2.50507602534068634195e-8, 1.58969099521155010221e-10];
const C = [4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5, -2.75573143513906633035e-7, 2.08757232129817482790e-9, -1.13596475577881948265e-11];

/** The double whose high word is `hi` and low word 0 (fdlibm compares high words). */
function fromHigh(hi: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi);
  return v.getFloat64(0);
}
const PIO4 = fromHigh(0x3fe921fc); // |x| < this: high word ≤ 0x3fe921fb
const TINY = fromHigh(0x3e400000); // 2^-27
const COS_SMALL = fromHigh(0x3fd33334); // high word < 0x3fd33333 … ≤ 0x3fd33333
const COS_BIG = fromHigh(0x3fe90001); // high word > 0x3fe90000

// fdlibm's __kernel_sin(x, 0, 0) and __kernel_cos(x, 0) in JS, for the one-time check.
function kernelSin(x: number): number {
  if (Math.abs(x) < TINY) return x;
  const z = x * x;
  const v = z * x;
  const r = S[1]! + z * (S[2]! + z * (S[3]! + z * (S[4]! + z * S[5]!)));
  return x + v * (S[0]! + z * r);
}
function kernelCos(x: number): number {
  const a = Math.abs(x);
  if (a < TINY) return 1;
  const z = x * x;
  const r = z * (C[0]! + z * (C[1]! + z * (C[2]! + z * (C[3]! + z * (C[4]! + z * C[5]!)))));
  if (a < COS_SMALL) return 1 - (0.5 * z - (z * r - x * 0));
  const qx = a >= COS_BIG ? 0.28125 : quarter(a);
  return 1 - qx - (0.5 * z - qx - (z * r - x * 0));
}
/** fdlibm's INSERT_WORDS(qx, ix - 0x00200000, 0): |x|/4 with the low word cleared. */
function quarter(a: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, a);
  return fromHigh(v.getUint32(0) - 0x00200000);
}

let agrees: boolean | undefined;
/** Whether this engine's Math.sin/Math.cos are fdlibm on [-π/4, π/4] (a sample check). */
function engineAgrees(): boolean {
  if (agrees === undefined) {
    agrees = true;
    for (let i = 0; i <= 4096 && agrees; i++) {
      const x = Math.fround(((i / 4096) * 2 - 1) * 0.785) * (i % 7 === 0 ? 1e-3 : 1);
      agrees = Object.is(kernelSin(x), Math.sin(x)) && Object.is(kernelCos(x), Math.cos(x));
    }
  }
  return agrees;
}


/** Horner: c0 + z·(c1 + z·(… cn)), with z in local `z`. */
function horner(cs: number[], z: number): number[] {
  let code = f64c(cs[cs.length - 1]!);
  for (let i = cs.length - 2; i >= 0; i--) code = [...get(z), ...code, op.f64Mul, ...f64c(cs[i]!), op.f64Add];
  return code;
}

/**
 * Instructions taking an f64 operand off the stack and leaving Math[fn] of it (f64), or null
 * when this engine's Math functions are not fdlibm's. `local` makes scratch locals;
 * `mathImport` is the import index of Math[fn].
 */
export function inlineSinCos(fn: 'sin' | 'cos', local: (t: ValType) => number, mathImport: number): number[] | null {
  if (!engineAgrees()) return null;
  const [x, a, z, r, q] = Array.from({ length: 5 }, () => local(F64)) as [number, number, number, number, number];
  const kernel =
    fn === 'sin'
      ? [
          // x + z·x·(S1 + z·r), r = S2 + z·(S3 + …)
          ...get(x), ...get(z), ...get(x), op.f64Mul, ...f64c(S[0]!), ...get(z), ...horner(S.slice(1), z), op.f64Mul, op.f64Add, op.f64Mul, op.f64Add,
        ]
      : [
          ...get(z), ...horner(C, z), op.f64Mul, ...set(r),
          // w = z·r - x·0
          ...get(a), ...f64c(COS_SMALL), op.f64Lt,
          op.if, F64,
          ...f64c(1), ...f64c(0.5), ...get(z), op.f64Mul, ...get(z), ...get(r), op.f64Mul, ...get(x), ...f64c(0), op.f64Mul, op.f64Sub, op.f64Sub, op.f64Sub,
          op.else,
          // qx = |x| ≥ 0.78125… ? 0.28125 : |x|/4 (high word - 0x00200000, low word 0)
          ...f64c(0.28125),
          ...get(a), op.i64ReinterpretF64, op.i64Const, ...sleb(BigInt.asIntN(64, 0xffffffffn << 32n)), op.i64And, op.i64Const, ...sleb(0x00200000n << 32n), op.i64Sub, op.f64ReinterpretI64,
          ...get(a), ...f64c(COS_BIG), op.f64Ge, op.select, ...set(q),
          // (1 - qx) - ((0.5·z - qx) - (z·r - x·0))
          ...f64c(1), ...get(q), op.f64Sub,
          ...f64c(0.5), ...get(z), op.f64Mul, ...get(q), op.f64Sub, ...get(z), ...get(r), op.f64Mul, ...get(x), ...f64c(0), op.f64Mul, op.f64Sub, op.f64Sub,
          op.f64Sub,
          op.end,
        ];
  return [
    ...set(x),
    ...get(x), op.f64Abs, ...set(a),
    ...get(a), ...f64c(PIO4), op.f64Lt,
    op.if, F64,
    ...get(a), ...f64c(TINY), op.f64Lt,
    op.if, F64,
    ...(fn === 'sin' ? get(x) : f64c(1)),
    op.else,
    ...get(x), ...get(x), op.f64Mul, ...set(z),
    ...kernel,
    op.end,
    op.else,
    ...get(x), op.call, ...uleb(mathImport),
    op.end,
  ];
}
