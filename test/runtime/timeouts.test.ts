// Waits are bounded and named (issue 13 item 7): an async callback that never settles ends with a
// TimeoutError naming it (per-callback `timeoutMs`, default config `callbackTimeoutMs`); a kernel
// that never finishes ends with a TimeoutError naming its program, its worker is replaced, and the
// process can still exit by itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp, lax } = jp;
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);
const never = () => new Promise<never>(() => undefined);
const defaults = { ...jp.config.values };
afterEach(() => {
  jp.config.update('syncTimeoutMs', defaults.syncTimeoutMs);
  jp.config.update('callbackTimeoutMs', defaults.callbackTimeoutMs);
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (e: unknown) => e);
}

describe('async callbacks that never settle', () => {
  it('pureCallback {timeoutMs}: TimeoutError naming the callback; the device keeps working', async () => {
    const f = jp.jit((x: jp.Array) => jp.pureCallback(async function stuckLookup(_a: NdArray) {
      return never();
    }, sds(x), [x], { timeoutMs: 100 }));
    const err = await rejection(f(jnp.array([1], { dtype: 'float32' })).data());
    expect(err).toBeInstanceOf(jp.TimeoutError);
    expect((err as Error).message).toMatch(/stuckLookup/);
    expect((err as Error).message).toMatch(/100 ms/);
    expect(Array.from(await jnp.arange(3).add(1).data())).toEqual([1, 2, 3]);
  });

  it('ioCallback and debug.callback take {timeoutMs} too; effectsBarrier reports the timeout', async () => {
    const g = jp.jit((x: jp.Array) => jp.ioCallback(function stuckWrite() {
      return never();
    }, sds(x), [x], { timeoutMs: 50 }));
    const err = await rejection(g(jnp.array([2], { dtype: 'float32' })).data());
    expect(err).toBeInstanceOf(jp.TimeoutError);
    expect((err as Error).message).toMatch(/stuckWrite/);
    await rejection(jp.effectsBarrier());
    const h = jp.jit((x: jp.Array) => {
      jp.debug.callback(function stuckLog() {
        return never();
      }, [x], { timeoutMs: 50 });
      return x.add(1);
    });
    h(jnp.array([1], { dtype: 'float32' }));
    const barrier = await rejection(jp.effectsBarrier());
    expect(barrier).toBeInstanceOf(jp.TimeoutError);
    expect((barrier as Error).message).toMatch(/stuckLog/);
  });

  it('the default comes from config callbackTimeoutMs', async () => {
    jp.config.update('callbackTimeoutMs', 80);
    const f = jp.jit((x: jp.Array) => jp.pureCallback(function waitsForever() {
      return never();
    }, sds(x), [x]));
    const err = await rejection(f(jnp.array([1], { dtype: 'float32' })).data());
    expect(err).toBeInstanceOf(jp.TimeoutError);
    expect((err as Error).message).toMatch(/waitsForever.*80 ms/);
  });

  it('callbackTimeoutMs and timeoutMs must be positive numbers', () => {
    expect(() => jp.config.update('callbackTimeoutMs', -1)).toThrow(/callbackTimeoutMs/);
    const x = jnp.array([1], { dtype: 'float32' });
    expect(() => jp.pureCallback((a: NdArray) => a, sds(x), [x], { timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe('kernels that never finish', () => {
  const forever = jp.jit(function spinForever(x: jp.Array) {
    return lax.whileLoop((c: jp.Array) => c.lt(10), (c: jp.Array) => c.mul(1), x);
  });

  it('a blocking read: TimeoutError naming the program; the worker is replaced and computes', () => {
    jp.config.update('syncTimeoutMs', 300);
    const dev = jp.devices()[1]!;
    const err = (() => {
      try {
        forever(jp.devicePut(jnp.array(0), dev)).dataSync();
        return null;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(jp.TimeoutError);
    expect(err!.message).toMatch(/spinForever/);
    jp.config.update('syncTimeoutMs', 60_000);
    expect(Array.from(jp.jit((a: jp.Array) => a.add(1))(jp.devicePut(jnp.array([1, 2]), dev)).dataSync())).toEqual([2, 3]);
  });

  it('an awaited read: TimeoutError naming the program; the worker is replaced and computes', async () => {
    jp.config.update('syncTimeoutMs', 300);
    const dev = jp.devices()[0]!;
    const err = await rejection(forever(jp.devicePut(jnp.array(0), dev)).data());
    expect(err).toBeInstanceOf(jp.TimeoutError);
    expect((err as Error).message).toMatch(/spinForever/);
    jp.config.update('syncTimeoutMs', 60_000);
    expect(Array.from(await jp.jit((a: jp.Array) => a.add(1))(jp.devicePut(jnp.array([1, 2]), dev)).data())).toEqual([2, 3]);
  });

  it('after a TimeoutError the process exits by itself', () => {
    const script = `
      import * as jp from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
      jp.numpy.arange(3).sum().item(); // the pool is up (starting a worker may take longer than the timeout)
      jp.config.update('syncTimeoutMs', 300);
      const f = jp.jit((x) => jp.lax.whileLoop((c) => c.lt(10), (c) => c.mul(1), x));
      try { f(jp.numpy.array(0)).dataSync(); } catch (e) { console.log(e.constructor.name); }
      const g = jp.jit((x) => jp.pureCallback(() => new Promise(() => {}), new jp.ShapeDtypeStruct([], 'float32'), [x], { timeoutMs: 100 }));
      try { await g(jp.numpy.array(1.5)).data(); } catch (e) { console.log(e.constructor.name); }
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim().split('\n')).toEqual(['TimeoutError', 'TimeoutError']);
    expect(r.status).toBe(0);
  });
});
