// concatenate and stack.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { canonicalizeAxis } from '../core/shape.js';
import { concatenateAlong } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { promoteDtypes } from './promote.js';

export function concatenate(xs: readonly ArrayLike[], axis = 0): Array {
  const arrays = promoteDtypes(...xs.map((x) => asArray(x)));
  return concatenateAlong(arrays, canonicalizeAxis(axis, arrays[0]!.ndim));
}

export function stack(xs: readonly ArrayLike[], axis = 0): Array {
  const arrays = promoteDtypes(...xs.map((x) => asArray(x)));
  const ax = canonicalizeAxis(axis, arrays[0]!.ndim + 1);
  const expanded = arrays.map((a) => {
    const s = [...a.shape];
    s.splice(ax, 0, 1);
    return reshape(a, s);
  });
  return concatenateAlong(expanded, ax);
}
