// The primitives' public functions (the `lax` namespace without control flow, which lives in
// src/control above the transformations; src/laxNamespace.ts joins them). Each family module's
// public functions are re-exported whole, so a new primitive's function needs no edit here.
export * from './elementwise.js';
export { complex, complexP, conj, conjP, imag, imagP, real, realP } from './complex.js'; // JAX's lax.complex, real, imag, conj // the elementwise ops (lax.sin) and their primitives (lax.sinP, JAX's lax.sin_p)
export * from './public.js'; // structural, slicing, dot and reduction functions with JAX's signatures
// JAX's signatures (public.ts) over elementwise.ts's raw helpers of the same names.
export { full, convertElementType } from './public.js';
export { stopGradient } from './stopGradient.js';
export * from './cumulative.js'; // cumsum, cumprod, cummax, cummin, cumlogsumexp and their primitives
export { associativeScan, type AssociativeScanOptions } from './associativeScan.js';
export { sort, sortKeyVal, sortP, topK, type SortOptions } from './sort.js';
export { bitcastConvertType, bitcastConvertTypeP } from './bitcast.js';
export * from './transcendental.js'; // asin … atanh, atan2, cbrt, exp2
export * from './bitwise.js'; // bitwiseXor, shifts, populationCount, clz
export * from './powers.js'; // square, rsqrt, reciprocal, integerPow, isFinite, nextafter
import * as linalgNamespace from './linalg/index.js';
/** Decompositions and triangular solves as primitives (JAX's `jax.lax.linalg`). */
export const linalg = linalgNamespace;
export * from './convPublic.js'; // convGeneralDilated, conv, convWithGeneralPadding, convTranspose, convDimensionNumbers …
export * from './reduceWindowPublic.js'; // reduceWindow and the reduce_window_sum/max/min primitives
export * from './convShapes.js'; // convShapeTuple, convGeneralShapeTuple, convTransposeShapeTuple, reduceWindowShapeTuple
