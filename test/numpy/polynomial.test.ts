// polyval, polyadd, polysub, polymul, polyder, polyint, convolve and correlate against JAX 0.10.2
// (test/golden/make_products.py), eagerly and under jit; identities (polyder ∘ polyint = id,
// polymul evaluates to the product), vmap against a loop, grad against finite differences, bad input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { decode, expectClose, loadGolden } from './golden.js';

const { numpy: jnp, jit, vmap, grad } = jp;
const FNS = ['polyval', 'polyadd', 'polysub', 'polymul', 'polyder', 'polyint', 'convolve', 'correlate'];
const cases = loadGolden('products.json').cases.filter((c) => FNS.includes(c.fn));
type Fn = (...a: unknown[]) => jp.Array;
const fnOf = (name: string) => (jnp as unknown as Record<string, Fn>)[name]!;

describe('polynomials and convolutions against JAX', () => {
  it.each(cases.map((c, k) => [`${c.fn} #${k} ${JSON.stringify(c.kwargs)}`, c] as const))('%s', (_, c) => {
    const xs = c.args.map(decode);
    const f = fnOf(c.fn);
    const opts = Object.keys(c.kwargs).length ? [c.kwargs] : [];
    expectClose(f(...xs, ...opts), c.out, `eager ${c.fn}`);
    expectClose(jit((...a: jp.Array[]) => f(...a, ...opts))(...xs), c.out, `jit ${c.fn}`);
  });
  it('covers every function', () => expect(new Set(cases.map((c) => c.fn)).size).toBe(FNS.length));
});

const coeffs = (n: number) => fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n });

describe('polynomial identities', () => {
  it('polymul evaluates to the product; polyder undoes polyint; polyadd/polysub evaluate to sum/difference', () => {
    fc.assert(
      fc.property(coeffs(3), coeffs(4), fc.integer({ min: 0, max: 3 }), (a, b, m) => {
        const [p, q] = [jnp.array(a, 'float32'), jnp.array(b, 'float32')];
        const x = jnp.array([-1.5, 0, 0.5, 2], 'float32');
        const at = (c: jp.Array) => Array.from(jnp.polyval(c, x).dataSync());
        const pv = at(p);
        const qv = at(q);
        at(jnp.polymul(p, q)).forEach((v, i) => expect(v).toBeCloseTo(pv[i]! * qv[i]!, 3));
        at(jnp.polyadd(p, q)).forEach((v, i) => expect(v).toBeCloseTo(pv[i]! + qv[i]!, 4));
        at(jnp.polysub(p, q)).forEach((v, i) => expect(v).toBeCloseTo(pv[i]! - qv[i]!, 4));
        expect(jnp.polyder(jnp.polyint(q, m, 7), m).tolist()).toEqual(q.tolist());
      }),
      { numRuns: 10 },
    );
  });
  it('options positionally and by name; m = 0; m past the degree', () => {
    const p = jnp.array([1, 2, 3], 'float32');
    expect(jnp.polyder(p, 0).tolist()).toEqual([1, 2, 3]);
    expect(jnp.polyder(p, { m: 5 }).shape).toEqual([0]);
    expect(jnp.polyint(p, 1, [2]).tolist()).toEqual(jnp.polyint(p, { k: 2 }).tolist());
    expect(jnp.polyint(jnp.array([6], 'float32'), 2, [1, 2]).tolist()).toEqual([3, 1, 2]);
    expect(jnp.polymul(jnp.array([0, 0, 1, 2], 'float32'), jnp.array([0, 3], 'float32'), { trimLeadingZeros: true }).tolist()).toEqual([3, 6]);
    expect(jnp.polyder(jnp.array([1, 2, 3], 'int32')).dtype.name).toBe('float32');
    expect(jnp.polyval(jnp.array([1, 2], 'int32'), 3).dtype.name).toBe('int32');
    expect(jnp.convolve(jnp.array([1, 2, 3], 'int32'), jnp.array([1, 1], 'int32'), { preferredElementType: 'int32' }).tolist()).toEqual([1, 3, 5, 3]);
  });
  it('bad input raises', () => {
    expect(() => jnp.convolve(jnp.ones([2, 2]), jnp.ones([2]))).toThrow(jp.ShapeError);
    expect(() => jnp.convolve(jnp.ones([0]), jnp.ones([2]))).toThrow(/cannot be empty/);
    expect(() => jnp.correlate(jnp.ones([3]), jnp.ones([2]), 'wide' as never)).toThrow(/mode/);
    expect(() => jnp.polyder(jnp.ones([3]), -1)).toThrow(jp.ShapeError);
    expect(() => jnp.polyint(jnp.ones([3]), 2, [1, 2, 3])).toThrow(/k must be/);
    expect(() => jnp.polyval(jnp.ones([2, 2]), 1)).toThrow(jp.ShapeError);
    expect(() => jit((a: jp.Array) => jnp.polymul(a, a, { trimLeadingZeros: true }))(jnp.ones([2]))).toThrow(jp.ConcretizationError);
  });
});

describe('polynomials under transformations', () => {
  it('vmap of convolve, correlate and polyval matches a loop', () => {
    fc.assert(
      fc.property(coeffs(12), coeffs(3), (u, v) => {
        const x = jnp.array(u, 'float32').reshape(3, 4);
        const k = jnp.array(v, 'float32');
        for (const f of [(p: jp.Array) => jnp.convolve(p, k, 'same'), (p: jp.Array) => jnp.correlate(k, p, 'full'), (p: jp.Array) => jnp.polyval(p, k)]) {
          const want = jnp.stack([0, 1, 2].map((i) => f(x.index(i))));
          expect(vmap(f)(x).tolist()).toEqual(want.tolist());
        }
      }),
      { numRuns: 5 },
    );
  });
  it('grad of convolve and polyval against finite differences', () => {
    const a = jnp.array([0.5, -1, 2, 0.25], 'float32');
    const w = jnp.array([1, -2, 0.5], 'float32');
    const fs = [(p: jp.Array) => jnp.sum(jnp.convolve(p, w).mul(jnp.arange(6, { dtype: 'float32' }))), (p: jp.Array) => jnp.polyval(p, 1.5), (p: jp.Array) => jnp.sum(jnp.correlate(w, p, 'same').mul(jnp.convolve(p, w, 'valid').sum()))];
    for (const f of fs) {
      const g = Array.from(grad(f)(a).dataSync());
      const base = Array.from(a.dataSync());
      const h = 1e-2;
      g.forEach((gi, i) => {
        const up = base.slice();
        const dn = base.slice();
        up[i]! += h;
        dn[i]! -= h;
        const fd = (Number(f(jnp.array(up, 'float32')).item()) - Number(f(jnp.array(dn, 'float32')).item())) / (2 * h);
        expect(Math.abs(gi - fd)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
      });
    }
  });
});
