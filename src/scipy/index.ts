/**
 * SciPy's API on jaxpool arrays (JAX's `jax.scipy`): special functions and the normal distribution.
 * @module
 */
import * as specialNamespace from './special/index.js';
import * as normNamespace from './stats/norm.js';

/** Special functions (JAX's `jax.scipy.special`). */
export const special = specialNamespace;
/** Statistical distributions (JAX's `jax.scipy.stats`; the normal distribution so far). */
export const stats = { norm: normNamespace };
