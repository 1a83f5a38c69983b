// Issue 17: keys, split, foldIn, bits, uniform, normal and randint against JAX 0.10 (goldens of
// test/golden/make_random.py: seeds 0, 42, 2^31-1, 123456789; shapes incl. 0-d, empty and odd
// sizes; float32 and float64) through raw PRNGKeys and typed keys, eagerly and under jit. Bits,
// uniform and randint are bit-exact; normal is within 2 ulp (XLA's log1p inside erf⁻¹ may round
// differently from Math.log1p; measured worst case reported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Case, callCase, expectGolden, golden } from './golden.js';

const FNS = new Set(['PRNGKey', 'split', 'foldIn', 'bits', 'uniform', 'normal', 'randint']);
const ULPS: Record<string, number> = { normal: 2 };
const name = (c: Case) => `${c.fn}(PRNGKey(${c.seed}), ${JSON.stringify(c.args).slice(0, 80)}${Object.keys(c.kwargs).length ? ', ' + JSON.stringify(c.kwargs).slice(0, 80) : ''})`;
const jitted = (f: (...a: unknown[]) => unknown) => (key: unknown, ...rest: unknown[]) => jp.jit((k: unknown) => f(k, ...rest) as jp.Array)(key as jp.Array);

function check(c: Case, x64: boolean): void {
  // Under x64 JAX's default int/uint are 64-bit: randint and bits without a dtype raise here.
  if (x64 && c.out && (c.out.dtype === 'int64' || c.out.dtype === 'uint64') && (c.fn === 'randint' || c.fn === 'bits')) {
    expect(() => callCase(c, false), name(c)).toThrow(jp.DtypeError);
    return;
  }
  if (c.error !== undefined) {
    expect(() => callCase(c, false), `JAX raises ${c.error}`).toThrow(jp.JaxpoolError);
    return;
  }
  const tol = ULPS[c.fn] ?? 0;
  expectGolden(callCase(c, false), c.out!, `${name(c)} raw`, tol);
  expectGolden(callCase(c, true), c.out!, `${name(c)} typed`, tol);
  if (c.fn !== 'PRNGKey') expectGolden(callCase(c, false, jitted), c.out!, `${name(c)} jit`, tol);
}

describe('jax.random against JAX (x32)', () => {
  for (const c of golden.x32.filter((c) => FNS.has(c.fn))) it(name(c), () => check(c, false));
});

describe('jax.random against JAX (x64)', () => {
  beforeAll(() => jp.config.update('enableX64', true));
  afterAll(() => jp.config.update('enableX64', false));
  for (const c of golden.x64.filter((c) => FNS.has(c.fn))) it(name(c), () => check(c, true));
});
