// The regularized incomplete gamma functions P(a, x) and Q(a, x) as JAX computes them (lax.igamma,
// lax.igammac, lax.igamma_grad_a, ported there from XLA): Cephes' power series below the crossover
// (x < 1 or x < a) and its continued fraction above, each a while loop over the elements still
// converging; derivatives in x in closed form and in a by the same loops carrying d/da.
import type { Array } from '../../core/array.js';
import { whileLoop } from '../../control/whileLoop.js';
import { reduceOr } from '../../lax/reductions.js';
import { upcastHalf } from '../define.js';
import { withJvp } from './custom.js';
import { digammaImpl, lgammaImpl } from './lgamma.js';
import { abs, add, and, div, eq, exp, ge, gt, is64, isNan, k, le, log, lt, mul, ne, neg, not, or, select, sub } from './ops.js';

type Mode = 'value' | 'derivative';
const anyOf = (p: Array): Array => reduceOr(p, p.shape.map((_, i) => i));
const eps = (x: Array) => (is64(x) ? 2 ** -52 : 2 ** -23);
const logMax = (x: Array) => Math.log(is64(x) ? Number.MAX_VALUE : 3.4028234663852886e38);

function series(ax: Array, x: Array, a: Array, enabled: Array, mode: Mode): Array {
  const e = eps(x);
  type C = [Array, Array, Array, Array, Array, Array, Array];
  const init: C = [enabled, a, k(a, 1), k(a, 1), x, k(a, 0), k(a, 0)];
  const out = whileLoop(
    (v: C) => anyOf(v[0]),
    (v: C): C => {
      const [en, r0, c0, ans0, xx, dc0, dans0] = v;
      const r = add(r0, 1);
      const dc = sub(mul(dc0, div(xx, r)), div(mul(c0, xx), mul(r, r)));
      const dans = add(dans0, dc);
      const c = mul(c0, div(xx, r));
      const ans = add(ans0, c);
      const cond = mode === 'value' ? and(en, gt(div(c, ans), e)) : and(en, gt(abs(div(dc, dans)), e));
      return [cond, select(en, r, r0), select(en, c, c0), select(en, ans, ans0), select(en, xx, xx), select(en, dc, dc0), select(en, dans, dans0)];
    },
    init,
  ) as unknown as C;
  const ans = out[3];
  if (mode === 'value') return div(mul(ans, ax), a);
  const dlogaxDa = sub(log(x), digammaImpl(add(a, 1)));
  return div(mul(ax, add(mul(ans, dlogaxDa), out[6])), a);
}

function continuedFraction(ax: Array, x: Array, a: Array, enabled: Array, mode: Mode): Array {
  const e = eps(x);
  type C = [Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array, Array];
  const y0 = sub(1, a);
  const z0 = add(add(x, y0), 1);
  const pkm1 = add(x, 1);
  const qkm1 = mul(z0, x);
  const ans0 = div(pkm1, qkm1);
  const dqkm1 = neg(x);
  const dans0 = div(sub(k(x, 0), mul(ans0, dqkm1)), qkm1);
  const init: C = [enabled, ans0, k(x, 1), y0, z0, k(x, 0), pkm1, qkm1, k(x, 1), x, k(x, 0), k(x, 0), k(x, 0), dqkm1, dans0];
  const out = whileLoop(
    (v: C) => and(anyOf(lt(v[5], 2000)), anyOf(v[0])),
    (v: C): C => {
      const [en, ansP, tP, yP, zP, cP, pkm1P, qkm1P, pkm2P, qkm2P, dpkm2P, dqkm2P, dpkm1P, dqkm1P, dansP] = v;
      const c = add(cP, 1);
      const y = add(yP, 1);
      const z = add(zP, 2);
      const yc = mul(y, c);
      const pk = sub(mul(pkm1P, z), mul(pkm2P, yc));
      const qk = sub(mul(qkm1P, z), mul(qkm2P, yc));
      const nz = ne(qk, 0);
      const r = div(pk, qk);
      const t = select(nz, abs(div(sub(ansP, r), r)), 1);
      const ans = select(nz, r, ansP);
      const dpk = add(sub(sub(mul(dpkm1P, z), pkm1P), mul(dpkm2P, yc)), mul(pkm2P, c));
      const dqk = add(sub(sub(mul(dqkm1P, z), qkm1P), mul(dqkm2P, yc)), mul(qkm2P, c));
      const dansNew = select(nz, div(sub(dpk, mul(ans, dqk)), qk), dansP);
      const gradCond = select(nz, abs(sub(dansNew, dansP)), 1);
      // Rescale the recurrences when they grow past 1/eps (their ratio is what matters).
      const rescale = gt(abs(pk), 1 / e);
      const sc = (v2: Array) => select(rescale, mul(v2, e), v2);
      const cond = mode === 'value' ? and(en, gt(t, e)) : and(en, gt(gradCond, e));
      const keep = (nv: Array, ov: Array) => select(en, nv, ov);
      return [
        cond,
        keep(ans, ansP),
        keep(t, tP),
        keep(y, yP),
        keep(z, zP),
        c,
        keep(sc(pk), pkm1P),
        keep(sc(qk), qkm1P),
        keep(sc(pkm1P), pkm2P),
        keep(sc(qkm1P), qkm2P),
        keep(sc(dpkm1P), dpkm2P),
        keep(sc(dqkm1P), dqkm2P),
        keep(sc(dpk), dpkm1P),
        keep(sc(dqk), dqkm1P),
        keep(dansNew, dansP),
      ];
    },
    init,
  ) as unknown as C;
  if (mode === 'value') return mul(out[1], ax);
  const dlogaxDa = sub(log(x), digammaImpl(a));
  return mul(ax, add(mul(out[1], dlogaxDa), out[14]));
}

const anyOr = (...ps: Array[]) => ps.reduce((p, q) => or(p, q));

/** P(a, x) on float arrays of one shape and dtype: NaN for x < 0, a < 0, a = x = 0 or NaN. */
export const igammaImpl = upcastHalf((a: Array, x: Array): Array => {
  const xInf = eq(x, Infinity);
  const xZero = eq(x, 0);
  const domain = anyOr(lt(x, 0), lt(a, 0), and(eq(a, 0), xZero), isNan(a), isNan(x));
  const useC = and(ge(x, 1), gt(x, a));
  const logAx = sub(sub(mul(a, log(x)), x), lgammaImpl(a));
  const underflow = lt(logAx, -logMax(x));
  const ax = exp(logAx);
  const enabled = not(anyOr(xZero, domain, underflow, xInf));
  let out = select(useC, sub(1, continuedFraction(ax, x, a, and(enabled, useC), 'value')), series(ax, x, a, and(enabled, not(useC)), 'value'));
  out = select(xZero, k(a, 0), out);
  out = select(xInf, k(a, 1), out);
  return select(domain, k(a, NaN), out);
});

/** Q(a, x) = 1 - P(a, x) on float arrays of one shape and dtype. */
export const igammacImpl = upcastHalf((a: Array, x: Array): Array => {
  const aZero = eq(a, 0);
  const xInf = eq(x, Infinity);
  const domain = anyOr(lt(x, 0), lt(a, 0), and(aZero, eq(x, 0)), isNan(a), isNan(x));
  const useP = or(lt(x, 1), lt(x, a));
  const logAx = sub(sub(mul(a, log(x)), x), lgammaImpl(a));
  const underflow = lt(logAx, -logMax(x));
  const enabled = not(anyOr(domain, underflow, xInf, aZero));
  const ax = exp(logAx);
  let out = select(useP, sub(1, series(ax, x, a, and(enabled, useP), 'value')), continuedFraction(ax, x, a, and(enabled, not(useP)), 'value'));
  out = select(or(xInf, aZero), k(out, 0), out);
  return select(domain, k(a, NaN), out);
});

/** dP(a, x)/da (JAX's lax.igamma_grad_a). */
export const igammaGradAImpl = upcastHalf((a: Array, x: Array): Array => {
  const xZero = eq(x, 0);
  const nan = or(isNan(a), isNan(x));
  const domain = or(lt(x, 0), le(a, 0));
  const useC = and(gt(x, 1), gt(x, a));
  const logAx = sub(sub(mul(a, log(x)), x), lgammaImpl(a));
  const underflow = lt(logAx, -logMax(x));
  const ax = exp(logAx);
  const enabled = not(anyOr(xZero, domain, underflow, nan));
  let out = select(useC, neg(continuedFraction(ax, x, a, and(enabled, useC), 'derivative')), series(ax, x, a, and(enabled, not(useC)), 'derivative'));
  out = select(xZero, k(out, 0), out);
  return select(or(domain, nan), k(a, NaN), out);
});

/** d/dx P(a, x) = exp(-x + (a - 1) log x - lgamma(a)). */
const dPdx = (a: Array, x: Array) => exp(sub(add(neg(x), mul(sub(a, 1), log(x))), lgammaImpl(a)));

/** lax.igamma with JAX's rules in a and x. */
export const igamma = withJvp(igammaImpl, ([a, x], [ta, tx]) => add(mul(ta!, igammaGradAImpl(a!, x!)), mul(tx!, dPdx(a!, x!))));
/** lax.igammac with JAX's rules (the negatives of igamma's). */
export const igammac = withJvp(igammacImpl, ([a, x], [ta, tx]) => neg(add(mul(ta!, igammaGradAImpl(a!, x!)), mul(tx!, dPdx(a!, x!)))));
