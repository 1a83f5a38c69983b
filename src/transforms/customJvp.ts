// customJvp / customVjp: functions with user-given derivative rules (JAX's jax.custom_jvp/custom_vjp).
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bindCustomJvp, bindCustomVjp } from '../core/trace.js';
import { traceToJaxpr } from './staging.js';
import type { ArgIndex, ArrayArgs, ArrayTree, HostArgs, HostTree } from '../core/treeTypes.js';
import type { AnyFunction } from './signatures.js';

/** The elements of the parameter list `P` except those at the indices `N`. */
export type DropArgs<P extends readonly unknown[], N extends number, I extends unknown[] = [], Out extends unknown[] = []> = P extends readonly [infer H, ...infer T]
  ? DropArgs<T, N, [...I, unknown], I['length'] extends N ? Out : [...Out, H]>
  : Out;

/** An output of `F` as a rule may give it: host values allowed at array leaves. */
export type RuleOut<F extends AnyFunction> = HostTree<ArrayTree<ReturnType<F>>>;

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

/** Call a user function with arguments rebuilt at run time. */
function callF(f: AnyFunction, args: unknown[]): unknown {
  return (f as (...a: unknown[]) => unknown)(...args);
}

function flatOut(out: unknown, setDef: (d: TreeDef) => void): Array[] {
  const [flat, def] = treeFlatten<ArrayLike>(out);
  setDef(def);
  return flat.map((x) => asArray(x));
}

/**
 * A JVP rule for `F`: `rule(primals, tangents)` → `[primalOut, tangentOut]`. `primals` are the
 * call's arguments (array leaves as Arrays); `tangents` one per differentiable argument (the
 * `nondiffArgnums` `N` left out), shaped like them.
 */
export type JvpRule<F extends AnyFunction, N extends number = never> = (
  primals: Parameters<F>,
  tangents: ArrayArgs<DropArgs<Parameters<F>, N>>,
) => readonly [RuleOut<F>, RuleOut<F>];

/** What `customJvp` returns: `f` itself (same parameters, Arrays out) and `defjvp` to give its rule. */
export interface CustomJvpFunction<F extends AnyFunction, N extends number = never> {
  (...args: HostArgs<Parameters<F>>): ArrayTree<ReturnType<F>>;
  /** Set the JVP rule (see {@link JvpRule}); returns this function. The rule may call the function itself. */
  defjvp(rule: JvpRule<F, N>): CustomJvpFunction<F, N>;
}

/**
 * JAX's `jax.custom_jvp`: `f` with a derivative rule of your own, given by `defjvp(rule)`. Every
 * transformation uses the rule for this function (and derives reverse mode from it), so it can
 * give a derivative to code that has none (a `pureCallback`), a more stable or cheaper one, or
 * one that stops at a boundary. `nondiffArgnums` are passed to `f` and the rule as they are (JS
 * values), with no tangent.
 *
 * @throws `TransformError` when called before `defjvp`, or when the rule's tangent output does not
 * match its primal output.
 *
 * @example
 * ```ts
 * const logistic = customJvp((x: Array) => jnp.divide(1, jnp.add(1, jnp.exp(jnp.negative(x)))));
 * logistic.defjvp(([x], [dx]) => {
 *   const y = logistic(x);
 *   return [y, dx.mul(y).mul(jnp.subtract(1, y))];
 * });
 * grad(logistic)(0);   // 0.25
 * ```
 */
export function customJvp<F extends AnyFunction, const N extends readonly ArgIndex<Parameters<F>>[] = []>(
  f: F,
  opts?: { nondiffArgnums?: N },
): CustomJvpFunction<F, N[number]>;
export function customJvp(f: AnyFunction, opts: { nondiffArgnums?: readonly number[] } = {}): CustomJvpFunction<AnyFunction, number> {
  const nondiff = new Set(opts.nondiffArgnums ?? []);
  type Rule = (primals: unknown[], tangents: unknown[]) => readonly [unknown, unknown];
  let rule: Rule | undefined;
  const call = ((...args: unknown[]) => {
    if (!rule) throw new TransformError('customJvp function called before defjvp(rule) was given; define its JVP rule first.');
    const { arrays, rebuild } = splitArgs(args, nondiff);
    let outDef: TreeDef | undefined;
    const fun = (xs: Array[]) => flatOut(callF(f, rebuild(xs)), (d) => (outDef = d));
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
  }) as unknown as CustomJvpFunction<AnyFunction, number>;
  call.defjvp = (r) => {
    rule = r as unknown as Rule;
    return call;
  };
  return call;
}

/** What `customVjp` returns: `f` itself (same parameters, Arrays out) and `defvjp` to give its rules. */
export interface CustomVjpFunction<F extends AnyFunction> {
  (...args: HostArgs<Parameters<F>>): ArrayTree<ReturnType<F>>;
  /**
   * Set the rules; returns this function. `fwd(...args)` → `[output, residuals]` (any pytree of
   * arrays saved for the backward pass); `bwd(residuals, g)` → one cotangent per argument of `f`
   * (a list), given `g` shaped like the output.
   */
  defvjp<Res>(
    fwd: (...args: Parameters<F>) => readonly [RuleOut<F>, Res],
    bwd: (residuals: ArrayTree<Res>, g: ArrayTree<ReturnType<F>>) => HostArgs<ArrayArgs<Parameters<F>>>,
  ): CustomVjpFunction<F>;
}

/**
 * JAX's `jax.custom_vjp`: `f` with a reverse-mode rule of your own, given by `defvjp(fwd, bwd)`.
 * `grad`, `vjp` and `jacrev` use it; forward mode (`jvp`, `jacfwd`) is not defined for such a
 * function, as in JAX.
 *
 * @throws `TransformError` when called before `defvjp`, or when `bwd` does not return one
 * cotangent per argument with the arguments' structure.
 *
 * @example
 * ```ts
 * const clipGrad = customVjp((x: Array) => x);
 * clipGrad.defvjp(
 *   (x) => [x, null],
 *   (_res, g) => [jnp.clip(g, -1, 1)],
 * );
 * grad((x: Array) => jnp.sum(clipGrad(x).mul(10)))(jnp.ones([2]));   // [1, 1]
 * ```
 */
export function customVjp<F extends AnyFunction>(f: F): CustomVjpFunction<F>;
export function customVjp(f: AnyFunction): CustomVjpFunction<AnyFunction> {
  type Fwd = (...args: unknown[]) => readonly [unknown, unknown];
  type Bwd = (res: unknown, g: unknown) => unknown;
  let fwdFn: Fwd | undefined;
  let bwdFn: Bwd | undefined;
  const call = ((...args: unknown[]) => {
    if (!fwdFn || !bwdFn) throw new TransformError('customVjp function called before defvjp(fwd, bwd); define its rules first.');
    const { arrays, rebuild, diffDef } = splitArgs(args, new Set());
    let outDef: TreeDef | undefined;
    let resDef: TreeDef | undefined;
    const fun = (xs: Array[]) => flatOut(callF(f, rebuild(xs)), (d) => (outDef = d));
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
  }) as unknown as CustomVjpFunction<AnyFunction>;
  call.defvjp = (fwd, bwd) => {
    fwdFn = fwd as unknown as Fwd;
    bwdFn = bwd as unknown as Bwd;
    return call;
  };
  return call;
}
