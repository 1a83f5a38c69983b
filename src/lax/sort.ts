// sort: operands of one shape sorted together along one dimension by their first `numKeys`
// operands (lexicographically), as XLA's sort with JAX's comparator: NaNs after every number,
// -0 equal to +0 (JAX 0.10.2 on CPU keeps them in input order). The kernel is a stable merge sort
// per row (compiler/kernels/sort.ts). Its jvp sorts an iota along to get the permutation and
// gathers the tangents by it (a gather, so reverse mode transposes it to a scatter-add); vmap
// sorts along the same dimension with the batch dimension in front.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe, intArg } from '../core/args.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { convertElementType, sub } from './elementwise.js';
import { gather } from './gather.js';
import { iota } from './iota.js';
import { concatenateAlong, rev, slice } from './slicing.js';
import { csort } from './complexOrder.js';
import { full, reshape } from './structural.js';

/** sort's parameters (JAX's sort_p). */
export interface SortParams extends Params {
  dimension: number;
  isStable: boolean;
  numKeys: number;
}

/** The sort primitive (JAX's sort_p): operands of one shape sorted together along `dimension` by the first `numKeys`. */
export const sortP: Primitive<SortParams> = definePrimitive<SortParams>('sort', {
  abstractEval: (avals, { dimension, numKeys }) => {
    const s = avals[0]!;
    if (avals.some((a) => a.shape.join() !== s.shape.join()))
      throw new ShapeError(`sort: all operands must have one shape, got ${avals.map((a) => a.str()).join(', ')}.`);
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= s.ndim)
      throw new ShapeError(`sort: dimension ${dimension} is not an axis of ${s.str()} (a 0-d array has nothing to sort along).`);
    if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > avals.length)
      throw new ShapeError(`sort: numKeys must be between 1 and the number of operands (${avals.length}), got ${numKeys}.`);
    return avals.map((a) => new ShapedArray(a.shape, a.dtype, a.weakType));
  },
  jvp: (primals, tangents, p) => {
    const perm = iota(int32, [...primals[0]!.shape], p.dimension);
    const outs = bind(sortP, [...primals, perm], p);
    const order = outs.pop()!;
    return [outs, tangents.map((t) => takeAlongDim(t, order, p.dimension))];
  },
  batch: (args, dims, p) => {
    const k = dims.findIndex((d) => d !== null);
    const n = args[k]!.shape[dims[k]!]!;
    const outs = bind(sortP, args.map((a, i) => moveBatchToFront(a, dims[i]!, n)), { ...p, dimension: p.dimension + 1 });
    return [outs, outs.map(() => 0)];
  },
  // Complex keys order lexicographically: real parts, then imaginary parts (JAX's _operands_to_keys).
  complex: csort(() => sortP),
  lower: { kind: 'builtin', kernel: 'sort' },
});

/** `x` reordered along `dim` by `order` (int32, x's shape): out[..., k, ...] = x[..., order[..., k, ...], ...] (JAX's take_along_axis). */
export function takeAlongDim(x: Array, order: Array, dim: number): Array {
  const shape = [...order.shape, 1];
  const parts = order.shape.map((_, k) => (k === dim ? reshape(convertElementType(order, int32, false), shape) : iota(int32, shape, k)));
  if (parts.length === 0) return x;
  return gather(x, concatenateAlong(parts, order.ndim), { axes: order.shape.map((_, k) => k), mode: 'clip', fillValue: 0 });
}

/** The operands sorted together along `dimension` by the first `numKeys` (raw: canonical arguments). */
export function sortMany(xs: Array[], dimension: number, isStable = true, numKeys = 1): Array[] {
  return bind(sortP, xs, { dimension, isStable, numKeys });
}

/** The permutation that sorts `keys` along `dimension` (stable), and the sorted keys. */
export function argsortRaw(keys: Array[], dimension: number, isStable = true): { sorted: Array[]; order: Array } {
  const outs = sortMany([...keys, iota(int32, [...keys[0]!.shape], dimension)], dimension, isStable, keys.length);
  const order = outs.pop()!;
  return { sorted: outs, order };
}

/** lax.sort's keyword arguments. */
export interface SortOptions {
  dimension?: number;
  isStable?: boolean;
  numKeys?: number;
}

const canonDim = (fn: string, d: number, rank: number): number => {
  if (d < -rank || d >= rank) throw new ShapeError(`lax.${fn}(): dimension ${d} is out of bounds for an array of rank ${rank}.`);
  return d < 0 ? d + rank : d;
};

/**
 * Wraps XLA's Sort operator: `operand` (an array or a list of arrays of one shape) sorted along
 * `dimension` by its first `numKeys` arrays, lexicographically; a list gives a list.
 */
export function sort(operand: ArrayLike | readonly ArrayLike[], ...rest: [dimension?: number | SortOptions, isStable?: boolean | SortOptions, numKeys?: number | SortOptions, opts?: SortOptions]): Array | Array[] {
  const o = bindArgs('lax.sort', ['dimension', 'isStable', 'numKeys'], rest);
  const many = globalThis.Array.isArray(operand);
  const xs = (many ? (operand as readonly ArrayLike[]) : [operand as ArrayLike]).map((x) => asArray(x));
  if (xs.length === 0) throw new ShapeError('lax.sort() needs at least one operand.');
  const dim = canonDim('sort', intArg('lax.sort', 'dimension', o.dimension, -1), xs[0]!.ndim);
  const outs = sortMany(xs, dim, boolArg('lax.sort', 'isStable', o.isStable, true), intArg('lax.sort', 'numKeys', o.numKeys, 1));
  return many ? outs : outs[0]!;
}

/** Sorts `keys` along `dimension` and applies the same permutation to `values`: `[sortedKeys, sortedValues]`. */
export function sortKeyVal(keys: ArrayLike, values: ArrayLike, ...rest: [dimension?: number | Omit<SortOptions, 'numKeys'>, isStable?: boolean | Omit<SortOptions, 'numKeys'>, opts?: Omit<SortOptions, 'numKeys'>]): [Array, Array] {
  const o = bindArgs('lax.sortKeyVal', ['dimension', 'isStable'], rest);
  const k = asArray(keys);
  const dim = canonDim('sortKeyVal', intArg('lax.sortKeyVal', 'dimension', o.dimension, -1), k.ndim);
  const [a, b] = sortMany([k, asArray(values)], dim, boolArg('lax.sortKeyVal', 'isStable', o.isStable, true), 1);
  return [a!, b!];
}

/**
 * Returns top `k` values and their indices along the last axis of `operand` (or `axis`): values in
 * descending order (NaN first, as the largest), ties by lower index first; indices int32.
 */
export function topK(operand: ArrayLike, k: number, opts?: { axis?: number }): [Array, Array] {
  const o = bindArgs('lax.topK', ['axis'], [opts], ['axis']);
  const x = asArray(operand);
  if (x.ndim === 0) throw new ShapeError('lax.topK(): the operand must have at least one dimension, got a 0-d array.');
  const axis = canonDim('topK', intArg('lax.topK', 'axis', o.axis, -1), x.ndim);
  const n = x.shape[axis]!;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n)
    throw new ShapeError(`lax.topK(): k must be an integer in [0, ${n}] (the size of axis ${axis}), got ${describe(k)}.`);
  // A stable ascending sort of the reversed axis, reversed back: descending, ties by lower index.
  const { sorted, order } = argsortRaw([rev(x, [axis])], axis);
  const values = rev(sorted[0]!, [axis]);
  const idx = rev(order, [axis]);
  const start = x.shape.map(() => 0);
  const limit = x.shape.map((d, i) => (i === axis ? k : d));
  // order indexes the reversed axis: position p there is n - 1 - p in x.
  const fixed = sub(full(x.shape, n - 1, int32), idx);
  return [slice(values, start, limit), slice(fixed, start, limit)];
}
