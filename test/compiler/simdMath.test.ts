// SIMD log and tanh (wasm/simdMath.ts) in vectorised loops: within their documented ulp bounds of
// Math.fround(Math.log / Math.tanh) over every 4099th float32 bit pattern (subnormals to the largest
// finite, both signs) and a dense grid, special values exact; and a row program using them
// (log-sum-exp, a tanh layer) runs them in WebAssembly and agrees with the JS backend.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { laneLoop, ulps } from './harness.js';
import { compileJaxpr } from '../../src/compiler/compile.js';
import { programSource } from '../../src/compiler/program.js';

const { numpy: jnp } = jp;

/** `op` of every element of `xs` by a vectorised WebAssembly loop. */
function simd(op: 'log' | 'tanh', xs: Float32Array): Float32Array {
  const { out, imports } = laneLoop(op, xs);
  // The scalar remainder alone calls Math's function (the import).
  expect(imports).toEqual([op]);
  return out;
}

/** Every `step`-th float32 bit pattern of both signs, finite ones only, and `extra`. */
function sweep(step: number, extra: number[] = []): Float32Array {
  const out: number[] = [...extra];
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let bits = 0; bits < 0x7f800000; bits += step) {
    u[0] = bits;
    out.push(f[0]!, -f[0]!);
  }
  return Float32Array.from(out);
}

/** The largest distance from Math's value over `xs`, where, and how many differ at all. */
function worst(op: 'log' | 'tanh', xs: Float32Array): { worst: number; at: number; differ: number } {
  const got = simd(op, xs);
  let w = { worst: 0, at: NaN, differ: 0 };
  for (let i = 0; i < xs.length; i++) {
    const d = ulps(got[i]!, Math.fround(Math[op](xs[i]!)));
    if (d) w.differ++;
    if (d > w.worst) w = { ...w, worst: d, at: xs[i]! };
  }
  return w;
}

describe('SIMD log', () => {
  it('is within 1 ulp of Math.fround(Math.log) over every 4099th float32 (subnormals included) and a dense grid of [0.5, 2]', () => {
    expect(worst('log', sweep(4099)).worst).toBeLessThanOrEqual(1);
    const dense = Float32Array.from({ length: 1 << 20 }, (_, i) => 0.5 + (1.5 * i) / (1 << 20));
    const w = worst('log', dense);
    expect(w.worst).toBeLessThanOrEqual(1);
    // The lanes ran: the scalar loop's imported Math.log would match everywhere.
    expect(w.differ).toBeGreaterThan(0);
  });

  it('special values: 0 and -0 give -inf, negatives and NaN give NaN, +inf gives +inf, 1 gives 0', () => {
    const xs = Float32Array.from([0, -0, -1, -1e-45, NaN, Infinity, -Infinity, 1, 1e-45, 3.4e38, 2, 0.5, 1.17549435e-38]);
    const got = simd('log', xs);
    for (let i = 0; i < xs.length; i++) expect(ulps(got[i]!, Math.fround(Math.log(xs[i]!))), `log(${xs[i]})`).toBe(0);
  });
});

describe('SIMD tanh', () => {
  it('is within 2 ulp of Math.fround(Math.tanh) over every 4099th float32 and a dense grid of [-10, 10]', () => {
    expect(worst('tanh', sweep(4099)).worst).toBeLessThanOrEqual(2);
    const dense = Float32Array.from({ length: 1 << 20 }, (_, i) => -10 + (20 * i) / (1 << 20));
    const w = worst('tanh', dense);
    expect(w.worst).toBeLessThanOrEqual(2);
    expect(w.differ).toBeGreaterThan(0);
  });

  it('special values: signed zeros kept, ±inf give ±1, NaN stays NaN, tiny values are themselves', () => {
    const xs = Float32Array.from([0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 0.625, -0.625, 0.62500006, 9, 20, -20, 3.4e38]);
    const got = simd('tanh', xs);
    for (let i = 0; i < xs.length; i++) expect(ulps(got[i]!, Math.fround(Math.tanh(xs[i]!))), `tanh(${xs[i]})`).toBeLessThanOrEqual(i < 7 ? 0 : 2);
  });
});

describe('row programs', () => {
  it('log-sum-exp and a tanh layer along rows run log and tanh in WebAssembly lanes, within their bounds of the JS backend', () => {
    const [rows, cols] = [300, 257];
    const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.013) * 6);
    const x = jnp.array(data).reshape(rows, cols);
    // Each program is a row program: a reduction along the last axis, then elementwise work on its rows.
    const lse = (a: jp.Array) => jnp.log(jnp.exp(a.sub(jnp.max(a, 1, { keepdims: true })))).add(jnp.log(jnp.sum(jnp.exp(a), 1, { keepdims: true })));
    const layer = (a: jp.Array) => jnp.tanh(a.sub(jnp.mean(a, 1, { keepdims: true })));
    for (const [f, bound] of [
      [lse, 4],
      [layer, 3],
    ] as const) {
      const src = (wasm: boolean) => {
        jp.config.update('wasm', wasm);
        try {
          return jp.jit(f)(x).dataSync() as Float32Array;
        } finally {
          jp.config.update('wasm', true);
        }
      };
      expect(programSource(compileJaxpr(jp.jit(f).lower(x).jaxpr))).toContain('WebAssembly');
      const [got, js] = [src(true), src(false)];
      let w = 0;
      for (let i = 0; i < got.length; i++) w = Math.max(w, ulps(got[i]!, js[i]!));
      expect(w).toBeLessThanOrEqual(bound);
    }
  });
});
