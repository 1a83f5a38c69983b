// lax.scan: a loop over the leading axis of `xs` carrying state, stacking per-step outputs.
// Differentiable in both modes: its JVP splits into a primal scan that also stacks residuals and
// a tangent scan linear in the tangents, whose transpose is a reverse scan.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { ShapeError, TransformError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { treeUnflatten } from '../core/pytree.js';
import type { ArrayTree, ArrayTreeOut } from '../core/treeTypes.js';
import { bind } from '../core/trace.js';
import { splitComplexInterface } from '../compiler/complex.js';
import { flattenPlanes, groupPlanes } from '../lax/complexPlanes.js';
import { evalJaxprValues } from '../transforms/jit.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { vmapFlat } from '../transforms/vmap.js';
import { add } from '../lax/elementwise.js';
import { moveBatchToFront } from '../lax/batching.js';
import { full, moveAxis } from '../lax/structural.js';
import { callSub, carryBuffers, flatArrays, isEffectful, nbytes, promoteWeakCarry, sameAvals, sliceAt, traceFn } from './common.js';
import { type Exp, i32, ix, where } from '../ir/exp.js';
import { linearizeFn, transposeLinear } from './linearize.js';

interface ScanParams extends Params {
  /** (consts..., carry..., x slices...) → (carry..., y slices...) */
  jaxpr: Jaxpr;
  numConsts: number;
  numCarry: number;
  length: number;
  reverse: boolean;
}

const stacked = (a: ShapedArray, n: number) => a.update({ shape: [n, ...a.shape] });

export const scanP: Primitive<ScanParams> = definePrimitive<ScanParams>('scan', {
  abstractEval: (avals, p) => {
    const carry = avals.slice(p.numConsts, p.numConsts + p.numCarry);
    const ys = p.jaxpr.outs.slice(p.numCarry).map((o) => stacked(o.aval, p.length));
    return [...carry, ...ys];
  },
  effectful: (p) => isEffectful(p.jaxpr),
  jvp: (primals, tangents, p) => {
    const { numConsts: nc, numCarry: nk, length, reverse } = p;
    const bodyAvals = p.jaxpr.inBinders.map((v) => v.aval);
    const lin = linearizeFn((xs) => evalJaxprValues(p.jaxpr, xs), bodyAvals);
    const nr = lin.resAvals.length;
    // Primal scan: the body also emits its residuals, stacked like ys.
    const primal = bindScan((xs) => {
      const [outs, res] = lin.primal(xs);
      return [...outs, ...res];
    }, primals.slice(0, nc), primals.slice(nc, nc + nk), primals.slice(nc + nk), { length, reverse });
    const carryOut = primal.slice(0, nk);
    const ny = primal.length - nk - nr;
    const ys = primal.slice(nk, nk + ny);
    const res = primal.slice(nk + ny);
    // Tangent scan: constants' tangents are constants; residuals are scanned over with the xs tangents.
    const tOuts = bindScan(
      (zs) => {
        const tc = zs.slice(0, nc);
        const tk = zs.slice(nc, nc + nk);
        const r = zs.slice(nc + nk, nc + nk + nr);
        const tx = zs.slice(nc + nk + nr);
        return lin.tangent(r, [...tc, ...tk, ...tx]);
      },
      tangents.slice(0, nc),
      tangents.slice(nc, nc + nk),
      [...res, ...tangents.slice(nc + nk)],
      { length, reverse },
    );
    return [[...carryOut, ...ys], tOuts];
  },
  transpose: (cts, args, p) => {
    const { numConsts: nc, numCarry: nk, length, reverse } = p;
    const consts = args.slice(0, nc);
    const carry = args.slice(nc, nc + nk);
    const xs = args.slice(nc + nk);
    // The carry is treated as linear throughout: a concrete carry input here is a zero tangent
    // (it cannot be held fixed while the body updates it), and its cotangent is simply dropped.
    const linConst = consts.map((c) => c instanceof UndefinedPrimal);
    const linX = xs.map((x) => x instanceof UndefinedPrimal);
    const nlConsts = consts.filter((c): c is Array => !(c instanceof UndefinedPrimal));
    const nlXs = xs.filter((x): x is Array => !(x instanceof UndefinedPrimal));
    const aval = (a: Array | UndefinedPrimal) => (a instanceof UndefinedPrimal ? a.aval : a.aval);
    const bodyAvals = p.jaxpr.inBinders.map((v) => v.aval);
    const linConstAvals = consts.filter((c) => c instanceof UndefinedPrimal).map(aval);
    const carryAvals = carry.map(aval);
    const linXAvals = bodyAvals.slice(nc + nk).filter((_, i) => linX[i]);
    const outAvals = p.jaxpr.outs.map((o) => o.aval);
    const zero = (a: ShapedArray) => full(a.shape, 0, a.dtype, a.weakType);
    const ctCarry = cts.slice(0, nk).map((c, i) => c ?? zero(carryAvals[i]!));
    const ctYs = cts.slice(nk).map((c, i) => c ?? zero(stacked(outAvals[nk + i]!, length)));
    // Reverse scan: carry = (constant cotangents accumulated, carry cotangent); xs = (non-linear xs, ys cotangents).
    const body = (zs: Array[]) => {
      const nlc = zs.slice(0, nlConsts.length);
      const accConsts = zs.slice(nlConsts.length, nlConsts.length + linConstAvals.length);
      const ctK = zs.slice(nlConsts.length + linConstAvals.length, nlConsts.length + linConstAvals.length + nk);
      const rest = zs.slice(nlConsts.length + linConstAvals.length + nk);
      const nlx = rest.slice(0, nlXs.length);
      const ctY = rest.slice(nlXs.length);
      const f = (nonlin: Array[], lin: Array[]) => {
        let a = 0;
        let b = 0;
        const c = linConst.map((isLin) => (isLin ? lin[b++]! : nonlin[a++]!));
        const k = lin.slice(b, b + nk);
        b += nk;
        let d = nonlin.length - nlx.length;
        const x = linX.map((isLin) => (isLin ? lin[b++]! : nonlin[d++]!));
        return evalJaxprValues(p.jaxpr, [...c, ...k, ...x]);
      };
      const inCts = transposeLinear(f, [...nlc, ...nlx], [...linConstAvals, ...carryAvals, ...linXAvals], [...ctK, ...ctY]);
      const dConsts = inCts.slice(0, linConstAvals.length);
      const dCarry = inCts.slice(linConstAvals.length, linConstAvals.length + nk);
      const dXs = inCts.slice(linConstAvals.length + nk);
      return [...accConsts.map((acc, i) => add(acc, dConsts[i]!)), ...dCarry, ...dXs];
    };
    const outs = bindScan(body, nlConsts, [...linConstAvals.map(zero), ...ctCarry], [...nlXs, ...ctYs], { length, reverse: !reverse });
    const ctConsts = outs.slice(0, linConstAvals.length);
    const ctInit = outs.slice(linConstAvals.length, linConstAvals.length + nk);
    const ctXs = outs.slice(linConstAvals.length + nk);
    let i = 0;
    let j = 0;
    return [...linConst.map((l) => (l ? ctConsts[i++]! : null)), ...carry.map((c, k) => (c instanceof UndefinedPrimal ? ctInit[k]! : null)), ...linX.map((l) => (l ? ctXs[j++]! : null))];
  },
  batch: (args, dims, p) => {
    const { numConsts: nc, numCarry: nk, length, reverse } = p;
    const k = dims.findIndex((d) => d !== null);
    const n = args[k]!.shape[dims[k]!]!;
    // Constants and carry batched at 0; xs batched at 1 (axis 0 is scanned).
    const consts = args.slice(0, nc).map((a, i) => moveBatchToFront(a, dims[i]!, n));
    const carry = args.slice(nc, nc + nk).map((a, i) => moveBatchToFront(a, dims[nc + i]!, n));
    const xs = args.slice(nc + nk).map((a, i) => moveAxis(moveBatchToFront(a, dims[nc + nk + i]!, n), 0, 1));
    const outs = bindScan((zs) => vmapFlat((ys) => evalJaxprValues(p.jaxpr, ys), zs, zs.map(() => 0), n), consts, carry, xs, { length, reverse });
    return [outs, outs.map((_, i) => (i < nk ? 0 : 1))];
  },
  // Complex constants, carries or slices: the body on real planes, each complex value as two real ones.
  complex: (args, p, outAvals) => {
    const flat = (xs: typeof args) => flattenPlanes(xs).length;
    const params = { ...p, jaxpr: splitComplexInterface(p.jaxpr), numConsts: flat(args.slice(0, p.numConsts)), numCarry: flat(args.slice(p.numConsts, p.numConsts + p.numCarry)) };
    return groupPlanes(bind(scanP, flattenPlanes(args), params), outAvals);
  },
  lower: {
    kind: 'kernel',
    build(ctx, { params, inAvals, outAvals }) {
      const { numConsts: nc, numCarry: nk, length, reverse } = params;
      const sub = ctx.subprogram(params.jaxpr);
      const ins = inAvals.map((_, i) => ctx.inputOffset(i));
      const carryAvals = outAvals.slice(0, nk);
      const yAvals = params.jaxpr.outs.slice(nk).map((o) => o.aval);
      const xAvals = params.jaxpr.inBinders.slice(nc + nk).map((v) => v.aval);
      // Two carry buffers swap roles each step.
      const bufs = [carryBuffers(ctx, carryAvals), carryBuffers(ctx, carryAvals)] as const;
      const carryAt = (which: Exp) => carryAvals.map((_, j) => where(which, bufs[1][j]!, bufs[0][j]!));
      carryAvals.forEach((a, j) => ctx.copy(bufs[0][j]!, ins[nc + j]!, nbytes(a)));
      const cur = ctx.local(i32(0), 'cur');
      ctx.loop(0, length, (i) => {
        const t = ctx.let(reverse ? ix.sub(length - 1, i) : i, 't');
        const nxt = ctx.let(ix.sub(1, cur.ref), 'nxt');
        const xs = xAvals.map((a, j) => sliceAt(ins[nc + nk + j]!, t, a));
        const ys = yAvals.map((a, j) => sliceAt(ctx.outputOffset(nk + j), t, a));
        callSub(ctx, sub, [...ins.slice(0, nc), ...carryAt(cur.ref), ...xs], [...carryAt(nxt), ...ys], params.jaxpr.outs.map((o) => o.aval), params.jaxpr.inBinders.map((v) => v.aval));
        ctx.assign(cur, nxt);
      });
      carryAvals.forEach((a, j) => ctx.copy(ctx.outputOffset(j), carryAt(cur.ref)[j]!, nbytes(a)));
    },
  },
});

/** Bind scan over a body of flat (consts, carry, x slices) → (carry, y slices); hoists its constants. */
export function bindScan(
  body: (zs: Array[]) => Array[],
  consts: Array[],
  init: Array[],
  xs: Array[],
  opts: { length: number; reverse: boolean },
): Array[] {
  const { length, reverse } = opts;
  for (const x of xs)
    if (x.shape[0] !== length) throw new ShapeError(`scan got xs with leading dimension ${x.shape[0]} but length ${length}; every xs leaf must have the same leading size.`);
  const avals = [...consts.map((c) => c.aval), ...init.map((c) => c.aval), ...xs.map((x) => x.aval.update({ shape: x.shape.slice(1) }))];
  const traced = traceToJaxpr(body, avals);
  sameAvals(
    init.map((c) => c.aval),
    traced.outAvals.slice(0, init.length),
    'scan body must return a carry of the same type as init',
  );
  const extra = traced.consts;
  // Hoisted constants go first; the body jaxpr takes them before the given constants.
  const jaxpr = traced.jaxpr;
  return bind(scanP, [...extra, ...consts, ...init, ...xs], { jaxpr, numConsts: extra.length + consts.length, numCarry: init.length, length, reverse });
}

/**
 * JAX's `lax.scan`: `scan(f, init, xs)` → `[carry, ys]`, looping `[carry, y] = f(carry, x)` over
 * the leading axis of `xs` (each leaf of a pytree `xs` sliced alike) and stacking the `y`s, as one
 * loop in the compiled program. The carry keeps its structure, shapes and dtypes; `xs` may be
 * `null` with an explicit `length`. Options positionally or as `{ length, reverse, unroll }`
 * (`reverse` scans from the end; `unroll` is accepted and ignored). Differentiable in both modes.
 *
 * @throws `ShapeError` when there is neither `xs` with a leading axis nor a `length`.
 * @throws `TransformError` when `f` does not return `[carry, y]` with the carry's structure.
 *
 * @example
 * ```ts
 * const [total, cumsum] = lax.scan((c, x) => [c.add(x), c.add(x)], 0, jnp.arange(5));   // 10, [0 1 3 6 10]
 * ```
 */
export function scan<const I, const X = null, Y = null>(
  f: (carry: NoInfer<ArrayTree<I>>, x: NoInfer<ArrayTree<X>>) => readonly [NoInfer<ArrayTreeOut<I>>, Y],
  init: I,
  xs?: X,
  length?: number | null | ScanOptions,
  reverse?: boolean | ScanOptions,
  unroll?: number | boolean | ScanOptions,
  opts?: ScanOptions,
): [ArrayTree<I>, ArrayTree<Y>];
export function scan(
  f: (carry: never, x: never) => readonly [unknown, unknown],
  init: unknown,
  xs?: unknown,
  length?: number | null | ScanOptions,
  reverse?: boolean | ScanOptions,
  unroll?: number | boolean | ScanOptions,
  opts?: ScanOptions,
): [unknown, unknown] {
  const o = bindArgs('lax.scan', ['length', 'reverse', 'unroll'], [length, reverse, unroll, opts]);
  let [carry, carryDef] = flatArrays(init);
  const [xLeaves, xDef] = flatArrays(xs ?? null);
  if (o.length !== undefined && o.length !== null) countArg('lax.scan', 'length', o.length);
  const rev = boolArg('lax.scan', 'reverse', o.reverse, false);
  const n = (o.length as number | undefined | null) ?? xLeaves[0]?.shape[0];
  if (n === undefined) throw new ShapeError('scan needs xs with a leading axis, or an explicit length.');
  const sliceAvals = xLeaves.map((x) => x.aval.update({ shape: x.shape.slice(1) }));
  const trace = (c: Array[]) => {
    const t = traceFn(
      (args: [never, never]) => {
        const [cOut, y] = f(args[0], args[1]);
        return [cOut, y];
      },
      treeDefPair(carryDef, xDef),
      [...c.map((v) => v.aval), ...sliceAvals],
      false,
    );
    const kids = t.outDef.children;
    if (t.outDef.kind !== 'array' || kids.length !== 2 || !kids[0]!.equals(carryDef))
      throw new TransformError(`scan body must return [carry, y] with the carry structure ${carryDef}, got ${t.outDef}.`);
    return t;
  };
  let traced = trace(carry);
  // Weakly typed inits (JS numbers) take the type the body gives them, as in JAX: trace again.
  const promoted = promoteWeakCarry(carry, traced.jaxpr.outs.slice(0, carry.length).map((o) => o.aval));
  if (promoted) traced = trace((carry = promoted));
  const yDef = traced.outDef.children[1]!;
  const outs = bindScan((zs) => evalJaxprValues(traced.jaxpr, zs), traced.consts, carry, xLeaves, { length: n, reverse: rev });
  return [treeUnflatten(carryDef, outs.slice(0, carry.length)), treeUnflatten(yDef, outs.slice(carry.length))];
}

import { TreeDef } from '../core/pytree.js';
import { bindArgs, boolArg, countArg } from '../core/args.js';

/** lax.scan's keyword arguments (`unroll` is accepted; loops are not unrolled). */
export interface ScanOptions {
  length?: number | null;
  reverse?: boolean;
  unroll?: number | boolean;
}
function treeDefPair(a: TreeDef, b: TreeDef): TreeDef {
  return new TreeDef('array', [a, b]);
}
