// Helpers for golden files written by test/golden/make_*.py: encoded arrays in, compared out.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

/** An array as the golden scripts encode it. */
export interface Enc {
  shape: number[];
  dtype: string;
  /** Values; non-finite floats as the strings 'nan', 'inf', '-inf'. */
  data: (number | string)[];
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
/** A golden value as a number ('inf' and '-inf' spelled out). */
const num = (v: number | string): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

export const decode = (e: Enc): jp.Array => jnp.array(e.data.map(num), e.dtype as jp.DTypeLike).reshape(e.shape);

/** `got` has `want`'s shape and dtype, and its values within a relative tolerance fitting the dtype (exact for ints). */
export function expectClose(got: jp.Array, want: Enc, what: string, tol?: number): void {
  expect([got.shape, got.dtype.name], what).toEqual([want.shape, want.dtype]);
  const g = Array.from(got.dataSync() as ArrayLike<number>, Number);
  if (want.dtype.startsWith('int') || want.dtype === 'bool') {
    expect(g, what).toEqual(want.data.map(Number));
    return;
  }
  const t = tol ?? (want.dtype === 'float64' ? 1e-12 : 2e-5);
  const data = want.data.map(num);
  const scale = Math.max(1, ...data.filter(Number.isFinite).map(Math.abs));
  g.forEach((v, i) => {
    const w = data[i]!;
    if (Number.isNaN(w)) expect(v, `${what}[${i}]`).toBeNaN();
    else if (!Number.isFinite(w)) expect(v, `${what}[${i}]`).toBe(w);
    else expect(Math.abs(v - w), `${what}[${i}]: ${v} vs ${w}`).toBeLessThanOrEqual(t * scale);
  });
}
