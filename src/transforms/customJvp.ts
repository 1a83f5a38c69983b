// customJvp / customVjp: functions with user-given derivative rules (JAX's jax.custom_jvp/custom_vjp).
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bindCustomJvp, bindCustomVjp } from '../core/trace.js';
import { traceToJaxpr } from './staging.js';

type AnyFn = (...args: any[]) => any;

/** Split call arguments into differentiable leaves and the static (nondiff) ones. */
function splitArgs(args: unknown[], nondiff: Set<number>) {
  const diff = args.filter((_, i) => !nondiff.has(i));
  const [leaves, def] = treeFlatten<ArrayLike>(diff);
  const rebuild = (xs: readonly unknown[]): unknown[] => {
    const vals = treeUnflatten<unknown[]>(def, xs);
    let k = 0;
    return args.map((a, i) => (nondiff.has(i) ? a : vals[k++]));
  };
  return { arrays: leaves.map((l) => asArray(l)), rebuild, diffDef: def };
}

function flatOut(out: unknown, setDef: (d: TreeDef) => void): Array[] {
  const [flat, def] = treeFlatten<ArrayLike>(out);
  setDef(def);
  return flat.map((x) => asArray(x));
}

export interface CustomJvpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /** rule(primals, tangents) → [primalOut, tangentOut]; tangents of nondiff args are omitted. */
  defjvp(rule: (primals: any[], tangents: any[]) => [unknown, unknown]): CustomJvpFunction<F>;
}

export function customJvp<F extends AnyFn>(f: F, opts: { nondiffArgnums?: number[] } = {}): CustomJvpFunction<F> {
  const nondiff = new Set(opts.nondiffArgnums ?? []);
  let rule: ((primals: any[], tangents: any[]) => [unknown, unknown]) | undefined;
  const call = ((...args: unknown[]) => {
    if (!rule) throw new TransformError('customJvp function called before defjvp(rule) was given; define its JVP rule first.');
    const { arrays, rebuild } = splitArgs(args, nondiff);
    let outDef: TreeDef | undefined;
    const fun = (xs: Array[]) => flatOut(f(...rebuild(xs)), (d) => (outDef = d));
    const numOuts = traceToJaxpr(fun, arrays.map((a) => a.aval)).outAvals.length;
    const jvp = (ps: Array[], ts: Array[]): [Array[], Array[]] => {
      const primals = rebuild(ps);
      const tangents = rebuild(ts).filter((_, i) => !nondiff.has(i));
      const [po, to] = rule!(primals, tangents);
      const pFlat = flatOut(po, (d) => (outDef = d));
      const tFlat = flatOut(to, () => undefined);
      if (tFlat.length !== pFlat.length)
        throw new TransformError(`customJvp rule returned ${tFlat.length} tangent outputs for ${pFlat.length} primal outputs; they must match.`);
      return [pFlat, tFlat.map((t, i) => (t.dtype === pFlat[i]!.dtype ? t : t.astype(pFlat[i]!.dtype)))];
    };
    const outs = bindCustomJvp({ fun, jvp, numOuts }, arrays);
    return treeUnflatten(outDef!, outs);
  }) as unknown as CustomJvpFunction<F>;
  call.defjvp = (r) => {
    rule = r;
    return call;
  };
  return call;
}

export interface CustomVjpFunction<F extends AnyFn> {
  (...args: Parameters<F>): ReturnType<F>;
  /** fwd(...args) → [out, residuals]; bwd(residuals, g) → one cotangent per argument. */
  defvjp(fwd: (...args: any[]) => [unknown, unknown], bwd: (res: any, g: any) => unknown[]): CustomVjpFunction<F>;
}

export function customVjp<F extends AnyFn>(f: F): CustomVjpFunction<F> {
  let fwdFn: ((...args: any[]) => [unknown, unknown]) | undefined;
  let bwdFn: ((res: any, g: any) => unknown[]) | undefined;
  const call = ((...args: unknown[]) => {
    if (!fwdFn || !bwdFn) throw new TransformError('customVjp function called before defvjp(fwd, bwd); define its rules first.');
    const { arrays, rebuild, diffDef } = splitArgs(args, new Set());
    let outDef: TreeDef | undefined;
    let resDef: TreeDef | undefined;
    const fun = (xs: Array[]) => flatOut(f(...rebuild(xs)), (d) => (outDef = d));
    const numOuts = traceToJaxpr(fun, arrays.map((a) => a.aval)).outAvals.length;
    const fwd = (xs: Array[]): [Array[], Array[]] => {
      const [out, res] = fwdFn!(...rebuild(xs));
      return [flatOut(out, (d) => (outDef = d)), flatOut(res, (d) => (resDef = d))];
    };
    const bwd = (res: Array[], cts: Array[]): Array[] => {
      const g = treeUnflatten(outDef!, cts);
      const inCts = bwdFn!(treeUnflatten(resDef!, res), g);
      if (!globalThis.Array.isArray(inCts) || inCts.length !== args.length)
        throw new TransformError(`customVjp bwd must return an array with one cotangent per argument (${args.length}), got ${globalThis.Array.isArray(inCts) ? inCts.length : typeof inCts}.`);
      const [flat, def] = treeFlatten<ArrayLike>(inCts);
      if (!def.equals(diffDef)) throw new TransformError(`customVjp bwd cotangent structure ${def} does not match the arguments ${diffDef}.`);
      return flat.map((x) => asArray(x));
    };
    const outs = bindCustomVjp({ fun, fwd, bwd, numOuts }, arrays);
    return treeUnflatten(outDef!, outs);
  }) as unknown as CustomVjpFunction<F>;
  call.defvjp = (fwd, bwd) => {
    fwdFn = fwd;
    bwdFn = bwd;
    return call;
  };
  return call;
}
