// LAPACK's balancing of a complex matrix before its eigendecomposition (zgebal with JOB = 'B', as
// zgeev calls it; LAPACK 3.12's loops, which JAX's CPU eig runs through SciPy): rows and columns
// that isolate an eigenvalue are permuted to the bottom and the top, leaving the block
// ilo..ihi to iterate on, and that block is scaled by powers of two (exact) to even out row and
// column norms. zgebak undoes both on the eigenvectors. Balancing changes no eigenvalue, but it
// sets their order (the isolated ones first and last) and improves accuracy on badly scaled
// matrices.
import { int32 } from '../../core/dtypes.js';
import { alu, type Buf, cast, type Exp, i32, ix, load, type Sym, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';
import { cabs, cabs1, type CBuf, cload, cstore, type Cx, EPS, f, rm, rscale, SAFMIN } from './complexSchur.js';

/** Where balancing leaves the matrix: the block to iterate on, the permutation and the scales. */
export interface Balance {
  ilo: Sym;
  ihi: Sym;
  /** perm[i]: the row and column swapped with i (for i outside ilo..ihi). */
  perm: Buf;
  /** The scale of row i (inside ilo..ihi). */
  scale: Buf;
}

const SFMIN1 = SAFMIN / EPS;
const SFMAX1 = 1 / SFMIN1;
const SFMIN2 = SFMIN1 * 2;
const SFMAX2 = 1 / SFMIN2;
/** A safety bound on the scaling sweeps (LAPACK's loop ends by itself; it is reached only by bugs). */
const MAX_SWEEPS = 4000;

/** Swap rows and columns i and j of h (columns over rows 0..l, rows over columns k..n−1). */
function swap(ctx: Builder, h: CBuf, n: number, i: Exp, j: Exp, k: Exp, l: Exp): void {
  ctx.if(alu('ne', i, j), () => {
    ctx.loop(0, ix.add(l, 1), (r) => {
      const a = cload(h, rm(r, n, i));
      const [ar, ai] = [ctx.let(a[0], 'ar'), ctx.let(a[1], 'ai')];
      cstore(ctx, h, rm(r, n, i), cload(h, rm(r, n, j)));
      cstore(ctx, h, rm(r, n, j), [ar, ai]);
    }, 'r');
    ctx.loop(k, n, (c) => {
      const a = cload(h, rm(i, n, c));
      const [ar, ai] = [ctx.let(a[0], 'ar'), ctx.let(a[1], 'ai')];
      cstore(ctx, h, rm(i, n, c), cload(h, rm(j, n, c)));
      cstore(ctx, h, rm(j, n, c), [ar, ai]);
    }, 'c');
  });
}

/** Whether entry (i, j) is nonzero. */
const nonzero = (h: CBuf, n: number, i: Exp, j: Exp): Exp => alu('ne', cabs1(cload(h, rm(i, n, j))), f(0));

/** 2-norm of `count` entries, scaled by the largest (no squares underflow). */
function norm2(ctx: Builder, at: (t: Exp) => Cx, lo: Exp, hi: Exp): Exp {
  const m = ctx.local(f(0), 'm');
  ctx.loop(lo, hi, (t) => {
    const [re, im] = at(t);
    ctx.assign(m, alu('max', m.ref, alu('max', alu('abs', re), alu('abs', im))));
  }, 't');
  const s = ctx.local(f(0), 's');
  ctx.if(alu('gt', m.ref, f(0)), () => ctx.loop(lo, hi, (t) => {
    const [re, im] = at(t).map((x) => ctx.let(alu('div', x, m.ref), 'x'));
    ctx.assign(s, alu('add', s.ref, alu('add', alu('mul', re!, re!), alu('mul', im!, im!))));
  }, 't'));
  return ctx.let(alu('mul', m.ref, alu('sqrt', s.ref)), 'nrm');
}

/** |entry| of the first largest |re| + |im| among at(lo..hi) (izamax, then its modulus). */
function largest(ctx: Builder, at: (t: Exp) => Cx, lo: Exp, hi: Exp): Exp {
  const best = ctx.local(f(-1), 'best');
  const where_ = ctx.local(lo, 'at');
  ctx.loop(lo, hi, (t) => {
    const v = ctx.let(cabs1(at(t)), 'v');
    ctx.if(alu('gt', v, best.ref), () => {
      ctx.assign(best, v);
      ctx.assign(where_, t);
    });
  }, 't');
  return cabs(ctx, at(where_.ref));
}

/** Balance the matrix in `h` (zgebal 'B'); a matrix that is not `finite` is left as it is (ilo..ihi the whole). */
export function balance(ctx: Builder, h: CBuf, n: number, perm: Buf, scale: Buf, finite: Exp): Balance {
  const k = ctx.local(i32(0), 'ilo');
  const l = ctx.local(i32(n - 1), 'ihi');
  ctx.loop(0, n, (i) => ctx.store(scale, i, f(1)), 'i');
  ctx.if(finite, () => permuteAndScale(ctx, h, n, perm, scale, k, l));
  return { ilo: k, ihi: l, perm, scale };
}

function permuteAndScale(ctx: Builder, h: CBuf, n: number, perm: Buf, scale: Buf, k: Sym, l: Sym): void {
  const done = ctx.local(i32(n === 0 ? 1 : 0), 'done');
  const noconv = ctx.local(i32(1), 'noconv');
  // Rows isolating an eigenvalue (zero off the diagonal in columns 0..l) go down to row l.
  ctx.forever(() => {
    ctx.if(alu('or', alu('eq', noconv.ref, i32(0)), alu('ne', done.ref, i32(0))), () => ctx.break());
    ctx.assign(noconv, i32(0));
    // The loop runs from l as it was when the sweep began (a copy: let of a local aliases it).
    const l0 = ctx.local(l.ref, 'l0').ref;
    ctx.loop(0, ix.add(l0, 1), (rr) => ctx.if(alu('eq', done.ref, i32(0)), () => {
      const i = ctx.let(ix.sub(l0, rr), 'i');
      const can = ctx.local(i32(1), 'can');
      ctx.loop(0, ix.add(l.ref, 1), (j) => ctx.if(alu('and', alu('ne', i, j), nonzero(h, n, i, j)), () => ctx.assign(can, i32(0))), 'j');
      ctx.if(alu('ne', can.ref, i32(0)), () => {
        ctx.store(perm, l.ref, i);
        swap(ctx, h, n, i, l.ref, k.ref, l.ref);
        ctx.assign(noconv, i32(1));
        ctx.if(alu('eq', l.ref, i32(0)), () => ctx.assign(done, i32(1)), () => ctx.assign(l, ix.sub(l.ref, 1)));
      });
    }), 'rr');
  });
  // Columns isolating an eigenvalue (zero off the diagonal in rows k..l) go left to column k.
  ctx.assign(noconv, i32(1));
  ctx.forever(() => {
    ctx.if(alu('or', alu('eq', noconv.ref, i32(0)), alu('ne', done.ref, i32(0))), () => ctx.break());
    ctx.assign(noconv, i32(0));
    const k0 = ctx.local(k.ref, 'k0').ref;
    ctx.loop(k0, ix.add(l.ref, 1), (j) => {
      const can = ctx.local(i32(1), 'can');
      ctx.loop(k.ref, ix.add(l.ref, 1), (i) => ctx.if(alu('and', alu('ne', i, j), nonzero(h, n, i, j)), () => ctx.assign(can, i32(0))), 'i');
      ctx.if(alu('ne', can.ref, i32(0)), () => {
        ctx.store(perm, k.ref, j);
        swap(ctx, h, n, j, k.ref, k.ref, l.ref);
        ctx.assign(noconv, i32(1));
        ctx.assign(k, ix.add(k.ref, 1));
      });
    }, 'j');
  });
  // Scale rows and columns of the block by powers of two until their norms are within 5%.
  const K = ctx.let(k.ref, 'K');
  const L1 = ctx.let(ix.add(l.ref, 1), 'L1');
  const sweeps = ctx.local(i32(0), 'sweeps');
  ctx.assign(noconv, where(alu('eq', done.ref, i32(0)), i32(1), i32(0)));
  ctx.forever(() => {
    ctx.if(alu('or', alu('eq', noconv.ref, i32(0)), alu('ge', sweeps.ref, i32(MAX_SWEEPS))), () => ctx.break());
    ctx.assign(noconv, i32(0));
    ctx.assign(sweeps, ix.add(sweeps.ref, 1));
    ctx.loop(K, L1, (i) => {
      const col = (t: Exp) => cload(h, rm(t, n, i));
      const row = (t: Exp) => cload(h, rm(i, n, t));
      const c = ctx.local(norm2(ctx, col, K, L1), 'c');
      const r = ctx.local(norm2(ctx, row, K, L1), 'r');
      const ca = ctx.local(largest(ctx, col, i32(0), L1), 'ca');
      const ra = ctx.local(largest(ctx, row, K, i32(n)), 'ra');
      ctx.if(alu('and', alu('ne', c.ref, f(0)), alu('ne', r.ref, f(0))), () => {
        const g = ctx.local(alu('div', r.ref, f(2)), 'g');
        const fs = ctx.local(f(1), 'f');
        const s = ctx.let(alu('add', c.ref, r.ref), 's');
        const max3 = (a: Exp, b: Exp, d: Exp) => alu('max', alu('max', a, b), d);
        const min3 = (a: Exp, b: Exp, d: Exp) => alu('min', alu('min', a, b), d);
        const scaleAll = (up: Exp, down: Exp) => {
          ctx.assign(fs, alu('mul', fs.ref, up));
          ctx.assign(c, alu('mul', c.ref, up));
          ctx.assign(ca, alu('mul', ca.ref, up));
          ctx.assign(r, alu('mul', r.ref, down));
          ctx.assign(g, alu('mul', g.ref, down));
          ctx.assign(ra, alu('mul', ra.ref, down));
        };
        ctx.forever(() => {
          ctx.if(alu('not', alu('and', alu('and', alu('lt', c.ref, g.ref), alu('lt', max3(fs.ref, c.ref, ca.ref), f(SFMAX2))), alu('gt', min3(r.ref, g.ref, ra.ref), f(SFMIN2)))), () => ctx.break());
          scaleAll(f(2), f(0.5));
        });
        ctx.assign(g, alu('div', c.ref, f(2)));
        ctx.forever(() => {
          const small = alu('gt', alu('min', min3(fs.ref, c.ref, g.ref), ca.ref), f(SFMIN2));
          ctx.if(alu('not', alu('and', alu('and', alu('ge', g.ref, r.ref), alu('lt', alu('max', r.ref, ra.ref), f(SFMAX2))), small)), () => ctx.break());
          // g goes down with c (scaleAll moves it with r, so it is fixed up after).
          scaleAll(f(0.5), f(2));
          ctx.assign(g, alu('mul', g.ref, f(0.25)));
        });
        const si = ctx.let(load(scale, i), 'si');
        const F = fs.ref;
        const skip = alu('or', alu('ge', alu('add', c.ref, r.ref), alu('mul', f(0.95), s)),
          alu('or', alu('and', alu('and', alu('lt', F, f(1)), alu('lt', si, f(1))), alu('le', alu('mul', F, si), f(SFMIN1))),
            alu('and', alu('and', alu('gt', F, f(1)), alu('gt', si, f(1))), alu('ge', si, alu('div', f(SFMAX1), F)))));
        ctx.if(alu('not', skip), () => {
          const inv = ctx.let(alu('div', f(1), F), 'inv');
          ctx.store(scale, i, alu('mul', si, F));
          ctx.assign(noconv, i32(1));
          ctx.loop(K, n, (t) => cstore(ctx, h, rm(i, n, t), rscale(row(t), inv)), 't');
          ctx.loop(0, L1, (t) => cstore(ctx, h, rm(t, n, i), rscale(col(t), F)), 't');
        });
      });
    }, 'i');
  });
}

/** zgebak: undo the balancing on eigenvectors in the columns of `v` (right: rows times their scale; left: divided by it; then the swaps in reverse). */
export function unbalance(ctx: Builder, v: CBuf, n: number, b: Balance, left: boolean): void {
  const [ilo, ihi] = [ctx.let(b.ilo.ref, 'ilo'), ctx.let(b.ihi.ref, 'ihi')];
  ctx.if(alu('ne', ilo, ihi), () => ctx.loop(ilo, ix.add(ihi, 1), (i) => {
    const s = ctx.let(left ? alu('div', f(1), load(b.scale, i)) : load(b.scale, i), 's');
    ctx.loop(0, n, (j) => cstore(ctx, v, rm(i, n, j), rscale(cload(v, rm(i, n, j)), s)), 'j');
  }, 'i'));
  ctx.loop(0, n, (ii) => {
    const outside = alu('or', alu('lt', ii, ilo), alu('gt', ii, ihi));
    ctx.if(outside, () => {
      const i = ctx.let(where(alu('lt', ii, ilo), ix.sub(ix.sub(ilo, ii), 1), ii), 'i');
      const k = ctx.let(alu('max', i32(0), alu('min', i32(n - 1), cast(load(b.perm, i), int32))), 'k');
      ctx.if(alu('ne', k, i), () => ctx.loop(0, n, (j) => {
        const a = cload(v, rm(i, n, j));
        const [ar, ai] = [ctx.let(a[0], 'ar'), ctx.let(a[1], 'ai')];
        cstore(ctx, v, rm(i, n, j), cload(v, rm(k, n, j)));
        cstore(ctx, v, rm(k, n, j), [ar, ai]);
      }, 'j'));
    });
  }, 'ii');
}
