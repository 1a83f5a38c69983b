// Issue 17 (pooling): lax.reduceWindow with lax.add / lax.max / lax.min against JAX 0.10
// (test/golden/make_reduce_window.py: strides, every padding mode, base and window dilation, init
// values, 1-d to 3-d, float32/float64/int32, windows of padding only, empty operands), eagerly and
// under jit, with gradients (max-pooling's with ties) and average pooling against jax.grad; vmap
// against a loop; bad input.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Enc, decode, expectClose, loadGolden } from '../numpy/golden.js';

const { numpy: jnp, lax, jit, grad, vmap, config } = jp;

interface Case {
  name: string;
  op: 'add' | 'max' | 'min';
  dtype: string;
  x: Enc;
  init: number | string;
  window: number[];
  kwargs: Record<string, unknown>;
  out: Enc;
  ct?: Enc;
  grad?: Enc;
}
interface AvgCase {
  dtype: string;
  x: Enc;
  out: Enc;
  ct: Enc;
  grad: Enc;
}
const golden = loadGolden<{ cases: Case[]; avgPool: AvgCase[] }>('reduce_window.json');
const OPS = { add: lax.add, max: lax.max, min: lax.min };
const num = (v: number | string) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

afterAll(() => config.update('enableX64', false));

describe.each(['float32', 'float64', 'int32'])('lax.reduceWindow against JAX (%s)', (dtype) => {
  const tol = dtype === 'float32' ? 2e-6 : 1e-13;
  it.each(golden.cases.filter((c) => c.dtype === dtype).map((c) => [c.name, c] as const))('%s', (name, c) => {
    config.update('enableX64', dtype === 'float64');
    const f = (x: jp.Array) => lax.reduceWindow(x, num(c.init), OPS[c.op], c.window, c.kwargs);
    const x = decode(c.x);
    expectClose(f(x), c.out, `eager ${name}`, tol);
    expectClose(jit(f)(x), c.out, `jit ${name}`, tol);
    if (c.ct) {
      const ct = decode(c.ct);
      expectClose(grad((a: jp.Array) => jnp.sum(f(a).mul(ct)))(x), c.grad!, `grad ${name}`, tol * 10);
    }
  });
});

describe('average pooling (window sums over window counts) against JAX', () => {
  it.each(golden.avgPool.map((c) => [c.dtype, c] as const))('%s', (dtype, c) => {
    config.update('enableX64', dtype === 'float64');
    const pool = (a: jp.Array) => {
      const s = lax.reduceWindow(a, 0, lax.add, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME');
      const n = lax.reduceWindow(jnp.onesLike(a), 0, lax.add, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME');
      return s.div(n);
    };
    const x = decode(c.x);
    const tol = dtype === 'float32' ? 1e-6 : 1e-13;
    expectClose(pool(x), c.out, 'avg pool', tol);
    expectClose(jit(grad((a: jp.Array) => jnp.sum(pool(a).mul(decode(c.ct)))))(x), c.grad, 'avg pool grad', tol * 10);
  });
});

/** Deterministic values with ties (multiples of 0.25 in [-1, 1]). */
const rand = (shape: number[], seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return jnp.array(Float32Array.from({ length: n }, (_, i) => Math.round(((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1) * 4) / 4)).reshape(shape);
};

describe('reduceWindow under transformations', () => {
  const opts = { padding: 'SAME', windowStrides: [2, 1], windowDilation: [1, 2] };
  it.each(['add', 'max', 'min'] as const)('vmap of %s (and of its gradient) equals a loop', (op) => {
    const f = (x: jp.Array) => lax.reduceWindow(x, op === 'add' ? 0 : op === 'max' ? -Infinity : Infinity, OPS[op], [3, 2], opts);
    const g = grad((x: jp.Array) => jnp.sum(jnp.sin(f(x))));
    const xs = rand([4, 5, 6], 1);
    for (const [fn, name] of [[f, 'value'], [g, 'grad']] as const) {
      const want = jnp.stack([0, 1, 2, 3].map((i) => fn(xs.index(i))));
      expect(jnp.allclose(vmap(fn)(xs), want, { atol: 1e-6 }).item(), `${op} ${name}`).toBe(true);
      expect(jnp.allclose(vmap(fn, { inAxes: 2 })(jnp.moveaxis(xs, 0, 2)), want, { atol: 1e-6 }).item(), `${op} ${name} axis 2`).toBe(true);
    }
  });

  it('max/min gradients with dilations (where JAX has none) match central differences on tie-free input', () => {
    const x = jnp.array(Float32Array.from({ length: 35 }, (_, i) => Math.fround(Math.sin(i * 1.7) + i * 0.01))).reshape(5, 7);
    config.update('enableX64', true);
    const x64 = x.astype('float64');
    for (const op of ['max', 'min'] as const) {
      const f = (a: jp.Array) => jnp.sum(jnp.sin(lax.reduceWindow(a, op === 'max' ? -Infinity : Infinity, OPS[op], [2, 3], { padding: [[1, 0], [0, 1]], baseDilation: [2, 1], windowDilation: [1, 2] })));
      const g = grad(f)(x64);
      const h = 1e-6;
      const gv = Array.from(g.dataSync() as Float64Array);
      const xv = Array.from(x64.dataSync() as Float64Array);
      xv.forEach((_, i) => {
        const e = (d: number) => f(jnp.array(xv.map((v, j) => (j === i ? v + d : v)), 'float64').reshape(5, 7)).item() as number;
        expect(Math.abs(gv[i]! - (e(h) - e(-h)) / (2 * h)), `${op} d/dx[${i}]`).toBeLessThan(1e-6);
      });
    }
    config.update('enableX64', false);
  });

  it('second derivatives through max pooling (select_and_scatter_add is linear)', () => {
    const x = rand([6, 6], 3);
    const f = (a: jp.Array) => jnp.sum(lax.reduceWindow(a, -Infinity, lax.max, [2, 2], [2, 2]).mul(a.sum()));
    expect(jnp.allclose(jit(grad(f))(x), grad(f)(x)).item()).toBe(true);
    const hvp = jp.jvp(grad((a: jp.Array) => jnp.sum(jnp.square(lax.reduceWindow(a, -Infinity, lax.max, [2, 2], [2, 2])))), [x], [jnp.onesLike(x)]);
    // d/dx of 2·max·(selected) along ones: 2 at each window's selected element.
    expect(Array.from(hvp[1].dataSync() as Float32Array).reduce((a, b) => a + b, 0)).toBeCloseTo(2 * 9, 5);
  });
});

describe('reduceWindow bad input', () => {
  const x = jnp.zeros([4, 4]);
  const rw = (...a: unknown[]) => () => (lax.reduceWindow as (...z: unknown[]) => jp.Array)(...a);
  it('raises with clear messages', () => {
    expect(rw(x, 0, lax.add, [2])).toThrow(/wrong number of windowDimensions/);
    expect(rw(x, 0, lax.add, [2, 0])).toThrow(/positive integers/);
    expect(rw(x, 0, lax.add, [2, 2], [1], 'VALID')).toThrow(/windowStrides.*one entry per spatial dimension/);
    expect(rw(x, 0, lax.add, [2, 2], [1, 1], 'FULL')).toThrow(/unrecognized padding type/);
    expect(rw(x, 0, lax.add, [2, 2], [1, 1], [[-9, 0], [0, 0]])).toThrow(/negative padding/);
    expect(rw(x, 1, lax.mul, [2, 2])).toThrow(/computation must be lax.add, lax.max or lax.min/);
    expect(rw(x, jnp.zeros([2]), lax.add, [2, 2])).toThrow(/initValue must be a scalar/);
    expect(rw(x.astype('bool'), 0, lax.max, [2, 2])).toThrow(jp.DtypeError);
    expect(rw(x, 0, lax.add, [2, 2], { stride: [1, 1] })).toThrow(TypeError);
    for (const e of [rw(x, 0, lax.add, [2]), rw(x, 0, lax.add, [2, 2], [1, 1], 'FULL')]) expect(e).toThrow(jp.ShapeError);
  });
});
