// The recursive (blocked) LU, triangular solves and Cholesky against the kernels they split
// their work with, at sizes that recurse, batched; and the jnp.linalg functions at the size where
// they take them (blocked.ts: BLOCKED_MIN): against the kernels, residuals, inverses,
// determinants, vmap against a loop, a jvp and a gradient against central differences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { BLOCKED_MIN, choleskyBlocked, luBlocked, triangularBlocked, useBlocked } from '../../src/lax/linalg/blocked.js';
import { choleskyRaw } from '../../src/lax/linalg/cholesky.js';
import { luRaw, permutationMatrix } from '../../src/lax/linalg/lu.js';
import { triangularSolveRaw } from '../../src/lax/linalg/triangularSolve.js';
import { mat, vals } from './helpers.js';

const { numpy: jnp, jit, jvp, grad, vmap, config } = jp;
afterAll(() => config.update('enableX64', false));

const maxDiff = (x: jp.Array, y: jp.Array) => Number(jnp.max(jnp.abs(x.sub(y))).item());

describe('recursive forms against the kernels (float64)', () => {
  it('LU: the same pivots and factors, batched', () => {
    config.update('enableX64', true);
    const a = jnp.stack([mat(150, 150, 1, 'float64'), mat(150, 150, 2, 'float64')]);
    const [lu, piv, perm] = jit(luBlocked)(a);
    const [lu0, piv0, perm0] = luRaw(a);
    expect(vals(piv)).toEqual(vals(piv0!));
    expect(vals(perm)).toEqual(vals(perm0!));
    expect(maxDiff(lu, lu0!)).toBeLessThan(1e-10);
  });

  it('LU of a tall matrix', () => {
    config.update('enableX64', true);
    const a = mat(200, 130, 3, 'float64');
    const [lu, piv, perm] = luBlocked(a);
    const [lu0, piv0, perm0] = luRaw(a);
    expect(vals(piv)).toEqual(vals(piv0!));
    expect(vals(perm)).toEqual(vals(perm0!));
    expect(maxDiff(lu, lu0!)).toBeLessThan(1e-10);
  });

  it('triangular solves, every side, triangle and transpose', () => {
    config.update('enableX64', true);
    const n = 140;
    // Well conditioned with or without its diagonal: small off-diagonal entries.
    const a = mat(n, n, 4, 'float64').mul(2 / n).add(jnp.eye(n, undefined, undefined, 'float64').mul(2));
    for (const leftSide of [true, false])
      for (const lower of [true, false])
        for (const transposeA of [true, false])
          for (const unitDiagonal of [true, false]) {
            const p = { leftSide, lower, transposeA, conjugateA: false, unitDiagonal };
            const b = leftSide ? mat(n, 70, 5, 'float64') : mat(70, n, 5, 'float64');
            expect(maxDiff(triangularBlocked(a, b, p), triangularSolveRaw(a, b, p)), JSON.stringify(p)).toBeLessThan(1e-10);
          }
  });

  it('Cholesky, and NaN in all the lower triangle when a late block is not positive definite', () => {
    config.update('enableX64', true);
    const n = 160;
    const m = mat(n, n, 6, 'float64');
    const spd = m.matmul(m.T).add(jnp.eye(n, undefined, undefined, 'float64'));
    expect(maxDiff(choleskyBlocked(spd), choleskyRaw(spd))).toBeLessThan(1e-10);
    const bad = spd.sub(jnp.diag(jnp.concatenate([jnp.zeros([n - 1], { dtype: 'float64' }), jnp.array([1e4], 'float64')])));
    const l = vals(choleskyBlocked(bad));
    l.forEach((v, k) => (k % n > Math.floor(k / n) ? expect(v).toBe(0) : expect(v).toBeNaN()));
  });
});

// Sizes from BLOCKED_MIN take the recursive forms; each result is checked against the kernels'
// (luRaw, triangularSolveRaw, choleskyRaw) and an identity.
describe(`jnp.linalg at n = BLOCKED_MIN (${BLOCKED_MIN}), by the recursive forms`, { timeout: 600_000 }, () => {
  const n = BLOCKED_MIN;
  // Float64 programs at this size take seconds each; a loaded machine may take minutes.
  const syncTimeout = config.values.syncTimeoutMs;
  beforeAll(() => config.update('syncTimeoutMs', 600_000));
  afterAll(() => config.update('syncTimeoutMs', syncTimeout));
  const eye = (dtype: string) => jnp.eye(n, undefined, undefined, dtype as jp.DTypeLike);
  // Entries in [-1, 1) have eigenvalues in a disc of radius ~0.58·√n: shifted by 2√n, a matrix's
  // condition number is below ~3.
  const shift = 2 * Math.sqrt(n);
  /** A well-conditioned matrix. */
  const wellConditioned = (seed: number, dtype: string) => mat(n, n, seed, dtype).add(eye(dtype).mul(shift));
  /** x = a⁻¹ b by the kernels: getrf, then the two triangular solves of the permuted b. */
  const kernelSolve = (a: jp.Array, b: jp.Array) => {
    const [lu, , perm] = luRaw(a) as jp.Array[];
    const pb = permutationMatrix(perm!, a.dtype).matmul(b);
    const y = triangularSolveRaw(lu!, pb, { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
    return triangularSolveRaw(lu!, y, { leftSide: true, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  };

  it('solve (float32 and float64) equals the kernels\' solve, with a small residual; jit equals eager', () => {
    expect(useBlocked(n)).toBe(true);
    expect(useBlocked(n - 1)).toBe(false);
    config.update('enableX64', true);
    for (const [dtype, tol] of [['float32', 1e-4], ['float64', 1e-11]] as const) {
      const a = wellConditioned(7, dtype);
      const b = mat(n, 3, 8, dtype);
      const x = jnp.linalg.solve(a, b);
      expect(x.dtype.name).toBe(dtype);
      expect(maxDiff(x, kernelSolve(a, b)), dtype).toBeLessThan(tol);
      const r = a.astype('float64').matmul(x.astype('float64')).sub(b.astype('float64'));
      expect(Number(jnp.max(jnp.abs(r)).item()), dtype).toBeLessThan(tol * 10);
      expect(maxDiff(jit((p: jp.Array, q: jp.Array) => jnp.linalg.solve(p, q))(a, b), x), dtype).toBeLessThan(tol);
    }
  });

  it('inv, det and slogdet (float64): a·a⁻¹ = I; log|det| is the sum of log|U_ii| of the kernel\'s LU; det agrees', () => {
    config.update('enableX64', true);
    const a = wellConditioned(9, 'float64');
    expect(maxDiff(a.matmul(jnp.linalg.inv(a)), eye('float64'))).toBeLessThan(1e-12);
    const [s, l] = jnp.linalg.slogdet(a) as [jp.Array, jp.Array];
    const [lu0] = luRaw(a) as jp.Array[];
    expect(Number(l.item())).toBeCloseTo(Number(jnp.sum(jnp.log(jnp.abs(jnp.diagonal(lu0!)))).item()), 8);
    expect(Math.abs(Number(s.item()))).toBe(1);
    // Scaled by the shift so that det stays in range: det(a/shift) = sign · exp(log|det a| − n log shift).
    const want = Number(s.item()) * Math.exp(Number(l.item()) - n * Math.log(shift));
    expect(Math.abs(Number(jnp.linalg.det(a.div(shift)).item()) / want - 1)).toBeLessThan(1e-8);
  });

  it('cholesky (float32; float64 stays the kernel) equals the kernel\'s; L Lᵀ = A', () => {
    config.update('enableX64', true);
    for (const [dtype, tol] of [['float32', 1e-3], ['float64', 1e-10]] as const) {
      const m = mat(n, n, 10, dtype);
      const spd = m.matmul(m.T).add(eye(dtype).mul(n));
      const l = jnp.linalg.cholesky(spd);
      expect(maxDiff(l, choleskyRaw(spd)), dtype).toBeLessThan(tol);
      expect(maxDiff(l.matmul(l.T), spd) / n, dtype).toBeLessThan(tol);
    }
  });

  it('vmap of solve over a batch equals a loop of solves (float32)', () => {
    config.update('enableX64', false);
    const as = jnp.stack([wellConditioned(11, 'float32'), wellConditioned(12, 'float32')]);
    const b = mat(n, 2, 13);
    const batched = vmap((a: jp.Array) => jnp.linalg.solve(a, b))(as);
    const loop = jnp.stack([0, 1].map((i) => jnp.linalg.solve(as.index(i), b)));
    expect(maxDiff(batched, loop)).toBeLessThan(1e-5);
  });

  it('the jvp of slogdet is trace(a⁻¹ ȧ); the gradient of a solve matches central differences (float64)', () => {
    config.update('enableX64', true);
    const a = wellConditioned(14, 'float64');
    // A rank-one tangent u vᵀ: trace(a⁻¹ u vᵀ) = vᵀ a⁻¹ u.
    const [u, v1] = [mat(n, 1, 15, 'float64'), mat(n, 1, 18, 'float64')];
    const t = u.matmul(v1.T);
    const [, dl] = jvp((x: jp.Array) => (jnp.linalg.slogdet(x) as jp.Array[])[1]!, [a], [t]);
    expect(Number(dl.item())).toBeCloseTo(Number(jnp.sum(v1.mul(jnp.linalg.solve(a, u))).item()), 8);
    // f(a) = w · solve(a, b): ⟨∇f, v⟩ against (f(a + hv) − f(a − hv)) / 2h along v = t/n, and
    // against its closed form −(a⁻ᵀw)ᵀ v (a⁻¹b).
    const b = mat(n, 1, 16, 'float64');
    const w = mat(n, 1, 17, 'float64');
    const f = (x: jp.Array) => jnp.sum(jnp.linalg.solve(x, b).mul(w));
    const v = mat(n, n, 19, 'float64').div(n);
    const got = Number(jnp.sum(grad(f)(a).mul(v)).item());
    const h = 1e-4;
    const fd = (Number(f(a.add(v.mul(h))).item()) - Number(f(a.sub(v.mul(h))).item())) / (2 * h);
    expect(Math.abs(got - fd)).toBeLessThan(1e-7 * Math.abs(fd));
    const exact = -Number(jnp.sum(jnp.linalg.solve(a.T, w).matmul(jnp.linalg.solve(a, b).T).mul(v)).item());
    expect(Math.abs(got - exact)).toBeLessThan(1e-10 * Math.abs(exact));
  });
});
