// Splitting a function into a primal part that also returns residuals and a tangent part that is
// linear in the tangents: how control flow differentiates in reverse mode (JAX's partial eval of
// cond/scan), so that only the tangent part is staged into the linear jaxpr and transposed.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import type { ClosedJaxpr } from '../core/jaxpr.js';
import { evalJaxprValues } from '../transforms/jit.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { linearizeFlat, vjpFlat } from '../transforms/vjp.js';
import { full } from '../lax/structural.js';

export interface Linearized {
  numOuts: number;
  resAvals: ShapedArray[];
  /** Primal inputs → [outputs, residuals]. */
  primal(xs: Array[]): [Array[], Array[]];
  /** Residuals and input tangents → output tangents (linear in the tangents). */
  tangent(res: Array[], ts: Array[]): Array[];
}

export function linearizeFn(f: (xs: Array[]) => Array[], avals: ShapedArray[]): Linearized {
  let lin: ClosedJaxpr | undefined;
  let numOuts = 0;
  const primal = traceToJaxpr((xs) => {
    const [outs, l] = linearizeFlat(f, xs);
    lin = l;
    numOuts = outs.length;
    return [...outs, ...l.consts];
  }, avals);
  const l = lin!;
  return {
    numOuts,
    resAvals: l.consts.map((c) => c.aval),
    primal(xs) {
      const all = evalJaxprValues(primal.jaxpr, [...primal.consts, ...xs]);
      return [all.slice(0, numOuts), all.slice(numOuts)];
    },
    tangent(res, ts) {
      return evalJaxprValues(l.jaxpr, [...res, ...ts]);
    },
  };
}

/** The transpose of a function linear in `linear` inputs (at fixed `nonlinear` ones), evaluated at `cts`. */
export function transposeLinear(f: (nonlinear: Array[], linear: Array[]) => Array[], nonlinear: Array[], linearAvals: ShapedArray[], cts: Array[]): Array[] {
  // A linear map's transpose does not depend on where it is linearized: use zeros.
  const zeros = linearAvals.map((a) => full(a.shape, 0, a.dtype, a.weakType));
  const [, fVjp] = vjpFlat((lins) => f(nonlinear, lins), zeros);
  return fVjp(cts);
}
