// Transformation laws, each against an independent reference: grad vs central differences (in
// float64), vmap vs a loop of calls, jit vs eager, jacfwd vs jacrev, hessian symmetry, custom rules.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

const f64 = (x: number) => jnp.array(x, { dtype: 'float64' });
const central = (f: (x: number) => number, x: number, h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

// Every differentiable elementwise primitive, with a domain where it is smooth.
const unary: [string, (x: jp.Array) => jp.Array, number, number][] = [
  ['sin', jnp.sin, -3, 3],
  ['cos', jnp.cos, -3, 3],
  ['tan', jnp.tan, -1.2, 1.2],
  ['tanh', jnp.tanh, -3, 3],
  ['exp', jnp.exp, -3, 3],
  ['log', jnp.log, 0.1, 5],
  ['log1p', jnp.log1p, -0.9, 5],
  ['expm1', jnp.expm1, -3, 3],
  ['sqrt', jnp.sqrt, 0.1, 5],
  ['abs', jnp.abs, 0.1, 3],
  ['negative', jnp.negative, -3, 3],
  ['square via multiply', (x) => jnp.multiply(x, x), -3, 3],
  ['power', (x) => jnp.power(x, 2.5), 0.1, 3],
  ['divide', (x) => jnp.divide(1.5, x), 0.2, 3],
  ['maximum', (x) => jnp.maximum(x, 0.5), 0.6, 3],
  ['minimum', (x) => jnp.minimum(x, 0.5), -3, 0.4],
  ['where', (x) => jnp.where(x.gt(0), x.mul(x), x.mul(3)), 0.1, 3],
  ['sum of broadcast', (x) => jnp.sum(jnp.broadcastTo(x, [3, 2])), -3, 3],
  ['mean', (x) => jnp.mean(jnp.stack([x, x.mul(2)])), -3, 3],
  ['max', (x) => jnp.max(jnp.stack([x, x.mul(0.5)])), 0.1, 3],
  ['prod', (x) => jnp.prod(jnp.stack([x, x.add(1)])), -3, 3],
  ['matmul', (x) => jnp.sum(jnp.matmul(jnp.stack([x, x]).reshape(1, 2), jnp.array([[1.5], [2]], { dtype: 'float64' }))), -3, 3],
  ['take', (x) => jnp.sum(jnp.take(jnp.stack([x, x.mul(2)]), jnp.array([1, 1, 0]))), -3, 3],
];

describe('grad vs central differences (float64)', () => {
  for (const [name, f, lo, hi] of unary)
    it(name, () => {
      fc.assert(
        fc.property(fc.double({ min: lo, max: hi, noNaN: true }), (x) => {
          const g = (jp.grad((a: jp.Array) => f(a))(f64(x)) as jp.Array).item() as number;
          const ref = central((t) => f(f64(t)).item() as number, x);
          expect(Math.abs(g - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)));
        }),
        { numRuns: 8 },
      );
    });
});

describe('linearize', () => {
  it('its linear map equals jvp at the same point, for several tangents', () => {
    const f = (x: jp.Array) => jnp.sin(x).mul(jnp.exp(x.mul(0.5)));
    const x = jnp.array([0.3, -1.2, 2], { dtype: 'float64' });
    const [y, fJvp] = jp.linearize(f, x);
    expect(vals(y as jp.Array)).toEqual(vals(f(x)));
    for (const t of [[1, 0, 0], [0.5, -2, 3]]) {
      const tv = jnp.array(t, { dtype: 'float64' });
      const [, ref] = jp.jvp(f, [x], [tv]) as [jp.Array, jp.Array];
      vals(fJvp(tv) as jp.Array).forEach((v, i) => expect(v).toBeCloseTo(vals(ref)[i]!, 12));
    }
  });
});

describe('higher order', () => {
  it('third derivative of sin is -cos', () => {
    for (const x of [0.3, 1.7, -2]) expect((jp.grad(jp.grad(jp.grad(jnp.sin)))(f64(x)) as jp.Array).item()).toBeCloseTo(-Math.cos(x), 10);
  });
  it('jacfwd equals jacrev; hessians are symmetric', () => {
    const f = (v: jp.Array) => jnp.sin(v).mul(jnp.sum(v.mul(v))).add(jnp.exp(v.index(0)));
    const g = (v: jp.Array) => jnp.sum(jnp.sin(v).mul(v.index(0))).add(jnp.prod(v));
    fc.assert(
      // Hundredths: subnormal inputs underflow x² to 0 in second derivatives of prod (NaN), as in any float code.
      fc.property(fc.array(fc.integer({ min: -200, max: 200 }).map((i) => i / 100), { minLength: 3, maxLength: 3 }), (xs) => {
        const x = jnp.array(xs, { dtype: 'float64' });
        const a = vals(jp.jacfwd(f)(x) as jp.Array);
        const b = vals(jp.jacrev(f)(x) as jp.Array);
        a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 10));
        const h = vals(jp.hessian(g)(x) as jp.Array);
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(h[i * 3 + j]).toBeCloseTo(h[j * 3 + i]!, 10);
      }),
      { numRuns: 8 },
    );
  });
});

describe('vmap vs a loop of calls; jit vs eager', () => {
  const fns: [string, (x: jp.Array, y: jp.Array) => jp.Array][] = [
    ['elementwise', (x, y) => jnp.sin(x).mul(y).add(1)],
    ['reduce', (x, y) => jnp.sum(x.mul(y), 0)],
    ['matmul', (x, y) => jnp.matmul(x.reshape(2, 2), y.reshape(2, 2))],
    ['grad inside', (x, y) => jp.grad((a: jp.Array) => jnp.sum(jnp.tanh(a.mul(y))))(x) as jp.Array],
    ['scan inside', (x, y) => lax.scan((c: jp.Array, t: jp.Array) => [c.mul(t).add(y.index(0)), c], jnp.array(1, { dtype: 'float64' }), x)[1] as jp.Array],
  ];
  for (const [name, f] of fns)
    it(name, () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 12, maxLength: 12 }), fc.constantFrom(0, null), (data, yAxis) => {
          const xs = jnp.array(data.slice(0, 12), { dtype: 'float64' }).reshape(3, 4);
          const y = jnp.array(data.slice(8, 12), { dtype: 'float64' });
          const ys = jnp.stack([y, y.mul(2), y.mul(-1)]);
          const batched = jp.vmap(f, { inAxes: [0, yAxis] })(xs, yAxis === 0 ? ys : y);
          const loop = [0, 1, 2].map((i) => vals(f(xs.index(i), yAxis === 0 ? ys.index(i) : y)));
          const got = vals(batched);
          loop.flat().forEach((v, k) => expect(got[k]).toBeCloseTo(v, 10));
          const eager = vals(f(xs.index(0), y));
          vals(jp.jit(f)(xs.index(0), y)).forEach((v, k) => expect(v).toBeCloseTo(eager[k]!, 12));
        }),
        { numRuns: 6 },
      );
    });
});

describe('custom rules are used', () => {
  it('customJvp and customVjp rules change the gradient, under jit and vmap too', () => {
    const cj = jp.customJvp((x: jp.Array) => jnp.sin(x));
    cj.defjvp(([x], [t]) => [jnp.sin(x as jp.Array), (t as jp.Array).mul(jnp.cos(x as jp.Array)).mul(3)]);
    const cv = jp.customVjp((x: jp.Array) => jnp.sin(x));
    cv.defvjp((x: jp.Array) => [jnp.sin(x), x], (x: jp.Array, g: jp.Array) => [g.mul(jnp.cos(x)).mul(5)]);
    for (const x of [0.2, 1.1]) {
      expect((jp.grad(cj)(f64(x)) as jp.Array).item()).toBeCloseTo(3 * Math.cos(x), 10);
      expect((jp.jit(jp.grad(cj))(f64(x)) as jp.Array).item()).toBeCloseTo(3 * Math.cos(x), 10);
      expect((jp.grad(cv)(f64(x)) as jp.Array).item()).toBeCloseTo(5 * Math.cos(x), 10);
      expect((jp.grad(jp.grad(cj))(f64(x)) as jp.Array).item()).toBeCloseTo(-3 * Math.sin(x), 10);
    }
    const xs = jnp.array([0.2, 1.1], { dtype: 'float64' });
    expect(vals(jp.vmap(jp.grad(cv))(xs) as jp.Array)).toEqual(vals(xs).map((x) => (jp.grad(cv)(f64(x)) as jp.Array).item() as number));
  });

  it('stopGradient blocks derivatives; documented errors', () => {
    expect((jp.grad((x: jp.Array) => jp.stopGradient(x).mul(x))(f64(1.5)) as jp.Array).item()).toBe(1.5);
    expect(() => jp.grad((x: jp.Array) => x.mul(2))(jnp.array([1.5, 2]))).toThrow(/scalar-output/);
    // A strongly typed int is not differentiable (a weak one, from a JS number, is taken as a float).
    expect(() => jp.grad((x: jp.Array) => x.mul(2))(jnp.array(3, 'int32'))).toThrow(/real-valued inputs/);
    expect(() => jp.vmap((a: jp.Array, b: jp.Array) => a.mul(b))(jnp.array([1.5, 2]), jnp.array([1.5, 2, 3]))).toThrow(jp.ShapeError);
    expect(() => jp.jit((x: jp.Array) => (Number(x) > 0 ? x : x.neg()))(jnp.array(1.5))).toThrow(jp.ConcretizationError);
    expect(() => jp.jit((x: jp.Array) => x.item())(jnp.array(1.5))).toThrow(jp.ConcretizationError);
  });
});

describe('weak types and printing', () => {
  it('weak types flow as in JAX', () => {
    jp.config.update('enableX64', false);
    try {
      expect((jp.grad((x: jp.Array) => x.mul(x))(2.0) as jp.Array).weakType).toBe(true);
      expect((jp.jit((x: jp.Array) => x.mul(x))(2.0 as unknown as jp.Array) as jp.Array).weakType).toBe(true);
      expect(jnp.array([1.5]).mul(2).weakType).toBe(false);
      expect(jp.makeJaxpr(jnp.sin)(jnp.array([1.5, 2, 3, 4, 5])).toString()).toBe('{ lambda ; a:f32[5]. let b:f32[5] = sin a in (b,) }');
    } finally {
      jp.config.update('enableX64', true);
    }
  });
});
