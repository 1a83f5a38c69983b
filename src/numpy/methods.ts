// The Array methods that jnp declarations install, as a type: core/array.ts merges it into Array
// (a type-only import), so `x.sum(0)` is typed — and documented — by `sum`'s declaration itself.
import type * as jnp from './index.js';
import type { MethodCall, MethodName } from './declare.js';

type Namespace = typeof jnp;

/** Methods named as their function (`x.sum` for `sum`): a filtering mapped type keeps the declaration's JSDoc. */
type SameNamed = { [K in keyof Namespace as K extends MethodName<Namespace[K]> ? K : never]: MethodCall<Namespace[K]> };
/** Methods named otherwise (`x.mul` for `multiply`, JAX's operators). */
type Renamed = { [K in keyof Namespace as K extends MethodName<Namespace[K]> ? never : MethodName<Namespace[K]>]: MethodCall<Namespace[K]> };

/** `x.<method>(...)` for every declaration with a method: its signature without the array itself. */
export interface JnpArrayMethods extends SameNamed, Renamed {}
