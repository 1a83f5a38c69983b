// Issue 13 item 9: x.index(...) is JAX's x[...] for every index kind (ints, slices with any step,
// null = newaxis, '...', integer and boolean arrays, mixed basic/advanced with NumPy's
// placement rule), checked against JAX 0.10.2 (test/golden/make_indexing.py writes indexing.json),
// through a gather primitive that works under jit, vmap and grad.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

type Encoded = number | boolean | null | '...' | { slice: (number | null)[] } | { array: unknown; dtype: string } | { list: unknown };
interface Case {
  index: Encoded[];
  shape?: number[];
  values?: number[];
  error?: string;
}
const golden = JSON.parse(readFileSync(new URL('../golden/indexing.json', import.meta.url), 'utf8')) as {
  shape: number[];
  cases: Case[];
  take: { dtype: string; mode: string | null; axis: number | null; indices: unknown; fill_value?: number; shape: number[]; values: (number | boolean | 'nan')[] }[];
};

function decode(e: Encoded): jp.IndexSpec {
  if (e === null || typeof e === 'number' || typeof e === 'boolean' || e === '...') return e;
  if ('slice' in e) {
    const s = e.slice;
    if (s.length === 1) return { stop: s[0] };
    return { start: s[0], stop: s[1], step: s[2] ?? null };
  }
  if ('array' in e) return jnp.array(e.array as number[], e.dtype as jp.DTypeName);
  return e.list as number[];
}

const size = golden.shape.reduce((a, b) => a * b, 1);
const X = jnp.arange(size, { dtype: 'float32' }).reshape(golden.shape);
const flat = (a: jp.Array) => Array.from(a.dataSync(), Number);

describe('x.index(...) against JAX', () => {
  it('every golden index expression gives JAX\'s shape and values (or an error where JAX raises)', () => {
    for (const c of golden.cases) {
      const what = JSON.stringify(c.index);
      const run = () => X.index(...c.index.map(decode));
      if (c.error) {
        expect(run, what).toThrow(jp.ShapeError);
        continue;
      }
      const r = run();
      expect(r.shape, what).toEqual(c.shape);
      expect(flat(r), what).toEqual(c.values);
    }
  });

  it('jit gives the same results as eager for every valid golden expression', () => {
    for (const c of golden.cases.filter((k) => !k.error && !k.index.some((e) => typeof e === 'object' && e !== null && 'array' in e && e.dtype === 'bool'))) {
      const idx = c.index.map(decode);
      const arrays = idx.filter((i): i is jp.Array => i instanceof jp.Array);
      // Integer-array indices go in as jit arguments (traced); the rest are static.
      const f = jp.jit((x: jp.Array, ...as: jp.Array[]) => {
        let k = 0;
        return x.index(...idx.map((i) => (i instanceof jp.Array ? as[k++]! : i)));
      });
      expect(flat(f(X, ...arrays)), JSON.stringify(c.index)).toEqual(c.values);
    }
  });

  it('the issue\'s case: jnp.eye(5).index(jnp.array([1, 3, 2])) gathers rows 1, 3, 2', () => {
    const r = jnp.eye(5).index(jnp.array([1, 3, 2]));
    expect(r.shape).toEqual([3, 5]);
    expect(r.tolist()).toEqual([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 1, 0, 0]]);
  });

  it('basic indexing matches a JS reference for random ints, slices (any step) and newaxis', () => {
    const ref = (data: number[], n: number, s: { start?: number | null; stop?: number | null; step?: number | null }) => {
      const step = s.step ?? 1;
      const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number) => (v === null || v === undefined ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
      const [lo, hi] = step > 0 ? [0, n] : [-1, n - 1];
      const out: number[] = [];
      for (let i = clamp(s.start, step > 0 ? lo : hi, lo, hi); step > 0 ? i < clamp(s.stop, hi, lo, hi) : i > clamp(s.stop, lo, lo, hi); i += step) out.push(data[i]!);
      return out;
    };
    const bound = fc.option(fc.integer({ min: -9, max: 9 }), { nil: null });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), bound, bound, fc.constantFrom(null, 1, 2, 3, -1, -2, -3), fc.boolean(), (n, start, stop, step, newaxis) => {
        const data = Array.from({ length: n }, (_, i) => i * 10 + 1);
        const x = jnp.array(data, 'int32');
        const s = { start, stop, step };
        const r = newaxis ? x.index(null, s) : x.index(s);
        const want = ref(data, n, s);
        expect(r.shape).toEqual(newaxis ? [1, want.length] : [want.length]);
        expect(flat(r)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('grad through integer-array indexing scatters back (repeated indices add up); jvp gathers tangents', () => {
    const x = jnp.array([1.5, 2, 3, 4]);
    const idx = jnp.array([3, 0, 3, -1]);
    const g = jp.grad((v: jp.Array) => jnp.sum(v.index(idx).mul(v.index(idx))))(x) as jp.Array;
    // d/dv sum(v[idx]^2) = sum over occurrences of 2 v[i]
    expect(flat(g)).toEqual([2 * 1.5, 0, 0, 3 * 2 * 4]);
    const [, t] = jp.jvp((v: jp.Array) => v.index({}, jnp.array([1, 0])), [jnp.array([[1, 2], [3, 4]])], [jnp.array([[10, 20], [30, 40]])]) as [jp.Array, jp.Array];
    expect(t.tolist()).toEqual([[20, 10], [40, 30]]);
    // Mixed basic/advanced under grad: x[1:, [0, 2]] on a 3x3.
    const m = jnp.arange(9, { dtype: 'float32' }).reshape(3, 3);
    const gm = jp.grad((v: jp.Array) => jnp.sum(v.index({ start: 1 }, [0, 2])))(m) as jp.Array;
    expect(gm.tolist()).toEqual([[0, 0, 0], [1, 0, 1], [1, 0, 1]]);
  });

  it('vmap of indexing equals a loop, with the operand, the indices or both batched', () => {
    const m = jnp.arange(24, { dtype: 'float32' }).reshape(4, 6);
    const idx = jnp.array([[0, 5], [2, 2], [1, 3], [4, 0]]);
    const f = (row: jp.Array, i: jp.Array) => row.index(i);
    const loop = (xs: jp.Array[], is: jp.Array[]) => xs.map((x, k) => flat(f(x, is[k]!))).flat();
    const rows = [...m];
    const ids = [...idx];
    expect(flat(jp.vmap(f)(m, idx))).toEqual(loop(rows, ids));
    expect(flat(jp.vmap(f, { inAxes: [0, null] })(m, ids[0]!))).toEqual(loop(rows, rows.map(() => ids[0]!)));
    expect(flat(jp.vmap(f, { inAxes: [null, 0] })(rows[1]!, idx))).toEqual(loop(ids.map(() => rows[1]!), ids));
    // A batched traced scalar index (dynamic x[i]).
    expect(flat(jp.vmap((i: jp.Array) => m.index(i, 2))(jnp.array([3, 0, 1])))).toEqual([20, 2, 8]);
    // grad of a vmapped gather (scatter-add batched).
    const g = jp.grad((v: jp.Array) => jnp.sum(jp.vmap(f)(v, idx)))(m) as jp.Array;
    const counts = new Array(24).fill(0);
    (idx.tolist() as number[][]).forEach((r, k) => r.forEach((i) => counts[k * 6 + i]++));
    expect(flat(g)).toEqual(counts);
  });

  it('a boolean mask must be concrete: under jit it raises as JAX does', () => {
    const x = jnp.array([1, 2, 3]);
    expect(x.index(jnp.array([true, false, true])).tolist()).toEqual([1, 3]);
    expect(() => jp.jit((v: jp.Array, m: jp.Array) => v.index(m))(x, jnp.array([true, false, true]))).toThrow(jp.ConcretizationError);
    // A concrete mask closed over inside jit is fine (as a NumPy mask is in JAX).
    const mask = jnp.array([false, true, true]);
    expect(jp.jit((v: jp.Array) => v.index(mask))(x).tolist()).toEqual([2, 3]);
    expect(() => x.index(jnp.array([true, false]))).toThrow(jp.ShapeError);
  });

  it('malformed indices raise clear errors instead of returning the whole array', () => {
    const x = jnp.arange(6).reshape(2, 3);
    expect(() => x.index({ start: 0.5 })).toThrow(TypeError);
    expect(() => x.index({ start: 'a' } as never)).toThrow(TypeError);
    expect(() => x.index('1' as never)).toThrow(TypeError);
    expect(() => x.index(0.5)).toThrow(TypeError);
    expect(() => x.index({ begin: 1 } as never)).toThrow(TypeError);
    expect(() => x.index(undefined as never)).toThrow(TypeError);
    expect(() => x.index({ step: 0 })).toThrow(jp.ShapeError);
    expect(() => x.index(2)).toThrow(jp.ShapeError);
    expect(() => x.index(0, -4)).toThrow(jp.ShapeError);
    expect(() => x.index(0, 0, 0)).toThrow(jp.ShapeError);
    expect(() => x.index('...', 0, '...')).toThrow(jp.ShapeError);
    expect(() => x.index(jnp.array([0.5, 1]))).toThrow(TypeError);
    // A JS list is an integer-array index (a list inside JAX's index tuple), not ignored.
    expect(x.index([0, 1]).tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(x.index([1, 0]).tolist()).toEqual([[3, 4, 5], [0, 1, 2]]);
  });
});

describe('take', () => {
  it('matches JAX in every mode, axis and dtype (fill: NaN / INT_MIN / max / true by default)', () => {
    const base: Record<string, jp.Array> = {
      float32: jnp.array([[1.5, 7, 3], [9, 2, 8]], 'float32'),
      int32: jnp.array([[1, 7, 3], [9, 2, 8]], 'int32'),
      uint8: jnp.array([[1, 7, 3], [9, 2, 8]], 'uint8'),
      bool: jnp.array([[true, false, true], [false, true, true]]),
    };
    for (const c of golden.take) {
      const what = JSON.stringify({ ...c, values: undefined });
      const opts = { mode: c.mode as 'fill' | null, ...(c.fill_value !== undefined ? { fillValue: c.fill_value } : {}) };
      const r = jnp.take(base[c.dtype]!, jnp.array(c.indices as number[]), c.axis, opts);
      expect(r.shape, what).toEqual(c.shape);
      const got = r.tolist();
      const vals = (Array.isArray(got) ? (got as unknown[]).flat(3) : [got]).map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'nan' : v));
      expect(vals, what).toEqual(c.values);
    }
  });

  it('takes axis and the other arguments as options: take(x, idx, { axis: 0 })', () => {
    const x = jnp.array([[1, 2], [3, 4], [5, 6]]);
    expect(jnp.take(x, jnp.array([2, 0]), { axis: 0 }).tolist()).toEqual([[5, 6], [1, 2]]);
    expect(jnp.take(x, [1], { axis: 1, mode: 'clip' }).tolist()).toEqual([[2], [4], [6]]);
    expect(() => jnp.take(x, [1], 0, { axis: 1 })).toThrow(TypeError);
    expect(() => jnp.take(x, [1], { axes: 1 } as never)).toThrow(TypeError);
    expect(() => jnp.take(x, jnp.array([0.5]))).toThrow(jp.DtypeError);
  });

  it('on a 0-d array: flattened by default, an error along axis 0 (as JAX)', () => {
    expect(jnp.take(jnp.array(5.5), 0).tolist()).toBe(5.5);
    expect(() => jnp.take(jnp.array(5.5), 0, { axis: 0 })).toThrow(jp.ShapeError);
  });

  it('under vmap with both the operand and the indices batched equals a loop', () => {
    const xs = jnp.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const is = jnp.array([[3, 0], [1, 1], [-1, 2]]);
    const f = (x: jp.Array, i: jp.Array) => jnp.take(x, i, { axis: 0 });
    const loop = [0, 1, 2].flatMap((k) => flat(f(xs.index(k), is.index(k))));
    expect(flat(jp.vmap(f)(xs, is))).toEqual(loop);
    expect(flat(jp.jit(jp.vmap(f))(xs, is))).toEqual(loop);
    // Batched along other axes than 0.
    expect(flat(jp.vmap(f, { inAxes: [1, 1] })(xs.T, is.T))).toEqual(loop);
  });
});
