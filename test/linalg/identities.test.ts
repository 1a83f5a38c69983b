// jnp.linalg and lax.linalg by identities (L Lᵀ = A, P A = L U, A solve(A, b) = b, det = ±∏ diag U,
// inv(A) A = I), vmap against a loop, grad against finite differences, empty and batched
// matrices, singular input as JAX, and bad input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax, vmap, grad, jit } = jp;
const L = jnp.linalg;

const close = (got: jp.Array, want: jp.Array, tol: number, what: string) => {
  expect(got.shape, what).toEqual(want.shape);
  const [g, w] = [Array.from(got.dataSync() as ArrayLike<number>, Number), Array.from(want.dataSync() as ArrayLike<number>, Number)];
  g.forEach((v, i) => expect(Math.abs(v - w[i]!), `${what}[${i}]: ${v} vs ${w[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!))));
};
const matrixArb = (n: number) => fc.array(fc.float({ min: -2, max: 2, noNaN: true }).map(Math.fround), { minLength: n * n, maxLength: n * n }).map((v) => jnp.array(v, 'float32').reshape(n, n));
/** Well conditioned: diagonally dominant. */
const dominant = (a: jp.Array) => a.add(jnp.eye(a.shape[0]!).mul(2 * a.shape[0]!));

describe('reconstruction identities', () => {
  it('cholesky: L Lᵀ = A, L lower; lu: P A = L U; solve: A x = b; inv(A) A = I; det = sign ∏ diag U', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => matrixArb(n)), (m) => {
        const n = m.shape[0]!;
        const a = dominant(m);
        const spd = jnp.matmul(m, m.T).add(jnp.eye(n));
        const l = L.cholesky(spd);
        close(jnp.matmul(l, l.T), spd, 1e-4, 'L Lᵀ');
        close(l, l.mul(jnp.array(Array.from({ length: n * n }, (_, k) => (k % n <= Math.floor(k / n) ? 1 : 0)), 'float32').reshape(n, n)), 0, 'lower');
        const [lu, , perm] = lax.linalg.lu(a);
        const lo = lu.mul(jnp.array(Array.from({ length: n * n }, (_, k) => (k % n < Math.floor(k / n) ? 1 : 0)), 'float32').reshape(n, n)).add(jnp.eye(n));
        const up = lu.sub(lo).add(jnp.eye(n));
        close(jnp.matmul(lo, up), jnp.take(a, perm, { axis: 0 }), 1e-4, 'P A = L U');
        const b = jnp.arange(n, { dtype: 'float32' });
        close(jnp.matmul(a, L.solve(a, b)), b, 1e-4, 'A solve(A, b)');
        close(jnp.matmul(L.inv(a), a), jnp.eye(n), 1e-4, 'inv(A) A');
        const diagProd = L.diagonal(lu).prod();
        close(jnp.abs(L.det(a)), jnp.abs(diagProd), 1e-4, '|det|');
        const [sign, logabs] = L.slogdet(a);
        close(sign.mul(jnp.exp(logabs)), L.det(a), 1e-4, 'slogdet');
      }),
      { numRuns: 8 },
    );
  });

  it('empty and batched matrices', () => {
    expect(L.det(jnp.zeros([0, 0])).item()).toBe(1);
    expect(L.inv(jnp.zeros([2, 0, 0])).shape).toEqual([2, 0, 0]);
    expect(L.cholesky(jnp.zeros([0, 0])).shape).toEqual([0, 0]);
    expect(L.solve(jnp.zeros([0, 0]), jnp.zeros([0])).shape).toEqual([0]);
    const [lu, piv, perm] = lax.linalg.lu(jnp.zeros([3, 0]));
    expect([lu.shape, piv.shape, perm.tolist()]).toEqual([[3, 0], [0], [0, 1, 2]]);
    expect(L.det(jnp.zeros([0, 2, 2])).shape).toEqual([0]);
  });

  it('singular input gives what JAX gives: det 0, slogdet (0, -inf), solve/inv non-finite', () => {
    const s = jnp.array([[1, 2], [2, 4]], 'float32');
    expect(L.det(s).item()).toBe(0);
    expect(L.slogdet(s).map((x) => x.item())).toEqual([0, -Infinity]);
    expect(Array.from(L.inv(s).dataSync()).some((v) => !Number.isFinite(v))).toBe(true);
  });
});

describe('transformations', () => {
  it('vmap of solve, det, cholesky, inv matches a loop; jit matches eager', () => {
    const ms = jnp.stack([0, 1, 2].map((k) => jnp.array([[4 + k, 1, 0.5], [1, 3, k * 0.1], [0.5, k * 0.1, 2 + k]], 'float32')));
    const b = jnp.array([1, -1, 2], 'float32');
    const fs = [(a: jp.Array) => L.solve(a, b), (a: jp.Array) => L.det(a), (a: jp.Array) => L.cholesky(a), (a: jp.Array) => L.inv(a), (a: jp.Array) => lax.linalg.lu(a)[0]];
    for (const f of fs) {
      const want = jnp.stack([0, 1, 2].map((i) => f(ms.index(i))));
      close(vmap(f)(ms), want, 1e-6, 'vmap');
      close(jit(f)(ms.index(1)), f(ms.index(1)), 1e-6, 'jit');
    }
    // vmap over b only, and over both.
    close(vmap((v: jp.Array) => L.solve(ms.index(0), v))(jnp.eye(3)), L.inv(ms.index(0)).T, 1e-5, 'vmap over b');
  });

  it('grad of det, slogdet, inv, solve, cholesky against central differences (float64)', () => {
    jp.config.update('enableX64', true);
    try {
      const a = jnp.array([[3, 1, 0.5], [0.2, 2.5, 0.3], [0.4, -0.6, 4]], 'float64');
      const spd = jnp.matmul(a, a.T);
      const b = jnp.array([1, 2, -1], 'float64');
      const fs: [string, (x: jp.Array) => jp.Array, jp.Array][] = [
        ['det', (x) => L.det(x), a],
        ['slogdet', (x) => L.slogdet(x)[1], a],
        ['inv', (x) => jnp.sum(jnp.sin(L.inv(x))), a],
        ['solve', (x) => jnp.sum(L.solve(x, b).mul(b)), a],
        ['cholesky', (x) => jnp.sum(jnp.cos(L.cholesky(x))), spd],
        ['triangularSolve', (x) => jnp.sum(jnp.sin(lax.linalg.triangularSolve(x, b.reshape(1, 3), { lower: true }))), a],
      ];
      for (const [name, f, x0] of fs) {
        const g = Array.from(grad(f)(x0).dataSync() as Float64Array);
        const base = Array.from(x0.dataSync() as Float64Array);
        const h = 1e-6;
        g.forEach((gi, i) => {
          const at = (d: number) => {
            const v = base.slice();
            v[i]! += d;
            return Number(f(jnp.array(v, 'float64').reshape(3, 3)).item());
          };
          const fd = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs(gi - fd), `${name}[${i}]: ${gi} vs ${fd}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        });
      }
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});

describe('bad input', () => {
  it('raises ShapeError/DtypeError naming the problem', () => {
    expect(() => L.det(jnp.ones([2, 3]))).toThrow(/square/);
    expect(() => L.inv(jnp.ones([3]))).toThrow(jp.ShapeError);
    expect(() => L.solve(jnp.eye(3), jnp.ones([2]))).toThrow(/does not match/);
    expect(() => L.solve(jnp.eye(3).reshape(1, 3, 3), jnp.ones([1, 3]))).toThrow(/b\[\.\.\., None\]/);
    expect(() => lax.linalg.cholesky(jnp.eye(2, { dtype: 'int32' }))).toThrow(jp.DtypeError);
    expect(() => lax.linalg.triangularSolve(jnp.eye(3), jnp.ones([3, 2]))).toThrow(/right side/);
    expect(() => L.norm(jnp.ones([2, 2, 2]), 1)).toThrow(jp.ShapeError);
    expect(() => L.cross(jnp.ones([2]), jnp.ones([2]))).toThrow(/3 elements/);
    expect(() => L.outer(jnp.ones([2, 2]), jnp.ones([2]))).toThrow(/1-D/);
    expect(() => L.slogdet(jnp.eye(2), { method: 'svd' })).toThrow(/unknown method 'svd'/);
    // Integers promote to float, as JAX.
    expect(L.det(jnp.array([[1, 2], [3, 4]], 'int32')).dtype.name).toBe('float32');
  });
});
