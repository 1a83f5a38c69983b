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
  while (hostSpin.current > 0) hostSpin.missed();
}

/**
 * A ping-pong of `calls` round trips between a host and a worker that both adapt their spins with
 * SpinBudget, on a fake clock in µs: a side that slept takes `wakeUs` to get going when handed
 * work; `hostWork(i)`/`workerWork(i)` are what each does per call. `busy`: no free core, so a
 * spinning side keeps the other from running until its spin ends. Returns, per call, whether
 * each side slept and how many of the two waits spun.
 */
function pingPong(calls: number, o: { wakeUs: number; hostWork: (i: number) => number; workerWork: (i: number) => number; busy: boolean }) {
  const host = new SpinBudget(50);
  const worker = new SpinBudget(100);
  let hostSlept = false;
  const slept: { host: boolean; worker: boolean; spins: number }[] = [];
  let spins = 0;
  /** One wait: spin what the budget says; the answer comes after `answer(spin)` µs. */
  const wait = (b: SpinBudget, answer: (spin: number) => number): boolean => {
    const spin = b.next();
    if (spin > 0) spins++;
    const caught = spin > 0 && answer(spin) <= spin;
    if (caught) b.caught();
    else if (spin > 0) b.missed();
    return !caught;
  };
  for (let i = 0; i < calls; i++) {
    spins = 0;
    // The worker waits for the launch: the host's turnaround (a wake-up if it slept, then its work).
    const turnaround = (hostSlept ? o.wakeUs : 0) + o.hostWork(i);
    const workerSlept = wait(worker, (spin) => (o.busy ? spin + turnaround : turnaround));
    // The host waits for the result: the worker's wake-up if it slept, then its work.
    const answer = (workerSlept ? o.wakeUs : 0) + o.workerWork(i);
    hostSlept = wait(host, (spin) => (o.busy ? spin + answer : answer));
    slept.push({ host: hostSlept, worker: workerSlept, spins });
  }
  return { slept, host, worker };
}

describe('SpinBudget', () => {
  it('shrinks to nothing after misses, probes with the whole budget, probes less often while they miss, and is restored by a catch', () => {
    const s = new SpinBudget(50);
    expect(s.next()).toBe(50);
    s.missed();
    expect(s.current).toBe(12.5);
    s.missed();
    expect(s.current).toBe(0);
    const spins = Array.from({ length: 32 }, () => s.next());
    expect(spins.filter((u) => u > 0)).toEqual([50, 50]);
    expect(spins.indexOf(50)).toBe(15);
    s.missed();
    expect(s.probeInterval).toBe(32);
    for (let i = 0; i < 10; i++) s.missed();
    expect(s.probeInterval).toBe(64);
    const later = Array.from({ length: 512 }, () => s.next());
    expect(later.filter((u) => u > 0).length).toBe(8);
    s.caught();
    expect(s.current).toBe(50);
    expect(s.probeInterval).toBe(16);
  });

  it('recovers spinning on both sides after a cold start, though each side slept at every hand-off meanwhile', () => {
    // Cold: 200 µs of host work and 100 µs of worker work per call for 100 calls; then 3 and 1 µs,
    // with a 20 µs wake-up (a probe shorter than a wake-up would never catch: both sides asleep).
    const { slept, host, worker } = pingPong(400, { wakeUs: 20, hostWork: (i) => (i < 100 ? 200 : 3), workerWork: (i) => (i < 100 ? 100 : 1), busy: false });
    expect(slept.slice(10, 100).every((s) => s.host && s.worker)).toBe(true);
    const warm = slept.slice(150);
    expect(warm.every((s) => !s.host && !s.worker)).toBe(true);
    expect(host.current).toBe(50);
    expect(worker.current).toBe(100);
  });

  it('spins at few hand-offs when a spinning side keeps the other from running', () => {
    const { slept } = pingPong(4000, { wakeUs: 20, hostWork: () => 3, workerWork: () => 1, busy: true });
    expect(slept.every((s) => s.host && s.worker)).toBe(true);
    // Probes every 16th wait at first, then further apart as they miss (64 at most): over the
    // last 3500 calls, each side probes about 55 times.
    const spun = slept.slice(500).reduce((n, s) => n + s.spins, 0);
    expect(spun).toBeGreaterThan(0);
    expect(spun).toBeLessThanOrEqual((2 * 3500) / 60);
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
