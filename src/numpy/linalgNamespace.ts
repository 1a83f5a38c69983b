// The `jnp.linalg` namespace (JAX's jax.numpy.linalg): the functions of linalgFunctions.ts and
// linalgNorms.ts, and the product functions JAX also names here with their Array-API signatures.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { cross as jnpCross, outer as jnpOuter, tensordot, vecdot } from './products.js';
import { matmul } from './linalg.js';

// jnp.linalg's diagonal, trace, outer and cross have the Array API's signatures, unlike jnp's own.
export { cholesky, det, linalgDiagonal as diagonal, inv, matrixTranspose, slogdet, solve, linalgTrace as trace } from './linalgFunctions.js';
export { linalgOuter as outer, linalgCross as cross };
export { matrixNorm, norm, vectorNorm } from './linalgNorms.js';
export { eig, eigh, eigvals, eigvalsh, qr, svd, svdvals } from './linalgDecompositions.js';
export { cond, lstsq, matrixPower, matrixRank, multiDot, pinv, tensorinv, tensorsolve } from './linalgSolvers.js';
export { matmul, tensordot, vecdot };

/** Compute the outer product of two 1-D arrays (a ShapeError for other ranks). */
function linalgOuter(x1: ArrayLike, x2: ArrayLike): Array {
  const [a, b] = [asArray(x1), asArray(x2)];
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`jnp.linalg.outer: needs 1-D inputs, got shapes [${a.shape}] and [${b.shape}].`);
  return jnpOuter(a, b);
}

/** Compute the cross product of two 3-vector arrays along `axis` (default -1; a ShapeError unless that axis has 3 elements). */
function linalgCross(x1: ArrayLike, x2: ArrayLike, opts: { axis?: number } = {}): Array {
  const o = bindArgs('jnp.linalg.cross', ['axis'], [opts]);
  const [a, b] = [asArray(x1), asArray(x2)];
  const axis = (o.axis ?? -1) as number;
  const size = (t: Array) => t.shape[axis < 0 ? t.ndim + axis : axis];
  if (size(a) !== 3 || size(b) !== 3) throw new ShapeError(`jnp.linalg.cross: both inputs need 3 elements along axis ${axis}, got shapes [${a.shape}] and [${b.shape}].`);
  return jnpCross(a, b, { axis });
}
