// Ordering and statistics on complex input against JAX (test/golden/complex_more.json): max/min
// and sort order complex values lexicographically (real part, then imaginary part), variances are
// real, correlate conjugates; the functions JAX rejects raise DtypeError. Eager, jit, and grads.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { carray, complexSuite, expectComplexClose, expectRealClose, type GComplex, type GNum, num } from './helpers.js';
import { type GoldenArray, more } from './moreGolden.js';

const { numpy: jnp, lax } = jp;
type A = jp.Array;
type X = Record<'z' | 'w' | 'zn' | 'wn' | 'znan' | 'sortn' | 'a' | 'v', A>;

/** The golden script's cases (make_complex_more.py ordering_cases), written with jaxpool. */
function cases(x: X, dtype: 'complex64' | 'complex128'): Record<string, () => A | A[]> {
  const { z, w, zn, wn, znan, sortn, a, v } = x;
  const wr = () => jnp.arange(1, 13, 1, dtype === 'complex64' ? 'float32' : 'float64').reshape([3, 4]);
  return {
    'lax.max': () => lax.max(zn, wn),
    'lax.min': () => lax.min(zn, wn),
    maximum: () => jnp.maximum(z, w),
    minimum: () => jnp.minimum(z, w),
    maximum_nan: () => jnp.maximum(zn, wn),
    minimum_nan: () => jnp.minimum(zn, wn),
    fmax: () => jnp.fmax(zn, wn),
    fmin: () => jnp.fmin(zn, wn),
    less: () => jnp.less(zn, wn),
    less_equal: () => jnp.lessEqual(zn, wn),
    greater: () => jnp.greater(zn, wn),
    greater_equal: () => jnp.greaterEqual(zn, wn),
    max: () => jnp.max(z),
    max0: () => jnp.max(z, { axis: 0 }),
    max1k: () => jnp.max(z, { axis: 1, keepdims: true }),
    min: () => jnp.min(z),
    min0: () => jnp.min(z, { axis: 0 }),
    min1: () => jnp.min(z, { axis: 1 }),
    max_initial: () => jnp.max(z, { axis: 1, initial: 2 }),
    nanmax: () => jnp.nanmax(znan, { axis: 1 }),
    nanmin: () => jnp.nanmin(znan, { axis: 1 }),
    nanmax0: () => jnp.nanmax(znan, { axis: 0 }),
    ptp: () => jnp.ptp(z),
    ptp0: () => jnp.ptp(z, { axis: 0 }),
    ptp1: () => jnp.ptp(z, { axis: 1 }),
    sort: () => jnp.sort(z),
    sort0: () => jnp.sort(z, { axis: 0 }),
    sort_none: () => jnp.sort(z, { axis: null }),
    sort_desc: () => jnp.sort(z, { axis: 1, descending: true }),
    sort_nan: () => jnp.sort(sortn),
    argsort: () => jnp.argsort(z),
    argsort0: () => jnp.argsort(z, { axis: 0 }),
    argsort_nan: () => jnp.argsort(sortn),
    argsort_desc: () => jnp.argsort(z, { axis: 1, descending: true }),
    searchsorted: () => jnp.searchsorted(jnp.sort(z, { axis: null }), zn),
    searchsorted_right: () => jnp.searchsorted(jnp.sort(z, { axis: null }), zn, { side: 'right' }),
    searchsorted_small: () => jnp.searchsorted(jnp.sort(sortn), sortn, { side: 'right' }),
    searchsorted_sorter: () => jnp.searchsorted(z.at(0).get(), w.at(0).get(), { sorter: jnp.argsort(z.at(0).get()) }),
    'lax.sort': () => lax.sort(sortn) as A,
    lexsort: () => jnp.lexsort([z.at(0).get(), w.at(0).get()]),
    lexsort2: () => jnp.lexsort([w, z], { axis: 0 }),
    cummax: () => lax.cummax(z, { axis: 1 }),
    cummin: () => lax.cummin(z, { axis: 1 }),
    cummax0r: () => lax.cummax(z, { axis: 0, reverse: true }),
    cummin0: () => lax.cummin(z, { axis: 0 }),
    var: () => jnp.var(z),
    var0: () => jnp.var(z, { axis: 0 }),
    var1d: () => jnp.var(z, { axis: 1, ddof: 1 }),
    std: () => jnp.std(z),
    std1: () => jnp.std(z, { axis: 1, keepdims: true }),
    var_cdtype: () => jnp.var(z, { axis: 0, dtype }),
    nanvar: () => jnp.nanvar(znan, { axis: 1 }),
    nanvar_all: () => jnp.nanvar(znan),
    nanstd: () => jnp.nanstd(znan, { axis: 0 }),
    nansum: () => jnp.nansum(znan, { axis: 1 }),
    nansum_all: () => jnp.nansum(znan),
    nanmean: () => jnp.nanmean(znan, { axis: 1 }),
    nanmean0: () => jnp.nanmean(znan, { axis: 0 }),
    nanprod: () => jnp.nanprod(znan, { axis: 1 }),
    average: () => jnp.average(z),
    average_rw: () => jnp.average(z, { axis: 1, weights: wr() }),
    average_cw: () => jnp.average(z, { axis: 0, weights: w }),
    average_returned: () => jnp.average(z, { axis: 1, weights: w, returned: true }) as unknown as A[],
    cumprod: () => jnp.cumprod(z, { axis: 1 }),
    cumprod0: () => jnp.cumprod(z, { axis: 0 }),
    cumprod_flat: () => jnp.cumprod(z),
    nancumprod: () => jnp.nancumprod(znan, { axis: 1 }),
    nancumsum: () => jnp.nancumsum(znan, { axis: 1 }),
    cumulative_prod: () => jnp.cumulativeProd(z, { axis: 1 }),
    cumulative_sum: () => jnp.cumulativeSum(z, { axis: 0, includeInitial: true }),
    diff: () => jnp.diff(z),
    diff2: () => jnp.diff(z, { n: 2, axis: 1 }),
    diff0: () => jnp.diff(z, { axis: 0, prepend: { re: 0, im: 1 } }),
    ediff1d: () => jnp.ediff1d(z, { toBegin: jnp.array([{ re: 0, im: 5 }]) }),
    convolve: () => jnp.convolve(a, v),
    convolve_same: () => jnp.convolve(a, v, { mode: 'same' }),
    convolve_valid_swapped: () => jnp.convolve(v, a, { mode: 'valid' }),
    correlate: () => jnp.correlate(a, v),
    correlate_full: () => jnp.correlate(a, v, { mode: 'full' }),
    correlate_swapped: () => jnp.correlate(v, a, { mode: 'full' }),
    correlate_same: () => jnp.correlate(a, v, { mode: 'same' }),
    correlate_real_complex: () => jnp.correlate(jnp.real(a), v, { mode: 'full' }),
    argmax: () => jnp.argmax(z),
    argmin: () => jnp.argmin(z),
    nanargmax: () => jnp.nanargmax(z),
    nanargmin: () => jnp.nanargmin(z),
    clip: () => jnp.clip(z, 0, 1),
    median: () => jnp.median(z),
    nanmedian: () => jnp.nanmedian(z),
    quantile: () => jnp.quantile(z, 0.5),
    nanquantile: () => jnp.nanquantile(z, 0.5),
    percentile: () => jnp.percentile(z, 50),
    nanpercentile: () => jnp.nanpercentile(z, 50),
    partition: () => jnp.partition(z, 1),
    argpartition: () => jnp.argpartition(z, 1),
  };
}

function expectArray(got: A, want: GoldenArray, what: string, rtol: number, atol: number): void {
  // Indices are int64 in JAX under x64; jaxpool has no int64 and gives int32 (its documented index dtype).
  expect(got.dtype.name, `${what} dtype`).toBe(want.dtype === 'int64' ? 'int32' : want.dtype);
  expect([...got.shape], `${what} shape`).toEqual(want.shape);
  if (want.dtype.startsWith('complex')) expectComplexClose(got, want.result as GComplex[], what, rtol, atol);
  else if (want.dtype.startsWith('float')) expectRealClose(got, want.result as GNum[], what, rtol, atol);
  else expect(Array.from(got.dataSync() as ArrayLike<number>, Number), what).toEqual((want.result as GNum[]).map(num));
}

for (const dtype of ['complex64', 'complex128'] as const)
  describe(`${dtype} ordering and statistics against JAX`, () => {
    const x64 = dtype === 'complex128';
    const g = x64 ? more.ordering128 : more.ordering;
    const rtol = x64 ? 1e-12 : 2e-6;
    const atol = x64 ? 1e-300 : 1e-37;
    let x: X;
    complexSuite(dtype, () => {
      const arr = (k: string) => {
        const inp = more.ordering_inputs[k]!;
        return carray(inp.values, dtype).reshape(inp.shape);
      };
      x = { z: arr('z'), w: arr('w'), zn: arr('zn'), wn: arr('wn'), znan: arr('znan'), sortn: arr('sortn'), a: arr('a'), v: arr('v') };
    });

    const names = Object.keys(cases({} as X, dtype));
    it('covers every golden case', () => {
      expect(names.sort()).toEqual(Object.keys(g).filter((k) => k !== 'grads').sort());
    });

    for (const name of names)
      it(name, () => {
        const want = g[name]!;
        const run = cases(x, dtype)[name]!;
        if (want.error) {
          expect(run, `${name} (JAX raises ${want.error})`).toThrow(jp.DtypeError);
          return;
        }
        const eager = run();
        const jitted = jp.jit(() => run())();
        for (const [how, got] of [
          ['eager', eager],
          ['jit', jitted],
        ] as const) {
          const outs = Array.isArray(got) ? got : [got];
          expect(outs.length, `${name} ${how} results`).toBe(want.results!.length);
          outs.forEach((o, k) => expectArray(o, want.results![k]!, `${name} ${how} #${k}`, rtol, atol));
        }
      });

    it('the rejections say why (JAX has no complex order for them)', () => {
      expect(() => jnp.argmax(x.z)).toThrow(/argmax does not accept complex/);
      expect(() => jnp.clip(x.z, 0, 1)).toThrow(/cannot be clipped/);
      expect(() => jnp.median(x.z)).toThrow(/quantiles of complex input/);
    });
    it('grad: real-valued functions (JAX convention) and holomorphic ones, against JAX', () => {
      const { z, w, a, v } = x;
      const rd = dtype === 'complex64' ? 'float32' : 'float64';
      const c = lax.complex(jnp.arange(0, 12, 1, rd).reshape([3, 4]), jnp.arange(12, 0, -1, rd).reshape([3, 4]));
      const REAL: Record<string, [(q: A) => A, A]> = {
        max: [(q) => jnp.real(jnp.max(q).mul({ re: 1, im: 2 })), z],
        min0: [(q) => jnp.sum(jnp.imag(jnp.min(q, { axis: 0 }))), z],
        maximum_ties: [(q) => jnp.sum(jnp.abs(jnp.maximum(q, w)).pow(2)), z],
        sort: [(q) => jnp.real(jnp.sum(jnp.sort(q, { axis: 1 }).mul(c))), z],
        var: [(q) => jnp.var(q), z],
        std0: [(q) => jnp.sum(jnp.std(q, { axis: 0 })), z],
        cumprod: [(q) => jnp.real(jnp.sum(jnp.cumprod(q, { axis: 1 }).mul(c))), z],
        cummax: [(q) => jnp.real(jnp.sum(lax.cummax(q, { axis: 1 }).mul(c))), z],
        nanmean: [(q) => jnp.real(jnp.nanmean(q).mul({ re: 1, im: -1 })), z],
        correlate: [(q) => jnp.sum(jnp.abs(jnp.correlate(q, v, { mode: 'full' })).pow(2)), a],
        convolve: [(q) => jnp.sum(jnp.abs(jnp.convolve(q, v)).pow(2)), a],
      };
      const tol = x64 ? 1e-10 : 2e-5;
      for (const [name, [f, p]] of Object.entries(REAL)) expectComplexClose(jp.grad(f)(p), g.grads[name]!, `grad ${name}`, tol, tol);
      expectComplexClose(jp.grad((q: A) => jnp.sum(jnp.cumprod(q)), { holomorphic: true })(a), g.grads.holo_cumprod!, 'holomorphic cumprod', tol, tol);
      const corr = (q: A) => jnp.sum(jnp.correlate(q, v, { mode: 'same' }).mul({ re: 1, im: 1 }));
      expectComplexClose(jp.grad(corr, { holomorphic: true })(a), g.grads.holo_correlate!, 'holomorphic correlate', tol, tol);
    });

    it('vmap equals a loop over rows (max, sort, argsort, cummax, var, cumprod, maximum)', () => {
      const { z, w } = x;
      const rows = (t: A) => [0, 1, 2].map((i) => t.at(i).get());
      const FNS: Record<string, (r: A, s: A) => A> = {
        max: (r) => jnp.max(r),
        sort: (r) => jnp.sort(r),
        argsort: (r) => jnp.argsort(r),
        cummax: (r) => lax.cummax(r),
        var: (r) => jnp.var(r),
        cumprod: (r) => jnp.cumprod(r),
        maximum: (r, s) => jnp.maximum(r, s),
        correlate: (r, s) => jnp.correlate(r, s, { mode: 'full' }),
      };
      for (const [name, f] of Object.entries(FNS)) {
        const batched = jp.vmap(f)(z, w);
        const looped = jnp.stack(rows(z).map((r, i) => f(r, rows(w)[i]!)));
        expect(batched.tolist(), `vmap ${name}`).toEqual(looped.tolist());
      }
    });

    it('lax.sortKeyVal carries complex values along real keys; complex keys order the real values', () => {
      const keys = jnp.array([3, -1, 2, 0], { dtype: dtype === 'complex64' ? 'float32' : 'float64' });
      const vals = x.z.at(0).get();
      const [, sortedVals] = lax.sortKeyVal(keys, vals);
      expect(sortedVals.tolist()).toEqual(jnp.take(vals, jnp.argsort(keys)).tolist());
      const [, byComplex] = lax.sortKeyVal(vals, keys);
      expect(byComplex.tolist()).toEqual(jnp.take(keys, jnp.argsort(vals)).tolist());
    });

    it('NaN in complex max/min reductions and cummax/cummin propagates (JAX keeps or drops it by position)', () => {
      // JAX folds its lexicographic select in XLA's order: max([nan, 1, 2]) is 2 there but
      // max([1, 2, nan]) is nan. jaxpool gives NaN + NaN·i wherever a part is NaN, as real max does.
      const nanFirst = carray([['NaN', 0], [1, 0], [2, 0]], dtype);
      const nanIm = carray([[1, 0], [1, 'NaN'], [0, 0]], dtype);
      for (const t of [nanFirst, nanIm]) {
        for (const r of [jnp.max(t), jnp.min(t), jp.jit((q: A) => jnp.max(q))(t)]) {
          const { re, im } = r.tolist() as { re: number; im: number };
          expect([Number.isNaN(re), Number.isNaN(im)]).toEqual([true, true]);
        }
      }
      const cm = lax.cummax(carray([[1, 0], ['NaN', 0], [2, 0], [3, 1]], dtype)).tolist() as { re: number; im: number }[];
      expect(cm.map((c) => Number.isNaN(c.re) && Number.isNaN(c.im))).toEqual([false, true, true, true]);
      expect(cm[0]).toEqual({ re: 1, im: 0 });
      // nanmax leaves NaNs out: the max of the others.
      expect(jnp.nanmax(nanFirst).tolist()).toEqual({ re: 2, im: 0 });
    });
  });

describe('lax.max/min jvp on real operands (the rule complex max shares)', () => {
  it("ties split the tangents evenly and a NaN result takes neither, as JAX's _balanced_eq", () => {
    const m = more.minmax_jvp;
    const [x, y] = [jnp.array(m.x.map(num)), jnp.array(m.y.map(num))];
    for (const [name, f] of [
      ['max', lax.max],
      ['min', lax.min],
    ] as const) {
      const [, t] = jp.jvp(f, [x, y], [jnp.onesLike(x), jnp.fullLike(y, 10)]);
      expect(Array.from(t.dataSync() as ArrayLike<number>), name).toEqual(m[name].map(num));
    }
  });
});
