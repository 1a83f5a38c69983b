// jnp sorting and searching: sort, argsort, lexsort, partition, argpartition, searchsorted,
// digitize — JAX's definitions over lax.sort (NaN after every number, -0 equal to +0) and
// lax.topK, with JAX's results where the order is "implementation-defined".
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe, dtypeArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { convertElementType, le, select, sub } from '../lax/elementwise.js';
import { argsortRaw, sortMany, takeAlongDim, topK } from '../lax/sort.js';
import { concatenateAlong, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, moveAxis, reshape } from '../lax/structural.js';
import { canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { argsortAlong, insertionIndex } from './ordering.js';
import { promoteDtypes } from './promote.js';

/** sort's and argsort's options (`kind` and `order` exist in JAX but only as null). */
export interface SortOptions {
  axis?: number | null;
  kind?: null;
  order?: null;
  stable?: boolean;
  descending?: boolean;
}
/** argsort's options: sort's plus the index dtype. */
export interface ArgsortOptions extends SortOptions {
  dtype?: 'int32' | null;
}

function sortArgs(fn: string, x: ArrayLike, rest: unknown[], names: readonly string[]) {
  const o = bindArgs(fn, ['axis', ...names] as string[], rest, names as string[]) as Record<string, unknown>;
  for (const k of ['kind', 'order'])
    if (o[k] !== undefined && o[k] !== null) throw new TypeError(`${fn}(): '${k}' is not supported (as in JAX); use 'stable' for a stable sort.`);
  let a = asArray(x);
  let axis: number;
  if (o.axis === null) {
    a = reshape(a, [a.size]);
    axis = 0;
  } else axis = canonicalAxis(fn, o.axis ?? -1, a.ndim);
  return { a, axis, stable: boolArg(fn, 'stable', o.stable, true), descending: boolArg(fn, 'descending', o.descending, false), o };
}

/** Return a sorted copy of an array (along `axis`, default the last; null sorts the flattened array; NaNs last). */
export const sort = declare('sort', {
  arrays: 1,
  method: 'sort',
  impl: (a: ArrayLike, ...rest: [axis?: number | null | SortOptions, opts?: SortOptions]): Array => {
    const s = sortArgs('sort', a, rest, ['kind', 'order', 'stable', 'descending']);
    const out = sortMany([s.a], s.axis, s.stable)[0]!;
    return s.descending ? rev(out, [s.axis]) : out;
  },
});

/** Return indices that sort an array (int32; stable by default; ties keep their order when descending too). */
export const argsort = declare('argsort', {
  arrays: 1,
  method: 'argsort',
  impl: (a: ArrayLike, ...rest: [axis?: number | null | ArgsortOptions, opts?: ArgsortOptions]): Array => {
    const s = sortArgs('argsort', a, rest, ['kind', 'order', 'stable', 'descending', 'dtype']);
    const d = dtypeArg(s.o.dtype);
    if (d && d !== int32) throw new DtypeError(`argsort(): indices are int32 (jaxpool has no int64); got dtype ${d.name}.`);
    return argsortAlong(s.a, s.axis, s.stable, s.descending);
  },
});

/** Sort a sequence of keys lexicographically: the last key is the primary one; indices int32. */
export const lexsort = declare('lexsort', {
  arrays: 0,
  impl: (keys: readonly ArrayLike[] | Array, ...rest: [axis?: number | { axis?: number }, opts?: { axis?: number }]): Array => {
    const o = bindArgs('lexsort', ['axis'], rest);
    const list = globalThis.Array.isArray(keys) ? (keys as readonly ArrayLike[]).map((k) => asArray(k)) : unstack(asArray(keys as ArrayLike));
    if (list.length === 0) throw new TypeError('lexsort(): needs a sequence of keys with at least one key.');
    const shape = list[0]!.shape;
    if (list.some((k) => k.shape.join() !== shape.join())) throw new ShapeError(`lexsort(): all keys need one shape, got ${list.map((k) => k.aval.str()).join(', ')}.`);
    if (shape.length === 0) return full([], 0, int32);
    const axis = canonicalAxis('lexsort', o.axis ?? -1, shape.length);
    return argsortRaw([...list].reverse(), axis).order;
  },
});

function unstack(a: Array): Array[] {
  if (a.ndim === 0) throw new ShapeError('lexsort(): keys must be a sequence of arrays or an array of at least one dimension, got a 0-d array.');
  return globalThis.Array.from({ length: a.shape[0]! }, (_, i) => reshape(slice(a, [i, ...a.shape.slice(1).map(() => 0)], [i + 1, ...a.shape.slice(1)]), a.shape.slice(1)));
}

function partitionArgs(fn: string, x: ArrayLike, kth: number, rest: unknown[]) {
  const o = bindArgs(fn, ['axis'], rest);
  const a = asArray(x);
  if (a.ndim === 0) throw new ShapeError(`${fn}(): a 0-d array cannot be partitioned.`);
  const axis = canonicalAxis(fn, o.axis ?? -1, a.ndim);
  const n = a.shape[axis]!;
  const k = intArg(fn, 'kth', kth);
  if (k < -n || k >= n) throw new ShapeError(`${fn}(): kth ${k} is out of bounds for an axis of size ${n}.`);
  return { a: moveAxis(a, axis, a.ndim - 1), axis, n, k: k < 0 ? k + n : k };
}

const lastAxisSlice = (x: Array, from: number, to: number) => slice(x, x.shape.map((d, i) => (i === x.ndim - 1 ? from : 0)), x.shape.map((d, i) => (i === x.ndim - 1 ? to : d)));

/**
 * Returns a partially-sorted copy of an array: the element at `kth` is where a sort puts it, the
 * ones before it (ascending) are not larger, the ones after it (descending, as JAX) not smaller.
 */
export const partition = declare('partition', {
  arrays: 1,
  impl: (a: ArrayLike, kth: number, ...rest: [axis?: number | { axis?: number }, opts?: { axis?: number }]): Array => {
    const p = partitionArgs('partition', a, kth, rest);
    const last = p.a.ndim - 1;
    // JAX's -top_k(-a): the kth+1 smallest ascending, ties by index (a stable sort's prefix).
    const bottom = lastAxisSlice(sortMany([p.a], last)[0]!, 0, p.k + 1);
    const top = topK(p.a, p.n - p.k - 1)[0];
    return moveAxis(concatenateAlong([bottom, top], last), last, p.axis);
  },
});

/** Returns indices that partially sort an array: as partition, the others after `kth` in increasing index order (JAX's). */
export const argpartition = declare('argpartition', {
  arrays: 1,
  method: 'argpartition',
  impl: (a: ArrayLike, kth: number, ...rest: [axis?: number | { axis?: number }, opts?: { axis?: number }]): Array => {
    const p = partitionArgs('argpartition', a, kth, rest);
    const last = p.a.ndim - 1;
    const order = argsortRaw([p.a], last).order;
    const bottom = lastAxisSlice(order, 0, p.k + 1);
    // JAX takes top_k of a proxy that is 0 at the bottom indices and 1 elsewhere: the other
    // indices in increasing order. A position is at the bottom when its rank is at most kth.
    const rank = argsortRaw([order], last).order;
    const atBottom = convertElementType(le(rank, full(rank.shape, p.k, int32)), int32);
    const top = lastAxisSlice(argsortRaw([atBottom], last).order, 0, p.n - p.k - 1);
    return moveAxis(concatenateAlong([bottom, top], last), last, p.axis);
  },
});

/** searchsorted's options. */
export interface SearchsortedOptions {
  side?: 'left' | 'right';
  sorter?: ArrayLike | null;
  method?: 'scan' | 'scan_unrolled' | 'sort' | 'compare_all';
}
const METHODS = ['scan', 'scan_unrolled', 'sort', 'compare_all'];

/**
 * Perform a binary search within a sorted array: where each of `v` would be inserted into the
 * 1-d `a` (sorted, or ordered by `sorter`) to keep it sorted; int32 indices of `v`'s shape.
 */
export const searchsorted = declare('searchsorted', {
  arrays: 2,
  method: 'searchsorted',
  impl: (a: ArrayLike, v: ArrayLike, ...rest: [side?: 'left' | 'right' | SearchsortedOptions, sorter?: ArrayLike | null | SearchsortedOptions, opts?: SearchsortedOptions]): Array => {
    const o = bindArgs('searchsorted', ['side', 'sorter', 'method'], rest, ['method']);
    const side = o.side ?? 'left';
    if (side !== 'left' && side !== 'right') throw new ShapeError(`searchsorted(): side must be 'left' or 'right', got ${describe(side)}.`);
    const method = o.method ?? 'scan';
    if (!METHODS.includes(method as string)) throw new ShapeError(`searchsorted(): method must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}, got ${describe(method)}.`);
    let [sa, sv] = promoteDtypes(asArray(a), asArray(v)) as [Array, Array];
    if (sa.ndim !== 1) throw new ShapeError(`searchsorted(): a should be 1-dimensional, got ${sa.aval.str()}.`);
    if (o.sorter !== undefined && o.sorter !== null) sa = takeSorted(sa, asArray(o.sorter as ArrayLike));
    return insertionIndex(sa, sv, side === 'right', method as string);
  },
});

/** a[sorter] for a 1-d permutation `sorter`. */
function takeSorted(a: Array, sorter: Array): Array {
  if (sorter.dtype.kind !== 'i' && sorter.dtype.kind !== 'u') throw new DtypeError(`searchsorted(): sorter must be integers, got ${sorter.dtype.name}.`);
  if (sorter.shape.join() !== a.shape.join()) throw new ShapeError(`searchsorted(): sorter ${sorter.aval.str()} must have a's shape ${a.aval.str()}.`);
  return takeAlongDim(a, sorter, 0);
}

/** Return the indices of the bins to which each value in the input array belongs (bins increasing or decreasing). */
export const digitize = declare('digitize', {
  arrays: 2,
  impl: (x: ArrayLike, bins: ArrayLike, ...rest: [right?: boolean | { right?: boolean; method?: string | null }, opts?: { right?: boolean; method?: string | null }]): Array => {
    const o = bindArgs('digitize', ['right', 'method'], rest, ['method']);
    const right = boolArg('digitize', 'right', o.right, false);
    const [sx, sb] = promoteDtypes(asArray(x), asArray(bins)) as [Array, Array];
    if (sb.ndim !== 1) throw new ShapeError(`digitize(): bins must be 1-dimensional, got ${sb.aval.str()}.`);
    const n = sb.shape[0]!;
    if (n === 0) return full(sx.shape, 0, int32);
    const up = insertionIndex(sb, sx, !right);
    const down = sub(full(sx.shape, n, int32), insertionIndex(rev(sb, [0]), sx, !right));
    const increasing = reshape(le(slice(sb, [0], [1]), slice(sb, [n - 1], [n])), []);
    return select(broadcastInDim(increasing, sx.shape, []), up, down);
  },
});
