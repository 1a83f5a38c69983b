// Splitting arrays: split, arraySplit, hsplit, vsplit, dsplit, unstack — static slices, so
// their transposes (padding cotangents back) and batching are slice's.
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { ConcretizationError, ShapeError } from '../core/errors.js';
import { slice } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';

type Sections = number | readonly number[] | Array;

/** The split points along an axis of size `n`: `sections` equal parts (or, for arraySplit, nearly equal), or the given indices. */
function splitPoints(fn: string, sections: Sections, n: number, even: boolean): number[] {
  let s: unknown = sections;
  if (s instanceof Array) {
    if (!(s instanceof DeviceArray)) throw new ConcretizationError(`${fn}(): 'indices_or_sections' must be concrete (it sets the output shapes), got a traced array.`);
    s = s.ndim === 0 ? Number(s.item()) : s.tolist();
  }
  if (typeof s === 'number') {
    if (!Number.isInteger(s) || s <= 0) throw new ShapeError(`${fn}(): the number of sections must be a positive integer, got ${s}.`);
    if (even && n % s !== 0) throw new ShapeError(`${fn}(): array split does not result in an equal division: an axis of size ${n} into ${s} sections; use arraySplit for unequal parts.`);
    const q = Math.floor(n / s);
    const r = n % s;
    // The first n % s parts have one more element (numpy's array_split).
    return range(1, s).map((k) => k * q + Math.min(k, r));
  }
  if (!globalThis.Array.isArray(s) || s.some((v) => typeof v !== 'number' || !Number.isInteger(v)))
    throw new ShapeError(`${fn}(): 'indices_or_sections' must be an integer or a list of integers, got ${describe(sections)}.`);
  return s as number[];
}

function splitAlong(fn: string, x: Array, sections: Sections, axis: number, even: boolean): Array[] {
  const ax = canonicalAxis(fn, axis, x.ndim);
  const n = x.shape[ax]!;
  // As JAX (unlike NumPy): split points are not wrapped or clamped; each part's size must be ≥ 0.
  const pts = [0, ...splitPoints(fn, sections, n, even), n];
  const sizes = pts.slice(1).map((p, k) => p - pts[k]!);
  if (sizes.some((d) => d < 0)) throw new ShapeError(`${fn}(): sizes passed to split must be nonnegative, got [${sizes}] from split points [${pts.slice(1, -1)}] of an axis of size ${n}.`);
  return range(0, pts.length - 1).map((k) => {
    const lo = pts[k]!;
    const hi = pts[k + 1]!;
    return slice(x, x.shape.map((_, d) => (d === ax ? lo : 0)), x.shape.map((d, j) => (j === ax ? hi : d)));
  });
}

type SplitOpts = { axis?: number };

/** Split an array into multiple sub-arrays (`split(ary, indicesOrSections, axis = 0)`): equal sections (a ShapeError when they are not) or at the given indices. */
export const split = declare('split', {
  arity: 3,
  arrays: 1,
  fused: false,
  impl: (ary: ArrayLike, indicesOrSections: Sections, axis?: number | SplitOpts): Array[] => {
    const o = bindArgs('split', ['axis'], [axis]);
    const x = asArray(ary);
    if (x.ndim === 0) throw new ShapeError('split(): a 0-d array cannot be split.');
    return splitAlong('split', x, indicesOrSections, (o.axis ?? 0) as number, true);
  },
});

/** Split an array into multiple sub-arrays (`arraySplit(ary, indicesOrSections, axis = 0)`): sections may differ in size by one, the longer ones first. */
export const arraySplit = declare('arraySplit', {
  arity: 3,
  arrays: 1,
  fused: false,
  impl: (ary: ArrayLike, indicesOrSections: Sections, axis?: number | SplitOpts): Array[] => {
    const o = bindArgs('arraySplit', ['axis'], [axis]);
    const x = asArray(ary);
    if (x.ndim === 0) throw new ShapeError('arraySplit(): a 0-d array cannot be split.');
    return splitAlong('arraySplit', x, indicesOrSections, (o.axis ?? 0) as number, false);
  },
});

/** Split an array into sub-arrays horizontally (axis 1, or 0 for 1-d arrays). */
export const hsplit = declare('hsplit', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (ary: ArrayLike, indicesOrSections: Sections): Array[] => {
    const x = asArray(ary);
    if (x.ndim === 0) throw new ShapeError('hsplit(): only works on arrays of 1 or more dimensions.');
    return splitAlong('hsplit', x, indicesOrSections, x.ndim === 1 ? 0 : 1, true);
  },
});

/** Split an array into sub-arrays vertically (along axis 0, as JAX, 1-d arrays included). */
export const vsplit = declare('vsplit', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (ary: ArrayLike, indicesOrSections: Sections): Array[] => {
    const x = asArray(ary);
    if (x.ndim < 1) throw new ShapeError('vsplit(): a 0-d array cannot be split.');
    return splitAlong('vsplit', x, indicesOrSections, 0, true);
  },
});

/** Split an array into sub-arrays depth-wise (axis 2; a ShapeError below 3 dimensions). */
export const dsplit = declare('dsplit', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (ary: ArrayLike, indicesOrSections: Sections): Array[] => {
    const x = asArray(ary);
    if (x.ndim < 3) throw new ShapeError(`dsplit(): splits along axis 2, which an array of shape [${x.shape}] does not have.`);
    return splitAlong('dsplit', x, indicesOrSections, 2, true);
  },
});

/** Unstack an array along an axis: the list of its slices (`unstack(x, { axis = 0 })`, axis by name only, as JAX); a ShapeError for 0-d arrays. */
export const unstack = declare('unstack', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, opts?: SplitOpts): Array[] => {
    const o = bindArgs('unstack', ['axis'], [opts], ['axis']);
    const a = asArray(x);
    if (a.ndim === 0) throw new ShapeError('unstack(): requires an array of at least 1 dimension, got a 0-d array.');
    const ax = canonicalAxis('unstack', o.axis ?? 0, a.ndim);
    const rest = a.shape.filter((_, k) => k !== ax);
    return range(0, a.shape[ax]!).map((i) => reshape(slice(a, a.shape.map((_, k) => (k === ax ? i : 0)), a.shape.map((d, k) => (k === ax ? i + 1 : d))), rest));
  },
});
