// ioCallback (API.md section 5, row 2), ported from IOCallbackTest in JAX's
// tests/python_callback_test.py: host calls are counted and logged here and compared with the
// program order the test itself dispatched.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { host, sds, vals } from './helpers.js';

// Cross-device cases need two devices, whatever this machine's core count.
jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp, lax } = jp;
/** Busy-wait on the host so that callbacks take different times (ordering must not depend on it). */
const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('ioCallback', () => {
  it('can mutate host state, eagerly and under jit, and is never dead-code eliminated', async () => {
    let x = 0;
    const cb = () => (x++, x);
    const f = () => jp.ioCallback(cb, new jp.ShapeDtypeStruct([], 'int32'), []);
    f();
    await jp.effectsBarrier();
    expect(x).toBe(1);
    expect(vals(f())).toEqual([2]);
    // Its result unused: it still runs, once per call.
    const g = jp.jit((v: jp.Array) => {
      jp.ioCallback(cb, new jp.ShapeDtypeStruct([], 'int32'), [v]);
      return v.mul(2);
    });
    for (let i = 0; i < 3; i++) expect(vals(g(jnp.array([1.5])))).toEqual([3]);
    await jp.effectsBarrier();
    expect(x).toBe(5);
  });

  it('shapes null: no results, the return value is ignored', async () => {
    const seen: number[] = [];
    const f = jp.jit((v: jp.Array) => {
      const r = jp.ioCallback((a: NdArray) => (seen.push(...host(a)), { not: 'an array' }), null, [v]);
      expect(r).toBe(null);
      return v;
    });
    f(jnp.array([1.5, 2.5]));
    expect(jp.ioCallback(() => 'ignored', null, [])).toBe(null);
    await jp.effectsBarrier();
    expect(seen).toEqual([1.5, 2.5]);
  });

  it('results are checked against the declared shapes (wrong count, wrong shape)', async () => {
    const two = [new jp.ShapeDtypeStruct([1], 'float32'), new jp.ShapeDtypeStruct([2], 'float32')];
    expect(() => jp.jit(() => jp.ioCallback(() => null, two, []))()[0].dataSync()).toThrow(jp.CallbackResultError);
    expect(() => jp.jit(() => jp.ioCallback(() => 1, new jp.ShapeDtypeStruct([1], 'float32'), []))().dataSync()).toThrow(/declared result shape is \(1,\)/);
    expect(vals(jp.ioCallback(() => [[1.5, 2]], [new jp.ShapeDtypeStruct([2], 'float32')], [])[0])).toEqual([1.5, 2]);
    // Each failure surfaced once, at the read: the barrier does not raise them again.
    await jp.effectsBarrier();
  });

  it('runs once per iteration in loop bodies and only in the branch taken', async () => {
    const log: number[] = [];
    const rec = (a: NdArray) => void log.push(host(a)[0]!);
    const s = jp.jit((x: jp.Array) =>
      lax.scan(
        (c: jp.Array, i: jp.Array) => {
          jp.ioCallback(rec, null, [i], { ordered: true });
          return [c.add(i), null];
        },
        x,
        jnp.arange(5),
      )[0],
    );
    expect(vals(s(jnp.array(0)))).toEqual([10]);
    const c = jp.jit((p: jp.Array) =>
      lax.cond(
        p,
        () => (jp.ioCallback(rec, null, [jnp.array(100)]), jnp.array(1)),
        () => (jp.ioCallback(rec, null, [jnp.array(200)]), jnp.array(2)),
      ),
    );
    expect(vals(c(jnp.array(false)))).toEqual([2]);
    await jp.effectsBarrier();
    expect(log).toEqual([0, 1, 2, 3, 4, 200]);
  });

  it('ordered calls keep program order within and across calls, whatever each call costs', async () => {
    const log: number[] = [];
    const rec = (a: NdArray) => {
      spin([0.5, 0][log.length % 2]!);
      log.push(host(a)[0]!);
    };
    const f = jp.jit((x: jp.Array) => {
      jp.ioCallback(rec, null, [x], { ordered: true });
      jp.ioCallback(rec, null, [x.add(1)], { ordered: true });
      return x;
    });
    const expected: number[] = [];
    for (let i = 0; i < 8; i++) {
      f(jnp.array([10 * i]));
      f(jnp.array([10 * i + 5]));
      expected.push(10 * i, 10 * i + 1, 10 * i + 5, 10 * i + 6);
    }
    await jp.effectsBarrier();
    expect(log).toEqual(expected);
  });

  it('ordered calls keep program order across devices, even when inputs on device 1 arrive late', async () => {
    const devs = jp.devices();
    const log: number[] = [];
    const rec = (a: NdArray) => void log.push(host(a)[0]!);
    const f = jp.jit((x: jp.Array) => {
      jp.ioCallback(rec, null, [x], { ordered: true });
      jp.ioCallback(rec, null, [x.add(1)], { ordered: true });
      return x.mul(2);
    });
    // Slow work on the input's device: its result is ready long after later calls were dispatched.
    const slow = jp.jit((v: jp.Array) => {
      let y = v;
      for (let k = 0; k < 20; k++) y = jnp.sin(y).mul(0.5);
      return jnp.sum(y).mul(0);
    });
    const big = [0, 1].map((d) => jp.devicePut(jnp.ones([1 << 19]), devs[d]));
    const expected: number[] = [];
    const outs: jp.Array[] = [];
    for (let i = 0; i < 8; i++) {
      const d = i % 2;
      const x = d === 1 ? slow(big[1]!).add(10 * i) : jp.devicePut(jnp.array(10 * i), devs[0]);
      expect(x.device).toBe(devs[d]);
      outs.push(f(x), f(x.add(5)));
      expected.push(10 * i, 10 * i + 1, 10 * i + 5, 10 * i + 6);
    }
    await jp.effectsBarrier();
    expect(log).toEqual(expected);
    expect(outs.map((o) => o.item())).toEqual(expected.filter((_, k) => k % 2 === 0).map((v) => 2 * v));
  });

  it('ordered Promise-returning callbacks still run in program order', async () => {
    const log: number[] = [];
    const rec = async (a: NdArray) => {
      const v = host(a)[0]!;
      await new Promise((r) => setTimeout(r, v % 2 ? 1 : 8));
      log.push(v);
    };
    const f = jp.jit((x: jp.Array) => (jp.ioCallback(rec, null, [x], { ordered: true }), x));
    const outs = [0, 1, 2, 3, 4, 5].map((v) => f(jnp.array(v)));
    await Promise.all(outs.map((o) => o.data()));
    await jp.effectsBarrier();
    expect(log).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('unordered calls batch sequentially under vmap (once per element); ordered ones refuse vmap', async () => {
    let calls = 0;
    const seen: number[][] = [];
    const cb = (a: NdArray) => (calls++, seen.push(a.shape), host(a).map((v) => v * 2));
    const f = (x: jp.Array) => jp.ioCallback(cb, sds(x), [x]);
    expect(vals(jp.vmap(f)(jnp.array([1.5, 2, 3])))).toEqual([3, 4, 6]);
    expect(vals(jp.jit(jp.vmap(f))(jnp.arange(8).reshape(4, 2)))).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    await jp.effectsBarrier();
    expect(calls).toBe(7);
    expect(seen).toEqual([[], [], [], [2], [2], [2], [2]]);
    const g = (x: jp.Array) => jp.ioCallback(cb, sds(x), [x], { ordered: true });
    expect(() => jp.vmap(g)(jnp.array([1.5, 2]))).toThrow(/Cannot `vmap` ordered IO callback/);
  });

  it('any differentiation raises JAX’s errors', () => {
    const f = (x: jp.Array) => jp.ioCallback((a: NdArray) => a, sds(x), [x]);
    const x = jnp.array(0.5);
    const msg = /IO callbacks do not support JVP/;
    expect(() => jp.jvp(f, [x], [jnp.array(1.5)])).toThrow(msg);
    expect(() => jp.linearize(f, x)).toThrow(msg);
    expect(() => jp.grad(f)(x)).toThrow(msg);
    expect(() => jp.vjp(f, x)).toThrow(msg);
    expect(() => jp.jit(jp.grad(f))(x)).toThrow(jp.TransformError);
  });
});
