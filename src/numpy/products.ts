// Tensor products on dot_general (the matmul kernel): tensordot, inner, outer, vdot, vecdot,
// matvec, vecmat, kron and cross. NumPy's/JAX's shape and dtype rules.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { dotGeneral } from '../lax/dot.js';
import { mul, sub } from '../lax/elementwise.js';
import { conj } from '../lax/complex.js';
import { indexAlong } from '../lax/slicing.js';
import { moveAxis, reshape, zerosLike } from '../lax/structural.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';
import { type DotOptions, operands } from './dotOperands.js';
import { broadcastArray, promoteArgs } from './promote.js';
import { stack } from './join.js';

/** tensordot's options. */
export interface TensordotOptions extends DotOptions {
  /** The axes to contract: N (the last N of a with the first N of b), or [axesA, axesB]. */
  axes?: number | readonly [number | readonly number[], number | readonly number[]];
}

type AxesPair = [number[], number[]];

function tensordotAxes(x: Array, y: Array, axes: unknown): AxesPair {
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0 || axes > Math.min(x.ndim, y.ndim))
      throw new ShapeError(`tensordot: axes=${axes} must be an integer in [0, ${Math.min(x.ndim, y.ndim)}] for operands of ranks ${x.ndim} and ${y.ndim}.`);
    return [range(x.ndim - axes, x.ndim), range(0, axes)];
  }
  if (globalThis.Array.isArray(axes) && axes.length === 2) {
    const list = (v: unknown, a: Array) => (typeof v === 'number' ? [v] : globalThis.Array.isArray(v) ? v : null)?.map((d) => canonicalAxis('tensordot', d, a.ndim));
    const ax = list(axes[0], x);
    const ay = list(axes[1], y);
    if (ax && ay && ax.length === ay.length) return [ax, ay];
  }
  throw new ShapeError(`tensordot: axes must be an integer or a pair of equally long axis lists, got ${describe(axes)}.`);
}

/** `dot_general` contracting `ax` of x with `ay` of y, after checking the sizes agree. */
function contract(fn: string, x: Array, y: Array, [ax, ay]: AxesPair): Array {
  ax.forEach((d, k) => {
    if (x.shape[d] !== y.shape[ay[k]!]) throw new ShapeError(`${fn}: axis ${d} of a (size ${x.shape[d]}) and axis ${ay[k]} of b (size ${y.shape[ay[k]!]}) differ; contracted axes must match.`);
  });
  return dotGeneral(x, y, { contracting: [ax, ay], batch: [[], []] });
}

/** Compute the tensor dot product of two N-dimensional arrays (`tensordot(a, b, axes = 2)`); a ShapeError when contracted sizes differ. */
export const tensordot = declare('tensordot', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, ...rest: [axes?: TensordotOptions['axes'] | TensordotOptions, opts?: DotOptions]): Array => {
    const o = bindArgs('tensordot', ['axes', 'precision', 'preferredElementType', 'outSharding'], rest, ['precision', 'preferredElementType', 'outSharding']);
    const [x, y] = operands('tensordot', a, b, [{ precision: o.precision, preferredElementType: o.preferredElementType }]);
    return contract('tensordot', x, y, tensordotAxes(x, y, o.axes ?? 2));
  },
});

/** Compute the inner product of two arrays (over the last axis of each; scalars multiply). */
export const inner = declare('inner', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, ...opts: [opts?: DotOptions]): Array => {
    const [x, y] = operands('inner', a, b, opts);
    if (x.ndim === 0 || y.ndim === 0) return mul(...(promoteArgs(x, y) as [Array, Array]));
    return contract('inner', x, y, [[x.ndim - 1], [y.ndim - 1]]);
  },
});

/** Compute the outer product of two vectors (inputs are flattened). */
export const outer = declare('outer', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, out?: null): Array => {
    if (out !== undefined && out !== null) throw new TypeError("outer(): 'out' is not supported (arrays are immutable); use the returned array.");
    const [x, y] = operands('outer', a, b, []);
    return mul(...(promoteArgs(reshape(x, [x.size, 1]), reshape(y, [1, y.size])) as [Array, Array]));
  },
});

/** Perform a conjugate multiplication of two 1-D vectors (inputs are flattened; a ShapeError when sizes differ). */
export const vdot = declare('vdot', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, ...opts: [opts?: DotOptions]): Array => {
    const [x0, y] = operands('vdot', a, b, opts);
    if (x0.size !== y.size) throw new ShapeError(`vdot: the operands have ${x0.size} and ${y.size} elements; they must have as many.`);
    // numpy's vdot conjugates its first argument.
    const x = x0.dtype.kind === 'c' ? conj(x0) : x0;
    return contract('vdot', reshape(x, [x.size]), reshape(y, [y.size]), [[0], [0]]);
  },
});

/** vecdot's options. */
export interface VecdotOptions extends DotOptions {
  /** The axis of the vectors (default -1); the other axes broadcast. */
  axis?: number;
}

/** Batched dot products over one axis: the other axes broadcast (as a batch of dot_general). */
function batchedDot(fn: string, x: Array, y: Array, xAxis: number, yAxis: number): Array {
  const xm = moveAxis(x, canonicalAxis(fn, xAxis, x.ndim), x.ndim - 1);
  const ym = moveAxis(y, canonicalAxis(fn, yAxis, y.ndim), y.ndim - 1);
  const n = xm.shape[xm.ndim - 1]!;
  if (ym.shape[ym.ndim - 1] !== n) throw new ShapeError(`${fn}: the vectors have sizes ${n} and ${ym.shape[ym.ndim - 1]}; they must match.`);
  const batch = broadcastShapes(xm.shape.slice(0, -1), ym.shape.slice(0, -1));
  const xb = broadcastArray(xm, [...batch, n]);
  const yb = broadcastArray(ym, [...batch, n]);
  const bd = range(0, batch.length);
  return dotGeneral(xb, yb, { contracting: [[batch.length], [batch.length]], batch: [bd, bd] });
}

/** Perform a conjugate multiplication of two batched vectors (`vecdot(x1, x2, { axis = -1 })`). */
export const vecdot = declare('vecdot', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, ...opts: [opts?: VecdotOptions]): Array => {
    const o = bindArgs('vecdot', ['axis', 'precision', 'preferredElementType'], opts, ['axis', 'precision', 'preferredElementType']);
    const [x, y] = operands('vecdot', a, b, [{ precision: o.precision, preferredElementType: o.preferredElementType }]);
    const axis = o.axis ?? -1;
    if (x.ndim === 0 || y.ndim === 0) throw new ShapeError('vecdot: the operands must have at least one axis.');
    return batchedDot('vecdot', x, y, axis as number, axis as number);
  },
});

/** Batched matrix-vector product (`matvec(x1 [..., m, n], x2 [..., n])` → `[..., m]`). */
export const matvec = declare('matvec', {
  arity: 2,
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike): Array => {
    const [x, y] = operands('matvec', a, b, []);
    if (x.ndim < 2 || y.ndim < 1) throw new ShapeError(`matvec: needs a matrix and a vector, got ranks ${x.ndim} and ${y.ndim}.`);
    return batchedDot('matvec', x, reshape(y, [...y.shape.slice(0, -1), 1, y.shape[y.ndim - 1]!]), -1, -1);
  },
});

/** Batched vector-matrix product (`vecmat(x1 [..., n], x2 [..., n, m])` → `[..., m]`). */
export const vecmat = declare('vecmat', {
  arity: 2,
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike): Array => {
    const [x, y] = operands('vecmat', a, b, []);
    if (x.ndim < 1 || y.ndim < 2) throw new ShapeError(`vecmat: needs a vector and a matrix, got ranks ${x.ndim} and ${y.ndim}.`);
    return batchedDot('vecmat', reshape(x, [...x.shape.slice(0, -1), 1, x.shape[x.ndim - 1]!]), y, -1, -2);
  },
});

/** Compute the Kronecker product of two input arrays (block array of `a[i] * b`). */
export const kron = declare('kron', {
  arity: 2,
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike): Array => {
    let [x, y] = operands('kron', a, b, []);
    const nd = Math.max(x.ndim, y.ndim);
    x = reshape(x, [...globalThis.Array<number>(nd - x.ndim).fill(1), ...x.shape]);
    y = reshape(y, [...globalThis.Array<number>(nd - y.ndim).fill(1), ...y.shape]);
    // x[i] at even positions, y[j] at odd ones: their product reshaped interleaves the blocks.
    const shape = range(0, nd).flatMap((d) => [x.shape[d]!, y.shape[d]!]);
    const xe = broadcastArray(reshape(x, range(0, nd).flatMap((d) => [x.shape[d]!, 1])), shape);
    const ye = broadcastArray(reshape(y, range(0, nd).flatMap((d) => [1, y.shape[d]!])), shape);
    return reshape(mul(xe, ye), range(0, nd).map((d) => x.shape[d]! * y.shape[d]!));
  },
});

/** cross's options. */
export interface CrossOptions {
  axisa?: number;
  axisb?: number;
  axisc?: number;
  /** Overrides axisa, axisb and axisc. */
  axis?: number | null;
}

/** Compute the (batched) cross product of two arrays of 2- or 3-vectors (`cross(a, b, axisa = -1, axisb = -1, axisc = -1, axis?)`). */
export const cross = declare('cross', {
  arrays: 2,
  impl: (a: ArrayLike, b: ArrayLike, ...rest: [axisa?: number | CrossOptions, axisb?: number | CrossOptions, axisc?: number | CrossOptions, axis?: number | null | CrossOptions, opts?: CrossOptions]): Array => {
    const o = bindArgs('cross', ['axisa', 'axisb', 'axisc', 'axis'], rest);
    const [x0, y0] = operands('cross', a, b, []);
    const axis = o.axis ?? null;
    const [aa, ab, ac] = axis !== null ? [axis, axis, axis] : [o.axisa ?? -1, o.axisb ?? -1, o.axisc ?? -1];
    if (x0.ndim === 0 || y0.ndim === 0) throw new ShapeError('cross: the operands must be arrays of vectors, not scalars.');
    const x = moveAxis(x0, canonicalAxis('cross', aa, x0.ndim), x0.ndim - 1);
    const y = moveAxis(y0, canonicalAxis('cross', ab, y0.ndim), y0.ndim - 1);
    const [nx, ny] = [x.shape[x.ndim - 1]!, y.shape[y.ndim - 1]!];
    if (![2, 3].includes(nx) || ![2, 3].includes(ny)) throw new ShapeError(`cross: the vectors must have 2 or 3 components, got ${nx} and ${ny}.`);
    const part = (v: Array, n: number, i: number) => (i < n ? indexAlong(v, v.ndim - 1, i) : zerosLike(indexAlong(v, v.ndim - 1, 0)));
    const [a0, a1, a2] = [0, 1, 2].map((i) => part(x, nx, i)) as [Array, Array, Array];
    const [b0, b1, b2] = [0, 1, 2].map((i) => part(y, ny, i)) as [Array, Array, Array];
    const m = (p: Array, q: Array) => mul(...(promoteArgs(p, q) as [Array, Array]));
    const d = (p: Array, q: Array) => sub(...(promoteArgs(p, q) as [Array, Array]));
    if (nx === 2 && ny === 2) return d(m(a0, b1), m(a1, b0));
    const c = stack([d(m(a1, b2), m(a2, b1)), d(m(a2, b0), m(a0, b2)), d(m(a0, b1), m(a1, b0))]);
    return moveAxis(c, 0, canonicalAxis('cross', ac, c.ndim));
  },
});
