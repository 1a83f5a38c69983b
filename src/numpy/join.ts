// Joining arrays: concatenate and stack. Their operand is a list of arrays, not leading array
// arguments, so they run op by op eagerly (`arrays: 0`).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import type { DTypeLike } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';
import { concatenateAlong } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { promoteDtypes } from './promote.js';

/** concatenate's and stack's arguments by name. */
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

type J = JoinOptions;

/** Join arrays along an existing axis (`concatenate(arrays, axis = 0, dtype?)`; `axis: null` joins them flattened); a ShapeError for 0-d arrays. */
export const concatenate = declare('concatenate', {
  arrays: 0,
  impl: (arrays: readonly ArrayLike[], ...rest: [axis?: number | null | J, out?: null | J, dtype?: DTypeLike | null | J, opts?: J]): Array => {
    let { arrays: xs, axis: ax } = joinArgs('concatenate', arrays, rest);
    if (ax === null) {
      xs = xs.map((a) => reshape(a, [a.size]));
      ax = 0;
    }
    if (xs.some((a) => a.ndim === 0)) throw new ShapeError('concatenate(): zero-dimensional arrays cannot be concatenated; use stack, or reshape them to [1].');
    return concatenateAlong(xs, canonicalAxis('concatenate', ax, xs[0]!.ndim));
  },
});

/** Join arrays along a new axis (`stack(arrays, axis = 0, dtype?)`); a ShapeError unless they have one shape. */
export const stack = declare('stack', {
  arrays: 0,
  impl: (arrays: readonly ArrayLike[], ...rest: [axis?: number | J, out?: null | J, dtype?: DTypeLike | null | J, opts?: J]): Array => {
    const { arrays: xs, axis: ax } = joinArgs('stack', arrays, rest);
    const s0 = xs[0]!.shape;
    if (xs.some((a) => a.shape.join() !== s0.join())) throw new ShapeError(`stack(): all input arrays must have the same shape, got ${xs.map((a) => `[${a.shape}]`).join(', ')}.`);
    const at = canonicalAxis('stack', ax, s0.length + 1);
    const expanded = xs.map((a) => {
      const s = [...a.shape];
      s.splice(at, 0, 1);
      return reshape(a, s);
    });
    return concatenateAlong(expanded, at);
  },
});
