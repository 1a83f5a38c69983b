// An identity that refuses to be differentiated: JAX defines no derivative of betainc in a and b
// or of polygamma in n, and raises when one is asked for. Applied to such an operand before the
// function, it is a no-op unless that operand carries a tangent (it is differentiated, directly or
// through what it was computed from), and then it raises instead of giving a silent zero.
import type { Array } from '../../core/array.js';
import { TransformError } from '../../core/errors.js';
import type { Primitive } from '../../core/primitive.js';
import { bind1 } from '../../core/trace.js';
import { defineElementwise } from '../../lax/elementwiseDef.js';

const guards = new Map<string, Primitive>();

/** `x`, but a TransformError naming `what` if `x` is differentiated (`id` names the guard's primitive). */
export function noDerivative(x: Array, id: string, what: string): Array {
  let p = guards.get(id);
  if (!p) {
    p = defineElementwise(`no_derivative_${id}`, {
      kind: 'any',
      ir: ([v]) => v!,
      jvp: () => {
        throw new TransformError(`${what} is not defined (as in JAX); differentiate with respect to the other arguments only.`);
      },
    });
    guards.set(id, p);
  }
  return bind1(p, [x]);
}
