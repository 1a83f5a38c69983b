// Found by the reliability harness's fault injection: testing.killDevice(id, { how: 'terminate' })
// on a device whose worker had not attached yet (a pool still starting) found no thread to end,
// dropped the kill, and its promise never resolved. Now the kill waits for the thread.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('a terminate armed while the pool is still starting ends the worker once it attaches, and the replacement computes', () => {
  const script = `
    import * as jp from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
    jp.config.update('numDevices', 2);
    const jnp = jp.numpy;
    const dev = jp.devices()[1];
    const x = jp.devicePut(jnp.arange(4, { dtype: 'float32' }), dev);
    const y = jp.jit((a) => a.mul(2))(x);
    const timer = setTimeout(() => { console.log('not replaced'); process.exit(3); }, 45_000);
    await jp.testing.killDevice(1, { how: 'terminate' });
    clearTimeout(timer);
    let read;
    try { read = Array.from(y.dataSync()).join(','); } catch (e) { read = e.constructor.name; }
    console.log(read, Array.from(jp.devicePut(jnp.ones([2]), jp.devices()[1]).add(1).dataSync()).join(','));
    await jp.shutdown();
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 90_000 });
  expect(r.stderr).not.toMatch(/Error/);
  // The earlier result was computed before the kill or lost with the worker; never a wrong value.
  expect(r.stdout.trim()).toMatch(/^(0,2,4,6|DeviceLostError) 2,2$/);
  expect(r.status).toBe(0);
}, 120_000);
