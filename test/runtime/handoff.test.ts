// Hand-offs between the host and the workers (issue 19 item 6): tiny pure elementwise programs on
// an idle device run on the host thread (same values, errors and ledger as on a worker; order kept:
// a read still means every earlier command on that device ran), and the adaptive spin-then-wait
// stays correct when the host has backed off to sleeping at once, beside a CPU-bound process, with
// a device killed meanwhile, and with a kernel that never ends (the timeout still names it).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { readError, vals } from './helpers.js';
import { SpinBudget } from '../../src/runtime/protocol.js';
import { hostSpin } from '../../src/runtime/sync.js';
import { runOnHost } from '../../src/runtime/hostRun.js';
import { allocate } from '../../src/runtime/heap.js';
import { DeviceArray } from '../../src/runtime/deviceArray.js';
import { ShapedArray } from '../../src/core/aval.js';
import { float32 } from '../../src/core/dtypes.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp, lax, transfers } = jp;

/** Make the host sleep at once at its next waits (as after hand-offs that had to sleep). */
function backOff(): void {
  for (let i = 0; i < 8; i++) hostSpin.missed();
  expect(hostSpin.current).toBe(0);
}

describe('SpinBudget', () => {
  it('shrinks to nothing after misses, probes every 16th wait, and grows back when spins catch', () => {
    const s = new SpinBudget(50, 10);
    expect(s.next()).toBe(50);
    s.missed();
    expect(s.current).toBe(12.5);
    s.missed();
    expect(s.current).toBe(0);
    const spins = Array.from({ length: 32 }, () => s.next());
    expect(spins.filter((u) => u > 0)).toEqual([10, 10]);
    expect(spins.indexOf(10)).toBe(15);
    s.caught();
    expect(s.current).toBe(10);
    s.caught();
    s.caught();
    s.caught();
    expect(s.current).toBe(50);
  });
});

describe('programs run on the host', () => {
  it('give the values a worker gives, eagerly and under jit, for every small elementwise shape', () => {
    const f = jp.jit((a: jp.Array, b: jp.Array) => jnp.sin(a).mul(2).add(a.mul(b)).sub(1));
    for (const n of [0, 1, 7, 256, 257, 4096]) {
      const a = Float32Array.from({ length: n }, (_, i) => (i - n / 2) / 7);
      const b = Float32Array.from({ length: n }, (_, i) => 1 + i / 3);
      const ref = Array.from(a, (v, i) => Math.fround(Math.fround(Math.fround(Math.fround(Math.sin(v)) * 2) + Math.fround(v * b[i]!)) - 1));
      const x = jnp.array(a);
      const y = jnp.array(b);
      const eager = jnp.sin(x).mul(2).add(x.mul(y)).sub(1);
      expect(vals(f(x, y))).toEqual(ref);
      expect(vals(eager)).toEqual(ref);
    }
  });

  it('count in the transfer ledger as one launch each', () => {
    const x = jnp.array([1.5], { dtype: 'float32' });
    x.add(1).dataSync();
    transfers.reset();
    for (let i = 0; i < 10; i++) x.add(i).dataSync();
    expect(transfers.stats().launches).toBe(10);
  });

  it('wait for work queued on their device: a read still means every earlier command there ran', () => {
    const dev = jp.devices()[0]!;
    const big = jp.devicePut(jnp.ones([1 << 20]), dev);
    const small = jp.devicePut(jnp.array([1, 2], { dtype: 'float32' }), dev);
    const slow = jp.jit((a: jp.Array) => jnp.sum(jnp.exp(jnp.sin(a).mul(a))));
    for (let round = 0; round < 3; round++) {
      const s = slow(big);
      expect(vals(small.add(1))).toEqual([2, 3]);
      // s finished before the small add ran: reading it does not wait.
      const syncs = transfers.stats().syncs.count;
      expect(vals(s)[0]).toBeCloseTo(Math.exp(Math.sin(1)) * (1 << 20), -3);
      expect(transfers.stats().syncs.count).toBe(syncs);
    }
  });

  it('surface a program failure at the next read, as a worker does', () => {
    const dev = jp.devices()[0]!;
    const aval = new ShapedArray([1], float32, false);
    const buf = allocate(4);
    const t = runOnHost(dev, { key: 'handoff-test-throws', source: 'return function run() { throw new RangeError("boom"); };', label: 'throws' }, [buf.offset], 1);
    buf.producer = t;
    const a = new DeviceArray(aval, buf, dev);
    const err = readError(() => a.dataSync());
    expect(err).toBeInstanceOf(jp.JaxpoolError);
    expect((err as Error).message).toContain("program 'throws' failed on WorkerDevice(id=0): RangeError: boom");
    // The array now holds the failure; later work on it fails the same way.
    expect(readError(() => a.add(1).dataSync())).toBe(err);
  });
});

describe('eager chains of large ops', () => {
  it('spread over every device and equal jit, also beside unrelated work on another device', () => {
    const n = 1 << 18;
    const x = jnp.linspace(-3, 3, n, { dtype: 'float32' });
    const f = (a: jp.Array) => jnp.sin(a).mul(2).add(a.mul(a)).sub(1);
    const ref = vals(jp.jit(f)(x));
    const other = jp.devices()[1]!;
    const slow = jp.jit((a: jp.Array) => jnp.sum(jnp.exp(jnp.sin(a).mul(a))));
    const big = jp.devicePut(jnp.ones([1 << 20]), other);
    for (let round = 0; round < 4; round++) {
      const s = round % 2 ? slow(big) : null;
      const outs = [f(x), f(x), f(f(x).mul(0.01))];
      expect(vals(outs[0]!)).toEqual(ref);
      expect(vals(outs[1]!)).toEqual(ref);
      const again = vals(jp.jit((a: jp.Array) => f(f(a).mul(0.01)))(x));
      const third = vals(outs[2]!);
      expect(third.reduce((m, v, i) => Math.max(m, Math.abs(v - again[i]!)), 0)).toBeLessThan(1e-5);
      if (s) expect(vals(s)[0]).toBeCloseTo(Math.exp(Math.sin(1)) * (1 << 20), -3);
    }
  });
});

describe('adaptive waits', () => {
  let burner: ChildProcess | null = null;
  beforeAll(() => {
    // Bounded, so it ends by itself should this test process die before killing it.
    burner = spawn(process.execPath, ['-e', 'for (const end = Date.now() + 120_000; Date.now() < end; );'], { stdio: 'ignore' });
  });
  afterAll(() => {
    burner?.kill();
  });

  it('stay correct beside a CPU-bound process, backed off or not, on the host and on workers', () => {
    const f = jp.jit((a: jp.Array) => a.mul(3).add(1));
    const n = 1 << 18; // split across the workers: the host waits for them
    const big = jnp.arange(n, { dtype: 'float32' });
    const one = jnp.array([2], { dtype: 'float32' });
    for (let i = 0; i < 400; i++) {
      if (i % 100 === 50) backOff();
      expect(vals(f(one))).toEqual([7]);
      if (i % 40 === 0) {
        const out = f(big).dataSync();
        expect(out[n - 1]).toBe(Math.fround((n - 1) * 3 + 1));
        expect(out[12345]).toBe(12345 * 3 + 1);
      }
      const s = jnp.sum(jnp.ones([1000]).mul(i));
      expect(vals(s)).toEqual([1000 * i]);
    }
  });

  it('a device killed while the host backs off: DeviceLostError, then every device works', async () => {
    const target = jp.devices()[1]!;
    const x = jp.devicePut(jnp.arange(8, { dtype: 'float32' }), target);
    const double = jp.jit((a: jp.Array) => a.mul(2));
    backOff();
    const replaced = jp.testing.killDevice(target.id, { when: 'midKernel', how: 'exit' });
    expect(readError(() => double(x).dataSync())).toBeInstanceOf(jp.DeviceLostError);
    await replaced;
    for (const d of jp.devices()) expect(vals(double(jp.devicePut(jnp.array([d.id + 0.5], { dtype: 'float32' }), d)))).toEqual([2 * d.id + 1]);
  });

  it('a kernel that never ends still times out with its diagnosis when the host sleeps at once', () => {
    const before = jp.config.values.syncTimeoutMs;
    jp.config.update('syncTimeoutMs', 300);
    try {
      const f = jp.jit(function spinForever(x: jp.Array) {
        return lax.whileLoop((c: jp.Array) => c.lt(10), (c: jp.Array) => c.mul(1), x);
      });
      backOff();
      const err = readError(() => f(jnp.array(0)).dataSync());
      expect(err).toBeInstanceOf(jp.TimeoutError);
      expect((err as Error).message).toMatch(/did not finish \(a kernel that never ends\?\)/);
    } finally {
      jp.config.update('syncTimeoutMs', before);
    }
  });
});
