// softmax and logSoftmax along axes, as jax.nn defines them (with JAX's custom derivative for
// softmax). They live with the special functions because jax.scipy.special's softmax is the same
// function over all axes; jax.nn re-exports them (src/nn depends on src/scipy, not back).
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { defaultFloat } from '../../core/dtypes.js';
import { stopGradient } from '../../lax/stopGradient.js';
import * as jnp from '../../numpy/index.js';
import { type Axis, axesOf } from '../../numpy/axes.js';
import { broadcastArray, truthy } from '../../numpy/promote.js';
import { defineFunction } from '../define.js';
import { withJvp } from './custom.js';

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
