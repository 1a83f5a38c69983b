// jnp set functions: unique (and unique_values/counts/inverse/all), isin, intersect1d, union1d,
// setdiff1d, setxor1d, as JAX's: a stable sort, a mask of the kept sorted positions, then the
// kept ones first (counting.ts's compact). Without `size` the result's size is read from the
// concrete input (a ConcretizationError under jit/vmap, as JAX); with it the result traces, padded
// with `fillValue` (by default JAX's: the smallest kept value, or 0 for setdiff1d).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { add, bitwiseAnd as and, bitwiseNot as not, bitwiseOr as or, convertElementType, eq, ne, select, sub } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { reduceOr, reduceSum } from '../lax/reductions.js';
import { argsortRaw, sortMany, takeAlongDim } from '../lax/sort.js';
import { concatenateAlong, slice } from '../lax/slicing.js';
import { broadcastInDim, full, moveAxis, reshape } from '../lax/structural.js';
import { canonicalAxis } from './axes.js';
import type { SizeOptions } from './counting.js';
import { compact, concreteSize, requireConcrete, sizeArg, takeFlat } from './ordering.js';
import { declare } from './declare.js';
import { insertionIndex } from './ordering.js';
import { promoteDtypes } from './promote.js';

const isNan = (x: Array) => ne(x, x);
const flat = (x: Array) => reshape(x, [x.size]);
const shift = (x: Array, from: number, to: number) => slice(x, [from, ...x.shape.slice(1).map(() => 0)], [to, ...x.shape.slice(1)]);

/** [true, x[1:] differs from x[:-1]] over the rows of 2-d `x` (NaNs equal when `equalNan`). */
function firstOfRun(x: Array, equalNan: boolean): Array {
  const n = x.shape[0]!;
  if (n === 0) return full([0], false, bool);
  const [a, b] = [shift(x, 1, n), shift(x, 0, n - 1)];
  let d = ne(a, b);
  if (equalNan && x.dtype.kind === 'f') d = and(d, not(and(isNan(a), isNan(b))));
  const rows = reduceOr(d, [1]);
  return concatenateAlong([full([1], true, rows.dtype), rows], 0);
}

/** Inclusive prefix sums of 1-d int32 `x` (log-step: ⌈log2 n⌉ shifted adds). */
function prefixSum(x: Array): Array {
  const n = x.shape[0]!;
  let s = x;
  for (let k = 1; k < n; k *= 2) s = add(s, concatenateAlong([full([k], 0, int32), slice(s, [0], [n - k])], 0));
  return s;
}

/** Rows of `x` (2-d) at int32 `idx`. */
const takeRows = (x: Array, idx: Array): Array => gather(x, reshape(idx, [idx.shape[0]!, 1]), { axes: [0], mode: 'clip', fillValue: 0 });

/** unique's options. */
export interface UniqueOptions extends SizeOptions {
  returnIndex?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  axis?: number | null;
  equalNan?: boolean;
  sorted?: boolean;
}

/** JAX's _unique along `axis` of `ar`; `inverseShape` reshapes the inverse (axis null). */
function uniqueOf(fn: string, ar: Array, axis: number, o: { returnIndex: boolean; returnInverse: boolean; returnCounts: boolean; equalNan: boolean; size?: number; fillValue?: ArrayLike | null }): Array[] {
  const n = ar.shape[axis]!;
  const hasFill = o.fillValue !== undefined && o.fillValue !== null;
  if (n === 0 && o.size && !hasFill) throw new ShapeError(`${fn}(): for a zero-sized input with a nonzero size, fillValue must be given.`);
  const moved = moveAxis(ar, axis, 0);
  const rowLen = moved.size / Math.max(1, n);
  if (n > 0 && rowLen === 0) throw new ShapeError(`${fn}(): rows of size 0 along axis ${axis} are not supported.`);
  const rows = reshape(moved, [n, rowLen]);
  const cols = globalThis.Array.from({ length: rowLen }, (_, c) => reshape(slice(rows, [0, c], [n, c + 1]), [n]));
  const perm = n === 0 ? full([0], 0, int32) : argsortRaw(cols, 0).order;
  const aux = n === 0 ? rows : takeRows(rows, perm);
  const mask = firstOfRun(aux, o.equalNan);
  const count = reduceSum(convertElementType(mask, int32, false), [0]);
  const u = o.size ?? concreteSize(count, fn);
  const { idx: ind, valid } = compact(mask, u);
  let result = n === 0 ? full([u, rowLen], hasFill ? (o.fillValue as number) : 0, ar.dtype) : takeRows(aux, ind);
  if (o.size !== undefined && hasFill && n > 0) result = select(broadcastInDim(valid, result.shape, [0]), result, full(result.shape, o.fillValue as number, result.dtype));
  const out = [moveAxis(reshape(result, [u, ...moved.shape.slice(1)]), 0, axis)];
  if (o.returnIndex) out.push(n === 0 ? perm : takeFlat(perm, ind));
  if (o.returnInverse) {
    const imask = sub(prefixSum(convertElementType(mask, int32, false)), full([n], 1, int32));
    // inverse[perm[j]] = imask[j]: gathered by the inverse permutation.
    out.push(n === 0 ? full([0], 0, int32) : takeAlongDim(imask, argsortRaw([perm], 0).order, 0));
  }
  if (o.returnCounts) {
    if (n === 0) out.push(full([0], 0, int32));
    else {
      const idx = compact(mask, u + 1).idx;
      // JAX's: positions past the kept ones (0) become n, then differences.
      const next = shift(idx, 1, u + 1);
      const ends = concatenateAlong([shift(idx, 0, 1), select(ne(next, full([u], 0, int32)), next, full([u], n, int32))], 0);
      out.push(sub(shift(ends, 1, u + 1), shift(ends, 0, u)));
    }
  }
  return out;
}

type U = UniqueOptions;
/**
 * Return the unique values from an array (sorted), optionally with the index of each one's first
 * occurrence, the inverse indices and the counts (a list when more than one is asked for).
 */
export const unique = declare('unique', {
  arrays: 1,
  fused: false,
  impl: (ar: ArrayLike, ...rest: [returnIndex?: boolean | U, returnInverse?: boolean | U, returnCounts?: boolean | U, axis?: number | null | U, opts?: U]): Array | Array[] => {
    const o = bindArgs('unique', ['returnIndex', 'returnInverse', 'returnCounts', 'axis', 'equalNan', 'size', 'fillValue', 'sorted'], rest, ['equalNan', 'size', 'fillValue', 'sorted']);
    if (o.sorted === false) throw new ShapeError("unique(): sorted=false is not supported (as in JAX); the values come sorted.");
    const a = asArray(ar);
    const size = sizeArg('unique', o.size);
    if (size === undefined) requireConcrete(a, 'unique');
    const flags = { returnIndex: boolArg('unique', 'returnIndex', o.returnIndex, false), returnInverse: boolArg('unique', 'returnInverse', o.returnInverse, false), returnCounts: boolArg('unique', 'returnCounts', o.returnCounts, false) };
    const axisNull = o.axis === undefined || o.axis === null;
    const out = uniqueOf('unique', axisNull ? flat(a) : a, axisNull ? 0 : canonicalAxis('unique', o.axis, a.ndim), {
      ...flags,
      equalNan: boolArg('unique', 'equalNan', o.equalNan, true),
      size,
      fillValue: o.fillValue as ArrayLike | null | undefined,
    });
    if (flags.returnInverse && axisNull) {
      const k = flags.returnIndex ? 2 : 1;
      out[k] = reshape(out[k]!, a.shape);
    }
    return out.length === 1 ? out[0]! : out;
  },
});

/** A tuple with names, as JAX's named tuples. */
type Named<T extends Record<string, Array>> = Array[] & T;
function named<T extends Record<string, Array>>(fields: T): Named<T> {
  return Object.assign(Object.values(fields), fields);
}

function arrayApi(fn: string, x: ArrayLike, opts: SizeOptions | undefined, want: { returnIndex?: boolean; returnInverse?: boolean; returnCounts?: boolean }): Array[] {
  const o = bindArgs(fn, ['size', 'fillValue'], [opts], ['size', 'fillValue']);
  const a = asArray(x);
  const size = sizeArg(fn, o.size);
  if (size === undefined) requireConcrete(a, fn);
  const out = uniqueOf(fn, flat(a), 0, { returnIndex: false, returnInverse: false, returnCounts: false, ...want, equalNan: false, size, fillValue: o.fillValue as ArrayLike | null | undefined });
  if (want.returnInverse) out[want.returnIndex ? 2 : 1] = reshape(out[want.returnIndex ? 2 : 1]!, a.shape);
  return out;
}

/** Return unique values from x, along with indices, inverse indices, and counts: `{values, indices, inverseIndices, counts}` (also a list). */
export const uniqueAll = declare('uniqueAll', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, opts?: SizeOptions): Named<{ values: Array; indices: Array; inverseIndices: Array; counts: Array }> => {
    const [values, indices, inverseIndices, counts] = arrayApi('uniqueAll', x, opts, { returnIndex: true, returnInverse: true, returnCounts: true }) as [Array, Array, Array, Array];
    return named({ values, indices, inverseIndices, counts });
  },
});
/** Return unique values from x, along with their counts: `{values, counts}` (also a list). */
export const uniqueCounts = declare('uniqueCounts', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, opts?: SizeOptions): Named<{ values: Array; counts: Array }> => {
    const [values, counts] = arrayApi('uniqueCounts', x, opts, { returnCounts: true }) as [Array, Array];
    return named({ values, counts });
  },
});
/** Return unique values from x, along with indices that reconstruct x: `{values, inverseIndices}` (also a list). */
export const uniqueInverse = declare('uniqueInverse', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, opts?: SizeOptions): Named<{ values: Array; inverseIndices: Array }> => {
    const [values, inverseIndices] = arrayApi('uniqueInverse', x, opts, { returnInverse: true }) as [Array, Array];
    return named({ values, inverseIndices });
  },
});
/** Return unique values from x (sorted; NaNs not merged, as the array API's). */
export const uniqueValues = declare('uniqueValues', { arity: 2, arrays: 1, fused: false, impl: (x: ArrayLike, opts?: SizeOptions): Array => arrayApi('uniqueValues', x, opts, {})[0]! });

/** Whether each element of `e` equals some element of 1-d `t` (NaN equals nothing). */
function member(e: Array, t: Array): Array {
  const m = t.shape[0]!;
  if (m === 0) return full(e.shape, false, bool);
  const shape = [...e.shape, m];
  return reduceOr(eq(broadcastInDim(e, shape, e.shape.map((_, i) => i)), broadcastInDim(t, shape, [e.ndim])), [e.ndim]);
}

/** isin's options. */
export interface IsinOptions {
  assumeUnique?: boolean;
  invert?: boolean;
  method?: 'auto' | 'compare_all' | 'binary_search' | 'sort';
}
/** Determine whether elements in `element` appear in `testElements` (bool, `element`'s shape; `invert` negates). */
export const isin = declare('isin', {
  arrays: 2,
  impl: (element: ArrayLike, testElements: ArrayLike, ...rest: [assumeUnique?: boolean | IsinOptions, invert?: boolean | IsinOptions, opts?: IsinOptions]): Array => {
    const o = bindArgs('isin', ['assumeUnique', 'invert', 'method'], rest, ['method']);
    const [e, t] = promoteDtypes(asArray(element), asArray(testElements)) as [Array, Array];
    const r = member(e, flat(t));
    return boolArg('isin', 'invert', o.invert, false) ? not(r) : r;
  },
});

/** The set operations' options. */
export interface SetOptions extends SizeOptions {
  assumeUnique?: boolean;
}

/** Both arrays flattened and promoted to one dtype. */
const pair = (a: ArrayLike, b: ArrayLike): [Array, Array] => promoteDtypes(flat(asArray(a)), flat(asArray(b))) as [Array, Array];

/** The kept elements of 1-d `cand` (in order), `size` of them (or all, from the concrete input), padded with `fill` (default: the first kept). */
function kept(fn: string, cand: Array, keep: Array, o: SizeOptions, fill?: number, inputs: Array[] = [cand]): { values: Array; idx: Array } {
  const size = sizeArg(fn, o.size);
  if (size === undefined) inputs.forEach((x) => requireConcrete(x, fn));
  const u = size ?? concreteSize(reduceSum(convertElementType(keep, int32, false), [0]), fn);
  if (cand.shape[0] === 0) return { values: full([u], (o.fillValue as number | undefined) ?? fill ?? 0, cand.dtype), idx: full([u], 0, int32) };
  const { idx, valid } = compact(keep, u);
  const values = takeFlat(cand, idx);
  if (u === 0) return { values, idx };
  const f = o.fillValue !== undefined && o.fillValue !== null ? full([u], o.fillValue as number, cand.dtype) : fill !== undefined ? full([u], fill, cand.dtype) : broadcastInDim(takeFlat(values, full([], 0, int32)), [u], []);
  return { values: select(valid, values, f), idx };
}

/** Sorted `x` (1-d), its permutation, and its first-of-run mask (NaNs merged). */
function sortedUnique(x: Array, assumeUnique: boolean): { aux: Array; perm: Array; mask: Array } {
  const { sorted, order } = argsortRaw([x], 0);
  const aux = sorted[0]!;
  const mask = assumeUnique ? full(x.shape, true, bool) : firstOfRun(reshape(aux, [x.shape[0]!, 1]), true);
  return { aux, perm: order, mask };
}

type S = SetOptions;
/** Compute the set intersection of two 1D arrays (sorted unique values in both; `returnIndices` adds first-occurrence indices in each). */
export const intersect1d = declare('intersect1d', {
  arrays: 2,
  fused: false,
  impl: (ar1: ArrayLike, ar2: ArrayLike, ...rest: [assumeUnique?: boolean | (S & { returnIndices?: boolean }), returnIndices?: boolean | (S & { returnIndices?: boolean }), opts?: S & { returnIndices?: boolean }]): Array | Array[] => {
    const o = bindArgs('intersect1d', ['assumeUnique', 'returnIndices', 'size', 'fillValue'], rest, ['size', 'fillValue']) as S & { returnIndices?: boolean };
    const [a, b] = pair(ar1, ar2);
    const s = sortedUnique(a, boolArg('intersect1d', 'assumeUnique', o.assumeUnique, false));
    const r = kept('intersect1d', s.aux, and(s.mask, member(s.aux, b)), o, undefined, [a, b]);
    if (!boolArg('intersect1d', 'returnIndices', o.returnIndices, false)) return r.values;
    const i1 = a.shape[0] === 0 ? r.idx : takeFlat(s.perm, r.idx);
    if (b.shape[0] === 0) return [r.values, i1, r.idx];
    const s2 = argsortRaw([b], 0);
    const pos = insertionIndex(s2.sorted[0]!, r.values, false);
    return [r.values, i1, takeFlat(s2.order, pos)];
  },
});

/** Compute the set union of two 1D arrays (sorted unique values of both). */
export const union1d = declare('union1d', {
  arity: 3,
  arrays: 2,
  fused: false,
  impl: (ar1: ArrayLike, ar2: ArrayLike, opts?: SizeOptions): Array => {
    const o = bindArgs('union1d', ['size', 'fillValue'], [opts], ['size', 'fillValue']);
    const [a, b] = pair(ar1, ar2);
    return unique(concatenateAlong([a, b], 0), { size: o.size as number | undefined, fillValue: o.fillValue as number | undefined }) as Array;
  },
});

/** Compute the set difference of two 1D arrays: the unique values of `ar1` not in `ar2` (sorted unless `assumeUnique`; padding 0). */
export const setdiff1d = declare('setdiff1d', {
  arrays: 2,
  fused: false,
  impl: (ar1: ArrayLike, ar2: ArrayLike, ...rest: [assumeUnique?: boolean | S, opts?: S]): Array => {
    const o = bindArgs('setdiff1d', ['assumeUnique', 'size', 'fillValue'], rest, ['size', 'fillValue']) as S;
    const [a, b] = pair(ar1, ar2);
    if (boolArg('setdiff1d', 'assumeUnique', o.assumeUnique, false)) return kept('setdiff1d', a, not(member(a, b)), o, 0, [a, b]).values;
    const s = sortedUnique(a, false);
    return kept('setdiff1d', s.aux, and(s.mask, not(member(s.aux, b))), o, 0, [a, b]).values;
  },
});

/** Compute the set-wise xor of elements in two arrays: sorted values in exactly one of them (a NaN of each counts as distinct). */
export const setxor1d = declare('setxor1d', {
  arrays: 2,
  fused: false,
  impl: (ar1: ArrayLike, ar2: ArrayLike, ...rest: [assumeUnique?: boolean | S, opts?: S]): Array => {
    const o = bindArgs('setxor1d', ['assumeUnique', 'size', 'fillValue'], rest, ['size', 'fillValue']) as S;
    const [a, b] = pair(ar1, ar2);
    const n = a.shape[0]! + b.shape[0]!;
    const src = concatenateAlong([full(a.shape, 0, int32), full(b.shape, 1, int32)], 0);
    const [aux, from] = sortMany([concatenateAlong([a, b], 0), src], 0, true, 2) as [Array, Array];
    if (n === 0) return kept('setxor1d', aux, full([0], true, bool), o, undefined, [a, b]).values;
    const prevDiffers = (x: Array) => concatenateAlong([full([1], true, bool), ne(shift(x, 1, n), shift(x, 0, n - 1))], 0);
    let keep: Array;
    if (boolArg('setxor1d', 'assumeUnique', o.assumeUnique, false)) {
      // JAX's flag: differs from both neighbours (NaN differs from everything).
      const d = prevDiffers(aux);
      keep = and(d, concatenateAlong([shift(d, 1, n), full([1], true, d.dtype)], 0));
    } else {
      const nan = isNan(aux);
      // One NaN from each array; other values once, when only one array has them.
      const nanKeep = and(nan, or(prevDiffers(from), not(concatenateAlong([full([1], false, nan.dtype), shift(nan, 0, n - 1)], 0))));
      const only = ne(member(aux, a), member(aux, b));
      keep = or(nanKeep, and(not(nan), and(prevDiffers(aux), only)));
    }
    return kept('setxor1d', aux, keep, o, undefined, [a, b]).values;
  },
});
