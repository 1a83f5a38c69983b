// Concurrent async host callbacks all complete (issue 13 item 3): hundreds of jitted calls whose
// callbacks return Promises, in flight at once, return correct values on every device and in both
// transfer modes; a full command queue applies back-pressure without breaking them.
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);
const host = (a: NdArray) => Array.from(a.selection.data as ArrayLike<number>);
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => jp.config.update('transferMode', 'zero-copy'));

// The callback settles after a delay that varies by call, so Promises settle out of order.
const slowTriple = jp.jit((x: jp.Array) =>
  jp.pureCallback(
    async (a: NdArray) => {
      const v = host(a);
      await tick(v[0]! % 7);
      return v.map((e) => e * 3);
    },
    sds(x),
    [x],
  ).add(1),
);

describe('hundreds of concurrent async callbacks', () => {
  it.each(['zero-copy', 'copy'] as const)('%s: 400 calls across every device, Promise.all, all correct', async (mode) => {
    jp.config.update('transferMode', mode);
    const devs = jp.devices();
    const n = 400;
    const inputs = Array.from({ length: n }, (_, k) => jp.devicePut(jnp.array([k, -k], { dtype: 'float32' }), devs[k % devs.length]!));
    const outs = await Promise.all(inputs.map((x) => slowTriple(x).data()));
    outs.forEach((o, k) => expect(Array.from(o)).toEqual([3 * k + 1, -3 * k + 1]));
  });

  it('more calls than a command queue holds, all queued on device 0 behind pending Promises', async () => {
    const n = 700; // a ring holds 256 commands
    const xs = Array.from({ length: n }, (_, k) => jnp.array([k], { dtype: 'float32' }));
    const results = xs.map((x) => slowTriple(x));
    const outs = await Promise.all(results.map((r) => r.data()));
    outs.forEach((o, k) => expect(Array.from(o)).toEqual([3 * k + 1]));
  });

  it('an async callback that launches and awaits jit work of its own, 200 at once', async () => {
    const inner = jp.jit((a: jp.Array) => a.mul(a));
    const f = jp.jit((x: jp.Array) =>
      jp.pureCallback(
        async (a: NdArray) => {
          await tick(1);
          const sq = await inner(jnp.array(new Float32Array(host(a)))).data();
          return Array.from(sq).map((v) => v + 1);
        },
        sds(x),
        [x],
      ),
    );
    const outs = await Promise.all(Array.from({ length: 200 }, (_, k) => f(jnp.array([k], { dtype: 'float32' })).data()));
    outs.forEach((o, k) => expect(Array.from(o)).toEqual([k * k + 1]));
  });

  it('ordered async io callbacks keep program order across 200 concurrent calls', async () => {
    const log: number[] = [];
    const f = jp.jit((x: jp.Array) => {
      jp.ioCallback(
        async (a: NdArray) => {
          await tick(host(a)[0]! % 3);
          log.push(host(a)[0]!);
        },
        null,
        [x],
        { ordered: true },
      );
      return x.add(1);
    });
    const outs = await Promise.all(Array.from({ length: 200 }, (_, k) => f(jnp.array([k], { dtype: 'float32' })).data()));
    outs.forEach((o, k) => expect(Array.from(o)).toEqual([k + 1]));
    await jp.effectsBarrier();
    expect(log).toEqual(Array.from({ length: 200 }, (_, k) => k));
  });

  it('uncommitted work does not queue behind pending callbacks: it runs on a free device, also for a blocking read', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const held = jp.jit((x: jp.Array) => jp.pureCallback(async (a: NdArray) => (started++, await gate, a), sds(x), [x]));
    const dev0 = jp.devices()[0]!;
    // Device 0 is held by a pending callback, with more such calls queued behind it.
    const pending = [0, 1, 2].map((k) => held(jp.devicePut(jnp.array([k], { dtype: 'float32' }), dev0)).data());
    while (!started) await tick(1);
    const y = jnp.arange(5).mul(3);
    expect(Array.from(y.add(1).dataSync())).toEqual([1, 4, 7, 10, 13]);
    expect(Array.from(await jp.jit((a: jp.Array) => a.sum())(y).data())).toEqual([30]);
    release();
    expect((await Promise.all(pending)).map((v) => Array.from(v))).toEqual([[0], [1], [2]]);
  });

  it('when every device is held, new work waits its turn (async) and a blocking read of it says why at once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const held = jp.jit((x: jp.Array) => jp.pureCallback(async (a: NdArray) => (started++, await gate, a), sds(x), [x]));
    const pending = jp.devices().map((d, k) => held(jp.devicePut(jnp.array([k], { dtype: 'float32' }), d)).data());
    while (started < pending.length) await tick(1);
    const y = jnp.arange(3).add(10);
    expect(() => y.dataSync()).toThrow(/awaiting a Promise.*await x\.data\(\)/);
    const later = y.data();
    release();
    expect(Array.from(await later)).toEqual([10, 11, 12]);
    expect((await Promise.all(pending)).map((v) => Array.from(v))).toEqual(jp.devices().map((_, k) => [k]));
  });
});

describe('blocking reads and Promise callbacks', () => {
  it('a blocking read that meets a Promise-returning callback still raises the clear error, and the callback completes', async () => {
    const y = slowTriple(jnp.array([2], { dtype: 'float32' }));
    expect(() => y.dataSync()).toThrow(/Promise.*await x\.data\(\)/);
    expect(Array.from(await y.data())).toEqual([7]);
  });

  it('a blocking read of unrelated work while async callbacks are pending on other calls works', async () => {
    let started = false;
    const gated = jp.jit((x: jp.Array) => jp.pureCallback(async (a: NdArray) => ((started = true), await tick(5), host(a).map((v) => v * 3 + 1)), sds(x), [x]));
    const pending = Array.from({ length: 50 }, (_, k) => gated(jnp.array([k], { dtype: 'float32' })).data());
    while (!started) await tick(1);
    const plain = jp.jit((a: jp.Array) => a.mul(2).sum());
    expect(plain(jnp.arange(10)).item()).toBe(90);
    const outs = await Promise.all(pending);
    outs.forEach((o, k) => expect(Array.from(o)).toEqual([3 * k + 1]));
  });
});
