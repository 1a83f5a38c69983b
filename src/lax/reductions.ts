// Reductions over a set of axes, fused with their producers by the compiler.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { add, convertElementType, div, eq, mul, select } from './elementwise.js';
import { broadcastInDim, full, fullLike, reshape, transpose, zerosLike } from './structural.js';
import { iota } from './iota.js';
import { int32 } from '../core/dtypes.js';
import type { ReduceLowering } from '../compiler/lowering.js';

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

function reduceLowering(init: string, step: (acc: string, x: string) => string, combines: (out: ShapedArray) => boolean): ReduceLowering<ReduceParams> {
  return { kind: 'reduce', axes: (p) => p.axes, init: () => init, step: (acc, x) => step(acc, x), combines: (info) => combines(info.outAvals[0]!) };
}

// Split reductions combine partial accumulators (JS doubles): max/min/or/and and integer sums
// (exact below 2^53) give the same bits; float sums and products only reassociate. Integer
// products are not split: their doubles round once past 2^53, differently per grouping.
const always = () => true;
const floatOnly = (out: ShapedArray) => out.dtype.kind === 'f';

export const reduceSumP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_sum', {
  abstractEval: reducedAval('reduce_sum'),
  jvp: ([x], [t], p) => [[reduceSum(x!, p.axes)], [reduceSum(t!, p.axes)]],
  transpose: ([ct], [x], { axes }) => [unreduce(ct!, (x as UndefinedPrimal).aval.shape, axes)],
  batch: reduceBatch(() => reduceSumP),
  lower: reduceLowering('0', (acc, x) => `${acc} += ${x};`, always),
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
  lower: reduceLowering('-Infinity', (acc, x) => `if (${x} > ${acc} || ${x} !== ${x}) ${acc} = ${x};`, always),
});

export const reduceMinP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_min', {
  abstractEval: reducedAval('reduce_min'),
  jvp: extremumJvp(() => reduceMinP),
  batch: reduceBatch(() => reduceMinP),
  lower: reduceLowering('Infinity', (acc, x) => `if (${x} < ${acc} || ${x} !== ${x}) ${acc} = ${x};`, always),
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
  // Integer products wrap in 32 bits, as JAX's do (a double product loses bits past 2^53).
  lower: { ...reduceLowering('1', (acc, x) => `${acc} *= ${x};`, floatOnly), step: (acc, x, _k, info) => (info.outAvals[0]!.dtype.kind === 'f' ? `${acc} *= ${x};` : `${acc} = Math.imul(${acc}, ${x});`) },
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

// Boolean reductions (jnp.any / jnp.all): no derivative.
export const reduceOrP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_or', {
  abstractEval: reducedAval('reduce_or'),
  batch: reduceBatch(() => reduceOrP),
  lower: reduceLowering('0', (acc, x) => `${acc} |= ${x};`, always),
});
export const reduceAndP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_and', {
  abstractEval: reducedAval('reduce_and'),
  batch: reduceBatch(() => reduceAndP),
  lower: reduceLowering('1', (acc, x) => `${acc} &= ${x};`, always),
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
