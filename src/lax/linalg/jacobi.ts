// Jacobi methods in kernel IR on float64 scratch: the cyclic two-sided one for symmetric
// eigenproblems (Rutishauser's rotations, as Numerical Recipes' jacobi) and the one-sided
// (Hestenes) one for the SVD — accurate to a few ulps of ‖A‖ and simple. Sweeps rotate every pair
// that is not negligible (eigen: |a_pq| ≤ ε √|a_pp a_qq| or below 1e-300‖A‖; SVD: columns
// orthogonal to M·ε of their norms) until a sweep rotates none, at most 100 sweeps (quadratic
// convergence needs well under 20).
import { float64, int32 } from '../../core/dtypes.js';
import { alu, constant, type Exp, type Buf, ix, load, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';
import { at, cm } from './householder.js';

const f = (v: number): Exp => constant(v, float64);
const add = (a: Exp, b: Exp) => alu('add', a, b);
const sub = (a: Exp, b: Exp) => alu('sub', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
const EPS = 2.220446049250313e-16;

/** Diagonalise the symmetric n×n matrix in `a` (both triangles stored) in place: eigenvalues on its diagonal, eigenvectors in `v`'s columns (column-major). */
export function jacobiEigen(ctx: Builder, a: Buf, v: Buf, n: number): void {
  ctx.loop(0, n * n, (t) => ctx.store(v, t, where(alu('eq', ix.rem(t, n + 1), constant(0, int32)), f(1), f(0))), 't');
  const norm = ctx.local(f(0), 'norm');
  ctx.loop(0, n * n, (t) => ctx.assign(norm, add(norm.ref, mul(load(a, t), load(a, t)))), 't');
  const tiny = ctx.let(mul(alu('sqrt', norm.ref), f(1e-300)), 'tiny');
  const sweep = ctx.local(constant(0, int32), 'sweep');
  ctx.forever(() => {
    const rotations = ctx.local(constant(0, int32), 'rot');
    ctx.loop(0, n - 1, (p) =>
      ctx.loop(ix.add(p, 1), n, (q) => {
        const apq = ctx.let(load(a, at(p, n, q)), 'apq');
        const app = ctx.let(load(a, at(p, n, p)), 'app');
        const aqq = ctx.let(load(a, at(q, n, q)), 'aqq');
        const small = alu('or', alu('le', alu('abs', apq), mul(f(EPS), alu('sqrt', alu('abs', mul(app, aqq))))), alu('le', alu('abs', apq), tiny));
        ctx.if(alu('not', small), () => {
          ctx.assign(rotations, add(rotations.ref, constant(1, int32)));
          const theta = ctx.let(alu('div', sub(aqq, app), mul(f(2), apq)), 'theta');
          const at_ = ctx.let(alu('abs', theta), 'at');
          // t = sign(θ) / (|θ| + √(θ² + 1)), the smaller rotation; 1/(2θ) where θ² would overflow.
          const tMag = where(alu('gt', at_, f(1e150)), alu('div', f(0.5), at_), alu('div', f(1), add(at_, alu('sqrt', add(mul(theta, theta), f(1))))));
          const t = ctx.let(where(alu('lt', theta, f(0)), alu('neg', tMag), tMag), 't');
          const c = ctx.let(alu('div', f(1), alu('sqrt', add(mul(t, t), f(1)))), 'c');
          const s = ctx.let(mul(t, c), 's');
          ctx.store(a, at(p, n, p), sub(app, mul(t, apq)));
          ctx.store(a, at(q, n, q), add(aqq, mul(t, apq)));
          ctx.store(a, at(p, n, q), f(0));
          ctx.store(a, at(q, n, p), f(0));
          ctx.loop(0, n, (r) =>
            ctx.if(alu('and', alu('ne', r, p), alu('ne', r, q)), () => {
              const g = ctx.let(load(a, at(p, n, r)), 'g');
              const h = ctx.let(load(a, at(q, n, r)), 'h');
              const rp = ctx.let(sub(mul(c, g), mul(s, h)), 'rp');
              const rq = ctx.let(add(mul(s, g), mul(c, h)), 'rq');
              ctx.store(a, at(r, n, p), rp);
              ctx.store(a, at(p, n, r), rp);
              ctx.store(a, at(r, n, q), rq);
              ctx.store(a, at(q, n, r), rq);
            }),
          'r');
          ctx.loop(0, n, (r) => {
            const g = ctx.let(load(v, cm(r, p, n)), 'g');
            const h = ctx.let(load(v, cm(r, q, n)), 'h');
            ctx.store(v, cm(r, p, n), sub(mul(c, g), mul(s, h)));
            ctx.store(v, cm(r, q, n), add(mul(s, g), mul(c, h)));
          }, 'r');
        });
      }, 'q'),
    'p');
    ctx.assign(sweep, add(sweep.ref, constant(1, int32)));
    ctx.if(alu('or', alu('eq', rotations.ref, constant(0, int32)), alu('ge', sweep.ref, constant(100, int32))), () => ctx.break());
  });
}

/** Sort `w` (n values) ascending or descending, permuting the first n columns of each (column-major) matrix in `mats` alike (selection sort). */
export function sortWithColumns(ctx: Builder, w: Buf, mats: { buf: Buf; rows: number }[], n: number, descending: boolean): void {
  ctx.loop(0, n, (i) => {
    const best = ctx.local(i, 'best');
    ctx.loop(ix.add(i, 1), n, (j) => {
      const better = alu(descending ? 'gt' : 'lt', load(w, j), load(w, best.ref));
      ctx.if(better, () => ctx.assign(best, j));
    }, 'j');
    ctx.if(alu('ne', best.ref, i), () => {
      const b = best.ref;
      const t = ctx.let(load(w, i), 'tw');
      ctx.store(w, i, load(w, b));
      ctx.store(w, b, t);
      for (const { buf, rows } of mats)
        ctx.loop(0, rows, (r) => {
          const tv = ctx.let(load(buf, cm(r, i, rows)), 'tv');
          ctx.store(buf, cm(r, i, rows), load(buf, cm(r, b, rows)));
          ctx.store(buf, cm(r, b, rows), tv);
        }, 'r');
    });
  }, 'i');
}

/** Flip the sign of each of the first `cols` columns of `v` (column-major, `rows` rows) whose largest-magnitude entry (the first, on ties) is negative, and of the same column of `also`. */
export function normalizeColumnSigns(ctx: Builder, v: Buf, rows: number, cols: number, also?: { buf: Buf; rows: number }): void {
  ctx.loop(0, cols, (j) => {
    const big = ctx.local(f(0), 'big');
    const val = ctx.local(f(0), 'val');
    ctx.loop(0, rows, (r) => {
      const x = ctx.let(load(v, cm(r, j, rows)), 'x');
      ctx.if(alu('gt', alu('abs', x), big.ref), () => {
        ctx.assign(big, alu('abs', x));
        ctx.assign(val, x);
      });
    }, 'r');
    ctx.if(alu('lt', val.ref, f(0)), () => {
      ctx.loop(0, rows, (r) => ctx.store(v, cm(r, j, rows), alu('neg', load(v, cm(r, j, rows)))), 'r');
      if (also) ctx.loop(0, also.rows, (r) => ctx.store(also.buf, cm(r, j, also.rows), alu('neg', load(also.buf, cm(r, j, also.rows)))), 'r');
    });
  }, 'j');
}

/**
 * One-sided (Hestenes) Jacobi on the M×N matrix `g` (M ≥ N; column-major, as `v`): rotate column pairs until each pair
 * is orthogonal to `tol` relative to their norms (at most 100 sweeps), accumulating the rotations
 * in `v` (N×N, from the identity) when given. Then g = U diag(s) and A = g Vᵀ.
 */
export function oneSidedJacobi(ctx: Builder, g: Buf, v: Buf | null, M: number, N: number): void {
  if (v) ctx.loop(0, N * N, (t) => ctx.store(v, t, where(alu('eq', ix.rem(t, N + 1), constant(0, int32)), f(1), f(0))), 't');
  const tol = EPS * Math.max(1, M);
  const sweep = ctx.local(constant(0, int32), 'sweep');
  ctx.forever(() => {
    const rotations = ctx.local(constant(0, int32), 'rot');
    ctx.loop(0, N - 1, (p) =>
      ctx.loop(ix.add(p, 1), N, (q) => {
        const al = ctx.local(f(0), 'al');
        const be = ctx.local(f(0), 'be');
        const ga = ctx.local(f(0), 'ga');
        ctx.loop(0, M, (r) => {
          const x = ctx.let(load(g, cm(r, p, M)), 'x');
          const y = ctx.let(load(g, cm(r, q, M)), 'y');
          ctx.assign(al, add(al.ref, mul(x, x)));
          ctx.assign(be, add(be.ref, mul(y, y)));
          ctx.assign(ga, add(ga.ref, mul(x, y)));
        }, 'r');
        // Written so that NaN rotates (and spreads): the loop then ends by its sweep limit.
        ctx.if(alu('not', alu('le', alu('abs', ga.ref), mul(f(tol), alu('sqrt', mul(al.ref, be.ref))))), () => {
          ctx.assign(rotations, add(rotations.ref, constant(1, int32)));
          const zeta = ctx.let(alu('div', sub(be.ref, al.ref), mul(f(2), ga.ref)), 'zeta');
          const az = ctx.let(alu('abs', zeta), 'az');
          const tMag = where(alu('gt', az, f(1e150)), alu('div', f(0.5), az), alu('div', f(1), add(az, alu('sqrt', add(mul(zeta, zeta), f(1))))));
          const t = ctx.let(where(alu('lt', zeta, f(0)), alu('neg', tMag), tMag), 't');
          const c = ctx.let(alu('div', f(1), alu('sqrt', add(mul(t, t), f(1)))), 'c');
          const s = ctx.let(mul(t, c), 's');
          const rotate = (buf: Buf, rows: number) =>
            ctx.loop(0, rows, (r) => {
              const x = ctx.let(load(buf, cm(r, p, rows)), 'x');
              const y = ctx.let(load(buf, cm(r, q, rows)), 'y');
              ctx.store(buf, cm(r, p, rows), sub(mul(c, x), mul(s, y)));
              ctx.store(buf, cm(r, q, rows), add(mul(s, x), mul(c, y)));
            }, 'r');
          rotate(g, M);
          if (v) rotate(v, N);
        });
      }, 'q'),
    'p');
    ctx.assign(sweep, add(sweep.ref, constant(1, int32)));
    ctx.if(alu('or', alu('eq', rotations.ref, constant(0, int32)), alu('ge', sweep.ref, constant(100, int32))), () => ctx.break());
  });
}
