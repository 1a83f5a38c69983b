// Issue 14 item 11 (jnp side): numjs arrays, TypedArrays and nested JS arrays are accepted
// wherever arrays are: jnp.array, jnp.asarray, jnp functions, and jit/vmap/grad arguments.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, nj } = jp;
const flat = (a: jp.Array) => Array.from(a.dataSync(), Number);

describe('host arrays as arrays', () => {
  it('numjs arrays: dtype from numjs, row-major values whatever the strides', () => {
    const a = jnp.array(nj.array([[1, 2], [3, 4]]));
    expect([a.dtype.name, a.shape, a.tolist()]).toEqual(['int32', [2, 2], [[1, 2], [3, 4]]]);
    const f = jnp.asarray(nj.array([1.5, 2], 'float32'));
    expect([f.dtype.name, f.tolist()]).toEqual(['float32', [1.5, 2]]);
    // A transposed view (strides [1, 3]): values in the view's row-major order.
    const t = jnp.asarray(nj.arange(6).reshape(2, 3).T);
    expect([t.shape, t.tolist()]).toEqual([[3, 2], [[0, 3], [1, 4], [2, 5]]]);
    expect(jnp.asarray(nj.array([1, 2, 3], 'float64')).dtype.name).toBe('float32'); // float64 → float32 without x64, as JAX
    expect(jnp.asarray(nj.array([1, 2]), 'float32').dtype.name).toBe('float32');
    expect(jnp.add(nj.array([1, 2]), 1).tolist()).toEqual([2, 3]);
  });

  it('TypedArrays of every kind; values that do not fit raise instead of wrapping', () => {
    const cases: [ArrayBufferView, string, number[]][] = [
      [new Float32Array([1.5, -2]), 'float32', [1.5, -2]],
      [new Float64Array([0.1, 2]), 'float32', [Math.fround(0.1), 2]],
      [new Int32Array([-5, 7]), 'int32', [-5, 7]],
      [new Int16Array([-300, 7]), 'int16', [-300, 7]],
      [new Int8Array([-3, 7]), 'int8', [-3, 7]],
      [new Uint16Array([65535, 1]), 'uint16', [65535, 1]],
      [new Uint32Array([4e9 >>> 8, 1]), 'uint32', [4e9 >>> 8, 1]],
      [new Uint8Array([255, 0]), 'uint8', [255, 0]],
      [new Uint8ClampedArray([255, 3]), 'uint8', [255, 3]],
      [new BigInt64Array([-4n, 9n]), 'int32', [-4, 9]],
    ];
    for (const [t, dtype, values] of cases) {
      const a = jnp.asarray(t as unknown as jp.ArrayLike);
      expect([a.dtype.name, flat(a)], t.constructor.name).toEqual([dtype, values]);
    }
    expect(jnp.asarray(new Uint32Array([4e9])).dtype.name).toBe('uint32'); // a TypedArray keeps its dtype (JAX: np.uint32 stays uint32)
    expect(() => jnp.asarray(new BigInt64Array([1n << 40n]) as unknown as jp.ArrayLike)).toThrow(jp.DtypeError);
    expect(() => jnp.asarray(new Float32Array([300.5]), 'uint8')).toThrow(jp.DtypeError);
  });

  it('nested JS arrays: inferred dtypes, rows that are arrays stack (jnp.array of arrays), ragged raises', () => {
    expect(jnp.array([[1, 2], [3, 4]]).dtype.name).toBe('int32');
    expect(jnp.array([[1, 2.5]]).dtype.name).toBe('float32');
    expect(jnp.array([true, false]).dtype.name).toBe('bool');
    expect(jnp.array([]).shape).toEqual([0]);
    const s = jnp.array([jnp.ones([2]), jnp.zeros([2])]);
    expect([s.shape, s.tolist()]).toEqual([[2, 2], [[1, 1], [0, 0]]]);
    const mixed = jnp.array([[jnp.array(1.5), 2], [3, new Float32Array([4])[0]!]]);
    expect([mixed.dtype.name, mixed.tolist()]).toEqual(['float32', [[1.5, 2], [3, 4]]]);
    expect(jnp.sum([jnp.array(2), 3, 4]).item()).toBe(9);
    expect(() => jnp.array([[1, 2], [3]])).toThrow(jp.ShapeError);
    expect(() => jnp.array([jnp.ones([2]), jnp.ones([3])])).toThrow(jp.ShapeError);
    expect(() => jnp.array(['a'] as never)).toThrow(jp.DtypeError);
  });

  it('as jit, vmap and grad arguments', () => {
    const f = (x: jp.Array) => jnp.sum(x.mul(x));
    const host = [nj.array([1, 2, 3], 'float32'), new Float32Array([1, 2, 3])] as const;
    for (const h of host) {
      expect(jp.jit(f)(h).item()).toBe(14);
      expect(flat(jp.vmap((x: jp.Array) => x.mul(2))(h))).toEqual([2, 4, 6]);
      expect(flat(jp.grad(f)(h) as jp.Array)).toEqual([2, 4, 6]);
    }
    // A nested JS array is a pytree (a list of numbers), as a Python list is in JAX; jnp functions stack it.
    expect(jp.jit((xs: jp.Array[]) => jnp.sum(xs as unknown as jp.Array))([1, 2, 3] as unknown as jp.Array[]).item()).toBe(6);
    const g = jp.grad((xs: jp.Array[]) => xs[0]!.mul(xs[1]!))([2, 5]) as jp.Array[];
    expect(g.map((v) => v.item())).toEqual([5, 2]);
  });
});
