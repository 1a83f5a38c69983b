// Complex elementary functions against JAX (test/golden/complex.json): ordinary values, branch
// cuts with both signs of zero, huge and tiny magnitudes, infinities and NaN; eager and jit.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { carray, complexSuite, expectComplexClose, expectRealClose, type GComplex, type GNum, golden, INVERSE_TRIG, num } from './helpers.js';

const { numpy: jnp } = jp;

// jnp name for each golden function.
const FUNCTIONS: Record<string, (x: jp.Array) => jp.Array> = {
  abs: jnp.abs,
  exp: jnp.exp,
  log: jnp.log,
  sqrt: jnp.sqrt,
  sin: jnp.sin,
  cos: jnp.cos,
  tan: jnp.tan,
  sinh: jnp.sinh,
  cosh: jnp.cosh,
  tanh: jnp.tanh,
  expm1: jnp.expm1,
  log1p: jnp.log1p,
  sign: jnp.sign,
  square: jnp.square,
  reciprocal: jnp.reciprocal,
  angle: (x) => jnp.angle(x),
  conj: jnp.conj,
  real: jnp.real,
  imag: jnp.imag,
  negative: jnp.negative,
  isfinite: jnp.isfinite,
  isnan: jnp.isnan,
  isinf: jnp.isinf,
  log10: jnp.log10,
  log2: jnp.log2,
  exp2: jnp.exp2,
  ...INVERSE_TRIG,
};

// Elementary functions of float32 parts: a few ulps of the value's magnitude.
const RTOL: Record<string, number> = { tan: 1e-5, tanh: 1e-5, log1p: 1e-5, expm1: 1e-5, log10: 1e-5, log2: 1e-5, exp2: 1e-5, sin: 1e-5, cos: 1e-5, sinh: 1e-5, cosh: 1e-5, exp: 1e-5 };

for (const dtype of ['complex64', 'complex128'] as const)
describe(`${dtype} elementwise functions against JAX`, () => {
  const x64 = dtype === 'complex128';
  const f = x64 ? golden.functions128 : golden.functions;
  // complex128: a few ulps of float64; complex64's tolerances below are float32's.
  const scale = x64 ? 1e-8 : 1;
  // XLA on CPU flushes subnormal results to zero: below the smallest normal, compare absolutely.
  const atol = x64 ? 1e-300 : 1e-37;
  let z: jp.Array;
  complexSuite(dtype, () => (z = carray(f.values, dtype)));
  const carrayD = (v: GComplex[]) => carray(v, dtype);
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    const want = f.unary[name]!;
    it(name, () => {
      for (const [how, run] of [
        ['eager', fn],
        ['jit', jp.jit(fn)],
      ] as const) {
        const got = run(z);
        expect(got.dtype.name, `${name} ${how} dtype`).toBe(want.dtype!);
        if (want.dtype === 'bool') expect(Array.from(got.dataSync(), Boolean), `${name} ${how}`).toEqual(want.result!.map((v) => Boolean(num(v as GNum))));
        else if (want.dtype!.startsWith('complex')) expectComplexClose(got, want.result as GComplex[], `${name} ${how}`, (RTOL[name] ?? 2e-6) * scale, atol);
        else expectRealClose(got, want.result as GNum[], `${name} ${how}`, (RTOL[name] ?? 2e-6) * scale, atol);
      }
    });
  }

  it('integer powers (x ** n, n = 0, 1, 2, 3, 5, -1, -2)', () => {
    // XLA on CPU flushes subnormals to zero: 1 / (1e-20 + 1e-20i)² divides by 0 there. Values
    // whose powers are subnormal are left out of the negative powers.
    const normal = f.values.map(([re, im]) => Math.hypot(num(re), num(im)) ** 2 > (x64 ? 2.3e-308 : 1.2e-38) || num(re) === 0);
    const keep = (xs: GComplex[]) => xs.filter((_, i) => normal[i]);
    const zk = carrayD(keep(f.values));
    for (const [n, want] of Object.entries(f.int_power)) {
      const [x, w] = Number(n) < 0 ? [zk, keep(want)] : [z, want];
      expectComplexClose(jnp.power(x, Number(n)), w, `z ** ${n}`, 1e-5 * scale, atol);
      expectComplexClose(jp.jit((a: jp.Array) => jnp.power(a, Number(n)))(x), w, `jit z ** ${n}`, 1e-5 * scale, atol);
    }
  });

  it('complex ** complex', () => {
    // Exponents of magnitude 1e30 and more make the angle c·arg x + d·ln|x| huge, so the signs of
    // overflowing results depend on its last bit: those pairs are left out.
    const [xs, ys] = f.binary_values;
    const keep = ys.map(([re, im]) => Math.abs(num(re)) < 1e20 && Math.abs(num(im)) < 1e20);
    const pick = <T,>(v: T[]) => v.filter((_, i) => keep[i]);
    const want = pick(f.binary.power!.result as GComplex[]);
    expectComplexClose(jnp.power(carrayD(pick(xs)), carrayD(pick(ys))), want, 'power', 1e-5 * scale, atol);
    expectComplexClose(jp.jit(jnp.power)(carrayD(pick(xs)), carrayD(pick(ys))), want, 'jit power', 1e-5 * scale, atol);
  });
});
