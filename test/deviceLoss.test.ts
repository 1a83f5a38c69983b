// A worker that dies loses its arrays (DeviceLostError); the pool replaces it and keeps working.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as jp from '../src/index.js';
import { _killDevice } from '../src/runtime/devices.js';

const { numpy: jnp } = jp;

describe('device loss', () => {
  it('raises DeviceLostError for arrays on a killed worker and recovers', async () => {
    const devs = jp.devices();
    const target = devs[devs.length - 1]!;
    const x = jp.devicePut(jnp.array(new Float32Array([1.5, 2])), target);
    const y = jp.jit((a: jp.Array) => a.mul(2))(x);
    expect(Array.from(y.dataSync())).toEqual([3, 4]);
    await _killDevice(target.id);
    expect(() => y.add(1).dataSync()).toThrow(jp.DeviceLostError);
    // A fresh array on the same device works, and so do other devices.
    const z = jp.devicePut(jnp.array(new Float32Array([3.5])), target);
    expect(Array.from(jp.jit((a: jp.Array) => a.mul(2))(z).dataSync())).toEqual([7]);
    expect(Array.from(jnp.array(new Float32Array([1, 2])).add(1).dataSync())).toEqual([2, 3]);
  });
});

describe('process lifetime', () => {
  it('a script that uses the pool and never calls shutdown() exits by itself', () => {
    const script = `
      import * as jp from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))};
      const x = jp.numpy.array(new Float32Array([1, 2, 3]));
      const y = jp.jit((a) => jp.numpy.sin(a).mul(2))(x);
      console.log(Array.from(y.dataSync()).join(','));
      jp.debug.print('printed {}', x.sum());
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    const [first, second] = r.stdout.trim().split('\n');
    expect(first).toBe([1, 2, 3].map((v) => Math.fround(Math.fround(Math.sin(v)) * 2)).join(','));
    expect(second).toBe('printed 6.0');
  });
});
