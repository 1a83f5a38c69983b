// qr, eigh, svd and the functions built on them against JAX 0.10.2 (test/golden/make_linalg2.py:
// values and gradients, float32 and float64), eagerly and under jit. Eigen- and singular vectors
// are compared up to sign (column by column; svd's u columns and vh rows), since only they are
// determined; their gradient goldens are of sign-invariant losses.
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
const golden = loadGolden<{ cases: Case[]; consts: Record<string, Enc> }>('linalg2.json');
const cases = golden.cases;
/** A constant of the losses (float64 in the file), in the default float dtype of the moment. */
const goldenConst = (name: string): jp.Array => {
  const e = golden.consts[name]!;
  return jnp.array(e.data as number[], config.values.enableX64 ? 'float64' : 'float32').reshape(e.shape);
};
type F = (...a: jp.Array[]) => jp.Array | jp.Array[];
/** How an output is compared: exactly, up to the sign of each column, or of each row (only the first `k` when given: the rest is a basis of a complement, checked by the identity tests). */
type Sign = 'cols' | 'rows' | { cols: number } | { rows: number } | null;
interface Call {
  f: F;
  g?: (...a: jp.Array[]) => jp.Array;
  signs?: Sign[];
}
const sumSq = (x: jp.Array) => jnp.sum(x.mul(x));
const qrLoss = (mode: string) => (a: jp.Array) => {
  const [q, r] = L.qr(a, mode) as jp.Array[];
  return jnp.sum(jnp.sin(q!)).add(jnp.sum(jnp.cos(r!)));
};

const EIG: Sign[] = [null, 'cols'];
const c4 = () => goldenConst('C4');

const SVD: Sign[] = ['cols', null, 'rows'];
const svd = (a: jp.Array, fullMatrices = true) => L.svd(a, fullMatrices) as jp.Array[];
/** Σ u² Cu + Σ vh² Cv + h(s): invariant to the singular vectors' signs (make_linalg2.py's losses). */
const svdLoss = (a: jp.Array, fullMatrices: boolean, cu: string, cv: string | null, h: (s: jp.Array) => jp.Array) => {
  const [u, s, vh] = svd(a, fullMatrices) as [jp.Array, jp.Array, jp.Array];
  const weight = (name: string) => (name === 'C53T' ? goldenConst('C53').T : goldenConst(name));
  let loss = jnp.sum(u.mul(u).mul(weight(cu))).add(h(s));
  if (cv) loss = loss.add(jnp.sum(vh.mul(vh).mul(weight(cv))));
  return loss;
};

const CALLS: Record<string, Call> = {
  qr_tall: { f: (a) => L.qr(a) as jp.Array[], g: qrLoss('reduced') },
  qr_square: { f: (a) => L.qr(a) as jp.Array[], g: qrLoss('reduced') },
  qr_wide: { f: (a) => L.qr(a) as jp.Array[], g: qrLoss('reduced') },
  qr_complete_tall: { f: (a) => L.qr(a, 'complete') as jp.Array[], g: qrLoss('complete') },
  qr_complete_wide: { f: (a) => L.qr(a, 'complete') as jp.Array[] },
  qr_r: { f: (a) => L.qr(a, 'r') as jp.Array, g: (a) => sumSq(L.qr(a, 'r') as jp.Array) },
  qr_batched: { f: (a) => L.qr(a) as jp.Array[] },
  lax_qr: { f: (a) => lax.linalg.qr(a) },
  lax_qr_reduced: { f: (a) => lax.linalg.qr(a, { fullMatrices: false }) },
  eigh: { f: (a) => L.eigh(a), signs: EIG, g: (a) => jnp.sum(jnp.sin(L.eigh(a)[0])).add(jnp.sum(L.eigh(a)[1].mul(L.eigh(a)[1]).mul(c4()))) },
  eigh_batched: { f: (a) => L.eigh(a), signs: EIG },
  eigh_upper_nosym: { f: (a) => L.eigh(a, 'U', { symmetrizeInput: false }), signs: EIG },
  eigh_lower_nosym: { f: (a) => L.eigh(a, 'L', { symmetrizeInput: false }), signs: EIG },
  eigh_nonsym_default: { f: (a) => L.eigh(a), signs: EIG, g: (a) => jnp.sum(L.eigh(a)[0].mul(L.eigh(a)[0]).mul(L.eigh(a)[0])) },
  eigvalsh: { f: (a) => L.eigvalsh(a), g: (a) => sumSq(L.eigvalsh(a)) },
  eigvalsh_upper: { f: (a) => L.eigvalsh(a, 'U') },
  eigvalsh_degenerate: { f: (a) => L.eigvalsh(a) },
  lax_eigh: { f: (a) => lax.linalg.eigh(a), signs: ['cols', null] },
  lax_eigh_upper: { f: (a) => lax.linalg.eigh(a, { lower: false, symmetrizeInput: false }), signs: ['cols', null] },
  svd_tall: { f: (a) => svd(a, false), signs: SVD, g: (a) => svdLoss(a, false, 'C53', 'C33', (s) => jnp.sum(jnp.sin(s))) },
  svd_wide: { f: (a) => svd(a, false), signs: SVD, g: (a) => svdLoss(a, false, 'C33', 'C53T', sumSq) },
  svd_square_full: { f: (a) => svd(a), signs: SVD, g: (a) => svdLoss(a, true, 'C4', null, (s) => jnp.sum(jnp.sqrt(s))) },
  svd_full_tall: { f: (a) => svd(a), signs: [{ cols: 2 }, null, 'rows'] },
  svd_full_wide: { f: (a) => svd(a), signs: ['cols', null, { rows: 2 }] },
  svd_batched: { f: (a) => svd(a, false), signs: SVD },
  svd_no_uv: { f: (a) => L.svd(a, { computeUv: false }) as jp.Array, g: (a) => jnp.sum((L.svd(a, { computeUv: false }) as jp.Array).mul(L.svd(a, { computeUv: false }) as jp.Array).mul(L.svd(a, { computeUv: false }) as jp.Array)) },
  svd_hermitian: { f: (a) => L.svd(a, { hermitian: true }) as jp.Array[], signs: SVD },
  svd_hermitian_s: { f: (a) => L.svd(a, { computeUv: false, hermitian: true }) as jp.Array },
  svdvals: { f: (a) => L.svdvals(a), g: (a) => jnp.sum(jnp.cos(L.svdvals(a))) },
  svdvals_rank_deficient: { f: (a) => L.svdvals(a) },
  lax_svd: { f: (a) => lax.linalg.svd(a) as jp.Array[], signs: SVD },
  lax_svd_s: { f: (a) => lax.linalg.svd(a, { computeUv: false }) as jp.Array },
  lstsq_tall: { f: (a, b) => L.lstsq(a, b), g: (a, b) => sumSq(L.lstsq(a, b)[0]) },
  lstsq_matrix: { f: (a, b) => L.lstsq(a, b) },
  lstsq_wide: { f: (a, b) => L.lstsq(a, b) },
  lstsq_rank_deficient: { f: (a, b) => L.lstsq(a, b) },
  lstsq_rcond: { f: (a, b) => L.lstsq(a, b, 0.3) },
  pinv: { f: (a) => L.pinv(a), g: (a) => jnp.sum(jnp.sin(L.pinv(a))) },
  pinv_wide: { f: (a) => L.pinv(a), g: (a) => sumSq(L.pinv(a)) },
  pinv_rank_deficient: { f: (a) => L.pinv(a) },
  pinv_rtol: { f: (a) => L.pinv(a, 0.2) },
  pinv_hermitian: { f: (a) => L.pinv(a, { hermitian: true }) },
  pinv_batched: { f: (a) => L.pinv(a) },
  matrix_rank: { f: (a) => L.matrixRank(a) },
  matrix_rank_full: { f: (a) => L.matrixRank(a) },
  matrix_rank_batched: { f: (a) => L.matrixRank(a) },
  matrix_rank_rtol: { f: (a) => L.matrixRank(a, 0.2) },
  matrix_rank_rtol_absolute: { f: (a) => L.matrixRank(a, { rtol: 2 }) },
  matrix_rank_tol: { f: (a) => L.matrixRank(a, { tol: 0.05 }) },
  matrix_rank_hermitian: { f: (a) => L.matrixRank(a, { hermitian: true }) },
  matrix_rank_vector: { f: (a) => L.matrixRank(a) },
  cond_tall: { f: (a) => L.cond(a) },
  cond_singular_1: { f: (a) => L.cond(a, 1) },
  cond_grad: { f: (a) => L.cond(a), g: (a) => L.cond(a) },
  matrix_power_batched: { f: (a) => L.matrixPower(a, 4) },
  matrix_power_grad: { f: (a) => L.matrixPower(a, -2), g: (a) => jnp.sum(L.matrixPower(a, -2)) },
  multi_dot: { f: (a, b, c) => L.multiDot([a!, b!, c!]) },
  multi_dot_vectors: { f: (a, b, c, d) => L.multiDot([a!, b!, c!, d!]) },
  tensorsolve: { f: (a, b) => L.tensorsolve(a, b) },
  tensorsolve_axes: { f: (a, b) => L.tensorsolve(a, b, [0]) },
  tensorinv: { f: (a) => L.tensorinv(a) },
  tensorinv_ind1: { f: (a) => L.tensorinv(a, 1) },
  norm_nuc_axes: { f: (a) => L.norm(a, 'nuc', [2, 0], true) },
  norm_2_empty: { f: (a) => L.norm(a, 2) },
  polyfit: { f: (x, y) => jnp.polyfit(x, y, 2) as jp.Array, g: (x, y) => sumSq(jnp.polyfit(x, y, 2) as jp.Array) },
  polyfit_full: { f: (x, y) => jnp.polyfit(x, y, 3, { full: true }) as jp.Array[] },
  polyfit_w: { f: (x, y, w) => jnp.polyfit(x, y, 1, { w }) as jp.Array },
  polyfit_cov: { f: (x, y) => jnp.polyfit(x, y, 2, { cov: true }) as jp.Array[] },
  polyfit_cov_unscaled: { f: (x, y) => jnp.polyfit(x, y, 1, { cov: 'unscaled' }) as jp.Array[] },
  polyfit_2d: { f: (x, y) => jnp.polyfit(x, y, 2, { cov: true }) as jp.Array[] },
  polyfit_rcond: { f: (x, y) => jnp.polyfit(x, y, 4, 1e-3, true) as jp.Array[] },
};
const conds: Record<string, number | string | null> = { None: null, '2': 2, '-2': -2, '1': 1, '-1': -1, fro: 'fro', nuc: 'nuc', inf: Infinity, '-inf': -Infinity };
for (const [k, p] of Object.entries(conds)) CALLS[`cond_${k}`] = { f: (a) => L.cond(a, p) };
for (const n of [0, 1, 2, 3, 5, -1, -3]) CALLS[`matrix_power_${n}`] = { f: (a) => L.matrixPower(a, n) };
for (const o of [2, -2, 'nuc'] as const) {
  CALLS[`norm_${o}`] = { f: (a) => L.norm(a, o), g: (a) => L.norm(a, o) };
  CALLS[`matrix_norm_${o}`] = { f: (a) => L.matrixNorm(a, { ord: o }) };
}

/** The values of `got` with each column (or row) multiplied by the sign that best matches `want`'s. */
function alignSigns(got: jp.Array, want: Enc, how: Exclude<Sign, null>): jp.Array {
  const [m, n] = got.shape.slice(-2) as [number, number];
  const g = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const w = want.data.map(Number);
  const rows = how === 'rows' || (typeof how === 'object' && 'rows' in how);
  const limit = typeof how === 'object' ? ('rows' in how ? how.rows : how.cols) : rows ? m : n;
  const out = g.slice();
  for (let base = 0; base < g.length; base += m * n)
    for (let k = 0; k < (rows ? m : n); k++) {
      const idx = Array.from({ length: rows ? n : m }, (_, t) => base + (rows ? k * n + t : t * n + k));
      if (k >= limit) {
        idx.forEach((i) => (out[i] = w[i]!)); // not determined (a basis of the complement): checked by the identity tests
        continue;
      }
      const dot = idx.reduce((s, i) => s + g[i]! * w[i]!, 0);
      if (dot < 0) idx.forEach((i) => (out[i] = -g[i]!));
    }
  return jnp.array(out, got.dtype).reshape(got.shape);
}

afterAll(() => config.update('enableX64', false));

it('every golden case has a call', () => expect(cases.map((c) => c.name).filter((n) => !CALLS[n])).toEqual([]));

describe.each(['float32', 'float64'])('qr, eigh, svd and friends against JAX (%s)', (dtype) => {
  const tol = dtype === 'float32' ? 5e-4 : 1e-9;
  it.each(cases.filter((c) => c.dtype === dtype && CALLS[c.name]).map((c) => [c.name, c] as const))('%s', (name, c) => {
    config.update('enableX64', dtype === 'float64');
    const call = CALLS[name]!;
    const xs = c.args.map(decode);
    for (const [how, out] of [['eager', call.f(...xs)], ['jit', jit(call.f)(...xs)]] as const) {
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length, name).toBe(c.outs.length);
      outs.forEach((o, k) => {
        const s = call.signs?.[k] ?? null;
        expectClose(s === null ? o : alignSigns(o, c.outs[k]!, s), c.outs[k]!, `${how} ${name}[${k}]`, tol);
      });
    }
    if (c.grad) expectClose(grad(call.g!)(...(xs as [jp.Array])), c.grad, `grad ${name}`, dtype === 'float32' ? 2e-3 : 1e-8);
  });
});
