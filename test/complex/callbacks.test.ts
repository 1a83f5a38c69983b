// Complex values through host callbacks (issue 17): the host gets ComplexNdArrays (numjs has no
// complex dtype) and may return them, {re, im} numbers or nested arrays of them. Values are checked
// against complex products computed in plain JS on the host values, eager against jit, and vmap
// against a loop of single calls, for every vmap method.
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { ComplexNdArray, type Complex, type HostArray, type NdArray } from '../../src/index.js';

const { numpy: jnp } = jp;

afterEach(() => {
  jp.config.update('enableX64', false);
  jp.config.update('transferMode', 'zero-copy');
});

const c = (re: number, im: number): Complex => ({ re, im });
/** Interleaved (re, im) values of a complex array. */
const vals = (a: jp.Array): number[] => Array.from(a.dataSync() as ArrayLike<number>);
const sds = (a: jp.Array) => new jp.ShapeDtypeStruct(a.shape, a.dtype);

/** The host argument as a ComplexNdArray (anything else fails the test). */
function complexArg(a: HostArray): ComplexNdArray {
  if (!(a instanceof ComplexNdArray)) throw new Error(`expected a ComplexNdArray, got ${String(a)}`);
  return a;
}

/** (a + bi)(c + di) in float64, as plain JS. */
const mul = (x: Complex, y: Complex): Complex => c(x.re * y.re - x.im * y.im, x.re * y.im + x.im * y.re);

/** Host z·w, elementwise; w broadcasts by repeating (shapes [3], [1, 3], [n, 3] against [n, 3]). */
function hostMul(z: HostArray, w: HostArray): ComplexNdArray {
  const [zc, wc] = [complexArg(z), complexArg(w)];
  const a = zc.interleaved();
  const b = wc.interleaved();
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length / 2; k++) {
    const j = k % (b.length / 2);
    const p = mul(c(a[2 * k]!, a[2 * k + 1]!), c(b[2 * j]!, b[2 * j + 1]!));
    (out[2 * k] = p.re), (out[2 * k + 1] = p.im);
  }
  return ComplexNdArray.fromInterleaved(out, zc.shape, 'complex128');
}

const zs = [c(1, 2), c(-0.5, 3.25), c(2.5e-3, -7), c(1e3, 0.1), c(-3, -4), c(0, 1)];
const ws = [c(0.75, -1), c(2, 0.5), c(-1.25, 3)];

/** The float32-rounded products z[i]·w[i % 3], from the array's own (float32) values. */
function wantMul(z: jp.Array, w: jp.Array): number[] {
  const [a, b] = [vals(z), vals(w)];
  const out: number[] = [];
  for (let k = 0; k < a.length / 2; k++) {
    const j = k % (b.length / 2);
    const p = mul(c(a[2 * k]!, a[2 * k + 1]!), c(b[2 * j]!, b[2 * j + 1]!));
    out.push(Math.fround(p.re), Math.fround(p.im));
  }
  return out;
}

describe('pureCallback with complex arguments and results', () => {
  it('the host gets ComplexNdArrays of the values; its complex products come back exactly (eager, jit, copy mode)', () => {
    const z = jnp.array(zs);
    const w = jnp.array(ws.concat(ws));
    const seen: unknown[] = [];
    const f = (x: jp.Array, y: jp.Array) =>
      jp.pureCallback(
        (a: HostArray, b: NdArray) => {
          const ac = complexArg(a);
          seen.push([ac.dtype, ac.shape, ac.re.dtype, ac.tolist()]);
          return hostMul(a, b);
        },
        sds(x),
        [x, y],
      );
    const want = wantMul(z, w);
    expect(vals(f(z, w))).toEqual(want);
    expect(vals(jp.jit(f)(z, w))).toEqual(want);
    jp.config.update('transferMode', 'copy');
    expect(vals(jp.jit(f)(z, w))).toEqual(want);
    expect(seen[0]).toEqual(['complex64', [6], 'float32', z.tolist()]);
    expect(seen).toHaveLength(3);
  });

  it('complex128 with x64, and a 0-d argument: get()/tolist() give {re, im}, str is numpy\'s', () => {
    jp.config.update('enableX64', true);
    const z = jnp.array(c(0.1, -1 / 3), { dtype: 'complex128' });
    let got: unknown[] = [];
    const f = (x: jp.Array) =>
      jp.pureCallback(
        (a: HostArray) => {
          const ac = complexArg(a);
          got = [ac.dtype, ac.shape, ac.get(), ac.tolist(), String(ac)];
          return mul(ac.get(), ac.get()); // a {re, im} number for a shape-[] result
        },
        sds(x),
        [x],
      );
    const sq = mul(c(0.1, -1 / 3), c(0.1, -1 / 3));
    expect(vals(f(z))).toEqual([sq.re, sq.im]);
    expect(vals(jp.jit(f)(z))).toEqual([sq.re, sq.im]);
    expect(got).toEqual(['complex128', [], c(0.1, -1 / 3), c(0.1, -1 / 3), '(0.1-0.3333333333333333j)']);
  });

  it('mixed real and complex arguments and a pytree of real and complex results', () => {
    const z = jnp.array([c(1, -2), c(3, 0.5)]);
    const r = jnp.array([2, -4], { dtype: 'float32' });
    const f = (x: jp.Array, y: jp.Array) =>
      jp.pureCallback(
        (a: HostArray, b: NdArray) => {
          const [zc, rv] = [complexArg(a).tolist() as Complex[], b.tolist() as number[]];
          return { scaled: zc.map((v, i) => c(v.re * rv[i]!, v.im * rv[i]!)), norm: zc.map((v) => Math.hypot(v.re, v.im)) };
        },
        { scaled: sds(x), norm: new jp.ShapeDtypeStruct([2], 'float32') },
        [x, y],
      );
    for (const g of [f, jp.jit(f)]) {
      const out = g(z, r);
      expect(out.scaled.dtype.name).toBe('complex64');
      expect(vals(out.scaled)).toEqual([2, -4, -12, -2]);
      expect(vals(out.norm)).toEqual([Math.fround(Math.hypot(1, 2)), Math.fround(Math.hypot(3, 0.5))]);
    }
  });

  it('every complex result form: ComplexNdArray (of parts, complex128 rounded), nested {re, im} with numbers, a jaxpool Array', () => {
    const shape = new jp.ShapeDtypeStruct([2, 2], 'complex64');
    const forms: [string, unknown][] = [
      ['parts', new ComplexNdArray(jp.nj.array([[1, 2], [3, 0.1]]), jp.nj.array([[-1, 0], [0.5, 0.2]]))],
      ['nested', [[c(1, -1), 2], [c(3, 0.5), c(0.1, 0.2)]]],
      ['jaxpool', jnp.array([[c(1, -1), c(2, 0)], [c(3, 0.5), c(0.1, 0.2)]])],
    ];
    for (const [name, value] of forms) {
      const out = jp.pureCallback(() => value, shape, []);
      expect(vals(out), name).toEqual([1, -1, 2, 0, 3, 0.5, Math.fround(0.1), Math.fround(0.2)]);
    }
  });
});

describe('complex callbacks under vmap and differentiation rules', () => {
  const z = jnp.array(zs).reshape([2, 3]);
  const w = jnp.array(ws);

  it.each(['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const)('vmapMethod %s equals a loop of single calls and the JS products', (vmapMethod) => {
    const f = (x: jp.Array, y: jp.Array) => jp.pureCallback(hostMul, sds(x), [x, y], { vmapMethod });
    const want = wantMul(z, w);
    const loop = [0, 1].flatMap((i) => vals(f(z.index(i), w)));
    expect(loop).toEqual(want);
    expect(vals(jp.vmap(f, { inAxes: [0, null] })(z, w))).toEqual(want);
    expect(vals(jp.jit(jp.vmap(f, { inAxes: [0, null] }))(z, w))).toEqual(want);
  });

  it('jvp through customJvp of a complex host square: value and tangent as JAX defines them', () => {
    const hostSquare = (a: HostArray) => hostMul(a, a);
    const sq = jp.customJvp((x: jp.Array) => jp.pureCallback(hostSquare, sds(x), [x], { vmapMethod: 'sequential' }));
    sq.defjvp(([x], [t]) => [sq(x), jnp.multiply(jnp.multiply(2, x), t)]);
    const x = jnp.array([c(1, 2), c(-0.5, 0.25)]);
    const t = jnp.array([c(0.5, -1), c(2, 3)]);
    const [y, ty] = jp.jvp(sq, [x], [t]);
    expect(vals(y)).toEqual(wantMul(x, x));
    const want = [0, 1].flatMap((i) => {
      const p = mul(mul(c(2, 0), (x.tolist() as Complex[])[i]!), (t.tolist() as Complex[])[i]!);
      return [p.re, p.im];
    });
    vals(ty).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    const [yj, tyj] = jp.jit((a: jp.Array, b: jp.Array) => jp.jvp(sq, [a], [b]))(x, t);
    expect([vals(yj), vals(tyj)]).toEqual([vals(y), vals(ty)]);
    // Without the custom rule, a complex pure callback has no JVP either.
    const plain = (v: jp.Array) => jp.pureCallback(hostSquare, sds(v), [v]);
    expect(() => jp.jvp(plain, [x], [t])).toThrow(jp.TransformError);
  });
});

describe('complex callbacks in control flow: once per iteration, on the carried value', () => {
  it('foriLoop, cond and scan bodies calling a host i·z (closed forms: powers of i)', () => {
    const calls: Complex[] = [];
    const rot = (v: jp.Array) =>
      jp.pureCallback(
        (a: HostArray) => {
          const z = complexArg(a);
          calls.push(z.get(...z.shape.map(() => 0)));
          return new ComplexNdArray(z.im.negative(), z.re);
        },
        sds(v),
        [v],
      );
    const z = jnp.array([c(1, 2)]);
    const loop = (x: jp.Array) => jp.lax.foriLoop(0, 3, (_i: jp.Array, v: jp.Array) => rot(v), x);
    expect([vals(loop(z)), vals(jp.jit(loop)(z))]).toEqual([[2, -1], [2, -1]]); // i³(1 + 2i) = 2 − i
    expect(calls).toEqual([c(1, 2), c(-2, 1), c(-1, -2), c(1, 2), c(-2, 1), c(-1, -2)]);
    const branch = jp.jit((p: jp.Array, x: jp.Array) => jp.lax.cond(p, (v: jp.Array) => rot(v), (v: jp.Array) => v, x));
    expect([vals(branch(jnp.array(true), z)), vals(branch(jnp.array(false), z))]).toEqual([[-2, 1], [1, 2]]);
    const [carry, ys] = jp.lax.scan((v: jp.Array, x: jp.Array) => {
      const n = rot(v).add(x);
      return [n, n];
    }, z.index(0), jnp.array([c(0, 0), c(1, 1)]));
    expect([vals(carry), vals(ys)]).toEqual([[0, -1], [-2, 1, 0, -1]]); // i(1+2i) = −2+i; i(−2+i) + 1+i = −i
  });
});

describe('customVjp around complex host callbacks', () => {
  it('fwd and bwd both call the host; the cotangent is bwd\'s complex product, eager and under jit', () => {
    /** 2·x·g on the host (the transpose of t ↦ 2x·t, as JAX's vjp of a holomorphic square). */
    const twice = (a: HostArray, b: HostArray) => {
      const p = hostMul(a, b);
      return new ComplexNdArray(p.re.multiply(2), p.im.multiply(2), 'complex128');
    };
    const sq = jp.customVjp((x: jp.Array) => jp.pureCallback((a: HostArray) => hostMul(a, a), sds(x), [x]));
    sq.defvjp(
      (x: jp.Array) => [sq(x), x],
      (x: jp.Array, g: jp.Array) => [jp.pureCallback(twice, sds(x), [x, g])],
    );
    const x = jnp.array([c(1, 2), c(-0.5, 0.25), c(3, -1)]);
    const g = jnp.array([c(0.5, -1), c(2, 3), c(1, 0)]);
    // 2·(x·g) rounded once: the host doubles the float64 product before the result rounds.
    const exact = (() => {
      const [a, b] = [vals(x), vals(g)];
      return [0, 1, 2].flatMap((k) => {
        const p = mul(c(a[2 * k]!, a[2 * k + 1]!), c(b[2 * k]!, b[2 * k + 1]!));
        return [Math.fround(2 * p.re), Math.fround(2 * p.im)];
      });
    })();
    const [y, back] = jp.vjp(sq, x);
    expect(vals(y)).toEqual(wantMul(x, x));
    expect(vals((back(g) as jp.Array[])[0]!)).toEqual(exact);
    const jitted = jp.jit((a: jp.Array, ct: jp.Array) => (jp.vjp(sq, a)[1](ct) as jp.Array[])[0]!);
    expect(vals(jitted(x, g))).toEqual(exact);
  });
});

describe('a {re, im} number passed to a callback is a complex scalar (a Python complex in JAX)', () => {
  it('reaches the host as a 0-d ComplexNdArray', () => {
    let got: unknown;
    const out = jp.pureCallback(
      (z: ComplexNdArray) => ((got = [z.dtype, z.shape, z.get()]), z),
      new jp.ShapeDtypeStruct([], 'complex64'),
      [c(1.5, -2)],
    );
    expect(vals(out)).toEqual([1.5, -2]);
    expect(got).toEqual(['complex64', [], c(1.5, -2)]);
  });
});

describe('ioCallback and debug.callback with complex values', () => {
  it('an ordered ioCallback returns complex results; debug.callback sees each batch element', async () => {
    const log: Complex[][] = [];
    const f = (x: jp.Array) => {
      jp.debug.callback((a: HostArray) => void log.push(complexArg(a).tolist() as Complex[]), [x]);
      return jp.ioCallback((a: HostArray) => (complexArg(a).tolist() as Complex[]).map((v) => c(-v.im, v.re)), sds(x), [x], { ordered: true });
    };
    const x = jnp.array([c(1, 2), c(3, -4)]);
    expect(vals(jp.jit(f)(x))).toEqual([-2, 1, 4, 3]);
    const rows = jnp.array([[c(1, 0)], [c(0, 1)]]);
    jp.jit(jp.vmap((r: jp.Array) => (jp.debug.callback((a: HostArray) => void log.push(complexArg(a).tolist() as Complex[]), [r]), r)))(rows);
    await jp.effectsBarrier();
    expect(log).toEqual([[c(1, 2), c(3, -4)], [c(1, 0)], [c(0, 1)]]);
  });
});
