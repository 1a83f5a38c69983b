// lstsq, pinv, matrixRank, cond, matrixPower, multiDot, tensorsolve/tensorinv, the singular-value
// norms and polyfit by their defining identities (normal equations, Penrose conditions, tensordot
// round trips, exact polynomial recovery), vmap against a loop, gradients against central
// differences, and bad input. (Values against JAX: linalg2.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { close, expectGrad, mat, vals } from './helpers.js';

const { numpy: jnp, vmap, jit, config } = jp;
const L = jnp.linalg;
afterAll(() => config.update('enableX64', false));


describe('lstsq', () => {
  it('normal equations (tall), minimum norm (wide), rank-deficient, numpyResid', () => {
    config.update('enableX64', true);
    const a = mat(7, 3, 1, 'float64');
    const b = mat(7, 2, 2, 'float64');
    const [x, resid, rank, s] = L.lstsq(a, b);
    close(jnp.matmul(a.T, jnp.matmul(a, x).sub(b)), jnp.zeros([3, 2], { dtype: 'float64' }), 1e-13, 'Aᵀ(Ax − b) = 0');
    close(resid, jnp.sum(jnp.matmul(a, x).sub(b).mul(jnp.matmul(a, x).sub(b)), { axis: 0 }), 1e-12, 'residuals');
    expect([rank.item(), rank.dtype.name]).toEqual([3, 'int32']);
    close(s, L.svdvals(a), 0, 's');
    const w = mat(2, 5, 3, 'float64');
    const bw = mat(2, 1, 4, 'float64').reshape(2);
    const [xw] = L.lstsq(w, bw);
    close(jnp.matmul(w, xw), bw, 1e-13, 'wide: exact');
    close(xw, jnp.matmul(L.pinv(w), bw), 1e-12, 'wide: the minimum-norm solution');
    const rd = jnp.outer(jnp.arange(1, 5, { dtype: 'float64' }), jnp.array([1, -1, 2], 'float64'));
    const [, , r] = L.lstsq(rd, jnp.ones([4], { dtype: 'float64' }));
    expect(r.item()).toBe(1);
    // NumPy's residuals: empty unless full rank and m > n.
    expect(L.lstsq(a, b, null, { numpyResid: true })[1].shape).toEqual([2]);
    expect(L.lstsq(w, bw, { numpyResid: true })[1].shape).toEqual([0]);
    expect(L.lstsq(rd, jnp.ones([4]), { numpyResid: true })[1].shape).toEqual([0]);
    expect(() => jit((p: jp.Array) => L.lstsq(p, b, null, { numpyResid: true })[0])(a)).toThrow(jp.ConcretizationError);
    // Empty: zeros of the right shape, rank 0.
    const [xe, , re] = L.lstsq(jnp.zeros([0, 3]), jnp.zeros([0]));
    expect([xe.tolist(), re.item()]).toEqual([[0, 0, 0], 0]);
  });

  it('gradient against central differences; vmap matches a loop; bad input', () => {
    config.update('enableX64', true);
    const a = mat(5, 3, 7, 'float64');
    const b = mat(5, 1, 8, 'float64').reshape(5);
    expectGrad((x) => jnp.sum(jnp.sin(L.lstsq(x, b)[0])), a, 'lstsq x');
    const bs = mat(3, 5, 9, 'float64');
    close(vmap((v: jp.Array) => L.lstsq(a, v)[0])(bs), jnp.stack([0, 1, 2].map((i) => L.lstsq(a, bs.index(i))[0])), 1e-12, 'vmap');
    expect(() => L.lstsq(jnp.ones([2, 2, 2]), jnp.ones([2]))).toThrow(jp.ShapeError);
    expect(() => L.lstsq(jnp.ones([3, 2]), jnp.ones([2]))).toThrow(/leading dimensions/);
    expect(() => L.lstsq(jnp.ones([3, 2]), jnp.ones([3]), 'x' as never)).toThrow(/rcond/);
  });
});

describe('pinv', () => {
  it.each(['float32', 'float64'])('Penrose conditions on tall, wide, rank-deficient, batched and hermitian input (%s)', (dtype) => {
    config.update('enableX64', dtype === 'float64');
    const tol = dtype === 'float32' ? 2e-4 : 1e-11;
    const rd = jnp.outer(jnp.arange(1, 5), jnp.array([1, -1, 2])).astype(dtype as jp.DTypeLike);
    const sym = mat(4, 4, 5, dtype).add(mat(4, 4, 5, dtype).T);
    for (const a of [mat(5, 3, 1, dtype), mat(2, 6, 2, dtype), rd, jnp.stack([mat(3, 2, 3, dtype), mat(3, 2, 4, dtype)]), sym]) {
      const p = L.pinv(a);
      const t = (x: jp.Array) => jnp.swapaxes(x, -1, -2);
      close(jnp.matmul(jnp.matmul(a, p), a), a, tol, `A A⁺ A = A ${a.shape}`);
      close(jnp.matmul(jnp.matmul(p, a), p), p, tol, `A⁺ A A⁺ = A⁺ ${a.shape}`);
      close(t(jnp.matmul(a, p)), jnp.matmul(a, p), tol, `(A A⁺)ᵀ = A A⁺ ${a.shape}`);
      close(t(jnp.matmul(p, a)), jnp.matmul(p, a), tol, `(A⁺ A)ᵀ = A⁺ A ${a.shape}`);
    }
    close(L.pinv(sym, { hermitian: true }), L.pinv(sym), tol * 10, 'hermitian');
    expect(L.pinv(jnp.zeros([2, 0, 3])).shape).toEqual([2, 3, 0]);
  });

  it('gradients against central differences (float64); vmap; bad input', () => {
    config.update('enableX64', true);
    expectGrad((x) => jnp.sum(jnp.sin(L.pinv(x))), mat(4, 3, 11, 'float64'), 'pinv tall');
    expectGrad((x) => jnp.sum(jnp.cos(L.pinv(x))), mat(2, 4, 12, 'float64'), 'pinv wide');
    const s = mat(3, 3, 13, 'float64');
    expectGrad((x) => jnp.sum(jnp.sin(L.pinv(x, { hermitian: true }))), s.add(s.T), 'pinv hermitian', 1e-4);
    const as = jnp.stack([0, 1, 2].map((i) => mat(3, 2, 20 + i, 'float64')));
    close(vmap((a: jp.Array) => L.pinv(a))(as), jnp.stack([0, 1, 2].map((i) => L.pinv(as.index(i)))), 1e-12, 'vmap');
    expect(() => L.pinv(jnp.ones([3]))).toThrow(jp.ShapeError);
    expect(() => L.pinv(jnp.eye(2), 0.1, { rcond: 0.1 })).toThrow(/only one/);
  });
});

describe('matrixRank, cond, matrixPower', () => {
  it('matrixRank', () => {
    expect(L.matrixRank(jnp.zeros([3, 3])).item()).toBe(0);
    expect(L.matrixRank(jnp.eye(4)).item()).toBe(4);
    expect(L.matrixRank(jnp.zeros([3])).item()).toBe(0);
    expect(() => L.matrixRank(jnp.eye(2), 0.1, { tol: 0.1 })).toThrow(/only one/);
    expect(vmap((a: jp.Array) => L.matrixRank(a))(jnp.stack([jnp.eye(3), jnp.zeros([3, 3])])).tolist()).toEqual([3, 0]);
  });

  it('cond: identity, orthogonal, against its definition, singular, NaN, bad input', () => {
    config.update('enableX64', true);
    const a = mat(4, 4, 30, 'float64');
    close(L.cond(jnp.eye(3, { dtype: 'float64' })), jnp.array(1, 'float64'), 1e-14, 'cond(I)');
    const [q] = L.qr(a) as jp.Array[];
    close(L.cond(q!), jnp.array(1, 'float64'), 1e-12, 'cond(Q)');
    for (const p of [1, -1, Infinity, 'fro', 'nuc'] as const)
      close(L.cond(a, p), L.norm(a, p).mul(L.norm(L.inv(a), p)), 1e-12, `cond p=${p}`);
    close(L.cond(a, -2), jnp.array(1, 'float64').div(L.cond(a)), 1e-12, 'cond -2');
    expect(Number(L.cond(jnp.array([[1, 2], [2, 4]], 'float64')).item())).toBeGreaterThan(1e12);
    expect(Number.isNaN(Number(L.cond(jnp.array([[1, NaN], [2, 4]], 'float64'), 1).item()))).toBe(true);
    expect(() => L.cond(jnp.zeros([0, 0]))).toThrow(/non-empty/);
    expect(() => L.cond(jnp.ones([2, 3]), 1)).toThrow(/square/);
    expect(() => L.cond(jnp.ones([3]))).toThrow(jp.ShapeError);
    expectGrad((x) => L.cond(x), mat(3, 3, 31, 'float64'), 'cond');
  });

  it('matrixPower against repeated products; negative powers; integers stay integers', () => {
    config.update('enableX64', true);
    const a = mat(3, 3, 40, 'float64');
    let p = jnp.eye(3, { dtype: 'float64' });
    for (let k = 1; k <= 9; k++) {
      p = jnp.matmul(p, a);
      close(L.matrixPower(a, k), p, 1e-12, `a^${k}`);
    }
    close(L.matrixPower(a, -2), jnp.matmul(L.inv(a), L.inv(a)), 1e-12, 'a^-2');
    close(L.matrixPower(jnp.zeros([2, 3, 3]), 0), jnp.broadcastTo(jnp.eye(3), [2, 3, 3]), 0, 'a^0');
    const i = jnp.array([[1, 1], [1, 0]], 'int32');
    expect([L.matrixPower(i, 10).tolist(), L.matrixPower(i, 10).dtype.name]).toEqual([[[89, 55], [55, 34]], 'int32']);
    expect(() => L.matrixPower(jnp.ones([2, 3]), 2)).toThrow(jp.ShapeError);
    expect(() => L.matrixPower(jnp.eye(2), 1.5)).toThrow(/integer/);
    close(vmap((m: jp.Array) => L.matrixPower(m, 3))(jnp.stack([a, a.T])), jnp.stack([L.matrixPower(a, 3), L.matrixPower(a.T, 3)]), 1e-12, 'vmap');
  });
});

describe('multiDot, tensorsolve, tensorinv, singular-value norms', () => {
  it('multiDot equals the left-to-right product; vectors at the ends; bad input', () => {
    const [a, b, c, d] = [mat(2, 30, 1), mat(30, 3, 2), mat(3, 40, 3), mat(40, 2, 4)];
    close(L.multiDot([a, b, c, d]), jnp.matmul(jnp.matmul(jnp.matmul(a, b), c), d), 1e-4, 'chain');
    const v = mat(1, 2, 5).reshape(2);
    close(L.multiDot([v, a, b]), jnp.matmul(jnp.matmul(v, a), b), 1e-4, 'vector first');
    close(L.multiDot([a, b, mat(1, 3, 6).reshape(3)]), jnp.matmul(jnp.matmul(a, b), mat(1, 3, 6).reshape(3)), 1e-4, 'vector last');
    expect(() => L.multiDot([a])).toThrow(/at least two/);
    expect(() => L.multiDot([a, c])).toThrow(/chain/);
    expect(() => L.multiDot([a, jnp.ones([30, 2, 2]), c])).toThrow(/2-D/);
  });

  it('tensorsolve and tensorinv round trips; bad input', () => {
    config.update('enableX64', true);
    const a = mat(6, 6, 7, 'float64').add(jnp.eye(6, { dtype: 'float64' }).mul(4)).reshape(2, 3, 2, 3);
    const b = mat(2, 3, 8, 'float64');
    const x = L.tensorsolve(a, b);
    close(jnp.tensordot(a, x, 2), b, 1e-12, 'tensordot(a, x) = b');
    const ainv = L.tensorinv(a);
    expect(ainv.shape).toEqual([2, 3, 2, 3]);
    close(jnp.tensordot(ainv, a, 2), jnp.eye(6, { dtype: 'float64' }).reshape(2, 3, 2, 3), 1e-12, 'tensorinv(a) · a = I');
    expect(() => L.tensorsolve(a, mat(3, 2, 1, 'float64'))).toThrow(jp.ShapeError);
    expect(() => L.tensorinv(jnp.ones([2, 3, 4]), 1)).toThrow(/product/);
    expect(() => L.tensorinv(jnp.ones([2, 2]), 0)).toThrow(/positive/);
  });

  it('norms 2, -2 and nuc are the singular values’ max, min and sum; gradients; empty', () => {
    config.update('enableX64', true);
    const a = mat(4, 3, 9, 'float64');
    const s = vals(L.svdvals(a));
    expect(Number(L.norm(a, 2).item())).toBeCloseTo(s[0]!, 13);
    expect(Number(L.norm(a, -2).item())).toBeCloseTo(s[2]!, 13);
    expect(Number(L.norm(a, 'nuc').item())).toBeCloseTo(s[0]! + s[1]! + s[2]!, 12);
    // ‖A‖₂ is the largest |A v| over unit v: never exceeded by a sample of them.
    for (let k = 0; k < 5; k++) {
      const v = mat(3, 1, 50 + k, 'float64');
      expect(Number(L.norm(jnp.matmul(a, v)).item()) / Number(L.norm(v).item())).toBeLessThanOrEqual(s[0]! * (1 + 1e-12));
    }
    for (const o of [2, -2, 'nuc'] as const) expectGrad((x) => L.norm(x, o), a, `norm ${o}`);
    expect(L.norm(jnp.zeros([0, 3]), 2).item()).toBe(0);
    expect(() => L.matrixNorm(jnp.zeros([0, 3]), { ord: -2 })).toThrow(/empty/);
    expect(L.matrixNorm(jnp.ones([2, 2, 3]), { ord: 'nuc', keepdims: true }).shape).toEqual([2, 1, 1]);
  });
});

describe('polyfit', () => {
  it('recovers a polynomial exactly; weights; 2-D y; bad input', () => {
    config.update('enableX64', true);
    const x = jnp.linspace(-2, 3, 9, { dtype: 'float64' });
    const coef = jnp.array([0.5, -1, 2, 3], 'float64');
    const y = jnp.polyval(coef, x);
    close(jnp.polyfit(x, y, 3) as jp.Array, coef, 1e-10, 'exact cubic');
    close(jnp.polyfit(x, y, 3, { w: jnp.linspace(1, 2, 9, { dtype: 'float64' }) }) as jp.Array, coef, 1e-10, 'weighted');
    const two = jnp.polyfit(x, jnp.stack([y, y.mul(2)], { axis: 1 }), 3) as jp.Array;
    close(two, jnp.stack([coef, coef.mul(2)], { axis: 1 }), 1e-10, '2-D y');
    const [, resid, rank] = jnp.polyfit(x, y, 3, { full: true }) as jp.Array[];
    expect([Number(resid!.item()) < 1e-20, rank!.item()]).toEqual([true, 4]);
    expect(() => jnp.polyfit(x, y, -1)).toThrow(/deg/);
    expect(() => jnp.polyfit(x.reshape(3, 3), y, 1)).toThrow(/1-D/);
    expect(() => jnp.polyfit(x, jnp.take(y, jnp.arange(5)), 1)).toThrow(/same length/);
    expect(() => jnp.polyfit(jnp.take(x, jnp.arange(4)), jnp.take(y, jnp.arange(4)), 3, { cov: true })).toThrow(/exceed/);
    expect(() => jnp.polyfit(x, y, 1, { w: jnp.ones([3]) })).toThrow(/w must/);
  });
});
