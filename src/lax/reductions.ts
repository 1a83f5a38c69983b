// Reductions over a set of axes, fused with their producers by the compiler.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { add, convertElementType, div, eq, mul, select } from './elementwise.js';
import { broadcastInDim, full, fullLike, reshape, transpose, zerosLike } from './structural.js';
import { iota } from './iota.js';
import { float64, int32 } from '../core/dtypes.js';
import { alu, type Exp, where } from '../ir/exp.js';
import type { ReduceLowering } from '../compiler/lowering.js';
import { asPlanes, planewise } from './complexPlanes.js';
import { cprod } from './complexMath.js';
import { creduceExtremum } from './complexOrder.js';

export interface ReduceParams extends Params {
  axes: number[];
}

function reducedAval(name: string) {
  return ([x]: ShapedArray[], { axes }: ReduceParams): ShapedArray[] => {
    for (const a of axes)
      if (!Number.isInteger(a) || a < 0 || a >= x!.ndim) throw new ShapeError(`${name}: axis ${a} is out of range for ${x!.str()}.`);
    return [x!.update({ shape: x!.shape.filter((_, i) => !axes.includes(i)) })];
  };
}

/** Broadcast a reduced value back to the operand's shape. */
function unreduce(y: Array, shape: readonly number[], axes: number[]): Array {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  return broadcastInDim(y, [...shape], kept);
}

function reduceBatch(prim: () => Primitive<ReduceParams>) {
  return ([x]: Array[], [d]: (number | null)[], { axes }: ReduceParams): [Array[], (number | null)[]] => {
    const bd = d!;
    const shifted = axes.map((a) => (a >= bd ? a + 1 : a));
    const outDim = bd - shifted.filter((a) => a < bd).length;
    return [[bind1(prim(), [x!], { axes: shifted })], [outDim]];
  };
}

/**
 * A reduction by `combine` from `init`. Float accumulators are float64 (JS doubles: a float32 sum
 * rounds once, at the end); integer ones keep the dtype and wrap as they go, as JAX's do.
 */
function reduceLowering(init: number, combine: (acc: Exp, x: Exp) => Exp, combines: (out: ShapedArray) => boolean): ReduceLowering<ReduceParams> {
  return {
    kind: 'reduce',
    axes: (p) => p.axes,
    accumulator: ({ outAvals: [y] }) => {
      const d = y!.dtype;
      // ±Infinity (the identity of max/min) is each type's lowest/highest value; for bool 0/1.
      return { dtype: d.kind === 'f' ? float64 : d, init: d.kind === 'b' && !Number.isFinite(init) ? Number(init > 0) : init };
    },
    combine: (acc, x) => combine(acc, x),
    combines: (info) => combines(info.outAvals[0]!),
  };
}

// Split reductions combine partial accumulators: max/min/or/and and integer sums and products
// (wrapping, so exact) give the same bits; float sums and products only reassociate.
const always = () => true;
/** x replaces the accumulator when `better` or when x is NaN (so NaN wins, as in numpy). */
const extremum = (better: 'gt' | 'lt') => (acc: Exp, x: Exp) => where(alu('or', alu(better, x, acc), alu('ne', x, x)), x, acc);

export const reduceSumP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_sum', {
  abstractEval: reducedAval('reduce_sum'),
  jvp: ([x], [t], p) => [[reduceSum(x!, p.axes)], [reduceSum(t!, p.axes)]],
  transpose: ([ct], [x], { axes }) => [unreduce(ct!, (x as UndefinedPrimal).aval.shape, axes)],
  batch: reduceBatch(() => reduceSumP),
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => reduceSumP),
  lower: reduceLowering(0, (acc, x) => alu('add', acc, x), always),
});

// max/min: the tangent flows to the positions equal to the extremum, shared evenly among ties (JAX's rule).
function extremumJvp(prim: () => Primitive<ReduceParams>) {
  return ([x]: Array[], [t]: Array[], p: ReduceParams): [Array[], Array[]] => {
    const y = bind1(prim(), [x!], p);
    const mask = convertElementType(eq(x!, unreduce(y, x!.shape, p.axes)), t!.dtype, t!.weakType);
    const count = reduceSum(mask, p.axes);
    const tOut = div(reduceSum(mul(t!, mask), p.axes), count);
    return [[y], [tOut]];
  };
}

export const reduceMaxP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_max', {
  abstractEval: reducedAval('reduce_max'),
  jvp: extremumJvp(() => reduceMaxP),
  batch: reduceBatch(() => reduceMaxP),
  complex: ([x], p) => [creduceExtremum(asPlanes(x), p.axes, 'gt')],
  lower: reduceLowering(-Infinity, extremum('gt'), always),
});

export const reduceMinP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_min', {
  abstractEval: reducedAval('reduce_min'),
  jvp: extremumJvp(() => reduceMinP),
  batch: reduceBatch(() => reduceMinP),
  complex: ([x], p) => [creduceExtremum(asPlanes(x), p.axes, 'lt')],
  lower: reduceLowering(Infinity, extremum('lt'), always),
});

export const reduceProdP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_prod', {
  abstractEval: reducedAval('reduce_prod'),
  jvp: ([x], [t], p) => {
    const n = p.axes.reduce((s, a) => s * x!.shape[a]!, 1);
    if (n <= EXACT_PROD_JVP) {
      // Small reductions: the product of the others as a polynomial (exact to any order, zeros too).
      const y = reduceProd(x!, p.axes);
      return [[y], [reduceSum(mul(t!, productOfOthers(x!, p.axes, n)), p.axes)]];
    }
    // d prod = P * sum(t / x) with no zeros; with one zero only its tangent counts (times the
    // product of the others); with two or more it is 0. P is the product of the nonzero entries.
    const y = reduceProd(x!, p.axes);
    const isZero = eq(x!, zerosLike(x!));
    const nz = select(isZero, fullLike(x!, 1), x!);
    const pNz = reduceProd(nz, p.axes);
    const zeros = reduceSum(convertElementType(isZero, x!.dtype, x!.weakType), p.axes);
    const noZero = mul(pNz, reduceSum(div(t!, nz), p.axes));
    const oneZero = mul(pNz, reduceSum(select(isZero, t!, zerosLike(t!)), p.axes));
    const tOut = select(eq(zeros, zerosLike(zeros)), noZero, select(eq(zeros, fullLike(zeros, 1)), oneZero, zerosLike(noZero)));
    return [[y], [tOut]];
  },
  batch: reduceBatch(() => reduceProdP),
  complex: ([x], p) => [cprod(asPlanes(x), p.axes)],
  lower: reduceLowering(1, (acc, x) => alu('mul', acc, x), always),
});

export function reduceSum(x: Array, axes: number[]): Array {
  if (axes.length === 0) return x;
  return bind1(reduceSumP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export function reduceMax(x: Array, axes: number[]): Array {
  return axes.length === 0 ? x : bind1(reduceMaxP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export function reduceMin(x: Array, axes: number[]): Array {
  return axes.length === 0 ? x : bind1(reduceMinP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export function reduceProd(x: Array, axes: number[]): Array {
  return axes.length === 0 ? x : bind1(reduceProdP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export { add };

// Boolean reductions (jnp.any / jnp.all): not differentiable, their tangents are zero (as JAX's
// float0), so a function using them (nanmax's all-NaN mask) still differentiates.
const boolJvp = (prim: () => Primitive<ReduceParams>) => ([x]: Array[], _t: Array[], p: ReduceParams): [Array[], Array[]] => {
  const y = bind1(prim(), [x!], p);
  return [[y], [zerosLike(y)]];
};
export const reduceOrP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_or', {
  abstractEval: reducedAval('reduce_or'),
  jvp: boolJvp(() => reduceOrP),
  batch: reduceBatch(() => reduceOrP),
  lower: reduceLowering(0, (acc, x) => alu('or', acc, x), always),
});
export const reduceAndP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_and', {
  abstractEval: reducedAval('reduce_and'),
  jvp: boolJvp(() => reduceAndP),
  batch: reduceBatch(() => reduceAndP),
  lower: reduceLowering(1, (acc, x) => alu('and', acc, x), always),
});
export function reduceOr(x: Array, axes: number[]): Array {
  return bind1(reduceOrP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export function reduceAnd(x: Array, axes: number[]): Array {
  return bind1(reduceAndP, [x], { axes: [...axes].sort((a, b) => a - b) });
}

/** Reductions up to this size differentiate prod through an n×n product of the others. */
const EXACT_PROD_JVP = 32;

/** others[i] = prod over j != i of x[j] (along `axes`), shaped like x. */
function productOfOthers(x: Array, axes: number[], n: number): Array {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const keptShape = kept.map((i) => x.shape[i]!);
  const flat = reshape(transpose(x, perm), [...keptShape, n]);
  const big = [...keptShape, n, n];
  // m[..., i, j] = 1 where i == j, else x[..., j]
  const diag = eq(iota(int32, big, keptShape.length), iota(int32, big, keptShape.length + 1));
  const m = select(diag, fullLike(big.length ? full(big, 1, x.dtype, x.weakType) : x, 1), broadcastInDim(flat, big, [...keptShape.map((_, k) => k), keptShape.length + 1]));
  const others = reduceProd(m, [big.length - 1]);
  const back = reshape(others, perm.map((i) => x.shape[i]!));
  return transpose(back, perm.map((_, i) => perm.indexOf(i)));
}
