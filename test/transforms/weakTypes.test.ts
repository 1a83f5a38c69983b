// Issue 14 item 3: JS cannot tell 2.0 from 2, so a JS number that is differentiated or given a
// tangent is a weak float in every composition, and prints as JAX prints it. Values against the
// closed forms of f(x) = sin(x)·x; repr and weak types as JAX 0.10.2 gives them for 2.0.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const f = (x: jp.Array) => jnp.sin(x).mul(x);
const df = (x: number) => Math.sin(x) + x * Math.cos(x);
const d2f = (x: number) => 2 * Math.cos(x) - x * Math.sin(x);
const close = (a: unknown, want: number) => expect(Number(a as jp.Array)).toBeCloseTo(want, 5);
const weakFloat = (a: unknown) => {
  const x = a as jp.Array;
  expect([x.dtype.name, x.weakType]).toEqual(['float32', true]);
};

describe('a differentiated JS number is a weak float in every composition', () => {
  it('grad, jit∘grad, grad∘jit, vmap∘grad and valueAndGrad at the integer 2', () => {
    for (const g of [jp.grad(f), jp.jit(jp.grad(f)), jp.grad(jp.jit(f)), jp.jit(jp.jit(jp.grad(f)))]) {
      const r = g(2);
      weakFloat(r);
      close(r, df(2));
    }
    // JAX: Array(0.07700372, dtype=float32, weak_type=True)
    expect(inspect(jp.jit(jp.grad(f))(2))).toBe('Array(0.07700372, dtype=float32, weak_type=True)');
    const [v, g] = jp.jit(jp.valueAndGrad(f))(2) as [jp.Array, jp.Array];
    close(v, 2 * Math.sin(2));
    close(g, df(2));
    weakFloat(g);
    // vmap over a batched float array, with an integer JS number differentiated beside it.
    const h = (x: jp.Array, y: jp.Array) => f(x).mul(y);
    const gy = jp.vmap(jp.grad(h, { argnums: 1 }), { inAxes: [0, null] })(jnp.array([0.5, 1.5]), 3) as jp.Array;
    expect(Array.from(gy.dataSync())).toEqual([0.5, 1.5].map((x) => Math.fround(Math.sin(Math.fround(x)) * Math.fround(x))).map((v) => expect.closeTo(v, 5)));
  });

  it('jvp with JS-number primals and tangents: jvp(f, [1], [1])', () => {
    const [p, t] = jp.jvp(f, [1], [1]) as [jp.Array, jp.Array];
    weakFloat(p);
    weakFloat(t);
    close(p, Math.sin(1));
    close(t, df(1));
    const [pj, tj] = jp.jit((x: jp.Array) => jp.jvp(f, [x], [1]))(1) as [jp.Array, jp.Array];
    close(pj, Math.sin(1));
    close(tj, df(1));
  });

  it('vjp, linearize, jacfwd, jacrev and hessian, eagerly and under jit', () => {
    const [out, vjpFn] = jp.vjp(f, 2);
    close(out, 2 * Math.sin(2));
    const [ct] = vjpFn(1) as [jp.Array];
    weakFloat(ct);
    close(ct, df(2));
    const [lo, fJvp] = jp.linearize(f, 2);
    close(lo, 2 * Math.sin(2));
    close(fJvp(1), df(2));
    for (const [name, g, want] of [
      ['jacfwd', jp.jacfwd(f), df(2)],
      ['jacrev', jp.jacrev(f), df(2)],
      ['hessian', jp.hessian(f), d2f(2)],
    ] as const) {
      for (const h of [g, jp.jit(g)]) {
        const r = h(2);
        expect((r as jp.Array).dtype.name, name).toBe('float32');
        close(r, want);
      }
    }
    // JAX: hessian(f)(2.0) is Array(-2.6508884, dtype=float32, weak_type=True)
    expect(inspect(jp.hessian(f)(2))).toBe('Array(-2.6508884, dtype=float32, weak_type=True)');
  });

  it('custom rules: customJvp and customVjp functions differentiated at a JS number, under jit too', () => {
    const cj = jp.customJvp((x: jp.Array) => jnp.sin(x).mul(x));
    cj.defjvp(([x], [t]) => [cj(x), (t as jp.Array).mul(jnp.sin(x as jp.Array).add((x as jp.Array).mul(jnp.cos(x as jp.Array))))]);
    const cv = jp.customVjp((x: jp.Array) => jnp.sin(x).mul(x));
    cv.defvjp(
      (x: jp.Array) => [cv(x), x],
      (x: jp.Array, g: jp.Array) => [g.mul(jnp.sin(x).add(x.mul(jnp.cos(x))))],
    );
    for (const fn of [cj, cv]) {
      for (const g of [jp.grad(fn), jp.jit(jp.grad(fn))]) {
        const r = g(2);
        weakFloat(r);
        close(r, df(2));
      }
    }
    const [, t] = jp.jvp(cj, [2], [1]) as [jp.Array, jp.Array];
    close(t, df(2));
  });

  it('a strongly typed int is still not differentiable (JAX raises too)', () => {
    expect(() => jp.grad(f)(jnp.array(2, 'int32'))).toThrow(/real-valued inputs/);
    expect(() => jp.jit(jp.grad(f))(jnp.arange(3).index(2))).toThrow(/real-valued inputs/);
  });
});

describe('printing a differentiated JS number as JAX does', () => {
  let spy: MockInstance<typeof console.log>;
  beforeEach(() => {
    spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => spy.mockRestore());

  it("debug.print shows 'x: 1.0' under grad, jit∘grad and jvp (JAX prints x: 1.0)", async () => {
    const g = (x: jp.Array) => {
      jp.debug.print('x: {}', x);
      return x.mul(x);
    };
    jp.grad(g)(1);
    jp.jit(jp.grad(g))(1);
    jp.jvp(g, [1], [1]);
    await jp.effectsBarrier();
    expect(spy.mock.calls.map((c) => c.join(' '))).toEqual(['x: 1.0', 'x: 1.0', 'x: 1.0']);
  });
});
