// Intra-op parallelism for reductions: a large reduction is split by its reduced range across
// idle devices and the partials combined; sums/products reassociate (within tolerance of a float64
// reference), max/min and integer/bool reductions stay exact; small ones run on one device.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

jp.config.update('numDevices', 2);
const { numpy: jnp, lax } = jp;

const N = 1_000_000;
const data = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 0.37) * 2 + ((i * 7919) % 1013) / 1013);
const x = jnp.array(data);
const scalar = (a: jp.Array) => a.item() as number;

/** Float64 accumulation over the float32 data, as the reference. */
function reference(op: (acc: number, v: number) => number, init: number, values: ArrayLike<number> = data): number {
  let acc = init;
  for (let i = 0; i < values.length; i++) acc = op(acc, values[i]!);
  return acc;
}

function expectClose(got: number, want: number, rel = 1e-6): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
}

describe('split reductions equal a float64 reference', () => {
  it('sum and mean', () => {
    const sum = reference((a, v) => a + v, 0);
    expectClose(scalar(jp.jit((a: jp.Array) => jnp.sum(a))(x)), sum);
    expectClose(scalar(jp.jit((a: jp.Array) => jnp.mean(a))(x)), sum / N);
    // Eager reductions take the same path.
    expectClose(scalar(jnp.sum(x)), sum);
  });

  it('max and min are exact, NaN included', () => {
    expect(scalar(jp.jit((a: jp.Array) => jnp.max(a))(x))).toBe(reference(Math.max, -Infinity));
    expect(scalar(jp.jit((a: jp.Array) => jnp.min(a))(x))).toBe(reference(Math.min, Infinity));
    const withNan = data.slice();
    withNan[N - 3] = NaN; // in the last part
    expect(scalar(jnp.max(jnp.array(withNan)))).toBeNaN();
    expect(scalar(jnp.min(jnp.array(withNan)))).toBeNaN();
  });

  it('prod', () => {
    const near1 = Float32Array.from(data, (v) => 1 + (v - 0.5) * 1e-4);
    expectClose(scalar(jp.jit((a: jp.Array) => jnp.prod(a))(jnp.array(near1))), reference((a, v) => a * v, 1, near1));
  });

  it('fused producers, an epilogue, and repeated calls', () => {
    const f = jp.jit((a: jp.Array) => jnp.sum(jnp.sin(a).mul(a)).mul(2).add(1));
    const want = reference((acc, v) => acc + Math.fround(Math.fround(Math.sin(v)) * v), 0) * 2 + 1;
    for (let k = 0; k < 3; k++) expectClose(scalar(f(x)), want);
  });

  it('reductions over some axes', () => {
    const m = jnp.array(data.subarray(0, 1024 * 512)).reshape(1024, 512);
    const cols = Array.from(jp.jit((a: jp.Array) => jnp.sum(a, 0))(m).dataSync());
    const rows = Array.from(jp.jit((a: jp.Array) => jnp.max(a.reshape(4, 131072), 1))(m).dataSync());
    for (let j = 0; j < 512; j++) {
      let s = 0;
      for (let i = 0; i < 1024; i++) s += data[i * 512 + j]!;
      expectClose(cols[j]!, Math.fround(s));
    }
    for (let i = 0; i < 4; i++) expect(rows[i]).toBe(reference(Math.max, -Infinity, data.subarray(i * 131072, (i + 1) * 131072)));
  });

  it('integer and bool reductions are exact', () => {
    const ints = Int32Array.from({ length: N }, (_, i) => ((i * 7919) % 2001) - 1000 + (i === 777_777 ? 5000 : 0));
    const xi = jnp.array(ints);
    expect(scalar(jp.jit((a: jp.Array) => jnp.sum(a))(xi))).toBe(reference((a, v) => a + v, 0, ints));
    expect(scalar(jp.jit((a: jp.Array) => jnp.max(a))(xi))).toBe(4000 + ((777_777 * 7919) % 2001));
    const flags = jnp.array(ints).gt(3999);
    expect(scalar(jp.jit((a: jp.Array) => jnp.any(a))(flags))).toBe(true);
    expect(scalar(jp.jit((a: jp.Array) => jnp.all(a))(flags))).toBe(false);
    expect(scalar(jnp.sum(flags))).toBe(1);
  });

  it('a large reduction inside a loop body runs as one part', () => {
    const f = jp.jit((a: jp.Array) => lax.foriLoop(0, 3, (_i: jp.Array, c: jp.Array) => c.add(jnp.sum(a)), jnp.zeros([])));
    expectClose(scalar(f(x)), Math.fround(reference((a, v) => a + v, 0)) * 3);
  });
});

describe('where split reductions run', () => {
  it('a large reduction launches on both devices; a small one once, on one', async () => {
    const f = jp.jit(function bigSum(a: jp.Array) {
      return jnp.sum(a);
    });
    f(x).dataSync(); // compiled on both devices before tracing
    jp.transfers.reset();
    const path = join(tmpdir(), `jaxpool-split-trace-${process.pid}.json`);
    jp.profiler.startTrace();
    f(x).dataSync();
    await jp.profiler.stopTrace(path);
    expect(jp.transfers.stats().launches).toBe(2);
    const trace = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: { name: string; ph: string; tid: number }[] };
    const runs = trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'bigSum').map((e) => e.tid);
    expect(runs.sort()).toEqual([100, 101]);

    const small = jp.jit((a: jp.Array) => jnp.sum(a));
    const xs = jnp.array(data.subarray(0, 1000));
    small(xs).dataSync();
    jp.transfers.reset();
    expectClose(scalar(small(xs)), reference((a, v) => a + v, 0, data.subarray(0, 1000)));
    expect(jp.transfers.stats().launches).toBe(1);
  });
});

describe('row-split matmul', () => {
  it('a large float32 matmul runs as row ranges on both devices, within float32 accumulation error of float64', () => {
    const [M, K, Ncols] = [257, 300, 203];
    const a = new Float32Array(M * K).map((_, i) => Math.sin(i) * 3);
    const b = new Float32Array(K * Ncols).map((_, i) => Math.cos(i * 0.7));
    const A = jnp.array(a).reshape([M, K]);
    const B = jnp.array(b).reshape([K, Ncols]);
    const mm = jp.jit((p: jp.Array, q: jp.Array) => jnp.matmul(p, q));
    mm(A, B).dataSync(); // compiled on both devices first
    jp.transfers.reset();
    const got = mm(A, B).dataSync();
    expect(jp.transfers.stats().launches).toBe(2);
    // Rows of both parts, both row blocks and the rows past the last block of 4.
    for (const [i, j] of [[0, 0], [128, 101], [255, 202], [256, 0], [256, 202], [129, 7]] as const) {
      let [s, abs] = [0, 0];
      for (let k = 0; k < K; k++) {
        s += a[i * K + k]! * b[k * Ncols + j]!;
        abs += Math.abs(a[i * K + k]! * b[k * Ncols + j]!);
      }
      expect(Math.abs(got[i * Ncols + j]! - s)).toBeLessThanOrEqual((K + 1) * 2 ** -24 * abs);
    }
  });
});

describe('split elementwise programs', () => {
  it('a large WASM elementwise program runs as ranges on both devices, bit-identical to the JS kernel', () => {
    const n = 300_001;
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.013) * 4);
    const xs = jnp.array(data);
    const f = (a: jp.Array) => jnp.sin(a).mul(2).add(a.mul(a)).sub(1);
    const g = jp.jit(f);
    g(xs).dataSync(); // compiled on both devices first
    jp.transfers.reset();
    const got = g(xs).dataSync();
    expect(jp.transfers.stats().launches).toBe(2);
    jp.config.update('wasm', false);
    try {
      expect(Array.from(got)).toEqual(Array.from(jp.jit(f)(xs).dataSync()));
    } finally {
      jp.config.update('wasm', true);
    }
    // The parts share chunks of the range; every element is checked against a JS loop.
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) {
      const v = data[i]!;
      const ref = Math.fround(Math.fround(Math.fround(Math.fround(Math.sin(v)) * 2) + Math.fround(v * v)) - 1);
      if (got[i] !== ref) bad = i;
    }
    expect(bad, 'first wrong element').toBe(-1);
  });

  it('ranges that chunks do not divide evenly are covered exactly once', () => {
    // Chunks of at least 8192 elements: sizes just above the split threshold and off a chunk
    // boundary. x + i (x = the index) would show a missed or doubled element.
    for (const n of [(1 << 17) + 1, 8192 * 37 + 5, 1_000_003]) {
      const idx = jnp.arange(n);
      const got = jp.jit((a: jp.Array) => a.mul(3).add(1))(idx).dataSync();
      let bad = -1;
      for (let i = 0; i < n && bad < 0; i++) if (got[i] !== 3 * i + 1) bad = i;
      expect(bad, `n=${n}: first wrong element`).toBe(-1);
    }
  });
});
