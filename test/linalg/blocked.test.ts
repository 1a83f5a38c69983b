// The recursive (blocked) LU, triangular solves and Cholesky against the kernels they split
// their work with, at sizes that recurse (over 64 columns), batched; and the jnp.linalg functions
// at a size where they would take them (blocked.ts: BLOCKED_MIN): residuals, inverses,
// determinants and a jvp.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { choleskyBlocked, luBlocked, triangularBlocked } from '../../src/lax/linalg/blocked.js';
import { choleskyRaw } from '../../src/lax/linalg/cholesky.js';
import { luRaw } from '../../src/lax/linalg/lu.js';
import { triangularSolveRaw } from '../../src/lax/linalg/triangularSolve.js';
import { mat, vals } from './helpers.js';

const { numpy: jnp, jit, jvp, config } = jp;
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

describe('jnp.linalg at n = 400', () => {
  const n = 400;
  it('solve, inv, det and slogdet (float32)', () => {
    config.update('enableX64', true);
    const a = mat(n, n, 7).add(jnp.eye(n, undefined, undefined, 'float32').mul(8));
    const b = mat(n, 3, 8);
    const x = jnp.linalg.solve(a, b);
    // Residual against float64 arithmetic.
    const r = a.astype('float64').matmul(x.astype('float64')).sub(b.astype('float64'));
    expect(Number(jnp.max(jnp.abs(r)).item())).toBeLessThan(1e-3);
    const ai = jnp.linalg.inv(a);
    expect(ai.dtype.name).toBe('float32');
    expect(maxDiff(a.astype('float64').matmul(ai.astype('float64')), jnp.eye(n))).toBeLessThan(1e-3);
    const a64 = a.astype('float64');
    const [s, l] = jnp.linalg.slogdet(a64) as [jp.Array, jp.Array];
    const [s2, l2] = jnp.linalg.slogdet(a64, { method: 'qr' }) as [jp.Array, jp.Array];
    expect(vals(s)).toEqual(vals(s2));
    expect(Number(l.item())).toBeCloseTo(Number(l2.item()), 8);
  });

  it('the jvp of slogdet is trace(a⁻¹ ȧ)', () => {
    config.update('enableX64', true);
    const a = mat(n, n, 9, 'float64').add(jnp.eye(n, undefined, undefined, 'float64').mul(8));
    const t = mat(n, n, 10, 'float64');
    const [, dl] = jvp((x: jp.Array) => (jnp.linalg.slogdet(x) as jp.Array[])[1]!, [a], [t]);
    const want = jnp.trace(jnp.linalg.solve(a, t));
    expect(Number(dl.item())).toBeCloseTo(Number(want.item()), 8);
  });
});
