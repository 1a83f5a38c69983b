// Issue 13 item 9: bad input gets a clear error, never garbage (wrong shapes, NaN or
// "internal: cannot allocate"); issue 14 item 12: reshape to an incompatible size raises.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const x = jnp.arange(6, { dtype: 'float32' }).reshape(2, 3);

describe('bad shapes and dimensions', () => {
  it('negative or several -1 dimensions, and incompatible sizes, raise ShapeError', () => {
    for (const s of [[-1, -1], [-2, -3], [-6], [4, -1], [7], [2.5, 2], [0, -1]]) expect(() => x.reshape(s), JSON.stringify(s)).toThrow(jp.ShapeError);
    expect(() => jnp.reshape(x, ['2', 3] as never)).toThrow(jp.ShapeError);
    expect(x.reshape(-1, 2).shape).toEqual([3, 2]);
    expect(jnp.zeros([0, 3]).reshape(-1, 3).shape).toEqual([0, 3]);
    for (const f of [() => jnp.eye(-1), () => jnp.eye(2, -1), () => jnp.eye(2.5), () => jnp.zeros([-1]), () => jnp.ones(-2), () => jnp.full([2, -1], 0), () => jnp.zerosLike(x, null, [-1])])
      expect(f).toThrow(jp.ShapeError);
    expect(() => jnp.broadcastTo(jnp.ones([3]), [-1, 3])).toThrow(jp.ShapeError);
    expect(() => jnp.broadcastTo(jnp.ones([2, 3]), [3])).toThrow(jp.ShapeError);
  });

  it('string, duplicate or out-of-range axes raise ShapeError', () => {
    expect(() => jnp.sum(x, '0' as never)).toThrow(jp.ShapeError);
    expect(() => jnp.sum(x, [0, 0])).toThrow(/duplicate/);
    expect(() => jnp.sum(x, [0, -2])).toThrow(/duplicate/);
    expect(() => jnp.mean(x, 2)).toThrow(jp.ShapeError);
    expect(() => jnp.max(x, 0.5)).toThrow(jp.ShapeError);
    expect(() => jnp.sum(jnp.array(1.5), 0)).toThrow(jp.ShapeError); // JAX: axis 0 is out of bounds for a 0-d array
    expect(() => jnp.argmax(x, '1' as never)).toThrow(jp.ShapeError);
    expect(() => jnp.squeeze(x, 0)).toThrow(jp.ShapeError);
    expect(() => jnp.expandDims(x, 3)).toThrow(jp.ShapeError);
    // Found by the reliability fuzzer: average's axis went unchecked when weights were given.
    expect(() => jnp.average(jnp.array([-1, 3, 2, -3], 'int32'), { dtype: 'zz' } as never, [] as never)).toThrow(/axis must be an integer.*\{"dtype":"zz"\}/);
    expect(() => jnp.average(jnp.zeros([3, 0], 'int32'), 'bool' as never, [-1])).toThrow(jp.ShapeError);
    // CI's fuzz (seed 13): moveaxis(x, {axis}) was a TypeError from iterating the object.
    expect(() => jnp.moveaxis(x, { axis: 'zz' } as never, 0)).toThrow(/moveaxis.*the object/);
    expect(() => jnp.moveaxis(x, 0, 'zz' as never)).toThrow(jp.ShapeError);
  });

  it('linspace num must be a non-negative integer', () => {
    expect(() => jnp.linspace(0, 1, 2.5)).toThrow(jp.ShapeError);
    expect(() => jnp.linspace(0, 1, '5' as never)).toThrow(jp.ShapeError);
    expect(() => jnp.linspace(0, 1, -1)).toThrow(jp.ShapeError);
    expect(jnp.linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('transpose needs a permutation of every axis', () => {
    expect(() => jnp.transpose(x, [0])).toThrow(jp.ShapeError);
    expect(() => jnp.transpose(x, [0, 0])).toThrow(jp.ShapeError);
    expect(() => jnp.transpose(x, [0, 2])).toThrow(jp.ShapeError);
    expect(jnp.transpose(x, [1, 0]).shape).toEqual([3, 2]);
    expect(jnp.transpose(x, { axes: [-1, 0] }).shape).toEqual([3, 2]);
  });

  it('concatenate of 0-d arrays, or of nothing, raises; stack needs equal shapes', () => {
    expect(() => jnp.concatenate([jnp.array(1), jnp.array(2)])).toThrow(/zero-dimensional/);
    expect(() => jnp.concatenate([])).toThrow(jp.ShapeError);
    expect(() => jnp.stack([jnp.ones([2]), jnp.ones([3])])).toThrow(jp.ShapeError);
    expect(jnp.stack([jnp.array(1), jnp.array(2)]).tolist()).toEqual([1, 2]);
  });

  it('max/min of an empty reduction raise (NumPy has no identity) unless initial is given', () => {
    expect(() => jnp.max(jnp.zeros([0]))).toThrow(/zero-size/);
    expect(() => jnp.min(jnp.zeros([3, 0]), 1)).toThrow(/zero-size/);
    expect(() => jp.jit((v: jp.Array) => jnp.max(v))(jnp.zeros([0]))).toThrow(/zero-size/);
    expect(jnp.max(jnp.zeros([0]), { initial: -2 }).item()).toBe(-2);
    expect(() => jnp.max(x, { where: jnp.ones([2, 3], 'bool') })).toThrow(/initial/);
  });

  it('misspelt or doubled options, and out=, raise TypeError', () => {
    expect(() => jnp.sum(x, { axes: 0 } as never)).toThrow(/unexpected option 'axes'/);
    expect(() => jnp.sum(x, 0, { axis: 1 })).toThrow(/both positionally and as an option/);
    expect(() => jnp.sum(x, 0, null, jnp.zeros([3]))).toThrow(/'out' is not supported/);
    expect(() => jnp.mean(x, { keepdims: 'yes' } as never)).toThrow(TypeError);
    expect(() => jnp.arange(0, 5, 1, 'int32', 7 as never)).toThrow(TypeError);
    // ufuncs take only JAX's (unsupported) out/where: a dtype there would be silently dropped otherwise.
    expect(() => jnp.add(x, 1, { dtype: 'float32' } as never)).toThrow(/unexpected option 'dtype'/);
    expect(() => jnp.sin(x, { where: x.gt(1) } as never)).toThrow(/'where' is not supported/);
    expect(jnp.add(x, 1, { out: null }).shape).toEqual([2, 3]);
  });
});
