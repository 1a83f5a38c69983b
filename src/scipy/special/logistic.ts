// lax.logistic (JAX's logistic_p): 1 / (1 + exp(-x)) on floats, with JAX's rule t·y·(1 - y).
import type { Array } from '../../core/array.js';
import { requireFloat } from '../define.js';
import { withJvp } from './custom.js';
import { add, div, exp, mul, neg, sub } from './ops.js';

const logisticRaw = withJvp(
  (x: Array) => div(1, add(1, exp(neg(x)))),
  (_p, [t], y) => mul(t!, mul(y, sub(1, y))),
);

/** The logistic function of a float array (a DtypeError for others, as lax.logistic). */
export function logistic(x: Array): Array {
  requireFloat('logistic', x);
  return logisticRaw(x);
}
