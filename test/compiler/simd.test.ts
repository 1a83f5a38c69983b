// Vectorised WebAssembly loops (render/wasmVector.ts, wasm/simd.ts): the SIMD exp is faithfully
// rounded (within 1 ulp of Math.fround(Math.exp), below 1 ulp of the exact value) over a dense
// grid of float32 values, special values included; lane reductions (sum, max, min) over rows of
// every length modulo 4 equal the JS backend (max/min exactly, NaN and infinities included; sums within reassociation error);
// elementwise programs vectorised with exact lane ops give the JS backend's bits.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { laneLoop, ulps } from './harness.js';

jp.config.update('numDevices', 2);
const { numpy: jnp } = jp;

/** exp of every element of `xs` by a vectorised WebAssembly loop. */
function simdExp(xs: Float32Array): Float32Array {
  const { out, imports } = laneLoop('exp', xs);
  // The scalar remainder alone calls Math.exp (the import); the loop body uses f32x4 lanes.
  expect(imports).toEqual(['exp']);
  return out;
}

describe('SIMD exp', () => {
  it('is faithfully rounded over a dense grid of [-105, 90]: within 1 ulp of Math.fround(Math.exp), and below 1 ulp of the exact value', () => {
    const n = 1 << 20;
    const xs = Float32Array.from({ length: n }, (_, i) => -105 + (195 * i) / n);
    const got = simdExp(xs);
    let worst = 0;
    let worstExact = 0;
    let differ = 0;
    for (let i = 0; i < n; i++) {
      const want = Math.exp(xs[i]!);
      const d = ulps(got[i]!, Math.fround(want));
      worst = Math.max(worst, d);
      if (d) differ++;
      // Error against the float64 value in units of the float32 spacing there (subnormals: 2^-149).
      const spacing = Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(Math.fround(want) || 2 ** -149)) - 23));
      if (Number.isFinite(want) && Math.fround(want) !== Infinity) worstExact = Math.max(worstExact, Math.abs(got[i]! - want) / spacing);
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(worstExact).toBeLessThan(1);
    // float32 arithmetic: the 1-ulp cases are a minority (about 9 %), not the rule.
    expect(differ / n).toBeLessThan(0.15);
  });

  it('near zero, at the overflow and underflow edges, and special values', () => {
    const edges = [0, -0, 1e-45, -1e-45, 1e-8, -1e-8, 2 ** -24, 0.5, -0.5, 1, -1, 88.72283, 88.72284, 88.7229, 89, 100, 3.4e38, -87.33654, -103.27893, -103.97208, -104, -110, -3.4e38, Infinity, -Infinity, NaN];
    const xs = new Float32Array(edges.length * 4 + 3); // lanes and the scalar remainder
    for (let i = 0; i < xs.length; i++) xs[i] = edges[i % edges.length]!;
    const got = simdExp(xs);
    for (let i = 0; i < xs.length; i++) expect(ulps(got[i]!, Math.fround(Math.exp(xs[i]!))), `exp(${xs[i]})`).toBeLessThanOrEqual(1);
    expect(got[edges.indexOf(Infinity)]).toBe(Infinity);
    expect(got[edges.indexOf(-Infinity)]).toBe(0);
    expect(got[edges.indexOf(0)]).toBe(1);
    expect(got[edges.length - 1]).toBeNaN();
  });
});

/** `f` jitted with WebAssembly on or off. */
function run(wasm: boolean, f: (x: jp.Array) => jp.Array, x: jp.Array): Float32Array {
  jp.config.update('wasm', wasm);
  try {
    return jp.jit(f)(x).dataSync() as Float32Array;
  } finally {
    jp.config.update('wasm', true);
  }
}

describe('vectorised row reductions', () => {
  it.each([
    [4096, 1],
    [2000, 3],
    [8, 1001],
    [1001, 5],
    [64, 66],
  ])('%i rows of %i: max and min exactly, sums within reassociation error of the JS backend', (rows, cols) => {
    const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.37) * 50);
    data[3] = NaN;
    data[cols * 2 + (cols > 1 ? 1 : 0)] = Infinity;
    data[cols * 5] = -Infinity;
    data[(rows - 1) * cols + cols - 1] = NaN; // the last row's last element: the scalar remainder
    const x = jnp.array(data).reshape(rows, cols);
    for (const f of [(a: jp.Array) => jnp.max(a, 1), (a: jp.Array) => jnp.min(a, 1), (a: jp.Array) => jnp.max(jnp.abs(a).mul(-1), 1)]) {
      expect(Array.from(run(true, f, x))).toEqual(Array.from(run(false, f, x)));
    }
    const sum = (a: jp.Array) => jnp.sum(a.mul(a), 1);
    const [got, want] = [run(true, sum, x), run(false, sum, x)];
    for (let r = 0; r < rows; r++) {
      if (Number.isNaN(want[r]!)) expect(got[r]).toBeNaN();
      else if (!Number.isFinite(want[r]!)) expect(got[r]).toBe(want[r]);
      else expect(Math.abs(got[r]! - want[r]!)).toBeLessThanOrEqual(Math.abs(want[r]!) * 1e-6);
    }
  });

  it('a softmax whose rows hold NaN and infinities agrees with the JS backend within 1 ulp', () => {
    const [rows, cols] = [64, 130];
    const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(i * 0.11) * 30);
    data[5] = NaN;
    data[cols + 7] = Infinity;
    data[2 * cols + 9] = -Infinity;
    data.fill(-Infinity, 3 * cols, 4 * cols);
    const x = jnp.array(data).reshape(rows, cols);
    const softmax = (a: jp.Array) => {
      const e = jnp.exp(a.sub(jnp.max(a, 1, { keepdims: true })));
      return e.div(jnp.sum(e, 1, { keepdims: true }));
    };
    const [got, want] = [run(true, softmax, x), run(false, softmax, x)];
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, ulps(got[i]!, want[i]!));
    // exp ≤ 1 ulp, the reassociated sum ≤ 1 ulp: the quotient within a few.
    expect(worst).toBeLessThanOrEqual(4);
    expect(got.slice(0, cols).every(Number.isNaN)).toBe(true);
    expect(got.slice(3 * cols, 4 * cols).every(Number.isNaN)).toBe(true);
  });
});

describe('vectorised elementwise programs', () => {
  it('give the JS backend bits for exact lane ops, broadcasts and lengths not a multiple of 4', () => {
    for (const n of [4096, 4099, 10_001]) {
      const data = Float32Array.from({ length: n }, (_, i) => (i % 17 === 0 ? [NaN, Infinity, -0, 1e-40][i % 4]! : Math.sin(i) * 1e3));
      const x = jnp.array(data);
      const f = (a: jp.Array) => jnp.maximum(a.mul(a).sub(a.div(3)), jnp.sqrt(jnp.abs(a))).add(jnp.minimum(a, 2)).neg();
      const bits = (v: Float32Array) => Array.from(new Uint32Array(v.buffer), (u, i) => (Number.isNaN(v[i]) ? 'NaN' : u));
      expect(bits(run(true, f, x))).toEqual(bits(run(false, f, x)));
    }
  });

  it('split into chunks across two devices, every element once', () => {
    const n = 300_001;
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.013) * 4);
    const x = jnp.array(data);
    const f = (a: jp.Array) => a.mul(a).add(a.div(7)).sub(1);
    const got = run(true, f, x);
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) {
      const v = data[i]!;
      if (got[i] !== Math.fround(Math.fround(Math.fround(v * v) + Math.fround(v / 7)) - 1)) bad = i;
    }
    expect(bad, 'first wrong element').toBe(-1);
  });
});
