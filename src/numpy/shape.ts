// jnp shape functions. Each is one primitive (a reshape, transpose, broadcast or cast), whose own
// cached program is already one launch eagerly: they are declared `fused: false`.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { convertElementType } from '../lax/elementwise.js';
import * as lax from '../lax/structural.js';
import { bindArgs, describe, isOptions, shapeArg } from '../core/args.js';
import { axesOf, canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { broadcastArray } from './promote.js';

/** A new shape for `size` elements: integers, at most one -1 (inferred); anything else raises. */
function newShape(fn: string, size: number, shape: unknown): number[] {
  const s = typeof shape === 'number' ? [shape] : shape;
  if (!globalThis.Array.isArray(s) || s.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < -1))
    throw new ShapeError(`${fn}(): a new shape must be integers ≥ 0 with at most one -1, got ${describe(shape)}.`);
  const out = [...(s as number[])];
  const unknown = out.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError(`${fn}(): can only specify one unknown dimension (-1), got [${out.join(', ')}].`);
  const known = sizeOf(out.filter((d) => d !== -1));
  if (unknown === 1) {
    if (known === 0 || size % known !== 0) throw new ShapeError(`${fn}(): cannot reshape an array of size ${size} into shape [${out.join(', ')}].`);
    out[out.indexOf(-1)] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${fn}(): cannot reshape an array of size ${size} into shape [${out.join(', ')}] (size ${known}); the sizes must match.`);
  }
  return out;
}

/** reshape's arguments by name. */
export interface ReshapeOptions {
  shape?: number | number[];
  order?: 'C' | 'F';
}

/** A method's arguments split into the positional ones and a trailing options object (as a list of 0 or 1). */
function splitOptions(args: readonly unknown[]): [unknown[], unknown[]] {
  const n = args.length;
  return n > 0 && isOptions(args[n - 1]) ? [args.slice(0, n - 1), [args[n - 1]]] : [[...args], []];
}

/** Return a reshaped copy of an array (`reshape(a, shape, order = 'C')`: row-major 'C' or column-major 'F'; `x.reshape(2, 3)`); a ShapeError when the sizes differ. */
export const reshape = declare('reshape', {
  arity: 3,
  arrays: 1,
  fused: false,
  method: 'reshape',
  // x.reshape(2, 3) or x.reshape([2, 3]), as JAX's Array.reshape(*shape, order).
  methodArgs: (...shape: number[] | [...number[], ReshapeOptions] | [shape: number[], opts?: ReshapeOptions]) => {
    const [dims, opts] = splitOptions(shape);
    return [dims.length === 1 && typeof dims[0] !== 'number' ? (dims[0] as number[]) : (dims as number[]), ...opts] as [number[], ReshapeOptions?];
  },
  impl: (x: ArrayLike, shape: number | number[] | ReshapeOptions, order?: 'C' | 'F' | ReshapeOptions): Array => {
    const a = asArray(x);
    const o = typeof shape === 'object' && !globalThis.Array.isArray(shape) ? bindArgs('reshape', ['shape', 'order'], [shape]) : { shape, ...bindArgs('reshape', ['order'], [order]) };
    const s = newShape('reshape', a.size, o.shape);
    const ord = o.order ?? 'C';
    if (ord === 'C') return lax.reshape(a, s);
    if (ord !== 'F') throw new ShapeError(`reshape(): order must be 'C' or 'F', got ${describe(ord)}.`);
    // Column-major: reverse the axes, reshape row-major to the reversed shape, reverse back.
    const rev = (n: number) => [...globalThis.Array(n).keys()].reverse();
    return lax.transpose(lax.reshape(lax.transpose(a, rev(a.ndim)), [...s].reverse()), rev(s.length));
  },
});

/** Return a transposed version of an N-dimensional array (`transpose(a, axes?)`, default: axes reversed; `x.transpose(1, 0)`, `x.T`); a ShapeError unless `axes` is a permutation. */
export const transpose = declare('transpose', {
  arity: 2,
  arrays: 1,
  fused: false,
  method: 'transpose',
  // x.transpose(1, 0) or x.transpose([1, 0]), as JAX's Array.transpose(*axes); x.transpose() reverses.
  methodArgs: (...axes: number[] | [axes?: number[] | null]) => (typeof axes[0] === 'number' ? [axes as number[]] : axes) as [(number[] | null)?],
  impl: (x: ArrayLike, axes?: number[] | null | { axes?: number[] | null }): Array => {
    const a = asArray(x);
    const { axes: ax } = bindArgs('transpose', ['axes'], [axes]);
    if (ax === undefined || ax === null) return lax.transpose(a, a.shape.map((_, i) => a.ndim - 1 - i));
    if (!globalThis.Array.isArray(ax)) throw new ShapeError(`transpose(): axes must be a list of integers, got ${describe(ax)}.`);
    const perm = ax.map((v) => canonicalAxis('transpose', v, a.ndim));
    if (perm.length !== a.ndim || new Set(perm).size !== perm.length)
      throw new ShapeError(`transpose(): axes [${ax.join(', ')}] are not a permutation of the ${a.ndim} axes of an array of shape [${a.shape}].`);
    return lax.transpose(a, perm);
  },
});

/** Broadcast an array to a specified shape (NumPy's rules: trailing dims match or are 1; JAX's `broadcast_to`); a ShapeError when it does not broadcast. */
export const broadcastTo = declare('broadcastTo', {
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, shape: number | number[] | { shape: number | number[] }, ...extra: unknown[]): Array => {
    // Through bindArgs always, so an extra argument raises instead of being dropped.
    const o = bindArgs('broadcastTo', ['shape'], [shape, ...extra]);
    const a = asArray(x);
    const s = shapeArg('broadcastTo', o.shape);
    if (s.length < a.ndim) throw new ShapeError(`broadcastTo(): cannot broadcast an array of shape [${a.shape}] to the lower-rank shape [${s}].`);
    return broadcastArray(a, s);
  },
});

/** Insert dimensions of length 1 into array at `axis` (one or several, counted in the result; JAX's `expand_dims`); a ShapeError for an axis out of range or repeated. */
export const expandDims = declare('expandDims', {
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, axis: number | number[] | { axis: number | number[] }, ...extra: unknown[]): Array => {
    const a = asArray(x);
    // Through bindArgs always, so an extra argument raises instead of being dropped.
    const { axis: ax } = bindArgs('expandDims', ['axis'], [axis, ...extra]);
    const list = typeof ax === 'number' ? [ax] : ax;
    if (!globalThis.Array.isArray(list)) throw new ShapeError(`expandDims(): axis must be an integer or a list of integers, got ${describe(ax)}.`);
    const rank = a.ndim + list.length;
    const axes = list.map((v) => canonicalAxis('expandDims', v, rank));
    if (new Set(axes).size !== axes.length) throw new ShapeError(`expandDims(): repeated axis in [${list.join(', ')}].`);
    const out: number[] = [];
    let k = 0;
    for (let d = 0; d < rank; d++) out.push(axes.includes(d) ? 1 : a.shape[k++]!);
    return lax.reshape(a, out);
  },
});

/** Remove one or more length-1 axes from array (all of them, or the given ones); a ShapeError for an axis whose size is not 1. */
export const squeeze = declare('squeeze', {
  arrays: 1,
  fused: false,
  method: 'squeeze',
  impl: (x: ArrayLike, axis?: number | number[] | null | { axis?: number | number[] | null }, ...extra: unknown[]): Array => {
    const a = asArray(x);
    const { axis: ax } = bindArgs('squeeze', ['axis'], [axis, ...extra]);
    const axes = ax === undefined || ax === null ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : axesOf(a, ax, 'squeeze');
    for (const k of axes) if (a.shape[k] !== 1) throw new ShapeError(`squeeze(): cannot squeeze axis ${k} of size ${a.shape[k]}; only size-1 axes can be squeezed.`);
    return lax.reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
  },
});

/** Convert an array to a specified dtype (strongly typed); a DtypeError for an unknown dtype. */
export const astype = declare('astype', {
  arity: 3,
  arrays: 1,
  fused: false,
  method: 'astype',
  impl: (x: ArrayLike, d: DTypeLike, opts?: { copy?: boolean }): Array => {
    bindArgs('astype', ['copy', 'device'], [opts]);
    return convertElementType(asArray(x), toDtype(d), false);
  },
});
