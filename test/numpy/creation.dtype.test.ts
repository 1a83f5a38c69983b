// Issue 14 item 1: dtype positionally and as { dtype } in every creation function (and the
// reductions whose NumPy signature has it); an unknown dtype is a DtypeError.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
type D = jp.DTypeName;
const DTYPES: D[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

/** numpy's cast of an in-range JS number to a dtype (what every case below expects). */
function cast(v: number, d: D): number | boolean {
  if (d === 'bool') return v !== 0;
  if (d === 'uint8' || d === 'int32') return Math.trunc(v);
  if (d === 'float32') return Math.fround(v);
  return v;
}
const flat = (a: jp.Array): (number | boolean)[] => {
  const l: unknown = a.tolist();
  return Array.isArray(l) ? (l.flat(Infinity) as (number | boolean)[]) : [l as number | boolean];
};

interface Case {
  name: string;
  /** The call with the dtype positional, and with { dtype }. */
  positional(d: D): jp.Array;
  keyword(d: D): jp.Array;
  /** Expected elements (numbers before the cast) and shape. */
  expected: { values: number[]; shape: number[] };
  /** Dtypes JAX refuses for this function. */
  refuses?: D[];
}

function cases(shape: number[], v: number, start: number, n: number, step: number): Case[] {
  const size = shape.reduce((a, b) => a * b, 1);
  const base = jnp.arange(size).reshape(shape);
  const data = Array.from({ length: size }, (_, i) => i);
  const seq = Array.from({ length: n }, (_, i) => start + i * step);
  return [
    { name: 'array', positional: (d) => jnp.array(data, d), keyword: (d) => jnp.array(data, { dtype: d }), expected: { values: data, shape: [size] } },
    { name: 'asarray', positional: (d) => jnp.asarray(v, d), keyword: (d) => jnp.asarray(v, { dtype: d }), expected: { values: [v], shape: [] } },
    { name: 'zeros', positional: (d) => jnp.zeros(shape, d), keyword: (d) => jnp.zeros(shape, { dtype: d }), expected: { values: data.map(() => 0), shape } },
    { name: 'ones', positional: (d) => jnp.ones(shape, d), keyword: (d) => jnp.ones(shape, { dtype: d }), expected: { values: data.map(() => 1), shape } },
    { name: 'full', positional: (d) => jnp.full(shape, v, d), keyword: (d) => jnp.full(shape, v, { dtype: d }), expected: { values: data.map(() => v), shape } },
    { name: 'zerosLike', positional: (d) => jnp.zerosLike(base, d), keyword: (d) => jnp.zerosLike(base, { dtype: d }), expected: { values: data.map(() => 0), shape } },
    { name: 'onesLike', positional: (d) => jnp.onesLike(base, d), keyword: (d) => jnp.onesLike(base, { dtype: d }), expected: { values: data.map(() => 1), shape } },
    { name: 'fullLike', positional: (d) => jnp.fullLike(base, v, d), keyword: (d) => jnp.fullLike(base, v, { dtype: d }), expected: { values: data.map(() => v), shape } },
    {
      name: 'arange',
      positional: (d) => jnp.arange(start, start + n * step, step, d),
      keyword: (d) => jnp.arange(start, start + n * step, step, { dtype: d }),
      expected: { values: seq, shape: [n] },
      refuses: ['bool'],
    },
    {
      name: 'linspace',
      positional: (d) => jnp.linspace(start, start + (n - 1) * step, n, true, false, d) as jp.Array,
      keyword: (d) => jnp.linspace(start, start + (n - 1) * step, n, { dtype: d }) as jp.Array,
      expected: { values: seq, shape: [n] },
    },
    {
      name: 'eye',
      positional: (d) => jnp.eye(n, n + 1, 1, d),
      keyword: (d) => jnp.eye(n, { M: n + 1, k: 1, dtype: d }),
      expected: { values: Array.from({ length: n * (n + 1) }, (_, i) => (i % (n + 1) === Math.floor(i / (n + 1)) + 1 ? 1 : 0)), shape: [n, n + 1] },
    },
    { name: 'identity', positional: (d) => jnp.identity(n, d), keyword: (d) => jnp.identity(n, { dtype: d }), expected: { values: Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)), shape: [n, n] } },
    { name: 'astype', positional: (d) => base.astype(d), keyword: (d) => jnp.astype(base, d), expected: { values: data, shape } },
  ];
}

describe('dtype positionally and as { dtype }', () => {
  afterAll(() => jp.config.update('enableX64', false));

  it('every creation function gives the same dtype and values both ways, for every dtype', () => {
    jp.config.update('enableX64', true);
    try {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 20 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 7 }),
          fc.constantFrom(...DTYPES),
          (shape, v, start, n, step, d) => {
            for (const c of cases(shape, v, start, n, step)) {
              if (c.refuses?.includes(d)) {
                expect(() => c.positional(d), `${c.name}(${d})`).toThrow(jp.DtypeError);
                expect(() => c.keyword(d), `${c.name}({dtype: ${d}})`).toThrow(jp.DtypeError);
                continue;
              }
              for (const [how, a] of [['positional', c.positional(d)], ['keyword', c.keyword(d)]] as const) {
                expect(a.dtype.name, `${c.name} ${how} ${d}`).toBe(d);
                expect(a.weakType, `${c.name} ${how} ${d}`).toBe(false);
                expect(a.shape, `${c.name} ${how} ${d}`).toEqual(c.expected.shape);
                expect(flat(a), `${c.name} ${how} ${d}`).toEqual(c.expected.values.map((x) => cast(x, d)));
              }
            }
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      jp.config.update('enableX64', false);
    }
  });

  it('reductions take dtype as NumPy orders it: sum(a, axis, dtype), mean, prod', () => {
    const x = jnp.array([[1, 2], [3, 4]]);
    for (const [name, f] of [
      ['sum', jnp.sum],
      ['prod', jnp.prod],
      ['mean', jnp.mean],
    ] as const) {
      const p = f(x, 0, 'float32');
      const k = f(x, 0, { dtype: 'float32' });
      const o = f(x, { axis: 0, dtype: jnp.float32 });
      for (const r of [p, k, o]) expect(r.dtype.name, name).toBe('float32');
      expect(p.tolist()).toEqual(k.tolist());
      expect(o.tolist()).toEqual(k.tolist());
    }
    expect(jnp.sum(x, null, 'float32').tolist()).toBe(10);
    expect(jnp.mean(jnp.array([1, 2, 4]), null, 'int32').tolist()).toBe(2);
    expect(jnp.prod(jnp.array([1.5, 2, 3]), null, jnp.int32).tolist()).toBe(6);
  });

  it('JAX values of the quirky cases: arange with a float step, full wrapping, linspace truncating', () => {
    // jnp.arange(0, 5, 1.5, int32) and jnp.arange(0.5, 5, 1, int32) from JAX 0.10.2.
    expect(jnp.arange(0, 5, 1.5, 'int32').tolist()).toEqual([0, 1, 2, 3]);
    expect(jnp.arange(0.5, 5, 1, 'int32').tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(jnp.arange(-3, 3, 1, 'uint8').tolist()).toEqual([253, 254, 255, 0, 1, 2]);
    expect(jnp.arange(0, 300, 100, 'uint8').tolist()).toEqual([0, 100, 200]);
    expect(jnp.full(3, -1, 'uint8').tolist()).toEqual([255, 255, 255]);
    expect(jnp.full(3, 300, 'uint8').tolist()).toEqual([44, 44, 44]);
    expect(jnp.full(3, 2.7, 'int32').tolist()).toEqual([2, 2, 2]);
    expect(jnp.linspace(0, 10, 4, { dtype: 'int32' }).tolist()).toEqual([0, 3, 6, 10]);
    expect(jnp.linspace(0, 1, 3, { dtype: 'bool' }).tolist()).toEqual([false, true, true]);
    const [samples, step] = jnp.linspace(0, 1, { num: 5, retstep: true });
    expect(samples.tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(step.tolist()).toBe(0.25);
    expect(jnp.zerosLike(jnp.ones([2]), 'int32', [3]).shape).toEqual([3]);
    expect(jnp.full([2, 3], jnp.array([1, 2, 3]), 'int32').tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
  });

  it('weak types follow JAX: full of a JS float is weak, an explicit dtype is strong', () => {
    const w = jnp.full(3, 2.5);
    expect([w.dtype.name, w.weakType]).toEqual(['float32', true]);
    const s = jnp.full(3, 2.5, 'float32');
    expect([s.dtype.name, s.weakType]).toEqual(['float32', false]);
    expect(jnp.array(2).weakType).toBe(true);
    expect(jnp.array([2]).weakType).toBe(false);
    expect(jnp.asarray(2.5, 'float32').weakType).toBe(false);
  });

  it('JS values out of an integer dtype\'s range raise, as JAX does for Python scalars', () => {
    expect(() => jnp.asarray(300, 'uint8')).toThrow(jp.DtypeError);
    expect(() => jnp.asarray([1, -1], 'uint8')).toThrow(jp.DtypeError);
    expect(() => jnp.asarray(3e10, 'int32')).toThrow(jp.DtypeError);
    expect(() => jnp.asarray(NaN, 'int32')).toThrow(jp.DtypeError);
    expect(() => jnp.asarray(Infinity, 'int32')).toThrow(jp.DtypeError);
    expect(jnp.asarray([1.5, 2.7], 'uint8').tolist()).toEqual([1, 2]);
  });

  it('an unknown dtype is a DtypeError, positionally and as { dtype }', () => {
    const bad = ['foo', 'int64', 5, true, jnp.integer] as unknown as D[];
    for (const d of bad) {
      expect(() => jnp.zeros([2], d), String(d)).toThrow(jp.DtypeError);
      expect(() => jnp.zeros([2], { dtype: d }), String(d)).toThrow(jp.DtypeError);
      expect(() => jnp.asarray([1], d), String(d)).toThrow(jp.DtypeError);
      expect(() => jnp.arange(0, 3, 1, d), String(d)).toThrow(jp.DtypeError);
      expect(() => jnp.eye(2, 2, 0, d), String(d)).toThrow(jp.DtypeError);
      expect(() => jnp.full([2], 1, d), String(d)).toThrow(jp.DtypeError);
    }
    expect(() => jnp.zeros([2], { dtyp: 'int32' } as never)).toThrow(TypeError);
  });
});
