// Float → int casts saturate to the integer range and NaN becomes 0, as JAX on CPU does (goldens
// from test/golden/make_casts.py): in compiled kernels on both backends, eagerly, and in
// castScalar; integer → integer casts wrap.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { castScalar, dtype, type DTypeName } from '../../src/core/dtypes.js';

const { numpy: jnp } = jp;
const golden = JSON.parse(readFileSync(new URL('../golden/casts.json', import.meta.url), 'utf8')) as {
  cases: { from: DTypeName; to: DTypeName; x: (number | string)[]; y: number[] }[];
};
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0.0': -0 };
const decode = (v: number | string) => (typeof v === 'number' ? v : SPECIAL[v]!);
const WASM_SIZE = 4096;

function withX64<T>(on: boolean, f: () => T): T {
  if (!on) return f();
  jp.config.update('enableX64', true);
  try {
    return f();
  } finally {
    jp.config.update('enableX64', false);
  }
}

describe('float → int casts equal JAX', () => {
  afterAll(() => jp.config.update('wasm', true));

  it.each(golden.cases.map((c) => [c.from, c.to, c] as const))('%s → %s', (from, to, c) => {
    const xs = c.x.map(decode);
    // XLA on CPU treats subnormal inputs as zero (DAZ), so bool(1e-40) is False there; JS
    // arithmetic keeps subnormals everywhere, and numpy (bool(1e-40) is True) agrees with it.
    const subnormal = (v: number) => v !== 0 && Math.abs(v) < (from === 'float32' ? 2 ** -126 : 2 ** -1022);
    const want = c.y.map((v, i) => (to === 'bool' ? v !== 0 || subnormal(xs[i]!) : v));
    withX64(from === 'float64', () => {
      const x = jnp.array(xs, { dtype: from });
      const cast = (a: jp.Array) => a.astype(to);
      // Compiled, as a small (JS) and a large (WebAssembly) program.
      expect(jp.jit(cast)(x).tolist()).toEqual(want);
      const big = jnp.array(Array.from({ length: WASM_SIZE }, (_, i) => xs[i % xs.length]!), { dtype: from });
      for (const wasm of [true, false]) {
        jp.config.update('wasm', wasm);
        const got = jp.jit(cast)(big).tolist() as unknown[];
        expect(got.slice(0, xs.length)).toEqual(want);
        expect(got.slice(xs.length * 3, xs.length * 4)).toEqual(want);
      }
      jp.config.update('wasm', true);
      // Eager, one element at a time and whole.
      expect(cast(x).tolist()).toEqual(want);
      xs.forEach((v, i) => expect(cast(jnp.array(v, { dtype: from })).item()).toEqual(want[i]));
      // castScalar from the source dtype, and from a JS number that is not integer-valued (a float).
      xs.forEach((v, i) => {
        const stored = castScalar(v, dtype(from));
        expect(castScalar(stored, dtype(to), dtype(from))).toBe(Number(want[i]));
        if (!Number.isInteger(stored)) expect(castScalar(stored, dtype(to))).toBe(Number(want[i]));
      });
    });
  });
});
