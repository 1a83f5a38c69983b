// jnp indexing functions: take (and `newaxis`). `x.index(...)`, JAX's `x[idx]`, is in getitem.ts.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { add, convertElementType, rem } from '../lax/elementwise.js';
import { gather, type GatherMode } from '../lax/gather.js';
import { full, reshape, transpose } from '../lax/structural.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';
import { defaultFill, normalizeIndex } from './getitem.js';

/** `jnp.newaxis`: `x.index(jnp.newaxis)` is `x[None]`. */
export const newaxis = null;

/** take's arguments by name. */
export interface TakeOptions {
  axis?: number | null;
  mode?: 'fill' | 'clip' | 'wrap' | null;
  fillValue?: number | boolean | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

type T = TakeOptions;
type TakeArgs = [axis?: number | null | T, out?: null | T, mode?: T['mode'] | T, uniqueIndices?: boolean | T, indicesAreSorted?: boolean | T, fillValue?: number | boolean | null | T, opts?: T];

/**
 * Take elements from an array (`take(a, indices, axis?, out?, mode?)`, along `axis` or of the
 * flattened array): out-of-bounds indices give `fillValue` (mode 'fill', the default: NaN for
 * floats), are clamped ('clip') or wrap ('wrap'); negative ones count from the end. A DtypeError
 * for non-integer indices.
 */
export const take = declare('take', {
  arrays: 2,
  // Op by op eagerly: an empty JS list of indices is int32 only before conversion to an array.
  fused: false,
  method: 'take',
  impl: (x: ArrayLike, indices: ArrayLike, ...rest: TakeArgs): Array => {
    const o = bindArgs('take', ['axis', 'out', 'mode', 'uniqueIndices', 'indicesAreSorted', 'fillValue'], rest);
    if (o.out !== undefined && o.out !== null) throw new TypeError("take(): 'out' is not supported (arrays are immutable); use the returned array.");
    let a = asArray(x);
    const idx = globalThis.Array.isArray(indices) && indices.length === 0 ? asArray([], int32) : asArray(indices);
    if (idx.dtype.kind !== 'i' && idx.dtype.kind !== 'u') throw new DtypeError(`take(): indices must be integers, got ${idx.dtype.name}; convert them with .astype('int32').`);
    let ax: number;
    if (o.axis === undefined || o.axis === null) {
      a = reshape(a, [a.size]);
      ax = 0;
    } else ax = canonicalAxis('take', o.axis, a.ndim);
    const n = a.shape[ax]!;
    if (n === 0 && idx.size > 0) throw new ShapeError('take(): cannot take from an empty axis with non-empty indices.');
    const mode = (o.mode ?? 'fill') as string;
    let i: Array;
    let gmode: GatherMode = 'clip';
    if (mode === 'fill') {
      i = normalizeIndex(idx, n);
      gmode = 'fill';
    } else if (mode === 'clip') {
      i = convertElementType(idx, int32, false); // clamped as given: -1 is 0, as in JAX
    } else if (mode === 'wrap') {
      const m = full(idx.shape, n, int32);
      i = rem(add(rem(convertElementType(idx, int32, false), m), m), m);
    } else if (mode === 'raise') {
      throw new TypeError("take(): mode 'raise' is not supported (JAX has no way to report out-of-bounds indices); use 'fill', 'clip' or 'wrap'.");
    } else throw new TypeError(`take(): mode must be 'fill', 'clip' or 'wrap', got ${describe(o.mode)}.`);
    const fill = o.fillValue === undefined || o.fillValue === null ? defaultFill(a.dtype) : Number(o.fillValue);
    const g = gather(a, reshape(i, [...i.shape, 1]), { axes: [ax], mode: gmode, fillValue: fill });
    // gather puts the index dims first: move them to where `axis` was.
    const ni = i.ndim;
    const perm = [...range(ni, ni + ax), ...range(0, ni), ...range(ni + ax, g.ndim)];
    return transpose(g, perm);
  },
});
