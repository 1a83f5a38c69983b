/**
 * Special functions (JAX's `jax.scipy.special`): integers and bools promote to float as in JAX
 * (promote_args_inexact), then each is XLA's or JAX's algorithm over lax primitives.
 * @module
 */
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs } from '../../core/args.js';
import { DtypeError } from '../../core/errors.js';
import { jvp } from '../../transforms/jvp.js';
import { asArray } from '../../core/convert.js';
import type { Axis } from '../../numpy/axes.js';
import { promoteArgsInexact } from '../../numpy/promote.js';
import * as nn from '../../nn/softmax.js';
import { defineFunction } from '../define.js';
import * as e from './erf.js';
import * as g from './lgamma.js';
import * as n from './ndtr.js';
import * as lg from './logs.js';
import * as ig from './igamma.js';
import * as bs from './bessel.js';
import * as gf from './gammaFns.js';
import * as z from './zeta.js';
import { betainc as betaincRaw } from './betainc.js';
import { withJvp } from './custom.js';
import { noDerivative } from './noDerivative.js';
import { add, exp, abs, gt, mul, neg, select, k } from './ops.js';

/** The tangent of `f` at `x` along `t` (forward mode through the formula). */
const jvpIn = (x: Array, t: Array, f: (v: Array) => Array): Array => (jvp(f, [x], [t]) as unknown as [Array, Array])[1];

type Unary = (x: ArrayLike) => Array;
type Binary = (x: ArrayLike, y: ArrayLike) => Array;
/** A unary special function: the operand promoted to float, then `f`. */
export const unary = (name: string, f: (x: Array) => Array): Unary => defineFunction(`scipy.special.${name}`, 1, (x: ArrayLike) => f(promoteArgsInexact(x)[0]!), 1);
/** A binary special function: the operands promoted to a common float dtype and broadcast, then `f`. */
export const binary = (name: string, f: (x: Array, y: Array) => Array): Binary =>
  defineFunction(`scipy.special.${name}`, 2, (x: ArrayLike, y: ArrayLike) => {
    const [a, b] = promoteArgsInexact(x, y);
    return f(a!, b!);
  }, 2);
/** ndtr, ndtri and logNdtr take float32 or float64 only, as JAX (an integer operand is a TypeError there). */
function float3264(name: string, x: ArrayLike): Array {
  const a = asArray(x);
  if (a.dtype.name !== 'float32' && a.dtype.name !== 'float64') throw new TypeError(`scipy.special.${name}(): x.dtype=${a.dtype.name} is not supported; pass float32 or float64.`);
  return a;
}

/** The error function. */
export const erf = unary('erf', (x) => e.erf(x));
/** The complementary error function `1 - erf(x)`. */
export const erfc = unary('erfc', (x) => e.erfc(x));
/** The inverse error function. */
export const erfinv = unary('erfinv', (x) => e.erfinv(x));
/** `log|Γ(x)|`. */
export const gammaln = unary('gammaln', (x) => g.lgamma(x));
/** The digamma function ψ(x) = d/dx log Γ(x); NaN at the poles. */
export const digamma = unary('digamma', (x) => g.digamma(x));
/** The standard normal CDF Φ(x) (float32 or float64). */
export const ndtr = defineFunction('scipy.special.ndtr', 1, (x: ArrayLike): Array => n.ndtrImpl(float3264('ndtr', x)), 1);
/** The inverse of the standard normal CDF (float32 or float64). */
export const ndtri = defineFunction('scipy.special.ndtri', 1, (p: ArrayLike): Array => n.ndtriImpl(float3264('ndtri', p)), 1);
/** `log Φ(x)`, accurate in the lower tail (`seriesOrder` from 0 to 30, default 3). */
export const logNdtr = defineFunction('scipy.special.logNdtr', 1, (x: ArrayLike, ...rest: [seriesOrder?: number | { seriesOrder?: number }]): Array => {
  const o = bindArgs('scipy.special.logNdtr', ['seriesOrder'], rest);
  const order = o.seriesOrder ?? 3;
  if (typeof order !== 'number' || !Number.isInteger(order)) throw new TypeError('scipy.special.logNdtr(): seriesOrder must be an integer.');
  if (order < 0 || order > 30) throw new RangeError(`scipy.special.logNdtr(): seriesOrder must be in [0, 30], got ${order}.`);
  return n.logNdtrImpl(float3264('logNdtr', x), order);
});
/** The logistic sigmoid `1 / (1 + exp(-x))`. */
export const expit = unary('expit', (x) => lg.expit(x));
/** The log-odds `log(p / (1 - p))`. */
export const logit = unary('logit', (x) => lg.logit(x));
/** `x log(y)`, 0 where x is 0 (unless y is NaN). */
export const xlogy = binary('xlogy', (x, y) => lg.xlogy(x, y));
/** `x log1p(y)`, 0 where x is 0 (unless y is NaN). */
export const xlog1py = binary('xlog1py', (x, y) => lg.xlog1py(x, y));
/** The entropy term `-x log x` (0 at 0, -inf below). */
export const entr = unary('entr', (x) => lg.entr(x));
/** `p log(p / q)` elementwise, with SciPy's conventions at 0 and for negative arguments. */
export const relEntr = binary('relEntr', (p, q) => lg.relEntr(p, q));
/** `p log(p / q) - p + q` elementwise. */
export const klDiv = binary('klDiv', (p, q) => lg.klDiv(p, q));
export { logsumexp } from './logsumexp.js';
type AxisRest = [axis?: Axis | { axis?: Axis }];
const allAxes = (fn: string, rest: unknown[]) => ({ axis: (bindArgs(fn, ['axis'], rest).axis ?? null) as Axis });
/** Softmax over `axis` (all axes by default, as SciPy). */
export const softmax = defineFunction('scipy.special.softmax', 1, (x: ArrayLike, ...rest: AxisRest): Array => nn.softmax(x, allAxes('scipy.special.softmax', rest)));
/** Log-softmax over `axis` (all axes by default, as SciPy). */
export const logSoftmax = defineFunction('scipy.special.logSoftmax', 1, (x: ArrayLike, ...rest: AxisRest): Array => nn.logSoftmax(x, allAxes('scipy.special.logSoftmax', rest)));

/** The regularized lower incomplete gamma function P(a, x). */
export const gammainc = binary('gammainc', (a, x) => ig.igamma(a, x));
/** The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x). */
export const gammaincc = binary('gammaincc', (a, x) => ig.igammac(a, x));
/** The exponentially scaled modified Bessel function of order 0, e^-|x| I0(x). */
export const i0e = unary('i0e', (x) => bs.i0e(x));
/** The modified Bessel function of order 0, I0(x) = e^|x| i0e(x). */
export const i0 = unary('i0', (x) => mul(exp(abs(x)), bs.i0e(x)));
/** The exponentially scaled modified Bessel function of order 1, e^-|x| I1(x). */
export const i1e = unary('i1e', (x) => bs.i1e(x));
/** The modified Bessel function of order 1, I1(x) = e^|x| i1e(x). */
export const i1 = unary('i1', (x) => mul(exp(abs(x)), bs.i1e(x)));
/** The sign of Γ(x) (NaN at the poles). */
export const gammasgn = unary('gammasgn', (x) => gf.gammasgn(x));
/** Γ(x). */
export const gamma = unary('gamma', (x) => gf.gamma(x));
/** log Γ(x) for x > 0, NaN elsewhere (SciPy's loggamma on reals). */
export const loggamma = unary('loggamma', (x) => select(gt(x, 0), g.lgamma(x), k(x, NaN)));
/** log|B(a, b)|, accurate for large arguments. */
export const betaln = binary('betaln', (a, b) => gf.betaln(a, b));
/** The beta function B(a, b). */
export const beta = binary('beta', (a, b) => gf.beta(a, b));
/** n! as Γ(n + 1) (0 for n < 0); `exact: true` is not supported, as in JAX. */
export const factorial = defineFunction('scipy.special.factorial', 1, (n: ArrayLike, ...rest: [exact?: boolean | { exact?: boolean }]): Array => {
  const o = bindArgs('scipy.special.factorial', ['exact'], rest);
  if (o.exact === true) throw new TypeError('scipy.special.factorial(): exact=true is not supported (as in JAX); use exact=false.');
  return gf.factorial(promoteArgsInexact(n)[0]!);
});

const zetaRaw = withJvp(z.zetaImpl, ([x, q], [tx, tq]) => {
  // d/dq ζ(x, q) = -x ζ(x + 1, q); d/dx by differentiating the expansion, as JAX does.
  const dq = mul(neg(x!), z.zetaImpl(add(x!, 1), q!));
  return add(mul(tq!, dq), jvpIn(x!, tx!, (v) => z.zetaImpl(v, q!)));
});
/** The Hurwitz zeta function ζ(x, q); `q` is required (JAX has no Riemann zeta). */
export const zeta = defineFunction('scipy.special.zeta', 2, (x: ArrayLike, q?: ArrayLike | null): Array => {
  if (q === undefined || q === null) throw new TypeError('scipy.special.zeta(): the Riemann zeta function is not implemented (as in JAX); pass q to compute the Hurwitz zeta function.');
  const [a, b] = promoteArgsInexact(x, q);
  return zetaRaw(a!, b!);
}, 2);

const polygammaRaw = withJvp(z.polygammaImpl, ([n, x], [, tx]) => mul(tx!, z.polygammaImpl(add(n!, 1), x!)));
/** The polygamma function ψ⁽ⁿ⁾(x); `n` must be of integer type (a DtypeError otherwise, as JAX's ValueError). */
export const polygamma = defineFunction('scipy.special.polygamma', 2, (n: ArrayLike, x: ArrayLike): Array => {
  const na = asArray(n);
  if (na.dtype.kind !== 'i' && na.dtype.kind !== 'u') throw new DtypeError(`scipy.special.polygamma(): n must be of integer type, got ${na.dtype.name}.`);
  const [nf, xf] = promoteArgsInexact(na, x);
  return polygammaRaw(noDerivative(nf!, 'polygamma_n', 'the derivative of polygamma with respect to n'), xf!);
}, 2);

/** The regularized incomplete beta function I_x(a, b); differentiable in x only, as in JAX. */
export const betainc = defineFunction('scipy.special.betainc', 3, (a: ArrayLike, b: ArrayLike, x: ArrayLike): Array => {
  const [aa, bb, xx] = promoteArgsInexact(a, b, x);
  const what = 'the derivative of betainc with respect to a and b';
  return betaincRaw(noDerivative(aa!, 'betainc_ab', what), noDerivative(bb!, 'betainc_ab', what), xx!);
}, 3);
