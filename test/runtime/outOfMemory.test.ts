// Out of memory leaves the heap usable (issue 13 item 2): an allocation beyond what the device
// heap can hold raises a clear error naming the size and the limit, and nothing moves.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

describe('a failed huge allocation', () => {
  it('names the size and the limit, and every ordinary operation works afterwards', () => {
    expect(jnp.arange(3).sum().item()).toBe(3);
    const before = jp.testing.memoryStats();
    const err = (() => {
      try {
        jnp.zeros([1 << 20, 1 << 12]); // 16 GiB of float32: more than the heap may ever hold
        return null;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(jp.JaxpoolError);
    expect(err!.message).toMatch(/17179869184 bytes/);
    expect(err!.message).toMatch(/4294967296 bytes/);
    const after = jp.testing.memoryStats();
    expect(after.heapBytes).toBe(before.heapBytes);
    expect(after.liveBytes).toBeLessThanOrEqual(before.liveBytes + 64);
    // Fresh allocations of every size still land inside the heap and compute.
    for (const n of [1, 1000, 1 << 20, 3 << 20]) {
      const y = jnp.ones([n]).mul(2).sum();
      expect(y.item()).toBe(2 * n);
    }
    expect(Array.from(jp.jit((a: jp.Array) => a.add(1))(jnp.arange(4)).dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('under a lowered limit: the grow that fails leaves the heap as it was, and smaller work still fits', () => {
    const script = `
      import * as jp from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
      const jnp = jp.numpy;
      const out = [];
      for (const n of [4 << 20, 40 << 20, 4 << 20]) {
        try {
          out.push(jnp.zeros([n]).add(1).sum().item());
        } catch (e) {
          out.push(e.constructor.name + ': ' + e.message);
        }
      }
      out.push(jnp.arange(1000).sum().item());
      console.log(JSON.stringify(out));
      await jp.shutdown();
    `;
    // 1024 pages of 64 KiB: a 64 MiB heap.
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, JAXPOOL_HEAP_MAX_PAGES: '1024', JAXPOOL_NUM_DEVICES: '1' },
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as (number | string)[];
    expect(out[0]).toBe(4 << 20);
    expect(out[1]).toMatch(/^JaxpoolError: .*167772160 bytes.*67108864 bytes.*JAXPOOL_HEAP_MAX_PAGES/);
    expect(out[2]).toBe(4 << 20);
    expect(out[3]).toBe(499500);
  });
});
