// Issue 16: the shape, joining and indexing family (flip … applyOverAxes) against JAX 0.10.2
// (test/golden/make_shape.py writes shape.json: each case is the JS call and JAX's result), plus
// jit against eager, grad against closed forms, vmap against a loop and fast-check laws.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, jit, grad, vmap } = jp;

interface Enc {
  shape: number[];
  dtype: string;
  values: (number | boolean | 'nan')[];
}
type Case = { call: string; error?: string; list?: Enc[] } & Partial<Enc>;
const golden = JSON.parse(readFileSync(new URL('../golden/shape.json', import.meta.url), 'utf8')) as { cases: Case[] };

const m = jnp.arange(12).reshape(3, 4);
const f = m.astype('float32').div(4);
const v = jnp.array([3, 1, 2]);
const z = jnp.zeros([0, 3]);
const b = jnp.array(Array.from({ length: 12 }, (_, k) => k % 3 === 0)).reshape(3, 4);
const evaluate = (call: string): unknown => new Function('jnp', 'm', 'f', 'v', 'z', 'b', `return ${call};`)(jnp, m, f, v, z, b);
const flat = (a: jp.Array) => Array.from(a.dataSync(), Number);

function expectResult(got: unknown, want: Enc, what: string): void {
  expect(got, what).toBeInstanceOf(jp.Array);
  const g = got as jp.Array;
  expect([g.shape, g.dtype.name], what).toEqual([want.shape, want.dtype]);
  const vals = flat(g);
  want.values.forEach((w, k) => {
    if (w === 'nan') expect(Number.isNaN(vals[k]), what).toBe(true);
    else {
      const x = Number(w);
      expect(Math.abs(vals[k]! - x) <= 2e-6 * Math.max(1, Math.abs(x)), `${what} [${k}]: ${vals[k]} vs ${x}`).toBe(true);
    }
  });
}

describe('the shape family against JAX', () => {
  it('every golden call gives JAX\'s shapes, dtypes and values (or raises where JAX raises)', () => {
    expect(golden.cases.length).toBeGreaterThan(300);
    const failures: string[] = [];
    for (const c of golden.cases) {
      try {
        // Integer linear ramps raise (not supported), rather than differ from JAX's rounding.
        if (c.call.includes("'linear_ramp'") && (c.dtype ?? '').startsWith('int')) {
          expect(() => evaluate(c.call), c.call).toThrow(jp.DtypeError);
          continue;
        }
        if (c.error) {
          expect(() => evaluate(c.call), c.call).toThrow();
          continue;
        }
        const r = evaluate(c.call);
        if (c.list) {
          expect(Array.isArray(r), c.call).toBe(true);
          expect((r as unknown[]).length, c.call).toBe(c.list.length);
          c.list.forEach((w, k) => expectResult((r as unknown[])[k], w, `${c.call}[${k}]`));
        } else expectResult(r, c as Enc, c.call);
      } catch (e) {
        failures.push(`${c.call}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('transforms', () => {
  it('grad through pad, roll, tile, repeat, takeAlongAxis, flip, split/concatenate (closed forms)', () => {
    const x = jnp.array([1, 2, 3], 'float32');
    const w = jnp.arange(9, { dtype: 'float32' });
    // pad 'edge' [2,3]: the edges are used 3 and 4 times.
    expect(flat(grad((a: jp.Array) => jnp.pad(a, [2, 3], 'edge').mul(1).sum())(x))).toEqual([3, 1, 4]);
    expect(flat(grad((a: jp.Array) => jnp.pad(a, 2, 'reflect').sum())(x))).toEqual([2, 3, 2]);
    expect(flat(grad((a: jp.Array) => jnp.pad(a, 3, 'wrap').sum())(x))).toEqual([3, 3, 3]);
    for (const g of flat(grad((a: jp.Array) => jnp.pad(a, 1, 'mean').sum())(x))) expect(g).toBeCloseTo(5 / 3, 5);
    expect(flat(grad((a: jp.Array) => jnp.roll(a, 1).mul(w.index({ stop: 3 })).sum())(x))).toEqual([1, 2, 0]);
    expect(flat(grad((a: jp.Array) => jnp.tile(a, 3).mul(w).sum())(x))).toEqual([9, 12, 15]);
    expect(flat(grad((a: jp.Array) => jnp.repeat(a, jnp.array([1, 0, 2])).mul(jnp.array([5, 6, 7], 'float32')).sum())(x))).toEqual([5, 0, 13]);
    expect(flat(grad((a: jp.Array) => jnp.takeAlongAxis(a, jnp.array([2, 2, 0, 7]), 0, { mode: 'clip' }).sum())(x))).toEqual([1, 0, 3]);
    expect(flat(grad((a: jp.Array) => jnp.flip(a).mul(w.index({ stop: 3 })).sum())(x))).toEqual([2, 1, 0]);
    expect(flat(grad((a: jp.Array) => jnp.diag(a).mul(jnp.arange(9, { dtype: 'float32' }).reshape(3, 3)).sum())(x))).toEqual([0, 4, 8]);
    expect(flat(grad((a: jp.Array) => jnp.trace(a.reshape(3, 3)))(w))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('jit equals eager and vmap equals a loop (roll with a traced shift, pad, repeat, takeAlongAxis, tril, diagonal)', () => {
    const xs = jnp.arange(24, { dtype: 'float32' }).reshape(2, 3, 4);
    const fns: ((a: jp.Array) => jp.Array)[] = [
      (a) => jnp.roll(a, 2, 1), (a) => jnp.pad(a, [[1, 0], [2, 1]], 'symmetric'), (a) => jnp.repeat(a, 2, 0), (a) => jnp.tril(a, 1),
      (a) => jnp.diagonal(a, 1), (a) => jnp.takeAlongAxis(a, jnp.array([[0, 3, 1]]), 1), (a) => jnp.rot90(a), (a) => jnp.tile(a, [2, 1]),
      (a) => jnp.insert(a, 1, 7, 1), (a) => jnp.delete(a, [0, 2], 1), (a) => jnp.concatenate(jnp.split(a, 2, 1), 1), (a) => jnp.triu(a).add(jnp.flipud(a)),
    ];
    for (const fn of fns) {
      const loop = jnp.stack([fn(xs.index(0)), fn(xs.index(1))]);
      expect(flat(vmap(fn)(xs)), fn.toString()).toEqual(flat(loop));
      expect(flat(jit(fn)(xs.index(1))), fn.toString()).toEqual(flat(fn(xs.index(1))));
    }
    const shifts = jnp.array([1, -2]);
    expect(flat(vmap((a: jp.Array, s: jp.Array) => jnp.roll(a, s, 1))(xs, shifts))).toEqual(flat(jnp.stack([jnp.roll(xs.index(0), 1, 1), jnp.roll(xs.index(1), -2, 1)])));
  });

  it('laws (fast-check): split then concatenate is the identity; roll by n then -n is the identity; flip twice; rot90 four times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 4 }), (r, c, n, s) => {
        const a = jnp.arange(r * c).reshape(r, c);
        expect(flat(jnp.concatenate(jnp.arraySplit(a, s, 1), 1))).toEqual(flat(a));
        expect(flat(jnp.roll(jnp.roll(a, n, 0), -n, 0))).toEqual(flat(a));
        expect(flat(jnp.roll(jnp.roll(a, n), -n))).toEqual(flat(a));
        expect(flat(jnp.flip(jnp.flip(a)))).toEqual(flat(a));
        expect(flat(jnp.rot90(a, 4))).toEqual(flat(a));
        expect(flat(jnp.tril(a).add(jnp.triu(a, 1)))).toEqual(flat(a));
      }),
      { numRuns: 25 },
    );
  });

  it('bad input raises clear errors', () => {
    expect(() => jnp.split(jnp.arange(7), 3)).toThrow(jp.ShapeError);
    expect(() => jnp.pad(m, -1)).toThrow(jp.ShapeError);
    expect(() => jnp.pad(m, 1, 'bogus' as never)).toThrow(TypeError);
    expect(() => jnp.repeat(m, jnp.array([1, 2]), 0)).toThrow(jp.ShapeError);
    expect(() => jit((r: jp.Array) => jnp.repeat(v, r))(v)).toThrow(jp.ConcretizationError);
    expect(() => jnp.putAlongAxis(m, jnp.array([[0]]), 1, 1)).toThrow(TypeError);
    expect(() => jnp.fliplr(v)).toThrow(jp.ShapeError);
    expect(() => jnp.select([m], [m])).toThrow(jp.DtypeError);
    expect(() => jnp.moveaxis(m, [0, 1], [0])).toThrow(jp.ShapeError);
    expect(() => jnp.diagonal(v)).toThrow(jp.ShapeError);
    expect(() => jnp.takeAlongAxis(m, jnp.array([0.5]), null)).toThrow(jp.DtypeError);
  });
});
