// Forward-mode differentiation: a JVPTracer carries a primal and its tangent.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray, asDifferentiable } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import type { Params, Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten } from '../core/pytree.js';
import type { ArrayArgs, ArrayTree, HostArgs } from '../core/treeTypes.js';
import { type CustomJvpCall, type CustomVjpCall, Trace, Tracer, bind, fullRaise, newMain } from '../core/trace.js';
import { zerosLike } from '../lax/structural.js';
import { convertElementType } from '../lax/elementwise.js';
import { customLinP } from './customLin.js';

export class JVPTracer extends Tracer {
  constructor(
    readonly _trace: JVPTrace,
    readonly primal: Array,
    readonly tangent: Array,
  ) {
    super();
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
}

export class JVPTrace extends Trace {
  pure(val: Array): JVPTracer {
    return new JVPTracer(this, val, zerosLike(val));
  }
  processPrimitive(prim: Primitive, tracers: Tracer[], params: Params): Tracer[] {
    const rule = prim.rules.jvp;
    if (!rule)
      throw new TransformError(`Differentiation rule for '${prim.name}' not implemented; wrap the computation in customJvp or customVjp to give it one.`);
    const ts = tracers as JVPTracer[];
    const [po, to] = rule(
      ts.map((t) => t.primal),
      ts.map((t) => t.tangent),
      params,
    );
    return po.map((p, i) => new JVPTracer(this, p, to[i]!));
  }
  override processCustomJvpCall(call: CustomJvpCall, tracers: Tracer[]): Array[] {
    const ts = tracers as JVPTracer[];
    const [po, to] = call.jvp(
      ts.map((t) => t.primal),
      ts.map((t) => t.tangent),
    );
    return po.map((p, i) => new JVPTracer(this, p, to[i]!));
  }
  // custom_vjp under differentiation: primal outputs from `fwd`, tangents through a linear
  // custom_lin whose transpose is the user's `bwd` (JAX's custom_lin).
  override processCustomVjpCall(call: CustomVjpCall, tracers: Tracer[]): Array[] {
    const ts = tracers as JVPTracer[];
    const [outs, res] = call.fwd(ts.map((t) => t.primal));
    const tangents = bind(customLinP, [...res, ...ts.map((t) => t.tangent)], {
      bwd: call.bwd,
      numRes: res.length,
      outAvals: outs.map((o) => o.aval),
    });
    return outs.map((p, i) => new JVPTracer(this, p, tangents[i]!));
  }
}

/** jvp on flat lists of arrays. */
export function jvpFlat(f: (xs: Array[]) => Array[], primals: Array[], tangents: Array[]): [Array[], Array[]] {
  return newMain(JVPTrace, null, (main) => {
    const trace = new JVPTrace(main);
    const ins = primals.map((p, i) => new JVPTracer(trace, p, tangents[i]!));
    const outs = f(ins).map((o) => fullRaise(trace, o) as JVPTracer);
    return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
  });
}

/**
 * JAX's `jax.jvp`: `jvp(f, primals, tangents)` → `[f(...primals), tangentOut]`, the output and
 * its directional derivative along `tangents` (forward mode). `primals` and `tangents` are lists
 * with one entry per argument of `f`, of the same structure and shapes; both results have the
 * structure of `f`'s output. A tangent given as a JS number takes its primal's dtype.
 *
 * @throws `TransformError` when `tangents` differs from `primals` in structure or shapes.
 *
 * @example
 * ```ts
 * const [y, dy] = jvp((x: Array) => jnp.sin(x), [jnp.arange(3)], [jnp.ones([3])]);   // dy = cos(x)
 * ```
 *
 * @typeParam P - The primals' types, one per parameter of `f`.
 * @typeParam F - The function's type (its output gives the results' structure).
 */
export function jvp<const P extends readonly unknown[], F extends (...args: NoInfer<ArrayArgs<P>>) => unknown>(
  f: F,
  primals: P,
  tangents: NoInfer<HostArgs<ArrayArgs<P>>>,
): [ArrayTree<ReturnType<F>>, ArrayTree<ReturnType<F>>];
export function jvp(f: (...args: never[]) => unknown, primals: readonly unknown[], tangents: readonly unknown[]): [unknown, unknown] {
  const [pFlat, pDef] = treeFlatten<ArrayLike>(primals);
  const [tFlat, tDef] = treeFlatten<ArrayLike>(tangents);
  if (!pDef.equals(tDef)) throw new TransformError(`jvp: primal structure ${pDef} and tangent structure ${tDef} differ; pass tangents shaped like the primals.`);
  // JS cannot tell 1.0 from 1: a JS number given a tangent is a weak float, and a tangent given
  // for a float primal takes the primal's dtype.
  const ps = pFlat.map(asDifferentiable);
  const ts = tFlat.map((x, i) => {
    const p = ps[i]!;
    const t = typeof x === 'number' ? asArray(x, p.dtype) : asDifferentiable(x);
    return (p.dtype.kind === 'f' || p.dtype.kind === 'c') && (t.dtype !== p.dtype || t.weakType !== p.weakType) ? convertElementType(t, p.dtype, p.weakType) : t;
  });
  ts.forEach((t, i) => {
    const p = ps[i]!;
    if (t.shape.join() !== p.shape.join())
      throw new TransformError(`jvp: tangent ${i} has shape [${t.shape}] but its primal has shape [${p.shape}]; they must match.`);
  });
  let outDef = pDef;
  const [po, to] = jvpFlat(
    (xs) => {
      const out = (f as (...a: unknown[]) => unknown)(...treeUnflatten<unknown[]>(pDef, xs));
      const [flat, def] = treeFlatten<ArrayLike>(out);
      outDef = def;
      return flat.map((x) => asArray(x));
    },
    ps,
    ts,
  );
  return [treeUnflatten(outDef, po), treeUnflatten(outDef, to)];
}
