// concatenate and stack.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, dtypeArg } from '../core/args.js';
import { canonicalAxis } from './reductions.js';
import { asArray } from '../core/convert.js';
import { concatenateAlong } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { promoteDtypes } from './promote.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';

export interface JoinOptions {
  axis?: number | null;
  dtype?: DTypeLike | null;
}

function joinArgs(fn: string, xs: readonly ArrayLike[], rest: unknown[]): { arrays: Array[]; axis: unknown } {
  const o = bindArgs(fn, ['axis', 'out', 'dtype'], rest);
  if (o.out !== undefined && o.out !== null) throw new TypeError(`${fn}(): 'out' is not supported (arrays are immutable); use the returned array.`);
  if (!globalThis.Array.isArray(xs) || xs.length === 0) throw new ShapeError(`${fn}() needs a non-empty list of arrays.`);
  const d = dtypeArg(o.dtype);
  const arrays = promoteDtypes(...xs.map((x) => asArray(x)));
  return { arrays: d ? arrays.map((a) => convertElementType(a, d, false)) : arrays, axis: o.axis === undefined ? 0 : o.axis };
}

/** `concatenate(arrays, axis = 0, dtype?)`; `axis: null` joins the flattened arrays. */
export function concatenate(xs: readonly ArrayLike[], axis?: number | null | JoinOptions, ...rest: unknown[]): Array {
  let { arrays, axis: ax } = joinArgs('concatenate', xs, [axis, ...rest]);
  if (ax === null) {
    arrays = arrays.map((a) => reshape(a, [a.size]));
    ax = 0;
  }
  if (arrays.some((a) => a.ndim === 0)) throw new ShapeError('concatenate(): zero-dimensional arrays cannot be concatenated; use stack, or reshape them to [1].');
  return concatenateAlong(arrays, canonicalAxis('concatenate', ax, arrays[0]!.ndim));
}

/** `stack(arrays, axis = 0, dtype?)`: join arrays of one shape along a new axis. */
export function stack(xs: readonly ArrayLike[], axis?: number | JoinOptions, ...rest: unknown[]): Array {
  const { arrays, axis: ax } = joinArgs('stack', xs, [axis, ...rest]);
  const s0 = arrays[0]!.shape;
  if (arrays.some((a) => a.shape.join() !== s0.join())) throw new ShapeError(`stack(): all input arrays must have the same shape, got ${arrays.map((a) => `[${a.shape}]`).join(', ')}.`);
  const at = canonicalAxis('stack', ax, s0.length + 1);
  const expanded = arrays.map((a) => {
    const s = [...a.shape];
    s.splice(at, 0, 1);
    return reshape(a, s);
  });
  return concatenateAlong(expanded, at);
}

/** jnp.array of nested rows: arrays of one shape (promoted together) laid out as `shape`. */
export function stackNested(rows: Array[], shape: number[], dtype?: DTypeLike): Array {
  const inner = rows[0]?.shape ?? [];
  for (const r of rows)
    if (r.shape.join() !== inner.join())
      throw new ShapeError(`array(): nested rows have different shapes [${inner}] and [${r.shape}]; every row must have the same shape.`);
  const promoted = promoteDtypes(...rows);
  const d = dtype === undefined ? promoted[0]!.dtype : toDtype(dtype);
  const stacked = concatenateAlong(promoted.map((r) => reshape(r, [1, ...inner])), 0);
  return convertElementType(reshape(stacked, [...shape, ...inner]), d, false);
}
