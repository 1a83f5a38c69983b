// A WebAssembly SIMD matmul kernel for float32 C[M,N] = A[M,K] · B[K,N], accumulating in float32
// as XLA's CPU backend and every peer do (results agree with a float64 reference within K·2⁻²⁴
// of Σ|a·b|, not bit for bit with the JS kernel, which accumulates in float64). B is packed into
// panels of 8 columns, contiguous along K (zero-padded past N); each 4×8 block of C lives in eight
// f32x4 accumulators while K runs in blocks of KC, so a panel's block of B (KC·8 floats) stays in
// L1 across the rows that use it.
import { encodeModule, forLoop, get, I32, i32c, op, set, uleb, V128, type ValType } from '../wasm/encode.js';

/** K is walked in blocks of this many: a block of one panel of B is KC·8·4 bytes (8 KiB). */
const KC = 256;
/** Rows and columns of one register block of C. */
const MR = 4;
const NR = 8;

const simd = (code: number) => [0xfd, ...uleb(code)];
const memarg = (offset: number) => [2, ...uleb(offset)];
const v128Load = (offset: number) => [...simd(0x00), ...memarg(offset)];
const v128Load32Splat = (offset: number) => [...simd(0x09), ...memarg(offset)];
const v128Store = (offset: number) => [...simd(0x0b), ...memarg(offset)];
const f32x4ExtractLane = (lane: number) => [...simd(0x1f), lane];
const f32x4ReplaceLane = (lane: number) => [...simd(0x20), lane];
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const v128Zero = [...simd(0x0c), ...new Array<number>(16).fill(0)];

/** a * b + c on i32 instruction sequences. */
const madd = (a: number[], b: number[], c: number[]) => [...a, ...b, op.i32Mul, ...c, op.i32Add];

/** Floats of packed B a part needs as scratch (shared by the parts: each packs the same values). */
export function matmulScratchFloats(K: number, N: number): number {
  return Math.ceil(N / NR) * NR * Math.max(K, 1);
}

/**
 * The module's `run(a, b, c, s, rowLo, rowHi)`: byte offsets of A, B, C and of the packed-B
 * scratch (matmulScratchFloats(K, N) floats), and the rows [rowLo, rowHi) of C to compute.
 */
export function matmulModule(K: number, N: number): Uint8Array {
  const [A, B, C, S, LO, HI] = [0, 1, 2, 3, 4, 5];
  const params: ValType[] = [I32, I32, I32, I32, I32, I32];
  const locals: ValType[] = [];
  const local = (t: ValType) => (locals.push(t), params.length + locals.length - 1);
  const [i, p, k, kb, kc, pa, pb, end, HI4, t, c] = Array.from({ length: 11 }, () => local(I32)) as number[] as [number, number, number, number, number, number, number, number, number, number, number];
  const acc = Array.from({ length: MR * 2 }, () => local(V128));
  const [b0, b1, a] = [local(V128), local(V128), local(V128)];
  const full = Math.floor(N / NR);
  const tail = N % NR;

  // Pack: panel p holds B[k][8p .. 8p+8) at floats (p·K + k)·8; full panels by two v128 moves.
  const packFull = forLoop(p, i32c(0), i32c(full), 1,
    forLoop(k, i32c(0), i32c(K), 1, [
      ...get(S), ...madd(madd(get(p), i32c(K), get(k)), i32c(NR * 4), i32c(0)), op.i32Add, ...set(t),
      ...get(B), ...madd(madd(get(k), i32c(N), madd(get(p), i32c(NR), i32c(0))), i32c(4), i32c(0)), op.i32Add, ...set(c),
      ...get(t), ...get(c), ...v128Load(0), ...v128Store(0),
      ...get(t), ...get(c), ...v128Load(16), ...v128Store(16),
    ]));
  const packTail = tail
    ? forLoop(k, i32c(0), i32c(K), 1, [
        ...get(S), ...madd(madd(i32c(full), i32c(K), get(k)), i32c(NR * 4), i32c(0)), op.i32Add, ...set(t),
        ...get(B), ...madd(madd(get(k), i32c(N), i32c(full * NR)), i32c(4), i32c(0)), op.i32Add, ...set(c),
        ...Array.from({ length: NR }, (_, q) => [...get(t), ...(q < tail ? [...get(c), op.f32Load, 2, ...uleb(q * 4)] : [op.f32Const, 0, 0, 0, 0]), op.f32Store, 2, ...uleb(q * 4)]).flat(),
      ])
    : [];

  /**
   * One block of `rows` rows (at row local `i`) × the 8 columns of panel `panel` (an instruction
   * sequence), over K from `kb` for `kc` steps; `cols` of the 8 are stored (8, or the tail).
   */
  const block = (rows: number, panel: number[], cols: number): number[] => {
    const cAt = (r: number) => [...get(C), ...madd(madd(madd(get(i), i32c(1), i32c(r)), i32c(N), madd(panel, i32c(NR), i32c(0))), i32c(4), i32c(0)), op.i32Add];
    // The accumulators start from C's partial sums after the first block of K.
    const loadC = Array.from({ length: rows }, (_, r) =>
      [0, 1].flatMap((h) => {
        if (cols === NR) return [...cAt(r), ...v128Load(h * 16), ...set(acc[2 * r + h]!)];
        const lanes = Array.from({ length: 4 }, (_, l) => h * 4 + l).filter((q) => q < cols);
        return [...v128Zero, ...lanes.flatMap((q) => [...cAt(r), op.f32Load, 2, ...uleb(q * 4), ...f32x4ReplaceLane(q & 3)]), ...set(acc[2 * r + h]!)];
      }),
    ).flat();
    const zero = Array.from({ length: rows * 2 }, (_, q) => [...v128Zero, ...set(acc[q]!)]).flat();
    const init = [...get(kb), op.i32Eqz, op.if, 0x40, ...zero, op.else, ...loadC, op.end];
    const step = [
      ...get(pb), ...v128Load(0), ...set(b0),
      ...get(pb), ...v128Load(16), ...set(b1),
      ...Array.from({ length: rows }, (_, r) => [
        ...get(pa), ...v128Load32Splat(r * K * 4), ...set(a),
        ...get(acc[2 * r]!), ...get(a), ...get(b0), ...f32x4Mul, ...f32x4Add, ...set(acc[2 * r]!),
        ...get(acc[2 * r + 1]!), ...get(a), ...get(b1), ...f32x4Mul, ...f32x4Add, ...set(acc[2 * r + 1]!),
      ]).flat(),
      ...get(pb), ...i32c(NR * 4), op.i32Add, ...set(pb),
    ];
    const store = Array.from({ length: rows }, (_, r) =>
      [0, 1].flatMap((h) => {
        if (cols === NR) return [...cAt(r), ...get(acc[2 * r + h]!), ...v128Store(h * 16)];
        const lanes = Array.from({ length: 4 }, (_, l) => h * 4 + l).filter((q) => q < cols);
        return lanes.flatMap((q) => [...cAt(r), ...get(acc[2 * r + h]!), ...f32x4ExtractLane(q & 3), op.f32Store, 2, ...uleb(q * 4)]);
      }),
    ).flat();
    return [
      ...init,
      // pa = A + (i·K + kb)·4, pb = S + (panel·K + kb)·32; K steps until pa reaches end.
      ...get(A), ...madd(madd(get(i), i32c(K), get(kb)), i32c(4), i32c(0)), op.i32Add, ...set(pa),
      ...get(S), ...madd(madd(panel, i32c(K), get(kb)), i32c(NR * 4), i32c(0)), op.i32Add, ...set(pb),
      ...get(pa), ...get(kc), ...i32c(2), op.i32Shl, op.i32Add, ...set(end),
      ...forLoop(pa, get(pa), get(end), 4, step),
      ...store,
    ];
  };
  const rowsOf = (panel: number[], cols: number) => [
    ...forLoop(i, get(LO), get(HI4), MR, block(MR, panel, cols)),
    ...forLoop(i, get(HI4), get(HI), 1, block(1, panel, cols)),
  ];
  const kBlock = [
    // kc = min(KC, K - kb)
    ...i32c(K), ...get(kb), op.i32Sub, ...set(kc),
    ...get(kc), ...i32c(KC), ...get(kc), ...i32c(KC), op.i32LtS, op.select, ...set(kc),
    ...forLoop(p, i32c(0), i32c(full), 1, rowsOf(get(p), NR)),
    ...(tail ? rowsOf(i32c(full), tail) : []),
  ];
  // HI4: the end of the rows the 4-row blocks cover in this range.
  const hi4 = [...get(HI), ...get(LO), op.i32Sub, ...i32c(~(MR - 1)), op.i32And, ...get(LO), op.i32Add, ...set(HI4)];
  // K = 0: C is zeros (one pass with kc = 0).
  const kLoop = K === 0 ? [...i32c(0), ...set(kb), ...kBlock] : forLoop(kb, i32c(0), i32c(K), KC, kBlock);
  return encodeModule({ imports: [], params, locals, body: [...packFull, ...packTail, ...hi4, ...kLoop] });
}
