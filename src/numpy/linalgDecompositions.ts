// jnp.linalg's decompositions on lax.linalg's primitives: qr, eigh/eigvalsh, svd/svdvals, with
// JAX's argument handling (integers promote to the default float, batched over leading axes).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { checkMatrices } from '../lax/linalg/common.js';
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
