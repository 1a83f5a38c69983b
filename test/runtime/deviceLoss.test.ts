// Device loss is prompt and precise (issue 13 item 6): a worker that dies — process.exit in a
// kernel, an uncaught crash, out of memory, terminate() — raises DeviceLostError for work on it,
// also while the host is blocked reading it, during a launch split across devices, and while a
// Promise callback is pending; the pool replaces every lost worker and the replacements work.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { readError, vals } from './helpers.js';
import type { NdArray } from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
// A wait that missed the loss would end in a TimeoutError only after this long (never within a test).
jp.config.update('syncTimeoutMs', 600_000);
const { numpy: jnp } = jp;
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);
const double = jp.jit((a: jp.Array) => a.mul(2));

/** Every device computes again, each on its own. */
function expectAllWork(): void {
  for (const d of jp.devices()) expect(vals(double(jp.devicePut(jnp.array([d.id + 0.5], { dtype: 'float32' }), d)))).toEqual([2 * d.id + 1]);
}

describe('device loss', () => {
  it('raises DeviceLostError for arrays on a killed worker and recovers', async () => {
    const devs = jp.devices();
    const target = devs[devs.length - 1]!;
    const x = jp.devicePut(jnp.array(new Float32Array([1.5, 2])), target);
    const y = double(x);
    expect(vals(y)).toEqual([3, 4]);
    await jp.testing.killDevice(target.id);
    const err = readError(() => y.add(1).dataSync());
    expect(err).toBeInstanceOf(jp.DeviceLostError);
    expect((err as Error).message).toMatch(/WorkerDevice\(id=\d\) was lost/);
    // A fresh array on the same device works, and so do other devices.
    const z = jp.devicePut(jnp.array(new Float32Array([3.5])), target);
    expect(vals(double(z))).toEqual([7]);
    expect(vals(jnp.array(new Float32Array([1, 2])).add(1))).toEqual([2, 3]);
  });

  it.each(['exit', 'crash', 'terminate'] as const)('a worker that dies mid-kernel (%s) while the host is blocked reading: DeviceLostError', async (how) => {
    const target = jp.devices()[1]!;
    const x = jp.devicePut(jnp.arange(8, { dtype: 'float32' }), target);
    const replaced = jp.testing.killDevice(target.id, { when: 'midKernel', how });
    const err = readError(() => double(x).dataSync());
    expect(err).toBeInstanceOf(jp.DeviceLostError);
    expect((err as Error).message).toContain(`${target}`);
    await replaced;
    expectAllWork();
  });

  it('a worker that dies during an awaited read: the Promise rejects with DeviceLostError', async () => {
    const target = jp.devices()[0]!;
    const replaced = jp.testing.killDevice(target.id, { when: 'midKernel', how: 'exit' });
    const err = await double(jp.devicePut(jnp.ones([4]), target))
      .data()
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(jp.DeviceLostError);
    await replaced;
    expectAllWork();
  });

  it('a device lost during a launch split across devices: DeviceLostError naming the program', async () => {
    const big = jnp.ones([1 << 19]);
    const f = jp.jit(function splitWork(a: jp.Array) {
      return jnp.sin(a).mul(2).add(a);
    });
    expect(f(big).sum().item()).toBeCloseTo((1 << 19) * (2 * Math.sin(1) + 1), -2);
    const replaced = jp.testing.killDevice(1, { when: 'midKernel', how: 'exit' });
    const err = readError(() => f(big).dataSync());
    expect(err).toBeInstanceOf(jp.DeviceLostError);
    expect((err as Error).message).toMatch(/splitWork/);
    await replaced;
    expect(f(big).sum().item()).toBeCloseTo((1 << 19) * (2 * Math.sin(1) + 1), -2);
    expectAllWork();
  });

  it('a device lost while a Promise callback of its program is pending: DeviceLostError, and the replacement works', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const f = jp.jit((x: jp.Array) => jp.pureCallback(async (a: NdArray) => (await gate, a), sds(x), [x]));
    const target = jp.devices()[1]!;
    const replaced = jp.testing.killDevice(target.id, { when: 'duringCallback' });
    const pending = f(jp.devicePut(jnp.array([1, 2], { dtype: 'float32' }), target))
      .data()
      .then(() => null, (e: unknown) => e);
    await replaced;
    expect(await pending).toBeInstanceOf(jp.DeviceLostError);
    expectAllWork();
    // The callback settling late changes nothing on the replacement.
    release();
    await new Promise((r) => setTimeout(r, 10));
    expectAllWork();
    // Callbacks work on the replacement too, sync and async.
    const g = jp.jit((x: jp.Array) => jp.pureCallback(async (a: NdArray) => a, sds(x), [x]).add(1));
    expect(Array.from(await g(jp.devicePut(jnp.array([4], { dtype: 'float32' }), target)).data())).toEqual([5]);
  });

  it('a device lost during a blocking read of its queue (killed by the read): DeviceLostError', async () => {
    const target = jp.devices()[0]!;
    const replaced = jp.testing.killDevice(target.id, { when: 'duringRead', how: 'terminate' });
    const err = readError(() => double(jp.devicePut(jnp.ones([3]), target)).dataSync());
    expect(err).toBeInstanceOf(jp.DeviceLostError);
    await replaced;
    expectAllWork();
  });

  it('every worker dies at once: each is replaced and computes', async () => {
    const devs = jp.devices();
    await Promise.all(devs.map((d) => jp.testing.killDevice(d.id, { how: 'terminate' })));
    expectAllWork();
    await Promise.all(devs.map((d) => jp.testing.killDevice(d.id, { how: 'exit' })));
    expectAllWork();
  });

  it('replacements attach reliably, one loss after another, however each worker died', async () => {
    const ways = ['exit', 'crash', 'terminate'] as const;
    for (let r = 0; r < 9; r++) {
      const d = jp.devices()[r % jp.devices().length]!;
      await jp.testing.killDevice(d.id, { how: ways[r % 3] });
      expectAllWork();
      // The event-loop path notices the loss too (not only a blocked read).
      const replaced = jp.testing.killDevice(d.id, { when: 'midKernel', how: ways[(r + 1) % 3] });
      const err = await double(jp.devicePut(jnp.ones([2]), d))
        .data()
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(jp.DeviceLostError);
      await replaced;
      expectAllWork();
    }
  });
});

describe('out of memory on a worker', () => {
  it('a worker past its resource limits is lost (DeviceLostError) and replaced', () => {
    const script = `
      import * as jp from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
      jp.config.update('syncTimeoutMs', 600_000);
      const jnp = jp.numpy;
      const f = jp.jit((a) => a.mul(2));
      const x = jp.devicePut(jnp.ones([4]), jp.devices()[0]);
      const replaced = jp.testing.killDevice(0, { when: 'midKernel', how: 'oom' });
      let name = 'none';
      try { f(x).dataSync(); } catch (e) { name = e.constructor.name; }
      await replaced;
      console.log(name, Array.from(f(jp.devicePut(jnp.ones([2]), jp.devices()[0])).dataSync()).join(','));
      await jp.shutdown();
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, JAXPOOL_NUM_DEVICES: '1', JAXPOOL_WORKER_MAX_MB: '32' },
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim().split('\n').at(-1)).toBe('DeviceLostError 2,2');
  });
});

describe('process lifetime', () => {
  it('a script that uses the pool and never calls shutdown() exits by itself', () => {
    const script = `
      import * as jp from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
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
