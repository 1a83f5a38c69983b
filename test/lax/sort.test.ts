// Issue 16 (Sorting): lax.sort as a primitive — several operands sorted together by numKeys keys,
// stable, JAX's order for floats (NaN last, -0 equal to +0) — checked against JS's stable
// Array.prototype.sort; its jvp (tangents gathered by the permutation) against finite differences;
// vmap against a loop; jit against eager; lax.topK and lax.sortKeyVal; bad input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax, jit, vmap, grad } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);

/** JAX's order: NaN after every number, -0 equal to +0. */
const cmp = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0);
/** The stable permutation sorting `keys` lexicographically (JS's sort is stable). */
const refPerm = (keys: number[][]) => keys[0]!.map((_, i) => i).sort((i, j) => keys.reduce((c, k) => c || cmp(k[i]!, k[j]!), 0));

const floats = fc.oneof(fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1, -1), fc.float({ noDefaultInfinity: true }).map(Math.fround));

describe('lax.sort', () => {
  it('sorts floats with NaN last and ±0 tied, stably (the payload is the JS stable order)', () => {
    fc.assert(
      fc.property(fc.array(floats, { maxLength: 40 }), (xs) => {
        const x = jnp.array(new Float32Array(xs));
        const [k, v] = lax.sort([x, jnp.arange(xs.length, { dtype: 'int32' })]) as jp.Array[];
        const perm = refPerm([xs]);
        expect(vals(v!)).toEqual(perm);
        vals(k!).forEach((got, i) => expect(Object.is(got, Math.fround(xs[perm[i]!]!))).toBe(true));
      }),
      { numRuns: 40 },
    );
  });

  it('sorts by numKeys keys lexicographically, carrying the other operands', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer()), { minLength: 1, maxLength: 30 }), (rows) => {
        const cols = [0, 1, 2].map((c) => rows.map((r) => r[c]!));
        const ops = cols.map((c) => jnp.array(c, 'int32'));
        const out = lax.sort(ops, { numKeys: 2 }) as jp.Array[];
        const perm = refPerm([cols[0]!, cols[1]!]);
        out.forEach((o, c) => expect(vals(o)).toEqual(perm.map((i) => cols[c]![i]!)));
      }),
      { numRuns: 30 },
    );
  });

  it('sorts along any dimension of large arrays (rows split across devices) as the JS reference', () => {
    const [R, N] = [300, 257];
    const data = Float32Array.from({ length: R * N }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 43758.5453) % 7);
    const x = jnp.array(data).reshape(R, N);
    const rowsSorted = vals(lax.sort(x, 1) as jp.Array);
    const colsSorted = vals(lax.sort(x, 0) as jp.Array);
    for (const r of [0, 1, 150, R - 1]) {
      const row = Array.from(data.subarray(r * N, (r + 1) * N));
      expect(rowsSorted.slice(r * N, (r + 1) * N)).toEqual(refPerm([row]).map((i) => row[i]!));
    }
    for (const c of [0, 100, N - 1]) {
      const col = Array.from({ length: R }, (_, r) => data[r * N + c]!);
      expect(Array.from({ length: R }, (_, r) => colsSorted[r * N + c]!)).toEqual(refPerm([col]).map((i) => col[i]!));
    }
  });

  it('keeps ints, uint8 and bools exact and their dtypes; empty axes give empty results', () => {
    expect(vals(lax.sort(jnp.array([2147483647, -2147483648, 0, -1], 'int32')) as jp.Array)).toEqual([-2147483648, -1, 0, 2147483647]);
    const u = lax.sort(jnp.array([255, 0, 128, 1], 'uint8')) as jp.Array;
    expect([u.dtype.name, vals(u)]).toEqual(['uint8', [0, 1, 128, 255]]);
    const b = lax.sort(jnp.array([true, false, true, false])) as jp.Array;
    expect([b.dtype.name, vals(b)]).toEqual(['bool', [0, 0, 1, 1]]);
    expect((lax.sort(jnp.zeros([3, 0]), 1) as jp.Array).shape).toEqual([3, 0]);
    expect((lax.sort(jnp.zeros([0, 4]), 1) as jp.Array).shape).toEqual([0, 4]);
  });

  it('jit gives the eager result', () => {
    fc.assert(
      fc.property(fc.array(floats, { minLength: 1, maxLength: 24 }), (xs) => {
        const x = jnp.array(new Float32Array(xs)).reshape(-1, 1);
        const f = (a: jp.Array) => lax.sort([a, a.mul(2)], 0, true, 1) as jp.Array[];
        const [e, j] = [f(x), jit(f)(x)];
        expect(vals(j[0]!).map(String)).toEqual(vals(e[0]!).map(String));
        expect(vals(j[1]!).map(String)).toEqual(vals(e[1]!).map(String));
      }),
      { numRuns: 15 },
    );
  });

  it('vmap over any axis equals a loop over the batch', () => {
    const x = jnp.array(new Float32Array([3, -1, NaN, 2, 0, 5, 5, -7, 1, 4, -0, 2])).reshape(3, 4);
    const f = (r: jp.Array) => lax.sort(r) as jp.Array;
    expect(vals(vmap(f)(x)).map(String)).toEqual([0, 1, 2].flatMap((i) => vals(f(x.index(i))).map(String)));
    const byCol = vmap(f, { inAxes: 1 })(x);
    expect(vals(byCol).map(String)).toEqual([0, 1, 2, 3].flatMap((j) => vals(f(x.index({}, j))).map(String)));
    // Two operands, one batched and one not.
    const g = (k: jp.Array, v: jp.Array) => (lax.sort([k, v]) as jp.Array[])[1]!;
    const v = jnp.array([10, 20, 30, 40], 'float32');
    expect(vals(vmap(g, { inAxes: [0, null] })(x, v))).toEqual([0, 1, 2].flatMap((i) => vals(g(x.index(i), v))));
  });

  it('jvp gathers tangents by the permutation; grad matches finite differences', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 12 }), (ints) => {
        const xs = ints.map((i) => i / 4);
        const ts = xs.map((_, i) => i + 1);
        const [y, t] = jp.jvp((a: jp.Array) => lax.sort(a) as jp.Array, [jnp.array(xs, 'float32')], [jnp.array(ts, 'float32')]) as [jp.Array, jp.Array];
        const perm = refPerm([xs]);
        expect(vals(y)).toEqual(perm.map((i) => xs[i]!));
        expect(vals(t)).toEqual(perm.map((i) => ts[i]!));
      }),
      { numRuns: 25 },
    );
    const w = jnp.array([1, -2, 3, 0.5, 7], 'float32');
    const f = (a: jp.Array) => jnp.sum(jnp.multiply(lax.sort(a) as jp.Array, w));
    const x0 = [0.3, -1.2, 2.5, 0.9, -0.1];
    const g = vals(grad(f)(jnp.array(x0, 'float32')) as jp.Array);
    const h = 1e-2;
    x0.forEach((_, i) => {
      const at = (d: number) => (f(jnp.array(x0.map((v, k) => (k === i ? v + d : v)), 'float32')) as jp.Array).item() as number;
      expect(g[i]!).toBeCloseTo((at(h) - at(-h)) / (2 * h), 2);
    });
  });

  it('sortKeyVal sorts values by keys; topK gives the k largest, NaN first, ties by lower index', () => {
    const [k, v] = lax.sortKeyVal(jnp.array([2, 1, 2, 0], 'int32'), jnp.array([0.5, 1.5, 2.5, 3.5], 'float32'));
    expect([vals(k), vals(v)]).toEqual([[0, 1, 2, 2], [3.5, 1.5, 0.5, 2.5]]);
    const [tv, ti] = lax.topK(jnp.array([1, NaN, 3, 3, -Infinity], 'float32'), 4);
    expect(vals(tv).map(String)).toEqual(['NaN', '3', '3', '1']);
    expect([ti.dtype.name, vals(ti)]).toEqual(['int32', [1, 2, 3, 0]]);
    const m = jnp.array([[5, 1, 5], [0, 9, 9]], 'int32');
    const [bv, bi] = vmap((r: jp.Array) => lax.topK(r, 2))(m) as jp.Array[];
    expect([vals(bv!), vals(bi!)]).toEqual([[5, 5, 9, 9], [0, 2, 1, 2]]);
    const gt = vals(grad((a: jp.Array) => jnp.sum(lax.topK(a, 2)[0]))(jnp.array([1, 4, 2, 3], 'float32')) as jp.Array);
    expect(gt).toEqual([0, 1, 0, 1]);
  });

  it('bad input raises a ShapeError naming the problem', () => {
    expect(() => lax.sort(jnp.array(3))).toThrow(jp.ShapeError);
    expect(() => lax.sort(jnp.ones([2, 3]), 2)).toThrow(jp.ShapeError);
    expect(() => lax.sort([jnp.ones([3]), jnp.ones([4])])).toThrow(jp.ShapeError);
    expect(() => lax.sort([jnp.ones([3]), jnp.ones([3])], { numKeys: 3 })).toThrow(jp.ShapeError);
    expect(() => lax.topK(jnp.ones([3]), 4)).toThrow(jp.ShapeError);
    expect(() => lax.topK(jnp.ones([]), 1)).toThrow(jp.ShapeError);
    // @ts-expect-error isStable is a boolean
    expect(() => lax.sort(jnp.ones([3]), { isStable: 1 })).toThrow(TypeError);
  });
});
