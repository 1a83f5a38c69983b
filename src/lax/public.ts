// `lax` functions with JAX's signatures over the primitive helpers: host values accepted,
// dtypes by name, and JAX's keyword arguments positionally or as a trailing options object.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, dtypeArg, describe, shapeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { isPlainObject } from '../core/pytree.js';
import { ShapeError } from '../core/errors.js';
import { dotGeneral as dotGeneralRaw } from './dot.js';
import { convertElementType as convertRaw } from './elementwise.js';
import * as red from './reductions.js';
import { concatenateAlong, rev as revRaw, slice as sliceRaw } from './slicing.js';
import * as st from './structural.js';

const intList = (fn: string, name: string, v: unknown): number[] => {
  if (!globalThis.Array.isArray(v) || v.some((d) => typeof d !== 'number' || !Number.isInteger(d)))
    throw new ShapeError(`lax.${fn}(): '${name}' must be a list of integers, got ${describe(v)}.`);
  return v as number[];
};

/** `lax.full(shape, fillValue, dtype?)`: the dtype defaults to the fill value's (weak for a JS number). */
export function full(shape: number | readonly number[], fillValue: number | boolean, dtype?: DTypeLike | null | { dtype?: DTypeLike | null }): Array {
  const o = bindArgs('lax.full', ['dtype'], [dtype]);
  const d = dtypeArg(o.dtype);
  const v = asArray(fillValue);
  return st.full(shapeArg('lax.full', shape), fillValue, d ?? v.dtype, d ? false : v.weakType);
}

/** `lax.convertElementType(operand, newDtype)`. */
export function convertElementType(x: ArrayLike, newDtype: DTypeLike | { newDtype: DTypeLike }): Array {
  const o = isPlainObject(newDtype) ? bindArgs('lax.convertElementType', ['newDtype'], [newDtype]) : { newDtype };
  return convertRaw(asArray(x), toDtype(o.newDtype as DTypeLike), false);
}

/** `lax.reshape(operand, newSizes, dimensions?)`: `dimensions` transposes the operand first. */
export function reshape(x: ArrayLike, newSizes: readonly number[], dimensions?: readonly number[] | null | { dimensions?: readonly number[] | null }): Array {
  const o = bindArgs('lax.reshape', ['dimensions'], [dimensions]);
  let a = asArray(x);
  if (o.dimensions !== undefined && o.dimensions !== null) a = transpose(a, intList('reshape', 'dimensions', o.dimensions));
  return st.reshape(a, shapeArg('lax.reshape', newSizes));
}

/** `lax.transpose(operand, permutation)`. */
export function transpose(x: ArrayLike, permutation: readonly number[]): Array {
  const a = asArray(x);
  const perm = intList('transpose', 'permutation', permutation);
  if (perm.length !== a.ndim) throw new ShapeError(`lax.transpose(): permutation [${perm}] must list all ${a.ndim} axes.`);
  return st.transpose(a, perm);
}

/** `lax.broadcastInDim(operand, shape, broadcastDimensions)`. */
export function broadcastInDim(x: ArrayLike, shape: readonly number[], broadcastDimensions: readonly number[]): Array {
  return st.broadcastInDim(asArray(x), shapeArg('lax.broadcastInDim', shape), intList('broadcastInDim', 'broadcastDimensions', broadcastDimensions));
}

/** `lax.slice(operand, startIndices, limitIndices, strides?)`. */
export function slice(x: ArrayLike, startIndices: readonly number[], limitIndices: readonly number[], strides?: readonly number[] | null | { strides?: readonly number[] | null }): Array {
  const o = bindArgs('lax.slice', ['strides'], [strides]);
  const a = asArray(x);
  const s = o.strides === undefined || o.strides === null ? undefined : intList('slice', 'strides', o.strides);
  if (s?.some((v) => v <= 0)) throw new ShapeError(`lax.slice(): strides must be positive, got [${s}]; use lax.rev to reverse.`);
  return sliceRaw(a, intList('slice', 'startIndices', startIndices), intList('slice', 'limitIndices', limitIndices), s);
}

/** `lax.concatenate(operands, dimension)`. */
export function concatenate(operands: readonly ArrayLike[], dimension: number | { dimension: number }): Array {
  const o = typeof dimension === 'object' ? bindArgs('lax.concatenate', ['dimension'], [dimension]) : { dimension };
  const xs = operands.map((x) => asArray(x));
  if (xs.length === 0) throw new ShapeError('lax.concatenate() needs at least one operand.');
  const d = o.dimension;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= xs[0]!.ndim)
    throw new ShapeError(`lax.concatenate(): dimension ${describe(d)} is not an axis of the rank-${xs[0]!.ndim} operands.`);
  return concatenateAlong(xs, d);
}

/** JAX's dimension numbers `[[lhsContract, rhsContract], [lhsBatch, rhsBatch]]` (or `{ contracting, batch }`). */
export type DotDimensionNumbers = [[readonly number[], readonly number[]], [readonly number[], readonly number[]]] | { contracting: [number[], number[]]; batch: [number[], number[]] };

/** `lax.dotGeneral(lhs, rhs, dimensionNumbers, precision?, preferredElementType?)`. */
export function dotGeneral(lhs: ArrayLike, rhs: ArrayLike, dimensionNumbers: DotDimensionNumbers, ...rest: unknown[]): Array {
  const o = bindArgs('lax.dotGeneral', ['precision', 'preferredElementType'], rest);
  const dn = dimensionNumbers;
  const [contracting, batch] = globalThis.Array.isArray(dn) ? dn : [dn.contracting, dn.batch];
  let l = asArray(lhs);
  let r = asArray(rhs);
  const pref = dtypeArg(o.preferredElementType);
  if (pref) [l, r] = [convertRaw(l, pref, false), convertRaw(r, pref, false)];
  return dotGeneralRaw(l, r, {
    contracting: [intList('dotGeneral', 'lhs contracting dims', contracting[0]), intList('dotGeneral', 'rhs contracting dims', contracting[1])],
    batch: [intList('dotGeneral', 'lhs batch dims', batch[0]), intList('dotGeneral', 'rhs batch dims', batch[1])],
  });
}

function reducer(name: string, op: (x: Array, axes: number[]) => Array) {
  return (x: ArrayLike, axes: readonly number[] | { axes: readonly number[] }): Array => {
    const o = globalThis.Array.isArray(axes) ? { axes } : bindArgs(`lax.${name}`, ['axes'], [axes]);
    const a = asArray(x);
    const ax = intList(name, 'axes', o.axes);
    if (ax.some((v) => v < 0 || v >= a.ndim) || new Set(ax).size !== ax.length)
      throw new ShapeError(`lax.${name}(): axes [${ax}] must be distinct axes of the rank-${a.ndim} operand.`);
    return op(a, ax);
  };
}
/** `lax.reduceSum(operand, axes)`. */
export const reduceSum = reducer('reduceSum', red.reduceSum);
/** `lax.reduceMax(operand, axes)`. */
export const reduceMax = reducer('reduceMax', red.reduceMax);
/** `lax.reduceMin(operand, axes)`. */
export const reduceMin = reducer('reduceMin', red.reduceMin);
/** `lax.reduceProd(operand, axes)`. */
export const reduceProd = reducer('reduceProd', red.reduceProd);

/** `lax.rev(operand, dimensions)`: reverse the order of elements along `dimensions`. */
export function rev(x: ArrayLike, dimensions: readonly number[]): Array {
  const a = asArray(x);
  return revRaw(a, intList('rev', 'dimensions', dimensions).map((d) => (d < 0 ? d + a.ndim : d)));
}
