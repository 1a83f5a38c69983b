// A WebAssembly SIMD matmul kernel for float32 C[M,N] = A[M,K] · B[K,N]. It computes exactly what
// the JS kernel does (f64 accumulation in k order, one rounding at the store), so results are
// bit-identical; f64x2 lanes halve the arithmetic instructions and keep 4×4 blocks in registers.
import { encodeModule, F64, f64c, forLoop, get, I32, i32c, op, set, uleb, V128, type ValType } from '../wasm/encode.js';

const simd = (code: number) => [0xfd, ...uleb(code)];
const v128Load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
const f64x2Splat = simd(0x14);
const f64x2ExtractLane = (lane: number) => [...simd(0x21), lane];
const f64x2Add = simd(0xf0);
const f64x2Mul = simd(0xf2);
const v128Zero = [...simd(0x0c), ...new Array<number>(16).fill(0)];

/** a * b + c on i32 locals/constants, as instructions. */
const madd = (a: number[], b: number[], c: number[]) => [...a, ...b, op.i32Mul, ...c, op.i32Add];

/**
 * The module's `run(a, b, c, s, rowLo, rowHi)`: byte offsets of A, B, C and of a K·N·8-byte f64
 * scratch (B widened), and the row range [rowLo, rowHi) to compute (a multiple of 4 apart from
 * the last range).
 */
export function matmulModule(M: number, K: number, N: number): Uint8Array {
  const [A, B, C, S, LO, HI] = [0, 1, 2, 3, 4, 5];
  const params: ValType[] = [I32, I32, I32, I32, I32, I32];
  const locals: ValType[] = [];
  const local = (t: ValType) => (locals.push(t), params.length + locals.length - 1);
  const [i, j, k, t, pa, pb, HI4] = Array.from({ length: 7 }, () => local(I32)) as [number, number, number, number, number, number, number];
  const acc = Array.from({ length: 8 }, () => local(V128));
  const a = [0, 1, 2, 3].map(() => local(V128));
  const [b01, b23] = [local(V128), local(V128)];
  const s = local(F64);
  const N4 = N - (N % 4);

  // B widened to f64 in its own [K][N] layout, so B[k][j..j+1] is one v128 load.
  const widen = forLoop(t, i32c(0), i32c(K * N), 1, [
    ...get(S), ...get(t), ...i32c(3), op.i32Shl, op.i32Add,
    ...get(B), ...get(t), ...i32c(2), op.i32Shl, op.i32Add, op.f32Load, 2, 0, op.f64PromoteF32,
    op.f64Store, 3, 0,
  ]);
  // One 4×4 block of C at (i, j): acc[2r], acc[2r+1] hold row r's columns j..j+1 and j+2..j+3.
  const kStep = [
    ...[0, 1, 2, 3].flatMap((r) => [...get(pa), op.f32Load, 2, ...uleb(r * K * 4), op.f64PromoteF32, ...f64x2Splat, ...set(a[r]!)]),
    ...get(pb), ...v128Load(0), ...set(b01),
    ...get(pb), ...v128Load(16), ...set(b23),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(acc[2 * r]!), ...get(a[r]!), ...get(b01), ...f64x2Mul, ...f64x2Add, ...set(acc[2 * r]!),
      ...get(acc[2 * r + 1]!), ...get(a[r]!), ...get(b23), ...f64x2Mul, ...f64x2Add, ...set(acc[2 * r + 1]!),
    ]),
    ...get(pa), ...i32c(4), op.i32Add, ...set(pa),
    ...get(pb), ...i32c(N * 8), op.i32Add, ...set(pb),
  ];
  const storeBlock = [0, 1, 2, 3].flatMap((r) =>
    [0, 1, 2, 3].flatMap((c) => [
      ...get(C), ...madd(madd(get(i), i32c(1), i32c(r)), i32c(N), madd(get(j), i32c(1), i32c(c))), ...i32c(2), op.i32Shl, op.i32Add,
      ...get(acc[2 * r + (c >> 1)]!), ...f64x2ExtractLane(c & 1), op.f32DemoteF64, op.f32Store, 2, 0,
    ]),
  );
  const block = [
    ...acc.flatMap((q) => [...v128Zero, ...set(q)]),
    // pa = A + i*K*4, pb = S + j*8
    ...get(A), ...madd(get(i), i32c(K * 4), i32c(0)), op.i32Add, ...set(pa),
    ...get(S), ...madd(get(j), i32c(8), i32c(0)), op.i32Add, ...set(pb),
    ...forLoop(k, i32c(0), i32c(K), 1, kStep),
    ...storeBlock,
  ];
  // HI4: the end of the rows the blocks cover in this range.
  const hi4 = [...get(HI), ...get(LO), op.i32Sub, ...i32c(~3), op.i32And, ...get(LO), op.i32Add, ...set(HI4)];
  const blocks = forLoop(i, get(LO), get(HI4), 4, forLoop(j, i32c(0), i32c(N4), 4, block));
  // Edges: every row's columns past N4, and whole rows past HI4; the JS kernel's order of k.
  const dot = [
    ...f64c(0), ...set(s),
    ...forLoop(k, i32c(0), i32c(K), 1, [
      ...get(s),
      ...get(A), ...madd(madd(get(i), i32c(K), get(k)), i32c(4), i32c(0)), op.i32Add, op.f32Load, 2, 0, op.f64PromoteF32,
      ...get(S), ...madd(madd(get(k), i32c(N), get(j)), i32c(8), i32c(0)), op.i32Add, op.f64Load, 3, 0,
      op.f64Mul, op.f64Add, ...set(s),
    ]),
    ...get(C), ...madd(madd(get(i), i32c(N), get(j)), i32c(4), i32c(0)), op.i32Add, ...get(s), op.f32DemoteF64, op.f32Store, 2, 0,
  ];
  const edges = forLoop(i, get(LO), get(HI), 1, [
    // j from N4 for block rows, else from 0
    ...forLoop(j, [...get(i), ...get(HI4), op.i32LtU, op.if, I32, ...i32c(N4), op.else, ...i32c(0), op.end], i32c(N), 1, dot),
  ]);
  return encodeModule({ imports: [], params, locals, body: [...widen, ...hi4, ...blocks, ...edges] });
}
