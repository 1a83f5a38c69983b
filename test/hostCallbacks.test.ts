// Host callbacks (API.md section 5), ported from the cases of JAX's python_callback_test that
// apply: each checks values and host-call counts recorded here against plain JS.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as jp from '../src/index.js';
import type { NdArray } from '../src/index.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);
const host = (a: NdArray) => Array.from(a.selection.data as ArrayLike<number>);

afterEach(() => {
  jp.config.update('transferMode', 'zero-copy');
  jp.config.update('transferGuard', 'allow');
});

describe('pureCallback', () => {
  it('is dead-code eliminated when unused under jit, and runs when used', () => {
    let calls = 0;
    const cb = (a: NdArray) => (calls++, a);
    const unused = jp.jit((x: jp.Array) => {
      jp.pureCallback(cb, sds(x), [x]);
      return x.add(1);
    });
    const used = jp.jit((x: jp.Array) => (jp.pureCallback(cb, sds(x), [x]) as jp.Array).add(1));
    const x = jnp.array(new Float32Array([1.5, 2]));
    expect(vals(unused(x))).toEqual([2.5, 3]);
    expect(calls).toBe(0);
    expect(vals(used(x))).toEqual([2.5, 3]);
    expect(calls).toBe(1);
  });

  it('vmap methods hand the callback the shapes JAX does', () => {
    const seen: number[][][] = [];
    // Adds with numpy broadcasting (numjs itself does not broadcast).
    const cb = (a: NdArray, b: NdArray) => {
      seen.push([a.shape, b.shape]);
      const out = a.shape.length >= b.shape.length ? a.shape : b.shape;
      const n = out.reduce((p, d) => p * d, 1);
      const at = (x: NdArray, f: number) => {
        const d = host(x);
        return d[f % d.length]!;
      };
      return new jp.NdArray(Float32Array.from({ length: n }, (_, f) => at(a, f) + at(b, f)), out);
    };
    const f = (method: 'sequential' | 'expand_dims' | 'broadcast_all' | 'legacy_vectorized') => (x: jp.Array, y: jp.Array) =>
      jp.pureCallback(cb, sds(x), [x, y], { vmapMethod: method }) as jp.Array;
    const xs = jnp.array([[1.5, 2], [3, 4], [5, 6]]);
    const y = jnp.array([10, 20], { dtype: 'float32' });
    const expected = [11.5, 22, 13, 24, 15, 26];
    const shapes: Record<string, number[][][]> = {
      sequential: [[[2], [2]], [[2], [2]], [[2], [2]]],
      expand_dims: [[[3, 2], [1, 2]]],
      broadcast_all: [[[3, 2], [3, 2]]],
      legacy_vectorized: [[[3, 2], [2]]],
    };
    for (const m of Object.keys(shapes) as (keyof typeof shapes)[]) {
      seen.length = 0;
      expect(vals(jp.vmap(f(m as 'sequential'), { inAxes: [0, null] })(xs, y))).toEqual(expected);
      expect(seen).toEqual(shapes[m]);
    }
    expect(() => jp.vmap((x: jp.Array) => jp.pureCallback(cb, sds(x), [x, x]))(xs)).toThrow(/vmapMethod/);
  });

  it('has no JVP rule (points to customJvp) but works inside customJvp/customVjp to second order', () => {
    const sinHost = (a: NdArray) => host(a).map(Math.sin);
    const cosHost = (a: NdArray) => host(a).map(Math.cos);
    const s = (x: jp.Array): jp.Array => jp.pureCallback(sinHost, sds(x), [x], { vmapMethod: 'expand_dims' }) as jp.Array;
    const c = (x: jp.Array): jp.Array => jp.pureCallback(cosHost, sds(x), [x], { vmapMethod: 'expand_dims' }) as jp.Array;
    expect(() => jp.grad(s)(1.5)).toThrow(/Pure callbacks do not support JVP.*customJvp/);
    const sinC = jp.customJvp((x: jp.Array) => s(x));
    const cosC: jp.CustomJvpFunction<(x: jp.Array) => jp.Array> = jp.customJvp((x: jp.Array) => c(x));
    sinC.defjvp(([x], [t]) => [sinC(x), (t as jp.Array).mul(cosC(x))]);
    cosC.defjvp(([x], [t]) => [cosC(x), (t as jp.Array).mul(sinC(x)).neg()]);
    for (const x of [0.3, 1.2]) {
      expect((jp.grad(sinC)(x) as jp.Array).item()).toBeCloseTo(Math.cos(x), 6);
      expect((jp.grad(jp.grad(sinC))(x) as jp.Array).item()).toBeCloseTo(-Math.sin(x), 6);
      expect((jp.jit(jp.grad(sinC))(x) as jp.Array).item()).toBeCloseTo(Math.cos(x), 6);
    }
    const sv = jp.customVjp((x: jp.Array) => s(x));
    sv.defvjp((x: jp.Array) => [s(x), x], (x: jp.Array, g: jp.Array) => [g.mul(c(x))]);
    expect((jp.grad(sv)(0.7) as jp.Array).item()).toBeCloseTo(Math.cos(0.7), 6);
  });

  it('pytree arguments and results; results converted to the declared dtype', () => {
    const cb = (p: { a: NdArray; b: NdArray[] }) => ({ sum: host(p.a).map((v, i) => v + host(p.b[0]!)[i]!), n: [7.9] });
    const out = jp.pureCallback(
      cb,
      { sum: new jp.ShapeDtypeStruct([2], 'float32'), n: new jp.ShapeDtypeStruct([1], 'int32') },
      [{ a: jnp.array([1.5, 2]), b: [jnp.array([3, 4], { dtype: 'float32' })] }],
    ) as { sum: jp.Array; n: jp.Array };
    expect(vals(out.sum)).toEqual([4.5, 6]);
    expect(out.n.dtype.name).toBe('int32');
    expect(vals(out.n)).toEqual([7]);
  });

  it('wrong shapes or structures raise CallbackResultError naming expected and received', () => {
    const x = jnp.array([1.5, 2]);
    expect(() => (jp.pureCallback(() => [1, 2, 3], sds(x), [x]) as jp.Array).dataSync()).toThrow(/shape \(3,\).*declared result shape is \(2,\)/);
    expect(() => (jp.jit((y: jp.Array) => jp.pureCallback(() => [1, 2, 3], sds(y), [y]))(x) as jp.Array).dataSync()).toThrow(jp.CallbackResultError);
    expect(() => jp.pureCallback(() => [[1, 2]], [sds(x)], [x])).not.toThrow();
    expect(() => (jp.pureCallback(() => ({ a: [1, 2] }), [sds(x)], [x]) as jp.Array[])[0]!.dataSync()).toThrow(jp.CallbackResultError);
    // The pool stays usable.
    expect(vals(x.add(1))).toEqual([2.5, 3]);
  });
});

describe('ioCallback', () => {
  it('is never removed; ordered calls keep program order within and across calls and devices', () => {
    const log: number[] = [];
    const rec = (a: NdArray) => void log.push(host(a)[0]!);
    const f = jp.jit((x: jp.Array) => {
      jp.ioCallback(rec, null, [x], { ordered: true });
      jp.ioCallback(rec, null, [x.add(1)], { ordered: true });
      return x.mul(0); // the callbacks' results are unused
    });
    const devs = jp.devices();
    for (let i = 0; i < 6; i++) f(jp.devicePut(jnp.array([i * 10], { dtype: 'float32' }), devs[i % devs.length])).dataSync();
    expect(log).toEqual([0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51]);
  });

  it('unordered under vmap runs once per element; ordered under vmap and differentiation raise', () => {
    const seen: number[] = [];
    const cb = (a: NdArray) => (seen.push(...host(a)), host(a).map((v) => v * 2));
    const f = (x: jp.Array) => jp.ioCallback(cb, sds(x), [x]) as jp.Array;
    expect(vals(jp.vmap(f)(jnp.array([1.5, 2, 3])))).toEqual([3, 4, 6]);
    expect(seen).toEqual([1.5, 2, 3]);
    const g = (x: jp.Array) => jp.ioCallback(cb, sds(x), [x], { ordered: true }) as jp.Array;
    expect(() => jp.vmap(g)(jnp.array([1.5, 2]))).toThrow(/ordered/);
    expect(() => jp.grad((x: jp.Array) => f(x).sum())(jnp.array([1.5]))).toThrow(/IO callbacks do not support JVP/);
  });
});

describe('debug.callback and debug.print', () => {
  it('run once per batch element under vmap and see primals under grad', async () => {
    const seen: number[][] = [];
    const f = (x: jp.Array) => {
      jp.debug.callback((a: NdArray) => void seen.push(host(a)), [x]);
      return jnp.sin(x);
    };
    jp.vmap(f)(jnp.array([0.5, 1.5]));
    const g = (jp.grad(f)(1.25) as jp.Array).item() as number;
    await jp.effectsBarrier();
    expect(seen).toEqual([[0.5], [1.5], [1.25]]);
    expect(g).toBeCloseTo(Math.cos(1.25), 6);
  });

  it('prints like numpy str, with {} {0} {name} and {:.3f}', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      jp.jit((x: jp.Array) => {
        jp.debug.print('x={0} again={0} s={s:.3f} v={v}', x, { s: jnp.sum(x), v: jnp.array(0.1, { dtype: 'float32' }) });
        return x;
      })(jnp.array([1.5, 2]));
      await jp.effectsBarrier();
      expect(spy.mock.calls.map((c) => c[0])).toEqual(['x=[1.5 2. ] again=[1.5 2. ] s=3.500 v=0.1']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('buffers, errors and async', () => {
  it('zero-copy hands out views over shared memory, copy mode plain copies; the ledger counts both', () => {
    const kinds: boolean[] = [];
    const cb = (a: NdArray) => (kinds.push((a.selection.data as Float32Array).buffer instanceof SharedArrayBuffer), a);
    const f = jp.jit((x: jp.Array) => jp.pureCallback(cb, sds(x), [x]) as jp.Array);
    const x = jnp.array([1.5, 2]);
    f(x).dataSync();
    jp.config.update('transferMode', 'copy');
    jp.transfers.reset();
    f(x).dataSync();
    const s = jp.transfers.stats();
    expect(kinds).toEqual([true, false]);
    expect(s.callbacks.count).toBe(1);
    expect(s.zeroCopyViews).toBe(0);
    expect(s.deviceToHost.bytes).toBe(2 * 8); // the operand copy and the dataSync readback
    expect((jp.deviceGet(x).selection.data as Float32Array).buffer instanceof SharedArrayBuffer).toBe(false);
    jp.config.update('transferMode', 'zero-copy');
    expect((jp.deviceGet(x).selection.data as Float32Array).buffer instanceof SharedArrayBuffer).toBe(true);
  });

  it('a throwing callback surfaces as CallbackError with cause; the next call works', () => {
    const boom = new RangeError('boom');
    const f = jp.jit((x: jp.Array) => jp.pureCallback(() => {
      throw boom;
    }, sds(x), [x]) as jp.Array);
    let err: unknown;
    try {
      f(jnp.array([1.5])).dataSync();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect((err as Error).cause).toBe(boom);
    expect(vals(jnp.array([1.5]).mul(2))).toEqual([3]);
  });

  it('Promise-returning callbacks: awaited by data(), a clear error from dataSync()', async () => {
    const cb = async (a: NdArray) => {
      await new Promise((r) => setTimeout(r, 5));
      return host(a).map((v) => v * 3);
    };
    const f = jp.jit((x: jp.Array) => jp.pureCallback(cb, sds(x), [x]) as jp.Array);
    expect(Array.from(await f(jnp.array([1.5, 2])).data())).toEqual([4.5, 6]);
    expect(() => f(jnp.array([1.5, 2])).dataSync()).toThrow(/returned a Promise during a blocking read/);
  });

  it('a callback may run jit on the same device, nested twice', () => {
    const inner = jp.jit((a: jp.Array) => a.mul(10));
    const cb1 = (a: NdArray) => vals(inner(jnp.array(new Float32Array(host(a)))));
    const f = jp.jit((x: jp.Array) => (jp.pureCallback(cb1, sds(x), [x.add(1)]) as jp.Array).add(1));
    const cb2 = (a: NdArray) => vals(f(jnp.array(new Float32Array(host(a)))));
    const g = jp.jit((x: jp.Array) => jp.pureCallback(cb2, sds(x), [x]) as jp.Array);
    expect(vals(g(jnp.array([1.5, 2])))).toEqual([26, 31]);
  });

  it('transferGuard governs implicit transfers, globally and scoped', () => {
    const x = jnp.array([1.5]);
    jp.transferGuard('disallow', () => {
      expect(() => x.dataSync()).toThrow(jp.TransferGuardError);
      expect(() => jp.jit((a: jp.Array) => a)(2 as unknown as jp.Array)).toThrow(jp.TransferGuardError);
      expect(host(jp.deviceGet(x))).toEqual([1.5]);
    });
    expect(vals(x)).toEqual([1.5]);
    jp.config.update('transferGuard', 'disallow');
    expect(() => x.tolist()).toThrow(jp.TransferGuardError);
  });

  it('the profiler writes a Chrome trace with worker kernels and host callbacks', async () => {
    const path = join(tmpdir(), `jaxpool-trace-${process.pid}.json`);
    jp.profiler.startTrace();
    const f = jp.jit(function traced(x: jp.Array) {
      return (jp.pureCallback((a: NdArray) => a, sds(x), [x.mul(2)]) as jp.Array).add(1);
    });
    f(jnp.array([1.5])).dataSync();
    await jp.profiler.stopTrace(path);
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: { name: string; ph: string; tid: number }[] }).traceEvents;
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(threads.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.ph === 'X' && e.name === 'traced' && e.tid >= 100)).toBe(true);
    expect(events.some((e) => e.ph === 'X' && e.name === 'host callback' && e.tid === 0)).toBe(true);
  });
});

describe('event-loop service', () => {
  it('thousands of awaited callback round trips after blocking ones never miss a request', async () => {
    jp.config.update('syncTimeoutMs', 10_000);
    try {
      const one = jnp.array([1.5]);
      const f = jp.jit((x: jp.Array) => (jp.pureCallback((a: NdArray) => a, sds(x), [x]) as jp.Array).add(1));
      for (let i = 0; i < 500; i++) expect(f(one).dataSync()[0]).toBe(2.5);
      for (let i = 0; i < 2000; i++) expect((await f(one).data())[0]).toBe(2.5);
    } finally {
      jp.config.update('syncTimeoutMs', 60_000);
    }
  }, 60_000);
});
