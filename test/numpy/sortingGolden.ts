// Reading test/golden/sorting.json (made by test/golden/make_sorting.py with JAX 0.10.2): cases
// of jnp's and lax's sorting, order-statistic and set functions, and their comparison.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

type Value = number | boolean | 'nan' | 'inf' | '-inf' | '-0';
/** An encoded array. */
export interface Enc {
  a: Value[];
  shape: number[];
  dtype: string;
}
type Arg = Enc | { list: Arg[] } | number | boolean | null | string | number[];
/** One golden call. */
export interface Case {
  fn: string;
  ns: 'numpy' | 'lax';
  args: Arg[];
  kwargs: Record<string, unknown>;
  out?: Enc | Enc[];
  error?: string;
}

export const cases = (JSON.parse(readFileSync(new URL('../golden/sorting.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases;

const num = (v: Value): number | boolean => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0' ? -0 : v);

const isEnc = (a: unknown): a is Enc => typeof a === 'object' && a !== null && 'a' in a && 'dtype' in a;

/** The jaxpool value of an encoded argument. */
export function decode(a: Arg): unknown {
  if (isEnc(a)) return jnp.array(a.a.map(num) as number[], a.dtype as jp.DTypeName).reshape(a.shape);
  if (typeof a === 'object' && a !== null && 'list' in a) return a.list.map(decode);
  return a;
}

/** The function a case calls. */
export function fnOf(c: Case): (...args: unknown[]) => unknown {
  const ns = (c.ns === 'lax' ? jp.lax : jnp) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const f = ns[c.fn];
  if (typeof f !== 'function') throw new Error(`${c.ns}.${c.fn} is missing`);
  return f;
}

/** `got` equals the encoded array: dtype, shape, and values (float32 to a few ulps, NaN and the sign of zero exactly). */
export function expectEnc(got: unknown, want: Enc, what: string): void {
  expect(got, what).toBeInstanceOf(jp.Array);
  const g = got as jp.Array;
  expect([g.dtype.name, g.shape], what).toEqual([want.dtype, want.shape]);
  const vals = Array.from(g.dataSync() as ArrayLike<number>, Number);
  want.a.forEach((w, i) => {
    const e = Number(num(w));
    const v = vals[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e) || e === 0) expect(Object.is(v, e) || (e === 0 && v === 0 && g.dtype.kind !== 'f'), `${what}[${i}]: ${v} vs ${w}`).toBe(true);
    else if (g.dtype.kind === 'f') expect(Math.abs(v - e), `${what}[${i}]: ${v} vs ${w}`).toBeLessThanOrEqual(2e-6 * Math.abs(e));
    else expect(v, `${what}[${i}]`).toBe(e);
  });
}

/** The result of a case equals its golden. */
export function expectGolden(got: unknown, c: Case, what: string): void {
  const out = c.out!;
  if (Array.isArray(out)) {
    expect(Array.isArray(got), `${what}: a tuple`).toBe(true);
    expect((got as unknown[]).length, what).toBe(out.length);
    out.forEach((o, k) => expectEnc((got as unknown[])[k], o, `${what}[${k}]`));
  } else expectEnc(got, out, what);
}

/** A short name for a case. */
export function caseName(c: Case, i: number): string {
  const args = c.args.map((a) => (isEnc(a) ? `${a.dtype}[${a.shape}]` : JSON.stringify(a))).join(', ');
  const kw = Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : '';
  return `#${i} ${c.ns === 'lax' ? 'lax.' : ''}${c.fn}(${args}${kw})`;
}
