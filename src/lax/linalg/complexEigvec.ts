// Eigenvectors of a complex upper triangular Schur form T = Qᴴ A Q by substitution (LAPACK's
// ztrevc with back-transformation), then normalised as zgeev: unit 2-norm, the largest-magnitude
// component (the first, on ties) real and positive. Tiny divisors are raised to
// max(ulp·|λ|, smlnum) as ztrevc does (so defective matrices give finite vectors), and the
// solution is rescaled whenever a quotient would pass BIG (zlatrs' purpose, more simply).
import { alu, type Exp, i32, ix, type Sym, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';
import { cabs1, type CBuf, cdiv, clet, cload, cmul, conj, cstore, csub, type Cx, EPS, f, rm, rscale, SAFMIN } from './complexSchur.js';

/** Quotients are kept below this (far from overflow after n² further products with T's entries). */
const BIG = 2 ** 300;

/** The divisor T(j, j) − λ, raised to `smin` when smaller (ztrevc's perturbation). */
function divisor(ctx: Builder, t: CBuf, n: number, j: Exp, lam: Cx, smin: Exp): Cx {
  const d = clet(ctx, csub(cload(t, rm(j, n, j)), lam), 'd');
  const tiny = ctx.let(alu('lt', cabs1(d), smin), 'tiny');
  return [ctx.let(where(tiny, smin, d[0]), 'dr'), ctx.let(where(tiny, f(0), d[1]), 'di')];
}

/** x[j] ← x[j] / d, first scaling x[lo..hi) down when the quotient would pass BIG. */
function guardedDivide(ctx: Builder, x: CBuf, j: Exp, d: Cx, lo: Exp | number, hi: Exp | number): Cx {
  const num = ctx.let(cabs1(cload(x, j)), 'num');
  const lim = ctx.let(alu('mul', cabs1(d), f(BIG)), 'lim');
  ctx.if(alu('gt', num, lim), () => {
    const s = ctx.let(alu('div', lim, num), 's');
    ctx.loop(lo, hi, (k) => cstore(ctx, x, k, rscale(cload(x, k), s)), 'k');
  });
  const q = cdiv(ctx, cload(x, j), d);
  cstore(ctx, x, j, q);
  return q;
}

/** Column `col` of `z` ← Z[:, lo..hi) · x[lo..hi), then normalised. */
function backTransform(ctx: Builder, z: CBuf, x: CBuf, n: number, col: Exp, lo: Exp | number, hi: Exp | number): void {
  ctx.loop(0, n, (i) => {
    const s = [ctx.local(f(0), 'ar'), ctx.local(f(0), 'ai')] as [Sym, Sym];
    ctx.loop(lo, hi, (k) => {
      const p = cmul(cload(z, rm(i, n, k)), cload(x, k));
      ctx.assign(s[0], alu('add', s[0].ref, p[0]));
      ctx.assign(s[1], alu('add', s[1].ref, p[1]));
    }, 'k');
    cstore(ctx, z, rm(i, n, col), [s[0].ref, s[1].ref]);
  }, 'i');
  normalize(ctx, z, n, col);
}

/** zgeev's normalisation of column `col`: by its largest |re| + |im| first (ztrevc), then to unit 2-norm with its largest component real. */
function normalize(ctx: Builder, z: CBuf, n: number, col: Exp): void {
  const at = (i: Exp) => rm(i, n, col);
  const mx = ctx.local(f(0), 'mx');
  ctx.loop(0, n, (i) => ctx.assign(mx, alu('max', mx.ref, cabs1(cload(z, at(i))))), 'i');
  ctx.if(alu('gt', mx.ref, f(0)), () => {
    const inv = ctx.let(alu('div', f(1), mx.ref), 'inv');
    const ss = ctx.local(f(0), 'ss');
    const big = ctx.local(f(-1), 'big');
    const kbig = ctx.local(i32(0), 'kbig');
    ctx.loop(0, n, (i) => {
      const v = clet(ctx, rscale(cload(z, at(i)), inv), 'v');
      cstore(ctx, z, at(i), v);
      const m2 = ctx.let(alu('add', alu('mul', v[0], v[0]), alu('mul', v[1], v[1])), 'm2');
      ctx.assign(ss, alu('add', ss.ref, m2));
      ctx.if(alu('gt', m2, big.ref), () => {
        ctx.assign(big, m2);
        ctx.assign(kbig, i);
      });
    }, 'i');
    // Multiply by conj(v_k) / (|v_k| ‖v‖): v_k becomes real and positive.
    const vk = clet(ctx, cload(z, at(kbig.ref)), 'vk');
    const tmp = clet(ctx, rscale(conj(vk), alu('div', f(1), alu('mul', alu('sqrt', big.ref), alu('sqrt', ss.ref)))), 'tmp');
    ctx.loop(0, n, (i) => cstore(ctx, z, at(i), cmul(cload(z, at(i)), tmp)), 'i');
    ctx.store(z.im, at(kbig.ref), f(0));
  });
}

const sminOf = (ctx: Builder, lam: Cx, n: number): Exp => ctx.let(alu('max', alu('mul', f(EPS), cabs1(lam)), f(SAFMIN * (n / EPS))), 'smin');

/** Right eigenvectors (A v = λ v) into the columns of `z` (which holds the Schur vectors); `t` the triangular form, `x` n complex scratch. */
export function rightVectors(ctx: Builder, t: CBuf, z: CBuf, x: CBuf, n: number): void {
  const T = (i: Exp | number, j: Exp | number) => cload(t, rm(i, n, j));
  ctx.loop(0, n, (rk) => {
    const ki = ctx.let(ix.sub(n - 1, rk), 'ki');
    const lam = clet(ctx, T(ki, ki), 'lam');
    const smin = sminOf(ctx, lam, n);
    cstore(ctx, x, ki, [f(1), f(0)]);
    ctx.loop(0, ki, (k) => cstore(ctx, x, k, rscale(T(k, ki), f(-1))), 'k');
    // (T[:ki, :ki] − λ) x = −T[:ki, ki], by columns from the last.
    ctx.loop(0, ki, (rj) => {
      const j = ctx.let(ix.sub(ix.sub(ki, 1), rj), 'j');
      const xj = clet(ctx, guardedDivide(ctx, x, j, divisor(ctx, t, n, j, lam, smin), 0, ix.add(ki, 1)), 'xj');
      ctx.loop(0, j, (k) => cstore(ctx, x, k, csub(cload(x, k), cmul(T(k, j), xj))), 'k');
    }, 'rj');
    backTransform(ctx, z, x, n, ki, 0, ix.add(ki, 1));
  }, 'rk');
}

/** Left eigenvectors (uᴴ A = λ uᴴ) into the columns of `z` (which holds the Schur vectors). */
export function leftVectors(ctx: Builder, t: CBuf, z: CBuf, x: CBuf, n: number): void {
  const T = (i: Exp | number, j: Exp | number) => cload(t, rm(i, n, j));
  ctx.loop(0, n, (ki) => {
    const lam = clet(ctx, T(ki, ki), 'lam');
    const smin = sminOf(ctx, lam, n);
    cstore(ctx, x, ki, [f(1), f(0)]);
    ctx.loop(ix.add(ki, 1), n, (k) => cstore(ctx, x, k, rscale(conj(T(ki, k)), f(-1))), 'k');
    // (T[ki+1:, ki+1:] − λ)ᴴ y = −T[ki, ki+1:]ᴴ, lower triangular: by columns from the first.
    ctx.loop(ix.add(ki, 1), n, (j) => {
      const yj = clet(ctx, guardedDivide(ctx, x, j, conj(divisor(ctx, t, n, j, lam, smin)), ki, n), 'yj');
      ctx.loop(ix.add(j, 1), n, (k) => cstore(ctx, x, k, csub(cload(x, k), cmul(conj(T(j, k)), yj))), 'k');
    }, 'j');
    backTransform(ctx, z, x, n, ki, ki, n);
  }, 'ki');
}
