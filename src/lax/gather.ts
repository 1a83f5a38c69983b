// gather and scatter-add: the primitives behind jnp indexing and take (a simplified XLA gather).
//
// gather(operand, indices, {axes, mode}): `indices` has shape [...B, k] (an index vector of k
// integers per batch position); each vector addresses operand axes `axes[0..k)`, and the output
// is [...B, ...the operand's other dims]: out[b, r] = operand[axes = indices[b], others = r].
// scatter_add(operand, indices, updates, {axes, mode}) is its mirror: `updates` shaped like
// gather's output are added into a copy of `operand` at the same positions (JAX's
// `x.at[idx].add(v)`; the transpose of gather). Out-of-bounds index vectors are clamped into
// range (mode 'clip', JAX's x[idx]) or give `fillValue` for gather and are dropped for scatter
// (mode 'fill', JAX's FILL_OR_DROP, jnp.take's default).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { stridesOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import type { KernelContext } from '../compiler/lowering.js';
import { alu, cast, constant, type Exp, i32, ix, load, where } from '../ir/exp.js';
import { moveBatchToFront } from './batching.js';
import { convertElementType } from './elementwise.js';
import { iota } from './iota.js';
import { concatenateAlong } from './slicing.js';
import { zerosLike } from './structural.js';
import { planewise } from './complexPlanes.js';

export type GatherMode = 'clip' | 'fill';
export interface GatherParams extends Params {
  /** The operand axes addressed by the index vector, in its order. */
  axes: number[];
  mode: GatherMode;
  /** What 'fill' mode gathers for an out-of-bounds index vector. */
  fillValue: number;
}

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The operand dims that are not indexed (they follow the batch dims in the output). */
export const restDims = (rank: number, axes: readonly number[]) => [...globalThis.Array(rank).keys()].filter((d) => !axes.includes(d));

export function checkIndices(name: string, operand: ShapedArray, indices: ShapedArray, p: GatherParams): number[] {
  if (indices.dtype.kind !== 'i' && indices.dtype.kind !== 'u') throw new DtypeError(`${name} indices must be integers, got ${indices.dtype.name}.`);
  const k = indices.shape[indices.ndim - 1];
  if (indices.ndim === 0 || k !== p.axes.length)
    throw new ShapeError(`${name}: indices ${indices.str()} must end in an index vector of ${p.axes.length} (one per indexed axis).`);
  const sorted = [...p.axes].sort((a, b) => a - b);
  if (sorted.some((a, i) => !Number.isInteger(a) || a < 0 || a >= operand.ndim || (i > 0 && a === sorted[i - 1])))
    throw new ShapeError(`${name}: axes [${p.axes}] must be distinct axes of ${operand.str()}.`);
  const batch = indices.shape.slice(0, -1);
  if (p.mode === 'clip' && prod(batch) > 0 && p.axes.some((a) => operand.shape[a] === 0))
    throw new ShapeError(`${name}: cannot index into an axis of size 0 of ${operand.str()}; there is no element to return.`);
  return [...batch, ...restDims(operand.ndim, p.axes).map((d) => operand.shape[d]!)];
}

export const gatherP: Primitive<GatherParams> = definePrimitive<GatherParams>('gather', {
  abstractEval: ([x, idx], p) => [new ShapedArray(checkIndices('gather', x!, idx!, p), x!.dtype, x!.weakType)],
  jvp: ([x, idx], [t], p) => [[gather(x!, idx!, p)], [gather(t!, idx!, p)]],
  transpose: ([ct], [x, idx], p) => {
    if (idx instanceof UndefinedPrimal) throw new Error('internal: linear gather indices');
    const a = (x as UndefinedPrimal).aval;
    return [scatterAdd(zerosLike(a), idx, ct!, p), null];
  },
  batch: ([x, idx], [dx, di], p) => {
    if (di === null) {
      // Only the operand is batched: its batch axis becomes the first non-indexed dim.
      const xb = moveBatchToFront(x!, dx, x!.shape[dx!]!);
      return [[gather(xb, idx!, { ...p, axes: p.axes.map((a) => a + 1) })], [idx!.ndim - 1]];
    }
    const n = idx!.shape[di]!;
    const ib = moveBatchToFront(idx!, di, n);
    if (dx === null) return [[gather(x!, ib, p)], [0]];
    // Both batched: each lane addresses its own operand slice through an extra leading index.
    const { indices, axes } = withLaneIndex(ib, p.axes);
    return [[gather(moveBatchToFront(x!, dx, n), indices, { ...p, axes })], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => gatherP),
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, params }) {
      const [x, idx] = inAvals as [ShapedArray, ShapedArray];
      walk(ctx, x.shape, idx, params, 1, ({ b, base, oob, nRest, restOffset }) =>
        ctx.loop(0, nRest, (r) => {
          const value = ctx.read(0, ix.add(base, restOffset(r)));
          ctx.write(0, ix.add(ix.mul(b, nRest), r), oob ? where(oob, constant(params.fillValue, x.dtype), value) : value);
        }, 'r'),
      );
    },
  },
});

export const scatterAddP: Primitive<GatherParams> = definePrimitive<GatherParams>('scatter_add', {
  abstractEval: ([x, idx, u], p) => {
    const want = checkIndices('scatter_add', x!, idx!, p);
    if (u!.shape.join() !== want.join() || u!.dtype !== x!.dtype)
      throw new ShapeError(`scatter_add: updates ${u!.str()} must be ${x!.dtype.short}[${want}] for operand ${x!.str()} and indices ${idx!.str()}.`);
    return [x!.update({ weakType: x!.weakType && u!.weakType })];
  },
  jvp: ([x, idx, u], [tx, , tu], p) => [[scatterAdd(x!, idx!, u!, p)], [scatterAdd(tx!, idx!, tu!, p)]],
  transpose: ([ct], [x, idx, u], p) => {
    if (idx instanceof UndefinedPrimal) throw new Error('internal: linear scatter indices');
    // Dropped (out-of-bounds) updates get no cotangent: gather them as 0.
    return [x instanceof UndefinedPrimal ? ct! : null, null, u instanceof UndefinedPrimal ? gather(ct!, idx, { ...p, fillValue: 0 }) : null];
  },
  batch: ([x, idx, u], dims, p) => {
    const k = dims.findIndex((d) => d !== null);
    const n = [x, idx, u][k]!.shape[dims[k]!]!;
    const [xb, ib, ub] = [x!, idx!, u!].map((a, i) => moveBatchToFront(a, dims[i]!, n)) as [Array, Array, Array];
    const { indices, axes } = withLaneIndex(ib, p.axes);
    return [[scatterAdd(xb, indices, ub, { ...p, axes })], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => scatterAddP),
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, outAvals, params }) {
      const [x, idx] = inAvals as [ShapedArray, ShapedArray];
      ctx.loop(0, outAvals[0]!.size, (z) => ctx.write(0, z, ctx.read(0, z)), 'z');
      walk(ctx, x.shape, idx, params, 1, ({ b, base, oob, nRest, restOffset }) => {
        const add = () =>
          ctx.loop(0, nRest, (r) => {
            const at = ctx.let(ix.add(base, restOffset(r)), 'at');
            ctx.write(0, at, alu('add', load(ctx.outputBuf(0), at), ctx.read(2, ix.add(ix.mul(b, nRest), r))));
          }, 'r');
        // Out-of-bounds index vectors drop their updates (fill mode).
        if (oob) ctx.if(alu('not', oob), add);
        else add();
      });
    },
  },
});

/** Prepend each lane's own number to its index vectors: indices [n, ...B, k] → [n, ...B, k + 1]. */
export function withLaneIndex(ib: Array, axes: number[]): { indices: Array; axes: number[] } {
  const lane = iota(int32, [...ib.shape.slice(0, -1), 1], 0);
  const i = convertElementType(ib, int32, false);
  return { indices: concatenateAlong([lane, i], ib.ndim - 1), axes: [0, ...axes.map((a) => a + 1)] };
}

/** One index vector's window, as walk gives it to a kernel. */
export interface Window {
  /** The batch position (which index vector). */
  b: Exp;
  /** The operand offset of the window (of the clamped vector, so always in bounds). */
  base: Exp;
  /** Whether the vector is out of bounds (fill mode only). */
  oob?: Exp;
  /** Elements per window (the non-indexed dims). */
  nRest: number;
  /** The operand offset of flat position r within the window. */
  restOffset(r: Exp): Exp;
}

/**
 * The loop over index vectors shared by both kernels: for batch position `b` it reads the vector,
 * clamps it (both modes, so addresses stay in bounds), flags it out of bounds (fill) and gives
 * `body` its window.
 */
export function walk(ctx: KernelContext, shape: readonly number[], idx: ShapedArray, p: GatherParams, idxInput: number, body: (w: Window) => void): void {
  const strides = stridesOf(shape);
  const k = p.axes.length;
  const rest = restDims(shape.length, p.axes);
  const sizes = rest.map((d) => shape[d]!);
  const inner = stridesOf(sizes);
  // r itself when the non-indexed dims are the trailing ones.
  const trailing = rest.every((d, i) => d === shape.length - rest.length + i);
  const restOffset = (r: Exp): Exp => (trailing ? r : ix.flat(sizes.map((n, i) => ix.coord(r, inner[i]!, n)), rest.map((d) => strides[d]!)));
  ctx.loop(0, prod(idx.shape.slice(0, -1)), (b) => {
    let base = i32(0);
    let oob: Exp | undefined;
    p.axes.forEach((a, j) => {
      const n = shape[a]!;
      const q = ctx.let(cast(ctx.read(idxInput, ix.add(ix.mul(b, k), j)), int32), 'q');
      if (p.mode === 'fill') {
        const out = alu('or', alu('lt', q, i32(0)), alu('ge', q, i32(n)));
        oob = oob ? alu('or', oob, out) : out;
      }
      base = ix.add(base, ix.mul(ix.max(ix.min(q, n - 1), 0), strides[a]!));
    });
    body({ b, base: ctx.let(base, 'base'), oob: oob && ctx.let(oob, 'oob'), nRest: prod(sizes), restOffset });
  }, 'b');
}

/** gather(operand, indices [...B, k], params) → [...B, ...non-indexed dims]. */
export function gather(x: Array, indices: Array, p: GatherParams): Array {
  return bind1(gatherP, [x, indices], { axes: [...p.axes], mode: p.mode, fillValue: p.fillValue });
}

/** scatterAdd(operand, indices [...B, k], updates [...B, ...non-indexed dims], params): operand plus the updates at those positions. */
export function scatterAdd(x: Array, indices: Array, updates: Array, p: GatherParams): Array {
  return bind1(scatterAddP, [x, indices, updates], { axes: [...p.axes], mode: p.mode, fillValue: p.fillValue });
}
