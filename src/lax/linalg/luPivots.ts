// lax.linalg.lu_pivots_to_permutation: LAPACK-style pivots (row j swapped with pivots[j], in
// order) as the permutation they apply. A pivot outside [0, permutationSize) swaps nothing.
import type { Array, ArrayLike } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { int32 } from '../../core/dtypes.js';
import { DtypeError, ShapeError } from '../../core/errors.js';
import { countArg } from '../../core/args.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind1 } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, i32, ix, load } from '../../ir/exp.js';
import { batchLeading } from './common.js';

/** lu_pivots_to_permutation's parameter. */
export interface LuPivotsParams extends Params {
  permutationSize: number;
}

function kernel(ctx: KernelContext, { inAvals: [piv], params: p }: LowerInfo<LuPivotsParams>): void {
  const k = piv!.shape[piv!.ndim - 1]!;
  const n = p.permutationSize;
  const perm = ctx.scratch(int32, Math.max(1, n));
  ctx.loop(0, sizeOf(piv!.shape.slice(0, -1)), (b) => {
    ctx.loop(0, n, (i) => ctx.store(perm, i, i), 'i');
    ctx.loop(0, k, (j) => {
      const t = ctx.let(ctx.read(0, ix.add(ix.mul(b, k), j)), 't');
      ctx.if(alu('and', alu('ge', t, i32(0)), alu('lt', t, i32(n))), () => {
        const x = ctx.let(load(perm, j), 'x');
        ctx.store(perm, j, load(perm, t));
        ctx.store(perm, t, x);
      });
    }, 'j');
    ctx.loop(0, n, (i) => ctx.write(0, ix.add(ix.mul(b, n), i), load(perm, i)), 'i');
  }, 'b');
}

export const luPivotsToPermutationP: Primitive<LuPivotsParams> = definePrimitive<LuPivotsParams>('lu_pivots_to_permutation', {
  abstractEval: ([piv], p) => {
    if (piv!.dtype !== int32) throw new DtypeError(`lu_pivots_to_permutation: pivots must be int32, got ${piv!.dtype.name}.`);
    if (piv!.ndim < 1) throw new ShapeError(`lu_pivots_to_permutation: pivots must have at least one axis, got ${piv!.str()}.`);
    const k = piv!.shape[piv!.ndim - 1]!;
    if (p.permutationSize < k) throw new ShapeError(`lu_pivots_to_permutation: permutationSize ${p.permutationSize} must be at least the pivots' length ${k}.`);
    return [piv!.update({ shape: [...piv!.shape.slice(0, -1), p.permutationSize], weakType: false })];
  },
  batch: batchLeading<LuPivotsParams>(([piv], p) => [bind1(luPivotsToPermutationP, [piv!], p)]),
  lower: { kind: 'kernel', build: kernel },
});

/** The permutation (int32 `[..., permutationSize]`) that LU's pivots (int32 `[..., k]`, row j swapped with pivots[j] in turn) apply. */
export function luPivotsToPermutation(pivots: ArrayLike, permutationSize: number): Array {
  return bind1(luPivotsToPermutationP, [asArray(pivots)], { permutationSize: countArg('lax.linalg.luPivotsToPermutation', 'permutationSize', permutationSize) });
}
