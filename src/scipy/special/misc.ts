// More of jax.scipy.special, as JAX writes them: Box–Cox transforms, binomial coefficients,
// the multivariate log-gamma, the Pochhammer symbol, the scaled complementary error function
// erfcx (with its asymptotic series beyond sqrt(log(max float))), Spence's function (Cephes) and
// the Bernoulli numbers.
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg, describe } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { defaultFloat } from '../../core/dtypes.js';
import { ShapeError } from '../../core/errors.js';
import * as jnp from '../../numpy/index.js';
import { promoteArgsInexact } from '../../numpy/promote.js';
import { defineFunction } from '../define.js';
import { withJvp } from './custom.js';
import { erfcImpl } from './erf.js';
import { gamma } from './gammaFns.js';
import { digamma, lgamma } from './lgamma.js';
import { add, and, div, eq, exp, expm1, ge, gt, is64, k, le, log, log1p, lt, mul, or, polyval, select, square, sub } from './ops.js';

const two = (name: string, f: (x: Array, y: Array) => Array) =>
  defineFunction(`scipy.special.${name}`, 2, (x: ArrayLike, y: ArrayLike): Array => {
    const [a, b] = promoteArgsInexact(x, y);
    return f(a!, b!);
  }, 2);

function boxcoxOf(logX: Array, lmbda: Array): Array {
  const zero = eq(lmbda, 0);
  const safe = select(zero, k(lmbda, 1), lmbda);
  return select(zero, logX, div(expm1(mul(safe, logX)), safe));
}
/** The Box–Cox transform `(x^λ - 1) / λ`, `log x` at λ = 0. */
export const boxcox = two('boxcox', (x, l) => boxcoxOf(log(x), l));
/** The Box–Cox transform of `1 + x`. */
export const boxcox1p = two('boxcox1p', (x, l) => boxcoxOf(log1p(x), l));

/** The binomial coefficient C(N, k) through Γ (0 outside 0 ≤ k ≤ N); `{ repetition: true }` counts multisets. */
export const comb = defineFunction('scipy.special.comb', 2, (n: ArrayLike, kk: ArrayLike, options?: { repetition?: boolean }): Array => {
  const o = bindArgs('scipy.special.comb', ['repetition'], options === undefined ? [] : [options], ['repetition']);
  const rep = boolArg('scipy.special.comb', 'repetition', o.repetition, false);
  const [N, K] = promoteArgsInexact(n, kk);
  const plain = (a: Array, b: Array): Array => {
    const ok = and(and(le(b, a), ge(a, 0)), ge(b, 0));
    const sa = select(ok, a, 0);
    const sb = select(ok, b, 0);
    const r = exp(sub(sub(lgamma(add(sa, 1)), lgamma(add(sb, 1))), lgamma(sub(add(sa, 1), sb))));
    return select(ok, r, 0);
  };
  if (!rep) return plain(N!, K!);
  return select(and(eq(K!, 0), ge(N!, 0)), k(N!, 1), plain(sub(add(N!, K!), 1), K!));
}, 3);

/** The multivariate log-gamma log Γ_d(a), `d` a JS integer. */
export const multigammaln = defineFunction('scipy.special.multigammaln', 1, (a: ArrayLike, d: number): Array => {
  if (typeof d !== 'number' || !Number.isInteger(d)) throw new ShapeError(`scipy.special.multigammaln(): d must be a concrete integer, got ${describe(d)}.`);
  const [x] = promoteArgsInexact(a, d);
  const c = (0.25 * d * (d - 1)) * Math.log(Math.PI);
  let s = k(x!, c);
  for (let j = 0; j < d; j++) s = add(s, lgamma(sub(x!, j / 2)));
  return s;
}, 2);

const pochRaw = withJvp(
  (z: Array, m: Array) => select(eq(m, 0), k(z, 1), div(gamma(add(z, m)), gamma(z))),
  ([z, m], [tz, tm], y) => add(mul(tz!, mul(sub(digamma(add(z!, m!)), digamma(z!)), y)), mul(tm!, mul(digamma(add(z!, m!)), y))),
);
/** The Pochhammer symbol (rising factorial) Γ(z + m) / Γ(z), with JAX's derivatives. */
export const poch = two('poch', (z, m) => pochRaw(z, m));

const ERFCX_ASYMPTOTIC = [7918.06640625, -1055.7421875, 162.421875, -29.53125, 6.5625, -1.875, 0.75, -0.5, 1];
const erfcxRaw = withJvp(
  (x: Array) => {
    const f64 = is64(x);
    const threshold = Math.sqrt(Math.log(f64 ? Number.MAX_VALUE : 3.4028234663852886e38));
    const large = gt(x, threshold);
    const safe = select(large, k(x, 1), x);
    const direct = mul(exp(square(safe)), erfcImpl(safe));
    const t = div(1, square(x));
    const asymp = div(polyval(t, ERFCX_ASYMPTOTIC.slice(-(f64 ? 9 : 5))), mul(x, Math.sqrt(Math.PI)));
    return select(large, asymp, direct);
  },
  ([x], [t], y) => mul(t!, sub(mul(mul(2, x!), y), 2 / Math.sqrt(Math.PI))),
);
/** The scaled complementary error function exp(x²) erfc(x). */
export const erfcx = defineFunction('scipy.special.erfcx', 1, (x: ArrayLike): Array => erfcxRaw(promoteArgsInexact(x)[0]!), 1);

const SPENCE_A = [4.65128586073990045278e-5, 7.31589045238094711071e-3, 1.3384763957830901865e-1, 8.79691311754530315341e-1, 2.7114985119655346992e0, 4.25697156008121755724e0, 3.29771340985225106936e0, 1.00000000000000000126e0];
const SPENCE_B = [6.90990488912553276999e-4, 2.54043763932544379113e-2, 2.82974860602568089943e-1, 1.41172597751831069617e0, 3.63800533345137075418e0, 5.0327888014331699039e0, 3.54771340985225096217e0, 9.9999999999999999874e-1];
/** Spence's function (the dilogarithm Li₂(1 - x)) for x ≥ 0 (NaN below; float32 or float64). */
export const spence = defineFunction('scipy.special.spence', 1, (x0: ArrayLike): Array => {
  const x = asArray(x0);
  if (x.dtype.name !== 'float32' && x.dtype.name !== 'float64') throw new TypeError(`scipy.special.spence(): x.dtype=${x.dtype.name} is not supported; pass float32 or float64.`);
  // Cephes: reduce to w in [-1/2, 1/2] by x → 1/x above 2, w = 1/x - 1 above 1.5, -x below 1/2, else x - 1.
  const gt2 = gt(x, 2);
  const xr = select(gt2, div(1, x), x);
  const gt15 = gt(xr, 1.5);
  const lt05 = lt(xr, 0.5);
  const w = select(gt15, sub(div(1, xr), 1), select(lt05, mul(xr, -1), sub(xr, 1)));
  let y = div(mul(mul(w, -1), polyval(w, SPENCE_A)), polyval(w, SPENCE_B));
  y = select(lt05, sub(sub((Math.PI * Math.PI) / 6, mul(log(xr), log(sub(1, xr)))), y), y);
  y = select(or(gt2, gt15), sub(mul(-0.5, square(log(xr))), y), y);
  return select(lt(x, 0), k(x, NaN), select(eq(x, 1), k(x, 0), select(eq(x, 0), k(x, (Math.PI * Math.PI) / 6), y)));
}, 1);

/** The first n + 1 Bernoulli numbers B_0 … B_n (B_1 = -1/2), in the default float dtype. */
export function bernoulli(n: number, ...rest: never[]): Array {
  if (rest.length) throw new TypeError(`scipy.special.bernoulli() takes 1 argument but ${1 + rest.length} were given.`);
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`scipy.special.bernoulli(): n must be an integer, got ${describe(n)}.`);
  if (n < 0) throw new RangeError('scipy.special.bernoulli(): n must be a non-negative integer.');
  // JAX's formula: B_m = (-1)^(m/2+1) 2 m! / (2π)^m ζ(m) for even m ≥ 4, ζ summed to k = 49.
  const b = new globalThis.Array<number>(n + 1).fill(0);
  [1, -1 / 2, 1 / 6].forEach((v, i) => i <= n && (b[i] = v));
  let q = 1 / Math.PI ** 2;
  for (let m = 4; m <= n; m += 2) {
    q *= (-(m - 1) * m) / 4 / Math.PI ** 2;
    let z = 0;
    for (let kk = 2; kk < 50; kk++) z += kk ** -m;
    b[m] = q * (1 + z);
  }
  return jnp.asarray(b, defaultFloat());
}
