// Vectorizing map: a BatchTracer carries a value and the position of its batch dimension.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { ShapeError, TransformError } from '../core/errors.js';
import type { BatchDim, Params, Primitive } from '../core/primitive.js';
import { isPlainObject, treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { type CustomJvpCall, type CustomVjpCall, Trace, Tracer, bind, bindCustomJvp, bindCustomVjp, fullRaise, newMain } from '../core/trace.js';
import { moveBatchToFront } from '../lax/batching.js';
import { moveAxis } from '../lax/structural.js';
import type { AnyFunction, ArrayFunction, Transformed } from './signatures.js';

export class BatchTracer extends Tracer {
  constructor(
    readonly _trace: BatchTrace,
    readonly val: Array,
    readonly batchDim: BatchDim,
  ) {
    super();
  }
  get aval(): ShapedArray {
    if (this.batchDim === null) return this.val.aval;
    const shape = this.val.shape.filter((_, i) => i !== this.batchDim);
    return this.val.aval.update({ shape });
  }
  override fullLower(): Array {
    return this.batchDim === null ? this.val : this;
  }
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return this.main.globalData as number;
  }
  pure(val: Array): BatchTracer {
    return new BatchTracer(this, val, null);
  }
  processPrimitive(prim: Primitive, tracers: Tracer[], params: Params): Tracer[] {
    const ts = tracers as BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.batchDim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params).map((v) => this.pure(v));
    const rule = prim.rules.batch;
    if (!rule) throw new TransformError(`Batching rule for '${prim.name}' not implemented.`);
    const [outs, outDims] = rule(vals, dims, params);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]!));
  }
  // Custom-derivative functions stay custom under vmap: vmap both the function and its rule.
  override processCustomJvpCall(call: CustomJvpCall, tracers: Tracer[]): Array[] {
    const ts = tracers as BatchTracer[];
    const n = this.axisSize;
    const dims = ts.map((t) => t.batchDim);
    const vals = ts.map((t, i) => moveBatchToFront(t.val, dims[i]!, n));
    const batched: CustomJvpCall = {
      numOuts: call.numOuts,
      fun: (xs) => vmapFlat(call.fun, xs, xs.map(() => 0), n),
      jvp: (ps, tsIn) => {
        const outs = vmapFlat((a) => call.jvp(a.slice(0, ps.length), a.slice(ps.length)).flat(), [...ps, ...tsIn], [...ps, ...tsIn].map(() => 0), n);
        return [outs.slice(0, call.numOuts), outs.slice(call.numOuts)];
      },
    };
    return bindCustomJvp(batched, vals).map((o) => new BatchTracer(this, o, 0));
  }
  override processCustomVjpCall(call: CustomVjpCall, tracers: Tracer[]): Array[] {
    const ts = tracers as BatchTracer[];
    const n = this.axisSize;
    const vals = ts.map((t) => moveBatchToFront(t.val, t.batchDim, n));
    let numRes = 0;
    const batched: CustomVjpCall = {
      numOuts: call.numOuts,
      fun: (xs) => vmapFlat(call.fun, xs, xs.map(() => 0), n),
      fwd: (xs) => {
        const outs = vmapFlat(
          (a) => {
            const [o, r] = call.fwd(a);
            numRes = r.length;
            return [...o, ...r];
          },
          xs,
          xs.map(() => 0),
          n,
        );
        return [outs.slice(0, call.numOuts), outs.slice(call.numOuts, call.numOuts + numRes)];
      },
      bwd: (res, cts) => vmapFlat((a) => call.bwd(a.slice(0, res.length), a.slice(res.length)), [...res, ...cts], [...res, ...cts].map(() => 0), n),
    };
    return bindCustomVjp(batched, vals).map((o) => new BatchTracer(this, o, 0));
  }
}

/** vmap on flat lists: inputs batched along `inDims` (null = unbatched), outputs batched at 0. */
export function vmapFlat(f: (xs: Array[]) => Array[], args: Array[], inDims: BatchDim[], axisSize: number): Array[] {
  const [outs, dims] = vmapFlatDims(f, args, inDims, axisSize);
  return outs.map((o, i) => moveBatchToFront(o, dims[i]!, axisSize));
}

/** vmap on flat lists, returning each output with its batch dim (null: it does not depend on the mapped inputs). */
function vmapFlatDims(f: (xs: Array[]) => Array[], args: Array[], inDims: BatchDim[], axisSize: number): [Array[], BatchDim[]] {
  return newMain(BatchTrace, axisSize, (main) => {
    const trace = new BatchTrace(main);
    const ins = args.map((a, i) => new BatchTracer(trace, a, inDims[i]!));
    const outs = f(ins).map((o) => fullRaise(trace, o) as BatchTracer);
    return [outs.map((o) => o.val), outs.map((o) => o.batchDim)];
  });
}

/** An axis spec: an axis, null (not mapped), or a pytree of those that is a prefix of the value's tree. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** `vmap`'s options (JAX's `in_axes`, `out_axes`, `axis_size`). */
export interface VmapOptions {
  /** Per argument (a list with one entry per argument), or one spec for all: see AxisSpec. */
  inAxes?: AxisSpec;
  /** A spec for the output: an axis for all outputs, or a pytree prefix of the output. */
  outAxes?: AxisSpec;
  /** The mapped size, needed when no input is mapped. */
  axisSize?: number;
}

/** Expand an axes spec, a pytree prefix of `tree`, to one entry per leaf of `tree`. */
function broadcastPrefix(spec: unknown, tree: unknown, what: string, path: string): BatchDim[] {
  const [leaves] = treeFlatten(tree);
  if (spec === null || spec === undefined) return leaves.map(() => null);
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec)) throw new TransformError(`vmap ${what}${path} must be an integer axis or null, got ${spec}.`);
    return leaves.map(() => spec);
  }
  const mismatch = (kind: string) =>
    new TransformError(`vmap ${what}${path} is ${kind} (${JSON.stringify(spec)}) but the value there is ${treeFlatten(tree)[1]}; give a spec that is a prefix of the value's structure.`);
  if (globalThis.Array.isArray(spec)) {
    if (!globalThis.Array.isArray(tree) || spec.length !== tree.length) throw mismatch(`a list of ${spec.length}`);
    return spec.flatMap((s, i) => broadcastPrefix(s, tree[i], what, `${path}[${i}]`));
  }
  if (isPlainObject(spec)) {
    if (!isPlainObject(tree)) throw mismatch('an object');
    const keys = Object.keys(tree).sort();
    const specKeys = Object.keys(spec).sort();
    if (keys.join() !== specKeys.join()) throw mismatch(`an object with keys ${specKeys.join(', ')}`);
    return keys.flatMap((k) => broadcastPrefix(spec[k], tree[k], what, `${path}.${k}`));
  }
  throw new TransformError(`vmap ${what}${path} must be an integer, null, or a list/object of those, got ${String(spec)}.`);
}

/**
 * JAX's `jax.vmap`: vectorize `f` over an axis of its arguments. `vmap(f)` takes arguments with an
 * extra (leading, by default) axis and returns results with that axis: the same values as calling
 * `f` on each slice and stacking, computed by one batched program. The result keeps `f`'s
 * parameter types (host values allowed at array leaves).
 *
 * - `inAxes`: one spec for all arguments, or a list with one per argument; each an axis, `null`
 *   (not mapped, passed whole to every call) or a pytree of those matching the argument.
 * - `outAxes`: where the mapped axis goes in each output; `axisSize` when nothing is mapped.
 * - Host callbacks inside follow their `vmapMethod`; `debug.print` prints one line per element.
 *
 * @throws `ShapeError` when mapped arguments disagree on the axis size, or an axis is out of range.
 * @throws `TransformError` when a spec does not match the argument's structure.
 *
 * @example
 * ```ts
 * const dot = (a: Array, b: Array) => jnp.sum(a.mul(b));
 * vmap(dot)(jnp.ones([4, 3]), jnp.ones([4, 3]));                 // shape [4]
 * vmap(dot, { inAxes: [0, null] })(jnp.ones([4, 3]), jnp.ones([3]));
 * ```
 */
export function vmap<F extends ArrayFunction>(f: F, opts?: VmapOptions): Transformed<F>;
export function vmap<F extends AnyFunction>(f: F, opts?: VmapOptions): Transformed<F>;
export function vmap(f: AnyFunction, opts: VmapOptions = {}): Transformed<AnyFunction> {
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  if (inAxes !== null && typeof inAxes !== 'number' && !globalThis.Array.isArray(inAxes))
    throw new TransformError('vmap inAxes must be an integer, null, or a list with one entry per positional argument (each a pytree prefix of that argument).');
  return ((...args: unknown[]) => {
    const [leaves, def] = treeFlatten<ArrayLike>(args);
    const arrays = leaves.map((l) => asArray(l));
    const dims = broadcastPrefix(inAxes, args, 'inAxes', '').map((d, i) => (d === null || d >= 0 ? d : d + arrays[i]!.ndim));
    const sizes = new Set<number>();
    dims.forEach((d, i) => {
      if (d === null) return;
      const a = arrays[i]!;
      if (d < 0 || d >= a.ndim) throw new ShapeError(`vmap got inAxes ${d} for an argument of rank ${a.ndim}; choose an existing axis or null.`);
      sizes.add(a.shape[d]!);
    });
    if (opts.axisSize !== undefined) sizes.add(opts.axisSize);
    if (sizes.size === 0) throw new TransformError('vmap must have at least one non-null value in inAxes (or an axisSize).');
    if (sizes.size > 1)
      throw new ShapeError(`vmap got inconsistent sizes for the mapped axis: ${[...sizes].join(', ')}; all mapped arguments need the same size along their inAxes.`);
    const n = [...sizes][0]!;
    let outDef: TreeDef | undefined;
    let outTree: unknown;
    const [outs, outDims] = vmapFlatDims(
      (xs) => {
        outTree = (f as (...a: unknown[]) => unknown)(...treeUnflatten<unknown[]>(def, xs));
        const [flat, d] = treeFlatten<ArrayLike>(outTree);
        outDef = d;
        return flat.map((x) => asArray(x));
      },
      arrays,
      dims,
      n,
    );
    const oDims = broadcastPrefix(outAxes, outTree, 'outAxes', '');
    const placed = outs.map((o, i) => {
      const d = oDims[i]!;
      if (d === null) {
        if (outDims[i] !== null) throw new TransformError('vmap has a mapped output but its outAxes is null; give it an axis, or return a value that does not depend on the mapped inputs.');
        return o;
      }
      const b = moveBatchToFront(o, outDims[i]!, n);
      const at = d < 0 ? d + b.ndim : d;
      if (at < 0 || at >= b.ndim) throw new ShapeError(`vmap outAxes ${d} is out of range for an output of rank ${b.ndim - 1}.`);
      return moveAxis(b, 0, at);
    });
    return treeUnflatten(outDef!, placed);
  }) as Transformed<AnyFunction>;
}
