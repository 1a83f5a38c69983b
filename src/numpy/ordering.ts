// Helpers of the sorting family (not jnp functions): argsort along an axis as JAX's, insertion
// indices into a sorted array, and compaction of the kept positions of a mask — with the concrete
// size JAX reads from the input when no `size` is given (a ConcretizationError under jit/vmap).
import type { Array } from '../core/array.js';
import { countArg } from '../core/args.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { int32 } from '../core/dtypes.js';
import { ConcretizationError } from '../core/errors.js';
import { add, bitwiseAnd as and, bitwiseOr as or, convertElementType, eq, le, lt, ne, select, sub } from '../lax/elementwise.js';
import { shiftRightLogical } from '../lax/bitwise.js';
import { imag, real } from '../lax/complex.js';
import { gather } from '../lax/gather.js';
import { iota } from '../lax/iota.js';
import { reduceSum } from '../lax/reductions.js';
import { argsortRaw, sortMany } from '../lax/sort.js';
import { concatenateAlong, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';

/** JAX's argsort: a stable descending sort reverses the keys and the iota first, so ties keep their order. */
export function argsortAlong(a: Array, axis: number, stable = true, descending = false): Array {
  if (!(descending && stable)) {
    const order = argsortRaw([a], axis, stable).order;
    return descending ? rev(order, [axis]) : order;
  }
  const n = a.shape[axis]!;
  const ids = rev(iota(int32, [...a.shape], axis), [axis]);
  const order = sortMany([rev(a, [axis]), ids], axis, true, 1)[1]!;
  return n === 0 ? order : rev(order, [axis]);
}

/**
 * Whether x comes before y in sort order (NaN after every number), or (`orEqual`) not after it.
 * Complex values compare as sort orders them: by real part (NaNs equal), then imaginary part.
 */
function before(x: Array, y: Array, orEqual: boolean): Array {
  if (x.dtype.kind === 'c') {
    const [xr, yr] = [real(x), real(y)];
    const sameRe = or(eq(xr, yr), and(ne(xr, xr), ne(yr, yr)));
    return or(before(xr, yr, false), and(sameRe, before(imag(x), imag(y), orEqual)));
  }
  const yNan = ne(y, y);
  if (orEqual) return or(le(x, y), yNan);
  return or(lt(x, y), and(yNan, eq(x, x)));
}

/**
 * The number of elements of sorted 1-d `a` before each of `v` (left), or not after it (right).
 * 'scan' (JAX's default) is a binary search, ceil(log2(n+1)) rounds of one gather each, so memory
 * stays v's size; 'compare_all' compares every pair (n·|v| work, better for tiny `a`). Both give
 * the same indices (JAX's results, NaN after every number).
 */
export function insertionIndex(a: Array, v: Array, right: boolean, method = 'scan'): Array {
  const n = a.shape[0]!;
  if (method === 'compare_all' || n <= 8) {
    const va = broadcastInDim(v, [...v.shape, n], v.shape.map((_, i) => i));
    const aa = broadcastInDim(a, [...v.shape, n], [v.ndim]);
    return reduceSum(convertElementType(before(aa, va, right), int32), [v.ndim]);
  }
  // Invariant (JAX's _searchsorted_via_scan): the answer is in (low, high]; `goLeft` when v comes
  // before a[mid] (or equals it, for 'left').
  let low = full([...v.shape], 0, int32);
  let high = full([...v.shape], n, int32);
  const levels = Math.ceil(Math.log2(n + 1));
  for (let k = 0; k < levels; k++) {
    const mid = shiftRightLogical(add(low, high), full([...v.shape], 1, int32));
    const am = gather(a, reshape(mid, [...v.shape, 1]), { axes: [0], mode: 'clip', fillValue: 0 });
    const goLeft = before(v, am, !right);
    low = select(goLeft, low, mid);
    high = select(goLeft, mid, high);
  }
  return high;
}

/** The value of a 0-d integer array computed from the input, which must be concrete (not traced). */
export function concreteSize(x: Array, fn: string): number {
  requireConcrete(x, fn);
  return Number(x.item());
}

/** Raise JAX's ConcretizationTypeError, asking for `size`, when `x` is traced. */
export function requireConcrete(x: Array, fn: string): void {
  if (!(x instanceof DeviceArray))
    throw new ConcretizationError(
      `${fn}(): the size of the result depends on the values of the input, which are abstract under jit, vmap or grad (JAX's ConcretizationTypeError). ` +
        `Pass a static '${fn === 'bincount' ? 'length' : 'size'}' to ${fn}() to use it there.`,
    );
}

/** An optional `size` argument: a non-negative integer, or undefined. */
export function sizeArg(fn: string, v: unknown): number | undefined {
  return v === undefined || v === null ? undefined : countArg(fn, 'size', v);
}

/** The kept positions of 1-d `keep` in order, the first `size` of them: `idx` (0 past the kept ones) and `valid`. */
export function compact(keep: Array, size: number): { idx: Array; valid: Array; count: Array } {
  const n = keep.shape[0]!;
  const k = convertElementType(keep, int32, false);
  const count = reduceSum(k, [0]);
  const valid = lt(iota(int32, [size]), broadcastInDim(count, [size], []));
  if (n === 0) return { idx: full([size], 0, int32), valid, count };
  // Kept positions first (key 0), each group in index order (a stable sort).
  const order = argsortRaw([sub(full([n], 1, int32), k)], 0).order;
  const head = slice(order, [0], [Math.min(n, size)]);
  const idx = size > n ? concatenateAlong([head, full([size - n], 0, int32)], 0) : head;
  return { idx: select(valid, idx, full([size], 0, int32)), valid, count };
}

/** Elements of 1-d `x` at int32 positions `idx` (clamped). */
export const takeFlat = (x: Array, idx: Array): Array => gather(x, reshape(idx, [...idx.shape, 1]), { axes: [0], mode: 'clip', fillValue: 0 });

