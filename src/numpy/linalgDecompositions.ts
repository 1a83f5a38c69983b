// jnp.linalg's decompositions on lax.linalg's primitives: qr, eigh/eigvalsh, svd/svdvals, with
// JAX's argument handling (integers promote to the default float, batched over leading axes).
// Vector signs are jaxpool's conventions (lax/linalg/eigh.ts, svd.ts), not necessarily LAPACK's.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { int32 } from '../core/dtypes.js';
import { abs, mul, sign } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { checkMatrices, mT } from '../lax/linalg/common.js';
import { svdRaw } from '../lax/linalg/svd.js';
import { rev } from '../lax/slicing.js';
import { sortMany, takeAlongDim } from '../lax/sort.js';
import { broadcastInDim } from '../lax/structural.js';
import { eigh as laxEigh } from '../lax/linalg/eigh.js';
import { eig as laxEig } from '../lax/linalg/eig.js';
import { geqrf } from '../lax/linalg/householderProduct.js';
import { qrRaw } from '../lax/linalg/qr.js';
import { fusedEager } from './eager.js';
import { promoteDtypesInexact } from './promote.js';

/** `x` as an inexact stack of (square) matrices, checked. */
function matrices(fn: string, x: ArrayLike, square: boolean, allowComplex = false): Array {
  const a = promoteDtypesInexact(asArray(x))[0]!;
  checkMatrices(`jnp.linalg.${fn}`, a.aval, square, allowComplex);
  return a;
}

/** Compute the QR decomposition of `[..., m, n]` matrices: `mode` 'reduced' (default; 'full' is the same) → [q, r] with k = min(m, n) columns of q; 'complete' → q `[..., m, m]`; 'r' → r alone; 'raw' → [LAPACK's geqrf matrix transposed, taus]. */
export const qr = fusedEager('linalg.qr', (x: ArrayLike, ...rest: unknown[]): Array | [Array, Array] => {
  const o = bindArgs('jnp.linalg.qr', ['mode'], rest);
  const mode = o.mode ?? 'reduced';
  if (mode === 'raw') {
    const [h, taus] = geqrf(matrices('qr', x, false));
    return [mT(h), taus];
  }
  if (mode !== 'reduced' && mode !== 'full' && mode !== 'complete' && mode !== 'r') throw new ShapeError(`jnp.linalg.qr: unsupported mode ${describe(mode)}; use 'reduced', 'complete', 'r' or 'raw'.`);
  const [q, r] = qrRaw(matrices('qr', x, false), mode === 'complete') as [Array, Array];
  return mode === 'r' ? r : [q, r];
}, 1);

/** The `lower` flag of a UPLO argument ('L' or null: lower, 'U': upper). */
function uplo(fn: string, v: unknown, dflt: 'L' | null): boolean {
  const u = v === undefined ? dflt : v;
  if (u === null || u === 'L') return true;
  if (u === 'U') return false;
  throw new ShapeError(`jnp.linalg.${fn}: UPLO must be one of null, 'L' or 'U', got ${describe(u)}.`);
}

/** Compute the eigenvalues (ascending) and eigenvectors of symmetric matrices: `[eigenvalues, eigenvectors]` (`UPLO` 'L'/'U': the triangle read when `symmetrizeInput` is false; by default (a + aᵀ)/2 is used). */
export const eigh = fusedEager('linalg.eigh', (x: ArrayLike, ...rest: unknown[]): [Array, Array] => {
  const o = bindArgs('jnp.linalg.eigh', ['UPLO', 'symmetrizeInput'], rest);
  const a = matrices('eigh', x, true);
  const [v, w] = laxEigh(a, { lower: uplo('eigh', o.UPLO, null), symmetrizeInput: boolArg('jnp.linalg.eigh', 'symmetrizeInput', o.symmetrizeInput, true) });
  return [w, v];
}, 1);

/** Compute the eigenvalues (ascending) of symmetric matrices (`UPLO` default 'L'; `symmetrizeInput` keyword, default true). */
export const eigvalsh = fusedEager('linalg.eigvalsh', (x: ArrayLike, ...rest: unknown[]): Array => {
  const o = bindArgs('jnp.linalg.eigvalsh', ['UPLO', 'symmetrizeInput'], rest, ['symmetrizeInput']);
  const a = matrices('eigvalsh', x, true);
  return laxEigh(a, { lower: uplo('eigvalsh', o.UPLO, 'L'), symmetrizeInput: boolArg('jnp.linalg.eigvalsh', 'symmetrizeInput', o.symmetrizeInput, true) })[1];
}, 1);

/** svd of a symmetric matrix from its eigendecomposition, as JAX: s = |w| descending (ties in reversed order of a stable ascending sort), u the eigenvectors, vh = (u · sign(w))ᵀ. */
function hermitianSvd(a: Array, computeUv: boolean): Array | [Array, Array, Array] {
  const [vecs, w] = laxEigh(a);
  const s = abs(w);
  const last = s.ndim - 1;
  if (!computeUv) return rev(sortMany([s], last)[0]!, [last]);
  const [ss, idx, sg] = sortMany([s, iota(int32, [...s.shape], last), sign(w)], last, true, 1).map((x) => rev(x, [last])) as [Array, Array, Array];
  const lead = s.shape.slice(0, -1);
  const n = s.shape[last]!;
  const u = takeAlongDim(vecs, broadcastInDim(idx, [...lead, n, n], [...lead.map((_, i) => i), last + 1]), last + 1);
  return [u, ss, mT(mul(u, broadcastInDim(sg, [...lead, n, n], [...lead.map((_, i) => i), last + 1])))];
}

/** Compute the singular value decomposition `[u, s, vh]` of `[..., m, n]` matrices (s descending; `fullMatrices` default true; `computeUv` false: s alone; `hermitian`: from eigh, as JAX). */
export const svd = fusedEager('linalg.svd', (x: ArrayLike, ...rest: unknown[]): Array | [Array, Array, Array] => {
  const fn = 'jnp.linalg.svd';
  const o = bindArgs(fn, ['fullMatrices', 'computeUv', 'hermitian', 'subsetByIndex'], rest);
  const computeUv = boolArg(fn, 'computeUv', o.computeUv, true);
  if (o.subsetByIndex !== undefined && o.subsetByIndex !== null) throw new ShapeError(`${fn}: subsetByIndex is not implemented in jaxpool; slice the full result.`);
  if (boolArg(fn, 'hermitian', o.hermitian, false)) return hermitianSvd(matrices('svd', x, true), computeUv);
  const out = svdRaw(matrices('svd', x, false), boolArg(fn, 'fullMatrices', o.fullMatrices, true), computeUv);
  return computeUv ? [out[1]!, out[0]!, out[2]!] : out[0]!;
}, 1);

/** Compute the singular values of `[..., m, n]` matrices, descending. */
export const svdvals = fusedEager('linalg.svdvals', (x: ArrayLike): Array => svdRaw(matrices('svdvals', x, false), false, false)[0]!, 1);

/** Compute the eigenvalues and right eigenvectors of general (real or complex) square matrices: `[w, v]`, complex (float32 → complex64), `v[..., :, i]` the unit eigenvector of `w[..., i]` with its largest component real (LAPACK's geev). Eigenvectors have no derivatives (as in JAX). */
export const eig = fusedEager('linalg.eig', (x: ArrayLike): [Array, Array] => {
  const [w, v] = laxEig(matrices('eig', x, true, true), { computeLeftEigenvectors: false });
  return [w!, v!];
}, 1);

/** Compute the eigenvalues of general (real or complex) square matrices, complex (float32 → complex64; a real matrix's conjugate pairs adjacent); differentiable (JAX's rule: diag(V⁻¹ dA V)). */
export const eigvals = fusedEager('linalg.eigvals', (x: ArrayLike): Array => laxEig(matrices('eigvals', x, true, true), { computeLeftEigenvectors: false, computeRightEigenvectors: false })[0]!, 1);
