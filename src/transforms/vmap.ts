// Vectorizing map: a BatchTracer carries a value and the position of its batch dimension.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { ShapeError, TransformError } from '../core/errors.js';
import type { BatchDim, Params, Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { type CustomJvpCall, type CustomVjpCall, Trace, Tracer, bind, bindCustomJvp, bindCustomVjp, fullRaise, newMain } from '../core/trace.js';
import { moveBatchToFront } from '../lax/batching.js';
import { moveAxis } from '../lax/structural.js';

export class BatchTracer extends Tracer {
  constructor(
    readonly trace: BatchTrace,
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
  return newMain(BatchTrace, axisSize, (main) => {
    const trace = new BatchTrace(main);
    const ins = args.map((a, i) => new BatchTracer(trace, a, inDims[i]!));
    const outs = f(ins).map((o) => fullRaise(trace, o) as BatchTracer);
    return outs.map((o) => moveBatchToFront(o.val, o.batchDim, axisSize));
  });
}

export interface VmapOptions {
  /** Per argument: an axis, null (unbatched), or a pytree of those matching the argument. */
  inAxes?: number | null | readonly unknown[];
  outAxes?: number | null | readonly unknown[];
}

/** Expand an axes spec (a single value, or a tree prefix of `def`) to one entry per leaf. */
function broadcastPrefix(spec: unknown, tree: unknown, what: string): BatchDim[] {
  const [leaves] = treeFlatten(tree);
  if (spec === null || typeof spec === 'number') return leaves.map(() => spec as BatchDim);
  if (!globalThis.Array.isArray(spec) || !globalThis.Array.isArray(tree) || spec.length !== tree.length)
    throw new TransformError(
      `vmap ${what} specification must be a number, null, or a list with one entry per ${what === 'inAxes' ? 'argument' : 'output'} (got ${JSON.stringify(spec)} for ${globalThis.Array.isArray(tree) ? tree.length : 1}).`,
    );
  return spec.flatMap((s, i) => broadcastPrefix(s, tree[i], what));
}

/** `vmap(f, {inAxes, outAxes})`: map `f` over a leading (or chosen) axis of its arguments. */
export function vmap<F extends (...args: any[]) => any>(f: F, opts: VmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  const inAxes = opts.inAxes ?? 0;
  const outAxes = opts.outAxes ?? 0;
  return ((...args: unknown[]) => {
    const [leaves, def] = treeFlatten<ArrayLike>(args);
    const arrays = leaves.map((l) => asArray(l));
    const dims = broadcastPrefix(inAxes, args, 'inAxes').map((d, i) => (d === null || d >= 0 ? d : d + arrays[i]!.ndim));
    const sizes = new Set<number>();
    dims.forEach((d, i) => {
      if (d === null) return;
      const a = arrays[i]!;
      if (d >= a.ndim) throw new ShapeError(`vmap got inAxes ${d} for an argument of rank ${a.ndim}; choose an existing axis or null.`);
      sizes.add(a.shape[d]!);
    });
    if (sizes.size === 0) throw new TransformError('vmap must have at least one non-null value in inAxes.');
    if (sizes.size > 1)
      throw new ShapeError(`vmap got inconsistent sizes for the mapped axis: ${[...sizes].join(', ')}; all mapped arguments need the same size along their inAxes.`);
    const n = [...sizes][0]!;
    let outDef: TreeDef | undefined;
    let outTree: unknown;
    const outs = vmapFlat(
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
    const oDims = broadcastPrefix(outAxes, outTree, 'outAxes');
    const placed = outs.map((o, i) => {
      const d = oDims[i]!;
      if (d === null) throw new TransformError('vmap outAxes=null is only allowed for outputs that do not depend on the mapped inputs.');
      return moveAxis(o, 0, d < 0 ? d + o.ndim : d);
    });
    return treeUnflatten(outDef!, placed);
  }) as (...args: Parameters<F>) => ReturnType<F>;
}
