// A large elementwise program runs in chunks that its parts take from a control block, and a read
// made while it runs copies finished chunks out as they come (dataSync, tolist, await data()).
// Every element read that way must equal a JS loop, for each output dtype, on two devices and on one.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

// Off a chunk boundary, and large enough that even the bool output (1 byte per element) is read
// in chunks (outputs ≥ 2 MB are).
const N = (1 << 21) + 3;
const data = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 0.011) * 3);

/** Three outputs of one fused program: float32, int32 and bool, each over the whole range. */
const three = (a: jp.Array, idx: jp.Array) => [jnp.sin(a).mul(2).add(a.mul(a)).sub(1), idx.mul(3).add(1), a.gt(0.5)];

function reference(): [Float32Array, Int32Array, Uint8Array] {
  const f = new Float32Array(N);
  const k = new Int32Array(N);
  const b = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const v = data[i]!;
    f[i] = Math.fround(Math.fround(Math.fround(Math.fround(Math.sin(v)) * 2) + Math.fround(v * v)) - 1);
    k[i] = 3 * i + 1;
    b[i] = v > 0.5 ? 1 : 0;
  }
  return [f, k, b];
}

/** The first index where `got` differs from `want`, or -1. */
function firstMismatch(got: ArrayLike<number | boolean>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return -2;
  for (let i = 0; i < want.length; i++) if (Number(got[i]) !== want[i]) return i;
  return -1;
}

/** A slow program on the same input, so the program under test is queued and still running when read. */
const slow = jp.jit((a: jp.Array) => {
  let y = a;
  for (let i = 0; i < 4; i++) y = jnp.sin(y).add(jnp.cos(y));
  return y;
});

const want = reference();
const f = jp.jit(three);

/** The program under test, launched behind a slow one; `beforeLaunch` runs just before it. */
function run(beforeLaunch?: () => void): jp.Array[] {
  const x = jnp.array(data);
  const idx = jnp.arange(N);
  slow(x);
  beforeLaunch?.();
  return f(x, idx) as jp.Array[];
}

function suite(devices: number): void {

  it(`on ${devices} device(s): dataSync of each output while the program runs`, () => {
    expect(jp.devices().length).toBe(devices);
    run(); // compiled everywhere first
    const outs = run(() => jp.transfers.reset());
    // One fused program for the three outputs: one launch per part (a device may be busy).
    expect(jp.transfers.stats().launches).toBeLessThanOrEqual(devices);
    const got = outs.map((o) => o.dataSync());
    for (let j = 0; j < 3; j++) expect(firstMismatch(got[j]!, want[j]!), `output ${j}: first wrong element`).toBe(-1);
    // One copy per output, of exactly its bytes.
    expect(jp.transfers.stats().deviceToHost).toEqual({ count: 3, bytes: N * (4 + 4 + 1) });
  });

  it(`on ${devices} device(s): await data() and tolist() while the program runs`, async () => {
    const [a, b, c] = run();
    const [fa, kb] = await Promise.all([a!.data(), b!.data()]);
    expect(firstMismatch(fa, want[0])).toBe(-1);
    expect(firstMismatch(kb, want[1])).toBe(-1);
    const list = c!.tolist() as boolean[];
    expect(list.every((v) => typeof v === 'boolean')).toBe(true);
    expect(firstMismatch(list, want[2])).toBe(-1);
  });

  it(`on ${devices} device(s): a read while running equals a read after blockUntilReady, for sizes near a chunk boundary`, async () => {
    const g = jp.jit((a: jp.Array) => a.mul(a).add(a));
    for (const n of [1 << 19, (1 << 19) + 1, 8192 * 70 - 1, 8192 * 70]) {
      const xs = jnp.array(data.subarray(0, n));
      slow(jnp.array(data));
      const running = g(xs).dataSync();
      const done = g(xs);
      await done.blockUntilReady();
      expect(firstMismatch(running, done.dataSync()), `n=${n}`).toBe(-1);
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) {
        const v = data[i]!;
        if (running[i] !== Math.fround(Math.fround(v * v) + v)) bad = i;
      }
      expect(bad, `n=${n}: first wrong element`).toBe(-1);
    }
  });
}

describe('reading a chunked result as it is computed', () => {
  jp.config.update('numDevices', 2);
  describe('two devices', () => suite(2));
  describe('one device', () => {
    it('switches to one device', async () => {
      await jp.shutdown();
      jp.config.update('numDevices', 1);
      expect(jp.devices().length).toBe(1);
    });
    suite(1);
  });
});

afterAll(async () => {
  await jp.shutdown();
});
