// lax.linalg.cholesky: the lower Cholesky factor, NaN for a matrix that is not positive
// definite (as JAX), with JAX's jvp rule (Murray 2016, arXiv:1602.07527): L φ(L⁻¹ ∂Σ L⁻ᵀ).
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { bind1 } from '../../core/trace.js';
import { add, div } from '../elementwise.js';
import { full } from '../structural.js';
import { batchLeading, bmm, checkMatrices, maskMul, mT } from './common.js';
import { choleskyKernel } from './kernels.js';
import { triangularSolveRaw } from './triangularSolve.js';

export const choleskyP: Primitive = definePrimitive('cholesky', {
  abstractEval: ([a]) => {
    checkMatrices('cholesky', a!, true);
    return [a!.update({ weakType: false })];
  },
  jvp: ([a], [t]) => {
    const l = choleskyRaw(a!);
    const solve = (b: Array, leftSide: boolean, transposeA: boolean) => triangularSolveRaw(l, b, { leftSide, lower: true, transposeA, conjugateA: false, unitDiagonal: false });
    const tmp = solve(t!, false, true);
    // φ: the lower triangle with the diagonal halved.
    const phi = maskMul(solve(tmp, true, false), (i, j) => (j < i ? 1 : j === i ? 0.5 : 0));
    return [[l], [bmm(l, phi)]];
  },
  batch: batchLeading(([a]) => [choleskyRaw(a!)]),
  lower: { kind: 'kernel', build: choleskyKernel },
});

/** Bind cholesky (reads the lower triangle). */
export function choleskyRaw(a: Array): Array {
  return bind1(choleskyP, [a], {} as Params);
}

/** The lower Cholesky factor of symmetric positive-definite matrices (`[..., n, n]`); `symmetrizeInput` (default true) uses (a + aᵀ)/2; NaN where not positive definite. */
export function cholesky(x: ArrayLike, opts: { symmetrizeInput?: boolean } = {}): Array {
  const o = bindArgs('lax.linalg.cholesky', ['symmetrizeInput'], [opts]);
  const a = asArray(x);
  if (!boolArg('lax.linalg.cholesky', 'symmetrizeInput', o.symmetrizeInput, true) || a.ndim < 2) return choleskyRaw(a);
  return choleskyRaw(symmetrize(a));
}

/** (a + aᵀ) / 2. */
export function symmetrize(a: Array): Array {
  return div(add(a, mT(a)), full(a.shape, 2, a.dtype));
}
