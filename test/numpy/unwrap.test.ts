// jnp.unwrap against JAX's own values (test/golden/make_unwrap.py), its grad against JAX's, jit
// and vmap against eager and a loop, and the identity it exists for: unwrapping a wrapped smooth
// phase gives the phase back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { loadGolden } from './golden.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);
interface Case { name: string; x: number[] | number[][]; dtype: string; kw: Record<string, number>; want: number[] | number[][]; wantDtype: string; shape: number[] }
const golden = loadGolden<{ cases: Case[]; grad: { x: number[]; want: number[] } }>('unwrap.json');

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

describe('unwrap', () => {
  for (const c of golden.cases)
    it(`matches JAX: ${c.name}`, () => {
      const x = jnp.array(c.x, c.dtype as jp.DTypeLike);
      const r = jnp.unwrap(x, c.kw);
      expect(r.dtype.name).toBe(c.wantDtype);
      expect(r.shape).toEqual(c.shape);
      const want = (c.want as number[]).flat();
      const tol = c.dtype === 'float32' ? 1e-5 : 1e-12;
      vals(r).forEach((v, k) => expect(Math.abs(v - want[k]!), `${c.name}[${k}]`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[k]!))));
      expect(vals(jp.jit((y: jp.Array) => jnp.unwrap(y, c.kw))(x))).toEqual(vals(r));
    });

  it("grad matches JAX's", () => {
    const g = jp.grad((p: jp.Array) => jnp.sum(jnp.unwrap(p).mul(jnp.unwrap(p))))(jnp.array(golden.grad.x, 'float64'));
    vals(g).forEach((v, k) => expect(v).toBeCloseTo(golden.grad.want[k]!, 10));
  });

  it('positional arguments, vmap against a loop, and the round trip of a wrapped smooth phase', () => {
    const t = jnp.linspace(0, 12, 50, { dtype: 'float64' });
    const phase = t.mul(t).mul(0.3);
    const wrapped = jnp.arctan2(jnp.sin(phase), jnp.cos(phase));
    vals(jnp.unwrap(wrapped)).forEach((v, k) => expect(v).toBeCloseTo(vals(phase)[k]!, 9));
    expect(vals(jnp.unwrap(wrapped, null, -1, 2 * Math.PI))).toEqual(vals(jnp.unwrap(wrapped)));
    const batch = jnp.stack([wrapped, wrapped.mul(0.5), wrapped.add(1)]);
    const loop = [0, 1, 2].flatMap((k) => vals(jnp.unwrap(batch.index(k))));
    expect(vals(jp.vmap((r: jp.Array) => jnp.unwrap(r))(batch))).toEqual(loop);
    expect(vals(jnp.unwrap(batch.T, { axis: 0 }).T)).toEqual(loop);
  });

  it('empty and bad input', () => {
    expect(jnp.unwrap(jnp.zeros([0])).shape).toEqual([0]);
    expect(vals(jnp.unwrap(jnp.array([true, false])))).toEqual([1, 0]); // as JAX: bools promote with the period
    expect(() => jnp.unwrap(jnp.zeros([3]), null, 1)).toThrow(jp.ShapeError);
    expect(() => jnp.unwrap(jnp.zeros([3]), { axsi: 0 } as never)).toThrow(TypeError);
  });
});
