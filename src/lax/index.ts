/**
 * The primitive-level API (JAX's `jax.lax`): elementwise ops and their primitives, shapes,
 * reductions, control flow. Each family module's public functions are re-exported whole, so a
 * new primitive's function needs no edit here.
 * @module
 */
export * from './elementwise.js'; // the elementwise ops (lax.sin) and their primitives (lax.sinP, JAX's lax.sin_p)
export * from './public.js'; // structural, slicing, dot and reduction functions with JAX's signatures
// JAX's signatures (public.ts) over elementwise.ts's raw helpers of the same names.
export { full, convertElementType } from './public.js';
export { stopGradient } from './stopGradient.js';
export * from './control/index.js';
export { bitcastConvertType, bitcastConvertTypeP } from './bitcast.js';
