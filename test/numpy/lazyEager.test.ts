// Eager chains fused lazily (src/numpy/lazy.ts): pure eager ops on arrays of more than a few
// hundred elements are deferred and a chain launches as one program when its value is first used.
// Checked against the same ops run one by one (config eagerFusion off) and against plain JS, with
// the hard cases: inputs and intermediates deleted before the launch, shared subexpressions, long
// chains, failures, errors raised at the call, and every way a value leaves (read, jit, callback,
// devicePut).
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import * as jp from '../../src/index.js';
import { Executable } from '../../src/compiler/executable.js';
import { DeviceArray } from '../../src/runtime/deviceArray.js';

const { numpy: jnp, jit, config, shutdown } = jp;
const N = 1000;
const ramp = (n: number, k = 1) => Float32Array.from({ length: n }, (_, i) => (((i * 7919 * k) % 4000) / 1000 - 2));
const deferred = (a: jp.Array) => (a as DeviceArray).isDeferred;

/** `f()` with eager fusion switched `on` or off, and how many programs it launched. */
function run<T>(on: boolean, f: () => T): { value: T; launches: number } {
  const spy = vi.spyOn(Executable.prototype, 'execute');
  config.update('eagerFusion', on);
  try {
    const value = f();
    return { value, launches: spy.mock.calls.length };
  } finally {
    config.update('eagerFusion', true);
    spy.mockRestore();
  }
}

afterEach(() => config.update('eagerFusion', true));
afterAll(() => shutdown());

describe('eager chains fuse lazily', () => {
  const x = jnp.array(ramp(N));
  const w1 = () => jnp.sin(x).mul(2).add(x.mul(x)).sub(1);

  it('sin(x)*2 + x*x - 1 is deferred and launches once, with the values of the ops run one by one', () => {
    const fused = run(true, () => {
      const r = w1();
      expect(deferred(r)).toBe(true);
      expect(r.dtype.name).toBe('float32');
      expect(r.shape).toEqual([N]);
      return r.dataSync();
    });
    const alone = run(false, () => w1().dataSync());
    expect(fused.launches).toBe(1);
    expect(alone.launches).toBe(5);
    expect(fused.value).toEqual(alone.value);
    const xs = ramp(N);
    fused.value.forEach((v, i) => expect(v).toBeCloseTo(Math.sin(xs[i]!) * 2 + xs[i]! * xs[i]! - 1, 4));
  });

  it('a reduction ends a chain: sum(exp(x) * x) in one launch', () => {
    const fused = run(true, () => jnp.sum(jnp.exp(x).mul(x)).item());
    const alone = run(false, () => jnp.sum(jnp.exp(x).mul(x)).item());
    expect(fused.launches).toBe(1);
    expect(fused.value).toBeCloseTo(alone.value as number, 0);
    const ref = ramp(N).reduce((s, v) => s + Math.exp(v) * v, 0);
    expect(fused.value as number).toBeCloseTo(ref, 0);
  });

  it('deleting an input, or a deferred intermediate, before the launch keeps the value', () => {
    const y = jnp.array(ramp(N, 3));
    const a = jnp.cos(y);
    const b = a.mul(3).add(y);
    y.delete();
    a.delete();
    expect(() => a.dataSync()).toThrow(jp.DeletedArrayError);
    const ys = ramp(N, 3);
    Array.from(b.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(Math.cos(ys[i]!) * 3 + ys[i]!, 5));
    // Launched by a read, then deleted, while an op reading it is still deferred.
    const c = jnp.exp(x.mul(0.25));
    const d = c.add(1);
    const cv = c.dataSync();
    c.delete();
    Array.from(d.dataSync()).forEach((v, i) => expect(v).toBe(Math.fround(cv[i]! + 1)));
  });

  it('an intermediate read first is not computed again; one used twice is one input', () => {
    const { value, launches } = run(true, () => {
      const a = jnp.exp(x.mul(0.5));
      const av = a.dataSync();
      const b = a.add(a.mul(a));
      return { av, bv: b.dataSync() };
    });
    expect(launches).toBe(2);
    Array.from(value.bv).forEach((v, i) => expect(v).toBeCloseTo(value.av[i]! + value.av[i]! * value.av[i]!, 4));
  });

  it('a long chain (for … x = x*1.01 + 0.5, 200 steps) launches every 32 ops and equals the loop', () => {
    const steps = 200;
    const { value, launches } = run(true, () => {
      let z = jnp.zeros([N], 'float32');
      for (let i = 0; i < steps; i++) z = z.mul(1.01).add(0.5);
      return z.dataSync();
    });
    expect(launches).toBeLessThanOrEqual(Math.ceil((2 * steps) / 32) + 2);
    expect(launches).toBeGreaterThan(1);
    let r = 0;
    for (let i = 0; i < steps; i++) r = Math.fround(Math.fround(r * Math.fround(1.01)) + 0.5);
    for (const v of value) expect(v).toBe(r);
  });

  it('errors raise at the call, not at the read: shapes and dtypes are checked when the op is called', () => {
    const a = jnp.exp(x);
    expect(() => a.add(jnp.ones([N + 1], 'float32'))).toThrow(jp.ShapeError);
    expect(() => jnp.bitwiseAnd(a, 1)).toThrow(jp.DtypeError);
    expect(a.add(1).shape).toEqual([N]);
  });

  it('a deferred value enters jit, a pure callback and devicePut with its value', () => {
    const xs = ramp(N);
    const a = jnp.tanh(x).mul(2);
    const ref = xs.map((v) => Math.fround(Math.tanh(v) * 2));
    const viaJit = jit((v: jp.Array) => v.add(1))(a).dataSync();
    Array.from(viaJit).forEach((v, i) => expect(v).toBeCloseTo(ref[i]! + 1, 5));
    const seen = jp.pureCallback((v: jp.NdArray) => v.multiply(-1), new jp.ShapeDtypeStruct([N], 'float32'), [jnp.tanh(x).mul(2)]);
    Array.from(seen.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(-ref[i]!, 5));
    const put = jp.devicePut(jnp.tanh(x).mul(2), jp.devices()[jp.devices().length - 1]);
    Array.from(put.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 5));
    expect(put.device).toBe(jp.devices()[jp.devices().length - 1]);
  });

  it('a failure upstream reaches the read of the chain, and everything stays usable', () => {
    const bad = jp.pureCallback(
      () => {
        throw new Error('boom upstream');
      },
      new jp.ShapeDtypeStruct([N], 'float32'),
      [x],
    );
    const c = jnp.sin(bad).add(1);
    expect(() => c.dataSync()).toThrow(/boom upstream/);
    expect(w1().shape).toEqual([N]);
    expect(jnp.sum(w1().mul(0)).item()).toBe(0);
  });

  it('small arrays run at once (a chain of tiny ops is not worth a graph); a deleted deferred array raises', () => {
    const t = jnp.array([1, 2, 3], 'float32');
    expect(deferred(t.add(1))).toBe(false);
    const d = jnp.exp(x);
    d.delete();
    expect(() => d.add(1)).toThrow(jp.DeletedArrayError);
  });

  it('a chain left across an await launches when the host yields (the age limit); one taken in by a later op does not', async () => {
    const a = jnp.exp(x);
    const b = a.mul(2);
    expect(deferred(b)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(deferred(b)).toBe(false);
    expect(deferred(a)).toBe(true);
    const av = a.dataSync();
    Array.from(b.dataSync()).forEach((v, i) => expect(v).toBe(Math.fround(av[i]! * 2)));
  });

  it('property: random chains of elementwise ops equal the ops run one by one, bit for bit', () => {
    const ops: ((a: jp.Array, b: jp.Array) => jp.Array)[] = [
      (a, b) => a.add(b),
      (a, b) => a.mul(b),
      (a, b) => a.sub(b.mul(0.5)),
      (a) => jnp.sin(a),
      (a) => jnp.tanh(a),
      (a, b) => jnp.maximum(a, b),
      (a) => jnp.sqrt(a.mul(a).add(1)),
      (a, b) => jnp.where(a.gt(b), a, b.neg()),
    ];
    const y = jnp.array(ramp(N, 7));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(ops.length - 1), fc.boolean()), { minLength: 1, maxLength: 12 }), (prog) => {
        const chain = () => {
          let a: jp.Array = x;
          for (const [k, swap] of prog) a = ops[k]!(swap ? y : a, swap ? a : y);
          return a.dataSync();
        };
        expect(run(true, chain).value).toEqual(run(false, chain).value);
      }),
      { numRuns: 40 },
    );
  });
});
