// Issue 17: every sampler draws from the right distribution — Kolmogorov–Smirnov against the
// exact CDF (closed forms in test/random/stats.ts, significance 0.001) for continuous ones, and
// moments or frequencies (within 5 standard errors) for the rest. Keys are fixed: deterministic.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { erf, gammaP, ksCritical, ksStatistic, lgamma, moments, phi } from './stats.js';

const { numpy: jnp, random } = jp;
const N = 20000;
const k = (i: number) => random.PRNGKey(1000 + i);
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);

function expectKs(xs: number[], cdf: (x: number) => number, what: string): void {
  const d = ksStatistic(xs, cdf);
  expect(d, `${what}: KS statistic ${d} over ${xs.length} samples`).toBeLessThan(ksCritical(xs.length));
}
/** |sample mean − mean| within 5 standard errors. */
function expectMean(xs: number[], mean: number, variance: number, what: string): void {
  const m = moments(xs).mean;
  expect(Math.abs(m - mean), `${what}: mean ${m} vs ${mean}`).toBeLessThan(5 * Math.sqrt(variance / xs.length));
}

describe('the reference functions themselves', () => {
  it('erf, Φ, lgamma and P(a, x) at known values', () => {
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(phi(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    for (const x of [0.1, 1, 3, 10]) expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 10);
    expect(gammaP(0.5, 2)).toBeCloseTo(erf(Math.sqrt(2)), 10);
  });
  it('the KS test rejects a wrong distribution', () => {
    const xs = vals(random.normal(k(0), [N]));
    expect(ksStatistic(xs, (x) => phi(x / 1.1))).toBeGreaterThan(ksCritical(N));
  });
});

describe('continuous distributions: Kolmogorov–Smirnov against the exact CDF', () => {
  const cases: [string, () => jp.Array, (x: number) => number][] = [
    ['uniform', () => random.uniform(k(1), [N]), (x) => x],
    ['uniform(-2, 3)', () => random.uniform(k(2), [N], 'float32', -2, 3), (x) => (x + 2) / 5],
    ['normal', () => random.normal(k(3), [N]), phi],
    ['exponential', () => random.exponential(k(4), [N]), (x) => 1 - Math.exp(-x)],
    ['laplace', () => random.laplace(k(5), [N]), (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ['logistic', () => random.logistic(k(6), [N]), (x) => 1 / (1 + Math.exp(-x))],
    ['cauchy', () => random.cauchy(k(7), [N]), (x) => 0.5 + Math.atan(x) / Math.PI],
    ['gumbel', () => random.gumbel(k(8), [N]), (x) => Math.exp(-Math.exp(-x))],
    ['gumbel high', () => random.gumbel(k(8), [N], 'float32', 'high'), (x) => Math.exp(-Math.exp(-x))],
    ['lognormal(0.5)', () => random.lognormal(k(9), 0.5, [N]), (x) => phi(Math.log(x) / 0.5)],
    ['pareto(3)', () => random.pareto(k(10), 3, [N]), (x) => (x < 1 ? 0 : 1 - x ** -3)],
    ['rayleigh(2)', () => random.rayleigh(k(11), 2, [N]), (x) => 1 - Math.exp(-(x * x) / 8)],
    ['weibullMin(2, 1.5)', () => random.weibullMin(k(12), 2, 1.5, [N]), (x) => 1 - Math.exp(-((x / 2) ** 1.5))],
    ['triangular(0, 1, 3)', () => random.triangular(k(13), 0, 1, 3, [N]), (x) => (x <= 1 ? (x * x) / 3 : 1 - (3 - x) ** 2 / 6)],
    ['maxwell', () => random.maxwell(k(14), [N]), (x) => erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp((-x * x) / 2)],
    ['truncatedNormal(-1, 2)', () => random.truncatedNormal(k(15), -1, 2, [N]), (x) => (phi(x) - phi(-1)) / (phi(2) - phi(-1))],
    ['gamma(2.5)', () => random.gamma(k(16), 2.5, [N]), (x) => gammaP(2.5, x)],
    ['gamma(0.3)', () => random.gamma(k(17), 0.3, [N]), (x) => gammaP(0.3, x)],
    ['loggamma(0.3) exponentiated', () => jnp.exp(random.loggamma(k(17), 0.3, [N])), (x) => gammaP(0.3, x)],
    ['chisquare(3)', () => random.chisquare(k(18), 3, [N]), (x) => gammaP(1.5, x / 2)],
    ['generalizedNormal(2) (= N(0, 1/2))', () => random.generalizedNormal(k(19), 2, [N]), (x) => phi(x * Math.SQRT2)],
    ['|doubleSidedMaxwell(1, 2) − 1| / 2 (maxwell)', () => jnp.divide(jnp.abs(jnp.subtract(random.doubleSidedMaxwell(k(20), 1, 2, [N]), 1)), 2), (x) => erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp((-x * x) / 2)],
  ];
  it.each(cases)('%s', (what, draw, cdf) => expectKs(vals(draw()), cdf, what));
  it('float64 normal and gamma (x64)', () => {
    jp.config.update('enableX64', true);
    try {
      expectKs(vals(random.normal(k(21), [N])), phi, 'normal f64');
      expectKs(vals(random.gamma(k(22), 4, [5000])), (x) => gammaP(4, x), 'gamma f64');
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});

describe('moments and frequencies', () => {
  it('beta(2, 3), t(5), dirichlet([1, 2, 3])', () => {
    expectMean(vals(random.beta(k(30), 2, 3, [N])), 0.4, 6 / (25 * 6), 'beta mean');
    const ts = vals(random.t(k(31), 5, [N]));
    expectMean(ts, 0, 5 / 3, 't mean');
    expect(moments(ts).variance).toBeGreaterThan(5 / 3 - 0.15);
    expect(moments(ts).variance).toBeLessThan(5 / 3 + 0.15);
    const dir = random.dirichlet(k(32), jnp.array([1, 2, 3]), [N]);
    const rows = dir.tolist() as number[][];
    rows.slice(0, 50).forEach((r) => expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    [1, 2, 3].forEach((a, j) => expectMean(rows.map((r) => r[j]!), a / 6, (a * (6 - a)) / (36 * 7), `dirichlet[${j}]`));
  });
  it('bernoulli, rademacher, geometric', () => {
    expectMean(vals(jnp.astype(random.bernoulli(k(33), 0.3, [N]), 'float32')), 0.3, 0.21, 'bernoulli');
    const r = vals(random.rademacher(k(34), [N]));
    expect(new Set(r)).toEqual(new Set([-1, 1]));
    expectMean(r, 0, 1, 'rademacher');
    const g = vals(random.geometric(k(35), 0.3, [N]));
    expect(Math.min(...g)).toBe(1);
    expectMean(g, 1 / 0.3, 0.7 / 0.09, 'geometric');
  });
  it('randint: every value in range, frequencies uniform', () => {
    const xs = vals(random.randint(k(36), [N], -3, 7));
    const counts = new Array(10).fill(0);
    xs.forEach((x) => counts[x + 3]++);
    expect(Math.min(...xs)).toBe(-3);
    expect(Math.max(...xs)).toBe(6);
    counts.forEach((c) => expect(Math.abs(c - N / 10)).toBeLessThan(5 * Math.sqrt(N * 0.1 * 0.9)));
  });
  it('categorical and choice with p follow the probabilities', () => {
    const logits = [0, 1, 2, -1];
    const z = logits.reduce((a, l) => a + Math.exp(l), 0);
    const xs = vals(random.categorical(k(37), jnp.array(logits, 'float32'), -1, [N]));
    const p = [0.1, 0.2, 0.3, 0, 0.4];
    const ys = vals(random.choice(k(38), 5, [N], true, jnp.array(p)));
    logits.forEach((l, j) => {
      const q = Math.exp(l) / z;
      expect(Math.abs(xs.filter((x) => x === j).length - N * q), `categorical ${j}`).toBeLessThan(5 * Math.sqrt(N * q * (1 - q)) + 1);
    });
    p.forEach((q, j) => expect(Math.abs(ys.filter((y) => y === j).length - N * q), `choice ${j}`).toBeLessThan(5 * Math.sqrt(N * q * (1 - q)) + 1));
  });
  it('permutation and choice without replacement: permutations, each position uniform', () => {
    const n = 6;
    const reps = 3000;
    const keys = random.split(k(39), reps) as jp.Array;
    const perms = jp.vmap((kk: jp.Array) => random.permutation(kk, n))(keys).tolist() as number[][];
    perms.forEach((p) => expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]));
    for (let pos = 0; pos < n; pos++)
      for (let v = 0; v < n; v++) expect(Math.abs(perms.filter((p) => p[pos] === v).length - reps / n)).toBeLessThan(5 * Math.sqrt((reps * (n - 1)) / n ** 2));
    const picks = jp.vmap((kk: jp.Array) => random.choice(kk, 10, [4], false))(keys).tolist() as number[][];
    picks.forEach((p) => expect(new Set(p).size).toBe(4));
  });
  it('poisson: mean and variance λ, for Knuth (λ < 10) and rejection (λ ≥ 10) draws', () => {
    for (const [i, lam] of [[42, 3.5], [43, 25]] as const) {
      const xs = vals(random.poisson(k(i), lam, [N]));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expectMean(xs, lam, lam, `poisson(${lam})`);
      expect(Math.abs(moments(xs).variance - lam)).toBeLessThan(5 * lam * Math.sqrt(2 / N) + 0.1);
    }
    expect(vals(random.poisson(k(44), 0, [5]))).toEqual([0, 0, 0, 0, 0]);
  });
  it('binomial: mean n·p and variance n·p·(1−p) by inversion, BTRS and the p > ½ flip', () => {
    for (const [i, n, p] of [[45, 20, 0.3], [46, 100, 0.4], [47, 100, 0.7]] as const) {
      const xs = vals(random.binomial(k(i), n, p, [N]));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n), `binomial(${n}, ${p}) in range`).toBe(true);
      expectMean(xs, n * p, n * p * (1 - p), `binomial(${n}, ${p})`);
      expect(Math.abs(moments(xs).variance / (n * p * (1 - p)) - 1)).toBeLessThan(0.06);
    }
    const bad = random.binomial(k(48), jnp.array([-1, 5, Infinity]), jnp.array([0.5, Number.NaN, 0.5])).tolist() as number[];
    expect(bad[0]).toBeNaN();
    expect(bad[1]).toBeNaN();
    expect(bad[2]).toBe(Infinity);
  });
  it('multinomial: rows sum to n, mean counts n·p', () => {
    const rows = random.multinomial(k(51), 30, jnp.array([0.1, 0.6, 0.3]), { shape: [5000, 3] }).tolist() as number[][];
    rows.forEach((r) => expect(r.reduce((a, b) => a + b, 0)).toBe(30));
    [0.1, 0.6, 0.3].forEach((q, j) => expectMean(rows.map((r) => r[j]!), 30 * q, 30 * q * (1 - q), `multinomial[${j}]`));
  });
  it('orthogonal: QᵀQ = I; Haar entries have mean 0 and variance 1/n; both determinant signs', () => {
    const qs = random.orthogonal(k(52), 3, [2000]);
    const eye = jnp.matmul(jnp.swapaxes(qs, -1, -2), qs).tolist() as number[][][];
    eye.slice(0, 100).forEach((m) => m.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5))));
    const x00 = (qs.tolist() as number[][][]).map((m) => m[0]![0]!);
    expectMean(x00, 0, 1 / 3, 'orthogonal[0,0]');
    expect(Math.abs(moments(x00).variance - 1 / 3)).toBeLessThan(0.03);
    const dets = vals(jnp.linalg.det(qs));
    const pos = dets.filter((v) => v > 0).length;
    expect(Math.abs(pos - 1000)).toBeLessThan(5 * Math.sqrt(500));
    const wide = random.orthogonal(k(53), 2, [], 'float32', 4);
    expect(wide.shape).toEqual([2, 4]);
    (jnp.matmul(wide, jnp.swapaxes(wide, 0, 1)).tolist() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
  });
  it('f(3, 5) and wald(1.5): means', () => {
    expectMean(vals(random.f(k(49), 3, 5, [N])), 5 / 3, 100, 'f'); // heavy tail: a loose bound
    const w = vals(random.wald(k(50), 1.5, [N]));
    expect(Math.min(...w)).toBeGreaterThan(0);
    expectMean(w, 1.5, 1.5 ** 3, 'wald');
  });
  it('ball: inside the unit ball, radius CDF r^d', () => {
    const pts = random.ball(k(40), 3, 2, [5000]).tolist() as number[][];
    const radii = pts.map((p) => Math.hypot(...p));
    expect(Math.max(...radii)).toBeLessThanOrEqual(1);
    expectKs(radii, (r) => r ** 3, 'ball radius');
  });
  it('multivariateNormal: sample mean and covariance', () => {
    const xs = random.multivariateNormal(k(41), jnp.array([1, -1]), jnp.array([[2, 0.5], [0.5, 1]]), [N]).tolist() as number[][];
    const a = xs.map((x) => x[0]!);
    const b = xs.map((x) => x[1]!);
    expectMean(a, 1, 2, 'mvn[0]');
    expectMean(b, -1, 1, 'mvn[1]');
    const ma = moments(a).mean;
    const mb = moments(b).mean;
    const cov = a.reduce((s, x, i) => s + (x - ma) * (b[i]! - mb), 0) / (N - 1);
    expect(Math.abs(cov - 0.5)).toBeLessThan(0.06);
    expect(Math.abs(moments(a).variance - 2)).toBeLessThan(0.12);
  });
});
