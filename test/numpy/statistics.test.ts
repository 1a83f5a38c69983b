// jnp statistics, NaN reductions and cumulative functions under transformations: jvp against
// central differences (float64), vmap against a loop of calls, jit against eager; Array methods,
// closed forms and bad input. (Values against JAX: statistics.golden.test.ts.)
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

/** Differentiable functions of a [3, 4] float64 array, each reduced or kept as an array. */
const FNS: [string, (x: jp.Array) => jp.Array][] = [
  ['var', (x) => jnp.var(x, 1)],
  ['std ddof', (x) => jnp.std(x, { axis: 0, ddof: 1 })],
  ['var where', (x) => jnp.var(x, { axis: 1, where: jnp.array([[true, false, true, true]]) })],
  ['average weights', (x) => jnp.average(x, 1, jnp.array([1, 2, 0.5, 0.25], 'float64'))],
  ['ptp', (x) => jnp.ptp(x, 0)],
  ['trapezoid', (x) => jnp.trapezoid(x, jnp.array([0, 0.5, 2, 2.25], 'float64'))],
  ['cov', (x) => jnp.cov(x)],
  ['corrcoef', (x) => jnp.corrcoef(x, { rowvar: false })],
  ['cumsum', (x) => jnp.cumsum(x, 1)],
  ['cumprod', (x) => jnp.cumprod(x)],
  ['nancumsum', (x) => jnp.nancumsum(x, 0)],
  ['cumulativeSum', (x) => jnp.cumulativeSum(x, { axis: 1, includeInitial: true })],
  ['diff', (x) => jnp.diff(x, 2, { prepend: 0.5 })],
  ['ediff1d', (x) => jnp.ediff1d(x, { toBegin: 1.5 })],
  ['nanmean', (x) => jnp.nanmean(x, 0)],
  ['nanvar', (x) => jnp.nanvar(x, { axis: 1, ddof: 1 })],
  ['nanstd', (x) => jnp.nanstd(x)],
  ['nansum', (x) => jnp.nansum(x, 1)],
  ['nanprod', (x) => jnp.nanprod(x, 0)],
  ['nanmax', (x) => jnp.nanmax(x, 1)],
  ['nanmin', (x) => jnp.nanmin(x, { axis: 0, keepdims: true })],
];

// Distinct values (kinks of max/min/sort stay away from the finite-difference steps), built rather
// than filtered: a filter retries until it passes, and fast-check's bias makes near-ties likely.
const matArb = fc.shuffledSubarray(Array.from({ length: 41 }, (_, k) => -2 + k / 10), { minLength: 12, maxLength: 12 }).chain((g) => fc.tuple(...g.map((v) => fc.double({ min: v - 0.02, max: v + 0.02, noNaN: true }))));

describe('jvp against central differences (float64), across the family', () => {
  for (const [name, f] of FNS)
    it(name, () => {
      const fj = jp.jit(f);
      const tj = jp.jit((x: jp.Array, t: jp.Array) => jp.jvp(f, [x], [t])[1] as jp.Array);
      fc.assert(
        fc.property(matArb, matArb, (xs, ts) => {
          const x = jnp.array(xs, 'float64').reshape(3, 4);
          const t = jnp.array(ts, 'float64').reshape(3, 4);
          const h = 1e-6;
          const [hi, lo] = [vals(fj(x.add(t.mul(h)))), vals(fj(x.sub(t.mul(h))))];
          vals(tj(x, t)).forEach((v, k) => {
            const fd = (hi[k]! - lo[k]!) / (2 * h);
            expect(Math.abs(v - fd), `${name}[${k}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
          });
        }),
        { numRuns: 3 },
      );
    });
});

describe('vmap against a loop of calls, and jit against eager', () => {
  const all: [string, (x: jp.Array) => jp.Array][] = [
    ...FNS,
    ['countNonzero', (x) => jnp.countNonzero(x.gt(0), 1)],
    ['isclose', (x) => jnp.isclose(x, x.mul(1.000001))],
    ['allclose', (x) => jnp.allclose(x, x.add(1e-3), { atol: 1e-2 })],
    ['arrayEqual', (x) => jnp.arrayEqual(x, x.round())],
    ['nanargmax', (x) => jnp.nanargmax(x, 1)],
    ['nanargmin', (x) => jnp.nanargmin(x)],
    ['cumsum of bools', (x) => jnp.cumsum(x.gt(0), 0)],
  ];
  it('each function, batched along axis 0 and along the last axis', () => {
    const X = jnp.array(Array.from({ length: 24 }, (_, k) => (k % 5 === 3 ? NaN : Math.cos(k * 2.3) * 2)), 'float64').reshape(2, 3, 4);
    const clean = jnp.where(X.ne(X), 0.25, X);
    for (const [name, f] of all) {
      const input = name.startsWith('nan') ? X : clean;
      const want = vals(jnp.stack([f(input.index(0)), f(input.index(1))]));
      expect(vals(jp.vmap(f)(input)), name).toEqual(want);
      expect(vals(jp.vmap(f, { inAxes: 2 })(input.transpose([1, 2, 0]))), `${name}, batch axis last`).toEqual(want);
      expect(vals(jp.jit(jp.vmap(f))(input)), `jit ${name}`).toEqual(want);
    }
  });
});

describe('methods, closed forms and edge cases', () => {
  it("Array methods are the functions (JAX's Array has var, std, ptp, cumsum, cumprod)", () => {
    const x = jnp.array([[1, 2, 4], [3, 5, 9]], 'float32');
    expect(vals(x.var(1))).toEqual(vals(jnp.var(x, 1)));
    expect(vals(x.std({ ddof: 1 }))).toEqual(vals(jnp.std(x, { ddof: 1 })));
    expect(vals(x.ptp(0))).toEqual([2, 3, 5]);
    expect(vals(x.cumsum(1))).toEqual([1, 3, 7, 3, 8, 17]);
    expect(vals(x.cumprod())).toEqual([1, 2, 8, 24, 120, 1080]);
  });

  it('closed forms: var of 1..n is (n²-1)/12; std of a constant is 0; trapezoid of x² on [0, 1]', () => {
    for (const n of [1, 2, 5, 10]) expect(jnp.var(jnp.arange(1, n + 1)).item()).toBeCloseTo((n * n - 1) / 12, 5);
    expect(jnp.std(jnp.full([7], 3.25)).item()).toBe(0);
    const xs = jnp.linspace(0, 1, 101, { dtype: 'float64' });
    expect(jnp.trapezoid(xs.mul(xs), xs).item()).toBeCloseTo(1 / 3 + 1 / (6 * 100 * 100), 12);
  });

  it('0-d and empty inputs, and JS numbers (weak types)', () => {
    expect(jnp.var(2.5).item()).toBe(0);
    expect(vals(jnp.cumsum(3))).toEqual([3]);
    expect(jnp.cumsum(3).dtype.name).toBe('int32');
    expect(jnp.cumsum(3).weakType).toBe(false);
    expect(vals(jnp.cumsum(jnp.zeros([0])))).toEqual([]);
    expect(Number.isNaN(jnp.var(jnp.zeros([0])).item() as number)).toBe(true);
    expect(jnp.nansum(jnp.zeros([0, 3]), 0).shape).toEqual([3]);
    expect(jnp.countNonzero([0, 1, 2, NaN]).item()).toBe(3);
    expect(vals(jnp.diff([1, 4, 9, 16], 2))).toEqual([2, 2]);
    expect(jnp.isclose(1, 1.000001).item()).toBe(true);
  });

  it('bad input is a clear error', () => {
    const x = jnp.ones([2, 3]);
    expect(() => jnp.var(x, { ddof: 1, correction: 1 })).toThrow(TypeError);
    expect(() => jnp.std(x, null, 'int32')).toThrow(jp.DtypeError);
    expect(() => jnp.average(x, { weights: jnp.ones([2]) })).toThrow(jp.ShapeError);
    expect(() => jnp.average(x, 1, jnp.ones([2]))).toThrow(jp.ShapeError);
    expect(() => jnp.diff(x, -1)).toThrow(jp.ShapeError);
    expect(() => jnp.diff(2.5)).toThrow(jp.ShapeError);
    expect(() => jnp.cumulativeSum(2)).toThrow(jp.ShapeError);
    expect(() => jnp.cumulativeSum(x)).toThrow(jp.ShapeError);
    expect(() => jnp.cumsum(x, 2)).toThrow(jp.ShapeError);
    expect(() => jnp.cov(jnp.ones([2, 2, 2]))).toThrow(jp.ShapeError);
    expect(() => jnp.cov(x, { fweights: jnp.ones([3]) })).toThrow(jp.DtypeError);
    expect(() => jnp.cov(x, { aweights: jnp.ones([2]) })).toThrow(jp.ShapeError);
    expect(() => jnp.ptp(jnp.array([true, false]))).toThrow(jp.DtypeError);
    expect(() => jnp.nanmax(jnp.zeros([0]))).toThrow(jp.ShapeError);
    expect(() => jnp.nanargmax(jnp.zeros([2, 0]), 1)).toThrow(jp.ShapeError);
    expect(() => jnp.trapezoid(jnp.zeros([3, 0]))).toThrow(jp.ShapeError);
  });

  it('nanargmax/nanargmin give -1 for all-NaN slices, as JAX; nanmax gives NaN there', () => {
    const x = jnp.array([[NaN, NaN], [1, NaN], [NaN, -2]], 'float32');
    expect(vals(jnp.nanargmax(x, 1))).toEqual([-1, 0, 1]);
    expect(vals(jnp.nanargmin(x, 0))).toEqual([1, 2]);
    expect(vals(jnp.nanmax(x, 1))).toEqual([NaN, 1, -2]);
  });
});
