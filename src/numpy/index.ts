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
export { load, save } from '../io/npy.js';
export type { Axis } from './axes.js';
export type { UfuncOptions } from './ufunc.js';
export * from './transcendental.js';
export * from './division.js';
export * from './floatParts.js';
export * from './bitwise.js';
