// jax.scipy.special and jax.scipy.stats.norm against independent references: gradients against
// central finite differences in float64, vmap against a JS loop over rows, closed forms and
// identities (erf(erfinv(p)) = p, ndtr(ndtri(p)) = p, Γ(n) = (n-1)!, P + Q = 1, reflection), and
// the errors where JAX raises or a derivative is not defined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const sp = jp.scipy.special;
const norm = jp.scipy.stats.norm;
const vals = (a: jp.Array) => Array.from(a.dataSync() as Float64Array);

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

type F = (x: jp.Array) => jp.Array;
// Each function at points away from kinks and poles; the five-point central difference with
// h = 1e-4 has truncation error O(h⁴ f⁽⁵⁾) and rounding error about 1e-16 |f| / h, both far below
// the 1e-7 relative tolerance, so the check is a real one.
const FD: [string, F, number[]][] = [
  ['erf', (x) => sp.erf(x), [-2, -0.3, 0.1, 1.5]],
  ['erfc', (x) => sp.erfc(x), [-2, 0.4, 1.5, 3]],
  ['erfinv', (x) => sp.erfinv(x), [-0.9, -0.2, 0.3, 0.95]],
  ['gammaln', (x) => sp.gammaln(x), [-2.5, 0.3, 1.7, 9]],
  ['digamma', (x) => sp.digamma(x), [-1.5, 0.4, 2.2, 12]],
  ['ndtr', (x) => sp.ndtr(x), [-3, -0.5, 0.7, 2]],
  ['ndtri', (x) => sp.ndtri(x), [0.01, 0.3, 0.6, 0.97]],
  ['logNdtr', (x) => sp.logNdtr(x), [-25, -8, -1, 3]],
  ['logit', (x) => sp.logit(x), [0.05, 0.4, 0.8]],
  ['expit', (x) => sp.expit(x), [-4, 0.2, 3]],
  ['entr', (x) => sp.entr(x), [0.1, 0.7, 3]],
  ['i0e', (x) => sp.i0e(x), [-9, -1, 0.5, 3]],
  ['i1e', (x) => sp.i1e(x), [-9, -1, 0.5, 3]],
  ['i0', (x) => sp.i0(x), [-3, 0.5, 2]],
  ['gamma', (x) => sp.gamma(x), [-1.5, 0.6, 3.3]],
  ['gammainc in x', (x) => sp.gammainc(jnp.full(x.shape, 2.5), x), [0.3, 2, 6]],
  ['gammainc in a', (a) => sp.gammainc(a, jnp.full(a.shape, 2)), [0.5, 1.7, 4]],
  ['gammaincc in a', (a) => sp.gammaincc(a, jnp.full(a.shape, 3)), [0.5, 2.2, 6]],
  ['betainc in x', (x) => sp.betainc(2, 3.5, x), [0.1, 0.5, 0.9]],
  ['betaln', (a) => sp.betaln(a, 3), [0.5, 2, 11]],
  ['polygamma(2, x)', (x) => sp.polygamma(jnp.array([2, 2, 2], 'int32'), x), [0.5, 1.5, 4]],
  ['zeta in q', (q) => sp.zeta(3, q), [0.5, 1.5, 4]],
  ['zeta in x', (x) => sp.zeta(x, 2), [1.5, 2.5, 4]],
  ['xlogy in y', (y) => sp.xlogy(jnp.full(y.shape, 1.5), y), [0.5, 2, 4]],
  ['norm.logcdf', (x) => norm.logcdf(x, 0.5, 2), [-30, -1, 2]],
  ['norm.ppf', (q) => norm.ppf(q, 1, 3), [0.02, 0.5, 0.9]],
  ['norm.logsf', (x) => norm.logsf(x), [-2, 1, 15]],
];

describe('gradients against central differences (float64)', () => {
  for (const [name, f, pts] of FD)
    it(name, () => {
      const x = jnp.array(pts, 'float64');
      const g = vals(jp.grad((v: jp.Array) => jnp.sum(f(v)))(x));
      const h = 1e-4;
      pts.forEach((p, i) => {
        const at = (d: number) => vals(f(jnp.array(pts.map((q, j) => (j === i ? p + d : q)), 'float64')))[i]!;
        const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
        expect(Math.abs(g[i]! - fd), `${name} at ${p}: ${g[i]} vs ${fd}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      });
    });
});

describe('identities and closed forms (float64)', () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
  it('erf(erfinv(p)) = p and ndtr(ndtri(p)) = p', () => {
    const p = [-0.999, -0.5, -1e-6, 0.25, 0.9, 0.99999];
    vals(sp.erf(sp.erfinv(jnp.array(p, 'float64')))).forEach((v, i) => expect(rel(v, p[i]!)).toBeLessThan(1e-14));
    const q = [1e-12, 0.02, 0.3, 0.5, 0.8, 0.999];
    vals(sp.ndtr(sp.ndtri(jnp.array(q, 'float64')))).forEach((v, i) => expect(rel(v, q[i]!)).toBeLessThan(2e-14));
  });
  it('Γ(n) = (n-1)!, factorial, B(a, b) = Γ(a)Γ(b)/Γ(a+b)', () => {
    let f = 1;
    const want = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((n) => (f *= n) / n);
    vals(sp.gamma(jnp.arange(1, 21, 1, 'float64'))).forEach((v, i) => expect(rel(v, want[i]!)).toBeLessThan(1e-13));
    vals(sp.factorial(jnp.array([0, 5, 10], 'float64'))).forEach((v, i) => expect(rel(v, [1, 120, 3628800][i]!)).toBeLessThan(1e-13));
    // B(5/2, 3/2) = Γ(5/2)Γ(3/2)/Γ(4) = (3√π/4)(√π/2)/6 = π/16.
    expect(rel(vals(sp.beta(2.5, 1.5))[0]!, Math.PI / 16)).toBeLessThan(1e-13);
  });
  it('P(a, x) + Q(a, x) = 1 and P(1, x) = 1 - exp(-x)', () => {
    const a = jnp.array([0.5, 1, 3, 20, 100], 'float64');
    const x = jnp.array([0.2, 1.5, 2.5, 25, 90], 'float64');
    const p = vals(sp.gammainc(a, x));
    vals(sp.gammaincc(a, x)).forEach((q, i) => expect(Math.abs(p[i]! + q - 1)).toBeLessThan(1e-14));
    const xs = [0.01, 0.5, 3, 30];
    vals(sp.gammainc(jnp.ones([4], 'float64'), jnp.array(xs, 'float64'))).forEach((v, i) => expect(rel(v, -Math.expm1(-xs[i]!))).toBeLessThan(1e-14));
  });
  it('digamma: ψ(1) = -γ, ψ(x + 1) = ψ(x) + 1/x, reflection ψ(1-x) - ψ(x) = π cot(πx)', () => {
    expect(rel(vals(sp.digamma(1))[0]!, -0.5772156649015329)).toBeLessThan(1e-14);
    const xs = [0.3, 2.7, 11.5];
    const d0 = vals(sp.digamma(jnp.array(xs, 'float64')));
    vals(sp.digamma(jnp.array(xs.map((x) => x + 1), 'float64'))).forEach((v, i) => expect(Math.abs(v - d0[i]! - 1 / xs[i]!)).toBeLessThan(1e-13));
    const r = vals(sp.digamma(jnp.array(xs.map((x) => 1 - x), 'float64')));
    r.forEach((v, i) => expect(Math.abs(v - d0[i]! - Math.PI / Math.tan(Math.PI * xs[i]!))).toBeLessThan(1e-12));
  });
  it('norm: pdf integrates the cdf (cdf(b) - cdf(a) by Simpson), sf = 1 - cdf, ppf inverts cdf', () => {
    const n = 2000;
    const [a, b] = [-1.3, 2.1];
    const xs = Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);
    const pdf = vals(norm.pdf(jnp.array(xs, 'float64'), 0.2, 1.7));
    const simpson = (((b - a) / n) * pdf.reduce((s, v, i) => s + v * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2), 0)) / 3;
    const c = vals(norm.cdf(jnp.array([a, b], 'float64'), 0.2, 1.7));
    expect(Math.abs(c[1]! - c[0]! - simpson)).toBeLessThan(1e-12);
    const sf = vals(norm.sf(jnp.array([a, b], 'float64'), 0.2, 1.7));
    sf.forEach((v, i) => expect(Math.abs(v + c[i]! - 1)).toBeLessThan(1e-15));
    vals(norm.ppf(jnp.array(c, 'float64'), 0.2, 1.7)).forEach((v, i) => expect(Math.abs(v - [a, b][i]!)).toBeLessThan(1e-13));
  });
});

describe('vmap equals a loop, jit equals eager', () => {
  const ROWS = [[0.2, 1.5, 3.0], [0.7, 2.0, 9.0], [1.1, 0.4, 25.0]];
  const fns: [string, (r: jp.Array) => jp.Array][] = [
    ['gammainc (while loops with per-element convergence)', (r) => sp.gammainc(jnp.flip(r), r)],
    ['betainc', (r) => sp.betainc(r, jnp.flip(r), jnp.full(r.shape, 0.35))],
    ['erfinv ∘ erf', (r) => sp.erfinv(sp.erf(jnp.negative(r)))],
    ['logsumexp with b', (r) => sp.logsumexp(r, { b: jnp.array([1, -0.5, 2], 'float64') })],
    ['norm.logcdf', (r) => norm.logcdf(r, 1, 0.5)],
  ];
  for (const [name, f] of fns)
    it(name, () => {
      const rows = jnp.array(ROWS, 'float64');
      const batched = jp.vmap(f)(rows);
      const loop = jnp.stack(ROWS.map((r) => f(jnp.array(r, 'float64'))));
      expect(vals(batched)).toEqual(vals(loop));
      expect(vals(jp.jit(jp.vmap(f))(rows))).toEqual(vals(loop));
    });
});

describe('errors', () => {
  it('derivatives JAX does not define raise', () => {
    expect(() => jp.grad((a: jp.Array) => jnp.sum(sp.betainc(a, 2, 0.5)))(jnp.array([1.5], 'float64'))).toThrow(jp.TransformError);
    expect(() => jp.grad((b: jp.Array) => jnp.sum(sp.betainc(2, b, 0.5)))(jnp.array([1.5], 'float64'))).toThrow(/betainc with respect to a and b/);
    // In x it is defined.
    expect(vals(jp.grad((x: jp.Array) => jnp.sum(sp.betainc(2, 3, x)))(jnp.array([0.5], 'float64')))[0]).toBeCloseTo(1.5, 12);
  });
  it('bad arguments raise as JAX does', () => {
    expect(() => sp.polygamma(jnp.array([1.5]), jnp.array([0.5]))).toThrow(jp.DtypeError);
    expect(() => sp.zeta(2)).toThrow(/Hurwitz/);
    expect(() => sp.factorial(3, true)).toThrow(/exact/);
    expect(() => sp.logNdtr(jnp.array([1.0]), 31)).toThrow(/seriesOrder/);
    expect(() => sp.logNdtr(jnp.array([1.0]), 1.5)).toThrow(/seriesOrder/);
    expect(() => sp.ndtr(jnp.array([1, 2], 'int32'))).toThrow(TypeError);
    expect(() => norm.ppf(jnp.array([1], 'int32'))).toThrow(TypeError);
    expect(() => (sp.erf as (...a: unknown[]) => unknown)(jnp.array([1.0]), 2)).toThrow(TypeError);
    expect(() => (sp.xlogy as (...a: unknown[]) => unknown)(1, 2, 3)).toThrow(TypeError);
    expect(() => sp.logsumexp(jnp.ones([2, 2]), 2)).toThrow(jp.ShapeError);
    expect(() => (sp.logsumexp as (...a: unknown[]) => unknown)(jnp.ones([2]), { axes: 0 })).toThrow(/unexpected option/);
    expect(() => norm.cdf(jnp.ones([2]), jnp.ones([3]))).toThrow(jp.ShapeError);
  });
});
