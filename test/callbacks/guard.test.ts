// The transfer guard (API.md section 6) and the profiler's Chrome trace of kernels and host
// callbacks.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { host, sds } from './helpers.js';

// Cross-device cases need two devices, whatever this machine's core count.
jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;
const tick = () => new Promise((r) => setTimeout(r, 1));

afterEach(() => jp.config.update('transferGuard', 'allow'));

describe('transferGuard', () => {
  const x = jnp.array([1.5, 2]);
  const id = jp.jit((a: jp.Array) => a);
  const implicit: [string, () => unknown][] = [
    ['dataSync', () => x.dataSync()],
    ['tolist', () => x.tolist()],
    ['item', () => x.sum().item()],
    ['toString', () => String(x)],
    ['a JS number into jit', () => (id as (a: unknown) => jp.Array)(2.5)],
    ['a JS array into jit', () => (id as (a: unknown) => jp.Array)([1, 2])],
  ];

  it('disallow (global) rejects every implicit transfer and allows the explicit ones', () => {
    jp.config.update('transferGuard', 'disallow');
    for (const [what, f] of implicit) expect(f, what).toThrow(jp.TransferGuardError);
    expect(() => x.dataSync()).toThrow(/implicit transfer: dataSync\(\) of a f32\[2\] array is disallowed.*devicePut\/deviceGet/);
    expect(host(jp.deviceGet(x))).toEqual([1.5, 2]);
    const y = jp.devicePut(jnp.array([3, 4], { dtype: 'float32' }));
    expect(host(jp.deviceGet(id(y)))).toEqual([3, 4]);
    expect(host(jp.deviceGet(jp.devicePut(jp.nj.array([[1, 2]]))))).toEqual([1, 2]);
    jp.config.update('transferGuard', 'allow');
    for (const [what, f] of implicit) expect(f, what).not.toThrow();
  });

  it('log prints each implicit transfer to stderr and lets it happen', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      jp.transferGuard('log');
      expect(Array.from(x.dataSync())).toEqual([1.5, 2]);
      expect(x.tolist()).toEqual([1.5, 2]);
      jp.deviceGet(x);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        'jaxpool transfer guard: implicit transfer: dataSync() of a f32[2] array',
        'jaxpool transfer guard: implicit transfer: tolist() of a f32[2] array',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('a scope overrides the global level for its duration, nested scopes innermost first', () => {
    jp.transferGuard('disallow', () => {
      expect(() => x.dataSync()).toThrow(jp.TransferGuardError);
      expect(jp.transferGuard('allow', () => Array.from(x.dataSync()))).toEqual([1.5, 2]);
      expect(() => x.tolist()).toThrow(jp.TransferGuardError);
    });
    expect(Array.from(x.dataSync())).toEqual([1.5, 2]);
    jp.config.update('transferGuard', 'disallow');
    expect(jp.transferGuard('allow', () => x.tolist())).toEqual([1.5, 2]);
    expect(() => jp.transferGuard('allow', () => {
      throw new Error('inner');
    })).toThrow('inner');
    expect(() => x.tolist()).toThrow(jp.TransferGuardError);
    expect(() => jp.transferGuard('never' as 'allow', () => 1)).toThrow(/unknown transfer guard level 'never'/);
  });

  it('an async scope follows its own continuations only, not code running concurrently', async () => {
    const inside = jp.transferGuard('disallow', async () => {
      await tick();
      let err: unknown = null;
      try {
        x.dataSync();
      } catch (e) {
        err = e;
      }
      return err;
    });
    // Runs while the scope above is suspended.
    const outside = (async () => {
      await tick();
      return Array.from(x.dataSync());
    })();
    expect(await inside).toBeInstanceOf(jp.TransferGuardError);
    expect(await outside).toEqual([1.5, 2]);
    expect(Array.from(x.dataSync())).toEqual([1.5, 2]);
  });

  it('host callbacks receive and return values without tripping the guard', () => {
    jp.config.update('transferGuard', 'disallow');
    const f = jp.jit((a: jp.Array) => jp.pureCallback((b: NdArray) => host(b).map((v) => v + 1), sds(a), [a]));
    expect(host(jp.deviceGet(f(x)))).toEqual([2.5, 3]);
  });
});

describe('profiler', () => {
  it('writes a Chrome trace: a track per worker with kernels named after programs, a host track with callbacks', async () => {
    const path = join(tmpdir(), `jaxpool-callbacks-trace-${process.pid}.json`);
    const dev1 = jp.devices()[1]!;
    const f = jp.jit(function scaled(x: jp.Array) {
      return jp.pureCallback((a: NdArray) => a, sds(x), [x.mul(2)]).add(1);
    });
    f(jnp.array([0.5])).dataSync(); // compiled before tracing
    jp.profiler.startTrace();
    f(jnp.array([1.5])).dataSync();
    f(jp.devicePut(jnp.array([2.5]), dev1)).dataSync();
    await jp.profiler.stopTrace(path);
    const trace = JSON.parse(readFileSync(path, 'utf8')) as {
      traceEvents: { name: string; ph: string; pid: number; tid: number; ts?: number; dur?: number; args?: Record<string, unknown> }[];
    };
    const ev = trace.traceEvents;
    const threadNames = new Map(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, String(e.args!.name)]));
    expect(threadNames.get(0)).toBe('host');
    for (const d of jp.devices()) expect(threadNames.get(100 + d.id)).toBe(String(d));
    const complete = ev.filter((e) => e.ph === 'X');
    for (const e of complete) {
      expect(threadNames.has(e.tid)).toBe(true);
      expect(e.pid).toBe(1);
      expect(Number.isFinite(e.ts) && Number.isFinite(e.dur) && e.dur! >= 0).toBe(true);
    }
    const kernels = complete.filter((e) => e.name === 'scaled');
    expect(kernels.map((e) => threadNames.get(e.tid))).toEqual(['WorkerDevice(id=0)', 'WorkerDevice(id=1)']);
    // Device 1 had not run this program before: it compiled it first, and says so.
    expect(complete.filter((e) => e.name === 'compile scaled').map((e) => threadNames.get(e.tid))).toEqual(['WorkerDevice(id=1)']);
    const callbacks = complete.filter((e) => e.name === 'host callback');
    expect(callbacks.map((e) => [e.tid, e.args!.device])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    // Each call moved its operand to the host (a view) and its result back (a copy), 4 bytes each.
    const transfers = complete.filter((e) => e.name === 'transfer').map((e) => [e.tid, e.args!.direction, e.args!.bytes, e.args!.copy]);
    expect(transfers).toEqual([
      [0, 'deviceToHost', 4, false],
      [0, 'hostToDevice', 4, true],
      [0, 'deviceToHost', 4, false],
      [0, 'hostToDevice', 4, true],
    ]);
  });
});
