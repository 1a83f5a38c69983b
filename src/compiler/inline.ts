// Flatten nested calls (jit inside jit, custom-derivative calls) into one equation list, with an
// explicit stack so nesting of any depth inlines.
import { type Atom, Jaxpr, JaxprEqn, Var } from '../core/jaxpr.js';

const inlined = (e: JaxprEqn) => e.primitive.rules.lower?.kind === 'inline';

/** `jaxpr` with every call whose lowering is `inline` replaced by the called jaxpr's equations. */
export function inlineCalls(jaxpr: Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some(inlined)) return jaxpr;
  const env = new Map<Var, Atom>();
  const sub = (a: Atom): Atom => (a instanceof Var ? (env.get(a) ?? a) : a);
  const eqns: JaxprEqn[] = [];
  const inBinders = jaxpr.inBinders.map((v) => new Var(v.aval));
  jaxpr.inBinders.forEach((v, i) => env.set(v, inBinders[i]!));
  // Each frame: a jaxpr, the next equation to copy, and the call whose outputs its outputs become.
  const stack: { j: Jaxpr; at: number; call?: JaxprEqn }[] = [{ j: jaxpr, at: 0 }];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.at === f.j.eqns.length) {
      stack.pop();
      if (f.call) f.call.outBinders.forEach((v, i) => env.set(v, sub(f.j.outs[i]!)));
      continue;
    }
    const e = f.j.eqns[f.at++]!;
    const inputs = e.inputs.map(sub);
    if (inlined(e)) {
      const inner = e.params.jaxpr as Jaxpr;
      inner.inBinders.forEach((v, i) => env.set(v, inputs[i]!));
      stack.push({ j: inner, at: 0, call: e });
      continue;
    }
    const outBinders = e.outBinders.map((v) => {
      const nv = new Var(v.aval);
      env.set(v, nv);
      return nv;
    });
    eqns.push(new JaxprEqn(e.primitive, inputs, e.params, outBinders));
  }
  return new Jaxpr(inBinders, eqns, jaxpr.outs.map(sub));
}
