// pureCallback (API.md section 5, row 1), ported from JAX's tests/python_callback_test.py where
// the cases apply. References are plain JS loops, host-call counts recorded here, and finite
// differences of the host functions.
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { besselJn } from '../../examples/bessel/host-bessel.js';
import { host, sds, vals } from './helpers.js';

const { numpy: jnp, lax } = jp;
type VmapMethod = 'sequential' | 'expand_dims' | 'broadcast_all' | 'legacy_vectorized';

const f32 = (xs: number[]) => xs.map(Math.fround);

/** numpy broadcasting of an elementwise binary op over numjs arrays (numjs does not broadcast). */
function broadcast2(a: NdArray, b: NdArray, op: (x: number, y: number) => number): NdArray {
  const nd = Math.max(a.shape.length, b.shape.length);
  const pad = (s: number[]) => [...Array<number>(nd - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const out = sa.map((d, i) => Math.max(d, sb[i]!));
  const n = out.reduce((p, d) => p * d, 1);
  const res = new Float64Array(n);
  const at = (s: number[], idx: number[]) => idx.reduce((off, i, d) => off * s[d]! + (s[d] === 1 ? 0 : i), 0);
  const da = host(a);
  const db = host(b);
  const idx = new Array<number>(nd).fill(0);
  for (let f = 0; f < n; f++) {
    res[f] = op(da[at(sa, idx)]!, db[at(sb, idx)]!);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < out[d]!) break;
      idx[d] = 0;
    }
  }
  return new jp.NdArray(res, out);
}

describe('pureCallback under jit', () => {
  it('is dead-code eliminated when its result is unused, runs once per call when used', () => {
    let calls = 0;
    const cb = (a: NdArray) => (calls++, host(a).map((v) => v * 2));
    const unused = jp.jit((x: jp.Array) => {
      jp.pureCallback(cb, sds(x), [x]);
      return x.mul(2);
    });
    const used = jp.jit((x: jp.Array) => jp.pureCallback(cb, sds(x), [x]).add(1));
    const x = jnp.array([1.5, -2]);
    for (let i = 0; i < 3; i++) expect(vals(unused(x))).toEqual([3, -4]);
    expect(calls).toBe(0);
    for (let i = 0; i < 3; i++) expect(vals(used(x))).toEqual([4, -3]);
    expect(calls).toBe(3);
    // Only the live one of two runs.
    calls = 0;
    const half = jp.jit((x: jp.Array) => {
      jp.pureCallback(cb, sds(x), [x.add(100)]);
      return jp.pureCallback(cb, sds(x), [x]);
    });
    expect(vals(half(x))).toEqual([3, -4]);
    expect(calls).toBe(1);
  });

  it('scalar values, no arguments, several arguments and results (python_callback_test)', () => {
    const inc = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => host(a)[0]! + 1, sds(x), [x]));
    expect(vals(inc(jnp.array(0.5)))).toEqual([1.5]);
    const ones = jp.jit(() => jp.pureCallback(() => new Float32Array(4).fill(1), new jp.ShapeDtypeStruct([4], 'float32'), []));
    expect(vals(ones())).toEqual([1, 1, 1, 1]);
    const two = jp.jit(() =>
      jp.pureCallback(() => [new Float32Array(4).fill(1), new Int32Array(5).fill(1)], [new jp.ShapeDtypeStruct([4], 'float32'), new jp.ShapeDtypeStruct([5], 'int32')], []),
    );
    const [a, b] = two();
    expect([vals(a), a.dtype.name, vals(b), b.dtype.name]).toEqual([[1, 1, 1, 1], 'float32', [1, 1, 1, 1, 1], 'int32']);
    const multi = jp.jit((x: jp.Array, y: jp.Array, z: jp.Array) =>
      jp.pureCallback((p: NdArray, q: NdArray, r: NdArray) => [p, broadcast2(q, r, (u, v) => u + v)], [sds(x), sds(x)], [x, y, z]),
    );
    const [o1, o2] = multi(jnp.ones([3]), jnp.arange(3.0), jnp.arange(3.0).add(1));
    expect(vals(o1)).toEqual([1, 1, 1]);
    expect(vals(o2)).toEqual([1, 3, 5]);
  });

  it('sends and receives zero-size arrays, and keeps the row-major layout of 2-D int arrays', () => {
    const seen: number[][] = [];
    const f = jp.jit((x: jp.Array, y: jp.Array) =>
      jp.pureCallback(
        (a: NdArray, b: NdArray) => (seen.push(a.shape, b.shape), [[[], []], b, [[], [], []], [...host(b), ...host(b)].map((v) => v + 1)]),
        [new jp.ShapeDtypeStruct([2, 0], 'float32'), sds(y), new jp.ShapeDtypeStruct([3, 0], 'int32'), new jp.ShapeDtypeStruct([4], 'float32')],
        [x, y],
      ),
    );
    const [r0, r1, r2, r3] = f(jnp.zeros([2, 0]), jnp.array([42, 43], { dtype: 'float32' }));
    expect([r0.shape, r2.shape, r2.dtype.name]).toEqual([[2, 0], [3, 0], 'int32']);
    expect(vals(r1)).toEqual([42, 43]);
    expect(vals(r3)).toEqual([43, 44, 43, 44]);
    expect(seen).toEqual([[2, 0], [2]]);
    const m = jnp.arange(6).reshape(3, 2);
    const g = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => a, sds(x), [x]));
    expect(g(m).tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
  });

  it('runs once per iteration inside cond, scan and whileLoop bodies', () => {
    let calls = 0;
    const plus = (a: NdArray) => (calls++, host(a).map((v) => v + 1));
    const minus = (a: NdArray) => (calls++, host(a).map((v) => v - 1));
    const c = jp.jit((p: jp.Array, x: jp.Array) =>
      lax.cond(p, (y: jp.Array) => jp.pureCallback(plus, sds(y), [y]), (y: jp.Array) => jp.pureCallback(minus, sds(y), [y]), x),
    );
    expect(vals(c(jnp.array(true), jnp.ones([2])))).toEqual([2, 2]);
    expect(vals(c(jnp.array(false), jnp.ones([2])))).toEqual([0, 0]);
    expect(calls).toBe(2);
    calls = 0;
    const s = jp.jit((x: jp.Array) => lax.scan((carry: jp.Array, _: jp.Array) => [jp.pureCallback(plus, sds(carry), [carry]), null], x, jnp.arange(10))[0]);
    expect(vals(s(jnp.arange(2.0)))).toEqual([10, 11]);
    expect(calls).toBe(10);
    calls = 0;
    const w = jp.jit((x: jp.Array) =>
      lax.whileLoop(
        (y: jp.Array) => jp.pureCallback((a: NdArray) => host(a).some((v) => v < 10), new jp.ShapeDtypeStruct([], 'bool'), [y]),
        (y: jp.Array) => jp.pureCallback(plus, sds(y), [y]),
        x,
      ),
    );
    // arange(5) starts at 0, so ten iterations bring every element to at least 10.
    expect(vals(w(jnp.arange(5.0)))).toEqual([10, 11, 12, 13, 14]);
    expect(calls).toBe(10);
  });

  it('outside jit, calls of fresh closures reuse one compiled program per signature', () => {
    const x = jnp.array([0.25, 0.5]);
    jp.pureCallback((a: NdArray) => a, sds(x), [x]).dataSync();
    jp.transfers.reset();
    for (let i = 0; i < 20; i++) expect(vals(jp.pureCallback((a: NdArray) => host(a).map((v) => v + i), sds(x), [x]))).toEqual([0.25 + i, 0.5 + i]);
    const s = jp.transfers.stats();
    // One launch and one host call per call; a recompilation would launch a compile command too.
    expect(s.launches).toBe(20);
    expect(s.callbacks.count).toBe(20);
  });
});

describe('pureCallback under vmap', () => {
  // f(x, y) = 10 x + y with numpy broadcasting, the shapes each host call received recorded.
  const seen: number[][][] = [];
  const cb = (a: NdArray, b: NdArray) => (seen.push([a.shape, b.shape]), broadcast2(a, b, (u, v) => 10 * u + v));
  const f = (method: VmapMethod) => (x: jp.Array, y: jp.Array) =>
    jp.pureCallback(cb, new jp.ShapeDtypeStruct(jnp.broadcastShapes(x.shape, y.shape), 'float32'), [x, y], { vmapMethod: method });
  const xs = jnp.arange(6.0).reshape(3, 2); // batched along axis 0: three rows of 2
  const y = jnp.array([100, 200], { dtype: 'float32' });
  const loop = () => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) out.push(10 * (2 * i + j) + [100, 200][j]!);
    return out;
  };

  it.each([
    ['sequential', [[[2], [2]], [[2], [2]], [[2], [2]]]],
    ['expand_dims', [[[3, 2], [1, 2]]]],
    ['broadcast_all', [[[3, 2], [3, 2]]]],
    ['legacy_vectorized', [[[3, 2], [2]]]],
  ] as const)('%s gives the loop result and hands the callback the shapes JAX does', (method, shapes) => {
    for (const wrap of [(g: typeof jp.vmap) => g, (g: typeof jp.vmap) => (...a: Parameters<typeof jp.vmap>) => jp.jit(g(...a))]) {
      seen.length = 0;
      const out = wrap(jp.vmap)(f(method), { inAxes: [0, null] })(xs, y) as jp.Array;
      expect(out.shape).toEqual([3, 2]);
      expect(vals(out)).toEqual(loop());
      expect(seen).toEqual(shapes);
    }
  });

  it('moves a batch dimension that is not leading to the front (inAxes 1), for every method', () => {
    const xt = xs.T; // (2, 3): the batch is axis 1
    for (const method of ['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const) {
      seen.length = 0;
      expect(vals(jp.vmap(f(method), { inAxes: [1, null] })(xt, y) as jp.Array)).toEqual(loop());
      expect(seen[0]![0]).toEqual(method === 'sequential' ? [2] : [3, 2]);
    }
    // Both batched, the second along axis 1: y2[:, i] pairs with xs[i].
    const y2 = jnp.array([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
    const expected = [0, 1, 2, 3, 4, 5].map((k) => 10 * k + [1, 4, 2, 5, 3, 6][k]!);
    for (const method of ['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const)
      expect(vals(jp.vmap(f(method), { inAxes: [0, 1] })(xs, y2) as jp.Array)).toEqual(expected);
  });

  it('nested vmap batches twice; several results are batched together', () => {
    seen.length = 0;
    const x3 = jnp.arange(12.0).reshape(2, 3, 2);
    const out = jp.vmap(jp.vmap(f('expand_dims'), { inAxes: [0, null] }), { inAxes: [0, null] })(x3, y) as jp.Array;
    expect(out.shape).toEqual([2, 3, 2]);
    expect(vals(out)).toEqual(Array.from({ length: 12 }, (_, k) => 10 * k + [100, 200][k % 2]!));
    expect(seen).toEqual([[[2, 3, 2], [1, 1, 2]]]);
    const two = (x: jp.Array) => jp.pureCallback((a: NdArray) => [a, host(a).map((v) => -1 - v)], [sds(x), sds(x)], [x], { vmapMethod: 'sequential' });
    const [p, q] = jp.vmap(two)(jnp.arange(4.0).reshape(2, 2)) as [jp.Array, jp.Array];
    expect([vals(p), vals(q)]).toEqual([[0, 1, 2, 3], [-1, -2, -3, -4]]);
  });

  it('an empty batch: sequential calls nothing, the others call once with the empty batch', () => {
    let calls = 0;
    const g = (method: VmapMethod) => (x: jp.Array) => jp.pureCallback((a: NdArray) => (calls++, a), sds(x), [x], { vmapMethod: method });
    for (const method of ['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const) {
      calls = 0;
      const r = jp.vmap(g(method))(jnp.zeros([0, 3]));
      expect([r.shape, vals(r)]).toEqual([[0, 3], []]);
      expect(calls).toBe(method === 'sequential' ? 0 : 1);
    }
  });

  it('vectorized: true is legacy_vectorized; no method is a clear error; bad options are rejected', () => {
    seen.length = 0;
    const g = (x: jp.Array, yy: jp.Array) => jp.pureCallback(cb, sds(x), [x, yy], { vectorized: true });
    expect(vals(jp.vmap(g, { inAxes: [0, null] })(xs, y))).toEqual(loop());
    expect(seen).toEqual([[[3, 2], [2]]]);
    const none = (x: jp.Array) => jp.pureCallback(cb, sds(x), [x, x]);
    expect(() => jp.vmap(none)(xs)).toThrow(/vmap of pureCallback needs a vmapMethod.*'sequential'/);
    expect(() => jp.jit(jp.vmap(none))(xs)).toThrow(jp.TransformError);
    // Without vmap, no method is needed.
    expect(vals(none(y))).toEqual([1100, 2200]);
    expect(() => jp.pureCallback(cb, sds(y), [y, y], { vectorized: true, vmapMethod: 'sequential' })).toThrow(/cannot be used together/);
    expect(() => jp.pureCallback(cb, sds(y), [y, y], { vmapMethod: 'bogus' as VmapMethod })).toThrow(/vmapMethod must be one of/);
  });

  it('a vectorized callback that reduces away the batch fails with the shapes named', () => {
    const g = (x: jp.Array) => jp.pureCallback((a: NdArray) => host(a).reduce((s, v) => s + v, 0), sds(x), [x], { vmapMethod: 'legacy_vectorized' });
    expect(() => jp.jit(jp.vmap(g))(jnp.arange(4.0)).dataSync()).toThrow(/shape \(\).*declared result shape is \(4,\)/);
  });
});

describe('pureCallback and differentiation', () => {
  const sinHost = (a: NdArray) => host(a).map(Math.sin);
  const cosHost = (a: NdArray) => host(a).map(Math.cos);
  const s = (x: jp.Array): jp.Array => jp.pureCallback(sinHost, sds(x), [x], { vmapMethod: 'expand_dims' });
  const c = (x: jp.Array): jp.Array => jp.pureCallback(cosHost, sds(x), [x], { vmapMethod: 'expand_dims' });

  it('jvp, grad, linearize, vjp and jacobians raise JAX’s error pointing to customJvp', () => {
    const x = jnp.array([0.5, 1.5]);
    const msg = /Pure callbacks do not support JVP\. Please use `customJvp`/;
    expect(() => jp.jvp(s, [x], [jnp.onesLike(x)])).toThrow(msg);
    expect(() => jp.grad((v: jp.Array) => s(v).sum())(x)).toThrow(msg);
    expect(() => jp.jit(jp.grad((v: jp.Array) => s(v).sum()))(x)).toThrow(msg);
    expect(() => jp.linearize(s, x)).toThrow(msg);
    expect(() => jp.vjp(s, x)).toThrow(msg);
    expect(() => jp.jacfwd(s)(x)).toThrow(msg);
    expect(() => jp.jacrev(s)(x)).toThrow(jp.TransformError);
  });

  it('inside customJvp: first and second derivatives, under jit and vmap too', () => {
    const sinC = jp.customJvp((x: jp.Array) => s(x));
    const cosC: jp.CustomJvpFunction<(x: jp.Array) => jp.Array> = jp.customJvp((x: jp.Array) => c(x));
    sinC.defjvp(([x], [t]) => [sinC(x), (t as jp.Array).mul(cosC(x))]);
    cosC.defjvp(([x], [t]) => [cosC(x), (t as jp.Array).mul(sinC(x)).neg()]);
    for (const x of [0.3, 1.2, -2.5]) {
      expect((jp.grad(sinC)(x) as jp.Array).item()).toBeCloseTo(Math.cos(x), 6);
      expect((jp.grad(jp.grad(sinC))(x) as jp.Array).item()).toBeCloseTo(-Math.sin(x), 6);
      expect((jp.jit(jp.grad(jp.grad(sinC)))(x) as jp.Array).item()).toBeCloseTo(-Math.sin(x), 6);
      expect((jp.hessian(sinC)(x) as jp.Array).item()).toBeCloseTo(-Math.sin(x), 6);
    }
    const xs = [0.1, 0.7, 2.0];
    const g = jp.vmap(jp.grad(sinC))(jnp.array(xs)) as jp.Array;
    vals(g).forEach((v, i) => expect(v).toBeCloseTo(Math.cos(xs[i]!), 6));
    const [y, t] = jp.jvp(sinC, [jnp.array(0.4)], [jnp.array(2.5)]) as [jp.Array, jp.Array];
    expect(y.item()).toBeCloseTo(Math.sin(0.4), 6);
    expect(t.item()).toBeCloseTo(2.5 * Math.cos(0.4), 6);
  });

  it('inside customVjp: gradients through the host function, twice', () => {
    const sv = jp.customVjp((x: jp.Array) => s(x));
    sv.defvjp((x: jp.Array) => [s(x), x], (x: jp.Array, g: jp.Array) => [g.mul(c(x))]);
    for (const x of [0.7, -1.1]) {
      expect((jp.grad(sv)(x) as jp.Array).item()).toBeCloseTo(Math.cos(x), 6);
      expect((jp.jit(jp.grad(sv))(x) as jp.Array).item()).toBeCloseTo(Math.cos(x), 6);
    }
    // Second order: fwd and bwd are themselves differentiable (customJvp callbacks), as JAX requires.
    const sinC = jp.customJvp((x: jp.Array) => s(x));
    sinC.defjvp(([x], [t]) => [sinC(x), (t as jp.Array).mul(c(x as jp.Array))]);
    const cosC = jp.customJvp((x: jp.Array) => c(x));
    cosC.defjvp(([x], [t]) => [cosC(x), (t as jp.Array).mul(s(x as jp.Array)).neg()]);
    const sv2 = jp.customVjp((x: jp.Array) => s(x));
    sv2.defvjp((x: jp.Array) => [sinC(x), x], (x: jp.Array, g: jp.Array) => [g.mul(cosC(x))]);
    expect((jp.grad(jp.grad(sv2))(0.9) as jp.Array).item()).toBeCloseTo(-Math.sin(0.9), 5);
  });

  it('the seed Bessel j1 has derivatives matching finite differences of the host function', () => {
    const jvc = jp.customJvp((v: jp.Array, z: jp.Array): jp.Array =>
      jp.pureCallback(
        (va: NdArray, za: NdArray) => host(za).map((zz, i) => besselJn(host(va)[i % va.size]!, zz)),
        new jp.ShapeDtypeStruct(z.shape, 'float32'),
        [jnp.broadcastTo(v, z.shape), z],
        { vmapMethod: 'broadcast_all' },
      ),
    );
    jvc.defjvp(([v, z], [, zDot]) => {
      const d = jnp.multiply(0.5, jnp.subtract(jvc(jnp.subtract(v, 1), z), jvc(jnp.add(v, 1), z)));
      return [jvc(v, z), jnp.multiply(zDot, d)];
    });
    const j1 = (z: jp.Array) => jvc(jnp.array(1), z);
    const h = 1e-4;
    for (const z of [0.5, 2.0, 7.25]) {
      const fd1 = (besselJn(1, z + h) - besselJn(1, z - h)) / (2 * h);
      const fd2 = (besselJn(1, z + h) - 2 * besselJn(1, z) + besselJn(1, z - h)) / (h * h);
      expect((jp.grad(j1)(z) as jp.Array).item()).toBeCloseTo(fd1, 5);
      expect((jp.hessian(j1)(z) as jp.Array).item()).toBeCloseTo(fd2, 4);
    }
  });
});

describe('pureCallback pytrees and result checking', () => {
  it('passes pytrees of arguments and returns the declared structure', () => {
    const cb = (p: { a: NdArray; b: NdArray[] }, k: NdArray) => ({ sum: host(p.a).map((v, i) => v + host(p.b[0]!)[i]! * host(k)[0]!), n: [[7.0]], none: null });
    const out = jp.jit((a: jp.Array, b: jp.Array) =>
      jp.pureCallback(cb, { sum: new jp.ShapeDtypeStruct([2], 'float32'), n: [new jp.ShapeDtypeStruct([1], 'int32')], none: null }, [{ a, b: [b] }, 3]),
    )(jnp.array([1.5, 2]), jnp.array([3, 4], { dtype: 'float32' }));
    expect(vals(out.sum)).toEqual([10.5, 14]);
    expect(out.n[0]!.dtype.name).toBe('int32');
    expect(vals(out.n[0]!)).toEqual([7]);
    expect(out.none).toBe(null);
  });

  it('is typed: results follow the declared structure, host arguments the argument structure', () => {
    // Checked by tsc (npm test runs it first): a wrong type here fails the build.
    const a = jnp.array([1.5]);
    const one = jp.pureCallback((x: NdArray) => x, sds(a), [a]);
    expectTypeOf(one).toEqualTypeOf<jp.Array>();
    const tree = jp.pureCallback((p: { u: NdArray; v: NdArray[] }, n: NdArray) => ({ s: [p.u, n] }), { s: [sds(a), new jp.ShapeDtypeStruct([], 'float32')] }, [{ u: a, v: [a] }, 2]);
    expectTypeOf(tree).toEqualTypeOf<{ s: [jp.Array, jp.Array] }>();
    expectTypeOf(jp.ioCallback(() => null, null, [])).toEqualTypeOf<null>();
    expect(vals(tree.s[1])).toEqual([2]);
    expect(vals(one)).toEqual([1.5]);
  });

  it('an Array may stand for its own shape and dtype, as in JAX', () => {
    const x = jnp.array([[1, 2], [3, 4]], { dtype: 'int32' });
    const out = jp.jit((v: jp.Array) => jp.pureCallback((a: NdArray) => a.multiply(a), v, [v]))(x);
    expect([out.shape, out.dtype.name, vals(out)]).toEqual([[2, 2], 'int32', [1, 4, 9, 16]]);
  });

  const x = jnp.array([1.5, 2]);
  const run = (f: () => unknown) => () => {
    const r = f();
    for (const leaf of jp.treeUtil.treeLeaves(r)) (leaf as jp.Array).dataSync();
  };

  it('a wrong shape raises CallbackResultError naming expected and received shapes', () => {
    for (const bad of [[1, 2, 3], new jp.NdArray(new Float32Array(4), [2, 2]), 5, [[1, 2]]]) {
      const call = run(() => jp.jit((y: jp.Array) => jp.pureCallback(() => bad, sds(y), [y]))(x));
      expect(call).toThrow(jp.CallbackResultError);
      expect(call).toThrow(/declared result shape is \(2,\)/);
    }
    expect(run(() => jp.pureCallback(() => [[1, 2, 3]], sds(x.reshape(1, 2)), [x]))).toThrow(/shape \(1, 3\).*declared result shape is \(1, 2\)/);
    // Declared (1,) but a scalar came back (python_callback_test's wrong-shape case).
    expect(run(() => jp.pureCallback(() => 1, new jp.ShapeDtypeStruct([1], 'float32'), []))).toThrow(/shape \(\).*declared result shape is \(1,\)/);
  });

  it('a wrong structure or count raises CallbackResultError naming the declared structure', () => {
    const two = [sds(x), sds(x)];
    expect(run(() => jp.pureCallback(() => [x], two, [x]))).toThrow(/returned a list of 1.*declared result structure is \[\*, \*\]/);
    expect(run(() => jp.pureCallback((a: NdArray) => [a, a, a], two, [x]))).toThrow(jp.CallbackResultError);
    expect(run(() => jp.pureCallback(() => ({ a: [1, 2] }), { b: sds(x) }, [x]))).toThrow(/object with keys \{a\}.*\{b: \*\}/);
    expect(run(() => jp.pureCallback(() => undefined, sds(x), [x]))).toThrow(/is undefined; return numjs arrays/);
    expect(run(() => jp.pureCallback(() => [[1, 2], [3]], sds(x.reshape(1, 2)), [x]))).toThrow(/ragged/);
    expect(run(() => jp.pureCallback(() => [[1, 2], [3, [4]]], new jp.ShapeDtypeStruct([2, 2], 'float32'), [x]))).toThrow(/ragged/);
    expect(run(() => jp.pureCallback(() => ['a', 'b'], sds(x), [x]))).toThrow(/holds a string/);
    // The pool stays usable.
    expect(vals(x.add(1))).toEqual([2.5, 3]);
  });

  it('bad declarations are rejected when the call is made', () => {
    expect(() => jp.pureCallback(() => 1, [3] as unknown as jp.ShapeDtypeStruct, [x])).toThrow(/result shapes must be a pytree of ShapeDtypeStruct/);
    expect(() => new jp.ShapeDtypeStruct([2], 'float64')).toThrow(/float64 needs x64/);
    expect(() => jp.pureCallback(() => 1, sds(x), x as unknown as unknown[])).toThrow(/pass the callback's arguments as an array/);
  });

  it('f32 results round like numpy from float64 sources', () => {
    const xs = [0.1, 1 / 3, 1e-40, 3.4e38, 1e39, -0];
    const out = jp.jit(() => jp.pureCallback(() => Float64Array.from(xs), new jp.ShapeDtypeStruct([6], 'float32'), []))();
    expect(vals(out)).toEqual(f32(xs));
  });
});
