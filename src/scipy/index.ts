/**
 * SciPy's API on jaxpool arrays (JAX's `jax.scipy`): special functions and the normal distribution.
 * @module
 */
/** Special functions (JAX's `jax.scipy.special`). */
export * as special from './special/index.js';
/** Statistical distributions (JAX's `jax.scipy.stats`; the normal distribution so far). */
export * as stats from './stats/index.js';
