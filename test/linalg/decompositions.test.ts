// qr, eigh and svd by their identities (Q R = A with Qᵀ Q = I and R upper; V diag(w) Vᵀ = A;
// U diag(s) Vᵀ = A), on tall, wide, square, rank-deficient, empty and batched matrices, float32
// and float64; vmap against a loop; gradients against central differences; bad input.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { close, expectGrad, mat, vals } from './helpers.js';

const { numpy: jnp, lax, vmap, grad, config } = jp;
const L = jnp.linalg;
afterAll(() => config.update('enableX64', false));

const mT = (x: jp.Array) => jnp.swapaxes(x, -1, -2);
/** Whether every entry below the diagonal is exactly zero. */
const isUpper = (r: jp.Array) => {
  const [m, n] = r.shape.slice(-2) as [number, number];
  const v = vals(r);
  return v.every((x, i) => x === 0 || (i % (m * n)) % n >= Math.floor((i % (m * n)) / n));
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

describe('luPivotsToPermutation', () => {
  it("is lu's permutation for square, tall, wide and batched matrices; vmap; bad input", () => {
    for (const [m, n] of [[4, 4], [6, 3], [3, 5]] as const) {
      const a = jnp.stack([0, 1].map((i) => mat(m, n, 100 + i)));
      const [, piv, perm] = lax.linalg.lu(a);
      expect(lax.linalg.luPivotsToPermutation(piv, m).tolist()).toEqual(perm.tolist());
      expect(vmap((p: jp.Array) => lax.linalg.luPivotsToPermutation(p, m))(piv).tolist()).toEqual(perm.tolist());
    }
    expect(lax.linalg.luPivotsToPermutation(jnp.array([9, -1], 'int32'), 3).tolist()).toEqual([0, 1, 2]);
    expect(() => lax.linalg.luPivotsToPermutation(jnp.array([0, 1, 2], 'int32'), 2)).toThrow(/at least/);
    expect(() => lax.linalg.luPivotsToPermutation(jnp.array([0.5]), 2)).toThrow(jp.DtypeError);
  });
});

describe("qr mode 'raw' and householderProduct", () => {
  it('householderProduct of the raw form is the reduced Q; its R is raw’s upper triangle; bad input', () => {
    const a = mat(5, 3, 17);
    const [h, taus] = L.qr(a, 'raw') as jp.Array[];
    expect([h!.shape, taus!.shape]).toEqual([[3, 5], [3]]);
    const [q, r] = L.qr(a) as jp.Array[];
    close(lax.linalg.householderProduct(h!.T, taus!), q!, 1e-6, 'Q from the reflectors');
    close(jnp.triu(jnp.take(h!.T, jnp.arange(3), { axis: 0 })), r!, 1e-6, 'R in the raw form');
    expect(() => lax.linalg.householderProduct(jnp.ones([2, 3]), jnp.ones([2]))).toThrow(/at least as many rows/);
    expect(() => lax.linalg.householderProduct(jnp.ones([4, 3]), jnp.ones([4]))).toThrow(/k <= 3/);
    expect(() => grad((x: jp.Array) => jnp.sum(lax.linalg.householderProduct(x, taus!)))(h!.T)).toThrow(jp.TransformError);
  });
});

describe('qr with column pivoting', () => {
  it('a[..., p] = Q R, |diag R| non-increasing, p a permutation; vmap; gradients (float64)', () => {
    config.update('enableX64', true);
    for (const [m, n] of [[5, 3], [3, 5], [4, 4], [4, 2]] as const) {
      const a = mat(m, n, 70 + m * n, 'float64');
      for (const fullMatrices of [true, false]) {
        const [q, r, p] = lax.linalg.qr(a, { pivoting: true, fullMatrices }) as jp.Array[];
        expect([...vals(p!)].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(p!.dtype.name).toBe('int32');
        close(jnp.matmul(q!, r!), jnp.take(a, p!, { axis: 1 }), 1e-13, `A P = Q R ${m}x${n}`);
        const d = vals(jnp.abs(jnp.diagonal(r!)));
        d.slice(1).forEach((x, i) => expect(x, 'non-increasing |diag R|').toBeLessThanOrEqual(d[i]! * (1 + 1e-12)));
      }
    }
    const as = jnp.stack([0, 1].map((i) => mat(4, 3, 80 + i, 'float64')));
    const got = vmap((a: jp.Array) => lax.linalg.qr(a, { pivoting: true }) as jp.Array[])(as) as jp.Array[];
    [0, 1, 2].forEach((k) => close(got[k]!, jnp.stack([0, 1].map((i) => (lax.linalg.qr(as.index(i), { pivoting: true }) as jp.Array[])[k]!)), 1e-13, `vmap[${k}]`));
    // Wide matrices: JAX 0.10's rule uses the unpermuted x here (its gradient is off); ours differentiates a[..., p] = Q R.
    for (const [m, n, fullMatrices] of [[3, 5, true], [4, 2, true], [4, 3, false]] as const) {
      const w = mat(m, m, 90, 'float64');
      expectGrad((x) => {
        const [q, r] = lax.linalg.qr(x, { pivoting: true, fullMatrices });
        return jnp.sum(jnp.sin(q).mul(jnp.take(jnp.take(w, jnp.arange(q.shape[0]!), { axis: 0 }), jnp.arange(q.shape[1]!), { axis: 1 }))).add(sumCubes(r));
      }, mat(m, n, 91 + n, 'float64'), `pivoted ${m}x${n} full=${fullMatrices}`);
    }
  });
});

function sumCubes(x: jp.Array): jp.Array {
  return jnp.sum(x.mul(x).mul(x));
}

/** A symmetric n×n matrix. */
const symm = (n: number, seed: number, dtype = 'float32') => {
  const a = mat(n, n, seed, dtype);
  return a.add(a.T);
};

describe('eigh', () => {
  it.each(['float32', 'float64'])('V diag(w) Vᵀ = A, Vᵀ V = I, w ascending, sign convention (%s)', (dtype) => {
    config.update('enableX64', dtype === 'float64');
    const tol = dtype === 'float32' ? 2e-5 : 1e-13;
    for (const n of [1, 2, 3, 5, 8, 24]) {
      const a = symm(n, n + 1, dtype);
      const [w, v] = L.eigh(a);
      expect([w.shape, v.shape, w.dtype.name]).toEqual([[n], [n, n], dtype]);
      close(jnp.matmul(v.mul(w), v.T), a, tol * n, `V diag(w) Vᵀ ${n}`);
      close(jnp.matmul(v.T, v), jnp.eye(n, { dtype: dtype as jp.DTypeLike }), tol * n, `VᵀV ${n}`);
      const wv = vals(w);
      wv.slice(1).forEach((x, i) => expect(x, `ascending ${n}`).toBeGreaterThanOrEqual(wv[i]!));
      // Each eigenvector's largest-magnitude entry is positive.
      const vv = vals(v);
      for (let j = 0; j < n; j++) {
        const col = Array.from({ length: n }, (_, i) => vv[i * n + j]!);
        const big = col.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
        expect(big, `sign of vector ${j}`).toBeGreaterThan(0);
      }
      close(L.eigvalsh(a), w, 0, 'eigvalsh = eigh');
      // Trace and Frobenius norm are the eigenvalues' sum and root sum of squares.
      close(jnp.sum(w), jnp.trace(a), tol * n, 'trace');
    }
  });

  it('repeated eigenvalues, 0×0, 1×1, the triangle read, NaN, bad input', () => {
    const [w, v] = L.eigh(jnp.eye(4).mul(3));
    expect(w.tolist()).toEqual([3, 3, 3, 3]);
    close(jnp.matmul(v.T, v), jnp.eye(4), 1e-6, 'orthonormal basis of a repeated eigenvalue');
    const d = jnp.array([[2, 1, 0], [1, 2, 0], [0, 0, 3]], 'float32');
    close(L.eigvalsh(d), jnp.array([1, 3, 3]), 1e-6, 'double eigenvalue');
    expect(L.eigh(jnp.zeros([0, 0])).map((x) => x.shape)).toEqual([[0], [0, 0]]);
    expect(L.eigh(jnp.zeros([3, 0, 0])).map((x) => x.shape)).toEqual([[3, 0], [3, 0, 0]]);
    expect(L.eigh(jnp.array([[-2.5]])).map((x) => x.tolist())).toEqual([[-2.5], [[1]]]);
    // symmetrizeInput false reads one triangle only: junk (even NaN) in the other is ignored.
    const lowerOnly = jnp.array([[2, NaN], [1, 2]], 'float32');
    close(L.eigvalsh(lowerOnly, 'L', { symmetrizeInput: false }), jnp.array([1, 3]), 1e-6, 'lower triangle');
    close(L.eigvalsh(lowerOnly.T, 'U', { symmetrizeInput: false }), jnp.array([1, 3]), 1e-6, 'upper triangle');
    expect(vals(L.eigvalsh(jnp.array([[1, NaN], [NaN, 1]], 'float32'))).every(Number.isNaN)).toBe(true);
    expect(() => L.eigh(jnp.ones([2, 3]))).toThrow(jp.ShapeError);
    expect(() => L.eigvalsh(jnp.ones([3]))).toThrow(jp.ShapeError);
    expect(() => L.eigh(jnp.eye(2), 'X')).toThrow(/UPLO/);
    expect(() => lax.linalg.eigh(jnp.eye(2, { dtype: 'int32' }))).toThrow(jp.DtypeError);
    expect(L.eigvalsh(jnp.array([[2, 1], [1, 2]], 'int32')).dtype.name).toBe('float32');
    // subsetByIndex keeps [start, end) of the ascending eigenpairs.
    const a = symm(5, 3);
    const [vAll, wAll] = lax.linalg.eigh(a);
    const [vSub, wSub] = lax.linalg.eigh(a, { subsetByIndex: [1, 3] });
    close(wSub, jnp.take(wAll, jnp.array([1, 2])), 0, 'subset w');
    close(vSub, jnp.take(vAll, jnp.array([1, 2]), { axis: 1 }), 0, 'subset v');
    expect(() => lax.linalg.eigh(a, { subsetByIndex: [3, 9] })).toThrow(/subsetByIndex/);
  });

  it('vmap matches a loop', () => {
    const as = jnp.stack([0, 1, 2].map((s) => symm(4, s + 20)));
    const got = vmap((a: jp.Array) => L.eigh(a))(as) as jp.Array[];
    [0, 1].forEach((k) => close(got[k]!, jnp.stack([0, 1, 2].map((i) => L.eigh(as.index(i))[k]!)), 1e-6, `vmap eigh[${k}]`));
    close(L.eigh(as)[1], got[1]!, 1e-6, 'batched');
  });

  it('gradients against central differences (sign-invariant losses, float64)', () => {
    config.update('enableX64', true);
    const a = symm(4, 7, 'float64');
    const c = mat(4, 4, 8, 'float64');
    expectGrad((x) => sumSq(L.eigvalsh(x)), a, 'Σ w²');
    expectGrad((x) => {
      const [w, v] = L.eigh(x);
      return jnp.sum(jnp.sin(w)).add(jnp.sum(v.mul(v).mul(c)));
    }, a, 'sin(w) + v² c');
    // Not symmetric: eigh uses (a + aᵀ)/2, so the gradient is symmetric.
    expectGrad((x) => jnp.sum(jnp.exp(L.eigvalsh(x))), mat(3, 3, 4, 'float64'), 'nonsymmetric input');
  });
});

const sumSq = (x: jp.Array) => jnp.sum(x.mul(x));

describe('svd', () => {
  const usv = (u: jp.Array, s: jp.Array, vh: jp.Array) => {
    const k = s.shape[s.ndim - 1]!;
    const uk = jnp.take(u, jnp.arange(k), { axis: -1 });
    const vk = jnp.take(vh, jnp.arange(k), { axis: -2 });
    return jnp.matmul(uk.mul(jnp.expandDims(s, -2)), vk);
  };
  it.each(['float32', 'float64'])('U diag(s) Vᵀ = A, UᵀU = I, V Vᵀ = I, s descending ≥ 0, for both modes and every shape (%s)', (dtype) => {
    config.update('enableX64', dtype === 'float64');
    const tol = dtype === 'float32' ? 3e-5 : 1e-13;
    const eye = (k: number) => jnp.eye(k, { dtype: dtype as jp.DTypeLike });
    for (const [m, n] of [...SHAPES, [12, 9], [9, 30]] as [number, number][]) {
      const a = mat(m, n, 2 * m + n, dtype);
      const k = Math.min(m, n);
      for (const fullMatrices of [false, true]) {
        const [u, s, vh] = L.svd(a, fullMatrices) as jp.Array[];
        const [uc, vr] = fullMatrices ? [m, n] : [k, k];
        expect([u!.shape, s!.shape, vh!.shape, s!.dtype.name]).toEqual([[m, uc], [k], [vr, n], dtype]);
        close(usv(u!, s!, vh!), a, tol * 4, `USVᵀ ${m}x${n} full=${fullMatrices}`);
        close(jnp.matmul(mT(u!), u!), eye(uc), tol * 4, `UᵀU ${m}x${n} full=${fullMatrices}`);
        close(jnp.matmul(vh!, mT(vh!)), eye(vr), tol * 4, `VVᵀ ${m}x${n} full=${fullMatrices}`);
        const sv = vals(s!);
        sv.forEach((x, i) => expect(x, 's ≥ 0, descending').toBeGreaterThanOrEqual(i + 1 < sv.length ? sv[i + 1]! : 0));
        close(L.svdvals(a), s!, 0, 'svdvals = svd s');
      }
    }
  });

  it('rank-deficient, zero, empty, scaled and ill-conditioned matrices', () => {
    config.update('enableX64', true);
    for (const a of [jnp.array([[1, 2], [2, 4], [3, 6]]), jnp.zeros([3, 4]), jnp.array([[0, 0, 0], [0, 1, 0]]), jnp.outer(jnp.arange(1, 6), jnp.array([1, -1, 2, 0.5])).astype('float64')]) {
      const [u, s, vh] = L.svd(a.astype('float64')) as jp.Array[];
      const [m, n] = a.shape as [number, number];
      close(usv(u!, s!, vh!), a.astype('float64'), 1e-13, `USVᵀ rank-deficient ${a.shape}`);
      close(jnp.matmul(mT(u!), u!), jnp.eye(m, { dtype: 'float64' }), 1e-13, `UᵀU rank-deficient ${a.shape}`);
      close(jnp.matmul(vh!, mT(vh!)), jnp.eye(n, { dtype: 'float64' }), 1e-13, `VVᵀ rank-deficient ${a.shape}`);
    }
    // Scaling: tiny and huge matrices keep their relative accuracy.
    const base = mat(4, 3, 31, 'float64');
    const s0 = vals(L.svdvals(base));
    for (const scale of [1e-200, 1e200]) vals(L.svdvals(base.mul(scale))).forEach((x, i) => expect(Math.abs(x / scale - s0[i]!) / s0[i]!).toBeLessThan(1e-13));
    // Ill-conditioned: a singular value 1e-12 of the largest, found to full relative accuracy (eigh of AᵀA could not).
    const [q1] = L.qr(mat(4, 4, 40, 'float64')) as jp.Array[];
    const [q2] = L.qr(mat(4, 4, 41, 'float64')) as jp.Array[];
    const want = [1, 0.5, 1e-6, 1e-12];
    const ill = jnp.matmul(q1!.mul(jnp.array(want, 'float64')), q2!.T);
    vals(L.svdvals(ill)).forEach((x, i) => expect(Math.abs(x - want[i]!) / want[i]!, `s[${i}]`).toBeLessThan(1e-4));
    config.update('enableX64', false);
    const [u0, s0e, v0] = L.svd(jnp.zeros([3, 0])) as jp.Array[];
    expect([u0!.tolist(), s0e!.shape, v0!.shape]).toEqual([jnp.eye(3).tolist(), [0], [0, 0]]);
    expect((L.svd(jnp.zeros([0, 2]), false) as jp.Array[]).map((x) => x.shape)).toEqual([[0, 0], [0], [0, 2]]);
    expect(L.svdvals(jnp.zeros([2, 0, 0])).shape).toEqual([2, 0]);
    expect((L.svd(jnp.array([[-3]], 'float32')) as jp.Array[]).map((x) => vals(x))).toEqual([[-1], [3], [1]]);
    expect(vals(L.svdvals(jnp.array([[1, NaN], [2, 3]], 'float32'))).every(Number.isNaN)).toBe(true);
    expect(L.svdvals(jnp.array([[1, 2], [3, 4]], 'int32')).dtype.name).toBe('float32');
    expect(() => L.svd(jnp.ones([3]))).toThrow(jp.ShapeError);
    expect(() => L.svd(jnp.ones([2, 3]), { hermitian: true })).toThrow(/square/);
    expect(() => lax.linalg.svd(jnp.ones([2, 3]), { subsetByIndex: [0, 1] })).toThrow(/subsetByIndex/);
  });

  it('hermitian: singular values |w|, u diag(s) vh = A', () => {
    const a = symm(5, 12);
    const [u, s, vh] = L.svd(a, { hermitian: true }) as jp.Array[];
    close(s!, L.svdvals(a), 1e-5, 'hermitian s');
    close(usv(u!, s!, vh!), a, 1e-5, 'hermitian USVᵀ');
  });

  it('vmap matches a loop', () => {
    const as = jnp.stack([0, 1, 2].map((s) => mat(5, 3, s + 50)));
    for (const fullMatrices of [false, true]) {
      const f = (a: jp.Array) => L.svd(a, fullMatrices) as jp.Array[];
      const got = vmap(f)(as) as jp.Array[];
      [0, 1, 2].forEach((k) => close(got[k]!, jnp.stack([0, 1, 2].map((i) => f(as.index(i))[k]!)), 1e-6, `vmap svd[${k}]`));
    }
    close(vmap((a: jp.Array) => L.svdvals(a), { inAxes: 2 })(jnp.moveaxis(as, 0, 2)), L.svdvals(as), 1e-6, 'vmap svdvals in_axes=2');
  });

  it('gradients against central differences (sign-invariant losses, float64)', () => {
    config.update('enableX64', true);
    for (const [m, n] of [[4, 3], [3, 5], [3, 3]] as const) {
      const a = mat(m, n, 60 + m, 'float64');
      const cu = mat(m, Math.min(m, n), 61, 'float64');
      const cv = mat(Math.min(m, n), n, 62, 'float64');
      expectGrad((x) => sumSq(L.svdvals(x)).add(jnp.sum(jnp.log(L.svdvals(x)))), a, `s ${m}x${n}`);
      expectGrad((x) => {
        const [u, s, vh] = L.svd(x, false) as jp.Array[];
        return jnp.sum(u!.mul(u!).mul(cu)).add(jnp.sum(vh!.mul(vh!).mul(cv))).add(jnp.sum(s!));
      }, a, `u² v² ${m}x${n}`);
      // ‖A − U S Vᵀ‖-style: the reconstruction from the factors is A itself, so its gradient is that of ‖A‖².
      expectGrad((x) => {
        const [u, s, vh] = L.svd(x, false) as jp.Array[];
        return sumSq(usv(u!, s!, vh!).mul(cu.sum()));
      }, a, `‖U S Vᵀ‖² ${m}x${n}`);
    }
    expect(() => grad((x: jp.Array) => jnp.sum((L.svd(x) as jp.Array[])[0]!))(mat(3, 2, 1, 'float64'))).toThrow(jp.TransformError);
  });
});
