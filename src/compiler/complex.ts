// The complex decomposition pass: kernels compute on real numbers only, so before fusion every
// complex value of a jaxpr becomes two real ones (its real and imaginary planes). Each primitive
// that accepts complex operands says how in its `complex` rule (src/core/primitive.ts); a complex
// program input is read as float pairs and split, a complex output is interleaved back.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { realDtype } from '../core/dtypes.js';
import { DtypeError, JaxpoolError } from '../core/errors.js';
import { type Atom, Jaxpr, JaxprEqn, Lit, Var } from '../core/jaxpr.js';
import type { Params, Planes, PlaneValue, Primitive } from '../core/primitive.js';
import { fullRaise, type MainTrace, newMain, Trace, Tracer, withDynamic } from '../core/trace.js';
import { isPlanes, joinPlanes, splitPlanes } from '../lax/complexPlanes.js';
import { DeviceArray } from '../runtime/deviceArray.js';

const isComplexAval = (a: ShapedArray) => a.dtype.kind === 'c';

/** Whether any value of `jaxpr` is complex (then it needs the pass). */
export function hasComplex(jaxpr: Jaxpr): boolean {
  const atom = (a: Atom) => isComplexAval(a.aval);
  return jaxpr.inBinders.some(atom) || jaxpr.outs.some(atom) || jaxpr.eqns.some((e) => e.inputs.some(atom) || e.outBinders.some(atom));
}

class PassTracer extends Tracer {
  constructor(
    readonly _trace: PassTrace,
    readonly aval: ShapedArray,
  ) {
    super();
  }
}

/** The jaxpr being built: equations, and the atom each tracer stands for. */
class Builder {
  eqns: JaxprEqn[] = [];
  atoms = new Map<PassTracer, Atom>();
}

/** Stages every operation into the new jaxpr; constants may only be JS scalars (they become literals). */
class PassTrace extends Trace {
  get builder(): Builder {
    return this.main.globalData as Builder;
  }
  tracerFor(atom: Atom): PassTracer {
    const t = new PassTracer(this, atom.aval);
    this.builder.atoms.set(t, atom);
    return t;
  }
  pure(val: Array): PassTracer {
    if (val instanceof DeviceArray && val.scalarValue !== undefined) return this.tracerFor(new Lit(val.scalarValue, val.aval));
    throw new JaxpoolError(`internal: a complex rule made a ${val.aval.str()} constant; rules may only use scalar constants.`);
  }
  processPrimitive(prim: Primitive, tracers: Tracer[], params: Params): Tracer[] {
    return this.emit(prim, tracers as PassTracer[], params, prim.rules.abstractEval(tracers.map((t) => t.aval), params));
  }
  emit(prim: Primitive, ins: PassTracer[], params: Params, outAvals: ShapedArray[]): PassTracer[] {
    const outs = outAvals.map((a) => new Var(a));
    this.builder.eqns.push(new JaxprEqn(prim, ins.map((t) => this.atomOf(t)), params, outs));
    return outs.map((v) => this.tracerFor(v));
  }
  atomOf(t: PassTracer): Atom {
    const a = this.builder.atoms.get(t);
    if (!a) throw new JaxpoolError('internal: a tracer from another trace in the complex pass');
    return a;
  }
}

/** `jaxpr` with every complex value replaced by real planes; its inputs and outputs keep their avals. */
export function decomposeComplex(jaxpr: Jaxpr): Jaxpr {
  if (!hasComplex(jaxpr)) return jaxpr;
  const builder = new Builder();
  return newMain(PassTrace, builder, (main: MainTrace) =>
    withDynamic(main, () => {
      const trace = new PassTrace(main);
      const inBinders = jaxpr.inBinders.map((v) => new Var(v.aval));
      const env = new Map<Var, PlaneValue>();
      // A complex output that is an untouched input is passed through, not split and joined.
      const inputOf = new Map<Planes, PassTracer>();
      jaxpr.inBinders.forEach((v, i) => {
        const t = trace.tracerFor(inBinders[i]!);
        if (!isComplexAval(v.aval)) return env.set(v, t);
        const p = splitPlanes(t);
        inputOf.set(p, t);
        env.set(v, p);
      });
      const read = (a: Atom): PlaneValue => {
        if (a instanceof Var) return env.get(a)!;
        if (!isComplexAval(a.aval)) return trace.tracerFor(a);
        // A complex literal is a JS number: value + 0j.
        const part = a.aval.update({ dtype: realDtype(a.aval.dtype) });
        return { re: trace.tracerFor(new Lit(a.val, part)), im: trace.tracerFor(new Lit(0, part)) };
      };
      for (const e of jaxpr.eqns) {
        const ins = e.inputs.map(read);
        const complex = e.inputs.some((a) => isComplexAval(a.aval)) || e.outBinders.some((v) => isComplexAval(v.aval));
        let outs: PlaneValue[];
        if (!complex) outs = trace.emit(e.primitive, ins as PassTracer[], e.params, e.outBinders.map((v) => v.aval));
        else {
          const rule = e.primitive.rules.complex;
          if (!rule) throw new DtypeError(`${e.primitive.name} does not support complex dtypes (got ${[...e.inputs, ...e.outBinders].find((a) => isComplexAval(a.aval))!.aval.dtype}).`);
          outs = rule(ins, e.params, e.outBinders.map((v) => v.aval));
        }
        e.outBinders.forEach((v, i) => env.set(v, outs[i]!));
      }
      const outs = jaxpr.outs.map((o, i) => {
        const v = read(o);
        if (!isPlanes(v)) return trace.atomOf(fullRaise(trace, v) as PassTracer);
        const passed = inputOf.get(v);
        return trace.atomOf(passed ?? (fullRaise(trace, joinPlanes(v, jaxpr.outs[i]!.aval)) as PassTracer));
      });
      return new Jaxpr(inBinders, builder.eqns, outs);
    }),
  );
}
