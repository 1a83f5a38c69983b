// devicePut gives the new array the buffer of the one it was given (no copy in the shared heap):
// both hold it, and it is freed only when both let go — by delete() or by being collected. (Before,
// collecting the dropped original freed the buffer under the put array: a later allocation then
// overwrote its values, found by an eager chain beside a reduction, issue 19.)
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { vals } from './helpers.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp, testing } = jp;

describe('devicePut shares a buffer safely', () => {
  it('the put array keeps its values after the original is dropped and collected and memory is reused', () => {
    const dev = jp.devices()[1]!;
    const put = jp.devicePut(jnp.arange(1024, { dtype: 'float32' }).add(1), dev);
    testing.memoryStats({ collect: true });
    // Fresh allocations of the same size would take a freed buffer first.
    const others = Array.from({ length: 8 }, (_, k) => jnp.full([1024], -k, { dtype: 'float32' }).mul(3));
    others.forEach((o) => o.dataSync());
    const v = vals(put);
    expect(v[0]).toBe(1);
    expect(v[1023]).toBe(1024);
    expect(vals(jnp.sum(put))[0]).toBe((1024 * 1025) / 2);
  });

  it('delete() of either array leaves the other whole; the buffer goes when both let go', () => {
    const a = jnp.arange(256, { dtype: 'float32' }).mul(2);
    a.dataSync();
    const base = testing.memoryStats({ collect: true }).liveBuffers;
    const b = jp.devicePut(a, jp.devices()[0]!);
    expect(testing.memoryStats({ collect: true }).liveBuffers).toBe(base); // shared, not copied
    a.delete();
    for (let k = 0; k < 4; k++) jnp.array(new Float32Array(256).fill(k)).dataSync();
    expect(testing.memoryStats({ collect: true }).liveBuffers).toBe(base);
    expect(vals(b)[255]).toBe(510);
    b.delete();
    b.delete();
    expect(testing.memoryStats({ collect: true }).liveBuffers).toBe(base - 1);
  });

  it('a JS scalar put on a device stays the scalar cache’s (collecting the put array frees nothing shared)', () => {
    for (let k = 0; k < 50; k++) jp.devicePut(3, jp.devices()[k % 2]!).add(1).dataSync();
    testing.memoryStats({ collect: true });
    for (let k = 0; k < 8; k++) jnp.full([16], -1, { dtype: 'float32' }).mul(k).dataSync();
    expect(vals(jnp.array([1, 2], { dtype: 'float32' }).add(3))).toEqual([4, 5]);
    expect(vals(jp.devicePut(3, jp.devices()[0]!).add(1))).toEqual([4]);
  });
});
