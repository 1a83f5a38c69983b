// The public testing namespace (API.md section 6, issue 13 item 11): fault injection at a chosen
// moment and memory figures, with no internal paths.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { memoryStats, testing } from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;

describe('testing.memoryStats', () => {
  it('counts live device buffers and bytes as arrays come and go; the top-level export is the same', () => {
    const before = testing.memoryStats();
    const a = jnp.zeros([1000], { dtype: 'float32' });
    a.dataSync();
    const mid = testing.memoryStats();
    expect(mid.liveBuffers - before.liveBuffers).toBeGreaterThanOrEqual(1);
    expect(mid.liveBytes - before.liveBytes).toBeGreaterThanOrEqual(4000);
    expect(mid.peakBytes).toBeGreaterThanOrEqual(mid.liveBytes);
    expect(mid.heapBytes).toBeGreaterThanOrEqual(mid.liveBytes);
    a.delete();
    const after = memoryStats();
    expect(after.liveBytes).toBe(mid.liveBytes - 4000);
    expect(Object.keys(after).sort()).toEqual(['failureRecords', 'heapBytes', 'liveBuffers', 'liveBytes', 'loadedPrograms', 'peakBytes']);
  });

  it('counts failure records of unread failed results, until read or dropped', async () => {
    const dev = jp.devices()[0]!;
    const x = jp.devicePut(jnp.array([1], { dtype: 'float32' }), dev);
    const f = jp.jit((v: jp.Array) =>
      jp.pureCallback(
        () => {
          throw new Error('no');
        },
        new jp.ShapeDtypeStruct([1], 'float32'),
        [v],
      ),
    );
    const settle = () => x.add(1).dataSync(); // queued behind them: once read, they all ran
    const base = testing.memoryStats().failureRecords;
    let outs = Array.from({ length: 5 }, () => f(x));
    settle();
    expect(testing.memoryStats().failureRecords - base).toBe(5);
    for (const o of outs) expect(() => o.dataSync()).toThrow(jp.CallbackError);
    expect(testing.memoryStats().failureRecords).toBe(base);
    // Reading again still raises, and counts nothing.
    expect(() => outs[0]!.dataSync()).toThrow(jp.CallbackError);
    outs = Array.from({ length: 5 }, () => f(x));
    settle();
    expect(testing.memoryStats().failureRecords - base).toBe(5);
    outs = [];
    await new Promise((r) => setTimeout(r, 0));
    expect(testing.memoryStats({ collect: true }).failureRecords).toBe(base);
  });
});

describe('testing.killDevice', () => {
  it('rejects an unknown device, moment or way', async () => {
    await expect(testing.killDevice(99)).rejects.toThrow(/no device 99/);
    await expect(testing.killDevice(0, { when: 'later' as never })).rejects.toThrow(/when/);
    await expect(testing.killDevice(0, { how: 'gently' as never })).rejects.toThrow(/how/);
  });

  it('before a launch: the launch meets the dead worker and raises DeviceLostError', async () => {
    const d = jp.devices()[1]!;
    const replaced = testing.killDevice(d.id, { when: 'beforeLaunch' });
    const x = jp.devicePut(jnp.ones([2]), d);
    expect(() => x.add(1).dataSync()).toThrow(jp.DeviceLostError);
    await replaced;
    expect(Array.from(jp.devicePut(jnp.ones([2]), d).add(1).dataSync())).toEqual([2, 2]);
  });
});
