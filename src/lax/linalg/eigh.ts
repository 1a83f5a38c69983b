// lax.linalg.eigh: eigenvalues (ascending) and eigenvectors of symmetric matrices by cyclic
// Jacobi, reading the lower (or upper) triangle, with JAX's jvp rule (non-degenerate
// perturbation theory, as _eigh_jvp_rule). Eigenvector signs are not determined by the problem:
// jaxpool makes each vector's largest-magnitude component positive (LAPACK, and so JAX, may
// differ by a sign per vector).
import type { Array, ArrayLike } from '../../core/array.js';
import { bindArgs, boolArg, describe } from '../../core/args.js';
import { asArray } from '../../core/convert.js';
import { float64 } from '../../core/dtypes.js';
import { ShapeError } from '../../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { alu, cast, ix, load } from '../../ir/exp.js';
import { add, div, mul, sub } from '../elementwise.js';
import { slice } from '../slicing.js';
import { broadcastInDim, full } from '../structural.js';
import { symmetrize } from './cholesky.js';
import { batchLeading, bmm, checkMatrices, diagonalOf, eye, mT } from './common.js';
import { at, cm } from './householder.js';
import { jacobiEigen, normalizeColumnSigns, sortWithColumns } from './jacobi.js';

/** eigh's parameters (JAX's eigh_p; subsets are sliced by the public function). */
export interface EighParams extends Params {
  lower: boolean;
  sortEigenvalues: boolean;
}

function eighKernel(ctx: KernelContext, { inAvals: [x], params: p }: LowerInfo<EighParams>): void {
  const n = x!.shape[x!.ndim - 1]!;
  const batch = sizeOf(x!.shape.slice(0, -2));
  const a = ctx.scratch(float64, Math.max(1, n * n));
  const v = ctx.scratch(float64, Math.max(1, n * n));
  const w = ctx.scratch(float64, Math.max(1, n));
  ctx.loop(0, batch, (b) => {
    const base = ctx.let(ix.mul(b, n * n), 'base');
    // Only the chosen triangle is read: element (i, j) of the other comes from (j, i).
    ctx.loop(0, n, (i) =>
      ctx.loop(0, n, (j) => {
        const inTriangle = alu(p.lower ? 'ge' : 'le', i, j);
        ctx.if(inTriangle, () => ctx.store(a, at(i, n, j), cast(ctx.read(0, ix.add(base, at(i, n, j))), float64)), () => ctx.store(a, at(i, n, j), cast(ctx.read(0, ix.add(base, at(j, n, i))), float64)));
      }, 'j'),
    'i');
    jacobiEigen(ctx, a, v, n);
    ctx.loop(0, n, (i) => ctx.store(w, i, load(a, at(i, n, i))), 'i');
    sortWithColumns(ctx, w, [{ buf: v, rows: n }], n, false);
    normalizeColumnSigns(ctx, v, n, n);
    ctx.loop(0, n, (i) => ctx.loop(0, n, (j) => ctx.write(0, ix.add(base, at(i, n, j)), load(v, cm(i, j, n))), 'j'), 'i');
    ctx.loop(0, n, (i) => ctx.write(1, ix.add(ix.mul(b, n), i), load(w, i)), 'i');
  }, 'b');
}

export const eighP: Primitive<EighParams> = definePrimitive<EighParams>('eigh', {
  abstractEval: ([a]) => {
    checkMatrices('eigh', a!, true);
    return [a!.update({ weakType: false }), a!.update({ shape: a!.shape.slice(0, -1), weakType: false })];
  },
  jvp: ([a], [da], p) => {
    // As JAX: the primal of the symmetrized input; 1/(w_j − w_i) off the diagonal (inf where eigenvalues repeat, as JAX).
    const [v, w] = eighRaw(symmetrize(a!), p);
    const n = a!.shape[a!.ndim - 1]!;
    const lead = a!.shape.slice(0, -2);
    const shape = [...lead, n, n];
    const nb = lead.length;
    const bd = lead.map((_, i) => i);
    const wRow = broadcastInDim(w!, shape, [...bd, nb + 1]);
    const wCol = broadcastInDim(w!, shape, [...bd, nb]);
    const I = eye(n, a!.dtype, lead);
    const F = sub(div(full(shape, 1, a!.dtype), add(I, sub(wRow, wCol))), I);
    const vtAv = bmm(bmm(mT(v!), da!), v!);
    return [[v!, w!], [bmm(v!, mul(F, vtAv)), diagonalOf(vtAv)]];
  },
  batch: batchLeading<EighParams>(([a], p) => eighRaw(a!, p)),
  lower: { kind: 'kernel', build: eighKernel },
});

/** Bind eigh: [v, w]. */
export function eighRaw(a: Array, p: EighParams): Array[] {
  return bind(eighP, [a], { lower: p.lower, sortEigenvalues: p.sortEigenvalues });
}

/** eigh's options (JAX's keyword arguments). */
export interface EighOptions {
  lower?: boolean;
  symmetrizeInput?: boolean;
  sortEigenvalues?: boolean;
  subsetByIndex?: [number, number] | null;
  implementation?: string | null;
}

/** Eigendecomposition of symmetric `[..., n, n]` matrices: `[v, w]`, w ascending and `v[..., :, i]` its unit eigenvectors (each with its largest-magnitude entry positive); `subsetByIndex` [start, end) keeps those eigenpairs. */
export function eigh(x: ArrayLike, opts: EighOptions = {}): [Array, Array] {
  const fn = 'lax.linalg.eigh';
  const o = bindArgs(fn, ['lower', 'symmetrizeInput', 'sortEigenvalues', 'subsetByIndex', 'implementation'], [opts]);
  let a = asArray(x);
  checkMatrices(fn, a.aval, true);
  if (boolArg(fn, 'symmetrizeInput', o.symmetrizeInput, true)) a = symmetrize(a);
  const [v, w] = eighRaw(a, { lower: boolArg(fn, 'lower', o.lower, true), sortEigenvalues: boolArg(fn, 'sortEigenvalues', o.sortEigenvalues, true) }) as [Array, Array];
  const sub_ = o.subsetByIndex;
  if (sub_ === undefined || sub_ === null) return [v, w];
  const n = a.shape[a.ndim - 1]!;
  if (!globalThis.Array.isArray(sub_) || sub_.length !== 2 || !sub_.every((k) => Number.isInteger(k)) || sub_[0] < 0 || sub_[0] > sub_[1] || sub_[1] > n)
    throw new ShapeError(`${fn}: subsetByIndex must be [start, end] with 0 <= start <= end <= ${n}, got ${describe(sub_)}.`);
  const lead = a.shape.slice(0, -2);
  const z = lead.map(() => 0);
  return [slice(v, [...z, 0, sub_[0]], [...lead, n, sub_[1]]), slice(w, [...z, sub_[0]], [...lead, sub_[1]])];
}
