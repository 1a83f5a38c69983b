// 0-d host arrays (issue 14 item 2): a callback argument of shape [] behaves like numpy's 0-d
// array, so host code written like SciPy's (`v.flatten().tolist()`) works unchanged — checked with
// the seed's jv, its order v a JS number, eagerly, under jit, vmap (every method) and grad through
// customJvp, against besselJn (float64, checked against scipy in hostBessel.test.ts).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { nj, type NdArray } from '../../src/index.js';
import { besselJn } from '../../examples/bessel/host-bessel.js';
import { vals } from './helpers.js';

const { numpy: jnp } = jp;

/** What numpy gives for the 0-d array `np.array(v, dtype)`, as seen through numjs's API. */
interface Seen {
  shape: number[];
  ndim: number;
  size: number;
  list: unknown;
  flat: unknown;
  str: string;
  repr: string;
  plus: number;
  add: unknown;
  addShape: number[];
  square: unknown;
  bcast: unknown;
  rsub: unknown;
  reshape1: unknown;
  reshape11: unknown;
  reshape0: unknown;
  neg: unknown;
}

function probe(a: NdArray): Seen {
  const sum = a.add(1);
  return {
    shape: a.shape,
    ndim: a.ndim,
    size: a.size,
    list: a.tolist(),
    flat: a.flatten().tolist(),
    str: `${a}`,
    repr: inspect(a),
    plus: +a,
    add: sum.tolist(),
    addShape: sum.shape,
    square: a.multiply(a).tolist(),
    bcast: a.add(nj.array([1, 2])).tolist(),
    rsub: a.subtract(nj.array([[1], [2]])).tolist(),
    reshape1: a.reshape(1).tolist(),
    reshape11: a.reshape([1, 1]).tolist(),
    reshape0: a.reshape([]).tolist(),
    neg: a.negative().tolist(),
  };
}

describe('a shape-[] callback argument is a 0-d array', () => {
  const cases = [
    // value, dtype, numpy's str and repr of np.array(value, dtype)
    [2.5, 'float32', '2.5', 'array(2.5, dtype=float32)'],
    [-3, 'int32', '-3', 'array(-3, dtype=int32)'],
    [200, 'uint8', '200', 'array(200, dtype=uint8)'],
  ] as const;

  it.each(cases)('%s as %s: shape, tolist, flatten, str, arithmetic and reshape as numpy', (v, dtype, str, repr) => {
    const seen: Seen[] = [];
    const x = jnp.array(v, { dtype });
    const call = (a: jp.Array) => jp.pureCallback((h: NdArray) => (seen.push(probe(h)), h), a, [a]);
    expect(vals(call(x))).toEqual([v]);
    expect(vals(jp.jit(call)(x))).toEqual([v]);
    const w = (d: number) => (dtype === 'uint8' ? d & 255 : d); // numjs keeps the left operand's data type
    const expected: Seen = {
      shape: [],
      ndim: 0,
      size: 1,
      list: v,
      flat: [v],
      str,
      repr,
      plus: v,
      add: w(v + 1),
      addShape: [],
      square: dtype === 'uint8' ? (v * v) & 255 : v * v,
      bcast: [w(v + 1), w(v + 2)],
      rsub: [[w(v - 1)], [w(v - 2)]],
      reshape1: [v],
      reshape11: [[v]],
      reshape0: v,
      neg: w(-v),
    };
    expect(seen).toEqual([expected, expected]);
  });

  it('a bool prints as numpy’s True/False; a JS number argument arrives as a 0-d array', () => {
    const seen: [string, unknown, number[]][] = [];
    const rec = (...hs: NdArray[]) => void seen.push(...hs.map((h): [string, unknown, number[]] => [`${h}`, h.tolist(), h.shape]));
    jp.debug.callback(rec, [jnp.array(true), 7, 0.5, false]);
    jp.jit((b: jp.Array) => jp.debug.callback(rec, [b, 7]))(jnp.array(false));
    return jp.effectsBarrier().then(() =>
      expect(seen).toEqual([
        ['True', 1, []],
        ['7', 7, []],
        ['0.5', 0.5, []],
        ['False', 0, []],
        ['False', 0, []],
        ['7', 7, []],
      ]),
    );
  });

  it('a [] result may be a JS number, a 0-d argument, a numjs 0-d array or a 1-element array', () => {
    const s = new jp.ShapeDtypeStruct([], 'float32');
    const x = jnp.array(1.5, { dtype: 'float32' });
    for (const cb of [
      (h: NdArray) => h.tolist(),
      (h: NdArray) => h.multiply(2),
      (h: NdArray) => nj.array([h.tolist() as unknown as number]).reshape([]),
      (h: NdArray) => h.flatten(),
      (h: NdArray) => +h + 0.25,
    ]) {
      const want = vals(jp.pureCallback(cb, s, [x]));
      expect(vals(jp.jit((a: jp.Array) => jp.pureCallback(cb, s, [a]))(x))).toEqual(want);
      expect(want[0]).toBeGreaterThan(1);
    }
  });
});

// --- the seed's jv with host code written like SciPy's ---

/** numpy's broadcast of two shapes. */
function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => Math.max(a[i - r + a.length] ?? 1, b[i - r + b.length] ?? 1));
}

/** The flat index into an array of `shape` that element `f` of the broadcast `out` shape reads. */
function sourceIndex(shape: readonly number[], out: readonly number[], f: number): number {
  let at = 0;
  let stride = 1;
  for (let d = out.length - 1, rest = f; d >= 0; d--) {
    const i = rest % out[d]!;
    rest = Math.floor(rest / out[d]!);
    const k = d - (out.length - shape.length);
    if (k >= 0) {
      if (shape[k] !== 1) at += i * stride;
      stride *= shape[k]!;
    }
  }
  return at;
}

/** SciPy-style host code: flatten().tolist() both operands, broadcast, reshape the result. */
function scipyJv(v: NdArray, z: NdArray, asNumber: boolean): NdArray | number {
  const shape = broadcastShapes(v.shape, z.shape);
  const vs = v.flatten().tolist() as number[];
  const zs = z.flatten().tolist() as number[];
  const n = shape.reduce((p, d) => p * d, 1);
  const out = Array.from({ length: n }, (_, f) => besselJn(vs[sourceIndex(v.shape, shape, f)]!, zs[sourceIndex(z.shape, shape, f)]!));
  if (shape.length === 0 && asNumber) return out[0]!;
  return nj.array(out).reshape(shape);
}

type Method = 'sequential' | 'expand_dims' | 'broadcast_all' | 'legacy_vectorized';

/** The seed's jv (API.md section 1) over scipyJv. */
const makeJv =
  (vmapMethod: Method, asNumber = true) =>
  (v: jp.ArrayLike, z: jp.ArrayLike): jp.Array => {
    const va = jnp.asarray(v);
    let za = jnp.asarray(z);
    if (!jnp.issubdtype(va.dtype, jnp.integer)) throw new TypeError('order v must be an integer');
    za = za.astype(jnp.resultType('float', za.dtype));
    const out = new jp.ShapeDtypeStruct(jnp.broadcastShapes(va.shape, za.shape), za.dtype);
    return jp.pureCallback((a: NdArray, b: NdArray) => scipyJv(a, b, asNumber), out, [va, za], { vmapMethod });
  };

const zs = [0, 1, 2, 3, 4];
const j1Ref = zs.map((z) => Math.fround(besselJn(1, z)));

describe('the seed’s jv with SciPy-style host code and a JS-number order', () => {
  it('works eagerly and under jit, on arrays and scalars, returning a number or a 0-d array', () => {
    for (const asNumber of [true, false]) {
      const jv = makeJv('broadcast_all', asNumber);
      const j1 = (z: jp.ArrayLike) => jv(1, z);
      expect(vals(j1(jnp.arange(5.0)))).toEqual(j1Ref);
      expect(vals(jp.jit(j1)(jnp.arange(5.0)))).toEqual(j1Ref);
      expect(vals(j1(2.0))).toEqual([j1Ref[2]]);
      expect(vals(jp.jit(j1)(2.0))).toEqual([j1Ref[2]]);
      // The seed's printed line.
      expect(`${jp.jit(j1)(jnp.arange(5.0))}`).toBe('[ 0.          0.44005057  0.5767248   0.33905897 -0.06604332]');
    }
  });

  it.each(['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const)('works under vmap and jit(vmap) with vmapMethod %s', (method) => {
    const j1 = (z: jp.ArrayLike) => makeJv(method)(1, z);
    expect(vals(jp.vmap(j1)(jnp.arange(5.0)))).toEqual(j1Ref);
    expect(vals(jp.jit(jp.vmap(j1))(jnp.arange(5.0)))).toEqual(j1Ref);
    // The order batched too, with a JS-number z.
    const jvOrders = jp.vmap((v: jp.Array) => makeJv(method)(v, 2.0));
    expect(vals(jvOrders(jnp.arange(4)))).toEqual([0, 1, 2, 3].map((n) => Math.fround(besselJn(n, 2))));
  });

  it('grad and hessian through customJvp (the seed’s rule) match the closed forms J1′ = (J0 − J2)/2', () => {
    const jvc = jp.customJvp(makeJv('broadcast_all'));
    jvc.defjvp(([v, z], [, zDot]) => {
      const m1 = jvc(jnp.subtract(v, 1), z);
      const p1 = jvc(jnp.add(v, 1), z);
      const d = jnp.where(jnp.equal(v, 0), jnp.negative(p1), jnp.multiply(0.5, jnp.subtract(m1, p1)));
      return [jvc(v, z), jnp.multiply(zDot, d)];
    });
    const j1c = (z: jp.ArrayLike) => jvc(1, z);
    expect(`${jp.grad(j1c)(2.0)}`).toBe('-0.06447162');
    for (const z of [0.5, 2.0, 7.25]) {
      const d1 = (besselJn(0, z) - besselJn(2, z)) / 2;
      const d2 = (besselJn(-1, z) - 2 * besselJn(1, z) + besselJn(3, z)) / 4;
      expect((jp.grad(j1c)(z) as jp.Array).item()).toBeCloseTo(d1, 6);
      expect((jp.jit(jp.grad(j1c))(jnp.array(z, { dtype: 'float32' })) as jp.Array).item()).toBeCloseTo(d1, 6);
      expect((jp.hessian(j1c)(z) as jp.Array).item()).toBeCloseTo(d2, 5);
    }
    expect(vals(jp.vmap(jp.grad(j1c))(jnp.array([0.5, 2.0])))).toEqual(
      [0.5, 2.0].map((z) => (jp.grad(j1c)(z) as jp.Array).item() as number),
    );
  });
});
