// `lax`: the primitive-level API (JAX's jax.lax).
export {
  neg, sin, cos, tan, tanh, exp, log, log1p, expm1, sqrt, abs, sign, floor, ceil, round,
  add, sub, mul, div, pow, max, min, rem, eq, ne, lt, le, gt, ge, select, convertElementType,
} from './elementwise.js';
export { broadcastInDim, reshape, transpose, full } from './structural.js';
export { reduceSum, reduceMax, reduceMin, reduceProd } from './reductions.js';
export { dotGeneral } from './dot.js';
export { slice, concatenateAlong as concatenate } from './slicing.js';
export { stopGradient } from './stopGradient.js';
export { cond, switch, whileLoop, foriLoop, scan } from './control/index.js';
