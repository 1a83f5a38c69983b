// `lax`: the primitive-level API (JAX's jax.lax).
export {
  neg, sin, cos, tan, tanh, exp, log, log1p, expm1, sqrt, abs, sign, floor, ceil, round,
  add, sub, mul, div, pow, max, min, rem, eq, ne, lt, le, gt, ge, select,
} from './elementwise.js';
export {
  full, convertElementType, reshape, transpose, broadcastInDim, slice, concatenate, dotGeneral, rev, reduceSum, reduceMax,
  reduceMin, reduceProd, type DotDimensionNumbers,
} from './public.js';
export { stopGradient } from './stopGradient.js';
export { cond, switch, whileLoop, foriLoop, scan } from './control/index.js';
