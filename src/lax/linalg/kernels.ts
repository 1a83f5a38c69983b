// The kernels of the linalg primitives in IR: each matrix of a batch copied into float64 scratch,
// factored or solved there by the textbook loops (Cholesky–Banachiewicz, partial-pivoting
// Doolittle LU as LAPACK's getf2, forward/back substitution), and written out in its dtype.
// (In lax, not compiler/kernels: a primitive's kernel lowering is built where it is declared, and
// lax may not import the compiler.)
import { float64 } from '../../core/dtypes.js';
import { sizeOf } from '../../core/shape.js';
import { alu, cast, constant, type Exp, i32, ix, load, where } from '../../ir/exp.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import type { TriangularSolveParams } from './triangularSolve.js';

const f = (v: number): Exp => constant(v, float64);
const sub = (a: Exp, b: Exp) => alu('sub', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
const at = (base: Exp | number, i: Exp | number, ld: number, j: Exp | number): Exp => ix.add(base, ix.add(ix.mul(i, ld), j));

/** Lower Cholesky factors of the (lower triangles of the) matrices; a lower triangle of NaN when one is not positive definite, as JAX. */
export function choleskyKernel(ctx: KernelContext, { inAvals: [a] }: LowerInfo<unknown>): void {
  const n = a!.shape[a!.ndim - 1]!;
  const batch = sizeOf(a!.shape.slice(0, -2));
  const w = ctx.scratch(float64, n * n);
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, n * n), 'base');
    ctx.loop(0, n * n, (t) => ctx.store(w, t, cast(ctx.read(0, ix.add(base, t)), float64)), 't');
    const ok = ctx.local(f(1), 'ok');
    ctx.loop(0, n, (j) => {
      const d = ctx.local(load(w, at(0, j, n, j)), 'd');
      ctx.loop(0, j, (k) => {
        const l = ctx.let(load(w, at(0, j, n, k)), 'l');
        ctx.assign(d, sub(d.ref, mul(l, l)));
      }, 'k');
      // !(d > 0) also catches NaN.
      ctx.assign(ok, where(alu('gt', d.ref, f(0)), ok.ref, f(0)));
      const ljj = ctx.let(alu('sqrt', d.ref), 'ljj');
      ctx.store(w, at(0, j, n, j), ljj);
      ctx.loop(ix.add(j, 1), n, (i) => {
        const s = ctx.local(load(w, at(0, i, n, j)), 's');
        ctx.loop(0, j, (k) => ctx.assign(s, sub(s.ref, mul(load(w, at(0, i, n, k)), load(w, at(0, j, n, k))))), 'k');
        ctx.store(w, at(0, i, n, j), alu('div', s.ref, ljj));
      }, 'i');
    }, 'j');
    const good = ctx.let(alu('gt', ok.ref, f(0)), 'good');
    ctx.loop(0, n, (i) =>
      ctx.loop(0, n, (j) => {
        // A failed factorisation is NaN in its lower triangle, zeros above (JAX's result).
        ctx.write(0, at(base, i, n, j), where(alu('le', j, i), where(good, load(w, at(0, i, n, j)), f(NaN)), f(0)));
      }, 'j'),
    'i');
  }, 'b');
}

/** Solve op(a) x = b (left side) or x op(a) = b for triangular a, by substitution per vector of b. */
export function triangularSolveKernel(ctx: KernelContext, { inAvals: [a, b], params: p }: LowerInfo<TriangularSolveParams>): void {
  const m = a!.shape[a!.ndim - 1]!;
  const [rows, cols] = [b!.shape[b!.ndim - 2]!, b!.shape[b!.ndim - 1]!];
  const batch = sizeOf(b!.shape.slice(0, -2));
  // Right side: x op(a) = b is op(a)ᵀ xᵀ = bᵀ, the vectors are b's rows.
  const tEff = p.leftSide ? p.transposeA : !p.transposeA;
  const lowerEff = p.lower !== tEff;
  const nv = p.leftSide ? cols : rows;
  const x = ctx.scratch(float64, m);
  ctx.loop(0, batch, (bt) => {
    const aBase = ctx.let(ix.mul(bt, m * m), 'ab');
    const bBase = ctx.let(ix.mul(bt, rows * cols), 'bb');
    const A = (i: Exp, j: Exp) => cast(ctx.read(0, tEff ? at(aBase, j, m, i) : at(aBase, i, m, j)), float64);
    const B = (v: Exp, i: Exp) => (p.leftSide ? at(bBase, i, cols, v) : at(bBase, v, cols, i));
    ctx.loop(0, nv, (v) => {
      ctx.loop(0, m, (r) => {
        const i = ctx.let(lowerEff ? r : ix.sub(m - 1, r), 'row');
        const s = ctx.local(cast(ctx.read(1, B(v, i)), float64), 's');
        const [lo, hi] = lowerEff ? [i32(0), i] : [ix.add(i, 1), i32(m)];
        ctx.loop(lo, hi, (j) => ctx.assign(s, sub(s.ref, mul(A(i, j), load(x, j)))), 'j');
        ctx.store(x, i, p.unitDiagonal ? s.ref : alu('div', s.ref, A(i, i)));
      }, 'r');
      ctx.loop(0, m, (i) => ctx.write(0, B(v, i), load(x, i)), 'i');
    }, 'v');
  }, 'bt');
}

/** LU with partial pivoting (LAPACK's getf2): outputs lu, pivots (int32) and the row permutation (int32). */
export function luKernel(ctx: KernelContext, { inAvals: [a] }: LowerInfo<unknown>): void {
  const [m, n] = [a!.shape[a!.ndim - 2]!, a!.shape[a!.ndim - 1]!];
  const k = Math.min(m, n);
  const batch = sizeOf(a!.shape.slice(0, -2));
  const w = ctx.scratch(float64, m * n);
  const perm = ctx.scratch(float64, m);
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, m * n, (t) => ctx.store(w, t, cast(ctx.read(0, ix.add(base, t)), float64)), 't');
    ctx.loop(0, m, (i) => ctx.store(perm, i, cast(i, float64)), 'i');
    ctx.loop(0, k, (j) => {
      const piv = ctx.local(j, 'p');
      const best = ctx.local(alu('abs', load(w, at(0, j, n, j))), 'best');
      ctx.loop(ix.add(j, 1), m, (i) => {
        const v = ctx.let(alu('abs', load(w, at(0, i, n, j))), 'v');
        ctx.if(alu('gt', v, best.ref), () => {
          ctx.assign(best, v);
          ctx.assign(piv, i);
        });
      }, 'i');
      ctx.write(1, ix.add(ix.mul(b, k), j), piv.ref);
      ctx.if(alu('ne', piv.ref, j), () => {
        ctx.loop(0, n, (c) => {
          const t = ctx.let(load(w, at(0, j, n, c)), 't');
          ctx.store(w, at(0, j, n, c), load(w, at(0, piv.ref, n, c)));
          ctx.store(w, at(0, piv.ref, n, c), t);
        }, 'c');
        const t = ctx.let(load(perm, j), 't');
        ctx.store(perm, j, load(perm, piv.ref));
        ctx.store(perm, piv.ref, t);
      });
      const d = ctx.let(load(w, at(0, j, n, j)), 'd');
      // A zero pivot leaves a zero column below it (it was the largest): nothing to eliminate.
      ctx.if(alu('ne', d, f(0)), () =>
        ctx.loop(ix.add(j, 1), m, (i) => {
          const l = ctx.let(alu('div', load(w, at(0, i, n, j)), d), 'l');
          ctx.store(w, at(0, i, n, j), l);
          ctx.loop(ix.add(j, 1), n, (c) => ctx.store(w, at(0, i, n, c), sub(load(w, at(0, i, n, c)), mul(l, load(w, at(0, j, n, c))))), 'c');
        }, 'i'),
      );
    }, 'j');
    ctx.loop(0, m * n, (t) => ctx.write(0, ix.add(base, t), load(w, t)), 't');
    ctx.loop(0, m, (i) => ctx.write(2, ix.add(ix.mul(b, m), i), load(perm, i)), 'i');
  }, 'b');
}
