// Control flow with complex values (carries, constants, slices, branch operands): against the
// same computation unrolled, eagerly and under jit, and differentiated and batched through.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;
const z = jnp.array([{ re: 1, im: 2 }, { re: 0.5, im: -1 }, { re: -3, im: 0.25 }]);
const w = { re: 0.5, im: 1 };
const unrolled = (x: jp.Array) => x.mul(w).mul(w).mul(w).add(jnp.conj(x));

describe('control flow carries complex values', () => {
  it('foriLoop and whileLoop equal the unrolled computation, eager and jit', () => {
    const fori = (x: jp.Array) => lax.foriLoop(0, 3, (_i: jp.Array, acc: jp.Array) => acc.mul(w), x).add(jnp.conj(x));
    const wl = (x: jp.Array) => {
      const [, out] = lax.whileLoop((c: [jp.Array, jp.Array]) => c[0].lt(3), (c: [jp.Array, jp.Array]) => [c[0].add(1), c[1].mul(w)], [jnp.array(0), x]) as [jp.Array, jp.Array];
      return out.add(jnp.conj(x));
    };
    const want = unrolled(z).tolist();
    for (const f of [fori, wl]) {
      expect(f(z).tolist()).toEqual(want);
      expect(jp.jit(f)(z).tolist()).toEqual(want);
    }
  });

  it('cond picks a branch on complex operands', () => {
    const f = (p: jp.Array, x: jp.Array) => lax.cond(p, (a: jp.Array) => jnp.conj(a), (a: jp.Array) => a.mul(w), x);
    expect(f(jnp.array(true), z).tolist()).toEqual(jnp.conj(z).tolist());
    expect(jp.jit(f)(jnp.array(false), z).tolist()).toEqual(z.mul(w).tolist());
  });

  it('scan with a complex carry, complex slices and complex outputs', () => {
    const f = (x: jp.Array) => lax.scan((c: jp.Array, y: jp.Array) => [c.add(y), c.mul(y)], jnp.zeros([], jnp.complex64), x);
    const [carry, ys] = jp.jit(f)(z) as [jp.Array, jp.Array];
    const zs = z.tolist() as { re: number; im: number }[];
    let c = { re: 0, im: 0 };
    const want: { re: number; im: number }[] = [];
    for (const y of zs) {
      want.push({ re: c.re * y.re - c.im * y.im, im: c.re * y.im + c.im * y.re });
      c = { re: c.re + y.re, im: c.im + y.im };
    }
    expect(carry.tolist()).toEqual(c);
    (ys.tolist() as { re: number; im: number }[]).forEach((v, i) => {
      expect(v.re).toBeCloseTo(want[i]!.re, 5);
      expect(v.im).toBeCloseTo(want[i]!.im, 5);
    });
  });

  it('grad and vmap through a loop equal those of the unrolled computation', () => {
    const fori = (x: jp.Array) => lax.foriLoop(0, 3, (_i: jp.Array, acc: jp.Array) => acc.mul(w), x).add(jnp.conj(x));
    const loss = (f: (x: jp.Array) => jp.Array) => (x: jp.Array) => jnp.sum(jnp.abs(f(x)).pow(2));
    const g = jp.grad(loss(fori))(z).tolist() as { re: number; im: number }[];
    const gu = jp.grad(loss(unrolled))(z).tolist() as { re: number; im: number }[];
    g.forEach((v, i) => {
      expect(v.re).toBeCloseTo(gu[i]!.re, 4);
      expect(v.im).toBeCloseTo(gu[i]!.im, 4);
    });
    expect(jp.vmap(fori)(z).tolist()).toEqual(unrolled(z).tolist());
  });
});
