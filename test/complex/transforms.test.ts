// Transformations of complex functions: grad against JAX's values (real-valued functions of
// complex inputs, holomorphic ones), jvp against finite differences along the real and the
// imaginary direction, vmap against a loop, transposes through vjp, and JAX's errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as jp from '../../src/index.js';
import { type GComplex, golden, num } from './helpers.js';

const { numpy: jnp, lax } = jp;
const g = golden.gradients;
const c64 = (re: number, im: number) => jnp.array({ re, im }, { dtype: 'complex64' });
const parts = (a: jp.Array) => a.tolist() as { re: number; im: number };

function expectNear(got: { re: number; im: number }, want: GComplex, what: string, rtol = 2e-5): void {
  const [re, im] = [num(want[0]), num(want[1])];
  const tol = rtol * Math.max(1, Math.hypot(re, im));
  expect(Math.abs(got.re - re), `${what} re: got ${got.re}, want ${re}`).toBeLessThanOrEqual(tol);
  expect(Math.abs(got.im - im), `${what} im: got ${got.im}, want ${im}`).toBeLessThanOrEqual(tol);
}

// The golden script's functions, written with jaxpool.
const REAL: Record<string, (z: jp.Array) => jp.Array> = {
  abs2: (z) => jnp.abs(z).mul(jnp.abs(z)),
  abs: (z) => jnp.abs(z),
  real_sq: (z) => jnp.real(z.mul(z)),
  imag_exp: (z) => jnp.imag(jnp.exp(z)),
  abs_sin: (z) => jnp.abs(jnp.sin(z)),
  real_div: (z) => jnp.real(z.div(jnp.add(1, z.mul(z)))),
  abs_log: (z) => jnp.abs(jnp.log(z)),
  real_sqrt: (z) => jnp.real(jnp.sqrt(z)),
  angle: (z) => jnp.angle(z),
  conj_mul: (z) => jnp.real(jnp.conj(z).mul({ re: 2, im: 1 }).mul(z).mul(z)),
};
const HOLOMORPHIC: Record<string, (z: jp.Array) => jp.Array> = {
  sq_exp: (z) => z.mul(z).add(jnp.exp(z)),
  recip: (z) => jnp.divide(1, z),
  tanh: (z) => jnp.tanh(z),
  log_sqrt: (z) => jnp.log(z).mul(jnp.sqrt(z)),
  cube: (z) => jnp.power(z, 3),
};

describe('grad against JAX', () => {
  for (const [name, f] of Object.entries(REAL))
    it(`real-valued ${name}: eager and jit`, () => {
      g.points.forEach(([re, im], k) => {
        expectNear(parts(jp.grad(f)(c64(re, im))), g.real[name]![k]!, `${name} at ${re}+${im}j`);
        expectNear(parts(jp.jit(jp.grad(f))(c64(re, im))), g.real[name]![k]!, `jit ${name} at ${re}+${im}j`);
      });
    });

  for (const [name, f] of Object.entries(HOLOMORPHIC))
    it(`holomorphic ${name}`, () => {
      g.points.forEach(([re, im], k) => {
        expectNear(parts(jp.grad(f, { holomorphic: true })(c64(re, im))), g.holomorphic[name]![k]!, `${name} at ${re}+${im}j`);
      });
    });

  it('a real function of a real input through complex intermediates', () => {
    const f = (x: jp.Array) => jnp.abs(jnp.exp(lax.complex(0, x)).mul(lax.complex(x, 2))).pow(2);
    [0.5, -1.25].forEach((x, k) => {
      const got = jp.grad(f)(jnp.array(x)).item() as number;
      expect(Math.abs(got - num(g.real_input[k]!))).toBeLessThan(1e-5 * Math.max(1, Math.abs(got)));
    });
  });

  it("JAX's errors: complex output without holomorphic, holomorphic with real input or output", () => {
    expect(() => jp.grad((z: jp.Array) => z.mul(z))(c64(1, 2))).toThrow(/holomorphic/);
    expect(() => jp.grad((x: jp.Array) => x.mul(x), { holomorphic: true })(jnp.array(1.5))).toThrow(/complex dtype/);
    expect(() => jp.grad((z: jp.Array) => jnp.abs(z), { holomorphic: true })(c64(1, 2))).toThrow(/outputs with complex dtype/);
    expect(() => jp.jacfwd((z: jp.Array) => jnp.abs(z))(c64(1, 2))).toThrow(jp.TransformError);
    expect(() => jp.jacrev((z: jp.Array) => z.mul(z))(c64(1, 2))).toThrow(/holomorphic/);
  });

  it('jacrev of a real-valued function of a complex vector equals grad row by row', () => {
    const z = jnp.array([{ re: 1, im: 2 }, { re: -0.5, im: 0.25 }]);
    const f = (x: jp.Array) => jnp.abs(x).mul(jnp.abs(x));
    const j = (jp.jacrev(f)(z).tolist() as { re: number; im: number }[][]).flat().flatMap((v) => [v.re, v.im]);
    // Row k is grad(|z_k|²) = 2·conj(z_k) in column k, zero elsewhere (±0 alike).
    [2, -4, 0, 0, 0, 0, -1, -0.5].forEach((w, i) => expect(j[i]! + 0).toBe(w + 0));
  });
});

// Points away from branch cuts and poles, where finite differences are accurate.
const arbPoint = fc.record({ re: fc.double({ min: 0.2, max: 2, noNaN: true }), im: fc.double({ min: -2, max: 2, noNaN: true }) });
const FD: Record<string, (z: jp.Array) => jp.Array> = {
  exp: jnp.exp,
  log: jnp.log,
  sqrt: jnp.sqrt,
  sin: jnp.sin,
  tanh: jnp.tanh,
  div: (z) => jnp.divide(z.add({ re: 1, im: -1 }), z.mul(z).add(2)),
  abs: (z) => jnp.abs(z).astype('complex128'),
  conj: (z) => jnp.conj(z).mul(z),
  pow: (z) => jnp.power(z, { re: 1.5, im: 0.5 }),
};

describe('jvp against central differences in complex128 (x64), along the real and imaginary axes', () => {
  for (const [name, f] of Object.entries(FD))
    it(name, () => {
      jp.config.update('enableX64', true);
      try {
        fc.assert(
          fc.property(arbPoint, fc.boolean(), ({ re, im }, imaginary) => {
            const z = jnp.array({ re, im }, { dtype: 'complex128' });
            const dir = jnp.array(imaginary ? { re: 0, im: 1 } : { re: 1, im: 0 }, { dtype: 'complex128' });
            const [, t] = jp.jvp(f, [z], [dir]) as [jp.Array, jp.Array];
            const h = 1e-6;
            const step = (s: number) => parts(f(jnp.array(imaginary ? { re, im: im + s } : { re: re + s, im }, { dtype: 'complex128' })));
            const [p, m] = [step(h), step(-h)];
            const fd = { re: (p.re - m.re) / (2 * h), im: (p.im - m.im) / (2 * h) };
            const got = parts(t);
            const tol = 1e-5 * Math.max(1, Math.hypot(fd.re, fd.im));
            return Math.abs(got.re - fd.re) <= tol && Math.abs(got.im - fd.im) <= tol;
          }),
          { numRuns: 12 },
        );
      } finally {
        jp.config.update('enableX64', false);
      }
    });
});

describe('vmap of complex functions equals a loop', () => {
  it('elementwise, reductions and products, over random complex batches', () => {
    const f = (z: jp.Array) => jnp.sum(jnp.exp(z).mul(jnp.conj(z))).add(jnp.vdot(z, z));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), { minLength: 6, maxLength: 6 }), (pairs) => {
        const batch = jnp.array(pairs.map(([re, im]) => ({ re, im }))).reshape(2, 3);
        const got = jp.vmap(f)(batch).tolist() as { re: number; im: number }[];
        const want = [0, 1].map((i) => parts(f(batch.index(i))));
        return got.every((v, i) => Math.abs(v.re - want[i]!.re) <= 1e-5 * (1 + Math.abs(want[i]!.re)) && Math.abs(v.im - want[i]!.im) <= 1e-5 * (1 + Math.abs(want[i]!.im)));
      }),
      { numRuns: 10 },
    );
  });
});

describe('transposes (vjp) as JAX: no conjugation in linear maps', () => {
  it('real, imag, complex, conj and mul by a constant', () => {
    const z = c64(1, 2);
    const pull = (f: (a: jp.Array) => jp.Array, x: jp.Array, ct: jp.Array) => {
      const [, fVjp] = jp.vjp(f, x) as [jp.Array, (c: jp.Array) => jp.Array[]];
      return fVjp(ct)[0]!;
    };
    expect(pull(jnp.real, z, jnp.array(3)).tolist()).toEqual({ re: 3, im: 0 });
    expect(pull(jnp.imag, z, jnp.array(3)).tolist()).toEqual({ re: 0, im: -3 });
    expect(pull(jnp.conj, z, c64(1, 1)).tolist()).toEqual({ re: 1, im: -1 });
    expect(pull((a) => a.mul(c64(0, 1)), z, c64(1, 0)).tolist()).toEqual({ re: 0, im: 1 });
    const [, fVjp] = jp.vjp((x: jp.Array, y: jp.Array) => lax.complex(x, y), jnp.array(1), jnp.array(2)) as [jp.Array, (c: jp.Array) => jp.Array[]];
    expect(fVjp(c64(5, 7)).map((a) => a.tolist())).toEqual([5, -7]);
  });
});
