// lax.associative_scan: all prefix combinations of a pytree of arrays under an associative `fn`,
// by JAX's odd/even recursion (Blelloch): combine adjacent pairs, scan those, then fill in the
// even positions. Built from slices, zero-padding and `fn` only, so jit, vmap and grad follow.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { type PyTree, treeFlatten, treeUnflatten } from '../core/pytree.js';
import { bind1 } from '../core/trace.js';
import { add, bitwiseOr } from './elementwise.js';
import { concatenateAlong, padZerosP, rev, slice } from './slicing.js';

/** `associativeScan`'s options (JAX's keyword arguments). */
export interface AssociativeScanOptions {
  /** Scan from the end of the axis to its start. */
  reverse?: boolean;
  /** The axis scanned (negative counts from the end). */
  axis?: number;
}

/** `x[start:limit:stride]` along `axis` (a negative limit counts from the end; null is the end). */
export function sliceAlong(x: Array, axis: number, start: number, limit: number | null, stride = 1): Array {
  const n = x.shape[axis]!;
  const lim = limit === null ? n : Math.max(0, limit < 0 ? n + limit : Math.min(limit, n));
  const st = x.shape.map((_, k) => (k === axis ? Math.min(start, lim) : 0));
  const li = x.shape.map((d, k) => (k === axis ? lim : d));
  return slice(x, st, li, x.shape.map((_, k) => (k === axis ? stride : 1)));
}

/** `a` at the even positions and `b` at the odd ones along `axis` (a has as many elements as b, or one more). */
function interleave(a: Array, b: Array, axis: number): Array {
  const n = a.shape[axis]! + b.shape[axis]!;
  const shape = a.shape.map((d, k) => (k === axis ? n : d));
  const spread = (x: Array, first: number) =>
    bind1(padZerosP, [x], { shape, startIndices: shape.map((_, k) => (k === axis ? first : 0)), strides: shape.map((_, k) => (k === axis ? 2 : 1)) });
  return (a.dtype.kind === 'b' ? bitwiseOr : add)(spread(a, 0), spread(b, 1));
}

/** The prefix scan of the flat `elems` (all of one length along `axis`) under `combine`. */
function scanFlat(combine: (a: Array[], b: Array[]) => Array[], elems: Array[], axis: number): Array[] {
  const n = elems[0]!.shape[axis]!;
  if (n < 2) return elems;
  // Pairs (0,1), (2,3), …: their scan gives every odd position.
  const reduced = combine(
    elems.map((e) => sliceAlong(e, axis, 0, -1, 2)),
    elems.map((e) => sliceAlong(e, axis, 1, null, 2)),
  );
  const odd = scanFlat(combine, reduced, axis);
  // Each even position after the first: the odd prefix before it combined with the element.
  const evenRest =
    n % 2 === 0
      ? combine(
          odd.map((e) => sliceAlong(e, axis, 0, -1)),
          elems.map((e) => sliceAlong(e, axis, 2, null, 2)),
        )
      : combine(
          odd,
          elems.map((e) => sliceAlong(e, axis, 2, null, 2)),
        );
  const even = elems.map((e, k) => concatenateAlong([sliceAlong(e, axis, 0, 1), evenRest[k]!], axis));
  return even.map((e, k) => interleave(e, odd[k]!, axis));
}

/**
 * Performs a scan with an associative binary operation, in parallel: `fn(a, b)` combines two
 * pytrees of arrays (like `elems`, sliced along `axis`) elementwise. A ShapeError when the leaves
 * differ in length along the axis or `fn` changes their structure or shapes.
 */
export function associativeScan<T extends PyTree<ArrayLike>>(fn: (a: T, b: T) => T, elems: T, ...rest: [reverse?: boolean | AssociativeScanOptions, axis?: number | AssociativeScanOptions, opts?: AssociativeScanOptions]): T {
  const o = bindArgs('lax.associativeScan', ['reverse', 'axis'], rest);
  const reverse = boolArg('lax.associativeScan', 'reverse', o.reverse, false);
  const [leaves, def] = treeFlatten<ArrayLike>(elems);
  let flat = leaves.map((l) => asArray(l));
  if (flat.length === 0) throw new ShapeError('lax.associativeScan(): elems has no arrays to scan.');
  const ndim = flat[0]!.ndim;
  const axisArg = o.axis ?? 0;
  if (typeof axisArg !== 'number' || !Number.isInteger(axisArg) || axisArg < -ndim || axisArg >= ndim || flat.some((x) => x.ndim !== ndim))
    throw new ShapeError(`lax.associativeScan(): axis ${describe(axisArg)} is not an axis of every element (ranks ${flat.map((x) => x.ndim).join(', ')}).`);
  const axis = axisArg < 0 ? axisArg + ndim : axisArg;
  const n = flat[0]!.shape[axis]!;
  if (flat.some((x) => x.shape[axis] !== n))
    throw new ShapeError(`lax.associativeScan(): every element must have the same length along axis ${axis}; got ${flat.map((x) => x.shape[axis]).join(', ')}.`);
  const combine = (a: Array[], b: Array[]): Array[] => {
    const out = treeFlatten<ArrayLike>(fn(treeUnflatten<T>(def, a), treeUnflatten<T>(def, b)))[0].map((x) => asArray(x));
    if (out.length !== a.length || out.some((x, k) => x.ndim !== a[k]!.ndim || x.shape.some((d, j) => d !== a[k]!.shape[j])))
      throw new ShapeError(`lax.associativeScan(): fn must return a pytree like its arguments, with the same shapes (got ${out.map((x) => x.aval.str()).join(', ')} for ${a.map((x) => x.aval.str()).join(', ')}).`);
    if (out.some((x, k) => x.dtype !== a[k]!.dtype))
      throw new DtypeError(`lax.associativeScan(): fn must keep the dtypes of its arguments (got ${out.map((x) => x.dtype.name).join(', ')} for ${a.map((x) => x.dtype.name).join(', ')}); convert inside fn.`);
    return out;
  };
  if (reverse) flat = flat.map((x) => rev(x, [axis]));
  let scanned = scanFlat(combine, flat, axis);
  if (reverse) scanned = scanned.map((x) => rev(x, [axis]));
  return treeUnflatten<T>(def, scanned);
}
