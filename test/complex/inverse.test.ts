// Complex arcsin, arccos, arctan, arcsinh, arccosh, arctanh (and lax.asin…) against JAX
// (test/golden/complex_more.json): a grid of the plane with the axes and branch cuts in both signs
// of zero, tiny and huge magnitudes, infinities and NaN; eager, jit and vmap; gradients.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { carray, complexSuite, expectComplexClose, type GComplex, INVERSE_TRIG, num } from './helpers.js';
import { more } from './moreGolden.js';

const { numpy: jnp, lax } = jp;

const JNP = INVERSE_TRIG;
const LAX: Record<string, (x: jp.Array) => jp.Array> = { asin: lax.asin, acos: lax.acos, atan: lax.atan, asinh: lax.asinh, acosh: lax.acosh, atanh: lax.atanh };

for (const dtype of ['complex64', 'complex128'] as const)
  describe(`${dtype} inverse trigonometric and hyperbolic functions against JAX`, () => {
    const x64 = dtype === 'complex128';
    const g = x64 ? more.inverse128 : more.inverse;
    // A few ulps of the part dtype, relative to the value's magnitude; XLA flushes subnormals.
    const rtol = x64 ? 1e-14 : 4e-6;
    const atol = x64 ? 1e-300 : 1e-37;
    let z: jp.Array;
    complexSuite(dtype, () => (z = carray(g.values, dtype)));

    for (const [name, fn] of Object.entries(JNP))
      it(`jnp.${name} on the grid (signed zeros too): eager, jit, vmap`, () => {
        const want = g.jnp[name]!;
        for (const [how, run] of [
          ['eager', fn],
          ['jit', jp.jit(fn)],
          ['vmap', (x: jp.Array) => jp.vmap(fn)(x.reshape([-1, 2])).reshape([-1])],
        ] as const) {
          const got = run(z);
          expect(got.dtype.name, `${name} ${how} dtype`).toBe(want.dtype);
          expectComplexClose(got, want.result, `${name} ${how}`, rtol, atol, true);
        }
      });

    it('lax.asin, acos, atan, asinh, acosh, atanh equal the jnp functions', () => {
      for (const [name, fn] of Object.entries(LAX)) expectComplexClose(fn(z), g.lax[name]!, `lax.${name}`, rtol, atol, true);
    });

    const point = ([re, im]: [number, number]) => jnp.array({ re, im }, { dtype });
    const near = (got: jp.Array, want: GComplex, what: string) => {
      const v = got.tolist() as { re: number; im: number };
      const [re, im] = [num(want[0]), num(want[1])];
      const tol = (x64 ? 1e-12 : 2e-5) * Math.max(1, Math.hypot(re, im));
      expect(Math.abs(v.re - re), `${what} re: got ${v.re}, want ${re}`).toBeLessThanOrEqual(tol);
      expect(Math.abs(v.im - im), `${what} im: got ${v.im}, want ${im}`).toBeLessThanOrEqual(tol);
    };

    for (const [name, fn] of Object.entries(JNP))
      it(`grad of jnp.${name}: holomorphic, and of |f(z)|² (JAX's convention)`, () => {
        const abs2 = (x: jp.Array) => jnp.abs(fn(x)).pow(2);
        g.grad_points.forEach((p, k) => {
          near(jp.grad(fn, { holomorphic: true })(point(p)), g.holomorphic[name]![k]!, `${name}' at ${p}`);
          near(jp.jit(jp.grad(fn, { holomorphic: true }))(point(p)), g.holomorphic[name]![k]!, `jit ${name}' at ${p}`);
          near(jp.grad(abs2)(point(p)), g.real_grad[name]![k]!, `|${name}|² grad at ${p}`);
        });
      });
  });
