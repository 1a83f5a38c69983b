// lax.linalg.triangular_solve: op(a) x = b or x op(a) = b for triangular a, with JAX's rules —
// jvp in a (−A⁻¹ ∂A X, its triangle only), linear in b with the transposed solve as transpose.
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { ShapeError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../../core/primitive.js';
import { bind1 } from '../../core/trace.js';
import { add, neg } from '../elementwise.js';
import { batchLeading, bmm, checkMatrices, mT, tril, triu } from './common.js';
import { triangularSolveKernel } from './kernels.js';

/** triangular_solve's parameters (JAX's keyword arguments). */
export interface TriangularSolveParams extends Params {
  leftSide: boolean;
  lower: boolean;
  transposeA: boolean;
  conjugateA: boolean;
  unitDiagonal: boolean;
}

export const triangularSolveP: Primitive<TriangularSolveParams> = definePrimitive<TriangularSolveParams>('triangular_solve', {
  abstractEval: ([a, b], p) => {
    checkMatrices('triangular_solve', a!, true);
    if (b!.ndim !== a!.ndim || b!.shape.slice(0, -2).some((d, i) => d !== a!.shape[i]))
      throw new ShapeError(`triangular_solve: a ${a!.str()} and b ${b!.str()} need the same rank and leading (batch) dimensions.`);
    const m = a!.shape[a!.ndim - 1]!;
    const side = b!.shape[b!.ndim - (p.leftSide ? 2 : 1)];
    if (side !== m) throw new ShapeError(`triangular_solve: b ${b!.str()} does not match a ${a!.str()} (${p.leftSide ? 'left' : 'right'} side: b's ${p.leftSide ? 'rows' : 'columns'} must be ${m}).`);
    if (b!.dtype !== a!.dtype) throw new ShapeError(`triangular_solve: a and b need one dtype, got ${a!.dtype.name} and ${b!.dtype.name}.`);
    return [b!.update({ weakType: false })];
  },
  jvp: ([a, b], [ta, tb], p) => {
    const x = triangularSolveRaw(a!, b!, p);
    const k = p.unitDiagonal ? 1 : 0;
    let g = neg(p.lower ? tril(ta!, -k) : triu(ta!, k));
    if (p.transposeA) g = mT(g);
    const inv = (rhs: Array) => triangularSolveRaw(a!, rhs, p);
    // A⁻¹ (∂A X) on the left, (X ∂A) A⁻¹ on the right.
    const da = p.leftSide ? inv(bmm(g, x)) : inv(bmm(x, g));
    return [[x], [add(da, inv(tb!))]];
  },
  transpose: ([ct], [a, b], p) => {
    if (a instanceof UndefinedPrimal || !(b instanceof UndefinedPrimal)) throw new Error('internal: triangular_solve is linear in b only.');
    return [null, ct ? triangularSolveRaw(a, ct, { ...p, transposeA: !p.transposeA }) : null];
  },
  batch: batchLeading<TriangularSolveParams>(([a, b], p) => [triangularSolveRaw(a!, b!, p)]),
  lower: { kind: 'kernel', build: triangularSolveKernel },
});

/** Bind triangular_solve. */
export function triangularSolveRaw(a: Array, b: Array, p: TriangularSolveParams): Array {
  return bind1(triangularSolveP, [a, b], { leftSide: p.leftSide, lower: p.lower, transposeA: p.transposeA, conjugateA: p.conjugateA, unitDiagonal: p.unitDiagonal });
}

/** triangularSolve's options (JAX's keyword arguments; all default false). */
export interface TriangularSolveOptions {
  leftSide?: boolean;
  lower?: boolean;
  transposeA?: boolean;
  conjugateA?: boolean;
  unitDiagonal?: boolean;
}

/** Triangular solve: `op(a) x = b` (leftSide) or `x op(a) = b`, op transposing when `transposeA`; only a's `lower` (or upper) triangle is read. */
export function triangularSolve(a: ArrayLike, b: ArrayLike, opts: TriangularSolveOptions = {}): Array {
  const o = bindArgs('lax.linalg.triangularSolve', ['leftSide', 'lower', 'transposeA', 'conjugateA', 'unitDiagonal'], [opts]);
  const flag = (k: keyof TriangularSolveOptions) => boolArg('lax.linalg.triangularSolve', k, o[k], false);
  return triangularSolveRaw(asArray(a), asArray(b), {
    leftSide: flag('leftSide'),
    lower: flag('lower'),
    transposeA: flag('transposeA'),
    conjugateA: flag('conjugateA'),
    unitDiagonal: flag('unitDiagonal'),
  });
}
