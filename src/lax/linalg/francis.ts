// The nonsymmetric eigenproblem in kernel IR on float64 scratch, as EISPACK's orthes + hqr2 (in
// JAMA's formulation): Householder reduction to upper Hessenberg form, Francis double-shift QR
// to real Schur form (2×2 blocks for complex pairs, the positive imaginary part first, as
// LAPACK), and eigenvectors by back-substitution on the quasi-triangular form, transformed back.
// Matrices are row-major n×n. A run that does not converge (NaN or inf input) reports failure
// through `ok` instead of looping: the caller writes NaN.
import { bool, float64 } from '../../core/dtypes.js';
import { alu, constant, type Exp, type Buf, i32, ix, load, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';
import type { Sym } from '../../ir/exp.js';

const f = (v: number): Exp => constant(v, float64);
const add = (a: Exp, b: Exp) => alu('add', a, b);
const sub = (a: Exp, b: Exp) => alu('sub', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
const div = (a: Exp, b: Exp) => alu('div', a, b);
const abs = (a: Exp) => alu('abs', a);
const EPS = 2.220446049250313e-16;
/** The smallest normal float64. */
const SAFMIN = 2.2250738585072014e-308;
/** Row-major element (i, j). */
const rm = (i: Exp | number, n: number, j: Exp | number): Exp => ix.add(ix.mul(i, n), j);

/** Reduce the n×n matrix in `h` to upper Hessenberg form Qᵀ A Q (zeros below the subdiagonal), with Q into `v` when given (`ort`: n scratch). */
export function hessenberg(ctx: Builder, h: Buf, v: Buf | null, ort: Buf, n: number): void {
  const H = (i: Exp | number, j: Exp | number) => load(h, rm(i, n, j));
  const hi = n - 1;
  ctx.loop(1, Math.max(1, hi), (m) => {
    const m1 = ix.sub(m, 1);
    const scale = ctx.local(f(0), 'scale');
    ctx.loop(m, n, (i) => ctx.assign(scale, add(scale.ref, abs(H(i, m1)))), 'i');
    // A column whose scale is subnormal is zeroed instead of reflected (a change below the
    // smallest normal number): its reflector's divisions would overflow (ortran divides by
    // scale²), and its products lose their digits.
    ctx.if(alu('ge', scale.ref, f(SAFMIN)), () => {
      const hh = ctx.local(f(0), 'hh');
      ctx.loop(m, n, (i) => {
        const o = ctx.let(div(H(i, m1), scale.ref), 'o');
        ctx.store(ort, i, o);
        ctx.assign(hh, add(hh.ref, mul(o, o)));
      }, 'i');
      const om = ctx.let(load(ort, m), 'om');
      const g0 = ctx.let(alu('sqrt', hh.ref), 'g0');
      const g = ctx.let(where(alu('gt', om, f(0)), alu('neg', g0), g0), 'g');
      ctx.assign(hh, sub(hh.ref, mul(om, g)));
      ctx.store(ort, m, sub(om, g));
      // H = (I − u uᵀ/h) H (I − u uᵀ/h).
      ctx.loop(m, n, (j) => {
        const s = ctx.local(f(0), 's');
        ctx.loop(m, n, (i) => ctx.assign(s, add(s.ref, mul(load(ort, i), H(i, j)))), 'i');
        const fs = ctx.let(div(s.ref, hh.ref), 'fs');
        ctx.loop(m, n, (i) => ctx.store(h, rm(i, n, j), sub(H(i, j), mul(fs, load(ort, i)))), 'i');
      }, 'j');
      ctx.loop(0, n, (i) => {
        const s = ctx.local(f(0), 's');
        ctx.loop(m, n, (j) => ctx.assign(s, add(s.ref, mul(load(ort, j), H(i, j)))), 'j');
        const fs = ctx.let(div(s.ref, hh.ref), 'fs');
        ctx.loop(m, n, (j) => ctx.store(h, rm(i, n, j), sub(H(i, j), mul(fs, load(ort, j)))), 'j');
      }, 'i');
      ctx.store(ort, m, mul(scale.ref, load(ort, m)));
      ctx.store(h, rm(m, n, m1), mul(scale.ref, g));
    }, () => {
      ctx.store(ort, m, f(0));
      ctx.loop(m, n, (i) => ctx.store(h, rm(i, n, m1), f(0)), 'i');
    });
  }, 'm');
  if (v) {
    ctx.loop(0, n, (i) => ctx.loop(0, n, (j) => ctx.store(v, rm(i, n, j), where(alu('eq', i, j), f(1), f(0))), 'j'), 'i');
    // Accumulate the reflectors, the last first (EISPACK's ortran).
    ctx.loop(0, Math.max(0, hi - 1), (r) => {
      const m = ctx.let(ix.sub(hi - 1, r), 'm');
      const m1 = ix.sub(m, 1);
      const hm = ctx.let(H(m, m1), 'hm');
      ctx.if(alu('and', alu('ne', hm, f(0)), alu('ne', load(ort, m), f(0))), () => {
        ctx.loop(ix.add(m, 1), n, (i) => ctx.store(ort, i, H(i, m1)), 'i');
        ctx.loop(m, n, (j) => {
          const g = ctx.local(f(0), 'g');
          ctx.loop(m, n, (i) => ctx.assign(g, add(g.ref, mul(load(ort, i), load(v, rm(i, n, j))))), 'i');
          // Two divisions avoid an underflow (EISPACK).
          const gg = ctx.let(div(div(g.ref, load(ort, m)), hm), 'gg');
          ctx.loop(m, n, (i) => ctx.store(v, rm(i, n, j), add(load(v, rm(i, n, j)), mul(gg, load(ort, i)))), 'i');
        }, 'j');
      });
    }, 'r');
  }
  // What is left below the subdiagonal are reflector entries, not matrix entries.
  ctx.loop(2, Math.max(2, n), (i) => ctx.loop(0, ix.sub(i, 1), (j) => ctx.store(h, rm(i, n, j), f(0)), 'j'), 'i');
}

/**
 * Francis double-shift QR on the Hessenberg matrix in `h`: eigenvalues into `wr`/`wi`, the Schur
 * vectors accumulated into `v` (from Q) when given, and then the eigenvectors (hqr2's
 * back-substitution and back-transformation) into `v`: a real eigenvalue's column holds its
 * vector, a complex pair's two columns the real and imaginary parts of the first one's.
 * `ok` is set to 0 when the iteration does not converge (30·n iterations in all).
 */
export function francis(ctx: Builder, h: Buf, v: Buf | null, wr: Buf, wi: Buf, n: number, ok: Sym): void {
  const H = (i: Exp | number, j: Exp | number) => load(h, rm(i, n, j));
  const setH = (i: Exp | number, j: Exp | number, x: Exp) => ctx.store(h, rm(i, n, j), x);
  const V = (i: Exp | number, j: Exp | number) => load(v!, rm(i, n, j));
  const setV = (i: Exp | number, j: Exp | number, x: Exp) => ctx.store(v!, rm(i, n, j), x);
  const loc = (hint: string) => ctx.local(f(0), hint);
  const [p, q, r, s, z, x, y, w] = ['p', 'q', 'r', 's', 'z', 'x', 'y', 'w'].map(loc) as [Sym, Sym, Sym, Sym, Sym, Sym, Sym, Sym];
  const exshift = loc('exshift');
  const norm = loc('norm');
  ctx.loop(0, n, (i) => ctx.loop(ix.max(ix.sub(i, 1), 0), n, (j) => ctx.assign(norm, add(norm.ref, abs(H(i, j)))), 'j'), 'i');
  const nn = ctx.local(i32(n - 1), 'nn');
  // NaN or inf anywhere: no iteration (it would not converge, or converge to garbage).
  ctx.if(alu('not', alu('lt', norm.ref, f(Infinity))), () => {
    ctx.assign(ok, f(0));
    ctx.assign(nn, i32(-1));
  });
  const iter = ctx.local(i32(0), 'iter');
  const total = ctx.local(i32(0), 'total');
  const N = nn.ref;
  ctx.forever(() => {
    ctx.if(alu('lt', N, i32(0)), () => ctx.break());
    ctx.if(alu('gt', total.ref, i32(30 * Math.max(n, 1))), () => {
      ctx.assign(ok, f(0));
      ctx.break();
    });
    // The last negligible subdiagonal element at or above row nn.
    const l = ctx.local(N, 'l');
    ctx.forever(() => {
      ctx.if(alu('le', l.ref, i32(0)), () => ctx.break());
      const L = l.ref;
      const L1 = ix.sub(L, 1);
      const ss = ctx.let(add(abs(H(L1, L1)), abs(H(L, L))), 'ss');
      const sc = where(alu('eq', ss, f(0)), norm.ref, ss);
      ctx.if(alu('le', abs(H(L, L1)), mul(f(EPS), sc)), () => ctx.break());
      ctx.assign(l, ix.sub(L, 1));
    });
    const L = l.ref;
    const N1 = ix.sub(N, 1);
    ctx.if(alu('eq', L, N), () => {
      // One root.
      setH(N, N, add(H(N, N), exshift.ref));
      ctx.store(wr, N, H(N, N));
      ctx.store(wi, N, f(0));
      ctx.assign(nn, ix.sub(N, 1));
      ctx.assign(iter, i32(0));
    }, () => ctx.if(alu('eq', L, N1), () => {
      // Two roots: a real pair (split by a rotation) or a complex pair.
      ctx.assign(w, mul(H(N, N1), H(N1, N)));
      ctx.assign(p, div(sub(H(N1, N1), H(N, N)), f(2)));
      ctx.assign(q, add(mul(p.ref, p.ref), w.ref));
      ctx.assign(z, alu('sqrt', abs(q.ref)));
      setH(N, N, add(H(N, N), exshift.ref));
      setH(N1, N1, add(H(N1, N1), exshift.ref));
      ctx.assign(x, H(N, N));
      ctx.if(alu('ge', q.ref, f(0)), () => {
        ctx.assign(z, where(alu('ge', p.ref, f(0)), add(p.ref, z.ref), sub(p.ref, z.ref)));
        ctx.store(wr, N1, add(x.ref, z.ref));
        ctx.store(wr, N, where(alu('ne', z.ref, f(0)), sub(x.ref, div(w.ref, z.ref)), add(x.ref, z.ref)));
        ctx.store(wi, N1, f(0));
        ctx.store(wi, N, f(0));
        ctx.assign(x, H(N, N1));
        ctx.assign(s, add(abs(x.ref), abs(z.ref)));
        ctx.assign(p, div(x.ref, s.ref));
        ctx.assign(q, div(z.ref, s.ref));
        ctx.assign(r, alu('sqrt', add(mul(p.ref, p.ref), mul(q.ref, q.ref))));
        ctx.assign(p, div(p.ref, r.ref));
        ctx.assign(q, div(q.ref, r.ref));
        const rot = (get: (k: Exp) => [Exp, Exp], set: (k: Exp, a: Exp, b: Exp) => void, lo: Exp | number, hiEx: Exp | number) =>
          ctx.loop(lo, hiEx, (k) => {
            const [a, b] = get(k).map((e) => ctx.let(e, 'e')) as [Exp, Exp];
            set(k, add(mul(q.ref, a), mul(p.ref, b)), sub(mul(q.ref, b), mul(p.ref, a)));
          }, 'k');
        rot((j) => [H(N1, j), H(N, j)], (j, a, b) => (setH(N1, j, a), setH(N, j, b)), N1, n);
        rot((i) => [H(i, N1), H(i, N)], (i, a, b) => (setH(i, N1, a), setH(i, N, b)), 0, ix.add(N, 1));
        if (v) rot((i) => [V(i, N1), V(i, N)], (i, a, b) => (setV(i, N1, a), setV(i, N, b)), 0, n);
      }, () => {
        ctx.store(wr, N1, add(x.ref, p.ref));
        ctx.store(wr, N, add(x.ref, p.ref));
        ctx.store(wi, N1, z.ref);
        ctx.store(wi, N, alu('neg', z.ref));
      });
      ctx.assign(nn, ix.sub(N, 2));
      ctx.assign(iter, i32(0));
    }, () => {
      // No convergence yet: a double-shift QR step on rows l..nn.
      ctx.assign(x, H(N, N));
      ctx.assign(y, f(0));
      ctx.assign(w, f(0));
      ctx.if(alu('lt', L, N), () => {
        ctx.assign(y, H(N1, N1));
        ctx.assign(w, mul(H(N, N1), H(N1, N)));
      });
      // Exceptional shifts (Wilkinson's at 10 iterations, MATLAB's at 30).
      ctx.if(alu('eq', iter.ref, i32(10)), () => {
        ctx.assign(exshift, add(exshift.ref, x.ref));
        ctx.loop(0, ix.add(N, 1), (i) => setH(i, i, sub(H(i, i), x.ref)), 'i');
        ctx.assign(s, add(abs(H(N, N1)), abs(H(N1, ix.max(ix.sub(N, 2), 0)))));
        ctx.assign(x, mul(f(0.75), s.ref));
        ctx.assign(y, x.ref);
        ctx.assign(w, mul(f(-0.4375), mul(s.ref, s.ref)));
      });
      ctx.if(alu('eq', iter.ref, i32(30)), () => {
        ctx.assign(s, div(sub(y.ref, x.ref), f(2)));
        ctx.assign(s, add(mul(s.ref, s.ref), w.ref));
        ctx.if(alu('gt', s.ref, f(0)), () => {
          ctx.assign(s, alu('sqrt', s.ref));
          ctx.assign(s, where(alu('lt', y.ref, x.ref), alu('neg', s.ref), s.ref));
          ctx.assign(s, sub(x.ref, div(w.ref, add(div(sub(y.ref, x.ref), f(2)), s.ref))));
          ctx.loop(0, ix.add(N, 1), (i) => setH(i, i, sub(H(i, i), s.ref)), 'i');
          ctx.assign(exshift, add(exshift.ref, s.ref));
          ctx.assign(x, f(0.964));
          ctx.assign(y, f(0.964));
          ctx.assign(w, f(0.964));
        });
      });
      ctx.assign(iter, ix.add(iter.ref, 1));
      ctx.assign(total, ix.add(total.ref, 1));
      // Two consecutive small subdiagonal elements.
      const m = ctx.local(ix.sub(N, 2), 'm');
      ctx.forever(() => {
        const M = m.ref;
        const zz = ctx.let(H(M, M), 'zz');
        const rr = ctx.let(sub(x.ref, zz), 'rr');
        const s0 = ctx.let(sub(y.ref, zz), 's0');
        const pp = ctx.let(add(div(sub(mul(rr, s0), w.ref), H(ix.add(M, 1), M)), H(M, ix.add(M, 1))), 'pp');
        const qq = ctx.let(sub(sub(sub(H(ix.add(M, 1), ix.add(M, 1)), zz), rr), s0), 'qq');
        const r2 = ctx.let(H(ix.add(M, 2), ix.add(M, 1)), 'r2');
        const sc = ctx.let(add(add(abs(pp), abs(qq)), abs(r2)), 'sc');
        ctx.assign(z, zz);
        ctx.assign(p, div(pp, sc));
        ctx.assign(q, div(qq, sc));
        ctx.assign(r, div(r2, sc));
        ctx.if(alu('eq', M, L), () => ctx.break());
        const M1 = ix.sub(M, 1);
        const lhs = mul(abs(H(M, M1)), add(abs(q.ref), abs(r.ref)));
        const rhs = mul(f(EPS), mul(abs(p.ref), add(add(abs(H(M1, M1)), abs(zz)), abs(H(ix.add(M, 1), ix.add(M, 1))))));
        ctx.if(alu('lt', lhs, rhs), () => ctx.break());
        ctx.assign(m, ix.sub(M, 1));
      });
      const M = m.ref;
      ctx.loop(ix.add(M, 2), ix.add(N, 1), (i) => {
        setH(i, ix.sub(i, 2), f(0));
        ctx.if(alu('gt', i, ix.add(M, 2)), () => setH(i, ix.sub(i, 3), f(0)));
      }, 'i');
      ctx.loop(M, N, (k) => {
        const notlast = ctx.let(alu('ne', k, N1), 'notlast');
        const go = ctx.local(constant(true, bool), 'go');
        ctx.if(alu('ne', k, M), () => {
          const k1 = ix.sub(k, 1);
          ctx.assign(p, H(k, k1));
          ctx.assign(q, H(ix.add(k, 1), k1));
          ctx.assign(r, f(0));
          ctx.if(notlast, () => ctx.assign(r, H(ix.add(k, 2), k1)));
          ctx.assign(x, add(add(abs(p.ref), abs(q.ref)), abs(r.ref)));
          ctx.if(alu('eq', x.ref, f(0)), () => ctx.assign(go, constant(false, bool)), () => {
            ctx.assign(p, div(p.ref, x.ref));
            ctx.assign(q, div(q.ref, x.ref));
            ctx.assign(r, div(r.ref, x.ref));
          });
        });
        ctx.if(go.ref, () => {
          const s0 = alu('sqrt', add(add(mul(p.ref, p.ref), mul(q.ref, q.ref)), mul(r.ref, r.ref)));
          ctx.assign(s, where(alu('lt', p.ref, f(0)), alu('neg', s0), s0));
          ctx.if(alu('ne', s.ref, f(0)), () => {
            const k1 = ix.max(ix.sub(k, 1), 0);
            ctx.if(alu('ne', k, M), () => setH(k, k1, mul(alu('neg', s.ref), x.ref)), () => ctx.if(alu('ne', L, M), () => setH(k, k1, alu('neg', H(k, k1)))));
            ctx.assign(p, add(p.ref, s.ref));
            ctx.assign(x, div(p.ref, s.ref));
            ctx.assign(y, div(q.ref, s.ref));
            ctx.assign(z, div(r.ref, s.ref));
            ctx.assign(q, div(q.ref, p.ref));
            ctx.assign(r, div(r.ref, p.ref));
            const k2 = ix.add(k, 2);
            const kp = ix.add(k, 1);
            // Row modification.
            ctx.loop(k, n, (j) => {
              const pj = ctx.local(add(H(k, j), mul(q.ref, H(kp, j))), 'pj');
              ctx.if(notlast, () => {
                ctx.assign(pj, add(pj.ref, mul(r.ref, H(k2, j))));
                setH(k2, j, sub(H(k2, j), mul(pj.ref, z.ref)));
              });
              setH(k, j, sub(H(k, j), mul(pj.ref, x.ref)));
              setH(kp, j, sub(H(kp, j), mul(pj.ref, y.ref)));
            }, 'j');
            // Column modification (of H, and of the Schur vectors).
            const cols = (get: (i: Exp, j: Exp) => Exp, set: (i: Exp, j: Exp, e: Exp) => void, hiEx: Exp | number) =>
              ctx.loop(0, hiEx, (i) => {
                const pi = ctx.local(add(mul(x.ref, get(i, k)), mul(y.ref, get(i, kp))), 'pi');
                ctx.if(notlast, () => {
                  ctx.assign(pi, add(pi.ref, mul(z.ref, get(i, k2))));
                  set(i, k2, sub(get(i, k2), mul(pi.ref, r.ref)));
                });
                set(i, k, sub(get(i, k), pi.ref));
                set(i, kp, sub(get(i, kp), mul(pi.ref, q.ref)));
              }, 'i');
            cols(H, setH, ix.add(ix.min(N, ix.add(k, 3)), 1));
            if (v) cols(V, setV, n);
          });
        });
      }, 'k');
    }));
  });
  if (v) ctx.if(alu('gt', ok.ref, f(0)), () => backSubstitute(ctx, h, v, wr, wi, n, norm.ref));
}

/** hqr2's eigenvectors of the quasi-triangular form (into `h`'s upper part), then times the Schur vectors in `v`. */
function backSubstitute(ctx: Builder, h: Buf, v: Buf, wr: Buf, wi: Buf, n: number, norm: Exp): void {
  const H = (i: Exp | number, j: Exp | number) => load(h, rm(i, n, j));
  const setH = (i: Exp | number, j: Exp | number, x: Exp) => ctx.store(h, rm(i, n, j), x);
  const loc = (hint: string) => ctx.local(f(0), hint);
  const [z, r, s] = ['z', 'r', 's'].map(loc) as [Sym, Sym, Sym];
  const tiny = ctx.let(mul(f(EPS), norm), 'tiny');
  // Complex division (a + bi)/(c + di), Smith's formula.
  const cdiv = (a: Exp, b: Exp, c: Exp, d: Exp): [Exp, Exp] => {
    const [A, B, C, D] = [a, b, c, d].map((e) => ctx.let(e, 'cd')) as [Exp, Exp, Exp, Exp];
    const re = ctx.local(f(0), 'cre');
    const im = ctx.local(f(0), 'cim');
    ctx.if(alu('gt', abs(C), abs(D)), () => {
      const rr = ctx.let(div(D, C), 'rr');
      const dd = ctx.let(add(C, mul(rr, D)), 'dd');
      ctx.assign(re, div(add(A, mul(rr, B)), dd));
      ctx.assign(im, div(sub(B, mul(rr, A)), dd));
    }, () => {
      const rr = ctx.let(div(C, D), 'rr');
      const dd = ctx.let(add(D, mul(rr, C)), 'dd');
      ctx.assign(re, div(add(mul(rr, A), B), dd));
      ctx.assign(im, div(sub(mul(rr, B), A), dd));
    });
    return [re.ref, im.ref];
  };
  ctx.if(alu('ne', norm, f(0)), () => {
    ctx.loop(0, n, (rn) => {
      const N = ctx.let(ix.sub(n - 1, rn), 'N');
      const p = ctx.let(load(wr, N), 'p');
      const q = ctx.let(load(wi, N), 'q');
      ctx.if(alu('eq', q, f(0)), () => {
        // A real vector.
        const l = ctx.local(N, 'l');
        setH(N, N, f(1));
        ctx.loop(0, N, (ri) => {
          const i = ctx.let(ix.sub(ix.sub(N, 1), ri), 'i');
          const w = ctx.let(sub(H(i, i), p), 'w');
          const acc = ctx.local(f(0), 'acc');
          ctx.loop(l.ref, ix.add(N, 1), (j) => ctx.assign(acc, add(acc.ref, mul(H(i, j), H(j, N)))), 'j');
          const ei = ctx.let(load(wi, i), 'ei');
          ctx.if(alu('lt', ei, f(0)), () => {
            ctx.assign(z, w);
            ctx.assign(s, acc.ref);
          }, () => {
            ctx.assign(l, i);
            ctx.if(alu('eq', ei, f(0)), () => setH(i, N, div(alu('neg', acc.ref), where(alu('lt', abs(w), tiny), tiny, w))), () => {
              const x = ctx.let(H(i, ix.add(i, 1)), 'x');
              const y = ctx.let(H(ix.add(i, 1), i), 'y');
              const dp = ctx.let(sub(load(wr, i), p), 'dp');
              const qq = add(mul(dp, dp), mul(ei, ei));
              const t = ctx.let(div(sub(mul(x, s.ref), mul(z.ref, acc.ref)), qq), 't');
              setH(i, N, t);
              setH(ix.add(i, 1), N, where(alu('gt', abs(x), abs(z.ref)), div(sub(alu('neg', acc.ref), mul(w, t)), x), div(sub(alu('neg', s.ref), mul(y, t)), z.ref)));
            });
            // Overflow control.
            const t = ctx.let(abs(H(i, N)), 'ta');
            ctx.if(alu('gt', mul(mul(f(EPS), t), t), f(1)), () => ctx.loop(i, ix.add(N, 1), (j) => setH(j, N, div(H(j, N), t)), 'j'));
          });
        }, 'ri');
      }, () => ctx.if(alu('lt', q, f(0)), () => {
        // A complex pair: the vector of wr + i·wi[N − 1] in columns N − 1 (real) and N (imaginary).
        const N1 = ix.sub(N, 1);
        const l = ctx.local(N1, 'l');
        ctx.if(alu('gt', abs(H(N, N1)), abs(H(N1, N))), () => {
          setH(N1, N1, div(q, H(N, N1)));
          setH(N1, N, div(alu('neg', sub(H(N, N), p)), H(N, N1)));
        }, () => {
          const [a, b] = cdiv(f(0), alu('neg', H(N1, N)), sub(H(N1, N1), p), q);
          setH(N1, N1, a);
          setH(N1, N, b);
        });
        setH(N, N1, f(0));
        setH(N, N, f(1));
        ctx.loop(0, N1, (ri) => {
          const i = ctx.let(ix.sub(ix.sub(N, 2), ri), 'i');
          const ra = ctx.local(f(0), 'ra');
          const sa = ctx.local(f(0), 'sa');
          ctx.loop(l.ref, ix.add(N, 1), (j) => {
            ctx.assign(ra, add(ra.ref, mul(H(i, j), H(j, N1))));
            ctx.assign(sa, add(sa.ref, mul(H(i, j), H(j, N))));
          }, 'j');
          const w = ctx.let(sub(H(i, i), p), 'w');
          const ei = ctx.let(load(wi, i), 'ei');
          ctx.if(alu('lt', ei, f(0)), () => {
            ctx.assign(z, w);
            ctx.assign(r, ra.ref);
            ctx.assign(s, sa.ref);
          }, () => {
            ctx.assign(l, i);
            ctx.if(alu('eq', ei, f(0)), () => {
              const [a, b] = cdiv(alu('neg', ra.ref), alu('neg', sa.ref), w, q);
              setH(i, N1, a);
              setH(i, N, b);
            }, () => {
              const x = ctx.let(H(i, ix.add(i, 1)), 'x');
              const y = ctx.let(H(ix.add(i, 1), i), 'y');
              const dp = ctx.let(sub(load(wr, i), p), 'dp');
              const vr0 = ctx.let(sub(add(mul(dp, dp), mul(ei, ei)), mul(q, q)), 'vr0');
              const vi = ctx.let(mul(mul(dp, f(2)), q), 'vi');
              const degenerate = alu('and', alu('eq', vr0, f(0)), alu('eq', vi, f(0)));
              const bound = mul(tiny, add(add(add(add(abs(w), abs(q)), abs(x)), abs(y)), abs(z.ref)));
              const vr = ctx.let(where(degenerate, bound, vr0), 'vr');
              const [a, b] = cdiv(add(sub(mul(x, r.ref), mul(z.ref, ra.ref)), mul(q, sa.ref)), sub(sub(mul(x, s.ref), mul(z.ref, sa.ref)), mul(q, ra.ref)), vr, vi);
              const [A, B] = [ctx.let(a, 'A'), ctx.let(b, 'B')];
              setH(i, N1, A);
              setH(i, N, B);
              const i1 = ix.add(i, 1);
              ctx.if(alu('gt', abs(x), add(abs(z.ref), abs(q))), () => {
                setH(i1, N1, div(add(sub(alu('neg', ra.ref), mul(w, A)), mul(q, B)), x));
                setH(i1, N, div(sub(sub(alu('neg', sa.ref), mul(w, B)), mul(q, A)), x));
              }, () => {
                const [c, d] = cdiv(sub(alu('neg', r.ref), mul(y, A)), sub(alu('neg', s.ref), mul(y, B)), z.ref, q);
                setH(i1, N1, c);
                setH(i1, N, d);
              });
            });
            const t = ctx.let(alu('max', abs(H(i, N1)), abs(H(i, N))), 'ta');
            ctx.if(alu('gt', mul(mul(f(EPS), t), t), f(1)), () =>
              ctx.loop(i, ix.add(N, 1), (j) => {
                setH(j, N1, div(H(j, N1), t));
                setH(j, N, div(H(j, N), t));
              }, 'j'));
          });
        }, 'ri');
      }));
    }, 'rn');
    // Back-transform: V ← V · (the upper triangle of h).
    ctx.loop(0, n, (rj) => {
      const j = ctx.let(ix.sub(n - 1, rj), 'j');
      ctx.loop(0, n, (i) => {
        const acc = ctx.local(f(0), 'acc');
        ctx.loop(0, ix.add(j, 1), (k) => ctx.assign(acc, add(acc.ref, mul(load(v, rm(i, n, k)), H(k, j)))), 'k');
        ctx.store(v, rm(i, n, j), acc.ref);
      }, 'i');
    }, 'rj');
  });
}
