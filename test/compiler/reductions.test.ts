// Integer reductions accumulate in their dtype and wrap, as JAX's do (float ones accumulate in
// float64): int32 products and sums past 2^31 equal the exact result modulo 2^32, also when a
// large one is split across devices; the identity of max/min is each type's lowest/highest value.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

jp.config.update('numDevices', 2);
const { numpy: jnp } = jp;
const wrap32 = (v: bigint) => Number(BigInt.asIntN(32, v));

describe('integer reductions wrap like int32 arithmetic', () => {
  it('prod and sum past 2^31', () => {
    const vals = [100000, 100000, 7, -3, 65537];
    const x = jnp.array(vals, { dtype: 'int32' });
    const exactProd = vals.reduce((p, v) => p * BigInt(v), 1n);
    expect(jnp.prod(x).item()).toBe(wrap32(exactProd));
    expect(jp.jit((a: jp.Array) => jnp.prod(a))(x).item()).toBe(wrap32(exactProd));
    const big = jnp.array([2 ** 30, 2 ** 30, 2 ** 30, 5], { dtype: 'int32' });
    expect(jp.jit((a: jp.Array) => jnp.sum(a))(big).item()).toBe(wrap32(3n * 2n ** 30n + 5n));
  });

  it('a large int32 product split across devices is exact modulo 2^32', () => {
    const n = 1 << 18;
    const data = Int32Array.from({ length: n }, (_, i) => (i % 7) + 1 + (i % 1000 === 0 ? 40000 : 0));
    let want = 1n;
    for (const v of data) want = BigInt.asIntN(32, want * BigInt(v));
    const f = jp.jit((a: jp.Array) => jnp.prod(a));
    const x = jnp.array(data);
    f(x).dataSync();
    jp.transfers.reset();
    expect(f(x).item()).toBe(Number(want));
    expect(jp.transfers.stats().launches).toBe(2);
  });

  it('max and min of integer and bool arrays along an empty axis give the type’s extreme', () => {
    const e = jnp.zeros([3, 0], { dtype: 'int32' });
    const lax = jp.lax;
    expect(lax.reduceMax(e, [1]).tolist()).toEqual([-2147483648, -2147483648, -2147483648]);
    expect(lax.reduceMin(e, [1]).tolist()).toEqual([2147483647, 2147483647, 2147483647]);
    const b = jnp.zeros([2, 0], { dtype: 'bool' });
    expect(lax.reduceMax(b, [1]).tolist()).toEqual([false, false]);
    expect(lax.reduceMin(b, [1]).tolist()).toEqual([true, true]);
    expect(lax.reduceMax(jnp.array([[false, true, false]]), [1]).tolist()).toEqual([true]);
  });
});
