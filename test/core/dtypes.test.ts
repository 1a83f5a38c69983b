// The extra dtypes (int8, int16, uint16, uint32, float16) against goldens from JAX 0.10.2
// (test/golden/make_dtypes.py writes dtypes.json): lax integer arithmetic (wrapping, x / 0),
// casts between every pair, float16 rounding, float16 arithmetic and grad, eager vs jit vs vmap.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { float16Bits, float16FromBits } from '../../src/core/float16.js';

const { numpy: jnp, lax } = jp;
type Num = number | 'nan' | 'inf' | '-inf';
const golden = JSON.parse(readFileSync(new URL('../golden/dtypes.json', import.meta.url), 'utf8'));
const num = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const nums = (vs: Num[]): number[] => vs.map(num);

/** Same numbers, NaN matching NaN and -0 matching -0. */
function expectValues(got: ArrayLike<number | boolean>, want: number[], what: string): void {
  const g = Array.from(got, Number);
  expect(g.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(g[i], want[i]) && !(g[i] === 0 && want[i] === 0)) expect(`${what}[${i}] = ${g[i]}`).toBe(`${what}[${i}] = ${want[i]}`);
}

const INTS = ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32'] as const;
type Row = Record<string, Num[] | null | string | number[]>;
const binary: Record<string, (x: jp.Array, y: jp.Array) => jp.Array> = {
  add: lax.add,
  sub: lax.sub,
  mul: lax.mul,
  div: lax.div,
  rem: lax.rem,
  max: lax.max,
  min: lax.min,
  lt: lax.lt,
  eq: lax.eq,
  ge: lax.ge,
};

describe('integer arithmetic wraps as in JAX (lax: x / 0 is all ones, x % 0 is x)', () => {
  it.each(INTS)('%s: every op on a grid of the dtype’s values, eager and under jit', (d) => {
    const row = golden.arithmetic[d] as Row;
    const x = jnp.array(nums(row.x as Num[]), d);
    const y = jnp.array(nums(row.y as Num[]), d);
    for (const [name, f] of Object.entries(binary)) {
      const want = nums(row[name] as Num[]);
      const r = f(x, y);
      expect(r.dtype.name, name).toBe(['lt', 'eq', 'ge'].includes(name) ? 'bool' : d);
      expectValues(r.dataSync(), want, `${d} ${name}`);
      expectValues(jp.jit(f)(x, y).dataSync(), want, `${d} jit ${name}`);
    }
    const g = jnp.array(row.grid as number[], d);
    expectValues(lax.neg(g).dataSync(), nums(row.neg as Num[]), `${d} neg`);
    expectValues(lax.sign(g).dataSync(), nums(row.sign as Num[]), `${d} sign`);
    if (row.abs) expectValues(lax.abs(g).dataSync(), nums(row.abs as Num[]), `${d} abs`);
  });

  it('a fused chain under jit wraps each op (int8 (x * 3 + 100) - x)', () => {
    const xs = Array.from({ length: 256 }, (_, i) => i - 128);
    const f = (x: jp.Array) => x.mul(3).add(100).sub(x);
    const want = xs.map((v) => {
      const w = (n: number) => ((n + 128) & 255) - 128;
      return w(w(w(v * 3) + 100) - v);
    });
    expectValues(jp.jit(f)(jnp.array(xs, 'int8')).dataSync(), want, 'int8 chain');
  });

  it('uint32 arithmetic is modulo 2^32, on large arrays too (the WebAssembly backend)', () => {
    const n = 5000;
    const xs = Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    const x = jnp.array(xs, 'uint32');
    const r = jp.jit((a: jp.Array) => a.mul(a).add(jnp.array(4294967295, 'uint32')))(x).dataSync();
    const want = xs.map((v) => Number((BigInt(v) * BigInt(v) + 4294967295n) % 2n ** 32n));
    expectValues(r, want, 'uint32 x*x - 1');
    expect(r).toBeInstanceOf(Uint32Array);
  });
});

describe('casts between every pair of dtypes (saturating float → int, NaN → 0, wrapping int → int)', () => {
  const pairs = Object.keys(golden.casts).map((k) => k.split(',') as [jp.DTypeName, jp.DTypeName]);
  it.each(pairs)('%s → %s', (from, to) => {
    const c = golden.casts[`${from},${to}`] as { x: Num[]; y: Num[]; dtype: string };
    const x = jnp.array(nums(c.x), from);
    const want = nums(c.y);
    const r = x.astype(to);
    expect(r.dtype.name).toBe(c.dtype);
    expectValues(r.dataSync(), want, `${from}→${to}`);
    expectValues(jp.jit((a: jp.Array) => a.astype(to))(x).dataSync(), want, `jit ${from}→${to}`);
  });
});

describe('float16', () => {
  it('rounds like numpy’s float16 (ties to even, subnormals, overflow to inf)', () => {
    const { x, bits } = golden.f16_rounding as { x: number[]; bits: number[] };
    const got = x.map(float16Bits);
    let bad = 0;
    for (let i = 0; i < x.length; i++) if (got[i] !== bits[i]) expect(`${x[i]} → ${got[i]}`).toBe(`${x[i]} → ${bits[i]}`), bad++;
    expect(bad).toBe(0);
    // and on the device: stored as the same bits
    const dev = jnp.array(x, 'float16').view('uint16').dataSync();
    expectValues(dev, bits, 'device bits');
  });

  it('decodes every one of the 65536 bit patterns and round-trips the non-NaN ones', () => {
    for (let h = 0; h < 65536; h++) {
      const v = float16FromBits(h);
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      expect(Number.isNaN(v)).toBe(isNaN);
      if (!isNaN && float16Bits(v) !== h) expect(h).toBe(float16Bits(v));
    }
  });

  it('arithmetic gives JAX’s float16 results, eager, jit and vmap', () => {
    const m = golden.f16_math;
    const a = jnp.array(nums(m.a), 'float16');
    const b = jnp.array(nums(m.b), 'float16');
    const ops: [string, (x: jp.Array, y: jp.Array) => jp.Array][] = [
      ['add', jnp.add],
      ['sub', jnp.subtract],
      ['mul', jnp.multiply],
      ['div', jnp.divide],
      ['max', jnp.maximum],
      ['sqrt_abs', (x) => jnp.sqrt(jnp.abs(x))],
    ];
    for (const [name, f] of ops) {
      const want = nums(m[name]);
      const r = f(a, b);
      expect(r.dtype.name).toBe('float16');
      expectValues(r.dataSync(), want, name);
      expectValues(jp.jit(f)(a, b).dataSync(), want, `jit ${name}`);
      expectValues(jp.vmap(f)(a, b).dataSync(), want, `vmap ${name}`);
    }
    const mixed = jnp.add(a, jnp.array(nums(m.b), 'float32'));
    expect(mixed.dtype.name).toBe(m.mixed_f32.dtype);
    expectValues(mixed.dataSync(), nums(m.mixed_f32.values), 'float16 + float32');
    const weak = jnp.multiply(a, 1.1);
    expect([weak.dtype.name, weak.weakType]).toEqual([m.weak_float.dtype, m.weak_float.weak]);
    expectValues(weak.dataSync(), nums(m.weak_float.values), 'float16 * 1.1');
  });

  it('grad through float16 is float16 (JAX: d/dx sum(sin(x) x))', () => {
    const g = golden.f16_math.grad;
    const r = jp.grad((x: jp.Array) => jnp.sum(jnp.multiply(jnp.sin(x), x)))(jnp.array(nums(g.x), 'float16'));
    expect(r.dtype.name).toBe(g.dtype);
    // sin and cos are computed in float64 and rounded once, XLA in float32: within one float16 ulp.
    const want = nums(g.values);
    Array.from(r.dataSync()).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(2 ** (Math.floor(Math.log2(Math.abs(want[i]!))) - 10)));
  });

  it('host data is a Float32Array of the values; tolist gives numbers', () => {
    const x = jnp.array([0.1, 70000, -1e-8], 'float16');
    const d = x.dataSync();
    expect(d).toBeInstanceOf(Float32Array);
    expect(x.tolist()).toEqual([float16FromBits(float16Bits(0.1)), Infinity, -0]);
    expect(x.dtype.itemsize).toBe(2);
  });
});

describe('bitcastConvertType and view (JAX goldens)', () => {
  const cases = (golden.bitcasts as { op: string; from: string; to: string }[]).map((c, i) => [c.op, c.from, c.to, i] as const);
  it.each(cases)('%s %s → %s (#%i)', (_op, _f, _t, i) => {
    const c = golden.bitcasts[i];
    const x = jnp.reshape(jnp.array(nums(c.x), c.from), c.shape);
    const f = (a: jp.Array) => (c.op === 'view' ? a.view(c.to) : lax.bitcastConvertType(a, c.to));
    for (const r of [f(x), jp.jit(f)(x)]) {
      expect(r.dtype.name).toBe(c.to);
      expect(r.shape).toEqual(c.yshape);
      expectValues(r.dataSync(), nums(c.y), `${c.op} ${c.from}→${c.to}`);
    }
  });

  it('float32 1.0 is uint32 1065353216, and back', () => {
    expect(lax.bitcastConvertType(jnp.array(1, 'float32'), 'uint32').item()).toBe(1065353216);
    expect(lax.bitcastConvertType(jnp.array(1065353216, 'uint32'), 'float32').item()).toBe(1);
  });

  it('vmap of a bitcast that adds an axis matches a loop over the batch', () => {
    const x = jnp.array([[1, -2.5], [3, 0.5]], 'float32');
    const r = jp.vmap((a: jp.Array) => lax.bitcastConvertType(a, 'uint16'), { inAxes: 1 })(x);
    const loop = [0, 1].map((j) => lax.bitcastConvertType(jnp.array([[1, 3], [-2.5, 0.5]][j]!, 'float32'), 'uint16').tolist());
    expect(r.tolist()).toEqual(loop);
  });

  it('bad bitcasts raise: bool, a wrong last axis, a 0-d view of another width', () => {
    expect(() => lax.bitcastConvertType(jnp.array([true]), 'uint8')).toThrow(jp.DtypeError);
    expect(() => lax.bitcastConvertType(jnp.array([1, 2, 3], 'uint8'), 'uint16')).toThrow(jp.ShapeError);
    expect(() => jnp.array(1, 'float32').view('uint16')).toThrow(jp.ShapeError);
    expect(() => jnp.array([1, 2, 3], 'uint8').view('uint16')).toThrow(jp.ShapeError);
  });

  it('grad through a bitcast is zero (JAX: defjvp_zero)', () => {
    const g = jp.grad((x: jp.Array) => jnp.sum(lax.bitcastConvertType(lax.bitcastConvertType(x, 'uint32'), 'float32')))(jnp.array([1, 2], 'float32'));
    expect(g.tolist()).toEqual([0, 0]);
  });
});

describe('iinfo and finfo', () => {
  it.each(INTS)('iinfo(%s)', (d) => {
    const i = jnp.iinfo(d);
    const want = golden.infos.iinfo[d];
    expect({ min: i.min, max: i.max, bits: i.bits }).toEqual(want);
    expect(i.dtype.name).toBe(d);
  });
  it.each(['float16', 'float32'] as const)('finfo(%s)', (d) => {
    const f = jnp.finfo(d) as unknown as Record<string, number>;
    const want = golden.infos.finfo[d] as Record<string, number>;
    const camel = (k: string) => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
    for (const [k, v] of Object.entries(want)) expect(f[camel(k)], k).toBe(v);
  });
  it('iinfo of a float and finfo of an int raise DtypeError', () => {
    expect(() => jnp.iinfo('float32')).toThrow(jp.DtypeError);
    expect(() => jnp.finfo('int8')).toThrow(jp.DtypeError);
  });
});

describe('host conversion', () => {
  it('TypedArrays keep their dtype; values out of a dtype’s range raise', () => {
    expect(jnp.array(new Int8Array([1, -2])).dtype.name).toBe('int8');
    expect(jnp.array(new Int16Array([1])).dtype.name).toBe('int16');
    expect(jnp.array(new Uint16Array([1])).dtype.name).toBe('uint16');
    const u = jnp.array(new Uint32Array([4294967295]));
    expect([u.dtype.name, u.item()]).toEqual(['uint32', 4294967295]);
    expect(() => jnp.array([300], 'int8')).toThrow(jp.DtypeError);
    expect(() => jnp.array([-1], 'uint32')).toThrow(jp.DtypeError);
  });
  it('creation functions take the new dtypes', () => {
    expect(jnp.zeros([2], 'int16').dataSync()).toBeInstanceOf(Int16Array);
    expect(jnp.ones([2], jnp.uint16).tolist()).toEqual([1, 1]);
    expect(jnp.full([2], 0.1, 'float16').tolist()).toEqual([float16FromBits(float16Bits(0.1)), float16FromBits(float16Bits(0.1))]);
    expect(jnp.arange(3, { dtype: 'int8' }).dtype.name).toBe('int8');
  });
  it('empty and 0-d arrays', () => {
    expect(jnp.zeros([0], 'float16').add(1).tolist()).toEqual([]);
    expect(jnp.array(7, 'int8').mul(20).item()).toBe(-116);
    expect(jnp.array(3, 'float16').div(7).item()).toBe(float16FromBits(float16Bits(3 / 7)));
  });
});

describe('properties (fast-check)', () => {
  it('vmap of int16/uint16/int8 arithmetic equals a JS loop with two’s-complement wrapping', () => {
    const wrap: Record<string, (v: number) => number> = { int8: (v) => (v << 24) >> 24, int16: (v) => (v << 16) >> 16, uint16: (v) => v & 65535 };
    fc.assert(
      fc.property(fc.constantFrom('int8', 'int16', 'uint16'), fc.array(fc.tuple(fc.integer(), fc.integer()), { minLength: 1, maxLength: 8 }), (d, pairs) => {
        const w = wrap[d]!;
        const xs = pairs.map(([a]) => w(a));
        const ys = pairs.map(([, b]) => w(b));
        const f = (x: jp.Array, y: jp.Array) => x.mul(y).sub(x.add(y));
        const got = jp.vmap(f)(jnp.array(xs, d as jp.DTypeName), jnp.array(ys, d as jp.DTypeName)).tolist();
        expect(got).toEqual(xs.map((x, i) => w(w(x * ys[i]!) - w(x + ys[i]!))));
      }),
      { numRuns: 20 },
    );
  });

  it('float32 → float16 on the device rounds the float32 value once, to nearest even', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (v) => {
        // a float32 value converted on the device rounds once, as numpy's float32 → float16
        const r = jnp.array([v], 'float32').astype('float16').item();
        expect(r).toBe(float16FromBits(float16Bits(Math.fround(v))));
      }),
      { numRuns: 30 },
    );
  });
});
