// scatter, scatter_mul, scatter_min, scatter_max: the mirrors of gather behind JAX's
// `x.at[idx].set/multiply/min/max` (scatter_add, the transpose of gather, is in gather.ts).
//
// Each takes gather's simplified dimension numbers (see gather.ts): `indices` [...B, k] address
// operand axes `axes`, and `updates` [...B, ...the operand's other dims] are combined into a copy
// of the operand at those positions, one update after another (duplicate indices: the last one
// wins for scatter, as XLA's CPU loop; they all apply for the others). Out-of-bounds index
// vectors are clamped (mode 'clip') or their updates dropped (mode 'fill', JAX's FILL_OR_DROP).
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import type { KernelLowering } from '../compiler/lowering.js';
import { int32 } from '../core/dtypes.js';
import { ShapeError, TransformError } from '../core/errors.js';
import { definePrimitive, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { alu, type Exp, ix, load } from '../ir/exp.js';
import { moveBatchToFront } from './batching.js';
import { add, convertElementType, div, eq, mul, select, sub } from './elementwise.js';
import { checkIndices, gather, type GatherParams, scatterAdd, walk, withLaneIndex } from './gather.js';
import { iota } from './iota.js';
import { broadcastInDim, full, onesLike, zerosLike } from './structural.js';
import { planewise } from './complexPlanes.js';

/** A scatter's parameters: gather's, and whether the caller promises no duplicate index vectors (JAX's `unique_indices`). */
export interface ScatterParams extends GatherParams {
  uniqueIndices: boolean;
}

type Combine = (old: Exp, update: Exp) => Exp;

function abstractEval(name: string) {
  return ([x, idx, u]: ShapedArray[], p: ScatterParams): ShapedArray[] => {
    const want = checkIndices(name, x!, idx!, p);
    if (u!.shape.join() !== want.join() || u!.dtype !== x!.dtype)
      throw new ShapeError(`${name}: updates ${u!.str()} must be ${x!.dtype.short}[${want}] for operand ${x!.str()} and indices ${idx!.str()}.`);
    return [x!.update({ weakType: x!.weakType && u!.weakType })];
  };
}

/** vmap of a scatter: every operand's batch axis to the front, each lane addressing its own slice through an extra leading index. */
function batchRule(bindOp: (x: Array, i: Array, u: Array, p: ScatterParams) => Array) {
  return ([x, idx, u]: Array[], dims: (number | null)[], p: ScatterParams): [Array[], number[]] => {
    const k = dims.findIndex((d) => d !== null);
    const n = [x, idx, u][k]!.shape[dims[k]!]!;
    const [xb, ib, ub] = [x!, idx!, u!].map((a, i) => moveBatchToFront(a, dims[i]!, n)) as [Array, Array, Array];
    const { indices, axes } = withLaneIndex(ib, p.axes);
    return [[bindOp(xb, indices, ub, { ...p, axes })], [0]];
  };
}

/** The kernel: copy the operand, then combine each in-bounds update into its element (dropped ones skipped in fill mode). */
function lowerWith(combine: Combine): KernelLowering<ScatterParams> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals, outAvals, params }) {
      const [x, idx] = inAvals as [ShapedArray, ShapedArray];
      ctx.loop(0, outAvals[0]!.size, (z) => ctx.write(0, z, ctx.read(0, z)), 'z');
      walk(ctx, x.shape, idx, params, 1, ({ b, base, oob, nRest, restOffset }) => {
        const apply = () =>
          ctx.loop(0, nRest, (r) => {
            const at = ctx.let(ix.add(base, restOffset(r)), 'at');
            ctx.write(0, at, combine(load(ctx.outputBuf(0), at), ctx.read(2, ix.add(ix.mul(b, nRest), r))));
          }, 'r');
        if (oob) ctx.if(alu('not', oob), apply);
        else apply();
      });
    },
  };
}

const params = (p: ScatterParams): ScatterParams => ({ axes: [...p.axes], mode: p.mode, fillValue: p.fillValue, uniqueIndices: p.uniqueIndices });
const asGather = (p: ScatterParams): GatherParams => ({ axes: p.axes, mode: p.mode, fillValue: 0 });

/** Each update's batch position, counted from 1, broadcast over its window (JAX's `update_ids`). */
function updateIds(u: Array, nBatch: number): Array {
  const ids = add(iota(int32, u.shape.slice(0, nBatch)), full(u.shape.slice(0, nBatch), 1, int32));
  return broadcastInDim(ids, u.shape, u.shape.slice(0, nBatch).map((_, k) => k));
}

export const scatterP: Primitive<ScatterParams> = definePrimitive<ScatterParams>('scatter', {
  abstractEval: abstractEval('scatter'),
  jvp: ([x, idx, u], [tx, , tu], p) => {
    const out = scatter(x!, idx!, u!, p);
    if (p.uniqueIndices) return [[out], [scatter(tx!, idx!, tu!, p)]];
    // Duplicate indices: find which update each element kept (the last), and take only its
    // tangent (JAX's _scatter_jvp): linear in (tx, tu) through select and scatter_add.
    const ids = updateIds(u!, idx!.ndim - 1);
    const scattered = scatter(full(x!.shape, 0, int32), idx!, ids, p);
    const kept = eq(gather(scattered, idx!, asGather(p)), ids);
    const keepOperand = eq(scattered, full(x!.shape, 0, int32));
    const t = add(select(keepOperand, tx!, zerosLike(tx!)), scatterAdd(zerosLike(tx!), idx!, select(kept, tu!, zerosLike(tu!)), asGather(p)));
    return [[out], [t]];
  },
  transpose: ([ct], [x, idx, u], p) => {
    if (idx instanceof UndefinedPrimal) throw new Error('internal: linear scatter indices');
    if (!p.uniqueIndices) throw new TransformError('scatter transpose is only implemented where unique_indices=True (as in JAX); differentiate with jvp/grad, which handle duplicate indices.');
    const c = ct!;
    const cu = (u as UndefinedPrimal | Array).aval;
    return [
      x instanceof UndefinedPrimal ? scatter(c, idx, zerosLike(cu), p) : null,
      null,
      u instanceof UndefinedPrimal ? gather(c, idx, asGather(p)) : null,
    ];
  },
  batch: batchRule((x, i, u, p) => scatter(x, i, u, p)),
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => scatterP),
  lower: lowerWith((_old, u) => u),
});

export const scatterMulP: Primitive<ScatterParams> = definePrimitive<ScatterParams>('scatter_mul', {
  abstractEval: abstractEval('scatter_mul'),
  jvp: ([x, idx, u], [tx, , tu], p) => {
    const g = asGather(p);
    const out = scatterMul(x!, idx!, u!, p);
    // out = x · P with P the product of the updates at each element: d(out) = tx·P + x·dP, and
    // dP = Σ_j tu_j · ∏_{k≠j} u_k — the other factors' product is P/u_j without zeros, the
    // product of the nonzero ones for the only zero, and 0 with two zeros or more.
    let coef: Array;
    if (p.uniqueIndices) coef = onesLike(u!);
    else {
      const zero = eq(u!, zerosLike(u!));
      const zeros = gather(scatterAdd(full(x!.shape, 0, int32), idx!, convertElementType(zero, int32), g), idx!, g);
      const nonzeroProduct = gather(scatterMul(onesLike(x!), idx!, select(zero, onesLike(u!), u!), p), idx!, { ...g, fillValue: 1 });
      const none = eq(zeros, full(zeros.shape, 0, int32));
      const one = eq(zeros, full(zeros.shape, 1, int32));
      coef = select(none, div(nonzeroProduct, select(zero, onesLike(u!), u!)), select(one, select(zero, nonzeroProduct, zerosLike(u!)), zerosLike(u!)));
    }
    const t = add(scatterMul(tx!, idx!, u!, p), mul(x!, scatterAdd(zerosLike(x!), idx!, mul(coef, tu!), g)));
    return [[out], [t]];
  },
  transpose: ([ct], [x, idx, u], p) => {
    if (u instanceof UndefinedPrimal || idx instanceof UndefinedPrimal || !(x instanceof UndefinedPrimal))
      throw new Error('internal: scatter_mul is linear in its operand only');
    return [scatterMul(ct!, idx, u, p), null, null];
  },
  batch: batchRule((x, i, u, p) => scatterMul(x, i, u, p)),
  lower: lowerWith((old, u) => alu('mul', old, u)),
});

/** JAX's _scatter_extremal_jvp: updates tied with the result share its tangent equally (with the operand, if it ties too). */
function extremalJvp(op: (x: Array, i: Array, u: Array, p: ScatterParams) => Array) {
  return ([x, idx, u]: Array[], [tx, , tu]: Array[], p: ScatterParams): [Array[], Array[]] => {
    const g = asGather(p);
    const out = op(x!, idx!, u!, p);
    const target = gather(out, idx!, g);
    const successful = eq(u!, target);
    const retained = eq(gather(x!, idx!, g), target);
    const count = (v: Array) => gather(scatterAdd(zerosLike(x!), idx!, v, g), idx!, g);
    const numUpdates = count(select(successful, onesLike(u!), zerosLike(u!)));
    const numRefs = count(onesLike(u!));
    const one = onesLike(u!);
    const updatesCoef = select(successful, select(retained, div(one, add(numUpdates, one)), div(one, numUpdates)), zerosLike(u!));
    const operandNormalizer = select(retained, div(one, add(numUpdates, one)), zerosLike(u!));
    // Dropped (out-of-bounds) updates count no references: their coefficients are 0, not 1/0.
    const dropped = eq(numRefs, zerosLike(u!));
    const operandCoef = select(dropped, zerosLike(u!), div(sub(operandNormalizer, one), select(dropped, one, numRefs)));
    const tangentUpdates = add(mul(gather(tx!, idx!, g), operandCoef), mul(tu!, select(dropped, zerosLike(u!), updatesCoef)));
    return [[out], [scatterAdd(tx!, idx!, tangentUpdates, g)]];
  };
}

export const scatterMinP: Primitive<ScatterParams> = definePrimitive<ScatterParams>('scatter_min', {
  abstractEval: abstractEval('scatter_min'),
  jvp: extremalJvp((x, i, u, p) => scatterMin(x, i, u, p)),
  batch: batchRule((x, i, u, p) => scatterMin(x, i, u, p)),
  lower: lowerWith((old, u) => alu('min', old, u)),
});

export const scatterMaxP: Primitive<ScatterParams> = definePrimitive<ScatterParams>('scatter_max', {
  abstractEval: abstractEval('scatter_max'),
  jvp: extremalJvp((x, i, u, p) => scatterMax(x, i, u, p)),
  batch: batchRule((x, i, u, p) => scatterMax(x, i, u, p)),
  lower: lowerWith((old, u) => alu('max', old, u)),
});

/** scatter(operand, indices [...B, k], updates, params): the operand with the updates written at those positions (the last of duplicates wins). */
export function scatter(x: Array, indices: Array, updates: Array, p: ScatterParams): Array {
  return bind1(scatterP, [x, indices, updates], params(p));
}
/** scatterMul: the operand with each element multiplied by the updates addressed to it. */
export function scatterMul(x: Array, indices: Array, updates: Array, p: ScatterParams): Array {
  return bind1(scatterMulP, [x, indices, updates], params(p));
}
/** scatterMin: the minimum of each element and the updates addressed to it (NaN propagates). */
export function scatterMin(x: Array, indices: Array, updates: Array, p: ScatterParams): Array {
  return bind1(scatterMinP, [x, indices, updates], params(p));
}
/** scatterMax: the maximum of each element and the updates addressed to it (NaN propagates). */
export function scatterMax(x: Array, indices: Array, updates: Array, p: ScatterParams): Array {
  return bind1(scatterMaxP, [x, indices, updates], params(p));
}

