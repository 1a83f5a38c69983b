// Shared by the jax.nn and jax.scipy golden tests: reading test/golden/special.json (written by
// test/golden/make_special.py from JAX 0.10.2) and comparing jaxpool's results with JAX's.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

type Val = number | boolean | string;
export interface Enc {
  a: Val[];
  shape: number[];
  dtype: string;
}
export interface Out extends Enc {
  weak: boolean;
}
export interface Case {
  ns: 'nn' | 'scipy.special' | 'scipy.stats.norm' | 'lax' | 'grad';
  of?: Case['ns'];
  fn: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  argnum?: number;
  x64: boolean;
  out?: Out | Out[];
  error?: string;
}
export const golden = JSON.parse(readFileSync(new URL('../golden/special.json', import.meta.url), 'utf8')) as { cases: Case[] };

const num = (v: Val): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
export const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const isEnc = (v: unknown): v is Enc => typeof v === 'object' && v !== null && 'a' in v && 'dtype' in v;

export function decode(v: unknown): unknown {
  if (isEnc(v)) return jnp.array(v.dtype === 'bool' ? v.a.map(Boolean) : v.a.map(num), v.dtype as jp.DTypeName).reshape(v.shape);
  if (Array.isArray(v)) return v.map(decode);
  return v;
}
export function options(kw: Record<string, unknown>): Record<string, unknown>[] {
  const keys = Object.keys(kw);
  return keys.length ? [Object.fromEntries(keys.map((k) => [camel(k), decode(kw[k])]))] : [];
}
type Fn = (...a: unknown[]) => unknown;
export function fnOf(ns: string, fn: string): Fn {
  const space = ns === 'nn' ? jp.nn : ns === 'lax' ? jp.lax : ns === 'scipy.special' ? jp.scipy.special : jp.scipy.stats.norm;
  const f = (space as unknown as Record<string, Fn>)[camel(fn)];
  if (!f) throw new Error(`jaxpool has no ${ns}.${camel(fn)}`);
  return f;
}

/**
 * Tolerances. float64: 1e-12 relative (XLA's and JAX's own algorithms, evaluated op for op, agree
 * with JAX to a few ulps; the slack covers libm's exp/log/pow/sin differing by an ulp, amplified by
 * the condition number of a few steps such as lgamma's reflection) plus 1e-14 absolute for results
 * that cancel to about 0 (lgamma(1), digamma's root). float32: 4e-6 relative plus 2e-6 absolute
 * (a few float32 ulps, for the same reasons), and results below float32's normal range count as 0
 * (XLA's CPU code flushes denormals, JS keeps them).
 */
export function tolerance(dtype: string): [number, number] {
  return dtype === 'float64' ? [1e-12, 1e-14] : [4e-6, 2e-6];
}

export function expectClose(got: unknown, want: Out | Out[], what: string, scale = 1): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), what).toBe(true);
    want.forEach((w, k) => expectClose((got as unknown[])[k], w, `${what}[${k}]`, scale));
    return;
  }
  const g = got as jp.Array;
  expect(g, what).toBeInstanceOf(jp.Array);
  expect([g.shape, g.dtype.name, g.weakType], what).toEqual([want.shape, want.dtype, want.weak]);
  const vals = Array.from(g.dataSync() as ArrayLike<number>, Number);
  const ref = want.a.map((v) => (typeof v === 'boolean' ? Number(v) : num(v)));
  if (!want.dtype.startsWith('float')) {
    expect(vals, what).toEqual(ref);
    return;
  }
  const [rel, abs] = tolerance(want.dtype);
  const tiny = want.dtype === 'float64' ? 0 : 1.1754943508222875e-38;
  vals.forEach((v, k) => {
    const r = ref[k]!;
    const vv = Math.abs(v) < tiny ? 0 : v;
    if (Number.isNaN(r) || !Number.isFinite(r)) expect(vv, `${what} [${k}]`).toBe(r);
    else expect(Math.abs(vv - r), `${what} [${k}]: ${v} vs JAX ${r}`).toBeLessThanOrEqual(scale * (abs + rel * Math.abs(r)));
  });
}

export const describeCase = (c: Case) =>
  `${c.ns === 'grad' ? `grad ${c.of}` : c.ns}.${camel(c.fn)}(${[
    ...c.args.map((a) => (isEnc(a) ? `${a.dtype}[${a.shape}]` : JSON.stringify(a))),
    ...Object.keys(c.kwargs).map((k) => `${k}=${JSON.stringify(isEnc(c.kwargs[k]) ? 'array' : c.kwargs[k])}`),
  ].join(', ')})${c.x64 ? ' x64' : ''}`;

/** Run `body` with jax_enable_x64 as the case asks. */
export function withX64<T>(x64: boolean, body: () => T): T {
  jp.config.update('enableX64', x64);
  try {
    return body();
  } finally {
    jp.config.update('enableX64', false);
  }
}

/** The case's call, eagerly. */
export function callCase(c: Case): unknown {
  return fnOf(c.ns, c.fn)(...c.args.map(decode), ...options(c.kwargs));
}

/** The case's call under jit, its array arguments (and array options) passed as jit's arguments. */
export function callJitted(c: Case): unknown {
  const args = c.args.map(decode);
  const dyn = args.map((a) => a instanceof jp.Array);
  const f = fnOf(c.ns, c.fn);
  const jitted = jp.jit((...xs: jp.Array[]) => {
    let k = 0;
    return f(...args.map((a, n) => (dyn[n] ? xs[k++] : a)), ...options(c.kwargs)) as jp.Array;
  });
  return jitted(...(args.filter((_, n) => dyn[n]) as jp.Array[]));
}

/** The gradient case: d/d(args[argnum]) of sum(f(...)). */
export function callGrad(c: Case, jit = false): unknown {
  const args = c.args.map(decode);
  const f = fnOf(c.of!, c.fn);
  const n = c.argnum ?? 0;
  const loss = (v: jp.Array) => jnp.sum(f(...args.map((a, i) => (i === n ? v : a)), ...options(c.kwargs)) as jp.Array);
  const g = jit ? jp.jit(jp.grad(loss)) : jp.grad(loss);
  return g(args[n] as jp.Array);
}

/** Run each check, collecting the failures' messages (so one run reports every mismatch). */
export function collect<T>(items: readonly T[], check: (item: T) => void): string[] {
  const failures: string[] = [];
  for (const it of items) {
    try {
      check(it);
    } catch (e) {
      failures.push(String((e as Error).message).split('\n')[0]!.slice(0, 400));
    }
  }
  return failures;
}

/**
 * How much looser than its dtype's tolerance a case is compared: dot_product_attention computes its
 * softmax in float32 whatever the inputs' dtype (JAX's `padded_logits.astype(np.float32)`), so its
 * float64 results carry float32 rounding; comb is exp of a difference of lgammas (about 125 for
 * C(44, 15)), so in float32 each lgamma's last-bit rounding is amplified about 125 times.
 */
export const scaleFor = (c: Case): number => (c.fn === 'dot_product_attention' && c.x64 ? 4e6 : c.fn === 'comb' && !c.x64 ? 10 : 1);

/** The golden checks every namespace runs (call inside a describe): eager values and errors, jit, and gradients eager and jitted. */
export function checkAgainstJax(values: readonly Case[], grads: readonly Case[]): void {
  it('eagerly: values, dtypes and weak types; errors where JAX raises', () => {
    const failures = collect(values, (c) =>
      withX64(c.x64, () => {
        const what = describeCase(c);
        if (c.error) expect(() => callCase(c), `${what} should raise (JAX: ${c.error})`).toThrow();
        else expectClose(callCase(c), c.out!, what, scaleFor(c));
      }),
    );
    expect(failures).toEqual([]);
  });
  it('under jit', () => {
    const failures = collect(values.filter((x) => !x.error), (c) => withX64(c.x64, () => expectClose(callJitted(c), c.out!, `jit ${describeCase(c)}`, scaleFor(c))));
    expect(failures).toEqual([]);
  });
  it("gradients equal JAX's, eagerly and under jit", () => {
    const failures = collect(grads, (c) =>
      withX64(c.x64, () => {
        expectClose(callGrad(c), c.out as never, describeCase(c), scaleFor(c));
        expectClose(callGrad(c, true), c.out as never, `jit ${describeCase(c)}`, scaleFor(c));
      }),
    );
    expect(failures).toEqual([]);
  });
}
