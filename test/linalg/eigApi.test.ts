// The public eigensolver API on complex arrays: jnp.linalg.eig/eigvals and lax.linalg.eig
// (dtypes, shapes, options, jit, vmap, grad of a real function of the eigenvalues against JAX's)
// and jnp.roots against JAX 0.10.2 (test/golden/make_eig.py), compared as multisets with NaN roots
// in JAX's places.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Enc, decode, loadGolden } from '../numpy/golden.js';
import { vals } from './helpers.js';

const { numpy: jnp, lax, jit, vmap, grad, config } = jp;
interface EigCase {
  name: string;
  dtype: string;
  a: Enc;
  w: [Enc, Enc];
  grad?: Enc;
}
interface RootsCase {
  name: string;
  dtype: string;
  strip: boolean;
  p: Enc;
  roots: [Enc, Enc];
}
const golden = loadGolden<{ eig: EigCase[]; roots: RootsCase[] }>('eig.json');
afterAll(() => config.update('enableX64', false));

type C = [number, number];
/** [re, im] pairs of a complex array, via real and imag. */
const pairs = (z: jp.Array): C[] => {
  const [re, im] = [vals(jnp.real(z)), vals(jnp.imag(z))];
  return re.map((r, i) => [r, im[i]!]);
};
const key = ([r, i]: C) => (Number.isNaN(r) ? Infinity : r * 1e3 + i);
/**
 * The multisets agree within `tol` (both sorted by real, then imaginary part; NaNs last). A double
 * root is only determined to √tol (a perturbation ε of the matrix moves it by √ε).
 */
function expectSameRoots(got: C[], want: C[], tol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  const [g, w] = [got, want].map((l) => [...l].sort((x, y) => key(x) - key(y)));
  const near = (a: C, b: C) => Math.hypot(a[0] - b[0], a[1] - b[1]) <= 1e-3;
  g.forEach((z, k) => {
    const t = w[k]!;
    const repeated = w.some((u, j) => j !== k && near(u, t));
    const bound = (repeated ? Math.sqrt(tol) : tol) * Math.max(1, Math.hypot(...t));
    if (Number.isNaN(t[0])) expect(Number.isNaN(z[0]) && Number.isNaN(z[1]), `${what}[${k}] NaN`).toBe(true);
    else expect(Math.hypot(z[0] - t[0], z[1] - t[1]), `${what}[${k}]: ${z} vs ${t}`).toBeLessThanOrEqual(bound);
  });
}
const complexName = (dtype: string) => (dtype === 'float64' ? 'complex128' : 'complex64');

describe.each(['float32', 'float64'])('jnp.linalg.eig and eigvals (%s)', (dtype) => {
  const tol = dtype === 'float64' ? 1e-9 : 5e-4;
  for (const c of golden.eig.filter((g) => g.dtype === dtype && ['rand5', 'batch', 'rotation', 'companion'].includes(g.name))) {
    it(c.name, () => {
      config.update('enableX64', dtype === 'float64');
      const a = decode(c.a);
      const n = a.shape[a.ndim - 1]!;
      const want = c.w[0].data.map((r, i) => [Number(r), Number(c.w[1].data[i])] as C);
      for (const [how, [w, v]] of [['eager', jnp.linalg.eig(a)], ['jit', jit(jnp.linalg.eig)(a)]] as const) {
        expect([w.dtype.name, v.dtype.name, v.shape], how).toEqual([complexName(dtype), complexName(dtype), a.shape]);
        const got = pairs(w);
        for (let b = 0; b < got.length / n; b++) expectSameRoots(got.slice(b * n, b * n + n), want.slice(b * n, b * n + n), tol, `${c.name} ${how}`);
        // A v = v diag(w): A times v's real and imaginary parts, against the complex products.
        const vw = v.mul(jnp.expandDims(w, -2));
        const err = jnp.abs(jnp.matmul(a, jnp.real(v)).sub(jnp.real(vw))).add(jnp.abs(jnp.matmul(a, jnp.imag(v)).sub(jnp.imag(vw))));
        expect(Number(jnp.max(err).item()), `${c.name} ${how} A v = v diag(w)`).toBeLessThan(tol * 10 * n * Math.max(1, ...vals(a).map(Math.abs)));
      }
      const [w2] = [jnp.linalg.eigvals(a)];
      expect(pairs(w2)).toEqual(pairs(jnp.linalg.eig(a)[0]));
      if (c.grad) {
        // make_eig.py's loss, on complex eigenvalues.
        const loss = (x: jp.Array) => {
          const w = jnp.linalg.eigvals(x);
          return jnp.sum(jnp.real(w).mul(jnp.cos(jnp.imag(w))).add(jnp.abs(w)));
        };
        const g = vals(grad(loss)(a));
        const scale = n * Math.max(1, ...vals(a).map(Math.abs));
        c.grad.data.map(Number).forEach((v, i) => expect(Math.abs(g[i]! - v), `${c.name} grad[${i}]`).toBeLessThanOrEqual((dtype === 'float64' ? 1e-8 : 2e-3) * scale));
      }
    });
  }
});

describe('lax.linalg.eig', () => {
  it('returns the eigenvectors asked for, and vmaps as a loop', () => {
    config.update('enableX64', false);
    const a = jnp.array([[2, -1, 0.5], [1, 3, 0], [0.2, -0.4, 1]], 'float32');
    expect(lax.linalg.eig(a).length).toBe(3);
    expect(lax.linalg.eig(a, { computeLeftEigenvectors: false }).length).toBe(2);
    expect(lax.linalg.eig(a, { computeLeftEigenvectors: false, computeRightEigenvectors: false }).length).toBe(1);
    const stack = jnp.stack([a, a.T, a.mul(2)]);
    const batched = vmap(jnp.linalg.eigvals)(stack);
    for (let b = 0; b < 3; b++) expect(pairs(batched).slice(b * 3, b * 3 + 3)).toEqual(pairs(jnp.linalg.eigvals(jnp.take(stack, b, { axis: 0 }))));
  });

  it('integers promote; non-square operands and eigenvector gradients raise', () => {
    config.update('enableX64', false);
    expect(jnp.linalg.eigvals(jnp.array([[1, 2], [3, 4]], 'int32')).dtype.name).toBe('complex64');
    expect(() => jnp.linalg.eig(jnp.zeros([2, 3]))).toThrow(jp.ShapeError);
    expect(() => grad((x: jp.Array) => jnp.sum(jnp.real(jnp.linalg.eig(x)[1])))(jnp.eye(2))).toThrow(/eigenvectors are not implemented/);
  });
});

describe.each(['float32', 'float64'])('jnp.roots against JAX (%s)', (dtype) => {
  for (const c of golden.roots.filter((g) => g.dtype === dtype)) {
    it(`${c.name}${c.strip ? '' : ' (stripZeros false)'}`, () => {
      config.update('enableX64', dtype === 'float64');
      const p = decode(c.p);
      const want = c.roots[0].data.map((r, i) => [Number(r), Number(c.roots[1].data[i])] as C);
      const tol = dtype === 'float64' ? 1e-9 : 1e-4;
      const calls: [string, jp.Array][] = [['eager', jnp.roots(p, { stripZeros: c.strip })]];
      if (!c.strip) calls.push(['jit', jit((q: jp.Array) => jnp.roots(q, { stripZeros: false }))(p)]);
      for (const [how, r] of calls) {
        expect(r.dtype.name, how).toBe(complexName(dtype));
        expectSameRoots(pairs(r), want, tol, `${c.name} ${how}`);
      }
    });
  }
});

describe('jnp.roots', () => {
  it('needs stripZeros false under jit, and a rank-1 input', () => {
    config.update('enableX64', false);
    expect(() => jit((q: jp.Array) => jnp.roots(q))(jnp.array([1, 2, 3]))).toThrow(jp.ConcretizationError);
    expect(() => jnp.roots(jnp.ones([2, 2]))).toThrow(jp.ShapeError);
    expect(jnp.roots(jnp.array([0, 0, 0])).shape).toEqual([0]);
    expect(jnp.roots(3).shape).toEqual([0]);
  });
});
