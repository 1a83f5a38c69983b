// Helpers for golden files written by test/golden/make_*.py: encoded arrays in, compared out.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

/** An array as the golden scripts encode it. */
export interface Enc {
  shape: number[];
  dtype: string;
  data: number[];
}

/** One golden call: a jnp function, its array arguments, options and JAX's result. */
export interface GoldenCase {
  fn: string;
  subscripts?: string;
  args: Enc[];
  kwargs: Record<string, unknown>;
  out: Enc;
}

/** The golden file `name` (in test/golden). */
export function loadGolden<T = { cases: GoldenCase[] }>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8')) as T;
}

/** The jaxpool array of an encoded one. */
export const decode = (e: Enc): jp.Array => jnp.array(e.data, e.dtype as jp.DTypeLike).reshape(e.shape);

/** `got` has `want`'s shape and dtype, and its values within a relative tolerance fitting the dtype (exact for ints). */
export function expectClose(got: jp.Array, want: Enc, what: string, tol?: number): void {
  expect([got.shape, got.dtype.name], what).toEqual([want.shape, want.dtype]);
  const g = Array.from(got.dataSync() as ArrayLike<number>, Number);
  if (want.dtype.startsWith('int') || want.dtype === 'bool') {
    expect(g, what).toEqual(want.data.map(Number));
    return;
  }
  const t = tol ?? (want.dtype === 'float64' ? 1e-12 : 2e-5);
  const scale = Math.max(1, ...want.data.map(Math.abs));
  g.forEach((v, i) => {
    const w = want.data[i]!;
    if (Number.isNaN(w)) expect(v, `${what}[${i}]`).toBeNaN();
    else expect(Math.abs(v - w), `${what}[${i}]: ${v} vs ${w}`).toBeLessThanOrEqual(t * scale);
  });
}
