// jnp.linalg functions built on svd and the solves, as JAX defines them (jax/_src/numpy/linalg.py),
// so thresholds, result dtypes and edge cases are JAX's: lstsq, pinv (with JAX's custom jvp),
// matrixRank, cond, matrixPower, multiDot, tensorsolve, tensorinv.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ConcretizationError, ShapeError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { isTracer } from '../core/trace.js';
import { customJvp } from '../transforms/customJvp.js';
import { mT } from '../lax/linalg/common.js';
import { svdRaw } from '../lax/linalg/svd.js';
import { symmetrize } from '../lax/linalg/cholesky.js';
import { add, divide, greater, greaterEqual, logicalAnd, logicalNot, multiply, subtract, where } from './elementwise.js';
import { isnan } from './floatParts.js';
import { any, max, sum } from './reductions.js';
import { fusedEager } from './eager.js';
import { matmul } from './linalg.js';
import { inv, solve } from './linalgFunctions.js';
import { norm } from './linalgNorms.js';
import { svd } from './linalgDecompositions.js';
import { promoteDtypesInexact } from './promote.js';
import { moveaxis, ravel } from './rearrange.js';
import { broadcastTo, expandDims, reshape } from './shape.js';
import { eye, zeros } from './creation.js';
import { finfo } from './dtypeInfo.js';
import { take } from './indexing.js';

const inexact = (x: ArrayLike): Array => promoteDtypesInexact(asArray(x))[0]!;
const eps = (a: Array): number => finfo(a.dtype).eps;
/** The last element along the last axis (`x[..., -1]`), or the first. */
const lastAxisAt = (x: Array, i: number): Array => take(x, i, { axis: -1 });

/** [x, residuals, rank, s] of the least-squares problem (JAX's _lstsq). */
function lstsqOf(a0: ArrayLike, b0: ArrayLike, rcond: number | null): [Array, Array, Array, Array] {
  const [a, b1] = promoteDtypesInexact(asArray(a0), asArray(b0)) as [Array, Array];
  if (a.ndim !== 2) throw new ShapeError(`jnp.linalg.lstsq: a must be two-dimensional, got shape [${a.shape}].`);
  if (b1.ndim < 1 || b1.ndim > 2) throw new ShapeError(`jnp.linalg.lstsq: b must be one- or two-dimensional, got shape [${b1.shape}].`);
  if (a.shape[0] !== b1.shape[0]) throw new ShapeError(`jnp.linalg.lstsq: the leading dimensions of a [${a.shape}] and b [${b1.shape}] must match.`);
  const [m, n] = a.shape as [number, number];
  const vec = b1.ndim === 1;
  const b = vec ? reshape(b1, [m, 1]) : b1;
  let x: Array, rank: Array, s: Array;
  if (m * n === 0) {
    s = zeros([0], { dtype: a.dtype });
    rank = sum(zeros([0], { dtype: 'bool' }));
    x = zeros([n, b.shape[1]!], { dtype: a.dtype });
  } else {
    const rc = rcond === null ? eps(a) * Math.max(m, n) : rcond < 0 ? eps(a) : rcond;
    const [sv, u, vt] = svdRaw(a, false, true) as [Array, Array, Array];
    s = sv;
    const mask = logicalAnd(greater(s, 0), greaterEqual(s, multiply(rc, lastAxisAt(s, 0))));
    rank = sum(mask);
    const sInv = where(mask, divide(1, where(mask, s, 1)), 0);
    x = matmul(mT(vt), multiply(expandDims(sInv, 1), matmul(mT(u), b)));
  }
  const r = subtract(b, matmul(a, x));
  const resid = multiply(norm(r, null, 0), norm(r, null, 0));
  return [vec ? ravel(x) : x, resid, rank, s];
}

const lstsqFused = fusedEager('linalg.lstsq', (a: ArrayLike, b: ArrayLike, rcond: number | null): [Array, Array, Array, Array] => lstsqOf(a, b, rcond), 2);

/** Return the least-squares solution of `a x = b` (a 2-D; b 1-D or 2-D) by the SVD: `[x, residuals, rank, s]` as JAX (`rcond` default eps·max(m, n), relative to the largest singular value; `numpyResid`: empty residuals unless full rank and m > n, as NumPy). */
export function lstsq(a: ArrayLike, b: ArrayLike, ...rest: unknown[]): [Array, Array, Array, Array] {
  const o = bindArgs('jnp.linalg.lstsq', ['rcond', 'numpyResid'], rest, ['numpyResid']);
  const rcond = o.rcond ?? null;
  if (rcond !== null && typeof rcond !== 'number') throw new ShapeError(`jnp.linalg.lstsq: rcond must be a number or null, got ${describe(rcond)}.`);
  if (!boolArg('jnp.linalg.lstsq', 'numpyResid', o.numpyResid, false)) return lstsqFused(a, b, rcond);
  const out = lstsqOf(a, b, rcond);
  const [m, n] = asArray(a).shape as [number, number];
  if (isTracer(out[2])) throw new ConcretizationError('jnp.linalg.lstsq: numpyResid=true needs a concrete rank (as in JAX, it cannot be traced); use numpyResid=false.');
  if (Number(out[2].item()) < n || m <= n) out[1] = zeros([0], { dtype: out[0].dtype });
  return out;
}

/** The pseudo-inverse with JAX's cutoff (singular values ≤ rtol · s_max dropped). */
const pinvCore = customJvp(
  (a: Array, rtol: number | null, hermitian: boolean): Array => {
    const [m, n] = a.shape.slice(-2) as [number, number];
    if (m === 0 || n === 0) return zeros([...a.shape.slice(0, -2), n, m], { dtype: a.dtype });
    const r = rtol ?? 10 * Math.max(m, n) * eps(a);
    const [u, s, vh] = svd(a, false, true, hermitian) as [Array, Array, Array];
    const kept = where(greater(s, multiply(r, take(s, [0], { axis: -1 }))), s, Infinity);
    return matmul(mT(vh), divide(mT(u), expandDims(kept, -1)));
  },
  { nondiffArgnums: [1, 2] },
);
pinvCore.defjvp(([a0, rtol, hermitian], [t0]) => {
  const p = pinvCore(a0, rtol, hermitian) as Array;
  const [a, t] = hermitian ? [symmetrize(a0), symmetrize(t0 as Array)] : [a0, t0 as Array];
  const [m, n] = a.shape.slice(-2) as [number, number];
  const ph = mT(p);
  const th = mT(t);
  // ṗ = −p ȧ p + s − s a p + t − p a t, associated as JAX's _pinv_jvp for each shape.
  const neg = (x: Array) => multiply(-1, x);
  let pDot: Array;
  if (m >= n) {
    const s = matmul(matmul(p, ph), th);
    const tt = matmul(matmul(th, ph), p);
    pDot = subtract(add(subtract(add(neg(matmul(matmul(p, t), p)), s), matmul(matmul(s, a), p)), tt), matmul(matmul(p, a), tt));
  } else {
    const s = matmul(p, matmul(ph, th));
    const tt = matmul(th, matmul(ph, p));
    pDot = subtract(add(subtract(add(neg(matmul(p, matmul(t, p))), s), matmul(s, matmul(a, p))), tt), matmul(p, matmul(a, tt)));
  }
  return [p, pDot];
});

/** Compute the (Moore–Penrose) pseudo-inverse of `[..., m, n]` matrices (`rtol`, alias `rcond`: relative cutoff, default 10·max(m, n)·eps; `hermitian`: by eigh). */
export const pinv = fusedEager('linalg.pinv', (x: ArrayLike, ...rest: unknown[]): Array => {
  const o = bindArgs('jnp.linalg.pinv', ['rtol', 'hermitian', 'rcond'], rest, ['rcond']);
  if (o.rtol !== undefined && o.rtol !== null && o.rcond !== undefined && o.rcond !== null) throw new ShapeError('jnp.linalg.pinv: give only one of rtol and rcond.');
  const rtol = o.rtol ?? o.rcond ?? null;
  if (rtol !== null && typeof rtol !== 'number') throw new ShapeError(`jnp.linalg.pinv: rtol must be a number or null, got ${describe(rtol)}.`);
  const a = inexact(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.pinv: needs a matrix (or a stack of them), got shape [${a.shape}].`);
  return pinvCore(a, rtol, boolArg('jnp.linalg.pinv', 'hermitian', o.hermitian, false)) as Array;
}, 1);

/** Compute the rank of matrices: singular values above `rtol` (alias `tol`; JAX compares them with it directly), by default s_max · max(m, n) · eps; an array of fewer than 2 axes: 1 if any nonzero. */
export const matrixRank = fusedEager('linalg.matrixRank', (x: ArrayLike, ...rest: unknown[]): Array => {
  const o = bindArgs('jnp.linalg.matrixRank', ['rtol', 'hermitian', 'tol'], rest, ['hermitian', 'tol']);
  const given = (v: unknown) => v !== undefined && v !== null;
  if (given(o.tol) && given(o.rtol)) throw new ShapeError('jnp.linalg.matrixRank: give only one of tol and rtol.');
  const a = inexact(x);
  if (a.ndim < 2) return convertInt32(any(logicalNot(logicalNot(a))));
  const s = svd(a, false, false, boolArg('jnp.linalg.matrixRank', 'hermitian', o.hermitian, false)) as Array;
  const r = given(o.rtol) ? o.rtol : o.tol;
  const threshold = given(r) ? expandDims(asArray(r as ArrayLike), -1) : expandDims(multiply(max(s, { axis: -1 }), Math.max(...a.shape.slice(-2)) * eps(a)), -1);
  return sum(greater(s, threshold), { axis: -1 });
}, 1);

/** (JAX's `(M != 0).any().astype(int32)`.) */
const convertInt32 = (x: Array): Array => x.astype('int32');

/** Compute the condition number of matrices (`p` null/2: s_max/s_min; -2: s_min/s_max; others, square only: ‖x‖_p ‖x⁻¹‖_p, inf where singular, as JAX). */
export const cond = fusedEager('linalg.cond', (x: ArrayLike, ...rest: unknown[]): Array => {
  const o = bindArgs('jnp.linalg.cond', ['p'], rest);
  const p = (o.p ?? null) as number | string | null;
  const a = inexact(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.cond: needs at least 2 axes, got shape [${a.shape}].`);
  const [m, n] = a.shape.slice(-2) as [number, number];
  if (m === 0 || n === 0) throw new ShapeError(`jnp.linalg.cond: needs a non-empty matrix, got shape [${a.shape}].`);
  let r: Array;
  if (p === null || p === 2 || p === -2) {
    const s = svdRaw(a, false, false)[0]!;
    const [hi, lo] = [lastAxisAt(s, 0), lastAxisAt(s, -1)];
    if (p !== -2) return divide(hi, lo);
    r = divide(lo, hi);
  } else {
    if (m !== n) throw new ShapeError(`jnp.linalg.cond: p=${describe(p)} needs square matrices, got shape [${a.shape}].`);
    r = multiply(norm(a, p, [-2, -1]), norm(inv(a), p, [-2, -1]));
  }
  return where(logicalAnd(isnan(r), logicalNot(any(isnan(a), { axis: [-2, -1] }))), Infinity, r);
}, 1);

/** Raise a square matrix to the integer power `n` (by repeated squaring as JAX; n < 0 inverts first, n = 0 gives the identity). */
export const matrixPower = fusedEager('linalg.matrixPower', (x: ArrayLike, n: number): Array => {
  const a0 = asArray(x);
  if (a0.ndim < 2 || a0.shape[a0.ndim - 1] !== a0.shape[a0.ndim - 2]) throw new ShapeError(`jnp.linalg.matrixPower: needs square matrices ([..., n, n]), got shape [${a0.shape}].`);
  let k = intArg('jnp.linalg.matrixPower', 'n', n);
  if (k === 0) return broadcastTo(eye(a0.shape[a0.ndim - 1]!, { dtype: a0.dtype }), a0.shape);
  let a = a0;
  if (k < 0) {
    a = inv(a);
    k = -k;
  }
  if (k === 1) return a;
  if (k === 2) return matmul(a, a);
  if (k === 3) return matmul(matmul(a, a), a);
  let z: Array | null = null;
  let result: Array | null = null;
  while (k > 0) {
    z = z === null ? a : matmul(z, z);
    if (k % 2) result = result === null ? z : matmul(result, z);
    k = Math.floor(k / 2);
  }
  return result!;
}, 1);

/** Efficiently compute the product of a chain of matrices (the first and last may be vectors), in the cheapest association order. */
export function multiDot(arrays: readonly ArrayLike[], opts: { precision?: unknown } = {}): Array {
  bindArgs('jnp.linalg.multiDot', ['precision'], [opts], ['precision']);
  if (!globalThis.Array.isArray(arrays) || arrays.length < 2) throw new ShapeError(`jnp.linalg.multiDot: needs a list of at least two arrays, got ${describe(arrays)}.`);
  const xs = arrays.map((x) => asArray(x));
  const last = xs.length - 1;
  if (!xs.every((x, i) => x.ndim === 2 || ((i === 0 || i === last) && x.ndim === 1)))
    throw new ShapeError(`jnp.linalg.multiDot: the arrays must be 2-D, except the first and last which may be 1-D; got shapes ${xs.map((x) => `[${x.shape}]`).join(', ')}.`);
  const mats = xs.map((x, i) => (x.ndim === 2 ? x : reshape(x, i === 0 ? [1, x.shape[0]!] : [x.shape[0]!, 1])));
  for (let i = 0; i < last; i++)
    if (mats[i]!.shape[1] !== mats[i + 1]!.shape[0]) throw new ShapeError(`jnp.linalg.multiDot: shapes ${xs.map((x) => `[${x.shape}]`).join(', ')} do not chain (the last axis of each must equal the first of the next).`);
  // The matrix-chain order by dynamic programming (cost = scalar multiplications).
  const dims = [mats[0]!.shape[0]!, ...mats.map((x) => x.shape[1]!)];
  const N = mats.length;
  const cost: number[][] = globalThis.Array.from({ length: N }, () => new globalThis.Array<number>(N).fill(0));
  const split: number[][] = globalThis.Array.from({ length: N }, () => new globalThis.Array<number>(N).fill(0));
  for (let len = 1; len < N; len++)
    for (let i = 0; i + len < N; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + dims[i]! * dims[k + 1]! * dims[j + 1]!;
        if (c < cost[i]![j]!) [cost[i]![j], split[i]![j]] = [c, k];
      }
    }
  const chain = (i: number, j: number): Array => (i === j ? mats[i]! : matmul(chain(i, split[i]![j]!), chain(split[i]![j]! + 1, j)));
  let out = chain(0, last);
  if (xs[last]!.ndim === 1) out = reshape(out, out.shape.slice(0, -1));
  if (xs[0]!.ndim === 1) out = reshape(out, out.shape.slice(1));
  return out;
}

/** Solve the tensor equation `tensordot(a, x, x.ndim) = b` for x (`axes`: axes of a moved to the end first). */
export const tensorsolve = fusedEager('linalg.tensorsolve', (a0: ArrayLike, b0: ArrayLike, axes: number[] | null = null): Array => {
  let a = asArray(a0);
  const b = asArray(b0);
  if (axes !== null && axes !== undefined) {
    const list = typeof axes === 'number' ? [axes] : axes;
    // NumPy's order: each listed axis in turn to the end.
    a = moveaxis(a, list, list.map((_, i) => a.ndim - list.length + i));
  }
  const outShape = a.shape.slice(b.ndim);
  if (a.shape.slice(0, b.ndim).some((d, i) => d !== b.shape[i])) throw new ShapeError(`jnp.linalg.tensorsolve: the leading shape of a [${a.shape}] must be b's shape [${b.shape}].`);
  if (b.size !== sizeOf(outShape)) throw new ShapeError(`jnp.linalg.tensorsolve: needs prod(a.shape[:b.ndim]) == prod(a.shape[b.ndim:]), got a [${a.shape}] and b.ndim ${b.ndim}.`);
  return reshape(solve(reshape(a, [b.size, sizeOf(outShape)]), ravel(b)), outShape);
}, 2);

/** Compute the tensor inverse of `a` (`ind`: how many leading axes are the "rows", default 2). */
export const tensorinv = fusedEager('linalg.tensorinv', (a0: ArrayLike, ind: number = 2): Array => {
  const a = asArray(a0);
  const k = intArg('jnp.linalg.tensorinv', 'ind', ind);
  if (k <= 0) throw new ShapeError(`jnp.linalg.tensorinv: ind must be a positive integer, got ${k}.`);
  const [rows, cols] = [a.shape.slice(0, k), a.shape.slice(k)];
  if (sizeOf(rows) !== sizeOf(cols)) throw new ShapeError(`jnp.linalg.tensorinv: the product of the first ${k} dimensions of [${a.shape}] must equal that of the rest.`);
  return reshape(inv(reshape(a, [sizeOf(rows), sizeOf(cols)])), [...cols, ...rows]);
}, 1);
