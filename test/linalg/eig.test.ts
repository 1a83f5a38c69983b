// The nonsymmetric eigensolver against JAX 0.10.2 (test/golden/make_eig.py) and identities:
// eigenvalues compared as multisets (their order is not determined), eigenvectors up to a unit
// complex factor, A v = λ v and uᴴ A = λ uᴴ for every pair, unit norms with the largest component
// real; eager, jit and vmap; the eigenvalues' derivatives against JAX's and central differences.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { eigPlanes } from '../../src/lax/linalg/eig.js';
import { type Enc, decode, loadGolden } from '../numpy/golden.js';
import { type C, column, dist, distinct, matchEigenvalues, phaseDistance, planes } from './eigHelpers.js';
import { vals } from './helpers.js';

const { numpy: jnp, jit, vmap, grad, config } = jp;
interface EigCase {
  name: string;
  dtype: string;
  a: Enc;
  w: [Enc, Enc];
  vr: [Enc, Enc];
  vl: [Enc, Enc];
  grad?: Enc;
}
const golden = loadGolden<{ eig: EigCase[] }>('eig.json');
afterAll(() => config.update('enableX64', false));

const tolOf = (dtype: string) => (dtype === 'float64' ? 1e-9 : 2e-4);

describe.each(['float32', 'float64'])('eig against JAX (%s)', (dtype) => {
  for (const c of golden.eig.filter((g) => g.dtype === dtype)) {
    it(c.name, () => {
      config.update('enableX64', dtype === 'float64');
      const a = decode(c.a);
      const n = a.shape[a.ndim - 1]!;
      const batch = a.size / (n * n);
      const av = vals(a);
      const scale = Math.max(1, ...av.map(Math.abs)) * n;
      const tol = tolOf(dtype) * scale;
      const f = (x: jp.Array) => {
        const e = eigPlanes(x, true, true);
        return [...e.w, ...e.vr!, ...e.vl!];
      };
      for (const [how, out] of [['eager', f(a)], ['jit', jit(f)(a)]] as const) {
        const what = `${c.name} ${how}`;
        const [wr, wi, vrr, vri, vlr, vli] = out.map(vals) as number[][];
        expect(out.map((o) => o.dtype.name)).toEqual(Array(6).fill(dtype));
        const [wantR, wantI] = c.w.map((e) => e.data.map(Number));
        const [gvr, gvi, gvl, gvli] = [...c.vr, ...c.vl].map((e) => e.data.map(Number));
        for (let b = 0; b < batch; b++) {
          const got = planes(wr!.slice(b * n, b * n + n), wi!.slice(b * n, b * n + n));
          const want = planes(wantR!.slice(b * n, b * n + n), wantI!.slice(b * n, b * n + n));
          const perm = matchEigenvalues(got, want, tol, what);
          for (let j = 0; j < n; j++) {
            const [lr, li] = got[j]!;
            const v = column(vrr!, vri!, n, b, j);
            const u = column(vlr!, vli!, n, b, j);
            for (const [name, x] of [['right', v], ['left', u]] as const) {
              expect(Math.hypot(...x.flat()), `${what} ${name} ${j} norm`).toBeCloseTo(1, dtype === 'float64' ? 10 : 5);
              // The largest-magnitude component is real.
              const big = x.reduce((k, xi, i) => (Math.hypot(...xi) > Math.hypot(...x[k]!) ? i : k), 0);
              expect(Math.abs(x[big]![1]), `${what} ${name} ${j} phase`).toBeLessThanOrEqual(tolOf(dtype));
            }
            // A v = λ v and uᴴ A = λ uᴴ.
            for (let i = 0; i < n; i++) {
              let [ar, ai, ur, ui] = [0, 0, 0, 0];
              for (let k = 0; k < n; k++) {
                const aik = av[b * n * n + i * n + k]!;
                const aki = av[b * n * n + k * n + i]!;
                [ar, ai] = [ar + aik * v[k]![0], ai + aik * v[k]![1]];
                // (uᴴ A)_i = Σ_k conj(u_k) A_ki.
                [ur, ui] = [ur + aki * u[k]![0], ui - aki * u[k]![1]];
              }
              const lv: C = [lr * v[i]![0] - li * v[i]![1], lr * v[i]![1] + li * v[i]![0]];
              const lu: C = [lr * u[i]![0] + li * u[i]![1], li * u[i]![0] - lr * u[i]![1]];
              expect(dist([ar, ai], lv), `${what} A v = λ v, vector ${j} row ${i}`).toBeLessThanOrEqual(tol);
              expect(dist([ur, ui], lu), `${what} uᴴ A = λ uᴴ, vector ${j} column ${i}`).toBeLessThanOrEqual(tol);
            }
          }
          // Vectors agree with JAX's up to phase where the eigenvalues are well separated.
          if (distinct(want, 1e-2 * scale))
            perm.forEach((j, k) => {
              expect(phaseDistance(column(vrr!, vri!, n, b, j), column(gvr!, gvi!, n, b, k)), `${what} right vector ${k}`).toBeLessThanOrEqual(50 * tolOf(dtype) * n);
              expect(phaseDistance(column(vlr!, vli!, n, b, j), column(gvl!, gvli!, n, b, k)), `${what} left vector ${k}`).toBeLessThanOrEqual(50 * tolOf(dtype) * n);
            });
        }
      }
      if (c.grad) {
        // Σ re·cos(im) + |λ|, as make_eig.py's loss, on the planes.
        const loss = (x: jp.Array) => {
          const [re, im] = eigPlanes(x, false, false).w;
          return jnp.sum(re.mul(jnp.cos(im)).add(jnp.sqrt(re.mul(re).add(im.mul(im)))));
        };
        for (const g of [grad(loss)(a), jit(grad(loss))(a)]) {
          const want = c.grad.data.map(Number);
          vals(g).forEach((v, i) => expect(Math.abs(v - want[i]!), `${c.name} grad[${i}]: ${v} vs ${want[i]}`).toBeLessThanOrEqual(dtype === 'float64' ? 1e-8 * scale : 2e-3 * scale));
        }
      }
    });
  }
});

describe('eig planes: properties', () => {
  // Well-separated spectra (so the derivative is well conditioned): diag(1, 4, 9) or a rotation
  // block [[1, -3], [3, 1]] beside 6, plus a perturbation of at most 0.3 per entry.
  const bases = [
    [1, 0, 0, 0, 4, 0, 0, 0, 9],
    [1, -3, 0, 3, 1, 0, 0, 0, 6],
  ];
  const small = fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 9, maxLength: 9 });
  const arb = fc.record({ base: fc.constantFrom(...bases), e: small, t: small });

  it('the eigenvalues\' jvp matches central differences (float64)', () => {
    config.update('enableX64', true);
    const f = (x: jp.Array) => jnp.stack(eigPlanes(x, false, false).w);
    fc.assert(
      fc.property(arb, ({ base, e, t }) => {
        const a = jnp.array(base.map((b, i) => b + e[i]!), 'float64').reshape(3, 3);
        const dt = jnp.array(t, 'float64').reshape(3, 3);
        const [primal, tangent] = jp.jvp(f, [a], [dt]);
        const h = 1e-6;
        const [up, down] = [vals(f(a.add(dt.mul(h)))), vals(f(a.sub(dt.mul(h))))];
        // Differences pair eigenvalues by position: valid while the order is stable under ±h.
        const order = (v: number[]) => JSON.stringify([0, 1, 2].sort((i, j) => v[i]! - v[j]! || v[i + 3]! - v[j + 3]!));
        if (order(up) !== order(vals(primal)) || order(down) !== order(vals(primal))) return;
        vals(tangent).forEach((v, i) => expect(Math.abs(v - (up[i]! - down[i]!) / (2 * h)), `[${i}]`).toBeLessThan(1e-5));
      }),
      { numRuns: 25 },
    );
  });

  it('vmap over a batch equals a loop', () => {
    config.update('enableX64', false);
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 3 }), (cases) => {
        const a = jnp.stack(cases.map(({ base, e }) => jnp.array(base.map((b, i) => b + e[i]!), 'float32').reshape(3, 3)));
        const f = (x: jp.Array) => [...eigPlanes(x, false, true).w, ...eigPlanes(x, false, true).vr!];
        const batched = vmap(f)(a).map(vals);
        cases.forEach((_, b) => {
          const one = f(jnp.take(a, b, { axis: 0 })).map(vals);
          one.forEach((v, k) => expect(batched[k]!.slice(b * v.length, (b + 1) * v.length)).toEqual(v));
        });
      }),
      { numRuns: 15 },
    );
  });
});

describe('eig planes', () => {
  it('vmap agrees with a loop', () => {
    config.update('enableX64', true);
    const a = jnp.array(Array.from({ length: 3 * 16 }, (_, i) => Math.sin(i * 1.7) * 2), 'float64').reshape(3, 4, 4);
    const f = (x: jp.Array) => eigPlanes(x, false, true).vr!;
    const batched = vmap(f)(a);
    for (let b = 0; b < 3; b++) {
      const one = f(jnp.take(a, b, { axis: 0 }));
      batched.forEach((x, k) => expect(vals(x).slice(b * 16, b * 16 + 16)).toEqual(vals(one[k]!)));
    }
  });

  it('eigenvalue jvp matches central differences (float64)', () => {
    config.update('enableX64', true);
    const a = jnp.array([[1, 2, 0.5], [-1, 0.3, 2], [0.7, -2, 1]], 'float64');
    const t = jnp.array([[0.3, -0.2, 0.1], [0.5, 0.4, -0.6], [0.2, 0.1, 0.9]], 'float64');
    const f = (x: jp.Array) => jnp.stack(eigPlanes(x, false, false).w);
    const [, tangent] = jp.jvp(f, [a], [t]);
    const h = 1e-6;
    const fd = vals(f(a.add(t.mul(h)))).map((v, i) => (v - vals(f(a.sub(t.mul(h))))[i]!) / (2 * h));
    vals(tangent).forEach((v, i) => expect(Math.abs(v - fd[i]!), `[${i}] ${v} vs ${fd[i]}`).toBeLessThan(1e-6));
  });

  it('NaN or inf input gives NaN, not a hang', () => {
    config.update('enableX64', false);
    for (const bad of [NaN, Infinity]) {
      const e = eigPlanes(jnp.array([[1, bad], [2, 3]]), false, true);
      for (const x of [...e.w, ...e.vr!]) expect(vals(x).every(Number.isNaN)).toBe(true);
    }
  });

  it('empty and 1×1 matrices', () => {
    config.update('enableX64', false);
    const e = eigPlanes(jnp.zeros([2, 0, 0]), true, true);
    expect(e.w[0].shape).toEqual([2, 0]);
    expect(e.vr![0].shape).toEqual([2, 0, 0]);
    const one = eigPlanes(jnp.array([[-3]], 'float32'), true, true);
    expect([...one.w, ...one.vr!, ...one.vl!].map((x) => vals(x)[0]! + 0)).toEqual([-3, 0, 1, 0, 1, 0]);
  });

  it('eigenvector derivatives raise, as in JAX', () => {
    expect(() => grad((x: jp.Array) => jnp.sum(eigPlanes(x, false, true).vr![0]))(jnp.eye(3))).toThrow(/derivatives of eigenvectors are not implemented/);
  });

  it('non-square and integer operands raise', () => {
    expect(() => eigPlanes(jnp.zeros([2, 3]), false, false)).toThrow(jp.ShapeError);
    expect(() => eigPlanes(jnp.zeros([3], { dtype: 'float32' }), false, false)).toThrow(jp.ShapeError);
    expect(() => eigPlanes(jnp.zeros([2, 2], { dtype: 'int32' }), false, false)).toThrow(jp.DtypeError);
  });
});

describe('eig near the underflow threshold and at extreme scales', () => {
  /** max |A v − λ v| over the eigenpairs, relative to max |A|. */
  function residual(a: number[], n: number): number {
    const x = jnp.array(a, 'float64').reshape(n, n);
    const e = eigPlanes(x, false, true);
    const [wr, wi] = e.w.map(vals) as [number[], number[]];
    const [vr, vi] = e.vr!.map(vals) as [number[], number[]];
    const anrm = Math.max(...a.map(Math.abs));
    let worst = 0;
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) (re += a[i * n + k]! * vr[k * n + j]!), (im += a[i * n + k]! * vi[k * n + j]!);
        re -= wr[j]! * vr[i * n + j]! - wi[j]! * vi[i * n + j]!;
        im -= wr[j]! * vi[i * n + j]! + wi[j]! * vr[i * n + j]!;
        worst = Math.max(worst, Math.hypot(re, im) / anrm);
      }
    return worst;
  }
  it('entries near or below the smallest normal number give finite eigenpairs (A v = λ v), not NaN', () => {
    config.update('enableX64', true);
    try {
      const cases: [number[], number][] = [
        [[1, 0, 0, -5.4e-323, 4, 0, 0, 0, 9], 3], // fast-check's counterexample: NaN eigenvectors before
        [[0, 0, -2e-308, -2, 0, -4, 4, 4, 0], 3], // no convergence before
        [[1e-310, 0, 5, 0], 2],
        [[-5.4e-323, 1e-310, 5e-324, 5, 2, -2e-308, 1e-310, 1e-310, 1e-300, 5e-324, 5e-324, -3, 0, 5e-324, 1, 0, -2e-308, -5.4e-323, -2, 0, -4, 1e-300, 4, -4, 1e-300], 5],
      ];
      for (const [a, n] of cases) {
        const r = residual(a, n);
        expect(Number.isFinite(r) && r < 1e-13, `${JSON.stringify(a)}: residual ${r}`).toBe(true);
      }
    } finally {
      config.update('enableX64', false);
    }
  });
  it('eigenvalues scale with the matrix from 1e-310 to 1e305 (closed form of [[1, 2], [3, 4]]: (5 ± √33)/2)', () => {
    config.update('enableX64', true);
    try {
      const want = [(5 - Math.sqrt(33)) / 2, (5 + Math.sqrt(33)) / 2];
      for (const c of [1e-310, 1e-200, 1, 1e200, 1e305]) {
        const w = vals(eigPlanes(jnp.array([1, 2, 3, 4].map((v) => v * c), 'float64').reshape(2, 2), false, false).w[0]!).sort((p, q) => p - q);
        w.forEach((v, i) => expect(Math.abs(v / c - want[i]!), `scale ${c}`).toBeLessThan(c < 1e-300 ? 1e-9 : 1e-14));
      }
    } finally {
      config.update('enableX64', false);
    }
  });
});
