// LAPACK's geqrf (the compact Householder form: R above the diagonal, the reflectors below, their
// τ) and orgqr as lax.linalg.householderProduct — what jnp.linalg.qr(mode='raw') returns and how
// it is undone. As in JAX, neither has derivative rules (qr has).
import type { Array, ArrayLike } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { float64 } from '../../core/dtypes.js';
import { ShapeError } from '../../core/errors.js';
import { definePrimitive, type Primitive } from '../../core/primitive.js';
import { sizeOf } from '../../core/shape.js';
import { bind, bind1 } from '../../core/trace.js';
import type { KernelContext, LowerInfo } from '../../compiler/lowering.js';
import { cast, ix, load } from '../../ir/exp.js';
import { batchLeading, checkMatrices } from './common.js';
import { at, cm, householderQ, householderQr } from './householder.js';

function geqrfKernel(ctx: KernelContext, { inAvals: [a] }: LowerInfo<unknown>): void {
  const [m, n] = a!.shape.slice(-2) as [number, number];
  const k = Math.min(m, n);
  const w = ctx.scratch(float64, Math.max(1, m * n));
  const tau = ctx.scratch(float64, Math.max(1, k));
  ctx.loop(0, sizeOf(a!.shape.slice(0, -2)), (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, m, (i) => ctx.loop(0, n, (j) => ctx.store(w, cm(i, j, m), cast(ctx.read(0, ix.add(base, at(i, n, j))), float64)), 'j'), 'i');
    householderQr(ctx, w, tau, m, n);
    ctx.loop(0, m, (i) => ctx.loop(0, n, (j) => ctx.write(0, ix.add(base, at(i, n, j)), load(w, cm(i, j, m))), 'j'), 'i');
    ctx.loop(0, k, (j) => ctx.write(1, ix.add(ix.mul(b, k), j), load(tau, j)), 'j');
  }, 'b');
}

/** geqrf: [a with R on and above the diagonal and the reflectors below, taus]. */
export const geqrfP: Primitive = definePrimitive('geqrf', {
  abstractEval: ([a]) => {
    checkMatrices('geqrf', a!, false);
    const [m, n] = a!.shape.slice(-2) as [number, number];
    return [a!.update({ weakType: false }), a!.update({ shape: [...a!.shape.slice(0, -2), Math.min(m, n)], weakType: false })];
  },
  batch: batchLeading(([a]) => geqrf(a!)),
  lower: { kind: 'kernel', build: geqrfKernel },
});

/** LAPACK's geqrf: `[a, taus]`, R on and above a's diagonal and the Householder vectors (unit first entry implied) below. */
export function geqrf(x: ArrayLike): [Array, Array] {
  return bind(geqrfP, [asArray(x)], {}) as [Array, Array];
}

function householderProductKernel(ctx: KernelContext, { inAvals: [a, taus] }: LowerInfo<unknown>): void {
  const [m, n] = a!.shape.slice(-2) as [number, number];
  const k = taus!.shape[taus!.ndim - 1]!;
  const w = ctx.scratch(float64, Math.max(1, m * n));
  const tau = ctx.scratch(float64, Math.max(1, k));
  const q = ctx.scratch(float64, Math.max(1, m * n));
  ctx.loop(0, sizeOf(a!.shape.slice(0, -2)), (b) => {
    const base = ctx.let(ix.mul(b, m * n), 'base');
    ctx.loop(0, m, (i) => ctx.loop(0, n, (j) => ctx.store(w, cm(i, j, m), cast(ctx.read(0, ix.add(base, at(i, n, j))), float64)), 'j'), 'i');
    ctx.loop(0, k, (j) => ctx.store(tau, j, cast(ctx.read(1, ix.add(ix.mul(b, k), j)), float64)), 'j');
    householderQ(ctx, w, tau, m, n, q, n, k);
    ctx.loop(0, m, (i) => ctx.loop(0, n, (j) => ctx.write(0, ix.add(base, at(i, n, j)), load(q, cm(i, j, m))), 'j'), 'i');
  }, 'b');
}

export const householderProductP: Primitive = definePrimitive('householder_product', {
  abstractEval: ([a, taus]) => {
    checkMatrices('householder_product', a!, false);
    const [m, n] = a!.shape.slice(-2) as [number, number];
    if (m < n) throw new ShapeError(`householder_product: a needs at least as many rows as columns, got ${a!.str()}.`);
    const lead = a!.shape.slice(0, -2);
    if (taus!.ndim !== lead.length + 1 || lead.some((d, i) => d !== taus!.shape[i]) || taus!.shape[lead.length]! > Math.min(m, n))
      throw new ShapeError(`householder_product: taus ${taus!.str()} must be [..., k] with a's leading dimensions and k <= ${Math.min(m, n)}.`);
    if (taus!.dtype !== a!.dtype) throw new ShapeError(`householder_product: a and taus need one dtype, got ${a!.dtype.name} and ${taus!.dtype.name}.`);
    return [a!.update({ weakType: false })];
  },
  batch: batchLeading(([a, taus]) => [householderProductRaw(a!, taus!)]),
  lower: { kind: 'kernel', build: householderProductKernel },
});

function householderProductRaw(a: Array, taus: Array): Array {
  return bind1(householderProductP, [a, taus], {});
}

/** The product of the Householder reflectors in a's lower triangle with scalar factors `taus` (`[..., k]`): the first n columns of Q, `[..., m, n]` (m ≥ n). */
export function householderProduct(a: ArrayLike, taus: ArrayLike): Array {
  return householderProductRaw(asArray(a), asArray(taus));
}
