// lax.linalg.qr: Householder QR (LAPACK's geqrf + orgqr signs, so Q and R match JAX's), full or
// reduced, with JAX's qr_jvp_rule: the thin rule (j-towns.github.io/papers/qr-derivative.pdf),
// wide matrices by their square block, full Q of tall matrices by arXiv:2409.13374.
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { float64 } from '../../core/dtypes.js';
import { ShapeError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, cast, constant, ix, load, where } from '../../ir/exp.js';
import { add, sub } from '../elementwise.js';
import { concatenateAlong } from '../slicing.js';
import { full } from '../structural.js';
import { batchLeading, block, bmm, checkMatrices, eye, mT, tril } from './common.js';
import { at, cm, householderQ, householderQr } from './householder.js';
import { luRaw, permutationMatrix } from './lu.js';
import { triangularSolveRaw } from './triangularSolve.js';

/** qr's parameters (JAX's qr_p: pivoting is not implemented). */
export interface QrParams extends Params {
  fullMatrices: boolean;
}

function qrKernel(ctx: KernelContext, { inAvals: [a], params: p }: LowerInfo<QrParams>): void {
  const [m, n] = a!.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const [qc, rr] = p.fullMatrices ? [m, m] : [k, k];
  const batch = sizeOf(a!.shape.slice(0, -2));
  const w = ctx.scratch(float64, Math.max(1, m * n));
  const tau = ctx.scratch(float64, Math.max(1, k));
  const q = ctx.scratch(float64, Math.max(1, m * qc));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, m, (i) => ctx.loop(0, n, (j) => ctx.store(w, cm(i, j, m), cast(ctx.read(0, ix.add(base, at(i, n, j))), float64)), 'j'), 'i');
    householderQr(ctx, w, tau, m, n);
    householderQ(ctx, w, tau, m, n, q, qc);
    ctx.loop(0, m, (i) => ctx.loop(0, qc, (j) => ctx.write(0, ix.add(ix.mul(b, m * qc), at(i, qc, j)), load(q, cm(i, j, m))), 'j'), 'i');
    ctx.loop(0, rr, (i) =>
      ctx.loop(0, n, (j) => ctx.write(1, ix.add(ix.mul(b, rr * n), at(i, n, j)), where(alu('le', i, j), load(w, cm(i, j, m)), constant(0, float64))), 'j'),
    'i');
  }, 'b');
}

/** JVP of the thin QR x = q r (m ≥ n, r n×n). */
function thinQrJvp(q: Array, r: Array, dx: Array): [Array, Array] {
  const dxRinv = triangularSolveRaw(r, dx, { leftSide: false, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  const qtDxRinv = bmm(mT(q), dxRinv);
  const lower = tril(qtDxRinv, -1);
  const dO = sub(lower, mT(lower)); // skew-symmetric
  return [add(bmm(q, sub(dO, qtDxRinv)), dxRinv), bmm(sub(qtDxRinv, dO), r)];
}

/** Solve Aᵀ X = B with P A = L U (lu_solve's trans=1). */
function luSolveT(lu: Array, perm: Array, b: Array): Array {
  const y = triangularSolveRaw(lu, b, { leftSide: true, lower: false, transposeA: true, conjugateA: false, unitDiagonal: false });
  const z = triangularSolveRaw(lu, y, { leftSide: true, lower: true, transposeA: true, conjugateA: false, unitDiagonal: true });
  return bmm(mT(permutationMatrix(perm, lu.dtype)), z);
}

export const qrP: Primitive<QrParams> = definePrimitive<QrParams>('qr', {
  abstractEval: ([a], p) => {
    checkMatrices('qr', a!, false);
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const lead = a!.shape.slice(0, -2);
    const c = p.fullMatrices ? m : Math.min(m, n);
    return [a!.update({ shape: [...lead, m, c], weakType: false }), a!.update({ shape: [...lead, c, n], weakType: false })];
  },
  jvp: ([x], [dx], p) => {
    const [q, r] = qrRaw(x!, p.fullMatrices) as [Array, Array];
    const [m, n] = x!.shape.slice(-2) as [number, number];
    const nl = x!.ndim - 1;
    if (m < n) {
      // Wide: x = q [r1 r2], the square block's thin rule, then dr2 = dqᵀ x2 + qᵀ dx2.
      const [dq, dr1] = thinQrJvp(q, block(r, [0, m], [0, m]), block(dx!, [0, m], [0, m]));
      const dr2 = add(bmm(mT(dq), block(x!, [0, m], [m, n])), bmm(mT(q), block(dx!, [0, m], [m, n])));
      return [[q, r], [dq, concatenateAlong([dr1, dr2], nl)]];
    }
    const qmn = p.fullMatrices ? block(q, [0, m], [0, n]) : q;
    const rnn = p.fullMatrices ? block(r, [0, n], [0, n]) : r;
    const [dqmn, drnn] = thinQrJvp(qmn, rnn, dx!);
    if (!p.fullMatrices || m === n) return [[q, r], [dqmn, drnn]];
    // Full Q of a tall matrix (arXiv:2409.13374, eqs. 32–33), as JAX.
    const lead = x!.shape.slice(0, -2);
    const [qnn, qpn, qmp] = [block(qmn, [0, n], [0, n]), block(qmn, [n, m], [0, n]), block(q, [0, m], [n, m])];
    const [dqnn, dqpn] = [block(dqmn, [0, n], [0, n]), block(dqmn, [n, m], [0, n])];
    const [lu, , perm] = luRaw(sub(qnn, eye(n, x!.dtype, lead)));
    const zpnH = luSolveT(lu!, perm!, mT(qpn));
    const zpn = mT(zpnH);
    const dqmp = sub(bmm(dqmn, zpnH), bmm(add(qmn, bmm(qmp, zpn)), mT(sub(dqpn, bmm(zpn, dqnn)))));
    const dr = concatenateAlong([drnn, full([...lead, m - n, n], 0, x!.dtype)], nl - 1);
    return [[q, r], [concatenateAlong([dqmn, dqmp], nl), dr]];
  },
  batch: batchLeading<QrParams>(([a], p) => qrRaw(a!, p.fullMatrices)),
  lower: { kind: 'kernel', build: qrKernel },
});

/** Bind qr: [q, r]. */
export function qrRaw(a: Array, fullMatrices: boolean): Array[] {
  return bind(qrP, [a], { fullMatrices });
}

/** QR decomposition of `[..., m, n]` matrices: `[q, r]`, q `[..., m, m]` and r `[..., m, n]` (`fullMatrices`, default true) or `[..., m, k]` and `[..., k, n]`, k = min(m, n). */
export function qr(x: ArrayLike, opts: { pivoting?: boolean; fullMatrices?: boolean; useMagma?: boolean | null } = {}): [Array, Array] {
  const o = bindArgs('lax.linalg.qr', ['pivoting', 'fullMatrices', 'useMagma'], [opts]);
  if (boolArg('lax.linalg.qr', 'pivoting', o.pivoting, false)) throw new ShapeError('lax.linalg.qr: pivoting=true (column-pivoted QR) is not implemented in jaxpool.');
  return qrRaw(asArray(x), boolArg('lax.linalg.qr', 'fullMatrices', o.fullMatrices, true)) as [Array, Array];
}
