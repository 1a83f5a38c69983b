// The complex nonsymmetric eigenproblem's Schur step in kernel IR on float64 scratch, as LAPACK's
// zgeev does it: Householder reduction to upper Hessenberg form with real subdiagonal (zgehd2,
// the unitary Q accumulated as it goes), then complex single-shift QR (zlahqr: Wilkinson shifts,
// exceptional shifts every 10 iterations without deflation, Ahues–Kressner deflation) to upper
// triangular Schur form T = Qᴴ A Q. Complex matrices are two row-major n×n planes (re, im).
// A run that does not converge (NaN or inf input, or more than 30·max(10, n) iterations for one
// eigenvalue) reports failure through `ok` instead of looping: the caller writes NaN, as JAX does
// when LAPACK's info is nonzero.
import { float64 } from '../../core/dtypes.js';
import { alu, constant, type Buf, type Exp, i32, ix, load, type Sym, where } from '../../ir/exp.js';
import type { Builder } from '../../ir/kernel.js';

/** A complex value in IR: [re, im]. */
export type Cx = [Exp, Exp];
/** A complex matrix or vector in scratch: its two planes. */
export interface CBuf {
  re: Buf;
  im: Buf;
}

export const f = (v: number): Exp => constant(v, float64);
const add = (a: Exp, b: Exp) => alu('add', a, b);
const sub = (a: Exp, b: Exp) => alu('sub', a, b);
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
const div = (a: Exp, b: Exp) => alu('div', a, b);
const abs = (a: Exp) => alu('abs', a);
export const cadd = (a: Cx, b: Cx): Cx => [add(a[0], b[0]), add(a[1], b[1])];
export const csub = (a: Cx, b: Cx): Cx => [sub(a[0], b[0]), sub(a[1], b[1])];
export const cmul = (a: Cx, b: Cx): Cx => [sub(mul(a[0], b[0]), mul(a[1], b[1])), add(mul(a[0], b[1]), mul(a[1], b[0]))];
export const conj = (a: Cx): Cx => [a[0], alu('neg', a[1])];
export const rscale = (a: Cx, s: Exp): Cx => [mul(a[0], s), mul(a[1], s)];
/** LAPACK's CABS1: |re| + |im|. */
export const cabs1 = (a: Cx): Exp => add(abs(a[0]), abs(a[1]));

export const EPS = 2.220446049250313e-16;
/** The smallest normal float64. */
export const SAFMIN = 2.2250738585072014e-308;

/** Row-major element (i, j). */
export const rm = (i: Exp | number, n: number, j: Exp | number): Exp => ix.add(ix.mul(i, n), j);
export const cload = (b: CBuf, i: Exp | number): Cx => [load(b.re, i), load(b.im, i)];
export function cstore(ctx: Builder, b: CBuf, i: Exp | number, v: Cx): void {
  const [re, im] = [ctx.let(v[0], 're'), ctx.let(v[1], 'im')];
  ctx.store(b.re, i, re);
  ctx.store(b.im, i, im);
}
/** Bind both parts once. */
export const clet = (ctx: Builder, v: Cx, hint: string): Cx => [ctx.let(v[0], `${hint}r`), ctx.let(v[1], `${hint}i`)];

/** a / b by Smith's formula (no overflow for moderate quotients of large operands). */
export function cdiv(ctx: Builder, a: Cx, b: Cx): Cx {
  const [A, B] = [clet(ctx, a, 'na'), clet(ctx, b, 'nb')];
  const big = ctx.let(alu('ge', abs(B[0]), abs(B[1])), 'big');
  const r = ctx.let(where(big, div(B[1], B[0]), div(B[0], B[1])), 'r');
  const d = ctx.let(where(big, add(B[0], mul(r, B[1])), add(B[1], mul(r, B[0]))), 'd');
  const re = where(big, add(A[0], mul(r, A[1])), add(mul(r, A[0]), A[1]));
  const im = where(big, sub(A[1], mul(r, A[0])), sub(mul(r, A[1]), A[0]));
  return [ctx.let(div(re, d), 'qr'), ctx.let(div(im, d), 'qi')];
}

/** |a| without underflow or overflow in the squares (scaled by the larger part). */
export function cabs(ctx: Builder, a: Cx): Exp {
  const m = ctx.let(alu('max', abs(a[0]), abs(a[1])), 'm');
  const [x, y] = [ctx.let(div(a[0], m), 'x'), ctx.let(div(a[1], m), 'y')];
  return ctx.let(where(alu('eq', m, f(0)), f(0), mul(m, alu('sqrt', add(mul(x, x), mul(y, y))))), 'abs');
}

/** The principal square root. */
function csqrt(ctx: Builder, a: Cx): Cx {
  const [x, y] = clet(ctx, a, 'sq');
  const r = cabs(ctx, [x, y]);
  // √((r + |x|)/2), then the other part from y / (2t); zero stays zero.
  const t = ctx.let(alu('sqrt', mul(add(r, abs(x)), f(0.5))), 't');
  const o = ctx.let(where(alu('eq', t, f(0)), f(0), div(y, mul(t, f(2)))), 'o');
  const neg = ctx.let(alu('lt', x, f(0)), 'neg');
  // The imaginary part takes y's sign, −0 included (C99's csqrt, which Fortran's SQRT follows).
  const yneg = alu('lt', where(alu('eq', y, f(0)), div(f(1), y), y), f(0));
  return [where(neg, abs(o), t), where(neg, where(yneg, alu('neg', t), t), o)];
}

/** A power of two near 1/m for m > 0 (exact scaling: products by it round only on underflow). */
function pow2Near(ctx: Builder, m: Exp): Exp {
  const e = alu('max', f(-1020), alu('min', f(1020), alu('floor', div(alu('log', m), f(Math.LN2)))));
  return ctx.let(alu('pow', f(2), alu('neg', e)), 'sc');
}

/** An elementary reflector H = I − τ (1; v)(1; v)ᴴ with Hᴴ (α; x) = (β; 0), β real (zlarfg). */
interface Reflector {
  beta: Exp;
  tau: Cx;
  /** 1 / (α − β), by which x is multiplied to give v. */
  d: Cx;
}

/** zlarfg on α and ‖x‖² already scaled near 1 (not both zero). */
function reflector(ctx: Builder, alpha: Cx, xx: Exp): Reflector {
  const [ar, ai] = alpha;
  const nrm = ctx.let(alu('sqrt', add(add(mul(ar, ar), mul(ai, ai)), xx)), 'nrm');
  const beta = ctx.let(where(alu('ge', ar, f(0)), alu('neg', nrm), nrm), 'beta');
  const tau: Cx = [ctx.let(div(sub(beta, ar), beta), 'taur'), ctx.let(div(alu('neg', ai), beta), 'taui')];
  return { beta, tau, d: cdiv(ctx, [f(1), f(0)], [sub(ar, beta), ai]) };
}

/**
 * Reduce the complex n×n matrix in `h` to upper Hessenberg form Qᴴ A Q with real subdiagonal
 * (zgehd2), accumulating Q into `z` when given; `u` is n complex scratch for the reflectors.
 */
export function complexHessenberg(ctx: Builder, h: CBuf, z: CBuf | null, u: CBuf, n: number): void {
  const H = (i: Exp | number, j: Exp | number) => cload(h, rm(i, n, j));
  const setH = (i: Exp | number, j: Exp | number, v: Cx) => cstore(ctx, h, rm(i, n, j), v);
  if (z) ctx.loop(0, n * n, (t) => {
    ctx.store(z.re, t, where(alu('eq', ix.rem(t, n + 1), i32(0)), f(1), f(0)));
    ctx.store(z.im, t, f(0));
  }, 't');
  ctx.loop(0, Math.max(0, n - 1), (i) => {
    const r0 = ctx.let(ix.add(i, 1), 'r0');
    const big = ctx.local(f(0), 'big');
    ctx.loop(r0, n, (r) => {
      const [re, im] = H(r, i);
      ctx.assign(big, alu('max', big.ref, alu('max', abs(re), abs(im))));
    }, 'r');
    // A column of subnormal numbers is zeroed, not reflected (a change below the smallest normal
    // number; its reflector would lose its digits).
    ctx.if(alu('lt', big.ref, f(SAFMIN)), () => ctx.loop(r0, n, (r) => setH(r, i, [f(0), f(0)]), 'r'), () => {
      const sc = pow2Near(ctx, big.ref);
      const xx = ctx.local(f(0), 'xx');
      ctx.loop(r0, n, (r) => cstore(ctx, u, r, rscale(H(r, i), sc)), 'r');
      ctx.loop(ix.add(r0, 1), n, (r) => {
        const [re, im] = cload(u, r);
        ctx.assign(xx, add(xx.ref, add(mul(re, re), mul(im, im))));
      }, 'r');
      const alpha = clet(ctx, cload(u, r0), 'alpha');
      // x = 0 and α real: H = I (LAPACK's τ = 0).
      ctx.if(alu('or', alu('gt', xx.ref, f(0)), alu('ne', alpha[1], f(0))), () => {
        const { beta, tau, d } = reflector(ctx, alpha, xx.ref);
        cstore(ctx, u, r0, [f(1), f(0)]);
        ctx.loop(ix.add(r0, 1), n, (r) => cstore(ctx, u, r, cmul(cload(u, r), d)), 'r');
        setH(r0, i, [div(beta, sc), f(0)]);
        ctx.loop(ix.add(r0, 1), n, (r) => setH(r, i, [f(0), f(0)]), 'r');
        // From the right, on rows 0..n−1 (of H, and of Q): X ← X − τ (X v) vᴴ.
        const right = (b: CBuf) =>
          ctx.loop(0, n, (j) => {
            const s = [ctx.local(f(0), 'sr'), ctx.local(f(0), 'si')] as [Sym, Sym];
            ctx.loop(r0, n, (r) => {
              const p = cmul(cload(b, rm(j, n, r)), cload(u, r));
              ctx.assign(s[0], add(s[0].ref, p[0]));
              ctx.assign(s[1], add(s[1].ref, p[1]));
            }, 'r');
            const ts = clet(ctx, cmul([s[0].ref, s[1].ref], tau), 'ts');
            ctx.loop(r0, n, (r) => cstore(ctx, b, rm(j, n, r), csub(cload(b, rm(j, n, r)), cmul(ts, conj(cload(u, r))))), 'r');
          }, 'j');
        right(h);
        if (z) right(z);
        // From the left, on columns r0..n−1: H ← H − conj(τ) v (vᴴ H).
        ctx.loop(r0, n, (c) => {
          const s = [ctx.local(f(0), 'sr'), ctx.local(f(0), 'si')] as [Sym, Sym];
          ctx.loop(r0, n, (r) => {
            const p = cmul(conj(cload(u, r)), H(r, c));
            ctx.assign(s[0], add(s[0].ref, p[0]));
            ctx.assign(s[1], add(s[1].ref, p[1]));
          }, 'r');
          const ts = clet(ctx, cmul([s[0].ref, s[1].ref], conj(tau)), 'ts');
          ctx.loop(r0, n, (r) => setH(r, c, csub(H(r, c), cmul(ts, cload(u, r)))), 'r');
        }, 'c');
      });
    });
  }, 'i');
}

/** zlarfg of order 2 on (α, x): [β, τ, v₂] (τ = 0 and v₂ = x when x = 0 and α is real). */
function reflector2(ctx: Builder, alpha: Cx, x: Cx): [Cx, Cx, Cx] {
  const [a, b] = [clet(ctx, alpha, 'ra'), clet(ctx, x, 'rx')];
  const beta = [ctx.local(a[0], 'br'), ctx.local(a[1], 'bi')] as [Sym, Sym];
  const tau = [ctx.local(f(0), 'tr'), ctx.local(f(0), 'ti')] as [Sym, Sym];
  const v = [ctx.local(b[0], 'vr'), ctx.local(b[1], 'vi')] as [Sym, Sym];
  ctx.if(alu('or', alu('ne', cabs1(b), f(0)), alu('ne', a[1], f(0))), () => {
    // Scaled by a power of two (exact) so that no square underflows (LAPACK rescales below SAFMIN/EPS).
    const sc = pow2Near(ctx, alu('max', alu('max', abs(a[0]), abs(a[1])), alu('max', abs(b[0]), abs(b[1]))));
    const as = clet(ctx, rscale(a, sc), 'as');
    const bs = clet(ctx, rscale(b, sc), 'bs');
    const r = reflector(ctx, as, add(mul(bs[0], bs[0]), mul(bs[1], bs[1])));
    const vv = cmul(bs, r.d);
    ctx.assign(beta[0], div(r.beta, sc));
    ctx.assign(beta[1], f(0));
    ctx.assign(tau[0], r.tau[0]);
    ctx.assign(tau[1], r.tau[1]);
    const v0 = ctx.let(vv[0], 'v0');
    const v1 = ctx.let(vv[1], 'v1');
    ctx.assign(v[0], v0);
    ctx.assign(v[1], v1);
  });
  return [[beta[0].ref, beta[1].ref], [tau[0].ref, tau[1].ref], [v[0].ref, v[1].ref]];
}

/**
 * zlahqr on the Hessenberg matrix in `h` (real subdiagonal): eigenvalues into `w`; with `z`, the
 * full Schur form T in `h` and Schur vectors Z·Q into `z` (otherwise only the active block is
 * updated, as LAPACK without WANTT). `ok` is set to 0 on failure.
 */
export function complexQR(ctx: Builder, h: CBuf, z: CBuf | null, w: CBuf, n: number, ok: Sym): void {
  const H = (i: Exp | number, j: Exp | number) => cload(h, rm(i, n, j));
  const setH = (i: Exp | number, j: Exp | number, v: Cx) => cstore(ctx, h, rm(i, n, j), v);
  const Hre = (i: Exp | number, j: Exp | number) => load(h.re, rm(i, n, j));
  const ulp = f(EPS);
  const smlnum = f(SAFMIN * (n / EPS));
  const itmax = 30 * Math.max(10, n);
  const I = ctx.local(i32(n - 1), 'I');
  const L = ctx.local(i32(0), 'L');
  const its = ctx.local(i32(0), 'its');
  const kdefl = ctx.local(i32(0), 'kdefl');
  const i1 = ctx.local(i32(0), 'i1');
  const i2 = ctx.local(i32(n - 1), 'i2');
  // NaN or inf anywhere: no iteration (it would not converge).
  const norm = ctx.local(f(0), 'norm');
  ctx.loop(0, n * n, (t) => ctx.assign(norm, add(norm.ref, cabs1(cload(h, t)))), 't');
  ctx.if(alu('not', alu('lt', norm.ref, f(Infinity))), () => {
    ctx.assign(ok, f(0));
    ctx.assign(I, i32(-1));
  });
  ctx.forever(() => {
    ctx.if(alu('lt', I.ref, i32(0)), () => ctx.break());
    const Iv = ctx.let(I.ref, 'Iv');
    // The last negligible subdiagonal element at or above row I.
    const k = ctx.local(Iv, 'k');
    ctx.forever(() => {
      ctx.if(alu('le', k.ref, L.ref), () => ctx.break());
      const K = ctx.let(k.ref, 'K');
      const K1 = ix.sub(K, 1);
      const sub1 = clet(ctx, H(K, K1), 'hs');
      ctx.if(alu('le', cabs1(sub1), smlnum), () => ctx.break());
      const hkk = clet(ctx, H(K, K), 'hkk');
      const hk1 = clet(ctx, H(K1, K1), 'hk1');
      const tst0 = ctx.let(add(cabs1(hk1), cabs1(hkk)), 'tst0');
      const below = where(alu('le', ix.add(K, 1), i32(n - 1)), abs(Hre(ix.min(ix.add(K, 1), n - 1), K)), f(0));
      const above = where(alu('ge', ix.sub(K, 2), i32(0)), abs(Hre(K1, ix.max(ix.sub(K, 2), 0))), f(0));
      const tst = ctx.let(where(alu('eq', tst0, f(0)), add(add(tst0, above), below), tst0), 'tst');
      ctx.if(alu('le', abs(sub1[0]), mul(ulp, tst)), () => {
        // Ahues & Kressner's conservative criterion.
        const sup = ctx.let(cabs1(H(K1, K)), 'sup');
        const sb = ctx.let(cabs1(sub1), 'sb');
        const ab = ctx.let(alu('max', sb, sup), 'ab');
        const ba = ctx.let(alu('min', sb, sup), 'ba');
        const c1 = ctx.let(cabs1(hkk), 'c1');
        const c2 = ctx.let(cabs1(csub(hk1, hkk)), 'c2');
        const aa = ctx.let(alu('max', c1, c2), 'aa');
        const bb = ctx.let(alu('min', c1, c2), 'bb');
        const s = ctx.let(add(aa, ab), 's');
        ctx.if(alu('le', mul(ba, div(ab, s)), alu('max', smlnum, mul(ulp, mul(bb, div(aa, s))))), () => ctx.break());
      });
      ctx.assign(k, ix.sub(K, 1));
    });
    ctx.assign(L, k.ref);
    const Lv = ctx.let(L.ref, 'Lv');
    ctx.if(alu('gt', Lv, i32(0)), () => setH(Lv, ix.sub(Lv, 1), [f(0), f(0)]));
    ctx.if(alu('ge', Lv, Iv), () => {
      // A 1×1 block has split off: one eigenvalue.
      cstore(ctx, w, Iv, H(Iv, Iv));
      ctx.assign(I, ix.sub(Lv, 1));
      ctx.assign(L, i32(0));
      ctx.assign(its, i32(0));
      ctx.assign(kdefl, i32(0));
    }, () => {
      ctx.if(alu('gt', its.ref, i32(itmax)), () => {
        ctx.assign(ok, f(0));
        ctx.break();
      });
      ctx.assign(its, ix.add(its.ref, 1));
      ctx.assign(kdefl, ix.add(kdefl.ref, 1));
      if (!z) {
        ctx.assign(i1, Lv);
        ctx.assign(i2, Iv);
      }
      const I1 = ctx.let(ix.sub(Iv, 1), 'I1');
      const t = [ctx.local(f(0), 'tr'), ctx.local(f(0), 'ti')] as [Sym, Sym];
      const setT = (v: Cx) => {
        const [a, b] = clet(ctx, v, 'sh');
        ctx.assign(t[0], a);
        ctx.assign(t[1], b);
      };
      ctx.if(alu('eq', ix.rem(kdefl.ref, 20), i32(0)), () => {
        // Exceptional shifts.
        const s = mul(f(0.75), abs(Hre(Iv, I1)));
        setT(cadd([s, f(0)], H(Iv, Iv)));
      }, () => ctx.if(alu('eq', ix.rem(kdefl.ref, 10), i32(0)), () => {
        const s = mul(f(0.75), abs(Hre(ix.add(Lv, 1), Lv)));
        setT(cadd([s, f(0)], H(Lv, Lv)));
      }, () => {
        // Wilkinson's shift: the eigenvalue of the trailing 2×2 block nearer H(I, I).
        setT(H(Iv, Iv));
        const u = clet(ctx, cmul(csqrt(ctx, H(I1, Iv)), csqrt(ctx, H(Iv, I1))), 'u');
        const s0 = ctx.let(cabs1(u), 's0');
        ctx.if(alu('ne', s0, f(0)), () => {
          const x = clet(ctx, rscale(csub(H(I1, I1), [t[0].ref, t[1].ref]), f(0.5)), 'x');
          const sx = ctx.let(cabs1(x), 'sx');
          const s = ctx.let(alu('max', s0, sx), 's');
          const xs = clet(ctx, rscale(x, div(f(1), s)), 'xs');
          const us = clet(ctx, rscale(u, div(f(1), s)), 'us');
          const y0 = clet(ctx, rscale(csqrt(ctx, cadd(cmul(xs, xs), cmul(us, us))), s), 'y0');
          const flip = alu('and', alu('gt', sx, f(0)), alu('lt', add(mul(div(x[0], sx), y0[0]), mul(div(x[1], sx), y0[1])), f(0)));
          const y = clet(ctx, [where(flip, alu('neg', y0[0]), y0[0]), where(flip, alu('neg', y0[1]), y0[1])], 'y');
          setT(csub([t[0].ref, t[1].ref], cmul(u, cdiv(ctx, u, cadd(x, y)))));
        });
      }));
      const T: Cx = [t[0].ref, t[1].ref];
      // Two consecutive small subdiagonal elements: where to start the sweep.
      const m = ctx.local(I1, 'm');
      const v1 = [ctx.local(f(0), 'v1r'), ctx.local(f(0), 'v1i')] as [Sym, Sym];
      const v2 = ctx.local(f(0), 'v2');
      ctx.forever(() => {
        const M = ctx.let(m.ref, 'M');
        const h11 = clet(ctx, H(M, M), 'h11');
        const h22 = clet(ctx, H(ix.add(M, 1), ix.add(M, 1)), 'h22');
        const h11s0 = clet(ctx, csub(h11, T), 'h11s');
        const h210 = ctx.let(Hre(ix.add(M, 1), M), 'h21');
        const s = ctx.let(add(cabs1(h11s0), abs(h210)), 's');
        const h11s = clet(ctx, rscale(h11s0, div(f(1), s)), 'v1');
        const h21 = ctx.let(div(h210, s), 'v2');
        ctx.assign(v1[0], h11s[0]);
        ctx.assign(v1[1], h11s[1]);
        ctx.assign(v2, h21);
        ctx.if(alu('le', M, Lv), () => ctx.break());
        const h10 = abs(Hre(M, ix.sub(M, 1)));
        ctx.if(alu('le', mul(h10, abs(h21)), mul(ulp, mul(cabs1(h11s), add(cabs1(h11), cabs1(h22))))), () => ctx.break());
        ctx.assign(m, ix.sub(M, 1));
      });
      const M = ctx.let(m.ref, 'Ms');
      // The single-shift sweep: a bulge made at row M and chased down to row I.
      ctx.loop(M, Iv, (kk) => {
        const k1 = ix.add(kk, 1);
        const notFirst = ctx.let(alu('gt', kk, M), 'notFirst');
        const km = ix.max(ix.sub(kk, 1), 0);
        const a0 = clet(ctx, [where(notFirst, Hre(kk, km), v1[0].ref), where(notFirst, load(h.im, rm(kk, n, km)), v1[1].ref)], 'a0');
        const b0 = clet(ctx, [where(notFirst, Hre(k1, km), v2.ref), where(notFirst, load(h.im, rm(k1, n, km)), f(0))], 'b0');
        const [beta, t1, vv] = reflector2(ctx, a0, b0);
        const V2 = clet(ctx, vv, 'V2');
        const T1 = clet(ctx, t1, 'T1');
        ctx.if(notFirst, () => {
          setH(kk, km, beta);
          setH(k1, km, [f(0), f(0)]);
        });
        const t2 = ctx.let(sub(mul(T1[0], V2[0]), mul(T1[1], V2[1])), 't2');
        ctx.loop(kk, ix.add(i2.ref, 1), (j) => {
          const a = clet(ctx, H(kk, j), 'hk');
          const b = clet(ctx, H(k1, j), 'hk1');
          const s = clet(ctx, cadd(cmul(conj(T1), a), rscale(b, t2)), 'sum');
          setH(kk, j, csub(a, s));
          setH(k1, j, csub(b, cmul(s, V2)));
        }, 'j');
        const cols = (b: CBuf, lo: Exp | number, hi: Exp | number) =>
          ctx.loop(lo, hi, (j) => {
            const x = clet(ctx, cload(b, rm(j, n, kk)), 'ck');
            const y = clet(ctx, cload(b, rm(j, n, k1)), 'ck1');
            const s = clet(ctx, cadd(cmul(T1, x), rscale(y, t2)), 'sum');
            cstore(ctx, b, rm(j, n, kk), csub(x, s));
            cstore(ctx, b, rm(j, n, k1), csub(y, cmul(s, conj(V2))));
          }, 'j');
        cols(h, i1.ref, ix.add(ix.min(ix.add(kk, 2), Iv), 1));
        if (z) cols(z, 0, n);
        ctx.if(alu('and', alu('eq', kk, M), alu('gt', M, Lv)), () => {
          // Started below L: rescale so that H(M, M−1) stays real.
          const om = clet(ctx, csub([f(1), f(0)], T1), 'om');
          const temp = clet(ctx, rscale(om, div(f(1), cabs(ctx, om))), 'temp');
          setH(k1, M, cmul(H(k1, M), conj(temp)));
          ctx.if(alu('le', ix.add(M, 2), Iv), () => setH(ix.add(M, 2), k1, cmul(H(ix.add(M, 2), k1), temp)));
          ctx.loop(M, ix.add(Iv, 1), (j) => ctx.if(alu('ne', j, k1), () => {
            ctx.loop(ix.add(j, 1), ix.add(i2.ref, 1), (c) => setH(j, c, cmul(H(j, c), temp)), 'c');
            ctx.loop(i1.ref, j, (r) => setH(r, j, cmul(H(r, j), conj(temp))), 'r');
            if (z) ctx.loop(0, n, (r) => cstore(ctx, z, rm(r, n, j), cmul(cload(z, rm(r, n, j)), conj(temp))), 'r');
          }), 'j');
        });
      }, 'kk');
      // Make H(I, I−1) real again.
      const last = clet(ctx, H(Iv, I1), 'last');
      ctx.if(alu('ne', last[1], f(0)), () => {
        const r = cabs(ctx, last);
        setH(Iv, I1, [r, f(0)]);
        const temp = clet(ctx, rscale(last, div(f(1), r)), 'temp');
        ctx.loop(ix.add(Iv, 1), ix.add(i2.ref, 1), (c) => setH(Iv, c, cmul(H(Iv, c), conj(temp))), 'c');
        ctx.loop(i1.ref, Iv, (r2) => setH(r2, Iv, cmul(H(r2, Iv), temp)), 'r');
        if (z) ctx.loop(0, n, (r2) => cstore(ctx, z, rm(r2, n, Iv), cmul(cload(z, rm(r2, n, Iv)), temp)), 'r');
      });
    });
  });
}
