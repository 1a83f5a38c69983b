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

/** `take(x, indices, axis)`: gather along `axis` (default: the flattened array); indices are clamped into range. */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number | null): Array {
  let a = asArray(x);
  let ax = axis ?? null;
  if (ax === null) {
    a = reshape(a, [a.size]);
    ax = 0;
  }
  return laxTake(a, asArray(indices), canonicalizeAxis(ax, a.ndim));
}

import { take as laxTake } from '../lax/gather.js';
import { canonicalizeAxis } from '../core/shape.js';
