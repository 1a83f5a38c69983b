// grad, valueAndGrad, vjp, jacfwd, jacrev, hessian on top of jvpFlat/vjpFlat.
import { Array as ArrayClass, type Array, type ArrayLike } from '../core/array.js';
import { asArray, asDifferentiable } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import { isPlainObject as isOptions, treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import type { ArgIndex, ArrayArgs, ArrayTree, HostArgs, HostTree } from '../core/treeTypes.js';
import { convertElementType } from '../lax/elementwise.js';
import { full, reshape } from '../lax/structural.js';
import { jvpFlat } from './jvp.js';
import { vjpFlat } from './vjp.js';
import { vmapFlat } from './vmap.js';
import type { AnyFunction, Argnums, ArrayFunction, AuxOf, GradArgs, GradOf, GradOptions, Scalar } from './signatures.js';

/** The implementation's view of a user function. */
type Fn = (...args: never[]) => unknown;

/** Flatten differentiated args; JS numbers (weak ints) become weak floats, as JS cannot tell 2.0 from 2. */
function flatArgs(args: unknown[]): [Array[], TreeDef] {
  const [leaves, def] = treeFlatten<ArrayLike>(args);
  return [leaves.map(asDifferentiable), def];
}

/** Split a trailing `{ hasAux: boolean }` off `vjp`/`linearize`'s primals (a pytree primal has other keys or array leaves). */
function splitHasAux(args: unknown[]): [unknown[], boolean] {
  const last = args[args.length - 1];
  if (!isOptions(last)) return [args, false];
  const keys = Object.keys(last);
  if (keys.length !== 1 || keys[0] !== 'hasAux' || typeof last.hasAux !== 'boolean') return [args, false];
  return [args.slice(0, -1), !!last.hasAux];
}

/**
 * `f` on flat primals (unflattened along `def`), returning its output leaves and then, with
 * `hasAux` (`f` returns `[out, aux]`), the aux leaves: aux values ride along as extra outputs, so
 * what comes back through vjp/linearize is their primal value.
 */
function flatWithAux(f: Fn, def: TreeDef, hasAux: boolean, what: string) {
  let outDef: TreeDef | undefined;
  let auxDef: TreeDef | undefined;
  let nOut = 0;
  const fn = (xs: Array[]): Array[] => {
    let r = (f as (...a: unknown[]) => unknown)(...treeUnflatten<unknown[]>(def, xs));
    let auxTree: unknown;
    if (hasAux) {
      if (!globalThis.Array.isArray(r) || r.length !== 2) throw new TransformError(`${what} with hasAux needs the function to return [output, aux].`);
      [r, auxTree] = r;
    }
    const [flat, d] = treeFlatten<ArrayLike>(r);
    const [auxLeaves, ad] = treeFlatten<ArrayLike>(auxTree);
    [outDef, auxDef, nOut] = [d, ad, flat.length];
    return [...flat, ...(hasAux ? auxLeaves : [])].map((x) => asArray(x));
  };
  return {
    fn,
    nOut: () => nOut,
    out: (all: Array[]) => treeUnflatten(outDef!, all.slice(0, nOut)),
    aux: (all: Array[]) => treeUnflatten(auxDef!, all.slice(nOut)),
  };
}

function checkFloatInputs(xs: Array[], what: string, holomorphic = false): void {
  for (const x of xs) {
    if (holomorphic && x.dtype.kind !== 'c')
      throw new TransformError(`${what} with holomorphic=True requires inputs with complex dtype, but got ${x.dtype.name}; convert with x.astype('complex64').`);
    if (x.dtype.kind !== 'f' && x.dtype.kind !== 'c')
      throw new TransformError(
        `${what} requires real-valued inputs or complex ones (input dtype that is a sub-dtype of inexact), but got ${x.dtype.name}. ` +
          "If you want to use integer-valued inputs, use vjp or set allow_int; or convert with x.astype('float32').",
      );
  }
}

/** JAX's check of grad's output dtype: real, or complex with `holomorphic`. */
function checkGradOutput(y: Array, what: string, holomorphic: boolean): void {
  if (holomorphic) {
    if (y.dtype.kind !== 'c') throw new TransformError(`${what} with holomorphic=True requires outputs with complex dtype, but got ${y.dtype.name}.`);
    return;
  }
  if (y.dtype.kind === 'c')
    throw new TransformError(
      `${what} requires real-valued outputs (output dtype that is a sub-dtype of floating), but got ${y.dtype.name}. ` +
        'For holomorphic differentiation, pass { holomorphic: true }. For differentiation of non-holomorphic functions involving complex outputs, use vjp directly.',
    );
  if (y.dtype.kind !== 'f') throw new TransformError(`${what} requires real-valued outputs (output dtype that is a sub-dtype of inexact), but got ${y.dtype.name}.`);
}

/** Calls `f` with the differentiated arguments replaced by `diff` (the others fixed). */
function partialFlat(f: Fn, args: unknown[], argnums: number[]): { def: TreeDef; primals: Array[]; call: (xs: Array[]) => unknown } {
  const diffArgs = argnums.map((i) => {
    if (i < 0 || i >= args.length) throw new TransformError(`argnums ${i} is out of range for a function called with ${args.length} arguments.`);
    return args[i];
  });
  const [primals, def] = flatArgs(diffArgs);
  const call = (xs: Array[]) => {
    const vals = treeUnflatten<unknown[]>(def, xs);
    const full = [...args];
    argnums.forEach((i, k) => (full[i] = vals[k]));
    return (f as (...a: unknown[]) => unknown)(...full);
  };
  return { def, primals, call };
}

/**
 * JAX's `jax.value_and_grad`: `valueAndGrad(f)(...args)` is `[f(...args), grad(f)(...args)]`,
 * computed in one pass. With `{ hasAux: true }` (`f` returns `[output, aux]`) it is
 * `[[output, aux], gradient]`. Options and errors as {@link grad}.
 *
 * @example
 * ```ts
 * const loss = (w: Array, x: Array) => jnp.sum(jnp.square(x.mul(w).sub(1)));
 * const [value, dw] = valueAndGrad(loss)(jnp.ones([3]), jnp.arange(3));
 * ```
 *
 * @typeParam F - The function's type: its parameters and its scalar output (an inline function's parameters are typed `Array`).
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function valueAndGrad<F extends ArrayFunction<Scalar>, const A extends Argnums<F> = 0>(
  f: F,
  opts?: GradOptions<A, false>,
): (...args: GradArgs<F, A>) => [Array, GradOf<F, A>];
/**
 * `valueAndGrad(f)` for an `f` with parameters of any type (pytrees, JS values): as above.
 * @typeParam F - The function's type: its parameters and its scalar output (an inline function's parameters are typed `Array`).
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function valueAndGrad<F extends (...args: never[]) => Scalar, const A extends Argnums<F> = 0>(
  f: F,
  opts?: GradOptions<A, false>,
): (...args: GradArgs<F, A>) => [Array, GradOf<F, A>];
/**
 * `valueAndGrad(f, { hasAux: true })`: `f` returns `[output, aux]`; the result is `[[output, aux], gradient]`.
 * @typeParam F - The function's type: its parameters and its `[output, aux]` result.
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function valueAndGrad<F extends ArrayFunction<readonly [Scalar, unknown]>, const A extends Argnums<F> = 0>(
  f: F,
  opts: GradOptions<A, true> & { hasAux: true },
): (...args: GradArgs<F, A>) => [[Array, AuxOf<F>], GradOf<F, A>];
/**
 * `valueAndGrad(f, { hasAux: true })` for an `f` with parameters of any type: as above.
 * @typeParam F - The function's type: its parameters and its `[output, aux]` result.
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function valueAndGrad<F extends (...args: never[]) => readonly [Scalar, unknown], const A extends Argnums<F> = 0>(
  f: F,
  opts: GradOptions<A, true> & { hasAux: true },
): (...args: GradArgs<F, A>) => [[Array, AuxOf<F>], GradOf<F, A>];
export function valueAndGrad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => [unknown, unknown] {
  const argnums = opts.argnums ?? 0;
  const nums = typeof argnums === 'number' ? [argnums] : [...argnums];
  return (...args: unknown[]): [unknown, unknown] => {
    const { def, primals, call } = partialFlat(f, args, nums);
    // Aux values ride along as extra outputs, so what comes back is their primal value.
    let auxDef: TreeDef | undefined;
    const [outs, fVjp] = vjpFlat((xs) => {
      let out = call(xs);
      let auxLeaves: Array[] = [];
      if (opts.hasAux) {
        if (!globalThis.Array.isArray(out) || out.length !== 2) throw new TransformError('grad with hasAux needs the function to return [output, aux].');
        const [leaves, d] = treeFlatten<ArrayLike>(out[1]);
        auxLeaves = leaves.map((l) => asArray(l));
        auxDef = d;
        out = out[0];
      }
      const [flat] = treeFlatten<ArrayLike>(out);
      if (flat.length !== 1) throw new TransformError(`grad requires a scalar output, but the function returned ${flat.length} arrays; use jacrev or vjp.`);
      return [asArray(flat[0]!), ...auxLeaves];
    }, primals);
    const aux = auxDef ? treeUnflatten(auxDef, outs.slice(1)) : undefined;
    // Checked after tracing: JS cannot tell 5.0 from 5, so an error the trace raises (say, a
    // callback without a JVP rule) is the more useful one to report first.
    checkFloatInputs(primals, 'grad', !!opts.holomorphic);
    const y = outs[0]!;
    if (y.ndim !== 0 || y.size !== 1)
      throw new TransformError(`Gradient only defined for scalar-output functions. Output had shape: [${y.shape.join(', ')}]; reduce it (e.g. jnp.sum) or use jacrev/vjp.`);
    checkGradOutput(y, 'grad', !!opts.holomorphic);
    const cts = fVjp([full([], 1, y.dtype, y.weakType), ...outs.slice(1).map((a) => full(a.shape, 0, a.dtype, a.weakType))]);
    const grads = treeUnflatten<unknown[]>(def, cts.map((c, i) => castLike(c, primals[i]!)));
    const g = typeof argnums === 'number' ? grads[0] : grads;
    return opts.hasAux ? [[y, aux], g] : [y, g];
  };
}

function castLike(ct: Array, p: Array): Array {
  return ct.dtype === p.dtype && ct.weakType === p.weakType ? ct : convertElementType(ct, p.dtype, p.weakType);
}

/**
 * JAX's `jax.grad`: the gradient of a scalar-output function. `grad(f)` takes the same arguments
 * as `f` and returns the derivative of its output with respect to argument 0, shaped like that
 * argument (a pytree of arrays gives the same pytree of gradients).
 *
 * - `{ argnums: 1 }` differentiates argument 1; `{ argnums: [0, 2] }` returns a list of gradients.
 * - `{ hasAux: true }`: `f` returns `[output, aux]`; the result is `[gradient, aux]`.
 * - A JS number argument is differentiated as a weak float (JS cannot tell `2.0` from `2`).
 *
 * @throws `TransformError` when the output is not a real scalar (use `jacrev` or `vjp`), an
 * argument is not float (integer arrays are not differentiable), or `argnums` is out of range.
 * @throws `TransformError` from a `pureCallback` inside `f`, which has no derivative unless
 * wrapped in {@link customJvp} or {@link customVjp}.
 *
 * @example
 * ```ts
 * const f = (x: Array) => jnp.sum(jnp.sin(x).mul(x));
 * const df = grad(f);                  // (x) => Array, shaped like x
 * df(jnp.linspace(0, 1, 5));
 * const g = grad((p: { w: Array; b: Array }, x: Array) => jnp.sum(x.mul(p.w).add(p.b)));
 * const { w, b } = g({ w: jnp.ones([3]), b: 0 }, jnp.arange(3));
 * ```
 *
 * @typeParam F - The function's type: its parameters and its scalar output (an inline function's parameters are typed `Array`).
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function grad<F extends ArrayFunction<Scalar>, const A extends Argnums<F> = 0>(
  f: F,
  opts?: GradOptions<A, false>,
): (...args: GradArgs<F, A>) => GradOf<F, A>;
/**
 * `grad(f)` for an `f` with parameters of any type (pytrees, JS values): as above.
 * @typeParam F - The function's type: its parameters and its scalar output (an inline function's parameters are typed `Array`).
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function grad<F extends (...args: never[]) => Scalar, const A extends Argnums<F> = 0>(
  f: F,
  opts?: GradOptions<A, false>,
): (...args: GradArgs<F, A>) => GradOf<F, A>;
/**
 * `grad(f, { hasAux: true })`: `f` returns `[output, aux]`; the result is `[gradient, aux]`.
 * @typeParam F - The function's type: its parameters and its `[output, aux]` result.
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function grad<F extends ArrayFunction<readonly [Scalar, unknown]>, const A extends Argnums<F> = 0>(
  f: F,
  opts: GradOptions<A, true> & { hasAux: true },
): (...args: GradArgs<F, A>) => [GradOf<F, A>, AuxOf<F>];
/**
 * `grad(f, { hasAux: true })` for an `f` with parameters of any type: as above.
 * @typeParam F - The function's type: its parameters and its `[output, aux]` result.
 * @typeParam A - The `argnums` literal: which parameters the gradient is for (default `0`).
 */
export function grad<F extends (...args: never[]) => readonly [Scalar, unknown], const A extends Argnums<F> = 0>(
  f: F,
  opts: GradOptions<A, true> & { hasAux: true },
): (...args: GradArgs<F, A>) => [GradOf<F, A>, AuxOf<F>];
export function grad(f: Fn, opts: GradOptions = {}): (...args: unknown[]) => unknown {
  const vg = valueAndGrad(f as ArrayFunction<Scalar>, opts as GradOptions<0, false>) as (...args: unknown[]) => [unknown, unknown];
  return (...args: unknown[]) => {
    const r = vg(...args);
    return opts.hasAux ? [r[1], (r[0] as [Array, unknown])[1]] : r[1];
  };
}

/**
 * JAX's `jax.vjp`: `vjp(f, ...primals)` → `[out, vjpFn]`, where `vjpFn(ct)` pulls a cotangent
 * shaped like `out` back to one cotangent per primal (a list, like JAX's tuple). With a trailing
 * `{ hasAux: true }`, `f` returns `[out, aux]` and the result is `[out, vjpFn, aux]`.
 *
 * @throws `TransformError` when `vjpFn` gets a cotangent whose structure or shapes differ from `out`.
 *
 * @example
 * ```ts
 * const [y, pullback] = vjp((x: Array) => jnp.sin(x), jnp.arange(3));
 * const [dx] = pullback(jnp.ones([3]));   // cos(x)
 * ```
 *
 * @typeParam P - The primals' types, one per parameter of `f`.
 * @typeParam Out - `f`'s output (the first of its `[out, aux]`).
 * @typeParam Aux - `f`'s auxiliary output.
 */
export function vjp<P extends readonly unknown[], Out, Aux>(
  f: (...args: NoInfer<ArrayArgs<P>>) => readonly [Out, Aux],
  ...args: [...P, { hasAux: true }]
): [ArrayTree<Out>, (ct: HostTree<ArrayTree<Out>>) => ArrayArgs<P>, ArrayTree<Aux>];
/**
 * `vjp(f, ...primals)` → `[out, vjpFn]`: as above, without `hasAux`.
 * @typeParam P - The primals' types, one per parameter of `f`.
 * @typeParam R - `f`'s output.
 */
export function vjp<P extends readonly unknown[], R>(f: (...args: NoInfer<ArrayArgs<P>>) => R, ...primals: P): [ArrayTree<R>, (ct: HostTree<ArrayTree<R>>) => ArrayArgs<P>];
export function vjp(f: Fn, ...args: unknown[]): unknown[] {
  const [primals, hasAux] = splitHasAux(args);
  const [ps, def] = flatArgs(primals);
  const w = flatWithAux(f, def, hasAux, 'vjp');
  const [all, fVjp] = vjpFlat(w.fn, ps);
  const nOut = w.nOut();
  const outs = all.slice(0, nOut);
  const vjpFn = (ct: unknown) => {
    const [cts] = treeFlatten<ArrayLike>(ct);
    if (cts.length !== nOut) throw new TransformError(`vjp function got ${cts.length} cotangent leaves for ${nOut} outputs; pass one shaped like the output.`);
    // JS cannot tell 1.0 from 1: cotangents take their output's dtype.
    const cs = cts.map((c, i) => {
      const o = outs[i]!;
      const a = c instanceof ArrayClass ? c : asArray(c, o.dtype);
      if (a.shape.join() !== o.shape.join()) throw new TransformError(`vjp function got a cotangent of shape [${a.shape}] for an output of shape [${o.shape}]; they must match.`);
      return a.dtype === o.dtype ? a : convertElementType(a, o.dtype, o.weakType);
    });
    const zeros = all.slice(nOut).map((a) => full(a.shape, 0, a.dtype, a.weakType));
    return treeUnflatten<unknown[]>(def, fVjp([...cs, ...zeros]).map((c, i) => castLike(c, ps[i]!)));
  };
  return hasAux ? [w.out(all), vjpFn, w.aux(all)] : [w.out(all), vjpFn];
}

/** A standard basis of a flat input, as a batch: eye(n) reshaped to [n, ...shape]. */
function basis(x: Array): Array {
  const n = x.size;
  const eyeData = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eyeData[i * n + i] = 1;
  const eye = convertElementType(asArray(globalThis.Array.from(eyeData), x.dtype), x.dtype, x.weakType);
  return reshape(eye, [n, ...x.shape]);
}

/** Options of `jacfwd`, `jacrev` and `hessian`: which argument (one array) to differentiate. */
export interface JacobianOptions<A extends number = number> {
  /** The index of the differentiated argument; default `0`. */
  argnums?: A;
}

/** What `jacfwd`/`jacrev`/`hessian` make of `f`: the same parameters (argument `A` one array), an Array result. */
export type JacobianFn<F extends AnyFunction, A extends number> = (...args: GradArgs<F, A>) => Array;

/**
 * JAX's `jax.jacfwd`: the Jacobian of `f` by forward mode (one JVP per input element, batched
 * with vmap). The result has shape `[...out.shape, ...x.shape]`. Here the differentiated argument
 * must be one array (JAX also takes pytrees).
 *
 * @throws `TransformError` when that argument is a pytree or is not float.
 *
 * @example
 * ```ts
 * const J = jacfwd((x: Array) => jnp.sin(x))(jnp.arange(3));   // diag(cos(x)), shape [3, 3]
 * ```
 *
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function jacfwd<F extends ArrayFunction<Scalar>, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
/**
 * `jacfwd(f)` for an `f` with parameters of any type: as above.
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function jacfwd<F extends (...args: never[]) => Scalar, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
export function jacfwd(f: Fn, opts: JacobianOptions = {}): (...args: unknown[]) => Array {
  const argnum = opts.argnums ?? 0;
  return (...args: unknown[]): Array => {
    const { primals, call } = partialFlat(f, args, [argnum]);
    if (primals.length !== 1) throw new TransformError('jacfwd supports one array argument per argnum here; pass a single array.');
    checkFloatInputs(primals, 'jacfwd');
    // JAX's jacfwd takes real inputs unless holomorphic (which jaxpool's jacfwd does not offer yet).
    if (primals[0]!.dtype.kind === 'c') throw new TransformError(`jacfwd requires real-valued inputs (a sub-dtype of floating), but got ${primals[0]!.dtype}; use jacrev for a real-valued function of complex inputs, or grad(f, { holomorphic: true }).`);
    const x = primals[0]!;
    const one = (xs: Array[]) => [asArray(call(xs) as ArrayLike)];
    // Push every basis tangent through at once: vmap over the tangent of jvp.
    const [tOuts] = [vmapFlat((ts) => jvpFlat(one, [x], [reshape(ts[0]!, x.shape)])[1], [basis(x)], [0], Math.max(x.size, 1))];
    const t = tOuts[0]!; // [n, ...outShape]
    const outShape = t.shape.slice(1);
    const moved = reshape(t, [x.size, ...outShape]);
    // Move the input axis last: [...out, n] then reshape to out + x.shape.
    const perm = [...outShape.map((_, i) => i + 1), 0];
    return reshape(transposeAxes(moved, perm), [...outShape, ...x.shape]);
  };
}

/**
 * JAX's `jax.jacrev`: the Jacobian of `f` by reverse mode (one VJP per output element, batched
 * with vmap); shape `[...out.shape, ...x.shape]`, the same values as {@link jacfwd}. The
 * differentiated argument must be one array.
 *
 * @throws `TransformError` when that argument is a pytree or is not float.
 *
 * @example
 * ```ts
 * const J = jacrev((x: Array) => jnp.sum(x.mul(x)))(jnp.arange(3));   // 2x, shape [3]
 * ```
 *
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function jacrev<F extends ArrayFunction<Scalar>, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
/**
 * `jacrev(f)` for an `f` with parameters of any type: as above.
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function jacrev<F extends (...args: never[]) => Scalar, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
export function jacrev(f: Fn, opts: JacobianOptions = {}): (...args: unknown[]) => Array {
  const argnum = opts.argnums ?? 0;
  return (...args: unknown[]): Array => {
    const { primals, call } = partialFlat(f, args, [argnum]);
    if (primals.length !== 1) throw new TransformError('jacrev supports one array argument per argnum here; pass a single array.');
    checkFloatInputs(primals, 'jacrev');
    const x = primals[0]!;
    const [outs, fVjp] = vjpFlat((xs) => [asArray(call(xs) as ArrayLike)], [x]);
    const y = outs[0]!;
    if (y.dtype.kind === 'c') checkGradOutput(y, 'jacrev', false);
    const rows = vmapFlat((cts) => fVjp([reshape(cts[0]!, y.shape)]).map((c) => castLike(c, x)), [basis(y)], [0], Math.max(y.size, 1))[0]!;
    return reshape(rows, [...y.shape, ...x.shape]);
  };
}

/**
 * JAX's `jax.hessian`: `jacfwd(jacrev(f))`, shape `[...out.shape, ...x.shape, ...x.shape]`.
 *
 * @throws `TransformError` as {@link jacfwd}.
 *
 * @example
 * ```ts
 * const H = hessian((x: Array) => jnp.sum(x.mul(x).mul(x)))(jnp.arange(3));   // diag(6x)
 * ```
 *
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function hessian<F extends ArrayFunction<Scalar>, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
/**
 * `hessian(f)` for an `f` with parameters of any type: as above.
 * @typeParam F - The function's type: its parameters and its array output.
 * @typeParam A - The differentiated parameter's index (default `0`).
 */
export function hessian<F extends (...args: never[]) => Scalar, const A extends ArgIndex<Parameters<F>> = 0>(f: F, opts?: JacobianOptions<A>): JacobianFn<F, A>;
export function hessian(f: Fn, opts: JacobianOptions = {}): (...args: unknown[]) => Array {
  return jacfwd(jacrev(f as ArrayFunction<Array>, opts) as ArrayFunction<Array>, opts) as (...args: unknown[]) => Array;
}

import { transpose as transposeAxes } from '../lax/structural.js';

/**
 * JAX's `jax.linearize`: `linearize(f, ...primals)` → `[out, fJvp]`, the primal output and the
 * linear map of tangents; `fJvp(...tangents)` (one per primal) evaluates the staged tangent
 * program without re-running `f`. With a trailing `{ hasAux: true }`, `f` returns `[out, aux]`
 * and the result is `[out, fJvp, aux]`.
 *
 * @throws `TransformError` when `fJvp` gets a different number of tangents than primals.
 *
 * @example
 * ```ts
 * const [y, fJvp] = linearize((x: Array) => jnp.sin(x), jnp.arange(3));
 * fJvp(jnp.ones([3]));   // cos(x)
 * ```
 *
 * @typeParam P - The primals' types, one per parameter of `f`.
 * @typeParam Out - `f`'s output (the first of its `[out, aux]`).
 * @typeParam Aux - `f`'s auxiliary output.
 */
export function linearize<P extends readonly unknown[], Out, Aux>(
  f: (...args: NoInfer<ArrayArgs<P>>) => readonly [Out, Aux],
  ...args: [...P, { hasAux: true }]
): [ArrayTree<Out>, (...tangents: HostArgs<ArrayArgs<P>>) => ArrayTree<Out>, ArrayTree<Aux>];
/**
 * `linearize(f, ...primals)` → `[out, fJvp]`: as above, without `hasAux`.
 * @typeParam P - The primals' types, one per parameter of `f`.
 * @typeParam R - `f`'s output.
 */
export function linearize<P extends readonly unknown[], R>(f: (...args: NoInfer<ArrayArgs<P>>) => R, ...primals: P): [ArrayTree<R>, (...tangents: HostArgs<ArrayArgs<P>>) => ArrayTree<R>];
export function linearize(f: Fn, ...args: unknown[]): unknown[] {
  const [primals, hasAux] = splitHasAux(args);
  const [ps, def] = flatArgs(primals);
  const w = flatWithAux(f, def, hasAux, 'linearize');
  const [all, lin] = linearizeFlat(w.fn, ps);
  const fJvp = (...tangents: unknown[]) => {
    const [ts] = treeFlatten<ArrayLike>(tangents);
    if (ts.length !== ps.length) throw new TransformError(`linearize's function got ${ts.length} tangent leaves for ${ps.length} primals; pass one per primal.`);
    const tArr = ts.map((t, i) => convertElementType(asArray(t, ps[i]!.dtype), ps[i]!.dtype, ps[i]!.weakType));
    return w.out(evalJaxprValues(lin.jaxpr, [...lin.consts, ...tArr]));
  };
  return hasAux ? [w.out(all), fJvp, w.aux(all)] : [w.out(all), fJvp];
}

import { linearizeFlat } from './vjp.js';
import { evalJaxprValues } from './jit.js';
