// grad, valueAndGrad, vjp, jacfwd, jacrev, hessian on top of jvpFlat/vjpFlat.
import { Array as ArrayClass, type Array, type ArrayLike } from '../core/array.js';
import { asArray, asDifferentiable } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import { isPlainObject as isOptions, treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { convertElementType } from '../lax/elementwise.js';
import { full, reshape } from '../lax/structural.js';
import { jvpFlat } from './jvp.js';
import { vjpFlat } from './vjp.js';
import { vmapFlat } from './vmap.js';

type Fn = (...args: any[]) => any;

export interface GradOptions {
  argnums?: number | number[];
  hasAux?: boolean;
}

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

function checkFloatInputs(xs: Array[], what: string): void {
  for (const x of xs)
    if (x.dtype.kind !== 'f')
      throw new TransformError(
        `${what} requires real-valued inputs (input dtype that is a sub-dtype of inexact), but got ${x.dtype.name}. ` +
          "If you want to use integer-valued inputs, use vjp or set allow_int; or convert with x.astype('float32').",
      );
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

export function valueAndGrad(f: Fn, opts: GradOptions = {}) {
  const argnums = opts.argnums ?? 0;
  const nums = typeof argnums === 'number' ? [argnums] : argnums;
  return (...args: unknown[]): [Array, unknown] | [[Array, unknown], unknown] => {
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
    checkFloatInputs(primals, 'grad');
    const y = outs[0]!;
    if (y.ndim !== 0 || y.size !== 1)
      throw new TransformError(`Gradient only defined for scalar-output functions. Output had shape: [${y.shape.join(', ')}]; reduce it (e.g. jnp.sum) or use jacrev/vjp.`);
    if (y.dtype.kind !== 'f') throw new TransformError(`grad requires real-valued outputs (output dtype that is a sub-dtype of inexact), but got ${y.dtype.name}.`);
    const cts = fVjp([full([], 1, y.dtype, y.weakType), ...outs.slice(1).map((a) => full(a.shape, 0, a.dtype, a.weakType))]);
    const grads = treeUnflatten<unknown[]>(def, cts.map((c, i) => castLike(c, primals[i]!)));
    const g = typeof argnums === 'number' ? grads[0] : grads;
    return opts.hasAux ? [[y, aux], g] : [y, g];
  };
}

function castLike(ct: Array, p: Array): Array {
  return ct.dtype === p.dtype && ct.weakType === p.weakType ? ct : convertElementType(ct, p.dtype, p.weakType);
}

export function grad(f: Fn, opts: GradOptions = {}) {
  const vg = valueAndGrad(f, opts);
  return (...args: unknown[]): any => {
    const r = vg(...args);
    return opts.hasAux ? [r[1], (r[0] as [Array, unknown])[1]] : r[1];
  };
}

/**
 * `vjp(f, ...primals)` → `[out, vjpFn]`; `vjpFn(ct)` returns one cotangent per primal, as an
 * array. `vjp(f, ...primals, { hasAux: true })` → `[out, vjpFn, aux]` for `f` returning `[out, aux]`.
 */
export function vjp(f: Fn, ...args: unknown[]): [any, (ct: unknown) => any[]] | [any, (ct: unknown) => any[], any] {
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

/** Jacobian by forward mode: output shape = out.shape + x.shape (single array argument). */
export function jacfwd(f: Fn, opts: { argnums?: number } = {}) {
  const argnum = opts.argnums ?? 0;
  return (...args: unknown[]): any => {
    const { primals, call } = partialFlat(f, args, [argnum]);
    if (primals.length !== 1) throw new TransformError('jacfwd supports one array argument per argnum here; pass a single array.');
    checkFloatInputs(primals, 'jacfwd');
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

/** Jacobian by reverse mode: output shape = out.shape + x.shape (single array argument). */
export function jacrev(f: Fn, opts: { argnums?: number } = {}) {
  const argnum = opts.argnums ?? 0;
  return (...args: unknown[]): any => {
    const { primals, call } = partialFlat(f, args, [argnum]);
    if (primals.length !== 1) throw new TransformError('jacrev supports one array argument per argnum here; pass a single array.');
    checkFloatInputs(primals, 'jacrev');
    const x = primals[0]!;
    const [outs, fVjp] = vjpFlat((xs) => [asArray(call(xs) as ArrayLike)], [x]);
    const y = outs[0]!;
    const rows = vmapFlat((cts) => fVjp([reshape(cts[0]!, y.shape)]).map((c) => castLike(c, x)), [basis(y)], [0], Math.max(y.size, 1))[0]!;
    return reshape(rows, [...y.shape, ...x.shape]);
  };
}

export function hessian(f: Fn, opts: { argnums?: number } = {}) {
  return jacfwd(jacrev(f, opts), opts);
}

import { transpose as transposeAxes } from '../lax/structural.js';

/**
 * `linearize(f, ...primals)` → `[out, fJvp]`: the primal output and the linear map of tangents
 * (JAX's jax.linearize); `fJvp` evaluates the staged tangent jaxpr without re-running `f`.
 * With a trailing `{ hasAux: true }`, `f` returns `[out, aux]` and the result is `[out, fJvp, aux]`.
 */
export function linearize(f: Fn, ...args: unknown[]): [any, (...tangents: unknown[]) => any] | [any, (...tangents: unknown[]) => any, any] {
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
