// jnp.linalg and lax.linalg against JAX 0.10.2 (test/golden/make_linalg.py: values and gradients,
// float32 and float64), eagerly and under jit; singular and non-positive-definite input as JAX.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Enc, decode, expectClose, loadGolden } from '../numpy/golden.js';

const { numpy: jnp, lax, jit, grad, config } = jp;
const L = jnp.linalg;
interface Case {
  name: string;
  dtype: string;
  args: Enc[];
  outs: Enc[];
  grad?: Enc;
}
const cases = loadGolden<{ cases: Case[] }>('linalg.json').cases;
type F = (...a: jp.Array[]) => jp.Array | jp.Array[];
const sumSq = (x: jp.Array) => jnp.sum(x.mul(x));
const ords: Record<string, number | string> = { '1': 1, '2': 2, '3': 3, '0.5': 0.5, inf: Infinity, '-inf': -Infinity, '0': 0, None: 2, fro: 'fro', '-1': -1 };

const CALLS: Record<string, { f: F; g?: (...a: jp.Array[]) => jp.Array }> = {
  solve: { f: (a, b) => L.solve(a, b), g: (a, b) => jnp.sum(jnp.sin(L.solve(a, b))) },
  solve_matrix: { f: (a, b) => L.solve(a, b), g: (a, b) => sumSq(L.solve(a, b)) },
  solve_batched: { f: (a, b) => L.solve(a, b) },
  inv: { f: (a) => L.inv(a), g: (a) => jnp.sum(jnp.cos(L.inv(a))) },
  inv_batched: { f: (a) => L.inv(a) },
  det: { f: (a) => L.det(a), g: (a) => L.det(a) },
  det_batched: { f: (a) => L.det(a) },
  det_singular: { f: (a) => L.det(a) },
  slogdet: { f: (a) => L.slogdet(a), g: (a) => L.slogdet(a)[1] },
  slogdet_singular: { f: (a) => L.slogdet(a) },
  slogdet_batched: { f: (a) => L.slogdet(a) },
  cholesky: { f: (a) => L.cholesky(a), g: (a) => jnp.sum(jnp.sin(L.cholesky(a))) },
  cholesky_batched: { f: (a) => L.cholesky(a) },
  cholesky_upper: { f: (a) => L.cholesky(a, { upper: true }) },
  cholesky_not_pd: { f: (a) => L.cholesky(a) },
  lax_cholesky: { f: (a) => lax.linalg.cholesky(a) },
  triangular_left_lower: {
    f: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: true, lower: true }),
    g: (a, b) => jnp.sum(jnp.sin(lax.linalg.triangularSolve(a, b, { leftSide: true, lower: true }))),
  },
  triangular_right_upper_t: {
    f: (a, b) => lax.linalg.triangularSolve(a, b, { transposeA: true }),
    g: (a, b) => sumSq(lax.linalg.triangularSolve(a, b, { transposeA: true })),
  },
  triangular_unit: { f: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: true, lower: true, unitDiagonal: true }) },
  lu: { f: (a) => lax.linalg.lu(a) },
  lu_rect: { f: (a) => lax.linalg.lu(a) },
  lu_tall: { f: (a) => lax.linalg.lu(a) },
  lu_grad: { f: (a) => lax.linalg.lu(a)[0], g: (a) => jnp.sum(jnp.sin(lax.linalg.lu(a)[0])) },
  trace: { f: (a) => L.trace(a, { offset: 1 }) },
  diagonal: { f: (a) => L.diagonal(a, { offset: -1 }) },
  norm_default: { f: (a) => L.norm(a), g: (a) => L.norm(a) },
  norm_axis: { f: (a) => L.norm(a, 1, 0, true) },
  norm_matrix_inf: { f: (a) => L.norm(a, Infinity) },
};
for (const k of ['None', '1', '2', '3', '0.5', 'inf', '-inf', '0']) CALLS[`vector_norm_${k}`] = { f: (a) => L.vectorNorm(a, { ord: ords[k], axis: 1 }) };
for (const k of ['fro', '1', '-1', 'inf', '-inf']) CALLS[`matrix_norm_${k}`] = { f: (a) => L.matrixNorm(a, { ord: ords[k] }) };

afterAll(() => config.update('enableX64', false));

describe.each(['float32', 'float64'])('jnp.linalg against JAX (%s)', (dtype) => {
  const tol = dtype === 'float32' ? 5e-4 : 1e-9;
  it.each(cases.filter((c) => c.dtype === dtype).map((c) => [c.name, c] as const))('%s', (name, c) => {
    config.update('enableX64', dtype === 'float64');
    const call = CALLS[name];
    expect(call, `no call for ${name}`).toBeDefined();
    const xs = c.args.map(decode);
    for (const [how, out] of [['eager', call!.f(...xs)], ['jit', jit(call!.f)(...xs)]] as const) {
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length, name).toBe(c.outs.length);
      outs.forEach((o, k) => expectClose(o, c.outs[k]!, `${how} ${name}[${k}]`, tol));
    }
    if (c.grad) expectClose(grad(call!.g!)(...(xs as [jp.Array])), c.grad, `grad ${name}`, dtype === 'float32' ? 2e-3 : 1e-8);
  });
});
