// Shape primitives: broadcast_in_dim, reshape, transpose (free index maps when fused), plus
// constants (full/iota) built from them.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import type { DType } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { type Shape, sizeOf, stridesOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { reduceSum } from './reductions.js';
import { type Exp, ix } from '../ir/exp.js';
import { planewise } from './complexPlanes.js';

// --- broadcast_in_dim ---
export interface BroadcastParams extends Params {
  shape: number[];
  broadcastDimensions: number[];
}
export const broadcastInDimP: Primitive<BroadcastParams> = definePrimitive<BroadcastParams>('broadcast_in_dim', {
  abstractEval: ([x], { shape, broadcastDimensions: bd }) => {
    const ok =
      bd.length === x!.ndim &&
      bd.every((d, j) => d >= 0 && d < shape.length && (j === 0 || d > bd[j - 1]!) && (x!.shape[j] === 1 || x!.shape[j] === shape[d]));
    if (!ok) throw new ShapeError(`cannot broadcast ${x!.str()} to [${shape.join(',')}] with broadcastDimensions [${bd.join(',')}].`);
    return [x!.update({ shape })];
  },
  jvp: ([x], [t], p) => [[broadcastInDim(x!, p.shape, p.broadcastDimensions)], [broadcastInDim(t!, p.shape, p.broadcastDimensions)]],
  transpose: ([ct], [x], { shape, broadcastDimensions: bd }) => {
    const a = (x as UndefinedPrimal).aval;
    // Sum over the new dimensions and over the operand's size-1 dimensions that were expanded.
    const newDims = shape.map((_, i) => i).filter((i) => !bd.includes(i));
    const expanded = bd.filter((d, j) => a.shape[j] === 1 && shape[d] !== 1);
    const summed = reduceSum(ct!, [...newDims, ...expanded].sort((p, q) => p - q));
    return [reshape(summed, a.shape as number[])];
  },
  batch: ([x], [d], { shape, broadcastDimensions: bd }) => {
    const xb = d === 0 ? x! : moveAxis(x!, d!, 0);
    const n = xb.shape[0]!;
    return [[broadcastInDim(xb, [n, ...shape], [0, ...bd.map((b) => b + 1)])], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => broadcastInDimP),
  lower: { kind: 'index', map: (i, { inAvals, params }) => broadcastIndex(i, inAvals[0]!.shape, params.shape, params.broadcastDimensions) },
});

/** The operand's flat index for output flat index `i`. */
export function broadcastIndex(i: Exp, inShape: Shape, outShape: Shape, bd: number[]): Exp {
  // Equal sizes: only size-1 axes were added, so the row-major flat index is unchanged.
  if (sizeOf(inShape) === sizeOf(outShape)) return i;
  const outStrides = stridesOf(outShape);
  const inStrides = stridesOf(inShape);
  // Size-1 operand axes contribute nothing (their coordinate is 0).
  const axes = inShape.map((_, j) => j).filter((j) => inShape[j] !== 1);
  return ix.flat(
    axes.map((j) => ix.coord(i, outStrides[bd[j]!]!, outShape[bd[j]!]!)),
    axes.map((j) => inStrides[j]!),
  );
}

// --- reshape (row-major: the flat index is unchanged) ---
export interface ReshapeParams extends Params {
  newSizes: number[];
}
export const reshapeP: Primitive<ReshapeParams> = definePrimitive<ReshapeParams>('reshape', {
  abstractEval: ([x], { newSizes }) => {
    if (sizeOf(newSizes) !== x!.size) throw new ShapeError(`cannot reshape ${x!.str()} (size ${x!.size}) to [${newSizes.join(', ')}]; sizes must match.`);
    return [x!.update({ shape: newSizes })];
  },
  jvp: ([x], [t], p) => [[reshape(x!, p.newSizes)], [reshape(t!, p.newSizes)]],
  transpose: ([ct], [x]) => [reshape(ct!, (x as UndefinedPrimal).aval.shape as number[])],
  batch: ([x], [d], p) => {
    const xb = d === 0 ? x! : moveAxis(x!, d!, 0);
    return [[reshape(xb, [xb.shape[0]!, ...p.newSizes])], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => reshapeP),
  lower: { kind: 'index', map: (i) => i },
});

// --- transpose ---
export interface TransposeParams extends Params {
  permutation: number[];
}
export const transposeP: Primitive<TransposeParams> = definePrimitive<TransposeParams>('transpose', {
  abstractEval: ([x], { permutation: perm }) => {
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== x!.ndim || sorted.some((v, i) => v !== i))
      throw new ShapeError(`transpose permutation [${perm.join(', ')}] is not a permutation of the ${x!.ndim} axes of ${x!.str()}.`);
    return [x!.update({ shape: perm.map((p) => x!.shape[p]!) })];
  },
  jvp: ([x], [t], p) => [[transpose(x!, p.permutation)], [transpose(t!, p.permutation)]],
  transpose: ([ct], _x, { permutation: perm }) => {
    const inv = perm.map((_, i) => perm.indexOf(i));
    return [transpose(ct!, inv)];
  },
  batch: ([x], [d], { permutation: perm }) => {
    const xb = d === 0 ? x! : moveAxis(x!, d!, 0);
    return [[transpose(xb, [0, ...perm.map((p) => p + 1)])], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => transposeP),
  lower: {
    kind: 'index',
    map: (i, { inAvals, params: { permutation: perm } }) => {
      const inShape = inAvals[0]!.shape;
      const outShape = perm.map((p) => inShape[p]!);
      const outStrides = stridesOf(outShape);
      const inStrides = stridesOf(inShape);
      return ix.flat(
        perm.map((_, k) => ix.coord(i, outStrides[k]!, outShape[k]!)),
        perm.map((p) => inStrides[p]!),
      );
    },
  },
});

// --- public helpers ---
export function broadcastInDim(x: Array, shape: number[], broadcastDimensions: number[]): Array {
  if (x.ndim === shape.length && x.shape.every((d, i) => d === shape[i]) && broadcastDimensions.every((d, i) => d === i)) return x;
  return bind1(broadcastInDimP, [x], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}
export function reshape(x: Array, newSizes: number[]): Array {
  if (x.ndim === newSizes.length && x.shape.every((d, i) => d === newSizes[i])) return x;
  return bind1(reshapeP, [x], { newSizes: [...newSizes] });
}
export function transpose(x: Array, permutation: number[]): Array {
  if (permutation.every((p, i) => p === i)) return x;
  return bind1(transposeP, [x], { permutation: [...permutation] });
}
export function moveAxis(x: Array, src: number, dst: number): Array {
  if (src === dst) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  return transpose(x, perm);
}

/** An array of `shape` filled with `value` (a scalar literal broadcast). */
export function full(shape: readonly number[], value: number | boolean, dtype: DType, weak = false): Array {
  return broadcastInDim(DeviceArray.scalar(value, dtype, weak), [...shape], []);
}
export function fullLike(x: Array | ShapedArray, value: number | boolean): Array {
  const a = x instanceof ShapedArray ? x : x.aval;
  return full(a.shape, value, a.dtype, a.weakType);
}
export function zerosLike(x: Array | ShapedArray): Array {
  return fullLike(x, 0);
}
export function onesLike(x: Array | ShapedArray): Array {
  return fullLike(x, 1);
}
