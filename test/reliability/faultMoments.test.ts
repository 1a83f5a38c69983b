// Found by the reliability harness's fault injection: a 'duringRead' kill of a device that a read
// waits on only indirectly (an input computed there, a part of a launch split across devices) never
// fired — the worker stayed parked and the read ended in a TimeoutError after syncTimeoutMs instead
// of DeviceLostError; and a kill armed for a moment that never came then killed the replacement.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;
const N = 1 << 19;
const split = jp.jit(function splitWork(a: jp.Array) {
  return jnp.sin(a).mul(2).add(a);
});
const want = Math.fround(Math.fround(2 * Math.fround(Math.sin(1))) + 1);

function readOutcome(f: () => ArrayLike<number>): string {
  try {
    const v = f();
    return Array.from(v).every((x) => x === want) ? 'value' : 'WRONG';
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

describe('duringRead kills', () => {
  it.each([0, 1])('of device %i while a split launch on a fresh input is read: DeviceLostError or the value, promptly', async (id) => {
    const before = jp.config.values.syncTimeoutMs;
    // Long enough for a loaded machine, far shorter than the wait a missed kill meant.
    jp.config.update('syncTimeoutMs', 30_000);
    try {
      const replaced = jp.testing.killDevice(id, { when: 'duringRead', how: 'exit' });
      const out = readOutcome(() => split(jnp.ones([N], { dtype: 'float32' })).dataSync());
      expect(['DeviceLostError', 'value']).toContain(out);
      await replaced;
      // The replacement is not killed again, and everything computes.
      for (let k = 0; k < 3; k++) expect(readOutcome(() => split(jnp.ones([N], { dtype: 'float32' })).dataSync())).toBe('value');
      for (const d of jp.devices()) expect(Array.from(jp.devicePut(jnp.array([1, 2]), d).mul(2).dataSync())).toEqual([2, 4]);
    } finally {
      jp.config.update('syncTimeoutMs', before);
    }
  }, 120_000);
});
