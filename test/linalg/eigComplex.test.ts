// The complex nonsymmetric eigensolver (LAPACK zgeev's algorithm) against JAX 0.10 on CPU
// (test/golden/make_eig_complex.py) and identities: A v = λ v and uᴴ A = λ uᴴ for every pair to
// a tolerance scaled by ‖A‖·eps·n, unit vectors with the largest component real and positive,
// eigenvalues as JAX's (as multisets, and in LAPACK's order where the spectrum is well
// separated), Hermitian matrices against eigh, triangular ones against their diagonal; eager,
// jit and vmap; the eigenvalues' derivatives against JAX's and central differences.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { eigPlanes } from '../../src/lax/linalg/eig.js';
import { type Enc, decode, loadGolden } from '../numpy/golden.js';
import { type C, column, dist, distinct, matchEigenvalues, phaseDistance, planes } from './eigHelpers.js';
import { vals } from './helpers.js';

const { numpy: jnp, lax, jit, grad, config } = jp;
interface EigCase {
  name: string;
  dtype: string;
  a: [Enc, Enc];
  w: [Enc, Enc];
  vr: [Enc, Enc];
  vl: [Enc, Enc];
  eigh?: Enc;
  grad?: [Enc, Enc];
  /** NumPy's eigenvalues where JAX's are wrong (make_eig_complex.py: geev's unscaling skipped). */
  w_ref?: [Enc, Enc];
}
interface RootsCase {
  name: string;
  dtype: string;
  p: [Enc, Enc];
  roots: [Enc, Enc];
}
const golden = loadGolden<{ eig: EigCase[]; roots: RootsCase[] }>('eig_complex.json');
afterAll(() => config.update('enableX64', false));

const epsOf = (dtype: string) => (dtype === 'complex128' ? 2.220446049250313e-16 : 1.1920929e-7);
const num = (e: Enc) => e.data.map(Number);
const cplx = ([re, im]: [Enc, Enc]) => lax.complex(decode(re), decode(im));
/** Frobenius norm of matrix b of a stack (scaled: entries may be near the underflow threshold). */
function frob(re: number[], im: number[], n: number, b: number): number {
  const parts = [...re.slice(b * n * n, (b + 1) * n * n), ...im.slice(b * n * n, (b + 1) * n * n)];
  const m = Math.max(...parts.map(Math.abs));
  return m === 0 ? 0 : m * Math.sqrt(parts.reduce((s, x) => s + (x / m) ** 2, 0));
}

/** max over eigenpairs of |A v − λ v| and |uᴴ A − λ uᴴ| (matrix b of a stack, vectors as planes). */
function residuals(a: [number[], number[]], w: C[], v: [number[], number[]], u: [number[], number[]], n: number, b: number): [number, number] {
  const A = (i: number, k: number): C => [a[0][b * n * n + i * n + k]!, a[1][b * n * n + i * n + k]!];
  const mulC = (x: C, y: C): C => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]];
  let [rv, ru] = [0, 0];
  for (let j = 0; j < n; j++) {
    const vj = column(v[0], v[1], n, b, j);
    const uj = column(u[0], u[1], n, b, j).map(([r, i]): C => [r, -i]);
    for (let i = 0; i < n; i++) {
      let [s, t]: [C, C] = [[0, 0], [0, 0]];
      for (let k = 0; k < n; k++) {
        const p = mulC(A(i, k), vj[k]!);
        const q = mulC(uj[k]!, A(k, i));
        s = [s[0] + p[0], s[1] + p[1]];
        t = [t[0] + q[0], t[1] + q[1]];
      }
      rv = Math.max(rv, dist(s, mulC(w[j]!, vj[i]!)));
      ru = Math.max(ru, dist(t, mulC(w[j]!, uj[i]!)));
    }
  }
  return [rv, ru];
}

/** Unit 2-norm, and some component of the largest magnitude real and positive (zgeev). */
function expectNormalised(x: C[], eps: number, what: string): void {
  expect(Math.abs(Math.hypot(...x.flat()) - 1), `${what} norm`).toBeLessThanOrEqual(10 * x.length * eps);
  const big = Math.max(...x.map((z) => Math.hypot(...z)));
  expect(x.some(([r, i]) => i === 0 && r > 0 && r >= big * (1 - 10 * eps)), `${what}: no largest component real and positive in ${JSON.stringify(x)}`).toBe(true);
}

describe.each(['complex64', 'complex128'])('complex eig against JAX (%s)', (dtype) => {
  for (const c of golden.eig.filter((g) => g.dtype === dtype)) {
    it(c.name, () => {
      config.update('enableX64', dtype === 'complex128');
      const a = cplx(c.a);
      const n = a.shape[a.ndim - 1]!;
      const batch = a.size / (n * n);
      const av = c.a.map(num) as [number[], number[]];
      const eps = epsOf(dtype);
      const f = (x: jp.Array) => {
        const e = eigPlanes(x, true, true);
        return [...e.w, ...e.vr!, ...e.vl!];
      };
      const [wantR, wantI] = (c.w_ref ?? c.w).map(num) as [number[], number[]];
      const [gvr, gvi, gvl, gvli] = [...c.vr, ...c.vl].map(num) as [number[], number[], number[], number[]];
      for (const [how, out] of [['eager', f(a)], ['jit', jit(f)(a)]] as const) {
        const what = `${c.name} ${how}`;
        expect(out.map((o) => o.dtype.name)).toEqual(Array(6).fill(dtype === 'complex128' ? 'float64' : 'float32'));
        const [wr, wi, vrr, vri, vlr, vli] = out.map(vals) as number[][];
        for (let b = 0; b < batch; b++) {
          const norm = frob(av[0], av[1], n, b);
          const tol = 10 * n * eps * norm;
          const got = planes(wr!.slice(b * n, b * n + n), wi!.slice(b * n, b * n + n));
          const want = planes(wantR.slice(b * n, b * n + n), wantI.slice(b * n, b * n + n));
          // A triple eigenvalue (the Jordan block) is only determined to (eps·‖A‖)^(1/3).
          const perm = matchEigenvalues(got, want, c.name === 'jordan' ? 10 * Math.cbrt(eps) * norm : tol, what);
          // Well separated: LAPACK's order (zlahqr deflates from the bottom, as JAX's CPU eig), in
          // double precision (cgeev's float32 rounding can change which eigenvalue converges
          // first). Not for 'lower': LAPACK's balancing (zgebal) permutes it first.
          if (dtype === 'complex128' && c.name !== 'lower' && distinct(want, 1e-2 * norm)) expect(perm, `${what} order`).toEqual(want.map((_, k) => k));
          const [rv, ru] = residuals(av, got, [vrr!, vri!], [vlr!, vli!], n, b);
          expect(rv, `${what} A v = λ v`).toBeLessThanOrEqual(tol);
          expect(ru, `${what} uᴴ A = λ uᴴ`).toBeLessThanOrEqual(tol);
          for (let j = 0; j < n; j++) {
            expectNormalised(column(vrr!, vri!, n, b, j), eps, `${what} right ${j}`);
            expectNormalised(column(vlr!, vli!, n, b, j), eps, `${what} left ${j}`);
          }
          if (distinct(want, 1e-2 * norm))
            perm.forEach((j, k) => {
              expect(phaseDistance(column(vrr!, vri!, n, b, j), column(gvr, gvi, n, b, k)), `${what} right vector ${k}`).toBeLessThanOrEqual(1e3 * n * eps);
              expect(phaseDistance(column(vlr!, vli!, n, b, j), column(gvl, gvli, n, b, k)), `${what} left vector ${k}`).toBeLessThanOrEqual(1e3 * n * eps);
            });
          if (c.eigh) {
            // Hermitian: real eigenvalues, those of eigh.
            const h = num(c.eigh).slice(b * n, b * n + n);
            got.forEach(([, im]) => expect(Math.abs(im), `${what} real eigenvalues`).toBeLessThanOrEqual(tol));
            [...got.map(([re]) => re)].sort((p, q) => p - q).forEach((re, k) => expect(Math.abs(re - h[k]!), `${what} vs eigh`).toBeLessThanOrEqual(tol));
          }
          if (['upper', 'lower', 'diagonal'].includes(c.name)) {
            const diag = Array.from({ length: n }, (_, i): C => [av[0][i * n + i]!, av[1][i * n + i]!]);
            matchEigenvalues(got, diag, tol, `${what} diagonal`);
            // Already triangular: nothing to reduce or iterate, the diagonal comes back exactly.
            if (c.name !== 'lower') expect(got.map(([r, i]) => [r + 0, i + 0]), `${what} exact diagonal`).toEqual(diag.map(([r, i]) => [r + 0, i + 0]));
          }
        }
      }
      if (c.grad) {
        const loss = (x: jp.Array) => {
          const [re, im] = eigPlanes(x, false, false).w;
          return jnp.sum(re.mul(jnp.cos(im)).add(jnp.sqrt(re.mul(re).add(im.mul(im)))));
        };
        const [wr, wi] = c.grad.map(num) as [number[], number[]];
        const scale = Math.max(1, ...av[0].map(Math.abs), ...av[1].map(Math.abs)) * n;
        for (const g of [grad(loss)(a), jit(grad(loss))(a)]) {
          expect(g.dtype.name).toBe(dtype);
          const [gr, gi] = [vals(jnp.real(g)), vals(jnp.imag(g))];
          gr.forEach((v, i) => {
            const bound = (dtype === 'complex128' ? 1e-9 : 3e-3) * scale;
            expect(Math.abs(v - wr[i]!), `${c.name} grad re[${i}]: ${v} vs ${wr[i]}`).toBeLessThanOrEqual(bound);
            expect(Math.abs(gi[i]! - wi[i]!), `${c.name} grad im[${i}]: ${gi[i]} vs ${wi[i]}`).toBeLessThanOrEqual(bound);
          });
        }
      }
    });
  }
});

describe('jnp.roots with complex coefficients against JAX', () => {
  for (const c of golden.roots)
    it(`${c.name} (${c.dtype})`, () => {
      config.update('enableX64', c.dtype === 'complex128');
      const r = jnp.roots(cplx(c.p));
      expect(r.dtype.name).toBe(c.dtype);
      const got = planes(vals(jnp.real(r)), vals(jnp.imag(r)));
      const want = planes(...(c.roots.map(num) as [number[], number[]]));
      expect(got.length).toBe(want.length);
      const scale = Math.max(1, ...want.map((z) => Math.hypot(...z)));
      matchEigenvalues(got, want, 50 * epsOf(c.dtype) * scale * want.length, c.name);
    });
});

describe('complex eig: API and properties', () => {
  const re3 = [[1, 2, 0.5], [0.3, -1, 2], [1.5, 0.2, 0.7]];
  const im3 = [[0.2, -1, 0.1], [0.4, 0.3, -0.6], [0, 1, -0.2]];
  const a3 = (dtype: 'float32' | 'float64') => lax.complex(jnp.array(re3, dtype), jnp.array(im3, dtype));

  it('lax.linalg.eig options and jnp.linalg.eig/eigvals: dtypes and the same values', () => {
    for (const [dt, cdt] of [['float32', 'complex64'], ['float64', 'complex128']] as const) {
      config.update('enableX64', dt === 'float64');
      const a = a3(dt);
      const [w, vl, vr] = lax.linalg.eig(a);
      expect([w!, vl!, vr!].map((x) => [x.dtype.name, x.shape])).toEqual([[cdt, [3]], [cdt, [3, 3]], [cdt, [3, 3]]]);
      const left = lax.linalg.eig(a, { computeRightEigenvectors: false });
      const right = lax.linalg.eig(a, { computeLeftEigenvectors: false });
      const none = lax.linalg.eig(a, { computeLeftEigenvectors: false, computeRightEigenvectors: false });
      expect([left.length, right.length, none.length]).toEqual([2, 2, 1]);
      const same = (x: jp.Array, y: jp.Array) => expect([vals(jnp.real(x)), vals(jnp.imag(x))]).toEqual([vals(jnp.real(y)), vals(jnp.imag(y))]);
      same(left[1]!, vl!);
      same(right[1]!, vr!);
      for (const x of [left[0]!, right[0]!, none[0]!, jnp.linalg.eigvals(a), jnp.linalg.eig(a)[0]]) same(x, w!);
      same(jnp.linalg.eig(a)[1], vr!);
      same(jit((x: jp.Array) => jnp.linalg.eigvals(x))(a), w!);
    }
  });

  it('vmap over two batch axes equals a loop', () => {
    config.update('enableX64', true);
    const n = 3;
    const parts = [0, 1].map((k) => jnp.array(Array.from({ length: 2 * 3 * n * n }, (_, i) => Math.sin(i * 1.3 + k * 0.7) * 2), 'float64').reshape(2, 3, n, n));
    const a = lax.complex(parts[0]!, parts[1]!);
    const f = (x: jp.Array) => lax.linalg.eig(x);
    const batched = jp.vmap(jp.vmap(f))(a);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const one = f(jnp.take(jnp.take(a, i, { axis: 0 }), j, { axis: 0 }));
        batched.forEach((x, k) => {
          const size = one[k]!.size;
          const at = (i * 3 + j) * size;
          expect(vals(jnp.real(x)).slice(at, at + size)).toEqual(vals(jnp.real(one[k]!)));
          expect(vals(jnp.imag(x)).slice(at, at + size)).toEqual(vals(jnp.imag(one[k]!)));
        });
      }
  });

  it('the eigenvalues\' jvp matches central differences along a complex direction (complex128)', () => {
    config.update('enableX64', true);
    const a = a3('float64');
    const t = lax.complex(jnp.array([[0.3, -0.2, 0.1], [0.5, 0.4, -0.6], [0.2, 0.1, 0.9]], 'float64'), jnp.array([[-0.1, 0.4, 0.2], [0, 0.3, 0.5], [-0.7, 0.2, 0.1]], 'float64'));
    const f = (x: jp.Array) => jnp.linalg.eigvals(x);
    const [primal, tangent] = jp.jvp(f, [a], [t]);
    expect(tangent.dtype.name).toBe('complex128');
    const h = 1e-6;
    const [up, down] = [f(a.add(t.mul(h))), f(a.sub(t.mul(h)))];
    for (const part of [jnp.real, jnp.imag]) {
      const fd = vals(part(up)).map((v, i) => (v - vals(part(down))[i]!) / (2 * h));
      vals(part(tangent)).forEach((v, i) => expect(Math.abs(v - fd[i]!), `[${i}] ${v} vs ${fd[i]}`).toBeLessThan(1e-6));
    }
    expect(vals(jnp.real(primal))).toEqual(vals(jnp.real(f(a))));
  });

  it('a real matrix given as complex has the real solver\'s eigenvalues', () => {
    config.update('enableX64', true);
    const r = jnp.array(re3, 'float64');
    const got = eigPlanes(lax.complex(r, jnp.zerosLike(r)), false, false).w.map(vals) as [number[], number[]];
    const want = eigPlanes(r, false, false).w.map(vals) as [number[], number[]];
    matchEigenvalues(planes(...got), planes(...want), 1e-13, 'real as complex');
  });

  it('NaN or inf input gives NaN (as JAX); empty and 1×1 matrices', () => {
    config.update('enableX64', false);
    for (const bad of [NaN, Infinity]) {
      const out = lax.linalg.eig(lax.complex(jnp.array([[1, bad], [2, 3]]), jnp.array([[0, 1], [0, 0]])));
      for (const x of out) expect([...vals(jnp.real(x)), ...vals(jnp.imag(x))].every(Number.isNaN)).toBe(true);
    }
    const e = lax.linalg.eig(jnp.zeros([2, 0, 0], { dtype: 'complex64' }));
    expect(e.map((x) => x.shape)).toEqual([[2, 0], [2, 0, 0], [2, 0, 0]]);
    const one = eigPlanes(lax.complex(jnp.array([[-3]], 'float32'), jnp.array([[2]], 'float32')), true, true);
    expect([...one.w, ...one.vr!, ...one.vl!].map((x) => vals(x)[0]! + 0)).toEqual([-3, 2, 1, 0, 1, 0]);
  });

  it('eigenvector derivatives raise, as in JAX', () => {
    config.update('enableX64', false);
    const a = a3('float32');
    expect(() => jp.jvp((x: jp.Array) => lax.linalg.eig(x)[2]!, [a], [a])).toThrow(/derivatives of eigenvectors are not implemented/);
  });
});

describe('complex eig on defective, repeated and near-underflow spectra (fast-check)', () => {
  // A permuted triangular matrix (so not triangular any more, and exactly as defective): its
  // diagonal drawn from a pool of three values (repeats, Jordan blocks with unit superdiagonal),
  // scaled by 10^k from near the underflow to near the overflow threshold, with subnormal or
  // exact-zero entries mixed in.
  const entry = fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, 5e-324, -1e-310, 2e-308));
  const arb = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      diag: fc.array(fc.constantFrom<C>([1, 0], [1, 1], [-2, 0.5]), { minLength: n, maxLength: n }),
      upper: fc.array(fc.tuple(entry, entry), { minLength: n * n, maxLength: n * n }),
      perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      k: fc.constantFrom(-300, -200, -30, 0, 30, 200, 300),
    }),
  );
  it('finite, normalised eigenpairs with A v = λ v and uᴴ A = λ uᴴ (complex128)', () => {
    config.update('enableX64', true);
    const eps = epsOf('complex128');
    fc.assert(
      fc.property(arb, ({ n, diag, upper, perm, k }) => {
        const s = 10 ** k;
        const [re, im] = [new Array<number>(n * n).fill(0), new Array<number>(n * n).fill(0)];
        for (let i = 0; i < n; i++)
          for (let j = i; j < n; j++) {
            const [r, c] = i === j ? diag[i]! : upper[i * n + j]!;
            // Row and column i of the triangle become row and column perm[i]: P T Pᵀ.
            re[perm[i]! * n + perm[j]!] = r * s;
            im[perm[i]! * n + perm[j]!] = c * s;
          }
        const a = lax.complex(jnp.array(re, 'float64').reshape(n, n), jnp.array(im, 'float64').reshape(n, n));
        const e = eigPlanes(a, true, true);
        const [wr, wi, vr, vi, ul, ui] = [...e.w, ...e.vr!, ...e.vl!].map(vals) as number[][];
        const all = [wr!, wi!, vr!, vi!, ul!, ui!].flat();
        expect(all.every(Number.isFinite), `finite: ${JSON.stringify(all)}`).toBe(true);
        const norm = frob(re, im, n, 0);
        const w = planes(wr!, wi!);
        const [rv, ru] = residuals([re, im], w, [vr!, vi!], [ul!, ui!], n, 0);
        // Subnormal entries are flushed below SAFMIN/EPS of ‖A‖; products near underflow round absolutely.
        const tol = 50 * n * eps * norm + 1e-320;
        expect(rv, 'A v = λ v').toBeLessThanOrEqual(tol);
        expect(ru, 'uᴴ A = λ uᴴ').toBeLessThanOrEqual(tol);
        for (let j = 0; j < n; j++) {
          expectNormalised(column(vr!, vi!, n, 0, j), eps, `right ${j}`);
          expectNormalised(column(ul!, ui!, n, 0, j), eps, `left ${j}`);
        }
        // The eigenvalues are the diagonal's, to (eps·‖A‖)^(1/m) for a Jordan block of size m ≤ n.
        matchEigenvalues(w, diag.map(([r, c]): C => [r * s, c * s]), 10 * eps ** (1 / n) * Math.max(norm, s), 'diagonal');
      }),
      { numRuns: 60 },
    );
  });

  it('a Jordan block at 1e200 with a tiny complex entry: finite vectors (|z|² underflowed to a zero divisor before)', () => {
    config.update('enableX64', true);
    const re = [1e200, 0, 0, 0, 0, 1e200, 1e200, 0, -7.670458539527698e-93, 0, 1e200, 0, 0, 1e200, 0, 1e200];
    const im = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -4.1607478247833296e167, 0, 0, 0];
    const e = eigPlanes(lax.complex(jnp.array(re, 'float64').reshape(4, 4), jnp.array(im, 'float64').reshape(4, 4)), true, true);
    const [wr, wi, vr, vi, ul, ui] = [...e.w, ...e.vr!, ...e.vl!].map(vals) as number[][];
    expect([wr!, wi!, vr!, vi!, ul!, ui!].flat().every(Number.isFinite)).toBe(true);
    const [rv, ru] = residuals([re, im], planes(wr!, wi!), [vr!, vi!], [ul!, ui!], 4, 0);
    expect(Math.max(rv, ru)).toBeLessThanOrEqual(200 * epsOf('complex128') * frob(re, im, 4, 0));
  });
});
