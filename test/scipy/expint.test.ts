// Exponential integrals against SciPy's (test/golden/make_expint.py; JAX and SciPy both use Cephes'
// algorithms), float64, eager and under jit, vmap against a loop, and the derivatives: JAX's rules
// dE_n/dx = -E_(n-1) and dEi/dx = exp(x)/x against five-point finite differences.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const sp = jp.scipy.special;
type V = number | string;
const num = (v: V) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));
const golden = JSON.parse(readFileSync(new URL('../golden/expint.json', import.meta.url), 'utf8')) as Record<string, V[][]>;
const vals = (a: jp.Array) => Array.from(a.dataSync() as Float64Array);

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

/** 1e-12 relative (Cephes' own accuracy is about 1e-15; the slack covers libm's last bits). */
function close(got: number[], want: number[], what: string) {
  got.forEach((g, i) => {
    const w = want[i]!;
    if (!Number.isFinite(w)) expect(g, `${what}[${i}]`).toBe(w);
    else expect(Math.abs(g - w), `${what}[${i}]: ${g} vs SciPy ${w}`).toBeLessThanOrEqual(1e-12 * Math.abs(w) + 1e-300);
  });
}

describe('against SciPy (float64)', () => {
  it('expn', () => {
    const rows = golden.expn!;
    const n = jnp.array(rows.map((r) => num(r[0]!)), 'int32');
    const x = jnp.array(rows.map((r) => num(r[1]!)), 'float64');
    const want = rows.map((r) => num(r[2]!));
    close(vals(sp.expn(n, x)), want, 'expn');
    close(vals(jp.jit(sp.expn)(n, x)), want, 'jit expn');
  });
  it('exp1 and expi', () => {
    for (const fn of ['exp1', 'expi'] as const) {
      const rows = golden[fn]!;
      const x = jnp.array(rows.map((r) => num(r[0]!)), 'float64');
      const want = rows.map((r) => num(r[1]!));
      close(vals(sp[fn](x)), want, fn);
      close(vals(jp.jit(sp[fn])(x)), want, `jit ${fn}`);
    }
  });
  it('dtype rules: int32 in, float32 out; float32 stays float32', () => {
    expect(sp.exp1(jnp.array([1, 2], 'int32')).dtype.name).toBe('float32');
    expect(sp.expi(jnp.array([1.5], 'float32')).dtype.name).toBe('float32');
  });
  it('vmap equals a loop', () => {
    const xs = [[0.3, 2.5, 9], [1.5, 0.01, 40]];
    const f = (r: jp.Array) => sp.expn(jnp.array([1, 2, 3], 'int32'), r);
    const batched = vals(jp.vmap(f)(jnp.array(xs, 'float64')));
    expect(batched).toEqual(xs.flatMap((r) => vals(f(jnp.array(r, 'float64')))));
  });
});

describe('derivatives against five-point finite differences', () => {
  const fns: [string, (x: jp.Array) => jp.Array, number[]][] = [
    ['expn(2, x)', (x) => sp.expn(jnp.full(x.shape, 2, 'int32'), x), [0.3, 1.5, 6]],
    ['exp1', (x) => sp.exp1(x), [0.2, 1.2, 8]],
    ['expi', (x) => sp.expi(x), [-4, -0.3, 0.7, 3, 20]],
  ];
  for (const [name, f, pts] of fns)
    it(name, () => {
      const g = vals(jp.grad((v: jp.Array) => jnp.sum(f(v)))(jnp.array(pts, 'float64')));
      const h = 1e-4;
      pts.forEach((p, i) => {
        const at = (d: number) => vals(f(jnp.array(pts.map((q, j) => (j === i ? p + d : q)), 'float64')))[i]!;
        const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
        expect(Math.abs(g[i]! - fd), `${name} at ${p}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      });
    });
  it('no derivative in n', () => {
    expect(() => jp.grad((n: jp.Array) => jnp.sum(sp.expn(n, 1.5)))(jnp.array([2.5], 'float64'))).toThrow(jp.TransformError);
  });
});
