// Householder QR in kernel IR, on float64 scratch, as LAPACK's geqr2 + org2r: the reflectors are
// dlarfg's (β = −sign(α)‖x‖, τ = (β − α)/β, no reflection when the rest of the column is zero),
// so R's signs (and Q's) are the ones JAX gets from LAPACK. Shared by qr and by svd (which
// completes an orthonormal basis with it).
import { float64 } from '../../core/dtypes.js';
import { alu, constant, type Exp, type Buf, ix, load, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';

const f = (v: number): Exp => constant(v, float64);
const sub = (a: Exp, b: Exp) => alu('sub', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
/** Row-major element (i, j) of a matrix with leading dimension ld. */
export const at = (i: Exp | number, ld: number, j: Exp | number): Exp => ix.add(ix.mul(i, ld), j);
/** Column-major element (i, j) of a matrix of `rows` rows: the scratch layout of these kernels, whose inner loops run down columns. */
export const cm = (i: Exp | number, j: Exp | number, rows: number): Exp => ix.add(ix.mul(j, rows), i);

/**
 * Factor the m×n matrix in `w` (column-major) in place: R on and above the diagonal, the reflectors' vectors
 * (v[j] = 1 implicit) below it, their τ in `tau` (k = min(m, n) of them).
 */
export function householderQr(ctx: Builder, w: Buf, tau: Buf, m: number, n: number): void {
  const k = Math.min(m, n);
  ctx.loop(0, k, (j) => {
    const alpha = ctx.let(load(w, cm(j, j, m)), 'alpha');
    const ss = ctx.local(f(0), 'ss');
    ctx.loop(ix.add(j, 1), m, (i) => {
      const x = ctx.let(load(w, cm(i, j, m)), 'x');
      ctx.assign(ss, alu('add', ss.ref, mul(x, x)));
    }, 'i');
    // ‖x[1:]‖ = 0: H = I (τ = 0), α stays as it is (dlarfg).
    const t = ctx.local(f(0), 'tau');
    ctx.if(alu('ne', ss.ref, f(0)), () => {
      const norm = ctx.let(alu('sqrt', alu('add', mul(alpha, alpha), ss.ref)), 'norm');
      const beta = ctx.let(where(alu('ge', alpha, f(0)), alu('neg', norm), norm), 'beta');
      ctx.assign(t, alu('div', sub(beta, alpha), beta));
      const scale = ctx.let(alu('div', f(1), sub(alpha, beta)), 'scale');
      ctx.loop(ix.add(j, 1), m, (i) => ctx.store(w, cm(i, j, m), mul(load(w, cm(i, j, m)), scale)), 'i');
      ctx.store(w, cm(j, j, m), beta);
      // Apply H = I − τ v vᵀ to the columns right of j.
      ctx.loop(ix.add(j, 1), n, (c) => {
        const s = ctx.local(load(w, cm(j, c, m)), 's');
        ctx.loop(ix.add(j, 1), m, (i) => ctx.assign(s, alu('add', s.ref, mul(load(w, cm(i, c, m)), load(w, cm(i, j, m))))), 'i');
        const ts = ctx.let(mul(t.ref, s.ref), 'ts');
        ctx.store(w, cm(j, c, m), sub(load(w, cm(j, c, m)), ts));
        ctx.loop(ix.add(j, 1), m, (i) => ctx.store(w, cm(i, c, m), sub(load(w, cm(i, c, m)), mul(ts, load(w, cm(i, j, m))))), 'i');
      }, 'c');
    });
    ctx.store(tau, j, t.ref);
  }, 'j');
}

/**
 * Q's first `cols` columns (m×cols, column-major, into `q`) from the reflectors in `w` (m×n) and `tau`:
 * H₀ H₁ … H_{k−1} applied to the identity's columns, the last reflector first.
 */
export function householderQ(ctx: Builder, w: Buf, tau: Buf, m: number, n: number, q: Buf, cols: number): void {
  const k = Math.min(m, n);
  ctx.loop(0, m, (i) => ctx.loop(0, cols, (c) => ctx.store(q, cm(i, c, m), where(alu('eq', i, c), f(1), f(0))), 'c'), 'i');
  ctx.loop(0, k, (r) => {
    const j = ctx.let(ix.sub(k - 1, r), 'j');
    const t = ctx.let(load(tau, j), 'tau');
    ctx.if(alu('ne', t, f(0)), () =>
      ctx.loop(0, cols, (c) => {
        const s = ctx.local(load(q, cm(j, c, m)), 's');
        ctx.loop(ix.add(j, 1), m, (i) => ctx.assign(s, alu('add', s.ref, mul(load(w, cm(i, j, m)), load(q, cm(i, c, m))))), 'i');
        const ts = ctx.let(mul(t, s.ref), 'ts');
        ctx.store(q, cm(j, c, m), sub(load(q, cm(j, c, m)), ts));
        ctx.loop(ix.add(j, 1), m, (i) => ctx.store(q, cm(i, c, m), sub(load(q, cm(i, c, m)), mul(ts, load(w, cm(i, j, m))))), 'i');
      }, 'c'),
    );
  }, 'r');
}
