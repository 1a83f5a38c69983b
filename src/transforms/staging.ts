// Staging: trace a function into a jaxpr (autodidax's make_jaxpr with a builder).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { ClosedJaxpr, Jaxpr, JaxprEqn, Lit, Var, type Atom } from '../core/jaxpr.js';
import type { Params, Primitive } from '../core/primitive.js';
import {
  type CustomJvpCall,
  type CustomVjpCall,
  type MainTrace,
  Trace,
  Tracer,
  fullRaise,
  newMain,
  withDynamic,
} from '../core/trace.js';
import { customJvpCallP, customVjpCallP } from './customCallPrims.js';

export class JaxprTracer extends Tracer {
  constructor(
    readonly _trace: JaxprTrace,
    readonly aval: ShapedArray,
  ) {
    super();
  }
}

class JaxprBuilder {
  eqns: JaxprEqn[] = [];
  tracerToVar = new Map<JaxprTracer, Var>();
  constTracers = new Map<Array, JaxprTracer>();
  constVals = new Map<Var, Array>();

  addVar(t: JaxprTracer): Var {
    const v = new Var(t.aval);
    this.tracerToVar.set(t, v);
    return v;
  }
  getVar(t: JaxprTracer): Var {
    const v = this.tracerToVar.get(t);
    if (!v) throw new Error('internal: tracer from another jaxpr');
    return v;
  }

  build(inTracers: JaxprTracer[], outTracers: JaxprTracer[]): ClosedJaxpr {
    const constVars = [...this.constVals.keys()];
    const inBinders = [...constVars, ...inTracers.map((t) => this.getVar(t))];
    const outs: Atom[] = outTracers.map((t) => this.getVar(t));
    const jaxpr = new Jaxpr(inBinders, this.eqns, outs);
    return inlineScalarLiterals(jaxpr, constVars.map((v) => this.constVals.get(v)!));
  }
}

/** Constants that are JS scalars become literals in the equations, as JAX prints them. */
function inlineScalarLiterals(jaxpr: Jaxpr, consts: Array[]): ClosedJaxpr {
  const nc = consts.length;
  const lits = new Map<Var, Lit>();
  const keptBinders: Var[] = [];
  const keptConsts: Array[] = [];
  jaxpr.inBinders.slice(0, nc).forEach((v, i) => {
    const c = consts[i]!;
    if (c instanceof DeviceArray && c.scalarValue !== undefined) lits.set(v, new Lit(c.scalarValue, c.aval));
    else (keptBinders.push(v), keptConsts.push(c));
  });
  if (lits.size === 0) return new ClosedJaxpr(jaxpr, consts);
  const sub = (a: Atom): Atom => (a instanceof Var && lits.get(a)) || a;
  const eqns = jaxpr.eqns.map((e) => new JaxprEqn(e.primitive, e.inputs.map(sub), e.params, e.outBinders));
  const outs = jaxpr.outs.map(sub);
  return new ClosedJaxpr(new Jaxpr([...keptBinders, ...jaxpr.inBinders.slice(nc)], eqns, outs), keptConsts);
}

export class JaxprTrace extends Trace {
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }
  newArg(aval: ShapedArray): JaxprTracer {
    const t = new JaxprTracer(this, aval);
    this.builder.addVar(t);
    return t;
  }
  pure(val: Array): JaxprTracer {
    // Values from below (concrete arrays, outer tracers) become constants of the jaxpr.
    let t = this.builder.constTracers.get(val);
    if (!t) {
      t = new JaxprTracer(this, val.aval);
      this.builder.constVals.set(this.builder.addVar(t), val);
      this.builder.constTracers.set(val, t);
    }
    return t;
  }
  processPrimitive(prim: Primitive, tracers: Tracer[], params: Params): Tracer[] {
    const avals = tracers.map((t) => t.aval);
    const outAvals = prim.rules.abstractEval(avals, params);
    return this.emit(prim, tracers as JaxprTracer[], params, outAvals);
  }
  private emit(prim: Primitive, ins: JaxprTracer[], params: Params, outAvals: ShapedArray[]): JaxprTracer[] {
    const outs = outAvals.map((a) => new JaxprTracer(this, a));
    const b = this.builder;
    b.eqns.push(new JaxprEqn(prim, ins.map((t) => b.getVar(t)), params, outs.map((t) => b.addVar(t))));
    return outs;
  }
  // Custom-derivative calls stay in the jaxpr with their rules, so differentiating it later uses them.
  override processCustomJvpCall(call: CustomJvpCall, tracers: Tracer[]): Array[] {
    const sub = traceToJaxpr(call.fun, tracers.map((t) => t.aval));
    const consts = sub.consts.map((c) => fullRaise(this, c) as JaxprTracer);
    const params = { call, jaxpr: sub.jaxpr, numConsts: consts.length };
    return this.emit(customJvpCallP as unknown as Primitive, [...consts, ...(tracers as JaxprTracer[])], params, sub.outAvals);
  }
  override processCustomVjpCall(call: CustomVjpCall, tracers: Tracer[]): Array[] {
    const sub = traceToJaxpr(call.fun, tracers.map((t) => t.aval));
    const consts = sub.consts.map((c) => fullRaise(this, c) as JaxprTracer);
    const params = { call, jaxpr: sub.jaxpr, numConsts: consts.length };
    return this.emit(customVjpCallP as unknown as Primitive, [...consts, ...(tracers as JaxprTracer[])], params, sub.outAvals);
  }
}

/**
 * Trace `fn` on abstract inputs into a closed jaxpr. With `dynamic` (the default, JAX's
 * omnistaging) every operation is staged, even ones on constants; without it only operations
 * touching the inputs are, and the rest run on the traces below (used to linearize).
 */
export function traceToJaxpr(fn: (args: Array[]) => Array[], inAvals: ShapedArray[], dynamic = true): ClosedJaxpr {
  const builder = new JaxprBuilder();
  return newMain(JaxprTrace, builder, (main: MainTrace) => {
    const run = () => {
      const trace = new JaxprTrace(main);
      const ins = inAvals.map((a) => trace.newArg(a));
      const outs = fn(ins).map((o) => fullRaise(trace, o) as JaxprTracer);
      return builder.build(ins, outs);
    };
    return dynamic ? withDynamic(main, run) : run();
  });
}
