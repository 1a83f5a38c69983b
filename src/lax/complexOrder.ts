// Complex numbers in order, on (re, im) planes: JAX orders them lexicographically, by the real
// part and then the imaginary part (mlir._minmax_hlo for max/min, _operands_to_keys for sort).
// These are the `complex` rules of max, min, reduce_max, reduce_min, cummax, cummin, cumprod
// and sort.
//
// NaN: JAX's binary max/min is a select on two comparisons (NaN compares false), reproduced
// exactly here. JAX's complex reductions and cumulative max/min fold that select in XLA's order,
// so a NaN is kept or dropped by its position ([nan, 1, 2] has max 2, [1, 2, nan] has max nan):
// jaxpool's propagate NaN instead (a NaN part anywhere gives NaN + NaN·i), as real max does.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import type { Planes, PlaneValue, Primitive } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { associativeScan } from './associativeScan.js';
import { cmul, flattenPlanes, groupPlanes, isPlanes, planes } from './complexPlanes.js';
import { bitwiseOr as or, eq, gt, lt, ne, select } from './elementwise.js';
import { reduceMax, reduceMin, reduceOr } from './reductions.js';
import { broadcastInDim, full, fullLike } from './structural.js';
import type { SortParams } from './sort.js';

type Cmp = 'gt' | 'lt';

/** Whether x comes before (lt) or after (gt) y lexicographically: JAX's select(re equal, im cmp, re cmp). */
function lexCmp(x: Planes, y: Planes, cmp: Cmp): Array {
  const c = cmp === 'gt' ? gt : lt;
  return select(eq(x.re, y.re), c(x.im, y.im), c(x.re, y.re));
}

/** JAX's complex max (cmp 'gt') or min ('lt'): x where it compares so against y, else y. */
export function cmaxmin(x: Planes, y: Planes, cmp: Cmp): Planes {
  const which = lexCmp(x, y, cmp);
  return planes(select(which, x.re, y.re), select(which, x.im, y.im));
}

const hasNan = (z: Planes) => or(ne(z.re, z.re), ne(z.im, z.im));

/** Lexicographic max/min propagating NaN: associative, so scans and reductions may group it freely. */
function cextremumNan(x: Planes, y: Planes, cmp: Cmp): Planes {
  const m = cmaxmin(x, y, cmp);
  const nan = or(hasNan(x), hasNan(y));
  return planes(select(nan, fullLike(m.re, NaN), m.re), select(nan, fullLike(m.im, NaN), m.im));
}

/**
 * reduce_max (cmp 'gt') or reduce_min ('lt') over `axes`: the extreme real part, then the extreme
 * imaginary part among the elements that have it; NaN + NaN·i where any part is NaN; an empty
 * reduction gives JAX's identity ∓inf + 0i.
 */
export function creduceExtremum(z: Planes, axes: number[], cmp: Cmp): Planes {
  const shape = z.re.shape;
  const kept = shape.map((_, k) => k).filter((k) => !axes.includes(k));
  const outShape = kept.map((k) => shape[k]!);
  const far = cmp === 'gt' ? -Infinity : Infinity;
  const { dtype, weakType } = z.re;
  if (axes.some((k) => shape[k] === 0)) return planes(full(outShape, far, dtype, weakType), full(outShape, 0, dtype, weakType));
  const reduce = cmp === 'gt' ? reduceMax : reduceMin;
  const nanAt = hasNan(z);
  const re = select(nanAt, fullLike(z.re, far), z.re);
  const best = reduce(re, axes);
  const ties = eq(re, broadcastInDim(best, [...shape], kept));
  const im = reduce(select(ties, z.im, fullLike(z.im, far)), axes);
  const anyNan = reduceOr(nanAt, axes);
  return planes(select(anyNan, fullLike(best, NaN), best), select(anyNan, fullLike(im, NaN), im));
}

/** cummax (cmp 'gt') or cummin ('lt') along `axis`: the associative scan of the NaN-propagating lexicographic extremum. */
export function ccumExtremum(z: Planes, axis: number, reverse: boolean, cmp: Cmp): Planes {
  const [re, im] = associativeScan<[Array, Array]>(
    ([ar, ai], [br, bi]) => {
      const m = cextremumNan(planes(ar, ai), planes(br, bi), cmp);
      return [m.re, m.im];
    },
    [z.re, z.im],
    { axis, reverse },
  );
  return planes(re, im);
}

/** cumprod along `axis`: the associative scan of complex multiplication. */
export function ccumprod(z: Planes, axis: number, reverse: boolean): Planes {
  const [re, im] = associativeScan<[Array, Array]>(
    ([ar, ai], [br, bi]) => {
      const m = cmul(planes(ar, ai), planes(br, bi));
      return [m.re, m.im];
    },
    [z.re, z.im],
    { axis, reverse },
  );
  return planes(re, im);
}

/**
 * sort's complex rule: each complex key becomes two keys (its real, then its imaginary plane; the
 * sort kernel's float order puts NaN last and ties -0 with +0 in each, as JAX's comparator), each
 * complex operand two operands; the results regroup into planes.
 */
export function csort(sortPrim: () => Primitive<SortParams>) {
  return (args: PlaneValue[], params: SortParams, outAvals: ShapedArray[]): PlaneValue[] => {
    const numKeys = args.slice(0, params.numKeys).reduce((n, a) => n + (isPlanes(a) ? 2 : 1), 0);
    const outs = bind(sortPrim(), flattenPlanes(args), { ...params, numKeys });
    return groupPlanes(outs, outAvals);
  };
}
