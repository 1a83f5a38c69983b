// lax.whileLoop: iterate a body while a predicate holds, on the device with no host round trip.
import type { Array } from '../core/array.js';
import { bool, int32 } from '../core/dtypes.js';
import { ShapeError, TransformError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { treeUnflatten } from '../core/pytree.js';
import type { ArrayTree, ArrayTreeOut } from '../core/treeTypes.js';
import { bind } from '../core/trace.js';
import { splitComplexInterface } from '../compiler/complex.js';
import { flattenPlanes, groupPlanes } from '../lax/complexPlanes.js';
import { evalJaxprValues } from '../transforms/jit.js';
import { jvpFlat } from '../transforms/jvp.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { vmapFlat } from '../transforms/vmap.js';
import { moveBatchToFront } from '../lax/batching.js';
import { convertElementType, select } from '../lax/elementwise.js';
import { reduceMax } from '../lax/reductions.js';
import { broadcastInDim } from '../lax/structural.js';
import { batchedWhilePredicate, effectKinds, refuseIoInBatchedWhile } from '../compiler/effects.js';
import { callSub, carryBuffers, flatArrays, isEffectful, nbytes, promoteWeakCarry, sameAvals, traceFn } from './common.js';
import { alu, constant, type Exp, i32, ix, load, offsetOf, where } from '../ir/exp.js';

interface WhileParams extends Params {
  /** (condConsts..., carry...) → bool[] */
  cond: Jaxpr;
  /** (bodyConsts..., carry...) → carry... */
  body: Jaxpr;
  condNConsts: number;
  bodyNConsts: number;
}

export const whileP: Primitive<WhileParams> = definePrimitive<WhileParams>('while', {
  abstractEval: (avals, p) => avals.slice(p.condNConsts + p.bodyNConsts),
  effectful: (p) => isEffectful(p.cond) || isEffectful(p.body),
  jvp: (primals, tangents, p) => {
    const nc = p.condNConsts;
    const nb = p.bodyNConsts;
    const cc = primals.slice(0, nc);
    const bc = primals.slice(nc, nc + nb);
    const carry = primals.slice(nc + nb);
    const tbc = tangents.slice(nc, nc + nb);
    const tcarry = tangents.slice(nc + nb);
    const n = carry.length;
    // Carry primal and tangent together; body constants' tangents are loop-invariant constants.
    const outs = bindWhile(
      (xs) => evalJaxprValues(p.cond, [...cc, ...xs.slice(0, n)]),
      (xs) => {
        const [po, to] = jvpFlat((ys) => evalJaxprValues(p.body, ys), [...bc, ...xs.slice(0, n)], [...tbc, ...xs.slice(n)]);
        return [...po, ...to];
      },
      [...carry, ...tcarry],
    );
    return [outs.slice(0, n), outs.slice(n)];
  },
  transpose: () => {
    throw new TransformError(
      'Reverse-mode differentiation does not work for lax.whileLoop or lax.foriLoop with dynamic start/stop values. Try using lax.scan, or lax.foriLoop with constant start/stop.',
    );
  },
  batch: (args, dims, p) => {
    const k = dims.findIndex((d) => d !== null);
    const n = args[k]!.shape[dims[k]!]!;
    const nc = p.condNConsts + p.bodyNConsts;
    const predBatched = batchedWhilePredicate(p.cond, p.body, p.condNConsts, p.bodyNConsts, dims.map((d) => d !== null));
    refuseIoInBatchedWhile(p.cond, p.body, predBatched);
    const moved = args.map((a, i) => moveBatchToFront(a, dims[i]!, n));
    const consts = moved.slice(0, nc);
    const carry = moved.slice(nc);
    const cc = consts.slice(0, p.condNConsts);
    const bc = consts.slice(p.condNConsts);
    const lanePred = (xs: Array[]) => vmapFlat((ys) => evalJaxprValues(p.cond, ys), [...cc, ...xs], [...cc, ...xs].map(() => 0), n)[0]!;
    const anyLane = (pred: Array) => convertElementType(reduceMax(convertElementType(pred, int32), [0]), pred.dtype);
    const step = (xs: Array[]) => vmapFlat((ys) => evalJaxprValues(p.body, ys), [...bc, ...xs], [...bc, ...xs].map(() => 0), n);
    const mask = (pred: Array, next: Array[], xs: Array[]) => next.map((v, i) => select(broadcastInDim(pred, v.shape, [0]), v, xs[i]!));
    let outs: Array[];
    // An unbatched predicate is the same in every lane: no lane finishes early, nothing to mask.
    if (!predBatched) outs = bindWhile((xs) => [anyLane(lanePred(xs))], step, carry);
    else if (effectKinds(p.cond).orderedDebug) {
      // JAX's loop when the condition has ordered effects: it runs once per iteration, after the
      // body (the lanes' predicate is carried). Finished lanes keep their carry.
      const loop = bindWhile(
        (xs) => [anyLane(xs[xs.length - 1]!)],
        (xs) => {
          const cur = xs.slice(0, -1);
          const next = mask(xs[xs.length - 1]!, step(cur), cur);
          return [...next, lanePred(next)];
        },
        [...carry, lanePred(carry)],
      );
      outs = loop.slice(0, -1);
    } else
      // Every lane runs until all are done; finished lanes keep their carry. As JAX: the body,
      // then the predicate that masks its results.
      outs = bindWhile(
        (xs) => [anyLane(lanePred(xs))],
        (xs) => {
          const next = step(xs);
          return mask(lanePred(xs), next, xs);
        },
        carry,
      );
    return [outs, outs.map(() => 0)];
  },
  // Complex carries or constants: cond and body on real planes, each complex value as two real ones.
  complex: (args, p, outAvals) => {
    const flat = (xs: typeof args) => flattenPlanes(xs).length;
    const params = {
      ...p,
      cond: splitComplexInterface(p.cond),
      body: splitComplexInterface(p.body),
      condNConsts: flat(args.slice(0, p.condNConsts)),
      bodyNConsts: flat(args.slice(p.condNConsts, p.condNConsts + p.bodyNConsts)),
    };
    return groupPlanes(bind(whileP, flattenPlanes(args), params), outAvals);
  },
  lower: {
    kind: 'kernel',
    build(ctx, { params, inAvals, outAvals }) {
      const nc = params.condNConsts;
      const nb = params.bodyNConsts;
      const condSub = ctx.subprogram(params.cond);
      const bodySub = ctx.subprogram(params.body);
      const consts = inAvals.map((_, i) => ctx.inputOffset(i));
      const carryAvals = outAvals;
      // Two carry buffers swap roles each iteration; the predicate lands in a scratch byte.
      const bufs = [carryBuffers(ctx, carryAvals), carryBuffers(ctx, carryAvals)] as const;
      const pred = ctx.scratch(bool, 1);
      const carryAt = (which: Exp) => carryAvals.map((_, j) => where(which, bufs[1][j]!, bufs[0][j]!));
      carryAvals.forEach((a, j) => ctx.copy(bufs[0][j]!, consts[nc + nb + j]!, nbytes(a)));
      const cur = ctx.local(i32(0), 'cur');
      const condAvals = [...inAvals.slice(0, nc), ...carryAvals];
      const bodyAvals = [...inAvals.slice(nc, nc + nb), ...carryAvals];
      ctx.forever(() => {
        callSub(ctx, condSub, [...consts.slice(0, nc), ...carryAt(cur.ref)], [offsetOf(pred)], [params.cond.outs[0]!.aval], condAvals);
        ctx.if(alu('eq', load(pred, 0), constant(0, bool)), () => ctx.break());
        const nxt = ctx.let(ix.sub(1, cur.ref), 'nxt');
        callSub(ctx, bodySub, [...consts.slice(nc, nc + nb), ...carryAt(cur.ref)], carryAt(nxt), carryAvals, bodyAvals);
        ctx.assign(cur, nxt);
      });
      carryAvals.forEach((a, j) => ctx.copy(ctx.outputOffset(j), carryAt(cur.ref)[j]!, nbytes(a)));
    },
  },
});

/** Bind while over functions of the flat carry, tracing them and hoisting their constants. */
export function bindWhile(condFn: (xs: Array[]) => Array[], bodyFn: (xs: Array[]) => Array[], init: Array[]): Array[] {
  const avals = init.map((x) => x.aval);
  const c = traceToJaxpr(condFn, avals);
  const b = traceToJaxpr(bodyFn, avals);
  const pa = c.outAvals[0];
  if (c.outAvals.length !== 1 || !pa || pa.ndim !== 0 || pa.dtype.kind !== 'b')
    throw new ShapeError(`whileLoop condFn must return a scalar bool, got ${c.outAvals.map((a) => a.str()).join(', ')}.`);
  sameAvals(avals, b.outAvals, 'whileLoop bodyFn must return the carry type');
  return bind(whileP, [...c.consts, ...b.consts, ...init], { cond: c.jaxpr, body: b.jaxpr, condNConsts: c.consts.length, bodyNConsts: b.consts.length });
}

/**
 * JAX's `lax.while_loop`: `whileLoop(condFn, bodyFn, init)` runs `val = bodyFn(val)` while
 * `condFn(val)` is true, from `val = init`, as one loop in the compiled program (no host round
 * trip per iteration). The carry is any pytree of arrays: `bodyFn` must return the structure,
 * shapes and dtypes it gets (a JS-number init takes the type the body gives it, as in JAX).
 * Forward-mode differentiable; for reverse mode use `foriLoop` with JS-number bounds or `scan`.
 *
 * @throws `ShapeError` when `condFn` does not return a scalar bool.
 * @throws `TransformError` when `bodyFn` changes the carry's structure, shapes or dtypes.
 *
 * @example
 * ```ts
 * const [i, acc] = lax.whileLoop(([i]) => i.lt(10), ([i, acc]) => [i.add(1), acc.mul(2)], [0, 1]);   // 10, 1024
 * ```
 */
export function whileLoop<const I>(
  condFn: (val: NoInfer<ArrayTree<I>>) => Array | boolean,
  bodyFn: (val: NoInfer<ArrayTree<I>>) => NoInfer<ArrayTreeOut<I>>,
  init: I,
): ArrayTree<I>;
export function whileLoop(condFn: (val: never) => unknown, bodyFn: (val: never) => unknown, init: unknown): unknown {
  let [carry, def] = flatArrays(init);
  let b = traceFn(bodyFn, def, carry.map((x) => x.aval), false);
  if (!b.outDef.equals(def)) throw new TransformError(`whileLoop bodyFn must return the carry structure ${def}, got ${b.outDef}.`);
  // Weakly typed inits (JS numbers) take the type the body gives them, as in JAX: trace again.
  const promoted = promoteWeakCarry(carry, b.jaxpr.outs.map((o) => o.aval));
  if (promoted) b = traceFn(bodyFn, def, (carry = promoted).map((x) => x.aval), false);
  const c = traceFn(condFn, def, carry.map((x) => x.aval), false);
  const outs = bindWhile(
    (xs) => evalJaxprValues(c.jaxpr, [...c.consts, ...xs]).map((p) => (p.dtype.kind === 'b' ? p : convertElementType(p, p.dtype))),
    (xs) => evalJaxprValues(b.jaxpr, [...b.consts, ...xs]),
    carry,
  );
  return treeUnflatten(def, outs);
}
