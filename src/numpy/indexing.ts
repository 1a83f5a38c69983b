// Basic indexing: integers drop an axis, {start, stop, step} slices, null keeps an axis whole.
import type { Array, ArrayLike, IndexSpec } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { reshape } from '../lax/structural.js';
import { slice } from '../lax/slicing.js';

export function index(x: Array, ...idx: IndexSpec[]): Array {
  if (idx.length > x.ndim) throw new ShapeError(`too many indices (${idx.length}) for an array of rank ${x.ndim}.`);
  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const shape: number[] = [];
  x.shape.forEach((n, k) => {
    const s = idx[k];
    if (s === undefined || s === null) {
      start.push(0), limit.push(n), strides.push(1), shape.push(n);
    } else if (typeof s === 'number') {
      const i = s < 0 ? s + n : s;
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`index ${s} is out of bounds for axis ${k} with size ${n}.`);
      start.push(i), limit.push(i + 1), strides.push(1);
    } else {
      const step = s.step ?? 1;
      if (step <= 0) throw new ShapeError('only positive slice steps are supported; use jnp.flip for reversal.');
      const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      const a = clamp(s.start ?? 0);
      const b = Math.max(a, clamp(s.stop ?? n));
      start.push(a), limit.push(b), strides.push(step), shape.push(Math.ceil((b - a) / step));
    }
  });
  return reshape(slice(x, start, limit, strides), shape);
}

/** `take(x, i, axis)` for a static integer index or list of indices. */
export function take(x: ArrayLike, indices: number | number[], axis = 0): Array {
  const a = asArray(x);
  const ax = axis < 0 ? axis + a.ndim : axis;
  if (typeof indices === 'number') return index(a, ...a.shape.map((_, k) => (k === ax ? indices : null)));
  const parts = indices.map((i) => index(a, ...a.shape.map((_, k) => (k === ax ? { start: i < 0 ? i + a.shape[ax]! : i, stop: (i < 0 ? i + a.shape[ax]! : i) + 1 } : null))));
  return concatenate(parts, ax);
}

import { concatenate } from './join.js';
