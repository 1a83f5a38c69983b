// Issue 17 (convolutions): lax.convGeneralDilated and its wrappers against JAX 0.10
// (test/golden/make_conv.py: 1-d, 2-d, 3-d and 0-d convolutions, strides, every padding mode,
// lhs and rhs dilation, feature and batch groups, several layouts, float32 and float64, ints),
// eagerly and under jit, with gradients w.r.t. lhs and rhs against jax.grad.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Enc, decode, expectClose, loadGolden } from '../numpy/golden.js';

const { numpy: jnp, lax, jit, grad, config } = jp;

interface Case {
  name: string;
  fn: 'conv_general_dilated' | 'conv' | 'conv_with_general_padding' | 'conv_transpose';
  dtype: string;
  lhs: Enc;
  rhs: Enc;
  strides: number[];
  padding: string | [number, number][];
  kwargs: Record<string, unknown>;
  out: Enc;
  ct?: Enc;
  grad_lhs?: Enc;
  grad_rhs?: Enc;
}
interface DimCase {
  lhs: number[];
  rhs: number[];
  spec: [string, string, string] | null;
  lhsSpec: number[];
  rhsSpec: number[];
  outSpec: number[];
}
interface PatchCase {
  name: string;
  dtype: string;
  lhs: Enc;
  filterShape: number[];
  strides: number[];
  padding: string | [number, number][];
  kwargs: Record<string, unknown>;
  out: Enc;
  ct: Enc;
  grad_lhs: Enc;
}
const golden = loadGolden<{ cases: Case[]; dimensionNumbers: DimCase[]; patches: PatchCase[]; shapes: { fn: string; args: unknown[]; out: unknown }[] }>('conv.json');
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The jaxpool call of a golden case. */
function call(c: Case): (l: jp.Array, r: jp.Array) => jp.Array {
  const k = c.kwargs;
  switch (c.fn) {
    case 'conv_general_dilated':
      return (l, r) => lax.convGeneralDilated(l, r, c.strides, c.padding, k);
    case 'conv':
      return (l, r) => lax.conv(l, r, c.strides, c.padding);
    case 'conv_with_general_padding':
      return (l, r) => lax.convWithGeneralPadding(l, r, c.strides, c.padding, k.lhsDilation, k.rhsDilation);
    case 'conv_transpose':
      return (l, r) => lax.convTranspose(l, r, c.strides, c.padding, k);
  }
}

afterAll(() => config.update('enableX64', false));

describe.each(['float32', 'float64', 'int32'])('lax convolutions against JAX (%s)', (dtype) => {
  const tol = dtype === 'float32' ? 2e-5 : 1e-12;
  const cases = golden.cases.filter((c) => c.dtype === dtype);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    config.update('enableX64', dtype === 'float64');
    const f = call(c);
    const [l, r] = [decode(c.lhs), decode(c.rhs)];
    expectClose(f(l, r), c.out, `eager ${name}`, tol);
    expectClose(jit(f)(l, r), c.out, `jit ${name}`, tol);
    if (c.ct) {
      const ct = decode(c.ct);
      const loss = (a: jp.Array, b: jp.Array) => jnp.sum(f(a, b).mul(ct));
      const [gl, gr] = grad(loss, { argnums: [0, 1] })(l, r) as [jp.Array, jp.Array];
      const gtol = dtype === 'float32' ? 1e-4 : 1e-11;
      expectClose(gl, c.grad_lhs!, `grad lhs ${name}`, gtol);
      expectClose(gr, c.grad_rhs!, `grad rhs ${name}`, gtol);
    }
  });
});

describe('lax.convGeneralDilatedPatches against JAX', () => {
  it.each(golden.patches.map((c) => [`${c.name} ${c.dtype}`, c] as const))('%s', (name, c) => {
    config.update('enableX64', c.dtype === 'float64');
    const tol = c.dtype === 'float32' ? 1e-6 : 1e-13;
    const f = (l: jp.Array) => lax.convGeneralDilatedPatches(l, c.filterShape, c.strides, c.padding, c.kwargs);
    const l = decode(c.lhs);
    expectClose(f(l), c.out, `eager ${name}`, tol);
    expectClose(jit(f)(l), c.out, `jit ${name}`, tol);
    expectClose(grad((a: jp.Array) => jnp.sum(f(a).mul(decode(c.ct))))(l), c.grad_lhs, `grad ${name}`, tol * 10);
  });
});

describe('the shape helpers against JAX', () => {
  it.each(golden.shapes.map((c, i) => [`${c.fn} #${i}`, c] as const))('%s', (_, c) => {
    const fn = (lax as unknown as Record<string, (...a: unknown[]) => unknown>)[camel(c.fn)]!;
    expect(fn(...c.args)).toEqual(c.out);
  });
});

describe('lax.convDimensionNumbers', () => {
  it.each(golden.dimensionNumbers.map((d) => [String(d.spec), d] as const))('%s as JAX', (_, d) => {
    expect(lax.convDimensionNumbers(d.lhs, d.rhs, d.spec)).toEqual({ lhsSpec: d.lhsSpec, rhsSpec: d.rhsSpec, outSpec: d.outSpec });
  });
});

/** Deterministic values in [-1, 1). */
const rand = (shape: number[], seed: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return jnp.array(Float32Array.from({ length: n }, (_, i) => Math.fround((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1))).reshape(shape);
};
const stackOf = (xs: jp.Array[]) => jnp.stack(xs);

describe('vmap of convGeneralDilated equals a loop', () => {
  beforeEach(() => config.update('enableX64', false));
  type Cfg = { name: string; lhs: number[]; rhs: number[]; opts: Record<string, unknown>; strides: number[]; padding: string | [number, number][] };
  const cfgs: Cfg[] = [
    { name: 'plain NCHW', lhs: [2, 3, 5, 4], rhs: [4, 3, 2, 2], opts: {}, strides: [1, 1], padding: 'SAME' },
    { name: 'NHWC strided, dilated', lhs: [1, 6, 5, 2], rhs: [2, 3, 2, 3], opts: { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'], rhsDilation: [2, 1] }, strides: [2, 1], padding: 'SAME' },
    { name: 'feature groups', lhs: [2, 4, 4, 4], rhs: [6, 2, 2, 2], opts: { featureGroupCount: 2 }, strides: [1, 1], padding: 'VALID' },
    { name: 'batch groups', lhs: [4, 2, 4, 3], rhs: [6, 2, 2, 2], opts: { batchGroupCount: 2 }, strides: [1, 1], padding: [[1, 0], [0, 1]] },
    { name: 'mixed layout 1-d', lhs: [5, 2, 2], rhs: [3, 2, 4], opts: { dimensionNumbers: ['WNC', 'WIO', 'CNW'] }, strides: [2], padding: 'SAME_LOWER' },
  ];
  const axesCases: [string, [number | null, number | null]][] = [
    ['lhs mapped', [0, null]],
    ['rhs mapped', [null, 0]],
    ['both mapped', [0, 0]],
    ['both mapped at other axes', [2, 1]],
  ];
  it.each(cfgs.flatMap((c) => axesCases.map(([an, ax]) => [`${c.name}, ${an}`, c, ax] as const)))('%s', (_, c, [al, ar]) => {
    const k = 3;
    const f = (l: jp.Array, r: jp.Array) => lax.convGeneralDilated(l, r, c.strides, c.padding, c.opts);
    const ins = (shape: number[], ax: number | null, seed: number) => {
      if (ax === null) return { batched: rand(shape, seed), at: (_i: number) => rand(shape, seed) };
      const xs = Array.from({ length: k }, (_v, i) => rand(shape, seed + i + 1));
      return { batched: jnp.moveaxis(stackOf(xs), 0, ax), at: (i: number) => xs[i]! };
    };
    const L = ins(c.lhs, al, 10);
    const R = ins(c.rhs, ar, 20);
    const want = stackOf(Array.from({ length: k }, (_v, i) => f(L.at(i), R.at(i))));
    const got = jp.vmap(f, { inAxes: [al, ar] })(L.batched, R.batched);
    expect(got.shape).toEqual(want.shape);
    expect(jnp.allclose(got, want, { atol: 1e-5 }).item()).toBe(true);
    const gotJit = jit(jp.vmap(f, { inAxes: [al, ar] }))(L.batched, R.batched);
    expect(jnp.allclose(gotJit, want, { atol: 1e-5 }).item()).toBe(true);
  });

  it('per-example gradients (vmap of grad) equal a loop', () => {
    const w = rand([3, 2, 2, 2], 3);
    const loss = (x: jp.Array, r: jp.Array) => jnp.sum(jnp.sin(lax.convGeneralDilated(x.reshape(1, 2, 4, 4), r, [1, 1], 'SAME')));
    const xs = rand([3, 2, 4, 4], 4);
    const got = jp.vmap(grad(loss, { argnums: 1 }), { inAxes: [0, null] })(xs, w);
    const want = stackOf([0, 1, 2].map((i) => grad(loss, { argnums: 1 })(xs.index(i), w)));
    expect(jnp.allclose(got, want, { atol: 1e-5 }).item()).toBe(true);
  });
});

describe('convolution bad input', () => {
  beforeEach(() => config.update('enableX64', false));
  const l = jnp.zeros([1, 3, 4, 4]);
  const r = jnp.zeros([2, 3, 2, 2]);
  const conv = (...a: unknown[]) => () => (lax.convGeneralDilated as (...x: unknown[]) => jp.Array)(...a);
  it('raises ShapeError naming the mismatch', () => {
    expect(conv(l, jnp.zeros([2, 2, 2, 2]), [1, 1], 'VALID')).toThrow(/rhs input feature dimension size, but 3 \/ 1 != 2/);
    expect(conv(l, r, [1, 1], 'FULL')).toThrow(jp.ShapeError);
    expect(conv(l, r, [1, 1], 'FULL')).toThrow(/unrecognized padding type.*'FULL'/);
    expect(conv(l, jnp.zeros([2, 3, 2]), [1, 1], 'VALID')).toThrow(/ndim to be equal/);
    expect(conv(l, r, [1], 'VALID')).toThrow(/windowStrides.*one entry per spatial dimension/);
    expect(conv(l, r, [1, 0], 'VALID')).toThrow(/positive integers/);
    expect(conv(l, r, [1, 1], [[0, 0]])).toThrow(/expected 2 \(low, high\) padding pairs/);
    expect(conv(l, r, [1, 1], [[0, 0], [0, 'a']])).toThrow(/list of \(low, high\) integer pairs/);
    expect(conv(l, r, [1, 1], 'VALID', { featureGroupCount: 2 })).toThrow(/featureGroupCount must divide the lhs feature dimension size, but 2 does not divide 3/);
    expect(conv(jnp.zeros([3, 2, 4, 4]), jnp.zeros([2, 2, 2, 2]), [1, 1], 'VALID', { batchGroupCount: 2 })).toThrow(/batchGroupCount must divide the lhs batch/);
    expect(conv(l, r, [1, 1], 'SAME', { lhsDilation: [2, 1] })).toThrow(/string padding is not implemented for transposed convolution/);
    expect(conv(l, r, [1, 1], [[-5, 0], [0, 0]])).toThrow(/negative padding is larger/);
    expect(conv(l, r, [1, 1], 'VALID', { dimensionNumbers: ['NCHW', 'OIHW', 'NCH'] })).toThrow(/dimension_numbers\[2\] must have length/);
    expect(conv(l, r, [1, 1], 'VALID', { dimensionNumbers: ['NCHW', 'OIHX', 'NCHW'] })).toThrow(/same set of spatial characters/);
    for (const e of [conv(l, r, [1, 1], 'FULL'), conv(l, jnp.zeros([2, 2, 2, 2]), [1, 1], 'VALID')]) expect(e).toThrow(jp.ShapeError);
  });
  it('raises DtypeError for mixed dtypes and bools; TypeError for a misspelt option', () => {
    config.update('enableX64', true);
    expect(conv(l, r.astype('float64'), [1, 1], 'VALID')).toThrow(jp.DtypeError);
    config.update('enableX64', false);
    expect(conv(l.astype('bool'), r.astype('bool'), [1, 1], 'VALID')).toThrow(jp.DtypeError);
    expect(conv(l, r, [1, 1], 'VALID', { featureGroupcount: 1 })).toThrow(TypeError);
  });
  it('preferredElementType converts int operands (as JAX accumulates them)', () => {
    const out = lax.convGeneralDilated(jnp.ones([1, 1, 3], 'int8'), jnp.ones([1, 1, 2], 'int8'), [1], 'VALID', { preferredElementType: 'int32' });
    expect([out.dtype.name, Array.from(out.dataSync() as Int32Array)]).toEqual(['int32', [2, 2]]);
  });
});

describe('jnp.convolve / correlate through the conv primitive', () => {
  beforeEach(() => config.update('enableX64', false));
  it('gradients and vmap equal JS loops', () => {
    const xv = [0.5, -1, 2, 0.25, 3, -0.5, 1];
    const yv = [1, -2, 0.5];
    const ctv = Array.from({ length: 9 }, (_, i) => Math.cos(i));
    const [x, y, ct] = [jnp.array(xv), jnp.array(yv), jnp.array(ctv)];
    // full convolution: out[i] = Σ_k x[i − k]·y[k]; d/dx[j] = Σ_k ct[j + k]·y[k], d/dy[k] = Σ_j ct[j + k]·x[j]
    const gx = xv.map((_, j) => yv.reduce((s, yk, k) => s + ctv[j + k]! * yk, 0));
    const gy = yv.map((_, k) => xv.reduce((s, xj, j) => s + ctv[j + k]! * xj, 0));
    const [dx, dy] = grad((a: jp.Array, b: jp.Array) => jnp.sum(jnp.convolve(a, b).mul(ct)), { argnums: [0, 1] })(x, y) as [jp.Array, jp.Array];
    Array.from(dx.dataSync() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(gx[i]!, 5));
    Array.from(dy.dataSync() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(gy[i]!, 5));
    const xs = jnp.stack([x, x.mul(2), x.sub(1)]);
    const got = jp.vmap((a: jp.Array) => jnp.correlate(a, y, 'same'))(xs);
    const want = jnp.stack([0, 1, 2].map((i) => jnp.correlate(xs.index(i), y, 'same')));
    expect(Array.from(got.dataSync() as Float32Array)).toEqual(Array.from(want.dataSync() as Float32Array));
    const ref = (a: number[]) => a.map((_, i) => yv.reduce((s, yk, k) => s + (a[i + k - 1] ?? 0) * yk, 0));
    Array.from(want.index(1).dataSync() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(ref(xv.map((t) => 2 * t))[i]!, 5));
  });
});
