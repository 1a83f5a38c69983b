// dot_general's kernels in IR. A plain 2-D matmul is register-blocked: the right operand packed
// transposed into float64 scratch so both operands are read along K, and 4×4 blocks of the output
// accumulating in locals (16 multiply-adds per 8 loads); large float32 ones run the WebAssembly
// SIMD kernel (matmulWasm.ts, float32 accumulation as XLA's) split by rows across devices, also
// for Aᵀ·B and A·Bᵀ (the transposed operand copied in order first). Other contractions (batch
// dimensions, several contracting dimensions, small transposed ones) accumulate rows in float64
// scratch.
import { float32, float64 } from '../../core/dtypes.js';
import { config } from '../../core/config.js';
import { offsetTable, sizeOf, stridesOf } from '../../core/shape.js';
import { alu, cast, constant, type Exp, i32, ix, load, offsetOf, table, where } from '../../ir/exp.js';
import type { DotParams } from '../../lax/dot.js';
import type { KernelContext, LowerInfo } from '../lowering.js';
import { matmulModule, matmulScratchFloats } from './matmulWasm.js';

/** Products under this many multiply-adds stay JS: compiling a module costs more than they take (same bits). */
const WASM_MIN_WORK = 8192;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const freeDims = (ndim: number, c: number[], b: number[]) => range(ndim).filter((d) => !c.includes(d) && !b.includes(d));
const add = (a: Exp, b: Exp) => alu('add', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);

/** The dot_general kernel for one equation. */
export function dotKernel(ctx: KernelContext, { inAvals: [l, r], params: { contracting: [lc, rc], batch: [lb, rb] } }: LowerInfo<DotParams>): void {
  if (l!.ndim === 2 && r!.ndim === 2 && lb.length === 0 && lc.length === 1) {
    const [M, K] = lc[0] === 1 ? [l!.shape[0]!, l!.shape[1]!] : [l!.shape[1]!, l!.shape[0]!];
    const N = rc[0] === 0 ? r!.shape[1]! : r!.shape[0]!;
    const wasm = l!.dtype === float32 && r!.dtype === float32 && config.values.wasm && M * K * N >= WASM_MIN_WORK;
    if (lc[0] === 1 && rc[0] === 0) {
      if (wasm) matmulWasm(ctx, M, K, N);
      else matmulBlocked(ctx, M, K, N);
      return;
    }
    // Aᵀ·B, A·Bᵀ (a backward pass's products): the transposed operand copied in order first.
    if (wasm) return matmulWasm(ctx, M, K, N, lc[0] === 1 ? ctx.inputOffset(0) : transposed(ctx, 0, K, M), rc[0] === 0 ? ctx.inputOffset(1) : transposed(ctx, 1, N, K));
  }
  // Batched matrices in row-major order ([..., M, K] · [..., K, N]): the SIMD kernel per batch.
  const nb = lb.length;
  const leading = (dims: readonly number[]) => dims.every((d, k) => d === k);
  if (l!.ndim === nb + 2 && r!.ndim === nb + 2 && leading(lb) && leading(rb) && lc[0] === nb + 1 && rc[0] === nb && lc.length === 1) {
    const [M, K, N] = [l!.shape[nb]!, l!.shape[nb + 1]!, r!.shape[nb + 1]!];
    const batches = sizeOf(lb.map((d) => l!.shape[d]!));
    if (l!.dtype === float32 && r!.dtype === float32 && config.values.wasm && batches * M * K * N >= WASM_MIN_WORK && M * K * N > 0) return matmulWasmBatched(ctx, batches, M, K, N);
  }
  const lf = freeDims(l!.ndim, lc, lb);
  const rf = freeDims(r!.ndim, rc, rb);
  const [nB, nI, nJ, nK] = [sizeOf(lb.map((d) => l!.shape[d]!)), sizeOf(lf.map((d) => l!.shape[d]!)), sizeOf(rf.map((d) => r!.shape[d]!)), sizeOf(lc.map((d) => l!.shape[d]!))];
  // Offsets of positions along each group of dimensions: the index itself when contiguous.
  const offsets = (shape: readonly number[], dims: number[]) => {
    const t = offsetTable(shape, dims, stridesOf(shape));
    if (t.every((v, i) => v === i)) return (i: Exp) => i;
    const buf = table(t);
    return (i: Exp) => load(buf, i);
  };
  const [LB, LF, LC] = [lb, lf, lc].map((d) => offsets(l!.shape, d)) as [(i: Exp) => Exp, (i: Exp) => Exp, (i: Exp) => Exp];
  const [RB, RC, RF] = [rb, rc, rf].map((d) => offsets(r!.shape, d)) as [(i: Exp) => Exp, (i: Exp) => Exp, (i: Exp) => Exp];
  const acc = ctx.scratch(float64, nJ);
  ctx.loop(0, nB, (b) =>
    ctx.loop(0, nI, (i) => {
      const lo = ctx.let(ix.add(LB(b), LF(i)), 'lo');
      ctx.loop(0, nJ, (j) => ctx.store(acc, j, constant(0, float64)), 'j');
      ctx.loop(
        0,
        nK,
        (k) => {
          const a = ctx.let(cast(ctx.read(0, ix.add(lo, LC(k))), float64), 'a');
          const ro = ctx.let(ix.add(RB(b), RC(k)), 'ro');
          ctx.loop(0, nJ, (j) => ctx.store(acc, j, add(load(acc, j), mul(a, cast(ctx.read(1, ix.add(ro, RF(j))), float64)))), 'j');
        },
        'k',
      );
      ctx.loop(0, nJ, (j) => ctx.write(0, ix.add(ix.mul(ix.add(ix.mul(b, nI), i), nJ), j), load(acc, j)), 'j');
    }, 'i'),
  'b');
}

/**
 * The float32 product in WebAssembly SIMD (float32 accumulation) of A[M,K] and B[K,N] at byte
 * offsets `a`, `b` (the inputs by default), offered by row ranges; each part packs B itself (the
 * same values, so concurrent writes to the shared scratch agree).
 */
function matmulWasm(ctx: KernelContext, M: number, K: number, N: number, a: Exp = ctx.inputOffset(0), b: Exp = ctx.inputOffset(1)): void {
  const s = ctx.scratch(float32, matmulScratchFloats(K, N));
  const { lo, hi } = ctx.splitRows(M, M * N * K);
  ctx.extern({ bytes: matmulModule(K, N), imports: [] }, [a, b, ctx.outputOffset(0), offsetOf(s), lo, hi]);
}

/** Input `k`, an R×C matrix, copied transposed (C×R) into float32 scratch; its byte offset. Every part copies all of it (the same values). */
function transposed(ctx: KernelContext, k: number, R: number, C: number): Exp {
  const t = ctx.scratch(float32, R * C);
  ctx.loop(0, R, (i) => ctx.loop(0, C, (j) => ctx.store(t, ix.add(ix.mul(j, R), i), ctx.read(k, ix.add(ix.mul(i, C), j))), 'j'), 'i');
  return offsetOf(t);
}

/** Batches of float32 products, each batch a call of the SIMD kernel on its matrices; batches split across devices (each packs its own B). */
function matmulWasmBatched(ctx: KernelContext, batches: number, M: number, K: number, N: number): void {
  const packed = matmulScratchFloats(K, N);
  const s = ctx.scratch(float32, batches * packed);
  const { lo, hi } = ctx.splitRows(batches, batches * M * N * K);
  const module = { bytes: matmulModule(K, N), imports: [] };
  const at = (base: Exp, b: Exp, bytes: number) => alu('add', base, alu('mul', cast(b, float64), constant(bytes, float64)));
  ctx.loop(lo, hi, (b) => ctx.extern(module, [at(ctx.inputOffset(0), b, M * K * 4), at(ctx.inputOffset(1), b, K * N * 4), at(ctx.outputOffset(0), b, M * N * 4), at(offsetOf(s), b, packed * 4), i32(0), i32(M)]), 'b');
}

/** C[M,N] = A[M,K] · B[K,N] with B packed transposed into float64 scratch and 4×4 blocks of C in locals. */
function matmulBlocked(ctx: KernelContext, M: number, K: number, N: number): void {
  const bt = ctx.scratch(float64, K * N);
  const a = (row: Exp, k: Exp) => cast(ctx.read(0, ix.add(ix.mul(row, K), k)), float64);
  const b = (col: Exp, k: Exp) => load(bt, ix.add(ix.mul(col, K), k));
  const [M4, N4] = [M - (M % 4), N - (N % 4)];
  const four = [0, 1, 2, 3];
  ctx.loop(0, K, (k) => ctx.loop(0, N, (j) => ctx.store(bt, ix.add(ix.mul(j, K), k), ctx.read(1, ix.add(ix.mul(k, N), j))), 'j'), 'k');
  ctx.loop(
    0,
    M4,
    (i) =>
      ctx.loop(
        0,
        N4,
        (j) => {
          const c = four.map((row) => four.map((col) => ctx.local(constant(0, float64), `c${row}${col}_`)));
          ctx.loop(
            0,
            K,
            (k) => {
              const as = four.map((row) => ctx.let(a(ix.add(i, row), k), 'a'));
              const bs = four.map((col) => ctx.let(b(ix.add(j, col), k), 'b'));
              for (const row of four) for (const col of four) ctx.assign(c[row]![col]!, add(c[row]![col]!.ref, mul(as[row]!, bs[col]!)));
            },
            'k',
          );
          for (const row of four) for (const col of four) ctx.write(0, ix.add(ix.mul(ix.add(i, row), N), ix.add(j, col)), c[row]![col]!.ref);
        },
        'j',
        4,
      ),
    'i',
    4,
  );
  // Edges: the rows and columns the 4×4 blocks did not cover.
  ctx.loop(
    0,
    M,
    (i) =>
      ctx.loop(
        where(alu('lt', i, constant(M4, i.dtype)), constant(N4, i.dtype), constant(0, i.dtype)),
        N,
        (j) => {
          const s = ctx.local(constant(0, float64), 's');
          ctx.loop(0, K, (p) => ctx.assign(s, add(s.ref, mul(a(i, p), b(j, p)))), 'p');
          ctx.write(0, ix.add(ix.mul(i, N), j), s.ref);
        },
        'j',
      ),
    'i',
  );
}
