// Complex linear systems on real planes, for the eig primitives' rules (their kernels and LU
// take real matrices): (Vr + i·Vi)(Xr + i·Xi) = Br + i·Bi as the real system of twice the size,
// [[Vr, −Vi], [Vi, Vr]] [Xr; Xi] = [Br; Bi].
import type { Array } from '../../core/array.js';
import { neg } from '../elementwise.js';
import { concatenateAlong } from '../slicing.js';
import { block, bmm } from './common.js';
import { luRaw, permutationMatrix } from './lu.js';
import { triangularSolveRaw } from './triangularSolve.js';

/** Solve (vr + i·vi) X = br + i·bi over the last two axes: [Xr, Xi]. */
export function complexSolve(vr: Array, vi: Array, br: Array, bi: Array): [Array, Array] {
  const nb = vr.ndim - 2;
  const n = vr.shape[nb]!;
  const big = concatenateAlong([concatenateAlong([vr, neg(vi)], nb + 1), concatenateAlong([vi, vr], nb + 1)], nb);
  const rhs = concatenateAlong([br, bi], nb);
  const [lu, , perm] = luRaw(big);
  const pb = bmm(permutationMatrix(perm!, big.dtype), rhs);
  const y = triangularSolveRaw(lu!, pb, { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
  const x = triangularSolveRaw(lu!, y, { leftSide: true, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
  const m = br.shape[nb + 1]!;
  return [block(x, [0, n], [0, m]), block(x, [n, 2 * n], [0, m])];
}
