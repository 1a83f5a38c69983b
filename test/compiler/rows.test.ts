// Row programs (rows.ts) and values computed once (fusion.ts): a value feeding a reduction along
// trailing axes and a later loop is computed once, elementwise loops run rows × columns, and
// programs whose steps all loop over the same rows run as one row loop split by rows across
// devices in chunks of rows. Each is checked bit for bit against the same ops run eagerly (one op
// per launch), and against a float64 reference; programs that would read another row's values are
// not merged.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { compileJaxpr } from '../../src/compiler/compile.js';
import { programSource } from '../../src/compiler/program.js';

jp.config.update('numDevices', 2);
const { numpy: jnp } = jp;

const softmax = (x: jp.Array) => {
  const e = jnp.exp(x.sub(jnp.max(x, -1, { keepdims: true })));
  return e.div(jnp.sum(e, -1, { keepdims: true }));
};
const compiled = (f: (...xs: jp.Array[]) => unknown, ...xs: jp.Array[]) => compileJaxpr(jp.jit(f).lower(...xs).jaxpr);
/** The program's source as the JS backend renders it (WebAssembly off). */
function jsSource(f: (...xs: jp.Array[]) => unknown, ...xs: jp.Array[]): string {
  jp.config.update('wasm', false);
  try {
    return programSource(compiled(f, ...xs));
  } finally {
    jp.config.update('wasm', true);
  }
}

/** Deterministic values in [-s, s), with some repeated. */
function values(n: number, s = 5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (((i * 7919) % 1009) / 1009) * 2 * s - s);
}

/** Row-wise softmax in float64 over float32 inputs. */
function softmaxRef(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[i * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += out[i * cols + j] = Math.exp(x[i * cols + j]! - m);
    for (let j = 0; j < cols; j++) out[i * cols + j]! /= s;
  }
  return out;
}

/**
 * jit(f) against f run eagerly: bit for bit on the JS backend; with WebAssembly (SIMD exp ≤ 1 ulp,
 * reassociated sums) within 4 ulp, NaN where eager is NaN.
 */
function expectEager(f: (...xs: jp.Array[]) => unknown, ...xs: jp.Array[]): void {
  const outs = (r: unknown) => (Array.isArray(r) ? r : [r]) as jp.Array[];
  // One op per launch: eager fusion (numpy/lazy.ts) would compile the chain as jit does.
  jp.config.update('eagerFusion', false);
  let want: jp.Array[];
  try {
    want = outs(f(...xs));
  } finally {
    jp.config.update('eagerFusion', true);
  }
  jp.config.update('wasm', false);
  try {
    outs(jp.jit(f)(...xs)).forEach((g, k) => expect(bits(g)).toEqual(bits(want[k]!)));
  } finally {
    jp.config.update('wasm', true);
  }
  outs(jp.jit(f)(...xs)).forEach((g, k) => {
    const [a, b] = [g.dataSync() as Float32Array, want[k]!.dataSync() as Float32Array];
    let worst = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Number.isNaN(a[i]!) || Number.isNaN(b[i]!) ? (Number.isNaN(a[i]!) && Number.isNaN(b[i]!) ? 0 : Infinity) : Math.abs(new Int32Array(new Float32Array([a[i]!]).buffer)[0]! - new Int32Array(new Float32Array([b[i]!]).buffer)[0]!);
      worst = Math.max(worst, d);
    }
    expect(worst).toBeLessThanOrEqual(4);
  });
}

const bits = (a: jp.Array) => Array.from(a.dataSync() as Float32Array, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));

describe('row-wise softmax', () => {
  it.each([
    [1, 1],
    [3, 1],
    [1, 3],
    [7, 1001],
    [1001, 3],
    [600, 700],
  ])('%i×%i equals eager (bit for bit on the JS backend, within 4 ulp with SIMD exp) and a float64 reference', (rows, cols) => {
    const data = values(rows * cols);
    const x = jnp.array(data).reshape(rows, cols);
    const eager = softmax(x).dataSync() as Float32Array;
    jp.config.update('wasm', false);
    try {
      expect(bits(jp.jit(softmax)(x))).toEqual(bits(softmax(x)));
    } finally {
      jp.config.update('wasm', true);
    }
    const got = jp.jit(softmax)(x);
    const steps = new Int32Array(new Float32Array(got.dataSync() as Float32Array).buffer).map((b, k) => Math.abs(b - new Int32Array(eager.buffer)[k]!));
    expect(steps.reduce((m, d) => Math.max(m, d), 0)).toBeLessThanOrEqual(4);
    const want = softmaxRef(data, rows, cols);
    const g = got.dataSync() as Float32Array;
    let worst = 0;
    for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(g[k]! - want[k]!) / Math.max(want[k]!, 1e-3));
    expect(worst).toBeLessThanOrEqual(2e-6);
  });

  it('a jit called again after WebAssembly is turned off runs the JS program, not the one compiled before', () => {
    const x = jnp.array(values(64 * 1001)).reshape(64, 1001);
    const g = jp.jit(softmax);
    const simd = bits(g(x));
    jp.config.update('eagerFusion', false);
    jp.config.update('wasm', false);
    try {
      const js = bits(g(x));
      expect(js).toEqual(bits(softmax(x)));
      // The SIMD exp differs in the last bit somewhere: the two runs really took different programs.
      expect(js).not.toEqual(simd);
    } finally {
      jp.config.update('wasm', true);
      jp.config.update('eagerFusion', true);
    }
  });

  it('empty rows and no rows', () => {
    // max along an empty axis is an error (as in JAX): rows of zero columns take exp / sum.
    const normalize = (a: jp.Array) => jnp.exp(a).div(jnp.sum(jnp.exp(a), -1, { keepdims: true }));
    for (const [shape, f] of [
      [[0, 5], softmax],
      [[5, 0], normalize],
      [[0, 0], normalize],
    ] as const) {
      const x = jnp.zeros(shape);
      expect(jp.jit(f)(x).shape).toEqual(shape);
      expectEager(f, x);
    }
  });

  it('NaN and ±inf pass through max and exp as eagerly', () => {
    const data = values(4 * 6);
    data[1] = NaN; // row 0
    data[6 + 2] = Infinity; // row 1
    data[12 + 3] = -Infinity; // row 2
    data.fill(-Infinity, 18, 24); // row 3: all -inf
    const x = jnp.array(data).reshape(4, 6);
    expectEager(softmax, x);
    const g = jp.jit(softmax)(x).dataSync() as Float32Array;
    expect(g.slice(0, 6).every(Number.isNaN)).toBe(true);
    expect(g[6 + 2]).toBeNaN(); // inf - inf
    expect(g[12 + 3]).toBe(0);
  });

  it('over the last two axes of a 3-d array, and a batch of rows', () => {
    const data = values(3 * 4 * 5);
    const x = jnp.array(data).reshape(3, 4, 5);
    const f = (a: jp.Array) => {
      const e = jnp.exp(a.sub(jnp.max(a, [1, 2], { keepdims: true })));
      return e.div(jnp.sum(e, [1, 2], { keepdims: true }));
    };
    expectEager(f, x);
    expectEager(softmax, x);
  });

  it('computes exp once per element, in one loop over rows with no division per element', () => {
    // The JS form shows the structure; with WebAssembly on, the same program is one module.
    expect(programSource(compiled(softmax, jnp.zeros([1000, 1000])))).toContain('WebAssembly');
    jp.config.update('wasm', false);
    try {
      const p = compiled(softmax, jnp.zeros([1000, 1000]));
      const src = programSource(p);
      expect(src.split('Math.exp(').length - 1).toBe(1);
      expect(p.splitSize).toBe(1000);
      expect(src).not.toMatch(/\/ 1000\)/);
    } finally {
      jp.config.update('wasm', true);
    }
  });

  it('a large one splits by rows across two devices and equals one device', () => {
    const [rows, cols] = [512, 300];
    const x = jnp.array(values(rows * cols)).reshape(rows, cols);
    const f = jp.jit(softmax);
    f(x).dataSync();
    jp.transfers.reset();
    const got = f(x);
    got.dataSync();
    expect(jp.transfers.stats().launches).toBe(2);
    expectEager(softmax, x);
  });

  it('runs in chunks of rows the parts take as they go, and a read copies finished rows out while the rest compute', async () => {
    // 1000 × 1100 float32: a 4.4 MB output, above the size read chunk by chunk.
    const [rows, cols] = [1000, 1100];
    const data = values(rows * cols);
    const x = jnp.array(data).reshape(rows, cols);
    expect(compiled(softmax, x).rowOutputs).toBe(true);
    const want = softmaxRef(data, rows, cols);
    const f = jp.jit(softmax);
    const check = (g: Float32Array) => {
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(g[k]! - want[k]!) / Math.max(want[k]!, 1e-3));
      return worst;
    };
    // Blocking and async reads, one launch at a time and several in flight (parts share chunks).
    for (let round = 0; round < 3; round++) expect(check(f(x).dataSync() as Float32Array)).toBeLessThanOrEqual(2e-6);
    const ys = [f(x), f(x.mul(1)), f(x)];
    const got = await Promise.all(ys.map((y) => y.data()));
    for (const g of got) expect(check(g as Float32Array)).toBeLessThanOrEqual(2e-6);
  });

  it('kernels split by rows with set-up per launch (matmul) and programs not merged by rows keep one share per part', () => {
    const a = jnp.array(values(512 * 512)).reshape(512, 512);
    expect(compiled((p: jp.Array) => jnp.matmul(p, p), a).rowOutputs).toBeUndefined();
    const x = jnp.array(values(300 * 300)).reshape(300, 300);
    expect(compiled((p: jp.Array) => jnp.exp(p).div(jnp.sum(jnp.exp(p), 1).reshape(1, 300)), x).rowOutputs).toBeUndefined();
  });
});

describe('values computed once and programs merged by rows', () => {
  it('an output that a reduction also reads is stored by the reduction loop', () => {
    const x = jnp.array(values(40 * 30)).reshape(40, 30);
    const f = (a: jp.Array) => {
      const e = jnp.exp(a);
      return [e, jnp.sum(e, 1), jnp.log(jnp.sum(e, 1)).add(jnp.max(e, 1))];
    };
    expectEager(f, x);
    expect(jsSource(f, x).split('Math.exp(').length - 1).toBe(1);
  });

  it('a per-row value read at a column index (another row) is not merged, and is right', () => {
    const n = 300;
    const x = jnp.array(values(n * n)).reshape(n, n);
    // s[j] divides column j: row i reads every row's sum.
    const f = (a: jp.Array) => {
      const e = jnp.exp(a);
      return e.div(jnp.sum(e, 1).reshape(1, n));
    };
    expectEager(f, x);
    expect(compiled(f, x).splitSize).toBeUndefined();
  });

  it('column reductions, broadcasts along rows and non-contiguous operands', () => {
    const x = jnp.array(values(6 * 9)).reshape(6, 9);
    const y = jnp.array(values(9 * 6, 2)).reshape(9, 6);
    const f = (a: jp.Array, b: jp.Array) => {
      const t = a.add(b.T); // transposed operand
      const c = t.sub(jnp.mean(t, 0)); // column means broadcast along rows
      return c.div(jnp.sum(jnp.exp(c), 1, { keepdims: true })).add(jnp.max(a, 1, { keepdims: true }));
    };
    expectEager(f, x, y);
  });

  it('integer and float64 rows', () => {
    const xi = jnp.array(Int32Array.from({ length: 50 * 7 }, (_, i) => ((i * 31) % 23) - 11)).reshape(50, 7);
    const fi = (a: jp.Array) => a.sub(jnp.max(a, 1, { keepdims: true })).mul(jnp.sum(a, 1, { keepdims: true }));
    expect(jp.jit(fi)(xi).tolist()).toEqual(fi(xi).tolist());
    jp.config.update('enableX64', true);
    try {
      const xd = jnp.array(values(20 * 11), { dtype: 'float64' }).reshape(20, 11);
      expect(bits(jp.jit(softmax)(xd))).toEqual(bits(softmax(xd))); // float64: no SIMD lanes, exact
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});

describe('in-place outputs', () => {
  it('softmax keeps exp in its output buffer: no scratch the size of the input', () => {
    const p = compiled(softmax, jnp.zeros([300, 200]));
    expect(p.scratchBytes).toBeLessThan(300 * 200 * 4);
    const x = jnp.array(values(300 * 200)).reshape(300, 200);
    expectEager(softmax, x);
  });

  it('not when the loop reads the shared value at another index, or the output is read later', () => {
    const x = jnp.array(values(30 * 40)).reshape(30, 40);
    // e reversed along the row: reading e[i, 39 - j] while writing out[i, j] would read overwritten values.
    const flipped = (a: jp.Array) => {
      const e = jnp.exp(a);
      const s = jnp.sum(e, 1, { keepdims: true }); // first: the sum's loop stores e
      return jnp.flip(e, 1).div(s);
    };
    expectEager(flipped, x);
    expect(compiled(flipped, x).scratchBytes).toBeGreaterThanOrEqual(30 * 40 * 4);
    const reread = (a: jp.Array) => {
      const e = jnp.exp(a);
      const y = e.div(jnp.sum(e, 1, { keepdims: true }));
      return [y, jnp.sum(y, 0)];
    };
    expectEager(reread, x);
  });
});
