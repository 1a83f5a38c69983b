// End-to-end: eager ops, jit, grad and a host callback run on worker devices, checked against JS.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

describe('smoke', () => {
  it('eager and jit agree with a JS loop', () => {
    const xs = [0.25, 0.5, 1.5, -2];
    const ref = xs.map((v) => Math.fround(Math.fround(Math.fround(Math.sin(v)) * 2) + Math.fround(v * v)) - 1).map(Math.fround);
    const f = (x: jp.Array) => jnp.sin(x).mul(2).add(x.mul(x)).sub(1);
    const x = jnp.array(new Float32Array(xs));
    expect(Array.from(f(x).dataSync())).toEqual(ref);
    expect(Array.from(jp.jit(f)(x).dataSync())).toEqual(ref);
  });

  it('grad of sum(sin(x)*x) is cos(x)*x+sin(x)', () => {
    const xs = new Float32Array([0.1, 0.7, 2.5]);
    const g = jp.jit(jp.grad((x: jp.Array) => jnp.sum(jnp.sin(x).mul(x))))(jnp.array(xs)) as jp.Array;
    const got = g.dataSync();
    xs.forEach((v, i) => expect(got[i]).toBeCloseTo(Math.cos(v) * v + Math.sin(v), 5));
  });

  it('pureCallback runs the host function mid-kernel', () => {
    const sq = (a: jp.NdArray) => a.multiply(a);
    const f = (x: jp.Array) => jp.pureCallback(sq, new jp.ShapeDtypeStruct(x.shape, x.dtype), [x], { vmapMethod: 'expand_dims' }) as jp.Array;
    const x = jnp.array(new Float32Array([1.5, -2, 3]));
    const out = jp.jit((x: jp.Array) => f(x.add(1)).mul(2))(x);
    expect(Array.from(out.dataSync())).toEqual([12.5, 2, 32]);
  });
});

describe('intra-op parallelism', () => {
  it('a split elementwise program feeds later programs whole outputs', () => {
    const n = 300_001;
    const xs = new Float32Array(n);
    for (let i = 0; i < n; i++) xs[i] = ((i * 7919) % 1000) / 500 - 1;
    const x = jnp.array(xs);
    // grad runs a split elementwise program, then more programs that read its output.
    const g = jp.jit(jp.grad((x: jp.Array) => jnp.sum(jnp.sin(x).mul(x))))(x) as jp.Array;
    const s = jnp.sum(g.mul(g)).item() as number;
    let ref = 0;
    for (let i = 0; i < n; i++) {
      const v = xs[i]!;
      const d = Math.fround(Math.cos(v) * v + Math.sin(v));
      ref += d * d;
    }
    expect(Math.abs(s - ref) / ref).toBeLessThan(1e-5);
    const launches = jp.transfers.stats().launches;
    expect(launches).toBeGreaterThan(0);
  });
});

describe('package exports', () => {
  it('re-exports the numjs namespace', () => {
    expect(typeof jp.nj.array).toBe('function');
    expect(jp.nj.array([1, 2]).shape).toEqual([2]);
  });
});
