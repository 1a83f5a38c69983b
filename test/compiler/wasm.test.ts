// The WebAssembly backend gives the same bits as the JS backend (which rounds every op to its
// dtype, as eager execution does), and only takes programs it can run exactly.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { compileJaxpr } from '../../src/compiler/compile.js';
import { programSource } from '../../src/compiler/program.js';

const { numpy: jnp, lax } = jp;

/** Run `f` jitted with the given backend; a new jit each time so nothing is shared. */
function runWith(wasm: boolean, f: (...xs: jp.Array[]) => jp.Array, xs: jp.Array[]): Uint32Array | Float64Array {
  jp.config.update('wasm', wasm);
  try {
    const out = jp.jit(f)(...xs).dataSync();
    return out instanceof Float32Array ? new Uint32Array(out.buffer.slice(0)) : (out as Float64Array);
  } finally {
    jp.config.update('wasm', true);
  }
}

function usesWasm(f: (...xs: jp.Array[]) => jp.Array, xs: jp.Array[]): boolean {
  return programSource(compileJaxpr(jp.jit(f).lower(...xs).jaxpr)).includes('WebAssembly');
}

// Values that exercise rounding and the special cases: signed zeros, infinities, NaN, tiny, huge.
// Also the edges of the inline sin/cos kernels (π/4, 0.3, 0.78125, 2^-27).
const special = [0, -0, 1, -1, 0.5, -2.5, 2.5, 1e-40, -1e-30, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, Math.PI, 1e7 + 0.5];
special.push(...[0.7853981, 0.78539819, -0.7853982, 0.3, 0.29999998, -0.30000001, 0.78125, 0.78125006, 2 ** -27, -(2 ** -27) * 1.0000001, 1e-45]);
// WASM takes programs of at least 4096 elements (smaller ones stay JS): the values, repeated.
const MIN = 4096;
const f32Array = fc
  .array(fc.float({ noDefaultInfinity: false, noNaN: false }), { minLength: 1, maxLength: 64 })
  .map((r) => {
    const vals = [...special, ...r];
    return Float32Array.from({ length: MIN + r.length }, (_, i) => vals[i % vals.length]!);
  });

const unary: Record<string, (x: jp.Array) => jp.Array> = {
  neg: jnp.negative,
  sqrt: jnp.sqrt,
  abs: jnp.abs,
  floor: jnp.floor,
  ceil: jnp.ceil,
  round: jnp.round,
  sin: jnp.sin,
  cos: jnp.cos,
  tan: jnp.tan,
  tanh: jnp.tanh,
  exp: jnp.exp,
  log: jnp.log,
  log1p: jnp.log1p,
  expm1: jnp.expm1,
};
const binary: Record<string, (x: jp.Array, y: jp.Array) => jp.Array> = {
  add: jnp.add,
  sub: jnp.subtract,
  mul: jnp.multiply,
  div: jnp.divide,
  pow: jnp.power,
};

describe('wasm backend', () => {
  afterAll(() => jp.config.update('wasm', true));

  it.each(Object.keys(unary))('%s: bit-identical to the JS kernel on float32', (name) => {
    const f = unary[name]!;
    expect(usesWasm(f, [jnp.zeros([MIN])])).toBe(true);
    fc.assert(
      fc.property(f32Array, (data) => {
        const x = jnp.array(data);
        expect(runWith(true, f, [x])).toEqual(runWith(false, f, [x]));
      }),
      { numRuns: 15 },
    );
  });

  it.each(Object.keys(binary))('%s: bit-identical to the JS kernel on float32', (name) => {
    const f = binary[name]!;
    expect(usesWasm(f, [jnp.zeros([MIN]), jnp.zeros([MIN])])).toBe(true);
    fc.assert(
      fc.property(f32Array, f32Array, (a, b) => {
        const n = Math.min(a.length, b.length);
        const x = jnp.array(a.subarray(0, n));
        const y = jnp.array(b.subarray(0, n).reverse());
        expect(runWith(true, f, [x, y])).toEqual(runWith(false, f, [x, y]));
      }),
      { numRuns: 15 },
    );
  });

  it('inline sin and cos equal Math.sin and Math.cos bit for bit, in float32 and float64', () => {
    const n = 200_003;
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * (i % 5 === 0 ? 1e-4 : i % 2 ? 0.8 : 3));
    const x = jnp.array(data);
    for (const fn of ['sin', 'cos'] as const) {
      const got = jp.jit((a: jp.Array) => jnp[fn](a))(x).dataSync();
      expect(Array.from(got)).toEqual(Array.from(data, (v) => Math.fround(Math[fn](v))));
    }
    jp.config.update('enableX64', true);
    try {
      const x64 = jnp.array(Float64Array.from(data, (v, i) => v + i * 1e-9));
      const xs = x64.dataSync();
      for (const fn of ['sin', 'cos'] as const) {
        expect(usesWasm((a) => jnp[fn](a), [x64])).toBe(true);
        const got = jp.jit((a: jp.Array) => jnp[fn](a))(x64).dataSync();
        expect(Array.from(got)).toEqual(Array.from(xs, (v) => Math[fn](v)));
      }
    } finally {
      jp.config.update('enableX64', false);
    }
  });

  it('fused chains with scalar broadcasts and several outputs match the JS kernel and eager ops', () => {
    const f = (x: jp.Array, s: jp.Array) => jnp.sin(x).mul(2).add(x.mul(x)).sub(s).div(jnp.exp(jnp.tanh(x)).add(1.5));
    const data = new Float32Array(100_003).map((_, i) => Math.sin(i) * 10);
    const x = jnp.array(data);
    const s = jnp.array(new Float32Array([0.25]));
    expect(usesWasm(f, [x, s])).toBe(true);
    const wasm = runWith(true, f, [x, s]);
    expect(wasm).toEqual(runWith(false, f, [x, s]));
    // Eager op-by-op (each op its own program) gives the same bits.
    expect(new Uint32Array(Float32Array.from(f(x, s).dataSync()).buffer)).toEqual(wasm);
    const two = jp.jit((a: jp.Array) => [jnp.cos(a), a.mul(a).reshape([100_003, 1])]);
    const [c, sq] = two(x) as jp.Array[];
    expect(Array.from(c!.dataSync())).toEqual(Array.from(data, (v) => Math.fround(Math.cos(v))));
    expect(sq!.shape).toEqual([100_003, 1]);
    expect(Array.from(sq!.dataSync())).toEqual(Array.from(data, (v) => Math.fround(v * v)));
  });

  it.each([
    [1, 1, 1],
    [7, 5, 9],
    [129, 7, 513],
    [13, 129, 6],
    [65, 64, 67],
    [1, 3000, 5],
    [4, 2048, 8],
    [9, 600, 13],
    [130, 257, 31],
  ])('matmul M=%i K=%i N=%i matches a float64 reference within float32 accumulation error, and the JS kernel', (M, K, N) => {
    const a = new Float32Array(M * K).map((_, i) => Math.sin(i) * 3);
    const b = new Float32Array(K * N).map((_, i) => Math.cos(i * 0.7));
    const A = jnp.array(a).reshape([M, K]);
    const B = jnp.array(b).reshape([K, N]);
    const mm = (x: jp.Array, y: jp.Array) => jnp.matmul(x, y);
    // Products under 8192 multiply-adds stay JS.
    const simd = M * K * N >= 8192;
    expect(programSource(compileJaxpr(jp.jit(mm).lower(A, B).jaxpr)).includes('WebAssembly')).toBe(simd);
    const got = new Float32Array(runWith(true, mm, [A, B]).buffer);
    const js = new Float32Array(runWith(false, mm, [A, B]).buffer);
    // float32 accumulation: each of K additions rounds once, so |error| ≤ K·2⁻²⁴·Σ|a·b| (plus the final rounding).
    let worst = 0;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let [s, abs] = [0, 0];
        for (let k = 0; k < K; k++) {
          s += a[i * K + k]! * b[k * N + j]!;
          abs += Math.abs(a[i * K + k]! * b[k * N + j]!);
        }
        const bound = (K + 1) * 2 ** -24 * abs + 1e-30;
        worst = Math.max(worst, Math.abs(got[i * N + j]! - s) / bound, Math.abs(js[i * N + j]! - s) / bound);
        // The JS kernel accumulates in float64: its one rounding is at the store.
        if (!simd) expect(got[i * N + j]).toBe(Math.fround(s));
      }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('batched and transposed float32 matmuls take the SIMD kernel and match a float64 reference', () => {
    const [nb, M, K, N] = [3, 33, 70, 17];
    const a = new Float32Array(nb * M * K).map((_, i) => Math.sin(i * 1.3) * 2);
    const b = new Float32Array(nb * K * N).map((_, i) => Math.cos(i * 0.9));
    const A = jnp.array(a).reshape([nb, M, K]);
    const B = jnp.array(b).reshape([nb, K, N]);
    /** |got − Σ a·b| ≤ (K+1)·2⁻²⁴·Σ|a·b| for every element; `aAt(q, i, k)`, `bAt(q, k, j)` index the operands. */
    const check = (got: Float32Array, aAt: (q: number, i: number, k: number) => number, bAt: (q: number, k: number, j: number) => number) => {
      let worst = 0;
      for (let q = 0; q < nb; q++)
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) {
            let [s, abs] = [0, 0];
            for (let k = 0; k < K; k++) {
              const p = aAt(q, i, k) * bAt(q, k, j);
              [s, abs] = [s + p, abs + Math.abs(p)];
            }
            worst = Math.max(worst, Math.abs(got[(q * M + i) * N + j]! - s) / ((K + 1) * 2 ** -24 * abs + 1e-30));
          }
      expect(worst).toBeLessThanOrEqual(1);
    };
    const mm = (x: jp.Array, y: jp.Array) => jnp.matmul(x, y);
    expect(usesWasm(mm, [A, B])).toBe(true);
    check(new Float32Array(runWith(true, mm, [A, B]).buffer), (q, i, k) => a[(q * M + i) * K + k]!, (q, k, j) => b[(q * K + k) * N + j]!);
    // vmap over the batch: the same contraction.
    const vm = (x: jp.Array, y: jp.Array) => jp.vmap(mm)(x, y) as jp.Array;
    check(new Float32Array(runWith(true, vm, [A, B]).buffer), (q, i, k) => a[(q * M + i) * K + k]!, (q, k, j) => b[(q * K + k) * N + j]!);
    // A transposed operand (each batch's Aᵀ given as [nb, K, M]).
    const At = jnp.array(a).reshape([nb, K, M]);
    const tm = (x: jp.Array, y: jp.Array) => jnp.matmul(jnp.swapaxes(x, 1, 2), y);
    check(new Float32Array(runWith(true, tm, [At, B]).buffer), (q, i, k) => a[(q * K + k) * M + i]!, (q, k, j) => b[(q * K + k) * N + j]!);
  });

  it.each([
    [[0], [0]],
    [[1], [1]],
    [[0], [1]],
  ] as const)('2-D dot_general contracting %j · %j (a backward pass\'s Aᵀ·B, A·Bᵀ) takes the SIMD kernel, within float32 accumulation error', (lc, rc) => {
    const [M, K, N] = [131, 77, 45];
    const a = new Float32Array(M * K).map((_, i) => Math.sin(i * 0.37) * 3);
    const b = new Float32Array(K * N).map((_, i) => Math.cos(i * 0.61));
    // A given as [K, M] when it contracts along dimension 0, B as [N, K] when along 1.
    const A = lc[0] === 1 ? jnp.array(a).reshape([M, K]) : jnp.array(a).reshape([K, M]);
    const B = rc[0] === 0 ? jnp.array(b).reshape([K, N]) : jnp.array(b).reshape([N, K]);
    const aAt = (i: number, k: number) => (lc[0] === 1 ? a[i * K + k]! : a[k * M + i]!);
    const bAt = (k: number, j: number) => (rc[0] === 0 ? b[k * N + j]! : b[j * K + k]!);
    const f = (x: jp.Array, y: jp.Array) => lax.dotGeneral(x, y, [[[...lc], [...rc]], [[], []]]);
    expect(usesWasm(f, [A, B])).toBe(true);
    // 454k multiply-adds: split by rows across the devices, each part copying the transposed operand.
    const got = new Float32Array(runWith(true, f, [A, B]).buffer);
    let worst = 0;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let [s, abs] = [0, 0];
        for (let k = 0; k < K; k++) [s, abs] = [s + aAt(i, k) * bAt(k, j), abs + Math.abs(aAt(i, k) * bAt(k, j))];
        worst = Math.max(worst, Math.abs(got[i * N + j]! - s) / ((K + 1) * 2 ** -24 * abs + 1e-30));
      }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('leaves small programs and remapped elementwise reads to the JS backend; takes reductions (row programs)', () => {
    expect(usesWasm((a) => jnp.sin(a), [jnp.zeros([MIN - 1])])).toBe(false);
    const x = jnp.zeros([MIN]);
    expect(usesWasm((a) => a.reshape([2, MIN / 2]).T.mul(2), [x])).toBe(false);
    expect(usesWasm((a) => jnp.sum(a.mul(2)), [x])).toBe(true);
    expect(usesWasm((a) => jnp.sum(a.mul(2)), [jnp.zeros([MIN - 1])])).toBe(false);
  });

  it('runs max/min (signed zeros and NaN as fmax), integer and bool programs too, with the same bits', () => {
    const vals = [0, -0, 1, -1, 2.5, -2.5, NaN, Infinity, -Infinity, 3e9, -3e9, 255.5, 1e-40];
    const x = jnp.array(Float32Array.from({ length: MIN }, (_, i) => vals[i % vals.length]!));
    const y = jnp.array(Float32Array.from({ length: MIN }, (_, i) => vals[(i * 7 + 3) % vals.length]!));
    const programs: ((a: jp.Array, b: jp.Array) => jp.Array)[] = [
      (a, b) => jnp.maximum(a, b),
      (a, b) => jnp.minimum(a, b).add(jnp.maximum(a, 0)),
      (a) => a.astype('int32').add(1).mul(3),
      (a, b) => jnp.where(a.gt(b), a, b),
      (a) => a.astype('uint8').add(200),
      (a, b) => jnp.where(jnp.logicalAnd(a.lt(b), b.gt(0)), a, b.mul(2)),
    ];
    for (const f of programs) {
      expect(usesWasm(f, [x, y])).toBe(true);
      expect(runWith(true, f, [x, y])).toEqual(runWith(false, f, [x, y]));
    }
  });
});
