// `numpy` (import as jnp): NumPy's API on jaxpool arrays, grouped by family.
import { arrayMethods } from '../core/array.js';
import * as elementwise from './eager.js';
import * as reductions from './eager.js';
import * as shape from './shape.js';
import { matmul } from './eager.js';
import { index } from './indexing.js';
import { stackNested } from './join.js';
import { convertElementType } from '../lax/elementwise.js';

export * from './elementwise.js';
export * from './creation.js';
export * from './reductions.js';
export * from './shape.js';
export * from './dtypes.js';
export * from './linalg.js';
export * from './indexing.js';
export * from './join.js';
export { load, save } from '../io/npy.js';
// Explicit re-exports shadow the star exports above: eager calls run as one fused program.
export {
  add, subtract, multiply, divide, trueDivide, power, maximum, minimum, equal, notEqual, less, lessEqual, greater,
  greaterEqual, logicalAnd, logicalOr, negative, sin, cos, tan, tanh, exp, log, log1p, expm1, sqrt, abs, sign, floor,
  ceil, round, around, logicalNot, where, sum, mean, max, min, prod, any, all, matmul, dot,
} from './eager.js';

Object.assign(arrayMethods, {
  add: elementwise.add,
  subtract: elementwise.subtract,
  multiply: elementwise.multiply,
  divide: elementwise.divide,
  power: elementwise.power,
  negative: elementwise.negative,
  equal: elementwise.equal,
  notEqual: elementwise.notEqual,
  less: elementwise.less,
  lessEqual: elementwise.lessEqual,
  greater: elementwise.greater,
  greaterEqual: elementwise.greaterEqual,
  astype: shape.astype,
  reshape: shape.reshape,
  transpose: shape.transpose,
  sum: reductions.sum,
  mean: reductions.mean,
  max: reductions.max,
  min: reductions.min,
  matmul,
  index,
  stackNested,
  convertElementType,
});
