// Memory stays bounded (issue 13 item 5): a synchronous loop of eager ops and reads, and eager or
// jitted calls over many different shapes (compile caches are LRU-bounded, `compileCacheSize`, and
// programs evicted from them are unloaded from the workers).
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const defaultCacheSize = jp.config.values.compileCacheSize;
afterEach(() => jp.config.update('compileCacheSize', defaultCacheSize));

describe('a synchronous loop', () => {
  it('x = x.add(1); x.dataSync() holds a constant number of buffers and bytes, and the value is right', () => {
    // 64 KiB per step: the heap collects dropped arrays every 64 MiB of allocation, so a few
    // thousand steps go through several collections.
    let x = jnp.zeros([16_384]);
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        x = x.add(1);
        x.dataSync();
      }
    };
    run(3000); // warm: caches filled, heap grown to its working size
    const before = jp.testing.memoryStats({ collect: true });
    run(5000);
    const after = jp.testing.memoryStats({ collect: true });
    expect(x.dataSync()[0]).toBe(8000);
    expect(after.liveBuffers).toBeLessThanOrEqual(before.liveBuffers + 2);
    expect(after.liveBytes).toBeLessThanOrEqual(before.liveBytes + 2048);
    expect(after.heapBytes).toBe(before.heapBytes);
    expect(after.loadedPrograms).toBe(before.loadedPrograms);
    expect(after.failureRecords).toBe(0);
  });

  it('a chain of launches nobody reads in between keeps no growing history', async () => {
    let x = jnp.zeros([16]);
    for (let i = 0; i < 5000; i++) x = x.add(1);
    expect(Array.from(await x.data()).slice(0, 2)).toEqual([5000, 5000]);
    const before = jp.testing.memoryStats({ collect: true });
    for (let i = 0; i < 20_000; i++) x = x.add(1);
    expect(Array.from(await x.data()).slice(0, 2)).toEqual([25_000, 25_000]);
    const after = jp.testing.memoryStats({ collect: true });
    expect(after.liveBuffers).toBeLessThanOrEqual(before.liveBuffers + 2);
  });
});

describe('small arrays', () => {
  // Small buffers' arrays wait in a nursery before they are registered for finalization (heap.ts):
  // whether they leave it alive, dropped or deleted, each buffer is freed exactly when it should be.
  it('dropped ones are freed by a collection, kept ones keep their values, deleted ones are freed at once', () => {
    const one = jnp.array(new Float32Array([1]));
    const f = jp.jit((x: jp.Array) => x.add(1));
    const base = jp.testing.memoryStats({ collect: true }).liveBuffers;
    for (let i = 0; i < 10; i++) f(one).dataSync();
    expect(jp.testing.memoryStats({ collect: true }).liveBuffers).toBe(base);
    const kept = Array.from({ length: 200 }, (_, i) => jnp.array(new Float32Array([i])).add(one));
    const mid = jp.testing.memoryStats({ collect: true });
    expect(mid.liveBuffers).toBeGreaterThanOrEqual(base + 200);
    expect(kept.map((a) => a.dataSync()[0])).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    kept.length = 0;
    expect(jp.testing.memoryStats({ collect: true }).liveBuffers).toBe(base);
    for (let i = 0; i < 100; i++) f(one).delete();
    expect(jp.testing.memoryStats().liveBuffers).toBe(base);
  });
});

describe('many shapes', () => {
  it('eager ops over 600 shapes keep at most compileCacheSize programs per cache, loaded or not', () => {
    jp.config.update('compileCacheSize', 32);
    const base = jp.testing.memoryStats().loadedPrograms;
    for (let n = 1; n <= 600; n++) {
      const v = jnp.sin(jnp.ones([n])).sum();
      expect(v.item()).toBeCloseTo(n * Math.sin(1), 2);
    }
    const s = jp.testing.memoryStats({ collect: true });
    // sin, sum and ones each keep at most 32 signatures (plus the scalar paths).
    expect(s.loadedPrograms - base).toBeLessThanOrEqual(4 * 32 * jp.devices().length);
  });

  it('one jitted function over 400 shapes keeps at most compileCacheSize traces and programs', () => {
    jp.config.update('compileCacheSize', 16);
    const f = jp.jit((a: jp.Array) => a.mul(2).add(1).sum());
    const base = jp.testing.memoryStats().loadedPrograms;
    for (let n = 1; n <= 400; n++) expect(f(jnp.ones([n])).item()).toBe(3 * n);
    const s = jp.testing.memoryStats({ collect: true });
    expect(s.loadedPrograms - base).toBeLessThanOrEqual(3 * 16 * jp.devices().length);
    // An evicted signature compiles again, and computes the same.
    expect(f(jnp.ones([1])).item()).toBe(3);
  });

  it('compileCacheSize must be a positive integer', () => {
    expect(() => jp.config.update('compileCacheSize', 0)).toThrow(/compileCacheSize/);
    expect(() => jp.config.update('compileCacheSize', 1.5)).toThrow(/compileCacheSize/);
  });
});
