// Issue 14 item 10 (lax side): JAX's signatures, positional arguments and trailing options.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;

describe('lax functions take JAX arguments positionally or as options', () => {
  it('scan(f, init, xs, length, reverse) and scan(f, init, xs, { length, reverse, unroll })', () => {
    const f = (c: jp.Array, x: jp.Array) => [c.add(x), c] as [jp.Array, jp.Array];
    const xs = jnp.array([1, 2, 3]);
    const [c1, ys1] = lax.scan(f, 0, xs, null, true);
    const [c2, ys2] = lax.scan(f, 0, xs, { reverse: true, unroll: 2 });
    expect([c1.item(), ys1.tolist()]).toEqual([6, [5, 3, 0]]);
    expect([c2.item(), ys2.tolist()]).toEqual([6, [5, 3, 0]]);
    const [c3] = lax.scan((c: jp.Array) => [c.mul(2), null], 1, null, 4);
    expect(c3.item()).toBe(16);
    expect(() => lax.scan(f, 0, xs, { reversed: true } as never)).toThrow(/unexpected option 'reversed'/);
    expect(lax.foriLoop(0, 4, (i: jp.Array, a: jp.Array) => a.add(i), 0, { unroll: 2 }).item()).toBe(6);
  });

  it('full, convertElementType, reshape, slice, concatenate, dotGeneral, reduce*, rev', () => {
    expect(lax.full([2], 3, 'int32').tolist()).toEqual([3, 3]);
    expect(lax.full([2], 2.5).weakType).toBe(true);
    expect(lax.convertElementType([1.7, -2.2], 'int32').tolist()).toEqual([1, -2]);
    expect(lax.convertElementType(jnp.ones([1]), { newDtype: 'bool' }).dtype.name).toBe('bool');
    expect(lax.reshape(jnp.arange(6).reshape(2, 3), [3, 2], { dimensions: [1, 0] }).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(lax.slice(jnp.arange(10), [1], [8], { strides: [3] }).tolist()).toEqual([1, 4, 7]);
    expect(lax.concatenate([jnp.ones([1, 2]), jnp.zeros([1, 2])], { dimension: 0 }).tolist()).toEqual([[1, 1], [0, 0]]);
    const m = jnp.array([[1, 2], [3, 4]], 'float32');
    expect(lax.dotGeneral(m, m, [[[1], [0]], [[], []]]).tolist()).toEqual([[7, 10], [15, 22]]);
    expect(lax.dotGeneral(jnp.array([[1, 2]], 'int32'), jnp.array([[3], [4]], 'int32'), [[[1], [0]], [[], []]], { preferredElementType: 'float32' }).dtype.name).toBe('float32');
    expect(lax.reduceSum(m, [0]).tolist()).toEqual([4, 6]);
    expect(lax.reduceMax(m, { axes: [0, 1] }).item()).toBe(4);
    expect(lax.rev(jnp.arange(4), [0]).tolist()).toEqual([3, 2, 1, 0]);
    expect(() => lax.reduceSum(m, [2])).toThrow(jp.ShapeError);
    expect(() => lax.slice(jnp.arange(4), [0], [4], [0])).toThrow(jp.ShapeError);
  });

  it('jnp.matmul/dot take { precision, preferredElementType }', () => {
    const a = jnp.array([[1, 2], [3, 4]], 'int32');
    expect(jnp.matmul(a, a, { preferredElementType: 'float32' }).dtype.name).toBe('float32');
    expect(jnp.dot(a, a, { precision: 'highest' }).tolist()).toEqual([[7, 10], [15, 22]]);
    expect(() => jnp.matmul(a, a, { precison: 'highest' } as never)).toThrow(TypeError);
  });
});
