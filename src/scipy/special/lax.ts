// The special functions at lax level (JAX's lax.erf, lax.lgamma, lax.igamma, …): float operands
// of one dtype and shape (a JS number takes the other operand's), no promotion, the same
// implementations and derivative rules as jax.scipy.special's. (In JAX each is a primitive lowered
// to XLA's expansion; here each is that expansion over lax's primitives, so no `…P` is exported.)
import type { Array, ArrayLike } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { DtypeError, ShapeError } from '../../core/errors.js';
import { convertElementType } from '../../lax/elementwise.js';
import { broadcastInDim } from '../../lax/structural.js';
import { requireFloat } from '../define.js';
import * as bs from './bessel.js';
import { betainc as betaincRaw } from './betainc.js';
import * as e from './erf.js';
import * as ig from './igamma.js';
import * as g from './lgamma.js';
import { logistic as logisticRaw } from './logistic.js';
import { noDerivative } from './noDerivative.js';
import { withJvp } from './custom.js';
import { add, mul } from './ops.js';
import { polygammaImpl, zetaImpl } from './zeta.js';

function operands(name: string, xs: ArrayLike[]): Array[] {
  const arrays = xs.map((x) => (typeof x === 'number' ? undefined : asArray(x)));
  const ref = arrays.find((a) => a !== undefined) ?? asArray(xs[0]!);
  const out = xs.map((x, i) => arrays[i] ?? broadcastInDim(convertElementType(asArray(x), ref.dtype, ref.weakType), [...ref.shape], []));
  for (const a of out) {
    requireFloat(`lax.${name}`, a);
    if (a.dtype !== ref.dtype) throw new DtypeError(`lax.${name}() needs operands of one dtype, got ${out.map((o) => o.dtype.name).join(' and ')}.`);
    if (a.shape.length !== ref.shape.length || a.shape.some((d, i) => d !== ref.shape[i]))
      throw new ShapeError(`lax.${name}() needs operands of one shape, got ${out.map((o) => `[${o.shape}]`).join(' and ')}; broadcast first.`);
  }
  return out;
}
const u = (name: string, f: (x: Array) => Array) => (x: ArrayLike): Array => f(operands(name, [x])[0]!);
const b = (name: string, f: (x: Array, y: Array) => Array) => (x: ArrayLike, y: ArrayLike): Array => {
  const [p, q] = operands(name, [x, y]);
  return f(p!, q!);
};

/** Elementwise error function (JAX's `lax.erf`). */
export const erf = u('erf', (x) => e.erf(x));
/** Elementwise complementary error function (JAX's `lax.erfc`). */
export const erfc = u('erfc', (x) => e.erfc(x));
/** Elementwise inverse error function (JAX's `lax.erf_inv`). */
export const erfInv = u('erfInv', (x) => e.erfinv(x));
/** Elementwise log|Γ(x)| (JAX's `lax.lgamma`). */
export const lgamma = u('lgamma', (x) => g.lgamma(x));
/** Elementwise digamma ψ(x) (JAX's `lax.digamma`). */
export const digamma = u('digamma', (x) => g.digamma(x));
/** Elementwise logistic function (JAX's `lax.logistic`). */
export const logistic = u('logistic', (x) => logisticRaw(x));
/** Elementwise e^-|x| I0(x) (JAX's `lax.bessel_i0e`). */
export const besselI0e = u('besselI0e', (x) => bs.i0e(x));
/** Elementwise e^-|x| I1(x) (JAX's `lax.bessel_i1e`). */
export const besselI1e = u('besselI1e', (x) => bs.i1e(x));
/** Elementwise regularized lower incomplete gamma P(a, x) (JAX's `lax.igamma`). */
export const igamma = b('igamma', (a, x) => ig.igamma(a, x));
/** Elementwise regularized upper incomplete gamma Q(a, x) (JAX's `lax.igammac`). */
export const igammac = b('igammac', (a, x) => ig.igammac(a, x));
/** Elementwise dP(a, x)/da (JAX's `lax.igamma_grad_a`); not itself differentiable. */
export const igammaGradA = b('igammaGradA', (a, x) => ig.igammaGradAImpl(noDerivative(a, 'igamma_grad_a', 'the derivative of lax.igammaGradA'), noDerivative(x, 'igamma_grad_a', 'the derivative of lax.igammaGradA')));
/** Elementwise derivative of a Gamma(a) sample `x` in `a` (JAX's `lax.random_gamma_grad`); not itself differentiable. */
export const randomGammaGrad = b('randomGammaGrad', (a, x) =>
  ig.randomGammaGradImpl(noDerivative(a, 'random_gamma_grad', 'the derivative of lax.randomGammaGrad'), noDerivative(x, 'random_gamma_grad', 'the derivative of lax.randomGammaGrad')),
);
const noZetaDerivative = (v: Array) => noDerivative(v, 'lax_zeta', 'the derivative of lax.zeta (JAX defines none; scipy.special.zeta has one)');
/** Elementwise Hurwitz zeta ζ(x, q) (JAX's `lax.zeta`; not differentiable, as in JAX — scipy.special.zeta is). */
export const zeta = b('zeta', (x, q) => zetaImpl(noZetaDerivative(x), noZetaDerivative(q)));
const polygammaRaw = withJvp(polygammaImpl, ([m, x], [, tx]) => mul(tx!, polygammaImpl(add(m!, 1), x!)));
/** Elementwise polygamma ψ⁽ᵐ⁾(x) with float `m` (JAX's `lax.polygamma`); NaN where m is not a natural number. */
export const polygamma = b('polygamma', (m, x) => polygammaRaw(noDerivative(m, 'polygamma_n', 'the derivative of polygamma with respect to n'), x));
/** Elementwise regularized incomplete beta I_x(a, b) (JAX's `lax.betainc`); differentiable in x only. */
export const betainc = (a: ArrayLike, bb: ArrayLike, x: ArrayLike): Array => {
  const [p, q, r] = operands('betainc', [a, bb, x]);
  const what = 'the derivative of betainc with respect to a and b';
  return betaincRaw(noDerivative(p!, 'betainc_ab', what), noDerivative(q!, 'betainc_ab', what), r!);
};
