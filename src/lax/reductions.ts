// Reductions over a set of axes, fused with their producers by the compiler.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { add, convertElementType, div, eq, mul, select } from './elementwise.js';
import { broadcastInDim, fullLike, zerosLike } from './structural.js';
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

function reduceLowering(init: string, step: (acc: string, x: string) => string): ReduceLowering<ReduceParams> {
  return { kind: 'reduce', axes: (p) => p.axes, init: () => init, step: (acc, x) => step(acc, x) };
}

export const reduceSumP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_sum', {
  abstractEval: reducedAval('reduce_sum'),
  jvp: ([x], [t], p) => [[reduceSum(x!, p.axes)], [reduceSum(t!, p.axes)]],
  transpose: ([ct], [x], { axes }) => [unreduce(ct!, (x as UndefinedPrimal).aval.shape, axes)],
  batch: reduceBatch(() => reduceSumP),
  lower: reduceLowering('0', (acc, x) => `${acc} += ${x};`),
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
  lower: reduceLowering('-Infinity', (acc, x) => `if (${x} > ${acc} || ${x} !== ${x}) ${acc} = ${x};`),
});

export const reduceMinP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_min', {
  abstractEval: reducedAval('reduce_min'),
  jvp: extremumJvp(() => reduceMinP),
  batch: reduceBatch(() => reduceMinP),
  lower: reduceLowering('Infinity', (acc, x) => `if (${x} < ${acc} || ${x} !== ${x}) ${acc} = ${x};`),
});

export const reduceProdP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_prod', {
  abstractEval: reducedAval('reduce_prod'),
  jvp: ([x], [t], p) => {
    // d prod = sum(t * prod / x), written to stay finite where x has zeros: prod of the others.
    const y = reduceProd(x!, p.axes);
    const others = div(unreduce(y, x!.shape, p.axes), select(eq(x!, zerosLike(x!)), fullLike(x!, 1), x!));
    return [[y], [reduceSum(mul(t!, others), p.axes)]];
  },
  batch: reduceBatch(() => reduceProdP),
  lower: reduceLowering('1', (acc, x) => `${acc} *= ${x};`),
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
  lower: reduceLowering('0', (acc, x) => `${acc} |= ${x};`),
});
export const reduceAndP: Primitive<ReduceParams> = definePrimitive<ReduceParams>('reduce_and', {
  abstractEval: reducedAval('reduce_and'),
  batch: reduceBatch(() => reduceAndP),
  lower: reduceLowering('1', (acc, x) => `${acc} &= ${x};`),
});
export function reduceOr(x: Array, axes: number[]): Array {
  return bind1(reduceOrP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
export function reduceAnd(x: Array, axes: number[]): Array {
  return bind1(reduceAndP, [x], { axes: [...axes].sort((a, b) => a - b) });
}
