// lax.linalg.eig of real matrices: a primitive computing real planes — eigenvalues (wr, wi) and,
// when asked, the right eigenvectors' real and imaginary parts, each normalised as LAPACK's geev
// (unit 2-norm, the largest-magnitude component real) — and the public function assembling
// complex arrays from them (left eigenvectors from V⁻¹). Complex conjugate pairs are adjacent,
// the one with positive imaginary part first. JAX's jvp rule for the eigenvalues (eig_jvp_rule:
// diag(V⁻¹ dA V)); as in JAX, the eigenvectors have none.
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { complex, imag, real } from '../complex.js';
import { float64, int32 } from '../../core/dtypes.js';
import { TransformError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, cast, constant, type Exp, ix, load, where } from '../../ir/exp.js';
import { add, convertElementType, div, eq, lt, mul as mulA, neg, select, sqrt, sub } from '../elementwise.js';
import { iota } from '../iota.js';
import { reduceMax, reduceMin, reduceSum } from '../reductions.js';
import { broadcastInDim, full } from '../structural.js';
import { batchLeading, bmm, checkMatrices, diagonalOf, eye, mT } from './common.js';
import { complexSolve } from './complexSolve.js';
import { eigComplexPlanes } from './eigComplex.js';
import { francis, hessenberg } from './francis.js';

/** eig's parameters: whether the right eigenvectors are computed too. */
export interface EigParams extends Params {
  vectors: boolean;
}

const f = (v: number): Exp => constant(v, float64);
/** Entries of the scaled matrix below this are flushed: the smallest normal float64 over its epsilon. */
const FLUSH = 2.2250738585072014e-308 / 2.220446049250313e-16;
const mul = (a: Exp, b: Exp) => alu('mul', a, b);
const rm = (i: Exp | number, n: number, j: Exp | number): Exp => ix.add(ix.mul(i, n), j);

function eigKernel(ctx: KernelContext, { inAvals: [a], params: p }: LowerInfo<EigParams>): void {
  const n = a!.shape[a!.ndim - 1]!;
  const batch = sizeOf(a!.shape.slice(0, -2));
  const nn = Math.max(1, n * n);
  const h = ctx.scratch(float64, nn);
  const v = p.vectors ? ctx.scratch(float64, nn) : null;
  const ort = ctx.scratch(float64, Math.max(1, n));
  const wr = ctx.scratch(float64, Math.max(1, n));
  const wi = ctx.scratch(float64, Math.max(1, n));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, n * n), 'base');
    const vbase = ctx.let(ix.mul(b, n), 'vbase');
    ctx.loop(0, n * n, (t) => ctx.store(h, t, cast(ctx.read(0, ix.add(base, t)), float64)), 't');
    // Scale by a power of two (exact) so that the largest entry is near 1, and flush entries
    // below SAFMIN/EPS of it (a perturbation far under LAPACK's normwise bound): EISPACK's
    // iteration, unlike LAPACK's, fails on entries near the underflow threshold (its products
    // go subnormal). The eigenvalues are scaled back; normalised eigenvectors do not change.
    const anrm = ctx.local(f(0), 'anrm');
    ctx.loop(0, n * n, (t) => ctx.assign(anrm, alu('max', anrm.ref, alu('abs', load(h, t)))), 't');
    const usable = alu('and', alu('gt', anrm.ref, f(0)), alu('lt', anrm.ref, f(Infinity)));
    const e = ctx.let(where(usable, alu('max', f(-1000), alu('min', f(1000), alu('floor', alu('div', alu('log', anrm.ref), f(Math.LN2))))), f(0)), 'e');
    const down = ctx.let(alu('pow', f(2), alu('neg', e)), 'down');
    ctx.loop(0, n * n, (t) => {
      const x = ctx.let(mul(load(h, t), down), 'x');
      ctx.store(h, t, where(alu('lt', alu('abs', x), f(FLUSH)), f(0), x));
    }, 't');
    const ok = ctx.local(f(1), 'ok');
    hessenberg(ctx, h, v, ort, n);
    francis(ctx, h, v, wr, wi, n, ok);
    const up = ctx.let(alu('pow', f(2), e), 'up');
    ctx.loop(0, n, (i) => {
      ctx.store(wr, i, mul(load(wr, i), up));
      ctx.store(wi, i, mul(load(wi, i), up));
    }, 'i');
    const good = ctx.let(alu('gt', ok.ref, f(0)), 'good');
    const out = (k: number, i: Exp, value: Exp) => ctx.write(k, i, where(good, value, f(NaN)));
    ctx.loop(0, n, (i) => {
      out(0, ix.add(vbase, i), load(wr, i));
      out(1, ix.add(vbase, i), load(wi, i));
    }, 'i');
    if (!v) return;
    const V = (i: Exp, j: Exp) => load(v, rm(i, n, j));
    const outV = (i: Exp, j: Exp, re: Exp, im: Exp) => {
      out(2, ix.add(base, rm(i, n, j)), re);
      out(3, ix.add(base, rm(i, n, j)), im);
    };
    ctx.loop(0, n, (j) => {
      const wj = ctx.let(load(wi, j), 'wj');
      ctx.if(alu('eq', wj, f(0)), () => {
        const ss = ctx.local(f(0), 'ss');
        ctx.loop(0, n, (i) => ctx.assign(ss, alu('add', ss.ref, mul(V(i, j), V(i, j)))), 'i');
        const inv = ctx.let(alu('div', f(1), alu('sqrt', ss.ref)), 'inv');
        ctx.loop(0, n, (i) => outV(i, j, mul(V(i, j), inv), f(0)), 'i');
      }, () => ctx.if(alu('gt', wj, f(0)), () => {
        // The pair (j, j + 1): columns j and j + 1 of v are the real and imaginary parts.
        const j1 = ix.add(j, 1);
        const ss = ctx.local(f(0), 'ss');
        const big = ctx.local(f(-1), 'big');
        const fr = ctx.local(f(0), 'fr');
        const gi = ctx.local(f(0), 'gi');
        ctx.loop(0, n, (i) => {
          const m2 = ctx.let(alu('add', mul(V(i, j), V(i, j)), mul(V(i, j1), V(i, j1))), 'm2');
          ctx.assign(ss, alu('add', ss.ref, m2));
          ctx.if(alu('gt', m2, big.ref), () => {
            ctx.assign(big, m2);
            ctx.assign(fr, V(i, j));
            ctx.assign(gi, V(i, j1));
          });
        }, 'i');
        // Rotate by the largest component's phase, keeping the sign of its real part (LAPACK's dlartg).
        const d = ctx.let(alu('sqrt', big.ref), 'd');
        const r = ctx.let(where(alu('lt', fr.ref, f(0)), alu('neg', d), d), 'r');
        const scale = ctx.let(alu('div', f(1), mul(alu('sqrt', ss.ref), r)), 'scale');
        const c = ctx.let(mul(fr.ref, scale), 'c');
        const s = ctx.let(mul(gi.ref, scale), 's');
        ctx.loop(0, n, (i) => {
          const x = ctx.let(V(i, j), 'x');
          const y = ctx.let(V(i, j1), 'y');
          const re = ctx.let(alu('add', mul(c, x), mul(s, y)), 're');
          const im = ctx.let(alu('sub', mul(c, y), mul(s, x)), 'im');
          outV(i, j, re, im);
          outV(i, j1, re, alu('neg', im));
        }, 'i');
      }));
    }, 'j');
  }, 'b');
}

export const eigP: Primitive<EigParams> = definePrimitive<EigParams>('eig', {
  abstractEval: ([a], p) => {
    checkMatrices('eig', a!, true);
    const w = a!.update({ shape: a!.shape.slice(0, -1), weakType: false });
    const vecs = a!.update({ weakType: false });
    return p.vectors ? [w, w, vecs, vecs] : [w, w];
  },
  jvp: ([a], [da], p) => {
    if (p.vectors) throw new TransformError('lax.linalg.eig: the derivatives of eigenvectors are not implemented (as in JAX: see jax-ml/jax#2748), only of eigenvalues; differentiate jnp.linalg.eigvals, or eig with computeLeftEigenvectors and computeRightEigenvectors false.');
    const [wr, wi, vr, vi] = eigRaw(a!, { vectors: true });
    // dλ = diag(V⁻¹ dA V), V = vr + i·vi (arXiv:1701.00392, eq. 4.60).
    const [xr, xi] = complexSolve(vr!, vi!, da!, sub(da!, da!));
    const dRe = diagonalOf(sub(bmm(xr, vr!), bmm(xi, vi!)));
    const dIm = diagonalOf(add(bmm(xr, vi!), bmm(xi, vr!)));
    return [[wr!, wi!], [dRe, dIm]];
  },
  batch: batchLeading<EigParams>(([a], p) => eigRaw(a!, p)),
  lower: { kind: 'kernel', build: eigKernel },
});

/** Bind eig: [wr, wi] of the eigenvalues, and with `vectors` the right eigenvectors' [re, im] planes (columns). */
export function eigRaw(a: Array, p: EigParams): Array[] {
  return bind(eigP, [a], { vectors: p.vectors });
}

/** An eigendecomposition as real planes: eigenvalues, and the eigenvectors asked for, each [re, im]. */
export interface EigPlanes {
  w: [Array, Array];
  vl?: [Array, Array];
  vr?: [Array, Array];
}

/**
 * Eigenvalues and (optionally) left and right eigenvectors of `[..., n, n]` matrices, as real
 * planes (complex matrices: eigComplex.ts). For real ones the left eigenvectors (uᴴ A = λ uᴴ) are
 * the conjugated rows of V⁻¹, normalised as the right ones.
 */
export function eigPlanes(a: Array, left: boolean, right: boolean): EigPlanes {
  if (a.dtype.kind === 'c') return eigComplexPlanes(real(a), imag(a), left, right);
  if (!left && !right) {
    const [wr, wi] = eigRaw(a, { vectors: false });
    return { w: [wr!, wi!] };
  }
  const [wr, wi, vr, vi] = eigRaw(a, { vectors: true });
  const out: EigPlanes = { w: [wr!, wi!] };
  if (right) out.vr = [vr!, vi!];
  if (left) {
    const n = a.shape[a.ndim - 1]!;
    const id = eye(n, a.dtype, a.shape.slice(0, -2));
    const [xr, xi] = complexSolve(vr!, vi!, id, sub(id, id));
    out.vl = normalizeColumns(mT(xr), neg(mT(xi)));
  }
  return out;
}

/** Columns scaled to unit 2-norm and rotated so that their largest-magnitude component (the first, on ties) is real, keeping the sign of its real part (LAPACK's geev). */
function normalizeColumns(re: Array, im: Array): [Array, Array] {
  const nb = re.ndim - 2;
  const shape = [...re.shape];
  const n = shape[nb]!;
  const cols = shape.filter((_, i) => i !== nb);
  const across = (x: Array) => broadcastInDim(x, shape, shape.map((_, i) => i).filter((i) => i !== nb));
  const m2 = add(mulA(re, re), mulA(im, im));
  const rows = broadcastInDim(iota(int32, [n]), shape, [nb]);
  const first = reduceMin(select(eq(m2, across(reduceMax(m2, [nb]))), rows, full(shape, n, int32)), [nb]);
  const at = convertElementType(eq(rows, across(first)), re.dtype, false);
  const fr = reduceSum(mulA(re, at), [nb]);
  const gi = reduceSum(mulA(im, at), [nb]);
  const d = sqrt(add(mulA(fr, fr), mulA(gi, gi)));
  const r = select(lt(fr, full(cols, 0, re.dtype)), neg(d), d);
  const scale = mulA(sqrt(reduceSum(m2, [nb])), r);
  const [c, s] = [across(div(fr, scale)), across(div(gi, scale))];
  return [add(mulA(c, re), mulA(s, im)), sub(mulA(c, im), mulA(s, re))];
}

/** lax.linalg.eig's options (JAX's keyword arguments; useMagma is accepted and ignored). */
export interface EigOptions {
  computeLeftEigenvectors?: boolean;
  computeRightEigenvectors?: boolean;
  useMagma?: boolean | null;
}

/**
 * Eigendecomposition of general real or complex square matrices (`[..., n, n]`): `[w, vl, vr]`,
 * complex (float32 → complex64), leaving out the eigenvectors not asked for (both by default).
 * `vr[..., :, i]` and `vl[..., :, i]` are unit vectors with A v = wᵢ v and uᴴ A = wᵢ uᴴ, their
 * largest component real, as LAPACK's geev; for real matrices conjugate pairs are adjacent,
 * positive imaginary part first; complex ones follow zgeev (eigComplex.ts).
 */
export function eig(x: ArrayLike, opts: EigOptions = {}): Array[] {
  const fn = 'lax.linalg.eig';
  const o = bindArgs(fn, ['computeLeftEigenvectors', 'computeRightEigenvectors', 'useMagma'], [opts]);
  const a = asArray(x);
  checkMatrices(fn, a.aval, true, true);
  const e = eigPlanes(a, boolArg(fn, 'computeLeftEigenvectors', o.computeLeftEigenvectors, true), boolArg(fn, 'computeRightEigenvectors', o.computeRightEigenvectors, true));
  return [e.w, e.vl, e.vr].filter((p): p is [Array, Array] => p !== undefined).map(([re, im]) => complex(re, im));
}
