// jax.nn's normalizing functions along axes: softmax (with JAX's custom derivative), logSoftmax,
// logsumexp and logmeanexp, standardize, oneHot and glu, as JAX writes them.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, countArg, describe, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { defaultFloat } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import * as lax from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { rsqrt } from '../lax/powers.js';
import { stopGradient } from '../lax/stopGradient.js';
import * as jnp from '../numpy/index.js';
import { type Axis, axesOf, canonicalAxis } from '../numpy/axes.js';
import { broadcastArray, truthy } from '../numpy/promote.js';
import { defineFunction } from '../scipy/define.js';
import { withJvp } from '../scipy/special/custom.js';
import { logistic } from '../scipy/special/logistic.js';
import { logsumexpParts } from '../scipy/special/logsumexp.js';

export { logsumexp } from '../scipy/special/logsumexp.js';

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  axis?: Axis;
  where?: ArrayLike | null;
}
type SoftmaxRest = [axis?: Axis | SoftmaxOptions, where?: ArrayLike | null | SoftmaxOptions];

function softmaxArgs(fn: string, x: ArrayLike, rest: unknown[]) {
  const o = bindArgs(fn, ['axis', 'where'], rest);
  const a = asArray(x);
  const axis = o.axis === undefined ? -1 : o.axis;
  const dims = axesOf(a, axis, fn);
  const where = o.where === undefined || o.where === null ? undefined : broadcastArray(truthy(asArray(o.where as ArrayLike)), a.shape);
  return { a, dims, where };
}

/** Softmax along `axis` (default -1): `exp(x - max) / Σ exp(x - max)`; masked-out entries are 0. JAX's derivative `y (ẋ - Σ y ẋ)`. */
export const softmax = defineFunction('nn.softmax', 1, (x: ArrayLike, ...rest: SoftmaxRest): Array => {
  const { a, dims, where } = softmaxArgs('nn.softmax', x, rest);
  const mask = where ? { where } : {};
  const sum = (v: Array) => jnp.sum(v, { axis: dims, keepdims: true, ...mask });
  // The mask enters as data (a 0/1 array of x's dtype) so that the custom rule sees it as an operand.
  const run = withJvp(
    (v: Array, m: Array) => {
      const w = where ? { where: jnp.notEqual(m, 0) } : {};
      const xmax = jnp.max(v, { axis: dims, keepdims: true, initial: -Infinity, ...w });
      const safe = where ? jnp.where(w.where!, v, -Infinity) : v;
      const un = jnp.exp(jnp.subtract(safe, xmax));
      const r = jnp.divide(un, jnp.sum(un, { axis: dims, keepdims: true, ...w }));
      return where ? jnp.where(w.where!, r, 0) : r;
    },
    (_p, [t], y) => jnp.multiply(y, jnp.subtract(t!, sum(jnp.multiply(y, t!)))),
  );
  const m = where ? jnp.astype(where, a.dtype.kind === 'f' ? a.dtype : defaultFloat()) : jnp.zeros([], a.dtype.kind === 'f' ? a.dtype : defaultFloat());
  return run(a, m);
});

/** Log-softmax along `axis` (default -1): `x - max - log Σ exp(x - max)`; masked-out entries are -inf. */
export const logSoftmax = defineFunction('nn.logSoftmax', 1, (x: ArrayLike, ...rest: SoftmaxRest): Array => {
  const { a, dims, where } = softmaxArgs('nn.logSoftmax', x, rest);
  const w = where ? { where } : {};
  const xmax = jnp.max(a, { axis: dims, keepdims: true, initial: -Infinity, ...w });
  const safe = where ? jnp.where(where, a, -Infinity) : a;
  const shifted = jnp.subtract(safe, stopGradient(xmax));
  const lse = jnp.log(jnp.sum(jnp.exp(shifted), { axis: dims, keepdims: true, ...w }));
  const r = jnp.subtract(shifted, lse);
  return where ? jnp.where(where, r, -Infinity) : r;
});

/** Options of logmeanexp. */
export interface LogmeanexpOptions {
  axis?: Axis;
  where?: ArrayLike | null;
  keepdims?: boolean;
}
/** `log(mean(exp(x)))` over `axis` (all by default), as logsumexp minus the log of the count. */
export const logmeanexp = defineFunction(
  'nn.logmeanexp',
  1,
  (x: ArrayLike, ...rest: [axis?: Axis | LogmeanexpOptions, where?: ArrayLike | null | LogmeanexpOptions, keepdims?: boolean | LogmeanexpOptions]): Array => {
    const o = bindArgs('nn.logmeanexp', ['axis', 'where', 'keepdims'], rest);
    const [lse] = logsumexpParts('nn.logmeanexp', x, [{ axis: o.axis, where: o.where, keepdims: o.keepdims }]);
    const a = asArray(x);
    const dims = axesOf(a, o.axis, 'nn.logmeanexp');
    const count =
      o.where === undefined || o.where === null
        ? jnp.asarray(dims.reduce((n, d) => n * a.shape[d]!, 1), lse.dtype)
        : jnp.sum(broadcastArray(truthy(asArray(o.where as ArrayLike)), a.shape), { axis: dims, dtype: lse.dtype, keepdims: o.keepdims === true });
    return jnp.subtract(lse, jnp.log(count));
  },
);

/** Options of standardize. */
export interface StandardizeOptions {
  axis?: Axis;
  mean?: ArrayLike | null;
  variance?: ArrayLike | null;
  epsilon?: ArrayLike;
  where?: ArrayLike | null;
  algorithm?: 'fast' | 'stable';
}
/** `(x - mean) / sqrt(variance + epsilon)` along `axis` (default -1); mean and variance from x unless given. */
export const standardize = defineFunction(
  'nn.standardize',
  1,
  (
    x: ArrayLike,
    ...rest: [
      axis?: Axis | StandardizeOptions,
      mean?: ArrayLike | null | StandardizeOptions,
      variance?: ArrayLike | null | StandardizeOptions,
      epsilon?: ArrayLike | StandardizeOptions,
      where?: ArrayLike | null | StandardizeOptions,
    ]
  ): Array => {
    const o = bindArgs('nn.standardize', ['axis', 'mean', 'variance', 'epsilon', 'where', 'algorithm'], rest, ['algorithm']);
    const a = asArray(x);
    const axis = o.axis === undefined ? -1 : o.axis;
    const w = o.where === undefined || o.where === null ? {} : { where: o.where as ArrayLike };
    const mean: ArrayLike = (o.mean as ArrayLike | null | undefined) ?? jnp.mean(a, { axis: axis as Axis, keepdims: true, ...w });
    let variance = o.variance as ArrayLike | null | undefined;
    if (variance === undefined || variance === null) {
      const algorithm = o.algorithm ?? 'fast';
      if (algorithm === 'stable') variance = jnp.mean(jnp.square(jnp.subtract(a, mean)), { axis: axis as Axis, keepdims: true, ...w });
      else if (algorithm === 'fast')
        variance = jnp.clip(jnp.subtract(jnp.mean(jnp.square(a), { axis: axis as Axis, keepdims: true, ...w }), jnp.square(mean)), 0);
      else throw new TypeError(`nn.standardize(): unknown algorithm ${describe(algorithm)}; expected 'fast' or 'stable'.`);
    }
    const eps = (o.epsilon ?? 1e-5) as ArrayLike;
    const denom = asArray(jnp.add(variance, eps));
    return jnp.multiply(jnp.subtract(a, mean), rsqrt(denom.dtype.kind === 'f' ? denom : jnp.astype(denom, defaultFloat())));
  },
);

/** Options of oneHot (keyword-only in JAX). */
export interface OneHotOptions {
  dtype?: Parameters<typeof dtypeArg>[0];
  axis?: number;
}
/** `x == k` for k in 0..numClasses-1 along a new `axis` (default -1), as `dtype` (default float). */
export const oneHot = defineFunction(
  'nn.oneHot',
  1,
  (x: ArrayLike, numClasses: number, options?: OneHotOptions): Array => {
    const n = countArg('nn.oneHot', 'numClasses', numClasses);
    const o = bindArgs('nn.oneHot', ['dtype', 'axis'], options === undefined ? [] : [options], ['dtype', 'axis']);
    const dtype = dtypeArg(o.dtype) ?? defaultFloat();
    const a = asArray(x);
    const axis = canonicalAxis('nn.oneHot', o.axis ?? -1, a.ndim + 1);
    const lhs = jnp.expandDims(a, axis);
    const rhsShape = a.shape.map(() => 1);
    rhsShape.splice(axis, 0, n);
    const outShape = [...a.shape];
    outShape.splice(axis, 0, n);
    const rhs = iota(a.dtype, rhsShape, axis);
    return jnp.astype(lax.eq(broadcastArray(lhs, outShape), broadcastArray(rhs, outShape)), dtype);
  },
  3,
);

/** Gated linear unit: the first half along `axis` (default -1) times the sigmoid of the second. */
export const glu = defineFunction('nn.glu', 1, (x: ArrayLike, ...rest: [axis?: number | { axis?: number }]): Array => {
  const o = bindArgs('nn.glu', ['axis'], rest);
  const a = asArray(x);
  const axis = canonicalAxis('nn.glu', o.axis ?? -1, a.ndim);
  const size = a.shape[axis]!;
  if (size % 2 !== 0) throw new ShapeError(`nn.glu(): the size of axis ${axis} must be even, got ${size}.`);
  const [x1, x2] = jnp.split(a, 2, axis) as Array[];
  return jnp.multiply(x1!, logistic(x2!));
});
