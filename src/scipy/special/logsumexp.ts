// JAX's logsumexp (jax._src.ops.special, shared by jax.nn and jax.scipy.special): the maximum is
// subtracted (without a gradient) before exponentiating, `b` scales the terms, `where` masks them,
// and `returnSign` gives the sign of a sum that `b` made negative.
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import * as lax from '../../lax/elementwise.js';
import { isFinite } from '../../lax/powers.js';
import { fullLike } from '../../lax/structural.js';
import { stopGradient } from '../../lax/stopGradient.js';
import * as jnp from '../../numpy/index.js';
import { type Axis, axesOf } from '../../numpy/axes.js';
import { promoteArgsInexact } from '../../numpy/promote.js';
import { defineFunction } from '../define.js';

/** logsumexp's parameters after the array, positionally or by name (JAX's order). */
export interface LogsumexpOptions {
  axis?: Axis;
  b?: ArrayLike | null;
  keepdims?: boolean;
  returnSign?: boolean;
  where?: ArrayLike | null;
}
type Rest = [axis?: Axis | LogsumexpOptions, b?: ArrayLike | null | LogsumexpOptions, keepdims?: boolean | LogsumexpOptions, returnSign?: false | LogsumexpOptions, where?: ArrayLike | null | LogsumexpOptions];

/** The computation, on arrays: [result, sign]. */
export function logsumexpParts(fn: string, a: ArrayLike, rest: unknown[]): [Array, Array, boolean] {
  const o = bindArgs(fn, ['axis', 'b', 'keepdims', 'returnSign', 'where'], rest);
  const keepdims = boolArg(fn, 'keepdims', o.keepdims, false);
  const returnSign = boolArg(fn, 'returnSign', o.returnSign, false);
  const where = o.where === undefined || o.where === null ? undefined : asArray(o.where as ArrayLike);
  let x: ArrayLike = where ? jnp.where(where, a, 0) : a;
  let b: Array | undefined;
  if (o.b !== undefined && o.b !== null) {
    const [xa, ba] = promoteArgsInexact(x, o.b as ArrayLike);
    b = ba!;
    x = jnp.where(jnp.notEqual(b, 0), xa!, -Infinity);
  } else x = promoteArgsInexact(x)[0]!;
  const arr = x as Array;
  const dims = axesOf(arr, o.axis, fn);
  const whereOpt = where ? { where } : {};
  let amax = jnp.max(arr, { axis: dims, keepdims, initial: -Infinity, ...whereOpt });
  amax = stopGradient(lax.select(isFinite(amax), amax, fullLike(amax, 0)));
  const amaxDims = keepdims ? amax : jnp.expandDims(amax, dims);
  let e = lax.exp(lax.sub(arr, jnp.broadcastTo(amaxDims, arr.shape)));
  if (b) e = lax.mul(e, b);
  let s = jnp.sum(e, { axis: dims, keepdims, ...whereOpt });
  const sign = lax.sign(s);
  s = lax.abs(s);
  let out = lax.add(lax.log(s), amax);
  if (b && !returnSign) out = lax.select(lax.lt(sign, fullLike(sign, 0)), fullLike(out, NaN), out);
  return [out, sign, returnSign];
}

/** `logsumexp` as jax.nn and jax.scipy.special give it. */
export interface Logsumexp {
  (a: ArrayLike, options: LogsumexpOptions & { returnSign: true }): [Array, Array];
  (a: ArrayLike, ...rest: Rest): Array;
}

/** `log Σ b exp(a)` over `axis` (all axes by default), stably; `{ returnSign: true }` gives `[log|Σ|, sign]`. */
export const logsumexp = defineFunction('logsumexp', 1, (a: ArrayLike, ...rest: Rest): Array | [Array, Array] => {
  const [out, sign, withSign] = logsumexpParts('logsumexp', a, rest);
  return withSign ? [out, sign] : out;
}) as Logsumexp;
