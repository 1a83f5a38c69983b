// custom_lin: the tangent side of a customVjp function under differentiation. It is linear in
// its tangent inputs; transposing it calls the user's `bwd` with the residuals.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { JaxpoolError, TransformError } from '../core/errors.js';
import { definePrimitive, type Params, UndefinedPrimal } from '../core/primitive.js';
import { zerosLike } from '../lax/structural.js';

interface CustomLinParams extends Params {
  bwd: (res: Array[], cts: Array[]) => Array[];
  numRes: number;
  outAvals: ShapedArray[];
}

export const customLinP = definePrimitive<CustomLinParams>('custom_lin', {
  abstractEval: (_avals, p) => p.outAvals,
  // Complex tangents pass through it like real ones; it is always transposed away before the
  // complex pass could see it.
  complex: () => {
    throw new JaxpoolError('internal: custom_lin reached compilation; it is transposed away in reverse mode.');
  },
  impl: () => {
    throw new TransformError("can't apply forward-mode autodiff (jvp) to a customVjp function; use customJvp, or differentiate in reverse mode (grad/vjp/jacrev).");
  },
  transpose: (cts, args, p) => {
    const res = args.slice(0, p.numRes) as Array[];
    const nonNull = cts.map((c, i) => c ?? zerosLike(p.outAvals[i]!));
    const inCts = p.bwd(res, nonNull);
    const linear = args.slice(p.numRes);
    if (inCts.length !== linear.length)
      throw new TransformError(`customVjp bwd returned ${inCts.length} cotangents but the function has ${linear.length} arguments; return one per argument.`);
    return [...res.map(() => null), ...linear.map((a, i) => (a instanceof UndefinedPrimal ? inCts[i]! : null))];
  },
});
