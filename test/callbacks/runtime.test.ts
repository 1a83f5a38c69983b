// The host side of callbacks (API.md sections 5 and 6): operand buffers in zero-copy and copy
// modes, the transfer ledger per call, Promise-returning and throwing callbacks, callbacks that
// run jit themselves, and sync points that must not hang.
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { host, readError, sds, vals } from './helpers.js';

// Cross-device cases need two devices, whatever this machine's core count.
jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;
const isShared = (a: NdArray) => (a.selection.data as Float32Array).buffer instanceof SharedArrayBuffer;
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => jp.config.update('transferMode', 'zero-copy'));

describe('operand buffers and the ledger', () => {
  it('zero-copy mode hands out views over shared device memory, copy mode plain copies', () => {
    const seen: [boolean, number[]][] = [];
    const f = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => (seen.push([isShared(a), host(a)]), a), sds(x), [x]));
    const x = jnp.array([1.5, -2, 3]);
    expect(vals(f(x))).toEqual([1.5, -2, 3]);
    jp.config.update('transferMode', 'copy');
    expect(vals(f(x))).toEqual([1.5, -2, 3]);
    expect(seen).toEqual([
      [true, [1.5, -2, 3]],
      [false, [1.5, -2, 3]],
    ]);
  });

  it('deviceGet: a host copy in both modes, with the array’s values; writing into it leaves the array unchanged', () => {
    const x = jnp.arange(6).reshape(2, 3);
    const v = jp.deviceGet(x);
    expect([isShared(v), v.shape, host(v)]).toEqual([false, [2, 3], [0, 1, 2, 3, 4, 5]]);
    v.add(100, false); // numjs in-place
    (v.selection.data as Int32Array)[0] = -7;
    expect(Array.from(x.dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
    const s = jp.deviceGet(jnp.array(2.5));
    expect([s.shape, s.tolist(), String(s)]).toEqual([[], 2.5, '2.5']);
    jp.config.update('transferMode', 'copy');
    const c = jp.deviceGet(x.add(1));
    expect([isShared(c), c.shape, host(c)]).toEqual([false, [2, 3], [1, 2, 3, 4, 5, 6]]);
    // Pytrees of arrays come back as pytrees of numjs arrays; other leaves unchanged.
    const t = jp.deviceGet({ a: [x], n: 3 }) as { a: NdArray[]; n: number };
    expect([host(t.a[0]!), t.n]).toEqual([[0, 1, 2, 3, 4, 5], 3]);
  });

  it('devicePut takes numjs arrays of any dtype and layout, canonicalised as JAX does', () => {
    const dev1 = jp.devices()[1]!;
    const cases: [NdArray, string, number[][]][] = [
      [jp.nj.array(new Float64Array([0.1, 2])), 'float32', [[Math.fround(0.1), 2]]],
      [jp.nj.array(new Int32Array([-3, 4])), 'int32', [[-3, 4]]],
      [jp.nj.array(new Uint8Array([7, 255])), 'uint8', [[7, 255]]],
      [jp.nj.array([[1, 2], [3, 4]]).T, 'int32', [[1, 3], [2, 4]]],
      [jp.nj.array([0.5, 2]), 'float32', [[0.5, 2]]],
    ];
    for (const [nd, dtype, rows] of cases) {
      const a = jp.devicePut(nd, dev1);
      expect([a.dtype.name, a.device, a.shape]).toEqual([dtype, dev1, nd.shape]);
      expect(Array.from(a.dataSync())).toEqual(rows.flat());
    }
  });

  it.each(['zero-copy', 'copy'] as const)('counts every crossing of one call in %s mode', (mode) => {
    jp.config.update('transferMode', mode);
    const f = jp.jit((x: jp.Array, i: jp.Array) =>
      jp.pureCallback((a: NdArray, b: NdArray) => [a, host(b).map((v) => v * 2)], [sds(x), sds(i)], [x, i]),
    );
    const x = jnp.ones([4]); // 16 bytes
    const i = jnp.array([1, 2], { dtype: 'int32' }); // 8 bytes
    f(x, i)[0].dataSync(); // compile and warm up
    jp.transfers.reset();
    const [a, b] = f(x, i);
    a.dataSync();
    const s = jp.transfers.stats();
    const copy = mode === 'copy';
    // Operands: two device→host crossings (views or copies); results: two host→device copies;
    // then the blocking read of `a` (a copy) and its one wait.
    expect(s.deviceToHost).toEqual({ count: 3, bytes: 16 + 8 + 16 });
    expect(s.hostToDevice).toEqual({ count: 2, bytes: 16 + 8 });
    expect([s.copies, s.zeroCopyViews]).toEqual(copy ? [5, 0] : [3, 2]);
    expect(s.callbacks.count).toBe(1);
    expect(s.syncs.count).toBe(1);
    expect(s.launches).toBe(1);
    expect(vals(b)).toEqual([2, 4]);
  });

  it('callbacks.hostMs includes the time spent in the host function', () => {
    const f = jp.jit((x: jp.Array) =>
      jp.pureCallback((a: NdArray) => {
        const end = performance.now() + 5;
        while (performance.now() < end);
        return a;
      }, sds(x), [x]),
    );
    jp.transfers.reset();
    f(jnp.array([1])).dataSync();
    const s = jp.transfers.stats();
    expect(s.callbacks.count).toBe(1);
    expect(s.callbacks.hostMs).toBeGreaterThanOrEqual(5);
    expect(s.syncs.waitMs).toBeGreaterThanOrEqual(5);
  });
});

describe('Promise-returning callbacks', () => {
  const slow = jp.jit((x: jp.Array) =>
    jp.pureCallback(async (a: NdArray) => {
      await tick(5);
      return host(a).map((v) => v * 3);
    }, sds(x), [x]),
  );

  it('await data() waits for the Promise; dataSync() meeting one throws a clear error; the next call works', async () => {
    expect(Array.from(await slow(jnp.array([1.5, 2])).data())).toEqual([4.5, 6]);
    expect(() => slow(jnp.array([1.5])).dataSync()).toThrow(/returned a Promise during a blocking read.*await x\.data\(\)/);
    const y = slow(jnp.array([0.5]));
    await y.blockUntilReady();
    expect(vals(y)).toEqual([1.5]);
    expect(Array.from(await slow(jnp.array([2])).data())).toEqual([6]);
  });

  it('a blocking read behind a callback awaiting its Promise fails at once instead of hanging', async () => {
    let started = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const f = jp.jit((x: jp.Array) =>
      jp.pureCallback(async (a: NdArray) => {
        started = true;
        await gate;
        return host(a).map((v) => v * 3);
      }, sds(x), [x]),
    );
    const x = jnp.array([1.5]);
    const pending = f(x).data();
    const later = x.mul(2); // queued on the same device, behind the waiting program
    while (!started) await tick(1); // the event loop took the request; its Promise is pending
    // Before the fix this read hung until syncTimeoutMs and then failed with a TimeoutError.
    expect(() => later.dataSync()).toThrow(/awaiting a Promise.*await x\.data\(\)/);
    release();
    expect(Array.from(await pending)).toEqual([4.5]);
    expect(Array.from(await later.data())).toEqual([3]);
    expect(vals(later)).toEqual([3]);
  });

  it('awaited reads time out by their own syncTimeoutMs, a shorter one first; the work still completes', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const f = jp.jit((x: jp.Array) =>
      jp.pureCallback(async (a: NdArray) => {
        await gate;
        return host(a).map((v) => v * 3);
      }, sds(x), [x]),
    );
    const x = jnp.array([1.5]);
    const y = f(x);
    const later = x.mul(2); // queued behind the waiting program
    try {
      const patient = y.data(); // waits under the default timeout
      jp.config.update('syncTimeoutMs', 30);
      const err = await later.data().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(jp.TimeoutError);
      release();
      expect(Array.from(await patient)).toEqual([4.5]);
      expect(Array.from(await later.data())).toEqual([3]);
    } finally {
      jp.config.update('syncTimeoutMs', 60_000);
    }
  });

  it('a rejected Promise surfaces as CallbackError with the original as cause', async () => {
    const why = new RangeError('no such value');
    const f = jp.jit((x: jp.Array) => jp.pureCallback(async () => Promise.reject(why), sds(x), [x]));
    const err = await f(jnp.array([1])).data().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect((err as Error).cause).toBe(why);
    expect(Array.from(await slow(jnp.array([1])).data())).toEqual([3]);
  });
});

describe('throwing callbacks and callbacks that call jaxpool', () => {
  it('a throw surfaces as CallbackError with the original as cause at the sync point; the next call works', () => {
    let fail = true;
    const boom = new RangeError('boom');
    const cb = (a: NdArray) => {
      if (fail) throw boom;
      return a;
    };
    const f = jp.jit((x: jp.Array) => jp.pureCallback(cb, sds(x), [x]).add(1));
    for (const call of [() => f(jnp.array([1.5])), () => jp.pureCallback(cb, sds(jnp.array([1.5])), [jnp.array([1.5])])]) {
      const y = call(); // dispatch does not throw: the failure is found at the read
      const err = readError(y);
      expect(err).toBeInstanceOf(jp.CallbackError);
      expect((err as Error).cause).toBe(boom);
      expect((err as Error).message).toMatch(/raised: boom/);
    }
    // Work depending on the failed result fails too, with the same error.
    expect(() => f(jnp.array([1])).mul(2).dataSync()).toThrow(jp.CallbackError);
    fail = false;
    expect(vals(f(jnp.array([1.5])))).toEqual([2.5]);
    expect(vals(jnp.array([1.5]).mul(2))).toEqual([3]);
  });

  it('a callback may run jit on the same device, nested twice', () => {
    const inner = jp.jit((a: jp.Array) => a.mul(10));
    const cb1 = (a: NdArray) => vals(inner(jnp.array(new Float32Array(host(a)))));
    const f = jp.jit((x: jp.Array) => jp.pureCallback(cb1, sds(x), [x.add(1)]).add(1));
    const cb2 = (a: NdArray) => vals(f(jnp.array(new Float32Array(host(a)))));
    const g = jp.jit((x: jp.Array) => jp.pureCallback(cb2, sds(x), [x]));
    const xs = [1.5, 2, -3];
    expect(vals(g(jnp.array(xs)))).toEqual(xs.map((v) => (v + 1) * 10 + 1));
    // From device 1, calling effectful jit (pinned to device 0) and work on device 1 itself.
    const dev1 = jp.devices()[1]!;
    const log: number[] = [];
    const io = jp.jit((a: jp.Array) => (jp.ioCallback((b: NdArray) => void log.push(...host(b)), null, [a], { ordered: true }), a.add(100)));
    const h = jp.jit((x: jp.Array) =>
      jp.pureCallback((a: NdArray) => vals(io(jp.devicePut(jnp.array(new Float32Array(host(a))), dev1))), sds(x), [x]),
    );
    const x1 = jp.devicePut(jnp.array([7, 8], { dtype: 'float32' }), dev1);
    expect(vals(h(x1))).toEqual([107, 108]);
    expect(log).toEqual([7, 8]);
  });

  it('a callback reading work queued behind its own program fails at once instead of hanging', () => {
    const x = jnp.array([2]);
    let later: jp.Array | null = null;
    const f = jp.jit((v: jp.Array) => jp.pureCallback(() => later!.dataSync(), sds(v), [v]));
    const y = f(x);
    later = x.mul(3); // same device and queue, behind f's program
    const err = readError(y);
    // Before the fix the inner read hung until syncTimeoutMs.
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect(String((err as Error).cause)).toMatch(/queued behind the program whose host callback is running/);
    expect(vals(later)).toEqual([6]);
  });

  it('an async callback may await jit work it launches', async () => {
    const inner = jp.jit((a: jp.Array) => a.mul(a));
    const f = jp.jit((x: jp.Array) =>
      jp.pureCallback(async (a: NdArray) => Array.from(await inner(jnp.array(new Float32Array(host(a)))).data()), sds(x), [x]),
    );
    expect(Array.from(await f(jnp.array([3, -4], { dtype: 'float32' })).data())).toEqual([9, 16]);
  });

  it('a blocking read serves callback requests while it waits (no deadlock), many times over', () => {
    let calls = 0;
    const f = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => (calls++, a), sds(x), [x]).add(1));
    const outs = Array.from({ length: 300 }, (_, i) => f(jnp.array([i])));
    // The last read waits for every queued program, each of which calls the host.
    expect(vals(outs[299]!)).toEqual([300]);
    expect(outs.map((o) => o.item())).toEqual(outs.map((_, i) => i + 1));
    expect(calls).toBe(300);
  });
});

describe('event-loop service', () => {
  it('thousands of awaited callback round trips after blocking ones never miss a request', async () => {
    jp.config.update('syncTimeoutMs', 10_000);
    try {
      const one = jnp.array([1.5]);
      const f = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => a, sds(x), [x]).add(1));
      for (let i = 0; i < 500; i++) expect(f(one).dataSync()[0]).toBe(2.5);
      for (let i = 0; i < 2000; i++) expect((await f(one).data())[0]).toBe(2.5);
    } finally {
      jp.config.update('syncTimeoutMs', 60_000);
    }
  }, 60_000);
});
