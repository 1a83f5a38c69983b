// The Array methods that jnp declarations install, as a type: core/array.ts merges it into Array
// (a type-only import), so `x.sum(0)` is typed — and documented — by `sum`'s declaration itself.
import type * as jnp from './index.js';
import type { MethodCall, MethodName } from './declare.js';

type Namespace = typeof jnp;

/** Methods named as their function (`x.sum` for `sum`): a filtering mapped type keeps the declaration's JSDoc. */
type SameNamed = { [K in keyof Namespace as K extends MethodName<Namespace[K]> ? K : never]: MethodCall<Namespace[K]> };
/** Methods named otherwise (`x.mul` for `multiply`, JAX's operators). */
type Renamed = { [K in keyof Namespace as K extends MethodName<Namespace[K]> ? never : MethodName<Namespace[K]>]: MethodCall<Namespace[K]> };

type Call<K extends keyof Namespace> = MethodCall<Namespace[K]>;

/**
 * `x.<method>(...)` for every declaration with a method: its signature without the array itself.
 * Renamed methods (and `var`) are restated here only to carry their documentation (a renaming mapped type
 * drops it); their types still come from the declarations.
 */
export interface JnpArrayMethods extends SameNamed, Renamed {
  /** `x.sub(y)` = `jnp.subtract(x, y)` (JAX's `x - y`). */
  sub: Call<'subtract'>;
  /** `x.mul(y)` = `jnp.multiply(x, y)` (JAX's `x * y`). */
  mul: Call<'multiply'>;
  /** `x.div(y)` = `jnp.divide(x, y)` (JAX's `x / y`). */
  div: Call<'divide'>;
  /** `x.pow(y)` = `jnp.power(x, y)` (JAX's `x ** y`). */
  pow: Call<'power'>;
  /** `x.neg()` = `jnp.negative(x)` (JAX's `-x`). */
  neg: Call<'negative'>;
  /** `x.eq(y)` = `jnp.equal(x, y)` (JAX's `x == y`). */
  eq: Call<'equal'>;
  /** `x.ne(y)` = `jnp.notEqual(x, y)` (JAX's `x != y`). */
  ne: Call<'notEqual'>;
  /** `x.lt(y)` = `jnp.less(x, y)` (JAX's `x < y`). */
  lt: Call<'less'>;
  /** `x.le(y)` = `jnp.lessEqual(x, y)` (JAX's `x <= y`). */
  le: Call<'lessEqual'>;
  /** `x.gt(y)` = `jnp.greater(x, y)` (JAX's `x > y`). */
  gt: Call<'greater'>;
  /** `x.ge(y)` = `jnp.greaterEqual(x, y)` (JAX's `x >= y`). */
  ge: Call<'greaterEqual'>;
  // Restated: `var` is exported under a renaming specifier, whose JSDoc TypeDoc does not read (same text as the declaration's).
  /** Compute the variance along a given axis: `sum((a - mean)²) / (N - ddof)`; NaN where N - ddof ≤ 0. */
  var: Call<'var'>;
}
