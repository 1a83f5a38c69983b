/**
 * Statistical distributions (JAX's `jax.scipy.stats`): the normal distribution so far.
 * @module
 */
/** The normal distribution (JAX's `jax.scipy.stats.norm`). */
export * as norm from './norm.js';
