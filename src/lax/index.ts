// The primitives' public functions (the `lax` namespace without control flow, which lives in
// src/control above the transformations; src/laxNamespace.ts joins them). Each family module's
// public functions are re-exported whole, so a new primitive's function needs no edit here.
export * from './elementwise.js'; // the elementwise ops (lax.sin) and their primitives (lax.sinP, JAX's lax.sin_p)
export * from './public.js'; // structural, slicing, dot and reduction functions with JAX's signatures
// JAX's signatures (public.ts) over elementwise.ts's raw helpers of the same names.
export { full, convertElementType } from './public.js';
export { stopGradient } from './stopGradient.js';
import * as linalgNamespace from './linalg/index.js';
/** Decompositions and triangular solves as primitives (JAX's `jax.lax.linalg`). */
export const linalg = linalgNamespace;
