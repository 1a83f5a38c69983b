/**
 * The primitive-level API (JAX's `jax.lax`): elementwise ops and their primitives, shapes,
 * reductions (src/lax), and structured control flow (src/control, which sits above the
 * transformations it traces with).
 * @module
 */
export * from './lax/index.js';
export * from './control/index.js';
export * from './scipy/special/lax.js'; // erf, lgamma, igamma, besselI0e, … (composites of lax's primitives)
