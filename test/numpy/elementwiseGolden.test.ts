// The elementwise family against JAX's own results (test/golden/make_elementwise.py): every
// function over grids of each dtype (NaN, ±inf, ±0, extremes, big integers), JS-number arguments
// for JAX's weak types, options, and the calls JAX rejects. Dtypes, weak types and integer/bool
// results exactly; floats exactly where the operation is exact (rounding, signs, bits, division
// remainders) and within a few ulps where XLA and Math differ (transcendental functions).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, config } = jp;
type Enc = number | boolean | string;
interface Out {
  dtype: string;
  weak: boolean;
  shape: number[];
  values: Enc[];
}
interface Case {
  fn: string;
  args: ({ dtype: string; values: Enc[] } | { scalar: Enc })[];
  kwargs: Record<string, number>;
  x64: boolean;
  out: Out | Out[] | { error: string; message: string };
}
const golden = JSON.parse(readFileSync(new URL('../golden/elementwise.json', import.meta.url), 'utf8')) as { cases: Case[] };

const decode = (v: Enc): number | boolean => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0' ? -0 : (v as number | boolean));
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Functions whose float results come from transcendental functions (XLA's and Math's differ by ulps). */
const APPROX = new Set(['arcsin', 'asin', 'arccos', 'acos', 'arctan', 'atan', 'sinh', 'cosh', 'arcsinh', 'asinh', 'arccosh', 'acosh', 'arctanh', 'atanh', 'exp2', 'log2', 'log10', 'cbrt', 'sinc', 'arctan2', 'atan2', 'logaddexp', 'logaddexp2', 'float_power', 'hypot']);

/** The smallest normal value of each float dtype. */
const TINY: Record<string, number> = { float32: 2 ** -126, float64: 2 ** -1022 };

function close(got: number, want: number, fn: string, dtype: string): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  // XLA on CPU flushes subnormal results to zero; jaxpool keeps them (IEEE, as NumPy does).
  if (want === 0 && got !== 0 && Math.abs(got) < (TINY[dtype] ?? 0)) return got > 0 === 1 / want > 0;
  if (!APPROX.has(fn)) return Object.is(got, want);
  if (!Number.isFinite(want) || want === 0) return got === want;
  const f32 = dtype === 'float32';
  // Results that cancel to about 0: an ulp of the operands, not of the result.
  const atol = fn === 'sinc' || fn === 'logaddexp2' ? (f32 ? 1e-7 : 1e-15) : 0;
  return Math.abs(got - want) <= atol + (f32 ? 3e-6 : 1e-13) * Math.abs(want);
}

function check(got: unknown, want: Out, c: Case, what: string): void {
  expect(got, what).toBeInstanceOf(jp.Array);
  const g = got as jp.Array;
  // JAX's Python bools are weak; jaxpool's JS booleans are not (API.md: JS numbers are weak).
  const boolScalar = c.args.some((a) => 'scalar' in a && typeof a.scalar === 'boolean');
  expect([g.dtype.name, boolScalar ? want.weak : g.weakType, g.shape], what).toEqual([want.dtype, want.weak, want.shape]);
  const vals = Array.from(g.dataSync() as ArrayLike<number>);
  const bad: string[] = [];
  want.values.forEach((w, i) => {
    const wv = Number(decode(w));
    if (!close(vals[i]!, wv, c.fn, want.dtype)) bad.push(`[${i}] args ${c.args.map((a) => ('scalar' in a ? a.scalar : a.values[i])).join(', ')}: got ${Object.is(vals[i], -0) ? '-0' : vals[i]}, JAX ${w}`);
  });
  expect(bad.slice(0, 8), `${what}: ${bad.length} of ${want.values.length} differ`).toEqual([]);
}

function run(c: Case): unknown {
  const args = c.args.map((a) => ('scalar' in a ? decode(a.scalar) : jnp.array(a.values.map(decode) as number[], a.dtype as 'float32')));
  const f = (jnp as unknown as Record<string, (...a: unknown[]) => unknown>)[camel(c.fn)];
  if (!f) throw new Error(`jnp.${camel(c.fn)} is missing`);
  return Object.keys(c.kwargs).length ? f(...args, c.kwargs) : f(...args);
}

afterAll(() => config.update('enableX64', false));

describe.each([...new Set(golden.cases.map((c) => c.fn))])('jnp.%s matches JAX', (fn) => {
  const cases = golden.cases.filter((c) => c.fn === fn);
  it.each(cases.map((c, k) => [`${k}: ${c.args.map((a) => ('scalar' in a ? `${a.scalar}` : a.dtype)).join(', ')}${Object.keys(c.kwargs).length ? ` ${JSON.stringify(c.kwargs)}` : ''}`, c] as const))('%s', (what, c) => {
    config.update('enableX64', c.x64);
    try {
      if ('error' in c.out) {
        expect(() => run(c), `${fn}(${what}) raises in JAX (${c.out.error}: ${c.out.message})`).toThrow();
        return;
      }
      const got = run(c);
      if (Array.isArray(c.out)) {
        expect(Array.isArray(got), what).toBe(true);
        c.out.forEach((w, k) => check((got as unknown[])[k], w, c, `${fn}(${what})[${k}]`));
      } else check(got, c.out, c, `${fn}(${what})`);
    } finally {
      config.update('enableX64', false);
    }
  });
});
