// lax.cond / lax.switch: one of several branch jaxprs, chosen on the device by an index.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { ShapeError, TransformError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { treeUnflatten } from '../core/pytree.js';
import type { ArrayArgs, ArrayTree } from '../core/treeTypes.js';
import { bind } from '../core/trace.js';
import { splitComplexInterface } from '../compiler/complex.js';
import { flattenPlanes, groupPlanes } from '../lax/complexPlanes.js';
import { evalJaxprValues } from '../transforms/jit.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { vmapFlat } from '../transforms/vmap.js';
import { moveBatchToFront } from '../lax/batching.js';
import { convertElementType, eq, max, min, select } from '../lax/elementwise.js';
import { broadcastInDim, full } from '../lax/structural.js';
import { refuseIoInBatchedCond } from '../compiler/effects.js';
import { callSub, flatArrays, isEffectful, sameAvals, traceFn } from './common.js';
import { alu, i32 } from '../ir/exp.js';
import { linearizeFn, transposeLinear } from './linearize.js';

interface CondParams extends Params {
  /** Each branch takes every operand (the union of all branches' constants, then the operands). */
  branches: Jaxpr[];
}

export const condP: Primitive<CondParams> = definePrimitive<CondParams>('cond', {
  abstractEval: (_avals, p) => p.branches[0]!.outs.map((o) => o.aval),
  effectful: (p) => p.branches.some(isEffectful),
  jvp: ([index, ...ins], [, ...tins], p) => {
    // Primal cond returning residuals, then a tangent cond that is linear in the tangents.
    const avals = ins.map((x) => x!.aval);
    const lins = p.branches.map((b) => linearizeFn((xs) => evalJaxprValues(b, xs), avals));
    const resAvals = lins.flatMap((l) => l.resAvals);
    const slots = lins.map((_, i) => lins.slice(0, i).reduce((s, l) => s + l.resAvals.length, 0));
    const numOuts = lins[0]!.numOuts;
    const primal = bindSwitch(
      index!,
      lins.map((l, i) => (xs: Array[]) => {
        const [outs, res] = l.primal(xs);
        const all = resAvals.map((a, k) => (k >= slots[i]! && k < slots[i]! + res.length ? res[k - slots[i]!]! : full(a.shape, 0, a.dtype, a.weakType)));
        return [...outs, ...all];
      }),
      ins,
    );
    const outs = primal.slice(0, numOuts);
    const res = primal.slice(numOuts);
    const touts = bindSwitch(
      index!,
      lins.map((l, i) => (ys: Array[]) => l.tangent(ys.slice(slots[i]!, slots[i]! + l.resAvals.length), ys.slice(resAvals.length))),
      [...res, ...tins],
    );
    return [outs, touts];
  },
  transpose: (cts, [index, ...ins], p) => {
    if (index instanceof UndefinedPrimal) throw new TransformError('cond: the branch index cannot be differentiated.');
    const linear = ins.map((x) => x instanceof UndefinedPrimal);
    const nonlinear = ins.filter((x): x is Array => !(x instanceof UndefinedPrimal));
    const linAvals = ins.filter((x): x is UndefinedPrimal => x instanceof UndefinedPrimal).map((u) => u.aval);
    const outAvals = p.branches[0]!.outs.map((o) => o.aval);
    const ctsFull = cts.map((c, j) => c ?? full(outAvals[j]!.shape, 0, outAvals[j]!.dtype, outAvals[j]!.weakType));
    const merge = (nl: Array[], li: Array[]) => {
      let a = 0;
      let b = 0;
      return linear.map((isLin) => (isLin ? li[b++]! : nl[a++]!));
    };
    const ctIns = bindSwitch(
      index,
      p.branches.map((br) => (ys: Array[]) =>
        transposeLinear((nl, li) => evalJaxprValues(br, merge(nl, li)), ys.slice(0, nonlinear.length), linAvals, ys.slice(nonlinear.length)),
      ),
      [...nonlinear, ...ctsFull],
    );
    let k = 0;
    return [null, ...linear.map((isLin) => (isLin ? ctIns[k++]! : null))];
  },
  batch: ([index, ...ins], [di, ...dims], p) => {
    refuseIoInBatchedCond(p.branches);
    const n = [index, ...ins].map((x, i) => (i === 0 ? di : dims[i - 1]) !== null ? x!.shape[(i === 0 ? di : dims[i - 1])!]! : 0).find((s) => s > 0)!;
    const moved = ins.map((x, i) => moveBatchToFront(x!, dims[i]!, n));
    const branchFns = p.branches.map((b) => (xs: Array[]) => vmapFlat((ys) => evalJaxprValues(b, ys), xs, xs.map(() => 0), n));
    if (di === null) {
      const outs = bindSwitch(index!, branchFns, moved);
      return [outs, outs.map(() => 0)];
    }
    // A batched index: every branch runs and each lane selects its branch's result.
    const idx = moveBatchToFront(index!, di, n);
    const results = branchFns.map((f) => f(moved));
    const outs = results[0]!.map((_, j) => {
      let acc = results[0]![j]!;
      for (let b = 1; b < results.length; b++) {
        const o = results[b]![j]!;
        const pick = broadcastInDim(eq(idx, full([n], b, int32)), o.shape, [0]);
        acc = select(pick, o, acc);
      }
      return acc;
    });
    return [outs, outs.map(() => 0)];
  },
  // Complex operands: the branches on real planes, each complex value as two real ones.
  complex: ([index, ...ins], p, outAvals) =>
    groupPlanes(bind(condP, [index as Array, ...flattenPlanes(ins)], { ...p, branches: p.branches.map(splitComplexInterface) }), outAvals),
  lower: {
    kind: 'kernel',
    build(ctx, { params, inAvals, outAvals }) {
      const k = ctx.let(ctx.read(0, 0), 'k');
      const ins = inAvals.slice(1).map((_, i) => ctx.inputOffset(i + 1));
      const outs = outAvals.map((_, j) => ctx.outputOffset(j));
      const subs = params.branches.map((b) => ctx.subprogram(b));
      // The index is clamped into range (bindSwitch): the last branch is the else.
      const branch = (i: number): void => {
        const run = () => callSub(ctx, subs[i]!, ins, outs, outAvals, inAvals.slice(1));
        if (i === subs.length - 1) run();
        else ctx.if(alu('eq', k, i32(i)), run, () => branch(i + 1));
      };
      branch(0);
    },
  },
});

/** Bind cond over branch functions of flat operands: traced, constants unified into operands. */
export function bindSwitch(index: Array, fns: ((xs: Array[]) => Array[])[], operands: Array[]): Array[] {
  const avals = operands.map((x) => x.aval);
  const traced = fns.map((f) => traceToJaxpr(f, avals));
  const outAvals = traced[0]!.outAvals;
  traced.forEach((t, i) => sameAvals(outAvals, t.outAvals, `cond branch ${i} output types`));
  const consts = traced.flatMap((t) => t.consts);
  const offsets = traced.map((_, i) => traced.slice(0, i).reduce((s, t) => s + t.consts.length, 0));
  // Each branch takes all constants, using its own slice.
  const branches = traced.map((t, i) =>
    traceToJaxpr((ys) => evalJaxprValues(t.jaxpr, [...ys.slice(offsets[i]!, offsets[i]! + t.consts.length), ...ys.slice(consts.length)]), [...consts.map((c) => c.aval), ...avals]),
  );
  // Re-tracing can capture constants again (it does not for these pure wrappers); hoist them too.
  const extra = branches.flatMap((b) => b.consts);
  if (extra.length) throw new TransformError('internal: cond branch wrappers captured constants.');
  return bind(condP, [clampIndex(index, fns.length), ...consts, ...operands], { branches: branches.map((b) => b.jaxpr) });
}

/**
 * JAX's `lax.switch`: `switch(index, branches, ...operands)` runs `branches[index](...operands)`
 * (the index clamped to the valid range, as JAX does). Inside `jit` only the branch taken runs,
 * on the device, with no host round trip; under `vmap` with a batched index every branch runs and
 * the results are selected. Every branch must return the same structure, shapes and dtypes.
 *
 * @throws `ShapeError` when `index` is not a scalar.
 * @throws `TransformError` when `index` is not an integer, or the branches' outputs differ.
 *
 * @example
 * ```ts
 * const f = (i: Array, x: Array) => lax.switch(i, [(v) => v.add(1), (v) => v.mul(2), (v) => v.neg()], x);
 * jit(f)(jnp.asarray(1), jnp.ones([2]));   // [2, 2]
 * ```
 */
export function switchFn<const Ops extends readonly unknown[], R>(index: ArrayLike, branches: readonly ((...operands: NoInfer<ArrayArgs<Ops>>) => R)[], ...operands: Ops): ArrayTree<R>;
export function switchFn(index: ArrayLike, branches: readonly ((...args: never[]) => unknown)[], ...operands: unknown[]): unknown {
  const idx = asArray(index);
  if (idx.ndim !== 0) throw new ShapeError(`switch index must be a scalar, got shape [${idx.shape}].`);
  if (idx.dtype.kind !== 'i' && idx.dtype.kind !== 'u') throw new TransformError(`switch index must be an integer, got ${idx.dtype.name}.`);
  const [ops, inDef] = flatArrays(operands);
  let outDef: ReturnType<typeof traceFn>['outDef'] | undefined;
  const fns = branches.map((br) => (xs: Array[]) => {
    const t = traceFn(br as (...args: unknown[]) => unknown, inDef, xs.map((x) => x.aval));
    if (outDef && !outDef.equals(t.outDef)) throw new TransformError(`switch branches return different structures: ${outDef} vs ${t.outDef}.`);
    outDef = t.outDef;
    return evalJaxprValues(t.jaxpr, [...t.consts, ...xs]);
  });
  const outs = bindSwitch(convertElementType(idx, int32), fns, ops);
  return treeUnflatten(outDef!, outs);
}

/**
 * JAX's `lax.cond`: `cond(pred, trueFn, falseFn, ...operands)` is `pred ? trueFn(...operands) :
 * falseFn(...operands)` for a scalar `pred`, as one conditional in the compiled program: inside
 * `jit` only the branch taken runs (its callbacks too). Use it where `if (x > 0)` would read a
 * traced value. Both branches get the operands as Arrays and must return the same structure,
 * shapes and dtypes; the result has that structure. Differentiable (forward and reverse).
 *
 * @throws `ShapeError` when `pred` is not a scalar (use `jnp.where` to select elementwise).
 * @throws `TransformError` when the branches' outputs differ in structure, shape or dtype.
 *
 * @example
 * ```ts
 * const relu = jit((x: Array) => lax.cond(x.gt(0), (v) => v, (v) => v.mul(0), x));
 * relu(jnp.asarray(-2));   // 0
 * ```
 */
export function cond<const Ops extends readonly unknown[], R>(
  pred: ArrayLike,
  trueFn: (...operands: NoInfer<ArrayArgs<Ops>>) => R,
  falseFn: (...operands: NoInfer<ArrayArgs<Ops>>) => R,
  ...operands: Ops
): ArrayTree<R>;
export function cond(pred: ArrayLike, trueFn: (...args: never[]) => unknown, falseFn: (...args: never[]) => unknown, ...operands: unknown[]): unknown {
  const p = asArray(pred);
  if (p.ndim !== 0) throw new ShapeError(`cond predicate must be a scalar, got shape [${p.shape}]; use jnp.where for elementwise selection.`);
  const branches = p.dtype.kind === 'b' ? [falseFn, trueFn] : [trueFn, falseFn];
  return switchFn(convertElementType(p.dtype.kind === 'b' ? p : eq(p, full([], 0, p.dtype)), int32), branches as ((...args: unknown[]) => unknown)[], ...operands);
}

function clampIndex(index: Array, n: number): Array {
  const i = convertElementType(index, int32);
  return max(min(i, full([], n - 1, int32)), full([], 0, int32));
}
