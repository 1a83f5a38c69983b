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

/**
 * Solve op(a) x = b (left side) or x op(a) = b for triangular a, by substitution, four vectors of
 * b at a time (each element of a read once for the four), then any left one by one.
 */
export function triangularSolveKernel(ctx: KernelContext, { inAvals: [a, b], params: p }: LowerInfo<TriangularSolveParams>): void {
  const m = a!.shape[a!.ndim - 1]!;
  const [rows, cols] = [b!.shape[b!.ndim - 2]!, b!.shape[b!.ndim - 1]!];
  const batch = sizeOf(b!.shape.slice(0, -2));
  // Right side: x op(a) = b is op(a)ᵀ xᵀ = bᵀ, the vectors are b's rows.
  const tEff = p.leftSide ? p.transposeA : !p.transposeA;
  const lowerEff = p.lower !== tEff;
  const nv = p.leftSide ? cols : rows;
  const nv4 = nv - (nv % 4);
  const x = ctx.scratch(float64, 4 * m);
  ctx.loop(0, batch, (bt) => {
    const aBase = ctx.let(ix.mul(bt, m * m), 'ab');
    const bBase = ctx.let(ix.mul(bt, rows * cols), 'bb');
    const A = (i: Exp, j: Exp) => cast(ctx.read(0, tEff ? at(aBase, j, m, i) : at(aBase, i, m, j)), float64);
    const B = (v: Exp, i: Exp) => (p.leftSide ? at(bBase, i, cols, v) : at(bBase, v, cols, i));
    /** Vectors v0 … v0 + w − 1 (x[q·m + i] holds vector q's element i). */
    const solve = (v0: Exp, w: number) => {
      ctx.loop(0, m, (r) => {
        const i = ctx.let(lowerEff ? r : ix.sub(m - 1, r), 'row');
        const s = Array.from({ length: w }, (_, q) => ctx.local(cast(ctx.read(1, B(ix.add(v0, q), i)), float64), `s${q}`));
        const [lo, hi] = lowerEff ? [i32(0), i] : [ix.add(i, 1), i32(m)];
        ctx.loop(lo, hi, (j) => {
          const aij = ctx.let(A(i, j), 'aij');
          s.forEach((sq, q) => ctx.assign(sq, sub(sq.ref, mul(aij, load(x, ix.add(j, q * m))))));
        }, 'j');
        const d = p.unitDiagonal ? null : ctx.let(A(i, i), 'd');
        s.forEach((sq, q) => ctx.store(x, ix.add(i, q * m), d ? alu('div', sq.ref, d) : sq.ref));
      }, 'r');
      ctx.loop(0, m, (i) => {
        for (let q = 0; q < w; q++) ctx.write(0, B(ix.add(v0, q), i), load(x, ix.add(i, q * m)));
      }, 'i');
    };
    ctx.loop(0, nv4, (v) => solve(v, 4), 'v', 4);
    ctx.loop(nv4, nv, (v) => solve(v, 1), 'v');
  }, 'bt');
}

/**
 * LU with partial pivoting, LAPACK's getrf order with panels of 4 columns: each panel is
 * factored as getf2 (pivot search, full-row swaps, eliminations within the panel), then the
 * rows right of it are solved by the panel's unit lower triangle and the trailing matrix takes
 * one rank-4 update (four multiply-adds per element loaded, where getf2 does one). Columns past
 * the last whole panel are eliminated one by one. Outputs lu, pivots (int32) and the row
 * permutation (int32); the pivots are getf2's (each column fully updated before its search).
 */
export function luKernel(ctx: KernelContext, { inAvals: [a] }: LowerInfo<unknown>): void {
  const [m, n] = [a!.shape[a!.ndim - 2]!, a!.shape[a!.ndim - 1]!];
  const k = Math.min(m, n);
  const k4 = k - (k % 4);
  const batch = sizeOf(a!.shape.slice(0, -2));
  const w = ctx.scratch(float64, m * n);
  const perm = ctx.scratch(float64, m);
  const W = (i: Exp | number, c: Exp | number) => load(w, at(0, i, n, c));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, m * n, (t) => ctx.store(w, t, cast(ctx.read(0, ix.add(base, t)), float64)), 't');
    ctx.loop(0, m, (i) => ctx.store(perm, i, cast(i, float64)), 'i');
    /** Pivot column j (search and swap), and scale its multipliers; eliminate in columns [j + 1, hi). */
    const column = (j: Exp, hi: Exp | number) => {
      const piv = ctx.local(j, 'p');
      const best = ctx.local(alu('abs', W(j, j)), 'best');
      ctx.loop(ix.add(j, 1), m, (i) => {
        const v = ctx.let(alu('abs', W(i, j)), 'v');
        ctx.if(alu('gt', v, best.ref), () => {
          ctx.assign(best, v);
          ctx.assign(piv, i);
        });
      }, 'i');
      ctx.write(1, ix.add(ix.mul(b, k), j), piv.ref);
      ctx.if(alu('ne', piv.ref, j), () => {
        ctx.loop(0, n, (c) => {
          const t = ctx.let(W(j, c), 't');
          ctx.store(w, at(0, j, n, c), W(piv.ref, c));
          ctx.store(w, at(0, piv.ref, n, c), t);
        }, 'c');
        const t = ctx.let(load(perm, j), 't');
        ctx.store(perm, j, load(perm, piv.ref));
        ctx.store(perm, piv.ref, t);
      });
      const d = ctx.let(W(j, j), 'd');
      // A zero pivot leaves a zero column below it (it was the largest): nothing to eliminate.
      ctx.if(alu('ne', d, f(0)), () =>
        ctx.loop(ix.add(j, 1), m, (i) => {
          const l = ctx.let(alu('div', W(i, j), d), 'l');
          ctx.store(w, at(0, i, n, j), l);
          ctx.loop(ix.add(j, 1), hi, (c) => ctx.store(w, at(0, i, n, c), sub(W(i, c), mul(l, W(j, c)))), 'c');
        }, 'i'),
      );
    };
    ctx.loop(0, k4, (k0) => {
      const end = ix.add(k0, 4);
      ctx.loop(k0, end, (j) => column(j, end), 'j');
      // U₁₂: the panel's rows right of it, by its unit lower triangle.
      ctx.loop(1, 4, (r) => {
        const row = ctx.let(ix.add(k0, r), 'row');
        ctx.loop(0, r, (q) => {
          const l = ctx.let(W(row, ix.add(k0, q)), 'l');
          const src = ctx.let(ix.add(k0, q), 'src');
          ctx.loop(end, n, (c) => ctx.store(w, at(0, row, n, c), sub(W(row, c), mul(l, W(src, c)))), 'c');
        }, 'q');
      }, 'r');
      // The trailing rank-4 update.
      ctx.loop(end, m, (i) => {
        const ls = [0, 1, 2, 3].map((q) => ctx.let(W(i, ix.add(k0, q)), `l${q}`));
        ctx.loop(end, n, (c) => {
          const us = [0, 1, 2, 3].map((q) => mul(ls[q]!, W(ix.add(k0, q), c)));
          ctx.store(w, at(0, i, n, c), sub(W(i, c), alu('add', alu('add', us[0]!, us[1]!), alu('add', us[2]!, us[3]!))));
        }, 'c');
      }, 'i');
    }, 'k0', 4);
    ctx.loop(k4, k, (j) => column(j, n), 'j');
    ctx.loop(0, m * n, (t) => ctx.write(0, ix.add(base, t), load(w, t)), 't');
    ctx.loop(0, m, (i) => ctx.write(2, ix.add(ix.mul(b, m), i), load(perm, i)), 'i');
  }, 'b');
}
