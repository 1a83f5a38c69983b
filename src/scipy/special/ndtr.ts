// The standard normal CDF Φ, its inverse and its logarithm as JAX writes them: ndtr through erf and
// erfc, Cephes' ndtri (three rational approximations in p or sqrt(-2 log p)), and log_ndtr with
// the asymptotic series below -20 (float64) or -10 (float32) and JAX's derivative rule.
import type { Array } from '../../core/array.js';
import { convertElementType } from '../../lax/elementwise.js';
import { customJvp } from '../../transforms/customJvp.js';
import { erf, erfc } from './erf.js';
import type { Custom } from './custom.js';
import { abs, add, div, eq, exp, gt, ge, is64, k, log, lt, max, min, mul, neg, polyval, select, sqrt, square, sub } from './ops.js';

/** `x` strongly typed: JAX's Python writes these with NumPy scalars of x's dtype (`dtype(0.5)`), which make results strong. */
const strong = (x: Array): Array => convertElementType(x, x.dtype, false);

/** Φ(x) on a float32 or float64 array. */
export function ndtrImpl(x0: Array): Array {
  const x = strong(x0);
  const halfSqrt2 = 0.5 * Math.SQRT2;
  const w = mul(x, halfSqrt2);
  const z = abs(w);
  const y = select(lt(z, halfSqrt2), add(1, erf(w)), select(gt(w, 0), sub(2, erfc(z)), erfc(z)));
  return mul(0.5, y);
}

const P0 = [-5.99633501014107895267e1, 9.80010754185999661536e1, -5.66762857469070293439e1, 1.39312609387279679503e1, -1.23916583867381258016e0];
const Q0 = [
  1.0, 1.95448858338141759834e0, 4.67627912898881538453e0, 8.63602421390890590575e1, -2.25462687854119370527e2, 2.00260212380060660359e2, -8.20372256168333339912e1,
  1.59056225126211695515e1, -1.18331621121330003142e0,
];
const P1 = [
  4.05544892305962419923e0, 3.15251094599893866154e1, 5.71628192246421288162e1, 4.408050738932008347e1, 1.46849561928858024014e1, 2.18663306850790267539e0,
  -1.40256079171354495875e-1, -3.50424626827848203418e-2, -8.57456785154685413611e-4,
];
const Q1 = [
  1.0, 1.57799883256466749731e1, 4.53907635128879210584e1, 4.1317203825467203044e1, 1.50425385692907503408e1, 2.50464946208309415979e0, -1.42182922854787788574e-1,
  -3.80806407691578277194e-2, -9.33259480895457427372e-4,
];
const P2 = [
  3.2377489177694603597e0, 6.91522889068984211695e0, 3.93881025292474443415e0, 1.33303460815807542389e0, 2.01485389549179081538e-1, 1.23716634817820021358e-2,
  3.01581553508235416007e-4, 2.65806974686737550832e-6, 6.2397453918498329373e-9,
];
const Q2 = [
  1.0, 6.02427039364742014255e0, 3.67983563856160859403e0, 1.37702099489081330271e0, 2.1623699359449663589e-1, 1.34204006088543189037e-2, 3.28014464682127739104e-4,
  2.89247864745380683936e-6, 6.79019408009981274425e-9,
];

/** Φ⁻¹(p) on a float32 or float64 array: -inf at 0, inf at 1, NaN outside [0, 1]. */
export function ndtriImpl(p0: Array): Array {
  const p = strong(p0);
  const mcp = select(gt(p, -Math.expm1(-2)), sub(1, p), p);
  const safe = select(eq(mcp, 0), 0.5, mcp);
  const w = sub(safe, 0.5);
  const ww = square(w);
  const big = mul(add(w, mul(mul(w, ww), div(polyval(ww, P0), polyval(ww, Q0)))), -Math.sqrt(2 * Math.PI));
  const z = sqrt(mul(-2, log(safe)));
  const first = sub(z, div(log(z), z));
  const iz = div(1, z);
  const small = sub(first, div(div(polyval(iz, P2), polyval(iz, Q2)), z));
  const other = sub(first, div(div(polyval(iz, P1), polyval(iz, Q1)), z));
  let x = select(gt(safe, Math.exp(-2)), big, select(ge(z, 8), small, other));
  x = select(gt(p, 1 - Math.exp(-2)), x, neg(x));
  return select(eq(p, 0), -Infinity, select(eq(p, 1), Infinity, x));
}

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
/** log of the standard normal density. */
export const normLogpdf = (x: Array): Array => sub(mul(-0.5, square(x)), LOG_SQRT_2PI);

const doubleFactorial = (n: number) => {
  let r = 1;
  for (let i = n; i > 1; i -= 2) r *= i;
  return r;
};
function asymptoticSeries(x: Array, order: number): Array {
  if (order <= 0) return k(x, 1);
  const x2 = square(x);
  let even = k(x, 0);
  let odd = k(x, 0);
  let x2n = x2;
  for (let n = 1; n <= order; n++) {
    const y = div(doubleFactorial(2 * n - 1), x2n);
    if (n % 2) odd = add(odd, y);
    else even = add(even, y);
    x2n = mul(x2n, x2);
  }
  return sub(add(1, even), odd);
}

function logNdtrValue(order: number, x0: Array): Array {
  const x = strong(x0);
  const [lower, upper] = is64(x) ? [-20, 8] : [-10, 5];
  const above = gt(x, upper);
  const arg = select(above, neg(x), max(x, lower));
  const res = ndtrImpl(arg);
  const xl = min(x, lower);
  const lowerTail = add(sub(sub(mul(-0.5, square(xl)), log(neg(xl))), 0.5 * Math.log(2 * Math.PI)), log(asymptoticSeries(xl, order)));
  return select(above, neg(res), select(gt(x, lower), log(res), lowerTail));
}
const logNdtrRaw = customJvp(logNdtrValue as never, { nondiffArgnums: [0] } as never) as unknown as Custom<[number, Array]>;
logNdtrRaw.defjvp(([order, x], [t]) => {
  const ans = logNdtrRaw(order, x);
  return [ans, mul(t!, exp(sub(normLogpdf(x), ans)))];
});
/** log Φ(x), accurate far into the lower tail (`seriesOrder` terms of the asymptotic series). */
export const logNdtrImpl = (x: Array, seriesOrder: number): Array => logNdtrRaw(seriesOrder, x);
