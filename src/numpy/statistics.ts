// jnp statistics: var, std, average, ptp, countNonzero, trapezoid, as JAX defines them over
// jnp's reductions (so dtypes, `where` masks, keepdims and derivatives follow).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { sliceAlong } from '../lax/associativeScan.js';
import { convertElementType, div, gt, mul, ne, select, sqrt, sub } from '../lax/elementwise.js';
import { indexAlong } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { type Axis, axesOf, canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { add, multiply, subtract } from './elementwise.js';
import { broadcastArray, truthy } from './promote.js';
import { max, mean, min, sum } from './reductions.js';
import { bindVar, noOut, promoteInexact, squaredMagnitude, type VarArgs, type VarCall, varDtypes } from './statsHelpers.js';

export type { VarOptions } from './statsHelpers.js';


/** Elements of `a` counted by the reduction over `axes` (the `where` mask's count when given), in `dtype`. */
function count(a: Array, c: VarCall, dtype: DType): Array {
  if (c.where) return sum(broadcastArray(truthy(c.where), a.shape), c.axis, dtype, null, c.keepdims);
  const shape = c.keepdims ? a.shape.map((d, k) => (c.axes.includes(k) ? 1 : d)) : a.shape.filter((_, k) => !c.axes.includes(k));
  return full(shape, c.axes.reduce((p, k) => p * a.shape[k]!, 1), dtype);
}

function variance(c: VarCall): Array {
  const [comp, result] = varDtypes(c.a, c.dtype);
  const a = convertElementType(c.a, comp, false);
  const m = c.mean ? convertElementType(c.mean, comp, false) : mean(a, c.axis, comp, null, true, { where: c.where });
  const d = sub(a, broadcastArray(m, a.shape));
  // Complex deviations square to real magnitudes; the sum and count follow in that real dtype (JAX's).
  const sq = squaredMagnitude(d);
  const cd = sq.dtype;
  const cnt = count(a, c, cd);
  const n = sub(cnt, full(cnt.shape, c.correction, cd));
  const s = sum(sq, c.axis, cd, null, c.keepdims, { where: c.where });
  const v = convertElementType(div(s, broadcastArray(n, s.shape)), result, false);
  return select(broadcastArray(gt(n, full(n.shape, 0, cd)), v.shape), v, full(v.shape, NaN, result));
}

/** Compute the variance along a given axis: `sum((a - mean)²) / (N - ddof)`; NaN where N - ddof ≤ 0. */
const varFn = declare('var', {
  arrays: 1,
  method: 'var',
  impl: (a: ArrayLike, ...rest: VarArgs): Array => variance(bindVar('var', a, rest, 'var')),
});
export {
  /** Compute the variance along a given axis: `sum((a - mean)²) / (N - ddof)`; NaN where N - ddof ≤ 0. */
  varFn as var,
};

/** Compute the standard deviation along a given axis: the square root of `var`. */
export const std = declare('std', {
  arrays: 1,
  method: 'std',
  impl: (a: ArrayLike, ...rest: VarArgs): Array => sqrt(variance(bindVar('std', a, rest, 'var'))),
});

/** average's options. */
export interface AverageOptions {
  axis?: Axis;
  weights?: ArrayLike | null;
  /** Also return the sum of the weights (broadcast to the average's shape). */
  returned?: boolean;
  keepdims?: boolean;
}
type AvgOpt = AverageOptions;
interface AverageFn {
  (a: ArrayLike, axis: Axis, weights: ArrayLike | null | undefined, returned: true, keepdims?: boolean): [Array, Array];
  (a: ArrayLike, opts: AvgOpt & { returned: true }): [Array, Array];
  (a: ArrayLike, axis: Axis, opts: AvgOpt & { returned: true }): [Array, Array];
  (a: ArrayLike, axis?: Axis | AvgOpt, weights?: ArrayLike | null | AvgOpt, returned?: boolean | AvgOpt, keepdims?: boolean | AvgOpt, opts?: AvgOpt): Array;
}

/** Compute the weighted average along the specified axis (`returned`: also the sum of the weights); a ShapeError for weights that do not fit. */
export const average = declare('average', {
  arrays: 1,
  impl: ((x: ArrayLike, ...rest: unknown[]): Array | [Array, Array] => {
    const o = bindArgs('average', ['axis', 'weights', 'returned', 'keepdims'], rest);
    const keepdims = boolArg('average', 'keepdims', o.keepdims, false);
    let avg: Array;
    let wsum: Array;
    if (o.weights === undefined || o.weights === null) {
      const [a] = promoteInexact(asArray(x));
      const axes = axesOf(a!, o.axis, 'average');
      avg = mean(a!, o.axis as Axis, null, null, keepdims);
      wsum = full([], axes.reduce((p, k) => p * a!.shape[k]!, 1), avg.dtype);
    } else {
      let [a, w] = promoteInexact(asArray(x), asArray(o.weights as ArrayLike)) as [Array, Array];
      axesOf(a, o.axis, 'average'); // a bad axis raises here, whatever the weights' shape
      if (a.ndim !== w.ndim || a.shape.some((d, k) => d !== w!.shape[k])) {
        if (o.axis === undefined || o.axis === null) throw new ShapeError('average(): axis must be specified when the shapes of a and weights differ.');
        const listed = (typeof o.axis === 'number' ? [o.axis] : (o.axis as number[])).map((k) => canonicalAxis('average', k, a.ndim));
        if (w.ndim !== listed.length || listed.some((k, j) => a.shape[k] !== w!.shape[j]))
          throw new ShapeError(`average(): the shape of weights [${w.shape}] must match a's shape along the axis ([${listed.map((k) => a.shape[k])}]).`);
        w = broadcastInDim(w, [...a.shape], listed);
      }
      wsum = sum(w, o.axis as Axis, null, null, keepdims);
      avg = div(sum(mul(a, w), o.axis as Axis, null, null, keepdims), wsum);
    }
    if (!boolArg('average', 'returned', o.returned, false)) return avg;
    return [avg, broadcastArray(wsum, [...avg.shape])];
  }) as AverageFn,
});

/** ptp's options. */
export interface PtpOptions {
  axis?: Axis;
  out?: null;
  keepdims?: boolean;
}
type P = PtpOptions;

/** Return the peak-to-peak range along a given axis: `max - min` (bools are a DtypeError, as in JAX). */
export const ptp = declare('ptp', {
  arrays: 1,
  method: 'ptp',
  impl: (a: ArrayLike, ...rest: [axis?: Axis | P, out?: null | P, keepdims?: boolean | P, opts?: P]): Array => {
    const o = bindArgs('ptp', ['axis', 'out', 'keepdims'], rest);
    noOut('ptp', o.out);
    const keepdims = boolArg('ptp', 'keepdims', o.keepdims, false);
    return sub(max(a, o.axis as Axis, null, keepdims), min(a, o.axis as Axis, null, keepdims));
  },
});

/** countNonzero's options. */
export interface CountNonzeroOptions {
  axis?: Axis;
  keepdims?: boolean;
}
type C = CountNonzeroOptions;

/** Return the number of nonzero elements along a given axis (int32; NaN counts as nonzero). */
export const countNonzero = declare('countNonzero', {
  arrays: 1,
  impl: (a: ArrayLike, ...rest: [axis?: Axis | C, keepdims?: boolean | C, opts?: C]): Array => {
    const o = bindArgs('countNonzero', ['axis', 'keepdims'], rest);
    const x = asArray(a);
    return sum(ne(x, full(x.shape, 0, x.dtype, x.weakType)), o.axis as Axis, int32, null, boolArg('countNonzero', 'keepdims', o.keepdims, false));
  },
});

/** trapezoid's options. */
export interface TrapezoidOptions {
  x?: ArrayLike | null;
  dx?: ArrayLike;
  axis?: number;
}
type T = TrapezoidOptions;

/** Integrate along the given axis using the composite trapezoidal rule (sample points `x`, or a spacing `dx`). */
export const trapezoid = declare('trapezoid', {
  arrays: 1,
  impl: (y: ArrayLike, ...rest: [x?: ArrayLike | null | T, dx?: ArrayLike | T, axis?: number | T, opts?: T]): Array => {
    const o = bindArgs('trapezoid', ['x', 'dx', 'axis'], rest);
    const yIn = asArray(y);
    const axis = canonicalAxis('trapezoid', intArg('trapezoid', 'axis', o.axis, -1), yIn.ndim);
    const last = yIn.ndim - 1;
    const toLast = (v: Array) => moveToLast(v, axis);
    let yArr: Array;
    let dx: Array;
    if (o.x === undefined || o.x === null) {
      [yArr] = promoteInexact(yIn);
      dx = asArray((o.dx ?? 1.0) as ArrayLike);
      if (dx.ndim > 0) dx = toLast(reshape(dx, [...new globalThis.Array<number>(yArr!.ndim - dx.ndim).fill(1), ...dx.shape]));
    } else {
      let xa: Array;
      [yArr, xa] = promoteInexact(yIn, asArray(o.x as ArrayLike)) as [Array, Array];
      const xAxis = xa.ndim === 1 ? 0 : axis;
      const dxs = sub(sliceAlong(xa, xAxis, 1, null), sliceAlong(xa, xAxis, 0, -1));
      dx = xa.ndim === 1 ? dxs : toLast(dxs);
    }
    const ya = toLast(yArr!);
    const n = ya.shape[last]!;
    const weak = (v: number) => full([], v, ya.dtype, true);
    if (dx.ndim === 0 || dx.shape[dx.ndim - 1] === 1) {
      if (n === 0) throw new ShapeError(`trapezoid(): the integration axis ${axis} is empty; it needs at least one sample.`);
      // dx constant along the axis: dx · (sum - (first + last) / 2).
      const d0 = dx.ndim === 0 ? dx : indexAlong(dx, dx.ndim - 1, 0);
      return multiply(d0, subtract(sum(ya, -1), multiply(weak(0.5), add(indexAlong(ya, last, 0), indexAlong(ya, last, n - 1)))));
    }
    return multiply(weak(0.5), sum(multiply(dx, add(sliceAlong(ya, last, 1, null), sliceAlong(ya, last, 0, -1))), -1));
  },
});

function moveToLast(x: Array, axis: number): Array {
  if (axis === x.ndim - 1) return x;
  return transpose(x, [...x.shape.map((_, k) => k).filter((k) => k !== axis), axis]);
}
