// jax.scipy.special's logarithmic functions as JAX writes them: logit and expit, xlogy and
// xlog1py (0 where x is 0), entr, rel_entr and kl_div, with JAX's custom derivatives.
import type { Array } from '../../core/array.js';
import { withJvp } from './custom.js';
import { logistic } from './logistic.js';
import { add, and, k, div, eq, ge, gt, isNan, log, log1p, lt, mul, ne, neg, or, select, sub } from './ops.js';

/** The logistic function. */
export const expit = (x: Array): Array => logistic(x);
/** log(x / (1 - x)); JAX's rule t / (x (1 - x)). */
export const logit = withJvp(
  (x: Array) => log(div(x, sub(1, x))),
  ([x], [t]) => div(t!, mul(x!, sub(1, x!))),
);
/** x log y, 0 where x = 0 and y is not NaN; JAX's rule ẋ log y + ẏ x / y. */
export const xlogy = withJvp(
  (x: Array, y: Array) => select(or(ne(x, 0), isNan(y)), mul(x, log(y)), 0),
  ([x, y], [tx, ty]) => add(mul(tx!, log(y!)), div(mul(ty!, x!), y!)),
);
/** x log1p y, 0 where x = 0 and y is not NaN; JAX's rule ẋ log1p y + ẏ x / (1 + y). */
export const xlog1py = withJvp(
  (x: Array, y: Array) => select(or(ne(x, 0), isNan(y)), mul(x, log1p(y)), 0),
  ([x, y], [tx, ty]) => add(mul(tx!, log1p(y!)), div(mul(ty!, x!), add(1, y!))),
);
/** x log x with JAX's rule ẋ (log x + 1). */
const xlogx = withJvp(
  (x: Array) => xlogy(x, x),
  ([x], [t]) => mul(t!, add(log(x!), 1)),
);
/** -x log x; -inf for x < 0. */
export const entr = (x: Array): Array => select(lt(x, 0), -Infinity, neg(xlogx(x)));
/** p log(p / q): 0 where p = 0 and q ≥ 0, inf where either is negative or q = 0 < p. */
export function relEntr(p: Array, q: Array): Array {
  const both = and(gt(p, 0), gt(q, 0));
  const oneZero = and(eq(p, 0), ge(q, 0));
  const sp = select(both, p, 1);
  const sq = select(both, q, 1);
  const v = sub(xlogx(sp), xlogy(sp, sq));
  return select(both, v, select(oneZero, k(p, 0), Infinity));
}
/** p log(p / q) - p + q. */
export const klDiv = (p: Array, q: Array): Array => add(sub(relEntr(p, q), p), q);
