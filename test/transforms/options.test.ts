// Issue 14 item 12: vmap's inAxes/outAxes take pytree prefixes; vjp and linearize take a trailing
// { hasAux }. References: JS loops and closed forms.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const flat = (a: jp.Array) => Array.from(a.dataSync(), Number);

describe('vmap axes as pytree prefixes', () => {
  it('inAxes: [{ a: 0, b: null }] maps a and broadcasts b', () => {
    const f = (d: { a: jp.Array; b: jp.Array }) => d.a.mul(d.b);
    const a = jnp.array([[1, 2], [3, 4], [5, 6]]);
    const b = jnp.array([10, 100]);
    const r = jp.vmap(f, { inAxes: [{ a: 0, b: null }] })({ a, b });
    expect(r.tolist()).toEqual([[10, 200], [30, 400], [50, 600]]);
    // Nested lists and objects, with an axis other than 0.
    const g = (p: [jp.Array, { s: jp.Array }]) => p[0].add(p[1].s);
    const r2 = jp.vmap(g, { inAxes: [[1, { s: null }]] })([a.T, { s: jnp.array(0.5) }]);
    expect(r2.tolist()).toEqual([[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]]);
    expect(() => jp.vmap(f, { inAxes: [{ a: 0 }] })({ a, b })).toThrow(/prefix/);
    expect(() => jp.vmap(f, { inAxes: [[0, 0]] })({ a, b })).toThrow(/prefix/);
  });

  it('outAxes: a prefix of the output; null for an unmapped output; mapped with null raises', () => {
    const f = (x: jp.Array) => ({ y: x.mul(2), k: jnp.array(7) });
    const xs = jnp.array([[1, 2, 3], [4, 5, 6]]);
    const r = jp.vmap(f, { outAxes: { y: 1, k: null } })(xs) as { y: jp.Array; k: jp.Array };
    expect(r.y.tolist()).toEqual([[2, 8], [4, 10], [6, 12]]);
    expect([r.k.shape, r.k.item()]).toEqual([[], 7]);
    const r0 = jp.vmap(f)(xs) as { y: jp.Array; k: jp.Array };
    expect(r0.k.tolist()).toEqual([7, 7]);
    expect(() => jp.vmap(f, { outAxes: { y: null, k: null } })(xs)).toThrow(/mapped output/);
    expect(jp.vmap(() => jnp.array(1), { inAxes: [], axisSize: 3 })().tolist()).toEqual([1, 1, 1]);
  });
});

describe('hasAux in vjp and linearize', () => {
  const f = (x: jp.Array) => [jnp.sin(x).mul(x), { norm: jnp.sum(x.mul(x)), x }] as const;
  const x = jnp.array([0.5, 2]);

  it('vjp(f, x, { hasAux: true }) → [out, vjpFn, aux]', () => {
    const [out, vjpFn, aux] = jp.vjp(f, x, { hasAux: true }) as [jp.Array, (ct: unknown) => jp.Array[], { norm: jp.Array; x: jp.Array }];
    const xs = [0.5, 2];
    flat(out).forEach((v, i) => expect(v).toBeCloseTo(Math.sin(xs[i]!) * xs[i]!, 6));
    expect(aux.norm.item()).toBeCloseTo(4.25, 6);
    expect(flat(aux.x)).toEqual(xs);
    const [ct] = vjpFn(jnp.array([1, 10]));
    flat(ct!).forEach((v, i) => expect(v).toBeCloseTo((i ? 10 : 1) * (Math.sin(xs[i]!) + xs[i]! * Math.cos(xs[i]!)), 5));
    // A pytree primal with other keys is a primal, not options.
    const [o2] = jp.vjp((d: { hasAux: jp.Array }) => d.hasAux.mul(2), { hasAux: jnp.array(3.5) });
    expect((o2 as jp.Array).item()).toBe(7);
  });

  it('linearize(f, x, { hasAux: true }) → [out, fJvp, aux]', () => {
    const [out, fJvp, aux] = jp.linearize(f, x, { hasAux: true }) as [jp.Array, (t: jp.Array) => jp.Array, { norm: jp.Array }];
    expect(out.shape).toEqual([2]);
    expect(aux.norm.item()).toBeCloseTo(4.25, 6);
    const t = fJvp(jnp.array([1, 0]));
    expect(flat(t)[0]).toBeCloseTo(Math.sin(0.5) + 0.5 * Math.cos(0.5), 5);
    expect(flat(t)[1]).toBe(0);
    // @ts-expect-error f does not return [out, aux]: a compile error, and at run time a TransformError
    expect(() => jp.linearize((v: jp.Array) => v, x, { hasAux: true })).toThrow(/hasAux/);
  });
});
