// jnp shape functions.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { convertElementType } from '../lax/elementwise.js';
import * as lax from '../lax/structural.js';
import { bindArgs, describe, shapeArg } from '../core/args.js';
import { broadcastTo as bcast } from './promote.js';
import { axesOf, canonicalAxis } from './reductions.js';

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

/** `reshape(a, shape, order = 'C')`: row-major ('C') or column-major ('F') element order. */
export function reshape(x: ArrayLike, shape: number | number[] | { shape?: number | number[]; order?: 'C' | 'F' }, order?: 'C' | 'F' | { order?: 'C' | 'F' }): Array {
  const a = asArray(x);
  const o = typeof shape === 'object' && !globalThis.Array.isArray(shape) ? bindArgs('reshape', ['shape', 'order'], [shape]) : { shape, ...bindArgs('reshape', ['order'], [order]) };
  const s = newShape('reshape', a.size, o.shape);
  const ord = o.order ?? 'C';
  if (ord === 'C') return lax.reshape(a, s);
  if (ord !== 'F') throw new ShapeError(`reshape(): order must be 'C' or 'F', got ${describe(ord)}.`);
  // Column-major: reverse the axes, reshape row-major to the reversed shape, reverse back.
  const rev = (n: number) => [...globalThis.Array(n).keys()].reverse();
  return lax.transpose(lax.reshape(lax.transpose(a, rev(a.ndim)), [...s].reverse()), rev(s.length));
}

/** `transpose(a, axes?)`: `axes` must be a permutation of every axis (default: reversed). */
export function transpose(x: ArrayLike, axes?: number[] | null | { axes?: number[] | null }): Array {
  const a = asArray(x);
  const { axes: ax } = bindArgs('transpose', ['axes'], [axes]);
  if (ax === undefined || ax === null) return lax.transpose(a, a.shape.map((_, i) => a.ndim - 1 - i));
  if (!globalThis.Array.isArray(ax)) throw new ShapeError(`transpose(): axes must be a list of integers, got ${describe(ax)}.`);
  const perm = ax.map((v) => canonicalAxis('transpose', v, a.ndim));
  if (perm.length !== a.ndim || new Set(perm).size !== perm.length)
    throw new ShapeError(`transpose(): axes [${ax.join(', ')}] are not a permutation of the ${a.ndim} axes of an array of shape [${a.shape}].`);
  return lax.transpose(a, perm);
}

/** `broadcastTo(array, shape)` (NumPy's rules: trailing dims match or are 1). */
export function broadcastTo(x: ArrayLike, shape: number | number[] | { shape: number | number[] }): Array {
  const o = typeof shape === 'object' && !globalThis.Array.isArray(shape) ? bindArgs('broadcastTo', ['shape'], [shape]) : { shape };
  const a = asArray(x);
  const s = shapeArg('broadcastTo', o.shape);
  if (s.length < a.ndim) throw new ShapeError(`broadcastTo(): cannot broadcast an array of shape [${a.shape}] to the lower-rank shape [${s}].`);
  return bcast(a, s);
}

/** `expandDims(a, axis)`: size-1 axes inserted at `axis` (one or several, counted in the result). */
export function expandDims(x: ArrayLike, axis: number | number[] | { axis: number | number[] }): Array {
  const a = asArray(x);
  const { axis: ax } = typeof axis === 'object' && !globalThis.Array.isArray(axis) ? bindArgs('expandDims', ['axis'], [axis]) : { axis };
  const list = typeof ax === 'number' ? [ax] : ax;
  if (!globalThis.Array.isArray(list)) throw new ShapeError(`expandDims(): axis must be an integer or a list of integers, got ${describe(ax)}.`);
  const rank = a.ndim + list.length;
  const axes = list.map((v) => canonicalAxis('expandDims', v, rank));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`expandDims(): repeated axis in [${list.join(', ')}].`);
  const out: number[] = [];
  let k = 0;
  for (let d = 0; d < rank; d++) out.push(axes.includes(d) ? 1 : a.shape[k++]!);
  return lax.reshape(a, out);
}

/** `squeeze(a, axis?)`: drop size-1 axes (all of them, or the given ones, which must have size 1). */
export function squeeze(x: ArrayLike, axis?: number | number[] | null | { axis?: number | number[] | null }): Array {
  const a = asArray(x);
  const { axis: ax } = bindArgs('squeeze', ['axis'], [axis]);
  const axes = ax === undefined || ax === null ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : axesOf(a, ax, 'squeeze');
  for (const k of axes) if (a.shape[k] !== 1) throw new ShapeError(`squeeze(): cannot squeeze axis ${k} of size ${a.shape[k]}; only size-1 axes can be squeezed.`);
  return lax.reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
}

/** `astype(x, dtype)`: a strongly typed copy in `dtype`. */
export function astype(x: ArrayLike, d: DTypeLike, opts?: { copy?: boolean }): Array {
  bindArgs('astype', ['copy', 'device'], [opts]);
  return convertElementType(asArray(x), toDtype(d), false);
}
