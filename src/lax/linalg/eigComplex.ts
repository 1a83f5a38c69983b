// lax.linalg.eig of complex matrices, as LAPACK's zgeev/cgeev (JAX's CPU eig): a primitive on the
// matrix's real planes (re, im) computing the eigenvalues' planes and, when asked, the right and
// left eigenvectors' planes (complexSchur.ts: Hessenberg reduction and single-shift QR;
// complexEigvec.ts: back-substitution and normalisation). JAX's jvp rule for the eigenvalues
// (eig_jvp_rule: diag(V⁻¹ dA V)); as in JAX, the eigenvectors have none.
import type { Array } from '../../core/array.js';
import { float64 } from '../../core/dtypes.js';
import { ShapeError, TransformError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, cast, type Exp, ix, load, where } from '../../ir/exp.js';
import { add, sub } from '../elementwise.js';
import { batchLeading, bmm, checkMatrices, diagonalOf } from './common.js';
import { leftVectors, rightVectors } from './complexEigvec.js';
import { type CBuf, complexHessenberg, complexQR, f } from './complexSchur.js';
import { complexSolve } from './complexSolve.js';
import type { EigPlanes } from './eig.js';

/** Which eigenvectors are computed. */
export interface EigComplexParams extends Params {
  left: boolean;
  right: boolean;
}

/** Entries of the scaled matrix below this are flushed: the smallest normal float64 over its epsilon. */
const FLUSH = 2.2250738585072014e-308 / 2.220446049250313e-16;

function eigComplexKernel(ctx: KernelContext, { inAvals: [a], params: p }: LowerInfo<EigComplexParams>): void {
  const n = a!.shape[a!.ndim - 1]!;
  const batch = sizeOf(a!.shape.slice(0, -2));
  const nn = Math.max(1, n * n);
  const cbuf = (size: number): CBuf => ({ re: ctx.scratch(float64, size), im: ctx.scratch(float64, size) });
  const h = cbuf(nn);
  const z = p.left || p.right ? cbuf(nn) : null;
  const zl = p.left && p.right ? cbuf(nn) : z;
  const u = cbuf(Math.max(1, n));
  const w = cbuf(Math.max(1, n));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, n * n), 'base');
    const vbase = ctx.let(ix.mul(b, n), 'vbase');
    // Scale by a power of two (exact) so that the largest part is near 1, and flush parts below
    // SAFMIN/EPS of it (far under LAPACK's normwise error bound): no step then meets subnormal
    // numbers. Eigenvalues are scaled back; normalised eigenvectors do not change.
    const anrm = ctx.local(f(0), 'anrm');
    ctx.loop(0, n * n, (t) => {
      const [re, im] = [0, 1].map((k) => ctx.let(cast(ctx.read(k, ix.add(base, t)), float64), 'x'));
      ctx.store(h.re, t, re!);
      ctx.store(h.im, t, im!);
      ctx.assign(anrm, alu('max', anrm.ref, alu('max', alu('abs', re!), alu('abs', im!))));
    }, 't');
    const usable = alu('and', alu('gt', anrm.ref, f(0)), alu('lt', anrm.ref, f(Infinity)));
    const e = ctx.let(where(usable, alu('max', f(-1000), alu('min', f(1000), alu('floor', alu('div', alu('log', anrm.ref), f(Math.LN2))))), f(0)), 'e');
    const down = ctx.let(alu('pow', f(2), alu('neg', e)), 'down');
    const up = ctx.let(alu('pow', f(2), e), 'up');
    for (const plane of [h.re, h.im])
      ctx.loop(0, n * n, (t) => {
        const x = ctx.let(alu('mul', load(plane, t), down), 'x');
        ctx.store(plane, t, where(alu('lt', alu('abs', x), f(FLUSH)), f(0), x));
      }, 't');
    const ok = ctx.local(f(1), 'ok');
    complexHessenberg(ctx, h, z, u, n);
    complexQR(ctx, h, z, w, n, ok);
    // Both kinds of vectors: the left ones start from their own copy of the Schur vectors.
    if (zl && zl !== z) ctx.loop(0, n * n, (t) => (ctx.store(zl.re, t, load(z!.re, t)), ctx.store(zl.im, t, load(z!.im, t))), 't');
    const good = ctx.let(alu('gt', ok.ref, f(0)), 'good');
    const out = (k: number, i: Exp, value: Exp) => ctx.write(k, i, where(good, value, f(NaN)));
    ctx.loop(0, n, (i) => {
      out(0, ix.add(vbase, i), alu('mul', load(w.re, i), up));
      out(1, ix.add(vbase, i), alu('mul', load(w.im, i), up));
    }, 'i');
    const vectors: [boolean, CBuf | null, typeof rightVectors][] = [[p.right, z, rightVectors], [p.left, zl, leftVectors]];
    let k = 2;
    for (const [wanted, buf, solve] of vectors) {
      if (!wanted || !buf) continue;
      ctx.if(good, () => solve(ctx, h, buf, u, n));
      const k0 = k;
      ctx.loop(0, n * n, (t) => {
        out(k0, ix.add(base, t), load(buf.re, t));
        out(k0 + 1, ix.add(base, t), load(buf.im, t));
      }, 't');
      k += 2;
    }
  }, 'b');
}

export const eigComplexP: Primitive<EigComplexParams> = definePrimitive<EigComplexParams>('eig_complex', {
  abstractEval: ([re, im], p) => {
    checkMatrices('eig', re!, true);
    if (re!.dtype !== im!.dtype || re!.shape.join() !== im!.shape.join()) throw new ShapeError(`eig: the real and imaginary planes differ (${re!.str()} vs ${im!.str()}).`);
    const w = re!.update({ shape: re!.shape.slice(0, -1), weakType: false });
    const v = re!.update({ weakType: false });
    return [w, w, ...(p.right ? [v, v] : []), ...(p.left ? [v, v] : [])];
  },
  jvp: ([re, im], [dre, dim], p) => {
    if (p.left || p.right) throw new TransformError('lax.linalg.eig: the derivatives of eigenvectors are not implemented (as in JAX: see jax-ml/jax#2748), only of eigenvalues; differentiate jnp.linalg.eigvals, or eig with computeLeftEigenvectors and computeRightEigenvectors false.');
    const [wr, wi, vr, vi] = eigComplexRaw(re!, im!, { left: false, right: true });
    // dλ = diag(V⁻¹ dA V) (JAX's eig_jvp_rule).
    const [xr, xi] = complexSolve(vr!, vi!, dre!, dim!);
    const dRe = diagonalOf(sub(bmm(xr, vr!), bmm(xi, vi!)));
    const dIm = diagonalOf(add(bmm(xr, vi!), bmm(xi, vr!)));
    return [[wr!, wi!], [dRe, dIm]];
  },
  batch: batchLeading<EigComplexParams>(([re, im], p) => eigComplexRaw(re!, im!, p)),
  lower: { kind: 'kernel', build: eigComplexKernel },
});

/** Bind eig on a complex matrix's planes: [wr, wi], then the right and the left eigenvectors' [re, im] planes, those asked for. */
export function eigComplexRaw(re: Array, im: Array, p: EigComplexParams): Array[] {
  return bind(eigComplexP, [re, im], { left: p.left, right: p.right });
}

/** Eigenvalues and the eigenvectors asked for of complex `[..., n, n]` matrices given as planes, as planes. */
export function eigComplexPlanes(re: Array, im: Array, left: boolean, right: boolean): EigPlanes {
  const outs = eigComplexRaw(re, im, { left, right });
  const e: EigPlanes = { w: [outs[0]!, outs[1]!] };
  let k = 2;
  if (right) [e.vr, k] = [[outs[k]!, outs[k + 1]!], k + 2];
  if (left) e.vl = [outs[k]!, outs[k + 1]!];
  return e;
}
