// jnp shape functions.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { canonicalizeAxis, sizeOf } from '../core/shape.js';
import { convertElementType } from '../lax/elementwise.js';
import * as lax from '../lax/structural.js';
import { broadcastTo as bcast } from './promote.js';

export function reshape(x: ArrayLike, shape: number | number[]): Array {
  const a = asArray(x);
  const s = typeof shape === 'number' ? [shape] : [...shape];
  const neg = s.indexOf(-1);
  if (neg >= 0) {
    const known = sizeOf(s.filter((_, i) => i !== neg));
    if (known === 0 || a.size % known !== 0) throw new ShapeError(`cannot reshape array of size ${a.size} into shape [${s.join(', ')}].`);
    s[neg] = a.size / known;
  }
  return lax.reshape(a, s);
}

export function transpose(x: ArrayLike, axes?: number[]): Array {
  const a = asArray(x);
  const perm = axes ? axes.map((ax) => canonicalizeAxis(ax, a.ndim)) : a.shape.map((_, i) => a.ndim - 1 - i);
  return lax.transpose(a, perm);
}

export function broadcastTo(x: ArrayLike, shape: number[]): Array {
  return bcast(asArray(x), shape);
}

export function expandDims(x: ArrayLike, axis: number): Array {
  const a = asArray(x);
  const ax = canonicalizeAxis(axis, a.ndim + 1);
  const s = [...a.shape];
  s.splice(ax, 0, 1);
  return lax.reshape(a, s);
}

export function squeeze(x: ArrayLike, axis?: number | number[]): Array {
  const a = asArray(x);
  const axes = axis === undefined ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : (typeof axis === 'number' ? [axis] : axis).map((ax) => canonicalizeAxis(ax, a.ndim));
  for (const ax of axes) if (a.shape[ax] !== 1) throw new ShapeError(`cannot squeeze axis ${ax} of size ${a.shape[ax]}; only size-1 axes can be squeezed.`);
  return lax.reshape(a, a.shape.filter((_, i) => !axes.includes(i)));
}

export function astype(x: ArrayLike, d: DTypeLike): Array {
  return convertElementType(asArray(x), toDtype(d), false);
}
