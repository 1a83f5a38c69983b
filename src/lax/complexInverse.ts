// Complex inverse trigonometric and hyperbolic functions on (re, im) planes, for the `complex`
// rules of asin, acos, asinh, acosh, atan and atanh (src/lax/transcendental.ts). JAX lowers these
// to chlo ops, which XLA expands by StableHLO's ChloDecompositionPatternsMath.td (Hull et al.'s
// algorithm with fewer regions, from the functional_algorithms tool); this file is that expansion,
// so results keep JAX's accuracy across the plane, branch cuts, signed zeros and inf/NaN.
import type { Array } from '../core/array.js';
import { float64 } from '../core/dtypes.js';
import type { Planes } from '../core/primitive.js';
import { planes } from './complexPlanes.js';
import { abs, add, bitwiseAnd as and, bitwiseOr as or, div, eq, ge, gt, le, log, log1p, lt, max, min, mul, ne, neg, select, sqrt, sub } from './elementwise.js';
import { atan2 } from './transcendental.js';
import { fullLike } from './structural.js';

const c = (x: Array, v: number) => fullLike(x, v);
const is64 = (x: Array) => x.dtype === float64;
/** The largest finite value of x's dtype (float32 or float64 parts). */
const maxFinite = (x: Array) => (is64(x) ? Number.MAX_VALUE : 3.4028234663852886e38);
/** The smallest normal value of x's dtype. */
const smallestNormal = (x: Array) => (is64(x) ? 2.2250738585072014e-308 : 1.1754943508222875e-38);

/** hypot(p, q) of non-negative p, q as the kernel computes it: mx·√(1 + (mn/mx)²), with √2·mx at mn = mx and a first-order term where the root rounds to 1. */
function khypot(p: Array, q: Array): Array {
  const mx = max(p, q);
  const mn = min(p, q);
  const ratio = div(mn, mx);
  const r2 = mul(ratio, ratio);
  const sqa = sqrt(add(c(p, 1), r2));
  const tiny = and(eq(sqa, c(p, 1)), gt(r2, c(p, 0)));
  return select(eq(mx, mn), mul(c(p, Math.SQRT2), mx), select(tiny, add(mx, div(mul(mx, r2), c(p, 2))), mul(mx, sqa)));
}

/**
 * StableHLO's asin_acos_kernel: w = √(a² − x²) + i·log(a + √(a² − 1)) for x = |re z|, y = |im z|
 * and a = (hypot(x + 1, y) + hypot(x − 1, y))/2, each part by the region's approximation.
 */
function asinAcosKernel(z: Planes): Planes {
  const x = abs(z.re);
  const y = abs(z.im);
  const one = c(x, 1);
  const half = c(x, 0.5);
  const safeMax = c(x, Math.sqrt(maxFinite(x)) / 8);
  const xp1 = add(x, one);
  const xm1 = sub(x, one);
  const r = khypot(abs(xp1), y);
  const s = khypot(abs(xm1), y);
  const a = mul(half, add(r, s));
  const halfApx = mul(half, add(a, x));
  const yy = mul(y, y);
  const rpxp1 = add(r, xp1);
  const smxm1 = sub(s, xm1);
  const spxm1 = add(s, xm1);
  const re = select(
    ge(max(x, y), safeMax),
    y,
    select(le(x, one), sqrt(mul(halfApx, add(div(yy, rpxp1), smxm1))), mul(y, sqrt(add(div(halfApx, rpxp1), div(halfApx, spxm1))))),
  );
  // Imaginary part: log(2) + log(max) + ½log1p((x/y)²) for huge y (or x), else log1p(a − 1 + √((a+1)(a−1))).
  const safeMaxOpt = select(lt(x, mul(safeMax, c(x, 1e12))), mul(safeMax, c(x, 1e-6)), mul(safeMax, c(x, 100)));
  const yBig = ge(y, safeMaxOpt);
  const mx1 = select(yBig, y, x);
  const huge = ge(mx1, select(yBig, safeMaxOpt, safeMax));
  const xoy = select(and(yBig, ne(y, c(y, Infinity))), div(x, y), c(x, 0));
  const hugeIm = add(add(log(c(x, 2)), log(mx1)), mul(half, log1p(mul(xoy, xoy))));
  const tinyY = and(lt(y, c(y, Math.sqrt(smallestNormal(x)) * 4)), lt(x, one));
  const halfYy = mul(half, yy);
  const am1 = select(
    tinyY,
    neg(div(mul(xp1, xm1), add(a, one))),
    select(ge(x, one), add(div(halfYy, rpxp1), mul(half, spxm1)), select(le(a, c(a, 1.5)), add(div(halfYy, rpxp1), div(halfYy, smxm1)), sub(a, one))),
  );
  const sq = sqrt(mul(am1, add(a, one)));
  const im = select(huge, hugeIm, select(tinyY, div(y, sq), log1p(add(am1, sq))));
  return planes(re, im);
}

const isNeg = (v: Array) => lt(v, c(v, 0));

/** asin z = atan2(re z, re w) + i·sign(im z)·im w for w = asinAcosKernel(z). */
export function casin(z: Planes): Planes {
  const w = asinAcosKernel(z);
  return planes(atan2(z.re, w.re), select(isNeg(z.im), neg(w.im), w.im));
}

/** acos z = atan2(re w, re z) − i·sign(im z)·im w. */
export function cacos(z: Planes): Planes {
  const w = asinAcosKernel(z);
  return planes(atan2(w.re, z.re), select(isNeg(z.im), w.im, neg(w.im)));
}

/** asinh z = −i asin(iz) = sign(re z)·im w + i·atan2(im z, re w) for w = asinAcosKernel(iz). */
export function casinh(z: Planes): Planes {
  const w = asinAcosKernel(planes(neg(z.im), z.re));
  return planes(select(isNeg(z.re), neg(w.im), w.im), atan2(z.im, w.re));
}

/** acosh z = im w + i·sign(im z)·atan2(re w, re z) for w = asinAcosKernel(z). */
export function cacosh(z: Planes): Planes {
  const w = asinAcosKernel(z);
  const t = atan2(w.re, z.re);
  return planes(w.im, select(isNeg(z.im), neg(t), t));
}

/**
 * atanh z = (log1p(z) − log1p(−z))/2: re = sign(x)·¼·log1p(4|x| / ((1 − |x|)² + y²)) and
 * im = ½·atan2(2y, (1 − |x|)(1 + |x|) − y²), with StableHLO's limits outside the safe region.
 */
export function catanh(z: Planes): Planes {
  const { re: x, im: y } = z;
  const one = c(x, 1);
  const ax = abs(x);
  const ay = abs(y);
  // 1/epsneg for the part dtype: 2^53 + 2 for float64, 2^24 + 2 for float32 (as StableHLO picks by the largest finite value).
  const invNegEps = c(x, is64(x) ? 9007199254740994 : 16777218);
  const safeMax = mul(invNegEps, invNegEps);
  const safe = and(lt(ax, safeMax), lt(ay, safeMax));
  const naxm1 = sub(one, ax);
  const y2 = mul(y, y);
  const isInf = (v: Array) => eq(abs(v), c(v, Infinity));
  const t = select(
    safe,
    div(ax, add(mul(naxm1, naxm1), y2)),
    select(lt(mul(ay, invNegEps), ax), div(one, ax), select(or(isInf(x), isInf(y)), c(x, 0), div(div(one, add(div(ax, y), div(y, ax))), y))),
  );
  const signX = select(ge(x, c(x, 0)), one, c(x, -1));
  const re = mul(mul(signX, log1p(mul(c(x, 4), t))), c(x, 0.25));
  const signY = select(ge(y, c(y, 0)), one, c(x, -1));
  const im = mul(select(safe, atan2(add(y, y), sub(mul(naxm1, add(one, ax)), y2)), mul(signY, c(x, Math.PI))), c(x, 0.5));
  return planes(re, im);
}

/** atan z = −i atanh(iz). */
export function catan(z: Planes): Planes {
  const w = catanh(planes(neg(z.im), z.re));
  return planes(w.im, neg(w.re));
}
