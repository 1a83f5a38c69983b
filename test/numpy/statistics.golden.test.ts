// Statistics, NaN reductions, cumulative functions and lax's scans against JAX's own results
// (test/golden/make_statistics.py): values, shapes, dtypes and weak types, eagerly and under jit,
// and JAX's gradients; where JAX raises, jaxpool raises too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;

type Val = number | boolean | string;
interface Enc {
  a: Val[];
  shape: number[];
  dtype: string;
}
interface Out extends Enc {
  weak: boolean;
}
interface Case {
  ns: 'numpy' | 'lax' | 'grad';
  fn: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  out?: Out | Out[];
  error?: string;
}
const golden = JSON.parse(readFileSync(new URL('../golden/statistics.json', import.meta.url), 'utf8')) as { cases: Case[] };

const HAS_UINT32 = (() => {
  try {
    return String(jnp.zeros([1], 'uint32' as jp.DTypeName).dtype) === 'uint32';
  } catch {
    return false;
  }
})();
const num = (v: Val): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const isEnc = (v: unknown): v is Enc => typeof v === 'object' && v !== null && 'a' in v && 'dtype' in v;

function decode(v: unknown): unknown {
  if (isEnc(v)) return jnp.array(v.dtype === 'bool' ? v.a.map(Boolean) : v.a.map(num), v.dtype as jp.DTypeName).reshape(v.shape);
  if (Array.isArray(v)) return v.map(decode);
  return v;
}
function options(kw: Record<string, unknown>): Record<string, unknown>[] {
  const keys = Object.keys(kw);
  return keys.length ? [Object.fromEntries(keys.map((k) => [camel(k), decode(kw[k])]))] : [];
}
function fnOf(c: Case): (...a: unknown[]) => unknown {
  const ns = (c.ns === 'lax' ? lax : jnp) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const f = ns[camel(c.fn)];
  if (!f) throw new Error(`jaxpool has no ${c.ns}.${camel(c.fn)}`);
  return f;
}

function expectClose(got: unknown, want: Out | Out[], what: string): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), what).toBe(true);
    want.forEach((w, k) => expectClose((got as unknown[])[k], w, `${what}[${k}]`));
    return;
  }
  const g = got as jp.Array;
  expect(g, what).toBeInstanceOf(jp.Array);
  // JAX widens uint8 sums to uint32; until jaxpool has uint32 they are int32, as jnp.sum's (same values below 2^31).
  const dtype = want.dtype === 'uint32' && !HAS_UINT32 ? 'int32' : want.dtype;
  expect([g.shape, g.dtype.name, g.weakType], what).toEqual([want.shape, dtype, want.weak]);
  const vals = Array.from(g.dataSync() as ArrayLike<number>, Number);
  const ref = want.a.map((v) => (typeof v === 'boolean' ? Number(v) : num(v)));
  if (want.dtype.startsWith('float')) {
    vals.forEach((v, k) => {
      const r = ref[k]!;
      if (Number.isNaN(r) || !Number.isFinite(r)) expect(v, `${what} [${k}]`).toBe(r);
      else expect(Math.abs(v - r), `${what} [${k}]: ${v} vs JAX ${r}`).toBeLessThanOrEqual(2e-6 + 2e-5 * Math.abs(r));
    });
  } else expect(vals, what).toEqual(ref);
}

const describeCase = (c: Case) =>
  `${c.ns}.${camel(c.fn)}(${[...c.args.map((a) => (isEnc(a) ? `${a.dtype}[${a.shape}]` : JSON.stringify(a))), ...Object.keys(c.kwargs).map((k) => `${k}=${JSON.stringify(isEnc(c.kwargs[k]) ? 'array' : c.kwargs[k])}`)].join(', ')})`;

const valueCases = golden.cases.filter((c) => c.ns !== 'grad');

describe('against JAX', () => {
  it('the golden file covers every function of the family', () => {
    const names = new Set(valueCases.map((c) => `${c.ns}.${camel(c.fn)}`));
    for (const n of ['cumsum', 'cumprod', 'nancumsum', 'nancumprod', 'cumulativeSum', 'cumulativeProd', 'diff', 'ediff1d', 'var', 'std', 'average', 'ptp', 'countNonzero', 'trapezoid', 'cov', 'corrcoef', 'isclose', 'allclose', 'arrayEqual', 'arrayEquiv', 'nansum', 'nanprod', 'nanmean', 'nanvar', 'nanstd', 'nanmax', 'nanmin', 'nanargmax', 'nanargmin'])
      expect(names.has(`numpy.${n}`), n).toBe(true);
    for (const n of ['cumsum', 'cumprod', 'cummax', 'cummin', 'cumlogsumexp']) expect(names.has(`lax.${n}`), n).toBe(true);
    expect(valueCases.length).toBeGreaterThan(400);
  });

  it('eagerly: values, shapes, dtypes and weak types; errors where JAX raises', () => {
    for (const c of valueCases) {
      const what = describeCase(c);
      const call = () => fnOf(c)(...c.args.map(decode), ...options(c.kwargs));
      if (c.error) expect(call, `${what} should raise (JAX: ${c.error})`).toThrow();
      else expectClose(call(), c.out!, what);
    }
  });

  it('under jit, with the arrays as arguments', () => {
    for (const c of valueCases.filter((x) => !x.error)) {
      const args = c.args.map(decode);
      const dyn = args.map((a) => a instanceof jp.Array);
      const f = fnOf(c);
      const jitted = jp.jit((...xs: jp.Array[]) => {
        let k = 0;
        return f(...args.map((a, n) => (dyn[n] ? xs[k++] : a)), ...options(c.kwargs)) as jp.Array;
      });
      const got = jitted(...(args.filter((_, n) => dyn[n]) as jp.Array[]));
      // jit's arguments are committed arrays: a weak scalar argument stays weak, as in JAX.
      expectClose(got, c.out!, `jit ${describeCase(c)}`);
    }
  });
});

const W = jnp.array([1.0, -2.0, 0.5, 3.0, 1.5], 'float32');
const GRADS: Record<string, (x: jp.Array) => jp.Array> = {
  cumsum: (x) => lax.cumsum(x).mul(W).sum(),
  cumsum_reverse: (x) => lax.cumsum(x, { reverse: true }).mul(W).sum(),
  cumprod: (x) => lax.cumprod(x).mul(W).sum(),
  cumprod_zero: (x) => lax.cumprod(x).mul(W).sum(),
  cumprod_zeros: (x) => lax.cumprod(x, 0, true).mul(W).sum(),
  cummax: (x) => lax.cummax(x).mul(W).sum(),
  cummax_ties: (x) => lax.cummax(x).mul(W).sum(),
  cummin_reverse: (x) => lax.cummin(x, { reverse: true }).mul(W).sum(),
  cumlogsumexp: (x) => lax.cumlogsumexp(x).mul(W).sum(),
  cumlogsumexp_neginf: (x) => lax.cumlogsumexp(x).mul(W).sum(),
  var: (x) => jnp.var(x),
  std_ddof: (x) => jnp.std(x, { ddof: 1 }),
  nanvar: (x) => jnp.nanvar(x),
  nanmean: (x) => jnp.nanmean(x),
  nanmax: (x) => jnp.nanmax(x),
  cumsum_jnp: (x) => jnp.cumsum(x).pow(2).sum(),
  trapezoid: (x) => jnp.trapezoid(x.pow(2), { dx: 0.5 }),
  average: (x) => jnp.average(x, { weights: W }),
};

describe("gradients against JAX's", () => {
  for (const c of golden.cases.filter((x) => x.ns === 'grad'))
    it(c.fn, () => {
      const f = GRADS[c.fn];
      expect(f, `no JS function for ${c.fn}`).toBeDefined();
      const x = decode(c.args[0]) as jp.Array;
      expectClose(jp.grad(f!)(x), c.out as Out, `grad ${c.fn}`);
      expectClose(jp.jit(jp.grad(f!))(x), c.out as Out, `jit(grad) ${c.fn}`);
    });
});
