// Flatten nested calls (jit inside jit, custom-derivative calls) into one equation list.
import { Jaxpr, JaxprEqn, Var, type Atom } from '../core/jaxpr.js';

/** `jaxpr` with every call whose lowering is `inline` replaced by the called jaxpr's equations. */
export function inlineCalls(jaxpr: Jaxpr): Jaxpr {
  const env = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
  const eqns: JaxprEqn[] = [];
  const go = (j: Jaxpr, ins: Atom[]): Atom[] => {
    j.inBinders.forEach((v, i) => env.set(v, ins[i]!));
    for (const e of j.eqns) {
      const inputs = e.inputs.map(sub);
      if (e.primitive.rules.lower?.kind === 'inline') {
        const inner = e.params.jaxpr as Jaxpr;
        const outs = go(inner, inputs);
        e.outBinders.forEach((v, i) => env.set(v, outs[i]!));
      } else {
        const outBinders = e.outBinders.map((v) => {
          const nv = new Var(v.aval);
          env.set(v, nv);
          return nv;
        });
        eqns.push(new JaxprEqn(e.primitive, inputs, e.params, outBinders));
      }
    }
    return j.outs.map(sub);
  };
  const inBinders = jaxpr.inBinders.map((v) => new Var(v.aval));
  const outs = go(jaxpr, inBinders);
  return new Jaxpr(inBinders, eqns, outs);
}
