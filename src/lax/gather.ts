// take: gather slices of `x` along one axis at integer indices (clamped, like JAX's default
// "clip" mode for out-of-bound indices), and its transpose, scatter-add.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { DtypeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { zerosLike } from './structural.js';
import { int32 } from '../core/dtypes.js';
import { alu, cast, constant, type Exp, i32, ix, load, where } from '../ir/exp.js';

interface TakeParams extends Params {
  axis: number;
}
interface ScatterParams extends TakeParams {
  /** The shape of the operand being scattered into. */
  shape: number[];
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export const takeP: Primitive<TakeParams> = definePrimitive<TakeParams>('take', {
  abstractEval: ([x, idx], { axis }) => {
    if (idx!.dtype.kind !== 'i' && idx!.dtype.kind !== 'u') throw new DtypeError(`take indices must be integers, got ${idx!.dtype.name}.`);
    const shape = [...x!.shape.slice(0, axis), ...idx!.shape, ...x!.shape.slice(axis + 1)];
    return [new ShapedArray(shape, x!.dtype, x!.weakType)];
  },
  jvp: ([x, idx], [t], p) => [[take(x!, idx!, p.axis)], [take(t!, idx!, p.axis)]],
  transpose: ([ct], [x, idx], p) => {
    if (idx instanceof UndefinedPrimal) throw new Error('internal: linear take indices');
    const a = (x as UndefinedPrimal).aval;
    return [bind1(scatterAddP, [ct!, idx], { axis: p.axis, shape: [...a.shape] }), null];
  },
  batch: ([x, idx], [dx, di], { axis }) => {
    if (dx === null) {
      // Batched indices only: the batch dim appears where the index dims go.
      const i0 = moveBatchToFront(idx!, di, idx!.shape[di!]!);
      return [[take(x!, i0, axis)], [axis]];
    }
    const n = x!.shape[dx]!;
    const xb = moveBatchToFront(x!, dx, n);
    if (di === null) return [[take(xb, idx!, axis + 1)], [0]];
    // Both batched: gather per lane by offsetting indices into a flattened (lane, axis) dimension.
    throw new DtypeError('take with both operand and indices batched is not supported yet; vmap over one of them.');
  },
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, params: { axis } }) {
      const xs = inAvals[0]!.shape;
      const [outer, n, inner, m] = [prod(xs.slice(0, axis)), xs[axis]!, prod(xs.slice(axis + 1)), inAvals[1]!.size];
      ctx.loop(0, outer, (o) =>
        ctx.loop(0, m, (k) => {
          const q = ctx.let(clampIndex(ctx.read(1, k), n), 'q');
          ctx.loop(0, inner, (j) => ctx.write(0, ix.add(ix.mul(ix.add(ix.mul(o, m), k), inner), j), ctx.read(0, ix.add(ix.mul(ix.add(ix.mul(o, n), q), inner), j))), 'j');
        }, 'k'),
      'o');
    },
  },
});

export const scatterAddP: Primitive<ScatterParams> = definePrimitive<ScatterParams>('scatter_add', {
  abstractEval: ([u], p) => [new ShapedArray(p.shape, u!.dtype, u!.weakType)],
  jvp: ([u, idx], [t], p) => [[bind1(scatterAddP, [u!, idx!], p)], [bind1(scatterAddP, [t!, idx!], p)]],
  transpose: ([ct], [, idx], p) => [take(ct!, idx as Array, p.axis), null],
  batch: ([u, idx], [du, di], p) => {
    if (di !== null) throw new DtypeError('scatter-add with batched indices is not supported yet; vmap over the operand only.');
    const n = u!.shape[du!]!;
    return [[bind1(scatterAddP, [moveBatchToFront(u!, du!, n), idx!], { axis: p.axis + 1, shape: [n, ...p.shape] })], [0]];
  },
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, outAvals, params: { axis, shape } }) {
      const [outer, n, inner, m] = [prod(shape.slice(0, axis)), shape[axis]!, prod(shape.slice(axis + 1)), inAvals[1]!.size];
      const out = outAvals[0]!;
      ctx.loop(0, out.size, (z) => ctx.write(0, z, constant(0, out.dtype)), 'z');
      ctx.loop(0, outer, (o) =>
        ctx.loop(0, m, (k) => {
          const q = ctx.let(clampIndex(ctx.read(1, k), n), 'q');
          ctx.loop(0, inner, (j) => {
            const at = ctx.let(ix.add(ix.mul(ix.add(ix.mul(o, n), q), inner), j), 'at');
            ctx.write(0, at, alu('add', load(ctx.outputBuf(0), at), ctx.read(0, ix.add(ix.mul(ix.add(ix.mul(o, m), k), inner), j))));
          }, 'j');
        }, 'k'),
      'o');
    },
  },
});

/** An index into an axis of size n: negative ones count from the end, then clamped into range (JAX's default for take). */
function clampIndex(q: Exp, n: number): Exp {
  const i = cast(q, int32);
  const wrapped = where(alu('lt', i, i32(0)), ix.add(i, n), i);
  return ix.max(ix.min(wrapped, n - 1), 0);
}

export function take(x: Array, indices: Array, axis: number): Array {
  return bind1(takeP, [x, indices], { axis });
}

export { zerosLike };
