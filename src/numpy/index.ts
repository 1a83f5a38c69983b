/**
 * NumPy's API on jaxpool arrays (JAX's `jax.numpy`; import as `jnp`). Each family file declares
 * its functions (see declare.ts); a new family is one more line here.
 * @module
 */
import './coreHooks.js';

export * from './elementwise.js';
export * from './reductions.js';
export * from './shape.js';
export * from './creation.js';
export * from './indexing.js';
export * from './join.js';
export * from './linalg.js';
export * from './dtypes.js';
export * from './rearrange.js';
export * from './pad.js';
export * from './split.js';
export * from './stack.js';
export * from './insertDelete.js';
export * from './triangular.js';
export * from './grids.js';
export * from './windows.js';
export * from './select.js';
export * from './alongAxis.js';
export type { AtOptions, GetOptions, IndexMode, IndexUpdateRef } from './at.js';
export * from './sorting.js';
export * from './quantiles.js';
export * from './counting.js';
export * from './setops.js';
export * from './dtypeInfo.js';
export { load, save } from '../io/npy.js';
export type { Axis } from './axes.js';
export type { UfuncOptions } from './ufunc.js';
export * from './cumulative.js';
export * from './unwrap.js';
export * from './statistics.js';
export * from './nanReductions.js';
export * from './equality.js';
export * from './covariance.js';
export * from './transcendental.js';
export * from './division.js';
export * from './floatParts.js';
export * from './complex.js';
export * from './bitwise.js';
export * from './einsum.js';
export * from './products.js';
export * from './convolve.js';
export * from './polynomial.js';
import * as linalgNamespace from './linalgNamespace.js';
/** Linear algebra (JAX's `jax.numpy.linalg`): solve, inv, det, slogdet, cholesky, norms, and the products. */
export const linalg = linalgNamespace;
import * as fftNamespace from './fftNamespace.js';
/** Discrete Fourier transforms (JAX's `jax.numpy.fft`): sample frequencies and shifts. */
export const fft = fftNamespace;
