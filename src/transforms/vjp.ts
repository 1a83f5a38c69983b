// Reverse mode: linearize by staging only the tangent half of a JVP into a linear jaxpr
// (primal work runs on the traces below, i.e. partial evaluation by level), then transpose it.
import type { Array } from '../core/array.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { TransformError } from '../core/errors.js';
import { type ClosedJaxpr, type Jaxpr, Lit, Var, type Atom } from '../core/jaxpr.js';
import { UndefinedPrimal } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { add } from '../lax/elementwise.js';
import { zerosLike } from '../lax/structural.js';
import { jvpFlat } from './jvp.js';
import { traceToJaxpr } from './staging.js';

/** Linearize `f` at `primals`: primal outputs and the linear tangent map as a closed jaxpr. */
export function linearizeFlat(f: (xs: Array[]) => Array[], primals: Array[]): [Array[], ClosedJaxpr] {
  let primalsOut: Array[] = [];
  const lin = traceToJaxpr(
    (tangents) => {
      const [po, to] = jvpFlat(f, primals, tangents);
      primalsOut = po;
      return to;
    },
    primals.map((p) => p.aval.strongType().update({ weakType: p.aval.weakType })),
    false,
  );
  return [primalsOut, lin];
}

export function vjpFlat(f: (xs: Array[]) => Array[], primals: Array[]): [Array[], (cts: Array[]) => Array[]] {
  const [outs, lin] = linearizeFlat(f, primals);
  const fVjp = (cts: Array[]) => backwardPass(lin, cts);
  return [outs, fVjp];
}

/** Transpose a linear jaxpr: cotangents of its (linear) inputs from cotangents of its outputs. */
export function backwardPass(lin: ClosedJaxpr, cts: Array[]): Array[] {
  const jaxpr: Jaxpr = lin.jaxpr;
  const nc = lin.consts.length;
  const primalEnv = new Map<Var, Array>();
  jaxpr.inBinders.slice(0, nc).forEach((v, i) => primalEnv.set(v, lin.consts[i]!));
  const linearIns = jaxpr.inBinders.slice(nc);
  const ctEnv = new Map<Var, Array>();
  const writeCt = (a: Atom, ct: Array | null) => {
    if (!(a instanceof Var) || ct === null || primalEnv.has(a)) return;
    const prev = ctEnv.get(a);
    ctEnv.set(a, prev ? add(prev, ct) : ct);
  };
  jaxpr.outs.forEach((o, i) => writeCt(o, cts[i]!));
  const readPrimal = (a: Atom): Array | UndefinedPrimal => {
    if (a instanceof Lit) return DeviceArray.scalar(a.val, a.aval.dtype, a.aval.weakType);
    return primalEnv.get(a) ?? new UndefinedPrimal(a.aval);
  };
  for (let k = jaxpr.eqns.length - 1; k >= 0; k--) {
    const eqn = jaxpr.eqns[k]!;
    const ctsOut = eqn.outBinders.map((v) => {
      const c = ctEnv.get(v) ?? null;
      ctEnv.delete(v);
      return c;
    });
    if (ctsOut.every((c) => c === null)) continue;
    const rule = eqn.primitive.rules.transpose;
    if (!rule)
      throw new TransformError(
        `Transpose rule (for reverse-mode differentiation) for '${eqn.primitive.name}' not implemented; wrap the computation in customVjp to give it one.`,
      );
    const invals = eqn.inputs.map(readPrimal);
    const ctsIn = rule(ctsOut, invals, eqn.params);
    eqn.inputs.forEach((a, i) => writeCt(a, ctsIn[i] ?? null));
  }
  return linearIns.map((v) => ctEnv.get(v) ?? zerosLike(v.aval));
}

export { bind };
