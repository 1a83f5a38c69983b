// Eager jnp against plain JS loops over random shapes and values, JAX's promotion table, and
// device memory staying flat over many eager ops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { heapStats } from '../../src/runtime/heap.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());
const f32 = Math.fround;
const ulps = (a: number, b: number) => {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat32(0, a);
  buf.setFloat32(4, b);
  return Math.abs(buf.getInt32(0) - buf.getInt32(4));
};

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });
const dataFor = (n: number) => fc.array(fc.float({ min: -4, max: 4, noNaN: true }).map(f32), { minLength: n, maxLength: n });

describe('elementwise ops vs JS', () => {
  const unary: [string, (x: jp.Array) => jp.Array, (v: number) => number, (v: number) => boolean][] = [
    ['sin', jnp.sin, Math.sin, () => true],
    ['cos', jnp.cos, Math.cos, () => true],
    ['tanh', jnp.tanh, Math.tanh, () => true],
    ['exp', jnp.exp, Math.exp, () => true],
    ['log', jnp.log, Math.log, (v) => v > 0],
    ['sqrt', jnp.sqrt, Math.sqrt, (v) => v >= 0],
    ['abs', jnp.abs, Math.abs, () => true],
    ['floor', jnp.floor, Math.floor, () => true],
    ['negative', jnp.negative, (v) => -v, () => true],
    ['expm1', jnp.expm1, Math.expm1, () => true],
  ];
  for (const [name, op, ref, ok] of unary)
    it(name, () => {
      fc.assert(
        fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), dataFor(s.reduce((p, d) => p * d, 1)))), ([shape, data]) => {
          const xs = data.filter(ok);
          if (xs.length !== data.length) return;
          const got = op(jnp.array(new Float32Array(data)).reshape(shape));
          expect(got.shape).toEqual(shape);
          vals(got).forEach((v, i) => expect(ulps(v, f32(ref(data[i]!)))).toBeLessThanOrEqual(2));
        }),
        { numRuns: 15 },
      );
    });

  it('binary ops broadcast like numpy', () => {
    const ops: [string, (a: jp.Array, b: jp.Array) => jp.Array, (a: number, b: number) => number][] = [
      ['add', jnp.add, (a, b) => a + b],
      ['subtract', jnp.subtract, (a, b) => a - b],
      ['multiply', jnp.multiply, (a, b) => a * b],
      ['maximum', jnp.maximum, Math.max],
      ['minimum', jnp.minimum, Math.min],
      ['greater', (a, b) => jnp.greater(a, b), (a, b) => Number(a > b)],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), dataFor(16), dataFor(4), (r, c, d1, d2) => {
        const a = jnp.array(new Float32Array(d1.slice(0, r * c))).reshape(r, c);
        const b = jnp.array(new Float32Array(d2.slice(0, c))); // shape [c] broadcasts over rows
        for (const [, op, ref] of ops) {
          const got = vals(op(a, b));
          for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) expect(got[i * c + j]).toBe(f32(ref(d1[i * c + j]!, d2[j]!)));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('reductions with axis and keepdims, mean, and shape ops', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), dataFor(16), (r, c, d) => {
        const data = d.slice(0, r * c);
        const a = jnp.array(new Float32Array(data)).reshape(r, c);
        const rowSums = Array.from({ length: r }, (_, i) => data.slice(i * c, i * c + c).reduce((s, v) => s + v, 0));
        vals(jnp.sum(a, 1)).forEach((v, i) => expect(v).toBeCloseTo(rowSums[i]!, 4));
        vals(jnp.mean(a, 1, { keepdims: true })).forEach((v, i) => expect(v).toBeCloseTo(rowSums[i]! / c, 4));
        expect(jnp.mean(a, 1, { keepdims: true }).shape).toEqual([r, 1]);
        expect(vals(a.T)).toEqual(Array.from({ length: r * c }, (_, k) => data[(k % r) * c + Math.floor(k / r)]!));
        expect(vals(jnp.concatenate([a, a], 0))).toEqual([...data, ...data]);
        expect(jnp.stack([a, a], 1).shape).toEqual([r, 2, c]);
        expect(jnp.expandDims(a, 0).shape).toEqual([1, r, c]);
        expect(jnp.squeeze(jnp.expandDims(a, 2)).shape).toEqual([r, c].filter((x) => x !== 1));
      }),
      { numRuns: 20 },
    );
  });
});

describe("JAX's type promotion table", () => {
  // From JAX's "Type promotion semantics": i* and f* are JS integers and non-integers (weak).
  const t: Record<string, [string, boolean]> = {
    'bool,bool': ['bool', false],
    'bool,uint8': ['uint8', false],
    'bool,int32': ['int32', false],
    'bool,float32': ['float32', false],
    'bool,i*': ['int32', true],
    'bool,f*': ['float32', true],
    'uint8,uint8': ['uint8', false],
    'uint8,int32': ['int32', false],
    'uint8,float32': ['float32', false],
    'uint8,i*': ['uint8', false],
    'uint8,f*': ['float32', true],
    'int32,int32': ['int32', false],
    'int32,float32': ['float32', false],
    'int32,i*': ['int32', false],
    'int32,f*': ['float32', true],
    'float32,float32': ['float32', false],
    'float32,i*': ['float32', false],
    'float32,f*': ['float32', false],
    'i*,i*': ['int32', true],
    'i*,f*': ['float32', true],
    'f*,f*': ['float32', true],
  };
  const make = (k: string): jp.Array | number => (k === 'i*' ? 3 : k === 'f*' ? 0.5 : jnp.array([1], { dtype: k as 'int32' }).reshape());
  it('add of each pair has JAX result dtype and weak type', () => {
    for (const [pair, [dtype, weak]] of Object.entries(t)) {
      const [a, b] = pair.split(',') as [string, string];
      const out = jnp.add(jnp.asarray(make(a)), make(b) as jp.Array);
      expect([pair, out.dtype.name, out.weakType]).toEqual([pair, dtype, weak]);
      expect(jnp.resultType(make(a), make(b)).name).toBe(dtype);
    }
  });
  it('with x64, float64 joins and weak floats default to float64', () => {
    jp.config.update('enableX64', true);
    try {
      const x = jnp.array([1], { dtype: 'float64' });
      expect(jnp.add(x, jnp.array([1], { dtype: 'float32' })).dtype.name).toBe('float64');
      expect(jnp.add(jnp.array([1]), 0.5).dtype.name).toBe('float64');
      expect(jnp.add(jnp.array([1], { dtype: 'float32' }), 0.5).dtype.name).toBe('float32');
      expect(jnp.promoteTypes('int32', 'float32').name).toBe('float32');
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});

describe('device memory', () => {
  it('1e5 eager ops leave live device bytes flat', async () => {
    // 16 KiB results: 1e5 of them is 1.6 GB allocated in all, half never deleted.
    const x = jnp.array(new Float32Array(4096).fill(1.5));
    const before = heapStats().liveBytes;
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      const y = x.add(i);
      if (i % 2 === 0) y.delete();
      if (i % 1000 === 0) {
        await new Promise((r) => setImmediate(r)); // finalizers run between event-loop turns
        peak = Math.max(peak, heapStats().liveBytes - before);
      }
    }
    // Bounded by the collection threshold (64 MiB of allocation), not by the op count.
    expect(peak).toBeLessThan(160 << 20);
  }, 120_000);

  it('a synchronous loop that drops its results never runs out of device memory', () => {
    // 4 MB per result, 1.2 GB in all, without ever yielding to the event loop (where finalizers
    // would normally run): the heap still stays near the collection threshold.
    const x = jnp.ones([1_000_000]);
    const f = jp.jit((a: jp.Array) => a.add(1));
    const before = heapStats().liveBytes;
    let peak = 0;
    let checksum = 0;
    for (let i = 0; i < 300; i++) {
      checksum += f(x).dataSync()[i]!;
      peak = Math.max(peak, heapStats().liveBytes - before);
    }
    expect(checksum).toBe(600);
    expect(peak).toBeLessThan(200 << 20);
  }, 120_000);

  it('large reads are independent host copies with every element written, for each dtype', () => {
    // Copies of ≥ 64 KB come from uninitialised memory (often an earlier, dropped read's), so
    // any element the copy missed would show stale data; each read is checked in full.
    const n = 300_000;
    const i = jnp.arange(n);
    const cases: [string, () => jp.Array, (k: number) => number][] = [
      ['float32', () => i.astype('float32').mul(0.5), (k) => k * 0.5],
      ['int32', () => i.mul(3), (k) => k * 3],
      ['uint8', () => i.astype('uint8'), (k) => k & 255],
      ['bool', () => i.lt(n / 3), (k) => (k < n / 3 ? 1 : 0)],
    ];
    for (const [name, make, ref] of cases)
      for (let rep = 0; rep < 3; rep++) {
        const a = make();
        const out = a.dataSync();
        expect(out.buffer, name).toBeInstanceOf(ArrayBuffer);
        expect(out.byteOffset).toBe(0);
        expect(out.buffer.byteLength).toBe(out.byteLength);
        let bad = -1;
        for (let k = 0; k < n && bad < 0; k++) if (out[k] !== ref(k)) bad = k;
        expect(bad, `${name}: first wrong element`).toBe(-1);
        // A copy: writing it leaves the device array alone.
        out.fill(7);
        expect(a.dataSync()[n - 1], name).toBe(ref(n - 1));
      }
  });
});
