/**
 * The normal distribution (JAX's `jax.scipy.stats.norm`): density, distribution and quantile
 * functions with `loc` and `scale`, as JAX writes them over ndtr, log_ndtr and ndtri.
 * @module
 */
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { defaultFloat } from '../../core/dtypes.js';
import * as jnp from '../../numpy/index.js';
import { promoteArgsInexact } from '../../numpy/promote.js';
import { defineFunction } from '../define.js';
import { logNdtrImpl, ndtriImpl, ndtrImpl } from '../special/ndtr.js';
import { add, div, exp, log, mul, neg, square, sub } from '../special/ops.js';

/** `loc` and `scale` as options. */
export interface NormOptions {
  loc?: ArrayLike;
  scale?: ArrayLike;
}
type Rest = [loc?: ArrayLike | NormOptions, scale?: ArrayLike | NormOptions];
type NormFn = (x: ArrayLike, ...rest: Rest) => Array;

function args(fn: string, x: ArrayLike, rest: unknown[]): [Array, Array, Array] {
  const o = bindArgs(fn, ['loc', 'scale'], rest);
  const [a, l, s] = promoteArgsInexact(x, (o.loc ?? 0) as ArrayLike, (o.scale ?? 1) as ArrayLike);
  return [a!, l!, s!];
}
function floatOnly(fn: string, x: Array): Array {
  if (x.dtype.name !== 'float32' && x.dtype.name !== 'float64') throw new TypeError(`scipy.stats.norm.${fn}(): dtype ${x.dtype.name} is not supported; pass float32 or float64.`);
  return x;
}
const define = (name: string, f: (x: ArrayLike, rest: unknown[]) => Array): NormFn => defineFunction(`scipy.stats.norm.${name}`, 3, (x: ArrayLike, ...rest: Rest) => f(x, rest), 3);

function logpdfOf(x: Array, loc: Array, scale: Array): Array {
  const s2 = square(scale);
  return div(add(log(mul(2 * Math.PI, s2)), div(square(sub(x, loc)), s2)), -2);
}
const cdfOf = (x: Array, loc: Array, scale: Array) => ndtrImpl(floatOnly('cdf', div(sub(x, loc), scale)));
const logcdfOf = (x: Array, loc: Array, scale: Array) => logNdtrImpl(floatOnly('logcdf', div(sub(x, loc), scale)), 3);
function ppfOf(fn: string, q: Array, loc: ArrayLike, scale: ArrayLike): Array {
  return jnp.asarray(jnp.add(jnp.multiply(ndtriImpl(floatOnly(fn, q)), scale), loc), defaultFloat());
}

/** Log of the probability density. */
export const logpdf = define('logpdf', (x, r) => logpdfOf(...args('norm.logpdf', x, r)));
/** The probability density. */
export const pdf = define('pdf', (x, r) => exp(logpdfOf(...args('norm.pdf', x, r))));
/** The cumulative distribution function. */
export const cdf = define('cdf', (x, r) => cdfOf(...args('norm.cdf', x, r)));
/** Log of the cumulative distribution function (accurate in the lower tail). */
export const logcdf = define('logcdf', (x, r) => logcdfOf(...args('norm.logcdf', x, r)));
/** The survival function 1 - cdf. */
export const sf = define('sf', (x, r) => {
  const [a, l, s] = args('norm.sf', x, r);
  return cdfOf(neg(a), neg(l), s);
});
/** Log of the survival function. */
export const logsf = define('logsf', (x, r) => {
  const [a, l, s] = args('norm.logsf', x, r);
  return logcdfOf(neg(a), neg(l), s);
});
/** The quantile function (inverse cdf); the result has the default float dtype, as JAX's. */
export const ppf = define('ppf', (q, r) => {
  const o = bindArgs('norm.ppf', ['loc', 'scale'], r);
  return ppfOf('ppf', asArray(q), (o.loc ?? 0) as ArrayLike, (o.scale ?? 1) as ArrayLike);
});
/** The inverse survival function: ppf(1 - q). */
export const isf = define('isf', (q, r) => {
  const o = bindArgs('norm.isf', ['loc', 'scale'], r);
  const a = asArray(q);
  return ppfOf('isf', a.dtype.kind === 'f' ? sub(1, a) : asArray(jnp.subtract(1, a)), (o.loc ?? 0) as ArrayLike, (o.scale ?? 1) as ArrayLike);
});
