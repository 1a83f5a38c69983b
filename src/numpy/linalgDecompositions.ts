// jnp.linalg's decompositions on lax.linalg's primitives: qr, eigh/eigvalsh, svd/svdvals, with
// JAX's argument handling (integers promote to the default float, batched over leading axes).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { checkMatrices } from '../lax/linalg/common.js';
import { eigh as laxEigh } from '../lax/linalg/eigh.js';
import { qrRaw } from '../lax/linalg/qr.js';
import { fusedEager } from './eager.js';
import { promoteDtypesInexact } from './promote.js';

/** `x` as an inexact stack of (square) matrices, checked. */
function matrices(fn: string, x: ArrayLike, square: boolean): Array {
  const a = promoteDtypesInexact(asArray(x))[0]!;
  checkMatrices(`jnp.linalg.${fn}`, a.aval, square);
  return a;
}

/** Compute the QR decomposition of `[..., m, n]` matrices: `mode` 'reduced' (default; 'full' is the same) → [q, r] with k = min(m, n) columns of q; 'complete' → q `[..., m, m]`; 'r' → r alone. */
export const qr = fusedEager('linalg.qr', (x: ArrayLike, ...rest: unknown[]): Array | [Array, Array] => {
  const o = bindArgs('jnp.linalg.qr', ['mode'], rest);
  const mode = o.mode ?? 'reduced';
  if (mode === 'raw') throw new ShapeError("jnp.linalg.qr: mode 'raw' (LAPACK's geqrf reflectors) is not implemented in jaxpool; use 'reduced', 'complete' or 'r'.");
  if (mode !== 'reduced' && mode !== 'full' && mode !== 'complete' && mode !== 'r') throw new ShapeError(`jnp.linalg.qr: unsupported mode ${describe(mode)}; use 'reduced', 'complete' or 'r'.`);
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
