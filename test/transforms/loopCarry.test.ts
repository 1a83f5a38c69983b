// Issue 14 item 4: loop carries promote weakly typed inits (JS numbers) to the type the body gives
// them, as JAX's _promote_weak_typed_input does. Expected dtypes and values from JAX 0.10.2:
//   fori_loop(0, 3, lambda i, acc: acc + jnp.sin(i), 0)  → Array(1.7507684, dtype=float32)
//   while_loop(lambda c: c < 3, lambda c: c + 0.5, 0)     → Array(3., dtype=float32)
//   scan(lambda c, x: (c + x, c), 0, jnp.arange(3.))      → (3., [0., 0., 1.]) float32
//   scan(lambda c, x: (c * 1.5, c), 1, None, length=3)    → (3.375, [1., 1.5, 2.25]) float32
//   fori_loop(0, 3, lambda i, acc: acc + 1, 0)            → Array(3, dtype=int32, weak_type=True)
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;
const strong = (a: jp.Array, dtype: string) => expect([a.dtype.name, a.weakType]).toEqual([dtype, false]);

describe('loop carries with JS-number inits', () => {
  it('foriLoop: 0 carried through acc + sin(i) becomes float32', () => {
    const body = (i: jp.Array, acc: jp.Array) => acc.add(jnp.sin(i));
    const want = Math.fround(Math.sin(0) + Math.fround(Math.sin(1)) + Math.fround(Math.sin(2)));
    for (const run of [() => lax.foriLoop(0, 3, body, 0), () => jp.jit((n: jp.Array) => lax.foriLoop(0, n, body, 0))(3)]) {
      const r = run() as jp.Array;
      strong(r, 'float32');
      expect(r.item()).toBeCloseTo(want, 6);
    }
    // With a traced weak init under jit: the same promotion.
    const r = jp.jit((x: jp.Array) => lax.foriLoop(0, 3, body, x))(0) as jp.Array;
    strong(r, 'float32');
    expect(r.item()).toBeCloseTo(want, 6);
    // A body that keeps the int keeps the weak int.
    const k = lax.foriLoop(0, 3, (_i: jp.Array, acc: jp.Array) => acc.add(1), 0) as jp.Array;
    expect([k.dtype.name, k.weakType, k.item()]).toEqual(['int32', true, 3]);
  });

  it('whileLoop: 0 carried through c + 0.5', () => {
    const r = lax.whileLoop((c: jp.Array) => c.lt(3), (c: jp.Array) => c.add(0.5), 0) as jp.Array;
    strong(r, 'float32');
    expect(r.item()).toBe(3);
    // Pytree carries: only the leaf the body makes float changes.
    const [a, b] = lax.whileLoop(
      ([c]: jp.Array[]) => c!.lt(2),
      ([c, d]: jp.Array[]) => [c!.add(0.5), d!.add(1)],
      [0, 1],
    ) as jp.Array[];
    strong(a!, 'float32');
    expect([a!.item(), b!.dtype.name, b!.item()]).toEqual([2, 'int32', 5]);
  });

  it('scan: 0 carried through c + x, and 1 through c * 1.5', () => {
    const [c, ys] = lax.scan((c: jp.Array, x: jp.Array) => [c.add(x), c], 0, jnp.arange(3, { dtype: 'float32' })) as [jp.Array, jp.Array];
    strong(c, 'float32');
    expect([c.item(), ys.tolist()]).toEqual([3, [0, 0, 1]]);
    const [c2, ys2] = lax.scan((c: jp.Array) => [c.mul(1.5), c], 1, null, { length: 3 }) as [jp.Array, jp.Array];
    strong(c2, 'float32');
    expect([c2.item(), ys2.tolist()]).toEqual([3.375, [1, 1.5, 2.25]]);
    // Under vmap and grad the promoted loop behaves like any float loop.
    const g = jp.grad((x: jp.Array) => lax.scan((c: jp.Array) => [c.add(x), null], 0, null, { length: 4 })[0] as jp.Array)(1.5) as jp.Array;
    expect(g.item()).toBe(4);
  });

  it('a shape mismatch is still an error, as in JAX', () => {
    expect(() => lax.scan((c: jp.Array) => [c.add(jnp.ones([2])), null], 0, null, { length: 3 })).toThrow(/carry/);
  });
});
