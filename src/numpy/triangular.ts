// Triangles and diagonals: tri, tril, triu, diag, diagflat, diagonal, trace and the index
// helpers. Masks come from iota comparisons (fused elementwise); diagonals are gathers.
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, countArg, dtypeArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, defaultFloat, int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { add, convertElementType, eq, ge, le, select } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { iota } from '../lax/iota.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';
import { sum } from './reductions.js';

/** Whether column j ≤ row i + k, over [n, m]. */
function lowerMask(n: number, m: number, k: number): Array {
  return le(iota(int32, [n, m], 1), add(iota(int32, [n, m], 0), full([n, m], k, int32)));
}

type TriOpts = { M?: number | null; k?: number; dtype?: DTypeLike | null };

/** An array with ones on and below the k-th diagonal and zeros elsewhere (`tri(N, M?, k = 0, dtype?)`). */
export const tri = declare('tri', {
  arity: 5,
  arrays: 0,
  impl: (N: number, M?: number | null | TriOpts, k?: number | TriOpts, dtype?: DTypeLike | null | TriOpts, opts?: TriOpts): Array => {
    const o = bindArgs('tri', ['M', 'k', 'dtype'], [M, k, dtype, opts]);
    const n = countArg('tri', 'N', N);
    const m = o.M === undefined || o.M === null ? n : countArg('tri', 'M', o.M);
    return convertElementType(lowerMask(n, m, intArg('tri', 'k', o.k, 0)), dtypeArg(o.dtype) ?? defaultFloat(), false);
  },
});

function triangle(fn: string, m: ArrayLike, k: unknown, lower: boolean): Array {
  const o = bindArgs(fn, ['k'], [k]);
  const a = asArray(m);
  if (a.ndim < 2) throw new ShapeError(`${fn}(): input must be at least 2-dimensional, got shape [${a.shape}].`);
  const kk = intArg(fn, 'k', o.k, 0);
  const [r, c] = a.shape.slice(-2) as [number, number];
  // tril keeps j ≤ i + k; triu keeps j ≥ i + k (not j ≤ i + k - 1).
  const mask = lower ? lowerMask(r, c, kk) : ge(iota(int32, [r, c], 1), add(iota(int32, [r, c], 0), full([r, c], kk, int32)));
  const mb = broadcastInDim(mask, a.shape, [a.ndim - 2, a.ndim - 1]);
  return select(mb, a, full(a.shape, 0, a.dtype, a.weakType));
}

/** Lower triangle of an array: elements above the k-th diagonal zeroed (`tril(m, k = 0)`, over the last two axes). */
export const tril = declare('tril', {
  arity: 2, arrays: 1, impl: (m: ArrayLike, k?: number | { k?: number }): Array => triangle('tril', m, k, true) });
/** Upper triangle of an array: elements below the k-th diagonal zeroed (`triu(m, k = 0)`, over the last two axes). */
export const triu = declare('triu', {
  arity: 2, arrays: 1, impl: (m: ArrayLike, k?: number | { k?: number }): Array => triangle('triu', m, k, false) });

type DiagonalOpts = { offset?: number; axis1?: number; axis2?: number };

/** The diagonal of `a` over axes (axis1, axis2), moved last. */
function diagonalOf(a: Array, offset: number, axis1: number, axis2: number): Array {
  if (a.ndim < 2) throw new ShapeError(`diagonal(): requires an array of at least 2 dimensions, got shape [${a.shape}].`);
  const a1 = canonicalAxis('diagonal', axis1, a.ndim);
  const a2 = canonicalAxis('diagonal', axis2, a.ndim);
  if (a1 === a2) throw new ShapeError('diagonal(): axis1 and axis2 cannot be the same.');
  const [n, m] = [a.shape[a1]!, a.shape[a2]!];
  const len = Math.max(0, Math.min(n + Math.min(offset, 0), m - Math.max(offset, 0)));
  const rest = range(0, a.ndim).filter((k) => k !== a1 && k !== a2);
  if (len === 0) return full([...rest.map((k) => a.shape[k]!), 0], 0, a.dtype, a.weakType);
  const r0 = Math.max(-offset, 0);
  const c0 = Math.max(offset, 0);
  const pairs = asArray(range(0, len).map((t) => [r0 + t, c0 + t]), int32);
  const g = gather(a, pairs, { axes: [a1, a2], mode: 'clip', fillValue: 0 });
  // gather gives [len, ...rest]: the diagonal goes last.
  return transpose(g, [...range(1, rest.length + 1), 0]);
}

/** Return the specified diagonal(s) of an array (`diagonal(a, offset = 0, axis1 = 0, axis2 = 1)`: the diagonal becomes the last axis). */
export const diagonal = declare('diagonal', {
  arity: 5,
  arrays: 1,
  method: 'diagonal',
  impl: (a: ArrayLike, offset?: number | DiagonalOpts, axis1?: number | DiagonalOpts, axis2?: number | DiagonalOpts, opts?: DiagonalOpts): Array => {
    const o = bindArgs('diagonal', ['offset', 'axis1', 'axis2'], [offset, axis1, axis2, opts]);
    return diagonalOf(asArray(a), intArg('diagonal', 'offset', o.offset, 0), intArg('diagonal', 'axis1', o.axis1, 0), intArg('diagonal', 'axis2', o.axis2, 1));
  },
});

type TraceOpts = DiagonalOpts & { dtype?: DTypeLike | null; out?: null };

/** Sum of the diagonals of an array (`trace(a, offset = 0, axis1 = 0, axis2 = 1, dtype?)`; integers and bools sum as int32, as jnp.sum). */
export const trace = declare('trace', {
  arrays: 1,
  method: 'trace',
  impl: (a: ArrayLike, offset?: number | TraceOpts, axis1?: number | TraceOpts, axis2?: number | TraceOpts, dtype?: DTypeLike | null | TraceOpts, opts?: TraceOpts): Array => {
    const o = bindArgs('trace', ['offset', 'axis1', 'axis2', 'dtype', 'out'], [offset, axis1, axis2, dtype, opts]);
    if (o.out !== undefined && o.out !== null) throw new TypeError("trace(): 'out' is not supported (arrays are immutable).");
    const d = diagonalOf(asArray(a), intArg('trace', 'offset', o.offset, 0), intArg('trace', 'axis1', o.axis1, 0), intArg('trace', 'axis2', o.axis2, 1));
    const want = dtypeArg(o.dtype);
    return sum(d, -1, want ?? null);
  },
});

/** Extract a diagonal or construct a diagonal array (`diag(v, k = 0)`: a 1-d input becomes a 2-d array with it on the k-th diagonal, a 2-d input gives its k-th diagonal). */
export const diag = declare('diag', {
  arity: 2,
  arrays: 1,
  impl: (v: ArrayLike, k?: number | { k?: number }): Array => {
    const o = bindArgs('diag', ['k'], [k]);
    const a = asArray(v);
    const kk = intArg('diag', 'k', o.k, 0);
    if (a.ndim === 2) return diagonalOf(a, kk, 0, 1);
    if (a.ndim !== 1) throw new ShapeError(`diag(): input must be 1- or 2-d, got shape [${a.shape}].`);
    const n = a.shape[0]! + Math.abs(kk);
    const on = eq(iota(int32, [n, n], 1), add(iota(int32, [n, n], 0), full([n, n], kk, int32)));
    return select(on, rowValues(a, n, Math.max(-kk, 0)), full([n, n], 0, a.dtype, a.weakType));
  },
});

/** [n, n]: row i holds v[i - shift] (clamped into v) in every column. */
function rowValues(v: Array, n: number, shift: number): Array {
  const m = v.shape[0]!;
  if (m === 0) return full([n, n], 0, v.dtype, v.weakType);
  const src = range(0, n).map((i) => Math.min(Math.max(i - shift, 0), m - 1));
  const g = reshape(gather(v, reshape(asArray(src, int32), [n, 1]), { axes: [0], mode: 'clip', fillValue: 0 }), [n]);
  return broadcastInDim(g, [n, n], [0]);
}

/** Create a two-dimensional array with the flattened input on the k-th diagonal (`diagflat(v, k = 0)`). */
export const diagflat = declare('diagflat', {
  arity: 2,
  arrays: 1,
  impl: (v: ArrayLike, k?: number | { k?: number }): Array => {
    const a = asArray(v);
    return diag(reshape(a, [a.size]), k);
  },
});

/** Return indices for accessing the main diagonal of an array (`diagIndices(n, ndim = 2)`: ndim copies of arange(n)). */
export const diagIndices = declare('diagIndices', {
  arity: 2,
  arrays: 0,
  impl: (n: number, ndim?: number | { ndim?: number }): Array[] => {
    const o = bindArgs('diagIndices', ['ndim'], [ndim]);
    const size = countArg('diagIndices', 'n', n);
    const nd = countArg('diagIndices', 'ndim', o.ndim ?? 2);
    return range(0, nd).map(() => iota(int32, [size]));
  },
});

/** Return indices for accessing the main diagonal of a given array (all its dimensions must be equal, at least 2). */
export const diagIndicesFrom = declare('diagIndicesFrom', {
  arity: 1,
  arrays: 1,
  fused: false,
  impl: (arr: ArrayLike): Array[] => {
    const a = asArray(arr);
    if (a.ndim < 2) throw new ShapeError(`diagIndicesFrom(): input array must be at least 2-d, got shape [${a.shape}].`);
    if (a.shape.some((d) => d !== a.shape[0])) throw new ShapeError(`diagIndicesFrom(): all dimensions of input must be of equal length, got shape [${a.shape}].`);
    return diagIndices(a.shape[0]!, a.ndim);
  },
});

/** The (row, column) indices of [n, m] where `keep(i, j)`, row-major, as int32 arrays. */
function indicesWhere(n: number, m: number, keep: (i: number, j: number) => boolean): [Array, Array] {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (keep(i, j)) rows.push(i), cols.push(j);
  return [asArray(rows.length ? rows : [], int32), asArray(cols.length ? cols : [], int32)];
}

type TriIdxOpts = { k?: number; m?: number | null };

function triIndices(fn: string, n: number, k: unknown, m: unknown, lower: boolean): [Array, Array] {
  const o = bindArgs(fn, ['k', 'm'], [k, m]);
  const rows = countArg(fn, 'n', n);
  const cols = o.m === undefined || o.m === null ? rows : countArg(fn, 'm', o.m);
  const kk = intArg(fn, 'k', o.k, 0);
  return indicesWhere(rows, cols, lower ? (i, j) => j <= i + kk : (i, j) => j >= i + kk);
}

/** Return the indices of the lower triangle of an (n, m) array (`trilIndices(n, k = 0, m?)`). */
export const trilIndices = declare('trilIndices', {
  arity: 3,
  arrays: 0,
  impl: (n: number, k?: number | TriIdxOpts, m?: number | null | TriIdxOpts): [Array, Array] => triIndices('trilIndices', n, k, m, true),
});
/** Return the indices of the upper triangle of an (n, m) array (`triuIndices(n, k = 0, m?)`). */
export const triuIndices = declare('triuIndices', {
  arity: 3,
  arrays: 0,
  impl: (n: number, k?: number | TriIdxOpts, m?: number | null | TriIdxOpts): [Array, Array] => triIndices('triuIndices', n, k, m, false),
});

function fromArray(fn: string, arr: ArrayLike, k: unknown, lower: boolean): [Array, Array] {
  const a = asArray(arr);
  if (a.ndim !== 2) throw new ShapeError(`${fn}(): input array must be 2-d, got shape [${a.shape}].`);
  const o = bindArgs(fn, ['k'], [k]);
  return triIndices(fn, a.shape[0]!, intArg(fn, 'k', o.k, 0), a.shape[1]!, lower);
}

/** Return the indices of the lower triangle of a 2-d array (`trilIndicesFrom(arr, k = 0)`). */
export const trilIndicesFrom = declare('trilIndicesFrom', {
  arity: 2, arrays: 1, fused: false, impl: (arr: ArrayLike, k?: number | { k?: number }): [Array, Array] => fromArray('trilIndicesFrom', arr, k, true) });
/** Return the indices of the upper triangle of a 2-d array (`triuIndicesFrom(arr, k = 0)`). */
export const triuIndicesFrom = declare('triuIndicesFrom', {
  arity: 2, arrays: 1, fused: false, impl: (arr: ArrayLike, k?: number | { k?: number }): [Array, Array] => fromArray('triuIndicesFrom', arr, k, false) });
