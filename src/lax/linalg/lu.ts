// lax.linalg.lu: LU decomposition with partial pivoting, P A = L U (L unit lower, U upper, both in
// one `lu` matrix), its int32 pivots (LAPACK's: row j swapped with pivots[j]) and the row
// permutation; JAX's jvp rule for square matrices (lu_jvp_rule).
import type { Array, ArrayLike } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { int32 } from '../../core/dtypes.js';
import { TransformError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { bind } from '../../core/trace.js';
import { add, convertElementType, eq } from '../elementwise.js';
import { iota } from '../iota.js';
import { broadcastInDim, reshape, zerosLike } from '../structural.js';
import { batchLeading, bmm, checkMatrices, maskMul, tril, triu } from './common.js';
import { luKernel } from './kernels.js';
import { triangularSolveRaw } from './triangularSolve.js';

export const luP: Primitive = definePrimitive('lu', {
  abstractEval: ([a]) => {
    checkMatrices('lu', a!, false);
    const [m, n] = a!.shape.slice(-2) as [number, number];
    const lead = a!.shape.slice(0, -2);
    return [a!.update({ weakType: false }), a!.update({ shape: [...lead, Math.min(m, n)], dtype: int32, weakType: false }), a!.update({ shape: [...lead, m], dtype: int32, weakType: false })];
  },
  jvp: ([a], [t]) => {
    const [lu, pivots, perm] = luRaw(a!);
    return [[lu!, pivots!, perm!], luTangents(a!, t!, lu!, pivots!, perm!)];
  },
  batch: batchLeading(([a]) => luRaw(a!)),
  lower: { kind: 'kernel', build: luKernel },
});

/**
 * JAX's lu_jvp_rule for square matrices: the tangents of [lu, pivots, permutation] at a = P⁻¹ L U,
 * for tangent t. `large`: the recursive triangular solves and a row gather (blocked.ts's, passed
 * in) in place of the kernel's and a product with the permutation matrix.
 */
export function luTangents(a: Array, t: Array, lu: Array, pivots: Array, perm: Array, large?: { solve: typeof triangularSolveRaw; takeRows: (x: Array, perm: Array) => Array }): Array[] {
  const [m, n] = a.shape.slice(-2) as [number, number];
  if (m !== n) throw new TransformError(`lax.linalg.lu: derivatives of the LU of non-square matrices (${a.aval.str()}) are not implemented in jaxpool; jnp.linalg's functions take square ones.`);
  const solve = large?.solve ?? triangularSolveRaw;
  const x = large ? large.takeRows(t, perm) : bmm(permutationMatrix(perm, a.dtype), t);
  const l = maskMul(lu, (i, j) => (j < i ? 1 : 0)) as Array;
  const lEye = add(l, maskMul(broadcastInDim(reshape(asArray(1, a.dtype), []), [...a.shape], []), (i, j) => (i === j ? 1 : 0)));
  const u = triu(lu);
  const la = solve(lEye, x, { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
  const lau = solve(u, la, { leftSide: false, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  const luDot = add(bmm(lEye, tril(lau, -1)), bmm(triu(lau), u));
  return [luDot, zerosLike(pivots), zerosLike(perm)];
}

/** Bind lu: [lu, pivots, permutation]. */
export function luRaw(a: Array): Array[] {
  return bind(luP, [a], {} as Params);
}

/** The one-hot matrix P of a permutation (`P[i, j] = perm[i] == j`), so `P A` is A's rows permuted. */
export function permutationMatrix(perm: Array, dtype: Array['dtype']): Array {
  const m = perm.shape[perm.ndim - 1]!;
  const shape = [...perm.shape, m];
  const rows = broadcastInDim(perm, shape, perm.shape.map((_, i) => i));
  const cols = broadcastInDim(iota(int32, [m]), shape, [perm.ndim]);
  return convertElementType(eq(rows, cols), dtype, false);
}

/** LU decomposition with partial pivoting of `[..., m, n]` matrices: `[lu, pivots, permutation]` with `a[permutation] = L U`. */
export function lu(x: ArrayLike): [Array, Array, Array] {
  return luRaw(asArray(x)) as [Array, Array, Array];
}
