// The goldens of test/golden/make_random.py: JAX's draws from PRNGKey(seed), and how to call
// the same jaxpool function and compare (bits and integers exactly, floats to a few ulp).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { loadGolden } from '../numpy/golden.js';

const { numpy: jnp, random } = jp;

/** An array as make_random.py encodes it. */
export interface Enc {
  a: (number | string | boolean)[];
  shape: number[];
  dtype: string;
}
/** One golden call. */
export interface Case {
  fn: string;
  seed: number;
  args: unknown[];
  kwargs: Record<string, unknown>;
  out?: Enc;
  error?: string;
}

export const golden = loadGolden<{ x32: Case[]; x64: Case[] }>('random.json');

const num = (v: number | string | boolean): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : Number(v));
const isEnc = (v: unknown): v is Enc => typeof v === 'object' && v !== null && 'a' in v && 'shape' in v;
/** A golden argument as jaxpool takes it. */
export const decodeArg = (v: unknown): unknown => (isEnc(v) ? jnp.array(v.a.map(num), v.dtype as jp.DTypeLike).reshape(v.shape) : v);

/** Call the case's function on PRNGKey(seed) (`typed`: on random.key(seed)); keys come back as their data. */
export function callCase(c: Case, typed: boolean, wrap?: (f: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown): jp.Array {
  if (c.fn === 'PRNGKey') return typed ? random.keyData(random.key(c.seed)) : random.PRNGKey(c.seed);
  const f = (random as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  if (!f) throw new Error(`no random.${c.fn}`);
  const args = c.args.map(decodeArg);
  const kw = Object.keys(c.kwargs).length ? [Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v)]))] : [];
  const key = typed ? random.key(c.seed) : random.PRNGKey(c.seed);
  const g = wrap ? wrap(f) : f;
  const out = g(key, ...args, ...kw);
  return out instanceof random.PRNGKeyArray ? out.data : (out as jp.Array);
}

/** Distance in units in the last place between two floats of a dtype (0 for equal, incl. both NaN). */
export function ulps(a: number, b: number, dtype: string): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const ord = (x: number): number => {
    if (dtype === 'float64') {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      const i = v.getBigInt64(0);
      return Number(i < 0n ? -(i & 0x7fffffffffffffffn) : i);
    }
    const v = new DataView(new ArrayBuffer(4));
    if (dtype === 'float16') return Math.round(x * 2 ** 24); // fine enough: f16 values are multiples of 2^-24
    v.setFloat32(0, x);
    const i = v.getInt32(0);
    return i < 0 ? -(i & 0x7fffffff) : i;
  };
  return Math.abs(ord(a) - ord(b));
}

/** The golden's dtype as jaxpool has it: JAX's int64 (x64's default int) is int32 here. */
export const ourDtype = (d: string): string => (d === 'int64' ? 'int32' : d);

/** `got` equals the golden: same shape and dtype, integers exactly, floats within `maxUlps`; returns the largest ulp distance. */
export function expectGolden(got: jp.Array, want: Enc, what: string, maxUlps = 0): number {
  expect([got.shape, got.dtype.name], what).toEqual([want.shape, ourDtype(want.dtype)]);
  const g = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const w = want.a.map(num);
  if (!want.dtype.startsWith('float')) {
    expect(g, what).toEqual(w);
    return 0;
  }
  let worst = 0;
  g.forEach((v, i) => {
    const d = ulps(v, w[i]!, want.dtype);
    worst = Math.max(worst, d);
    if (d > maxUlps) expect(v, `${what}[${i}] (${d} ulp)`).toBe(w[i]);
  });
  return worst;
}

const caseName = (c: Case) =>
  `${c.fn}(PRNGKey(${c.seed}), ${JSON.stringify(c.args).slice(0, 80)}${Object.keys(c.kwargs).length ? ', ' + JSON.stringify(c.kwargs).slice(0, 80) : ''})`;
const jitted = (f: (...a: unknown[]) => unknown) => (key: unknown, ...rest: unknown[]) => jp.jit((k: unknown) => f(k, ...rest) as jp.Array)(key as jp.Array);

/** Tolerance of a case: `ulps[fn]` as a number, or per dtype. */
export type Tolerance = Record<string, number | Partial<Record<'float16' | 'float32' | 'float64', number>>>;

function checkCase(c: Case, x64: boolean, tol: Tolerance): void {
  // Under x64 JAX's default uint is uint64: bits without a dtype raises here (int64 results come as int32).
  if (x64 && c.out && c.out.dtype === 'uint64' && c.fn === 'bits') {
    expect(() => callCase(c, false), caseName(c)).toThrow(jp.DtypeError);
    return;
  }
  if (c.error !== undefined) {
    expect(() => callCase(c, false), `JAX raises ${c.error}`).toThrow(jp.JaxpoolError);
    return;
  }
  const t = tol[c.fn] ?? 0;
  const u = typeof t === 'number' ? t : (t[c.out!.dtype as 'float32'] ?? 0);
  expectGolden(callCase(c, false), c.out!, `${caseName(c)} raw`, u);
  expectGolden(callCase(c, true), c.out!, `${caseName(c)} typed`, u);
  if (c.fn !== 'PRNGKey') expectGolden(callCase(c, false, jitted), c.out!, `${caseName(c)} jit`, u);
}

/** One `it` per golden case of the functions `fns`, in x32 and in x64 mode (raw keys, typed keys, jit). */
export function goldenSuite(title: string, fns: readonly string[], tol: Tolerance = {}): void {
  const want = new Set(fns);
  describe(`${title} against JAX (x32)`, () => {
    for (const c of golden.x32.filter((c) => want.has(c.fn))) it(caseName(c), () => checkCase(c, false, tol));
  });
  describe(`${title} against JAX (x64)`, () => {
    beforeAll(() => jp.config.update('enableX64', true));
    afterAll(() => jp.config.update('enableX64', false));
    for (const c of golden.x64.filter((c) => want.has(c.fn))) it(caseName(c), () => checkCase(c, true, tol));
  });
}
