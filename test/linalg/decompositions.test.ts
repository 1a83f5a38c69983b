// qr, eigh and svd by their identities (Q R = A with Qᵀ Q = I and R upper; V diag(w) Vᵀ = A;
// U diag(s) Vᵀ = A), on tall, wide, square, rank-deficient, empty and batched matrices, float32
// and float64; vmap against a loop; gradients against central differences; bad input.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax, vmap, grad, config } = jp;
const L = jnp.linalg;
afterAll(() => config.update('enableX64', false));

const vals = (x: jp.Array) => Array.from(x.dataSync() as ArrayLike<number>, Number);
const close = (got: jp.Array, want: jp.Array, tol: number, what: string) => {
  expect(got.shape, what).toEqual(want.shape);
  const [g, w] = [vals(got), vals(want)];
  g.forEach((v, i) => expect(Math.abs(v - w[i]!), `${what}[${i}]: ${v} vs ${w[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!))));
};
/** A deterministic pseudo-random m×n matrix (the fractional part of a scaled sine), entries in [-1, 1). */
const hash = (x: number) => {
  const s = Math.sin(x) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
};
const mat = (m: number, n: number, seed = 1, dtype = 'float32') => jnp.array(Array.from({ length: m * n }, (_, i) => hash(seed * 12.9898 + i * 78.233)), dtype as jp.DTypeLike).reshape(m, n);
const mT = (x: jp.Array) => jnp.swapaxes(x, -1, -2);
const eyeLike = (k: number, lead: number[] = []) => jnp.broadcastTo(jnp.eye(k), [...lead, k, k]);
/** Whether every entry below the diagonal is exactly zero. */
const isUpper = (r: jp.Array) => {
  const [m, n] = r.shape.slice(-2) as [number, number];
  const v = vals(r);
  return v.every((x, i) => x === 0 || (i % (m * n)) % n >= Math.floor((i % (m * n)) / n));
};
/** Central differences of a scalar f at x (float64). */
function fdGrad(f: (x: jp.Array) => jp.Array, x: jp.Array, h = 1e-6): number[] {
  const base = vals(x);
  return base.map((_, i) => {
    const at = (d: number) => {
      const v = base.slice();
      v[i]! += d;
      return Number(f(jnp.array(v, 'float64').reshape(x.shape)).item());
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}
const expectGrad = (f: (x: jp.Array) => jp.Array, x: jp.Array, what: string, tol = 1e-5) => {
  const g = vals(grad(f)(x));
  fdGrad(f, x).forEach((fd, i) => expect(Math.abs(g[i]! - fd), `${what}[${i}]: ${g[i]} vs ${fd}`).toBeLessThan(tol * Math.max(1, Math.abs(fd))));
};
const SHAPES: [number, number][] = [[1, 1], [4, 4], [6, 3], [3, 6], [7, 1], [1, 5]];

describe('qr', () => {
  it.each(['float32', 'float64'])('Q R = A, Qᵀ Q = I, R upper triangular, for every mode and shape (%s)', (dtype) => {
    config.update('enableX64', dtype === 'float64');
    const tol = dtype === 'float32' ? 1e-5 : 1e-13;
    for (const [m, n] of SHAPES) {
      const a = mat(m, n, m + 3 * n, dtype);
      const k = Math.min(m, n);
      for (const mode of ['reduced', 'complete']) {
        const [q, r] = L.qr(a, mode) as [jp.Array, jp.Array];
        const c = mode === 'complete' ? m : k;
        expect([q.shape, r.shape, q.dtype.name]).toEqual([[m, c], [c, n], dtype]);
        close(jnp.matmul(q, r), a, tol, `QR ${m}x${n} ${mode}`);
        close(jnp.matmul(mT(q), q), jnp.eye(c, { dtype: dtype as jp.DTypeLike }), tol, `QᵀQ ${m}x${n} ${mode}`);
        expect(isUpper(r), `R upper ${m}x${n}`).toBe(true);
      }
      close(L.qr(a, 'r') as jp.Array, (L.qr(a) as jp.Array[])[1]!, 0, 'mode r');
    }
  });

  it('rank-deficient, empty, 1×1, NaN and integer input', () => {
    const rd = jnp.array([[1, 2, 3], [2, 4, 6], [3, 6, 9], [1, 1, 1]], 'float32');
    const [q, r] = L.qr(rd) as jp.Array[];
    close(jnp.matmul(q!, r!), rd, 1e-5, 'rank-deficient QR');
    close(jnp.matmul(mT(q!), q!), jnp.eye(3), 1e-5, 'rank-deficient QᵀQ');
    const [q0, r0] = L.qr(jnp.zeros([3, 0]), 'complete') as jp.Array[];
    expect([q0!.tolist(), r0!.shape]).toEqual([jnp.eye(3).tolist(), [3, 0]]);
    const [q1, r1] = L.qr(jnp.zeros([0, 2])) as jp.Array[];
    expect([q1!.shape, r1!.shape]).toEqual([[0, 0], [0, 2]]);
    expect((L.qr(jnp.zeros([2, 0, 0])) as jp.Array[]).map((x) => x.shape)).toEqual([[2, 0, 0], [2, 0, 0]]);
    // LAPACK's dlarfg leaves a column with nothing below the diagonal alone: Q = [[1]], R = a.
    expect((L.qr(jnp.array([[-3]], 'float32')) as jp.Array[]).map((x) => x.tolist())).toEqual([[[1]], [[-3]]]);
    expect(vals((L.qr(jnp.array([[1, NaN], [2, 3]], 'float32')) as jp.Array[])[1]!).some(Number.isNaN)).toBe(true);
    expect((L.qr(jnp.array([[1, 2], [3, 4]], 'int32')) as jp.Array[])[0]!.dtype.name).toBe('float32');
  });

  it('vmap matches a loop; batched equals per matrix', () => {
    const as = jnp.stack([0, 1, 2].map((s) => mat(4, 3, s + 10)));
    for (const mode of ['reduced', 'complete']) {
      const f = (a: jp.Array) => L.qr(a, mode) as jp.Array[];
      const got = vmap(f)(as) as jp.Array[];
      const batched = f(as);
      [0, 1].forEach((k) => {
        const want = jnp.stack([0, 1, 2].map((i) => f(as.index(i))[k]!));
        close(got[k]!, want, 1e-6, `vmap ${mode}[${k}]`);
        close(batched[k]!, want, 1e-6, `batched ${mode}[${k}]`);
      });
    }
    // vmap over a non-leading axis.
    const moved = vmap((a: jp.Array) => lax.linalg.qr(a, { fullMatrices: false })[1], { inAxes: 1 })(jnp.moveaxis(as, 0, 1));
    close(moved, jnp.stack([0, 1, 2].map((i) => lax.linalg.qr(as.index(i), { fullMatrices: false })[1])), 1e-6, 'vmap in_axes=1');
  });

  it('gradients against central differences (tall, wide, complete, float64)', () => {
    config.update('enableX64', true);
    for (const [m, n, mode] of [[4, 3, 'reduced'], [3, 5, 'reduced'], [4, 2, 'complete'], [3, 3, 'complete']] as const) {
      const a = mat(m, n, 5, 'float64');
      const w = mat(m, mode === 'complete' ? m : Math.min(m, n), 9, 'float64');
      expectGrad((x) => {
        const [q, r] = L.qr(x, mode) as jp.Array[];
        return jnp.sum(jnp.sin(q!).mul(w)).add(sumCubes(r!));
      }, a, `qr ${m}x${n} ${mode}`);
    }
  });
});

function sumCubes(x: jp.Array): jp.Array {
  return jnp.sum(x.mul(x).mul(x));
}
