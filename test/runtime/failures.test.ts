// Failures are never lost or turned into values (issue 13 item 1): any number of unread failed
// programs each raise their own error when read, and holding or reading them costs no memory
// that stays behind.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const { numpy: jnp } = jp;
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);

/** The error a blocking read of `a` throws, or its values. */
function read(a: jp.Array): unknown {
  try {
    return Array.from(a.dataSync());
  } catch (e) {
    return e;
  }
}

/** Memory figures after the event loop turned and garbage (dropped arrays) was collected. */
async function settleMemory(): Promise<jp.MemoryStats> {
  await new Promise((r) => setTimeout(r, 10));
  return jp.testing.memoryStats({ collect: true });
}

// A callback failing with a message naming its input: each failure is told apart by its message.
const failing = jp.jit((x: jp.Array, i: jp.Array) =>
  jp.pureCallback(
    (_a: NdArray, b: NdArray) => {
      const k = b.get() as number;
      if (k % 3 !== 2) throw new RangeError(`bad input ${k}`);
      return jp.nj.array(new Float32Array([k, k, k]));
    },
    sds(x),
    [x, i],
  ),
);
const x = jnp.array([1, 2, 3], { dtype: 'float32' });
const idx = (k: number) => jnp.array(k, { dtype: 'int32' });

describe('many unread failures', () => {
  it.each([false, true])('each of 300 failed calls raises its own error, read in any order (also after waiting for all: %s)', async (waitFirst) => {
    const n = 300;
    const outs = Array.from({ length: n }, (_, k) => failing(x, idx(k)));
    // Let every program finish before any read, so every failure is recorded before one is looked at.
    if (waitFirst) await Promise.allSettled(outs.map((o) => o.blockUntilReady()));
    const order = [...outs.keys()].reverse();
    for (const k of order) {
      const r = read(outs[k]!);
      if (k % 3 === 2) {
        expect(r).toEqual([k, k, k]);
        continue;
      }
      expect(r).toBeInstanceOf(jp.CallbackError);
      expect((r as Error).message).toContain(`bad input ${k}`);
      expect(((r as Error).cause as Error).message).toBe(`bad input ${k}`);
      // Reading again raises the same failure again (never a value).
      expect((read(outs[k]!) as Error).message).toContain(`bad input ${k}`);
    }
  });

  it('failures on every device, read through the event loop, each keep their message', async () => {
    const devs = jp.devices();
    const outs = Array.from({ length: 120 }, (_, k) => failing(jp.devicePut(x, devs[k % devs.length]!), idx(k)));
    const settled = await Promise.allSettled(outs.map((o) => o.data()));
    settled.forEach((s, k) => {
      if (k % 3 === 2) expect(s.status === 'fulfilled' && Array.from(s.value)).toEqual([k, k, k]);
      else expect(s.status === 'rejected' && (s.reason as Error).message).toContain(`bad input ${k}`);
    });
  });

  it('work depending on a failed result fails with its error, also many steps downstream', () => {
    const outs = Array.from({ length: 40 }, (_, k) => failing(x, idx(k * 3)));
    const chains = outs.map((o) => {
      let y = o;
      for (let s = 0; s < 5; s++) y = y.add(1).mul(2);
      return y;
    });
    for (let k = chains.length - 1; k >= 0; k--) expect((read(chains[k]!) as Error).message).toContain(`bad input ${k * 3}`);
  });

  it('eager callbacks that fail, unread, keep their own errors too', () => {
    const outs = Array.from({ length: 60 }, (_, k) =>
      jp.pureCallback(
        () => {
          throw new Error(`eager ${k}`);
        },
        sds(x),
        [x],
      ),
    );
    for (let k = outs.length - 1; k >= 0; k--) expect(((read(outs[k]!) as Error).cause as Error).message).toBe(`eager ${k}`);
  });
});

describe('memory per failure', () => {
  it('failure records and the failed outputs’ buffers are freed once read or dropped', async () => {
    const round = async (readThem: boolean) => {
      const outs = Array.from({ length: 500 }, (_, k) => failing(x, idx(3 * k)));
      if (readThem) for (const o of outs) expect(read(o)).toBeInstanceOf(jp.CallbackError);
      // Unread: wait until all ran, then drop them.
      else await outs.at(-1)!.blockUntilReady().catch(() => undefined);
    };
    await round(true);
    const before = await settleMemory();
    for (let r = 0; r < 4; r++) await round(r % 2 === 0);
    const after = await settleMemory();
    // 2000 more failures: no failure record, device buffer or byte left behind by them.
    expect(after.failureRecords).toBeLessThanOrEqual(before.failureRecords);
    expect(after.liveBuffers).toBeLessThanOrEqual(before.liveBuffers + 8);
    expect(after.liveBytes).toBeLessThanOrEqual(before.liveBytes + 1024);
  });
});
