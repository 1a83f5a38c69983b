// Issue 16 (Sorting, order statistics, set functions): laws and transformations beyond the JAX
// goldens (sorting.golden.test.ts) — sort is a non-decreasing permutation, argsort gathers to
// sort, stable descending order against JS's sort, quantiles against a JS reference; grad of
// sort/quantile/median against finite differences; vmap against a loop; the value-dependent
// functions raise a ConcretizationError under jit without `size`; bad input raises clear errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, jit, vmap, grad } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);
const cmp = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);
const floats = fc.oneof(fc.constantFrom(NaN, -0, 0, 1, -1, 2), fc.float({ min: -100, max: 100, noNaN: true }).map(Math.fround));

/** numpy's linear quantile of a NaN-free list. */
function refQuantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

describe('jnp.sort and argsort laws', () => {
  it('sort is a non-decreasing permutation of its input (NaNs last); argsort gathers to it', () => {
    fc.assert(
      fc.property(fc.array(floats, { maxLength: 30 }), (xs) => {
        const x = jnp.array(new Float32Array(xs));
        const s = vals(jnp.sort(x));
        expect([...s].sort(cmp).map(String)).toEqual(s.map(String));
        expect([...s].sort(cmp).map(String)).toEqual(xs.map(Math.fround).sort(cmp).map(String));
        const idx = jnp.argsort(x);
        expect(idx.dtype.name).toBe('int32');
        expect(vals(jnp.take(x, idx)).map(String)).toEqual(s.map(String));
      }),
      { numRuns: 30 },
    );
  });

  it('stable descending argsort keeps ties in input order (JS reference), along any axis', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }), (xs) => {
        const ref = xs.map((_, i) => i).sort((i, j) => xs[j]! - xs[i]!);
        expect(vals(jnp.argsort(jnp.array(xs, 'int32'), { descending: true }))).toEqual(ref);
        const col = jnp.array(xs, 'int32').reshape(-1, 1);
        expect(vals(jnp.argsort(col, 0, { descending: true }))).toEqual(ref);
        expect(vals(jnp.sort(col, -2, { descending: true }))).toEqual(ref.map((i) => xs[i]!));
      }),
      { numRuns: 25 },
    );
  });

  it('vmap of sort, argsort, searchsorted and quantile equals a loop', () => {
    const x = jnp.array([[3, 1, 2, 2], [-1, 5, 0, 4], [7, 7, -7, 0]], 'float32');
    const loop = (f: (r: jp.Array) => jp.Array) => [0, 1, 2].flatMap((i) => vals(f(x.index(i))));
    for (const f of [
      (r: jp.Array) => jnp.sort(r, { descending: true }),
      (r: jp.Array) => jnp.argsort(r),
      (r: jp.Array) => jnp.searchsorted(jnp.array([-1, 0, 2, 4], 'float32'), r, 'right'),
      (r: jp.Array) => jnp.searchsorted(jnp.sort(r), jnp.array([0.5, 2], 'float32')),
      (r: jp.Array) => jnp.quantile(r, jnp.array([0.2, 0.5], 'float32')),
      (r: jp.Array) => jnp.median(r),
      (r: jp.Array) => jnp.partition(r, 1),
      (r: jp.Array) => jnp.nonzero(r, { size: 4, fillValue: -1 })[0]!,
      (r: jp.Array) => jnp.unique(r, { size: 4 }) as jp.Array,
      (r: jp.Array) => jnp.isin(r, jnp.array([2, 7], 'float32')),
    ])
      expect(vals(vmap(f)(x))).toEqual(loop(f));
  });
});

describe('quantiles', () => {
  it('quantile and percentile match the linear definition on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 100 }), (xs, p) => {
        const x = jnp.array(xs, 'float32');
        expect((jnp.quantile(x, p / 100).item() as number)).toBeCloseTo(refQuantile(xs, Math.fround(p / 100)), 2);
        expect((jnp.percentile(x, p).item() as number)).toBeCloseTo(refQuantile(xs, Math.fround(p / 100)), 2);
      }),
      { numRuns: 25 },
    );
  });

  it('grad of median and quantile matches finite differences', () => {
    const x0 = [0.7, -1.3, 2.2, 0.1, 3.9, -0.4];
    const fs = [
      (a: jp.Array) => jnp.median(a),
      (a: jp.Array) => jnp.sum(jnp.quantile(a, jnp.array([0.3, 0.85], 'float32'))),
      (a: jp.Array) => jnp.nanmedian(a),
      (a: jp.Array) => jnp.sum(jnp.multiply(jnp.sort(a), jnp.arange(6, { dtype: 'float32' }))),
    ];
    const h = 1e-2;
    for (const f of fs) {
      const g = vals(grad(f)(jnp.array(x0, 'float32')) as jp.Array);
      x0.forEach((_, i) => {
        const at = (d: number) => (f(jnp.array(x0.map((v, k) => (k === i ? v + d : v)), 'float32')) as jp.Array).item() as number;
        expect(g[i]!).toBeCloseTo((at(h) - at(-h)) / (2 * h), 2);
      });
    }
  });

  it('jit gives the eager result for every method', () => {
    const x = jnp.array([[4, NaN, 1, 9], [2, 2, 8, -3]], 'float32');
    for (const method of ['linear', 'lower', 'higher', 'midpoint', 'nearest'] as const)
      for (const f of [jnp.quantile, jnp.nanquantile]) {
        const run = (a: jp.Array) => f(a, jnp.array([0.1, 0.5, 0.9], 'float32'), 1, { method });
        expect(vals(jit(run)(x)).map(String)).toEqual(vals(run(x)).map(String));
      }
  });
});

describe('value-dependent sizes', () => {
  it('under jit without size/length: a ConcretizationError that names the option; with it: the eager result', () => {
    const x = jnp.array([0, 3, 0, 1, 3], 'int32');
    const cases: [(a: jp.Array) => unknown, (a: jp.Array) => unknown][] = [
      [(a) => jnp.nonzero(a), (a) => jnp.nonzero(a, { size: 3 })],
      [(a) => jnp.argwhere(a), (a) => jnp.argwhere(a, { size: 3 })],
      [(a) => jnp.flatnonzero(a), (a) => jnp.flatnonzero(a, { size: 3 })],
      [(a) => jnp.unique(a), (a) => jnp.unique(a, { size: 3 })],
      [(a) => jnp.uniqueCounts(a), (a) => jnp.uniqueCounts(a, { size: 3 })],
      [(a) => jnp.bincount(a), (a) => jnp.bincount(a, { length: 4 })],
      [(a) => jnp.union1d(a, a), (a) => jnp.union1d(a, a, { size: 3 })],
      [(a) => jnp.setdiff1d(a, a), (a) => jnp.setdiff1d(a, a, { size: 3 })],
    ];
    for (const [without, withSize] of cases) {
      expect(() => jit(without as (a: jp.Array) => jp.Array)(x)).toThrow(/size|length/);
      expect(() => jit(without as (a: jp.Array) => jp.Array)(x)).toThrow(jp.ConcretizationError);
      expect(() => vmap(without as (a: jp.Array) => jp.Array)(x.reshape(1, 5))).toThrow(jp.ConcretizationError);
      const e = withSize(x);
      const j = jit(withSize as (a: jp.Array) => jp.Array)(x);
      const flat = (v: unknown): number[] => (v instanceof jp.Array ? vals(v) : (v as unknown[]).flatMap(flat));
      expect(flat(j)).toEqual(flat(e));
    }
    expect(vals(jnp.nonzero(x)[0]!)).toEqual([1, 3, 4]);
    const u = jnp.uniqueAll(jnp.array([2, 1, 2], 'int32'));
    expect([vals(u.values), vals(u.indices), vals(u.inverseIndices), vals(u.counts)]).toEqual([[1, 2], [1, 0], [1, 0, 1], [1, 2]]);
  });
});

describe('bad input', () => {
  it('raises a clear error class', () => {
    expect(() => jnp.sort(jnp.array(1))).toThrow(jp.ShapeError);
    expect(() => jnp.argsort(jnp.ones([2]), { kind: 'quicksort' as never })).toThrow(TypeError);
    expect(() => jnp.searchsorted(jnp.ones([2, 2]), 1)).toThrow(jp.ShapeError);
    expect(() => jnp.searchsorted(jnp.ones([2]), 1, 'middle' as never)).toThrow(jp.ShapeError);
    expect(() => jnp.bincount(jnp.ones([3]))).toThrow(jp.DtypeError);
    expect(() => jnp.quantile(jnp.ones([3]), 0.5, { method: 'cubic' as never })).toThrow(jp.ShapeError);
    expect(() => jnp.quantile(jnp.ones([3]), jnp.ones([2, 2]))).toThrow(jp.ShapeError);
    expect(() => jnp.median(jnp.ones([0]))).toThrow(jp.ShapeError);
    expect(() => jnp.partition(jnp.ones([3]), 3)).toThrow(jp.ShapeError);
    expect(() => jnp.nonzero(jnp.array(2))).toThrow(jp.ShapeError);
    expect(() => jnp.unique(jnp.ones([0]), { size: 2 })).toThrow(jp.ShapeError);
    expect(() => jnp.nonzero(jnp.ones([3]), { size: -1 })).toThrow(jp.ShapeError);
    expect(() => jnp.lexsort([jnp.ones([2]), jnp.ones([3])])).toThrow(jp.ShapeError);
  });
});

describe("searchsorted's binary search (JAX's default 'scan')", () => {
  /** Insertion index by a linear count (numpy's definition; NaN sorts last). */
  const insertion = (a: number[], v: number, right: boolean) => a.filter((x) => (right ? cmp(x, v) <= 0 : cmp(x, v) < 0)).length;
  it('equals a linear count and compare_all for every length, side, NaNs and ties; eager and jit', () => {
    fc.assert(
      fc.property(fc.array(floats, { maxLength: 70 }), fc.array(floats, { minLength: 1, maxLength: 9 }), fc.boolean(), (as, vs, right) => {
        const a = jnp.sort(jnp.array(as, 'float32'));
        const v = jnp.array(vs, 'float32');
        const side = right ? 'right' : 'left';
        const want = vs.map((x) => insertion(vals(a), x, right));
        expect(vals(jnp.searchsorted(a, v, side))).toEqual(want);
        expect(vals(jnp.searchsorted(a, v, { side, method: 'compare_all' }))).toEqual(want);
        expect(vals(jit((q: jp.Array) => jnp.searchsorted(a, q, side))(v))).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });
  it('a sorted array of 100,000 and 100,000 queries (compare-all would need 10^10 comparisons)', () => {
    const a = jnp.arange(0, 200_000, 2, 'int32');
    const q = jnp.arange(-1, 199_999, 2, 'int32');
    const r = vals(jnp.searchsorted(a, q));
    expect(r.length).toBe(100_000);
    expect(r.every((x, k) => x === k)).toBe(true);
  });
});
