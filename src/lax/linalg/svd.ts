// lax.linalg.svd: singular values (descending) and vectors by one-sided Jacobi on A (or Aᵀ when
// wide), scaled by max|a| first; left vectors of zero singular values, and the extra columns of
// full_matrices, complete an orthonormal basis by Householder QR. JAX's svd jvp rule. Signs: each
// right singular vector's largest-magnitude entry is positive (JAX's LAPACK may differ per pair).
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { bool, float64 } from '../../core/dtypes.js';
import { ShapeError, TransformError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, cast, constant, type Exp, i32, ix, load, where } from '../../ir/exp.js';
import { add, convertElementType, div, eq, mul, sub } from '../elementwise.js';
import { broadcastInDim, full } from '../structural.js';
import { batchLeading, bmm, checkMatrices, diagonalOf, eye, mT } from './common.js';
import { at, cm, householderQ, householderQr } from './householder.js';
import { normalizeColumnSigns, oneSidedJacobi, sortWithColumns } from './jacobi.js';

/** svd's parameters (JAX's svd_p without subset_by_index and algorithm). */
export interface SvdParams extends Params {
  fullMatrices: boolean;
  computeUv: boolean;
}

const f = (v: number): Exp => constant(v, float64);
/** Singular values at most this (relative to max|a|) have no left vector of their own: it is completed. */
const NULL_SV = 1e-150;

function svdKernel(ctx: KernelContext, { inAvals: [a], params: p }: LowerInfo<SvdParams>): void {
  const [m, n] = a!.shape.slice(-2) as [number, number];
  const tall = m >= n;
  const [M, N] = tall ? [m, n] : [n, m];
  const c = p.fullMatrices ? M : N; // columns of P, the left vectors of B = tall ? A : Aᵀ
  const batch = sizeOf(a!.shape.slice(0, -2));
  const g = ctx.scratch(float64, Math.max(1, M * N));
  const s = ctx.scratch(float64, Math.max(1, N));
  const v = p.computeUv ? ctx.scratch(float64, Math.max(1, N * N)) : null;
  const P = ctx.scratch(float64, Math.max(1, M * c));
  const w = ctx.scratch(float64, Math.max(1, M * N));
  const tau = ctx.scratch(float64, Math.max(1, N));
  const qc = ctx.scratch(float64, Math.max(1, M * c));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, M, (r) => ctx.loop(0, N, (j) => ctx.store(g, cm(r, j, M), cast(ctx.read(0, ix.add(base, tall ? at(r, n, j) : at(j, n, r))), float64)), 'j'), 'r');
    const big = ctx.local(f(0), 'big');
    ctx.loop(0, M * N, (t) => ctx.assign(big, alu('max', big.ref, alu('abs', load(g, t)))), 't');
    const scale = ctx.let(where(alu('and', alu('gt', big.ref, f(0)), alu('lt', big.ref, f(Infinity))), big.ref, f(1)), 'scale');
    ctx.loop(0, M * N, (t) => ctx.store(g, t, alu('div', load(g, t), scale)), 't');
    oneSidedJacobi(ctx, g, v, M, N);
    ctx.loop(0, N, (j) => {
      const ss = ctx.local(f(0), 'ss');
      ctx.loop(0, M, (r) => ctx.assign(ss, alu('add', ss.ref, alu('mul', load(g, cm(r, j, M)), load(g, cm(r, j, M))))), 'r');
      ctx.store(s, j, alu('sqrt', ss.ref));
    }, 'j');
    sortWithColumns(ctx, s, v ? [{ buf: g, rows: M }, { buf: v, rows: N }] : [], N, true);
    if (v) {
      const deficient = ctx.local(constant(c > N, bool), 'deficient');
      ctx.loop(0, M * c, (t) => ctx.store(P, t, f(0)), 't');
      ctx.loop(0, N, (j) => {
        const sj = ctx.let(load(s, j), 'sj');
        ctx.if(alu('le', sj, f(NULL_SV)), () => ctx.assign(deficient, constant(true, bool)), () =>
          ctx.loop(0, M, (r) => ctx.store(P, cm(r, j, M), alu('div', load(g, cm(r, j, M)), sj)), 'r'),
        );
      }, 'j');
      ctx.if(deficient.ref, () => {
        // An orthonormal basis whose first columns span P's nonzero ones: the columns after them replace the missing ones.
        ctx.loop(0, M, (r) => ctx.loop(0, N, (j) => ctx.store(w, cm(r, j, M), load(P, cm(r, j, M))), 'j'), 'r');
        householderQr(ctx, w, tau, M, N);
        householderQ(ctx, w, tau, M, N, qc, c);
        ctx.loop(0, c, (j) =>
          ctx.if(alu('or', alu('ge', j, i32(N)), alu('le', load(s, ix.min(j, Math.max(0, N - 1))), f(NULL_SV))), () =>
            ctx.loop(0, M, (r) => ctx.store(P, cm(r, j, M), load(qc, cm(r, j, M))), 'r'),
          ),
        'j');
      });
      // U and V of A: (P, v) when tall, (v, P) when wide (A = Bᵀ).
      const [U, V] = tall ? [P, v] : [v, P];
      normalizeColumnSigns(ctx, V, n, N, { buf: U, rows: m });
      const [uc, vr] = tall ? [c, N] : [N, c];
      ctx.loop(0, m, (i) => ctx.loop(0, uc, (j) => ctx.write(1, ix.add(ix.mul(b, m * uc), at(i, uc, j)), load(U, cm(i, j, m))), 'j'), 'i');
      ctx.loop(0, vr, (i) => ctx.loop(0, n, (j) => ctx.write(2, ix.add(ix.mul(b, vr * n), at(i, n, j)), load(V, cm(j, i, n))), 'j'), 'i');
    }
    ctx.loop(0, N, (j) => ctx.write(0, ix.add(ix.mul(b, N), j), alu('mul', load(s, j), scale)), 'j');
  }, 'b');
}

/** JAX's _svd_jvp_rule, on the reduced decomposition. */
function svdJvp(a: Array, da: Array, p: SvdParams): [Array[], Array[]] {
  const [s, u, vt] = svdRaw(a, false, true) as [Array, Array, Array];
  const [m, n] = a.shape.slice(-2) as [number, number];
  if (p.computeUv && p.fullMatrices && m !== n)
    throw new TransformError(`lax.linalg.svd: derivatives with fullMatrices=true of a non-square matrix (${a.aval.str()}) are not implemented (as in JAX); use fullMatrices=false.`);
  const v = mT(vt);
  const dS = bmm(bmm(mT(u), da), v);
  const ds = diagonalOf(dS);
  if (!p.computeUv) return [[s], [ds]];
  const k = s.shape[s.ndim - 1]!;
  const lead = s.shape.slice(0, -1);
  const shape = [...lead, k, k];
  const bd = lead.map((_, i) => i);
  const sRow = broadcastInDim(s, shape, [...bd, lead.length + 1]);
  const sCol = broadcastInDim(s, shape, [...bd, lead.length]);
  const I = eye(k, a.dtype, lead);
  const one = (sh: number[]) => full(sh, 1, a.dtype);
  const F = sub(div(one(shape), add(mul(add(sRow, sCol), sub(sRow, sCol)), I)), I);
  const dSS = mul(sRow, dS);
  const SdS = mul(sCol, dS);
  const sZeros = convertElementType(eq(s, full(s.shape, 0, a.dtype)), a.dtype, false);
  const sInv = sub(div(one(s.shape), add(s, sZeros)), sZeros);
  const sInvMat = mul(I, broadcastInDim(sInv, shape, [...bd, lead.length + 1]));
  const dUdVdiag = mul(mul(full(shape, 0.5, a.dtype), sub(dS, mT(dS))), sInvMat);
  let dU = bmm(u, add(mul(F, add(dSS, mT(dSS))), dUdVdiag));
  let dV = bmm(v, mul(F, add(SdS, mT(SdS))));
  const rowS = (x: Array) => broadcastInDim(s, [...x.shape], [...bd, lead.length + 1]);
  if (m > n) {
    const dAV = bmm(da, v);
    const r = sub(dAV, bmm(u, bmm(mT(u), dAV)));
    dU = add(dU, div(r, rowS(r)));
  }
  if (n > m) {
    const dAHU = bmm(mT(da), u);
    const r = sub(dAHU, bmm(v, bmm(vt, dAHU)));
    dV = add(dV, div(r, rowS(r)));
  }
  return [[s, u, vt], [ds, dU, mT(dV)]];
}

export const svdP: Primitive<SvdParams> = definePrimitive<SvdParams>('svd', {
  abstractEval: ([a], p) => {
    checkMatrices('svd', a!, false);
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const lead = a!.shape.slice(0, -2);
    const k = Math.min(m, n);
    const s = a!.update({ shape: [...lead, k], weakType: false });
    if (!p.computeUv) return [s];
    const [uc, vr] = p.fullMatrices ? [m, n] : [k, k];
    return [s, a!.update({ shape: [...lead, m, uc], weakType: false }), a!.update({ shape: [...lead, vr, n], weakType: false })];
  },
  jvp: ([a], [da], p) => svdJvp(a!, da!, p),
  batch: batchLeading<SvdParams>(([a], p) => svdRaw(a!, p.fullMatrices, p.computeUv)),
  lower: { kind: 'kernel', build: svdKernel },
});

/** Bind svd: [s, u, vt], or [s] without computeUv. */
export function svdRaw(a: Array, fullMatrices: boolean, computeUv: boolean): Array[] {
  return bind(svdP, [a], { fullMatrices, computeUv });
}

/** Singular value decomposition of `[..., m, n]` matrices: `[u, s, vh]` with s descending (or s alone without `computeUv`); `fullMatrices` (default true) makes u `[..., m, m]` and vh `[..., n, n]`. */
export function svd(x: ArrayLike, opts: { fullMatrices?: boolean; computeUv?: boolean; subsetByIndex?: [number, number] | null; algorithm?: string | null } = {}): Array | [Array, Array, Array] {
  const fn = 'lax.linalg.svd';
  const o = bindArgs(fn, ['fullMatrices', 'computeUv', 'subsetByIndex', 'algorithm'], [opts]);
  if (o.subsetByIndex !== undefined && o.subsetByIndex !== null) throw new ShapeError(`${fn}: subsetByIndex is not implemented in jaxpool; slice the full result.`);
  const computeUv = boolArg(fn, 'computeUv', o.computeUv, true);
  const out = svdRaw(asArray(x), boolArg(fn, 'fullMatrices', o.fullMatrices, true), computeUv);
  return computeUv ? [out[1]!, out[0]!, out[2]!] : out[0]!;
}
