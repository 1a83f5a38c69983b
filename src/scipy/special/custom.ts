// customJvp over arrays, typed plainly (inferring customJvp's generic types on these formulas would
// read Array's members while Array's method types are being computed; see numpy/transcendental.ts).
import type { Array } from '../../core/array.js';
import { customJvp } from '../../transforms/customJvp.js';

/** A function of arrays (and static leading numbers) with a JVP rule. */
export interface Custom<A extends unknown[]> {
  (...args: A): Array;
  defjvp(rule: (primals: A, tangents: Array[]) => readonly [Array, Array]): unknown;
}

/** `f` with the JVP rule `rule(primals, tangents, out)` → tangent of the output (JAX's defjvp). */
export function withJvp<A extends Array[]>(f: (...args: A) => Array, rule: (primals: A, tangents: Array[], out: Array) => Array): Custom<A> {
  const g = customJvp(f as never) as unknown as Custom<A>;
  g.defjvp((primals, tangents) => {
    const out = g(...primals);
    return [out, rule(primals, tangents, out)];
  });
  return g;
}
