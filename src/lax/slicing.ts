// Static slicing and concatenation.
import type { Array } from '../core/array.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { sizeOf, stridesOf } from '../core/shape.js';
import { constant, ix } from '../ir/exp.js';
import { bind1 } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { reshape } from './structural.js';
import { zerosLike } from './structural.js';
import { planewise } from './complexPlanes.js';

// --- slice(x, start, limit, strides) ---
export interface SliceParams extends Params {
  startIndices: number[];
  limitIndices: number[];
  strides: number[];
}
export const sliceP: Primitive<SliceParams> = definePrimitive<SliceParams>('slice', {
  abstractEval: ([x], { startIndices: s, limitIndices: l, strides: st }) => {
    if (s.length !== x!.ndim || l.length !== x!.ndim) throw new ShapeError(`slice of ${x!.str()} needs ${x!.ndim} start and limit indices.`);
    const shape = s.map((a, i) => {
      if (a < 0 || l[i]! > x!.shape[i]! || a > l[i]!) throw new ShapeError(`slice [${a}, ${l[i]}) is out of bounds for axis ${i} of ${x!.str()}.`);
      return Math.ceil((l[i]! - a) / st[i]!);
    });
    return [x!.update({ shape })];
  },
  jvp: ([x], [t], p) => [[bind1(sliceP, [x!], p)], [bind1(sliceP, [t!], p)]],
  transpose: ([ct], [x], p) => [padInto(ct!, (x as UndefinedPrimal).aval.shape as number[], p)],
  batch: ([x], [d], p) => {
    const xb = moveBatchToFront(x!, d!, x!.shape[d!]!);
    const n = xb.shape[0]!;
    return [[bind1(sliceP, [xb], { startIndices: [0, ...p.startIndices], limitIndices: [n, ...p.limitIndices], strides: [1, ...p.strides] })], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => sliceP),
  lower: {
    kind: 'index',
    map: (i, { inAvals, outAvals, params }) => {
      const inStrides = stridesOf(inAvals[0]!.shape);
      const outShape = outAvals[0]!.shape;
      const outStrides = stridesOf(outShape);
      const base = params.startIndices.reduce((acc, s, k) => acc + s * inStrides[k]!, 0);
      return ix.flat(
        outShape.map((n, k) => ix.coord(i, outStrides[k]!, n)),
        outShape.map((_, k) => params.strides[k]! * inStrides[k]!),
        base,
      );
    },
  },
});

// --- pad with zeros (the transpose of slice), as a kernel ---
interface PadParams extends Params {
  shape: number[];
  startIndices: number[];
  strides: number[];
}
export const padZerosP: Primitive<PadParams> = definePrimitive<PadParams>('pad_zeros', {
  abstractEval: ([x], p) => [x!.update({ shape: p.shape })],
  jvp: ([x], [t], p) => [[bind1(padZerosP, [x!], p)], [bind1(padZerosP, [t!], p)]],
  transpose: ([ct], [x], p) => {
    const a = (x as UndefinedPrimal).aval;
    const limitIndices = a.shape.map((n, k) => p.startIndices[k]! + (n - 1) * p.strides[k]! + 1);
    return [bind1(sliceP, [ct!], { startIndices: p.startIndices, limitIndices, strides: p.strides })];
  },
  batch: ([x], [d], p) => {
    const xb = moveBatchToFront(x!, d!, x!.shape[d!]!);
    const n = xb.shape[0]!;
    return [[bind1(padZerosP, [xb], { shape: [n, ...p.shape], startIndices: [0, ...p.startIndices], strides: [1, ...p.strides] })], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => padZerosP),
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, outAvals, params }) {
      const outStrides = stridesOf(outAvals[0]!.shape);
      const inShape = inAvals[0]!.shape;
      const inStrides = stridesOf(inShape);
      const base = params.startIndices.reduce((acc, s, k) => acc + s * outStrides[k]!, 0);
      ctx.loop(0, outAvals[0]!.size, (o) => ctx.write(0, o, constant(0, outAvals[0]!.dtype)), 'o');
      ctx.loop(0, inAvals[0]!.size, (i) => {
        const at = ix.flat(
          inShape.map((m, k) => ix.coord(i, inStrides[k]!, m)),
          inShape.map((_, k) => params.strides[k]! * outStrides[k]!),
          base,
        );
        ctx.write(0, at, ctx.read(0, i));
      });
    },
  },
});

function padInto(ct: Array, shape: number[], p: SliceParams): Array {
  return bind1(padZerosP, [ct], { shape, startIndices: p.startIndices, strides: p.strides });
}

// --- concatenate along an axis ---
interface ConcatParams extends Params {
  dimension: number;
}
export const concatenateP: Primitive<ConcatParams> = definePrimitive<ConcatParams>('concatenate', {
  abstractEval: (avals, { dimension: d }) => {
    const a0 = avals[0]!;
    for (const a of avals)
      if (a.ndim !== a0.ndim || a.dtype !== a0.dtype || a.shape.some((n, k) => k !== d && n !== a0.shape[k]))
        throw new ShapeError(`concatenate needs equal dtypes and shapes except along axis ${d}; got ${avals.map((x) => x.str()).join(', ')}.`);
    const shape = [...a0.shape];
    shape[d] = avals.reduce((s, a) => s + a.shape[d]!, 0);
    return [a0.update({ shape, weakType: avals.every((a) => a.weakType) })];
  },
  jvp: (xs, ts, p) => [[bind1(concatenateP, xs, p)], [bind1(concatenateP, ts, p)]],
  transpose: ([ct], xs, { dimension: d }) => {
    let start = 0;
    return xs.map((x) => {
      const a = x instanceof UndefinedPrimal ? x.aval : x.aval;
      const s = start;
      start += a.shape[d]!;
      if (!(x instanceof UndefinedPrimal)) return null;
      const st = ct!.shape.map((_, k) => (k === d ? s : 0));
      const lim = ct!.shape.map((n, k) => (k === d ? s + a.shape[d]! : n));
      return bind1(sliceP, [ct!], { startIndices: st, limitIndices: lim, strides: ct!.shape.map(() => 1) });
    });
  },
  batch: (xs, dims, { dimension }) => {
    const k = dims.findIndex((d) => d !== null);
    const n = xs[k]!.shape[dims[k]!]!;
    return [[bind1(concatenateP, xs.map((x, j) => moveBatchToFront(x, dims[j]!, n)), { dimension: dimension + 1 })], [0]];
  },
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => concatenateP),
  lower: {
    kind: 'kernel',
    build(ctx, { inAvals, outAvals, params }) {
      const d = params.dimension;
      const outShape = outAvals[0]!.shape;
      const outer = sizeOf(outShape.slice(0, d));
      const inner = sizeOf(outShape.slice(d + 1));
      const rowOut = outShape[d]! * inner;
      let off = 0;
      inAvals.forEach((a, k) => {
        const row = a.shape[d]! * inner;
        const start = off;
        ctx.loop(0, outer, (o) => ctx.loop(0, row, (j) => ctx.write(0, ix.add(ix.add(ix.mul(o, rowOut), start), j), ctx.read(k, ix.add(ix.mul(o, row), j))), 'j'), 'o');
        off += row;
      });
    },
  },
});

export function slice(x: Array, startIndices: number[], limitIndices: number[], strides?: number[]): Array {
  return bind1(sliceP, [x], { startIndices, limitIndices, strides: strides ?? startIndices.map(() => 1) });
}

/** x[..., i, ...] along `axis` (the axis removed). */
export function indexAlong(x: Array, axis: number, i: number): Array {
  const st = x.shape.map((_, k) => (k === axis ? i : 0));
  const lim = x.shape.map((n, k) => (k === axis ? i + 1 : n));
  return reshape(slice(x, st, lim), x.shape.filter((_, k) => k !== axis));
}

export function concatenateAlong(xs: Array[], dimension: number): Array {
  if (xs.length === 1) return xs[0]!;
  return bind1(concatenateP, xs, { dimension });
}

export { zerosLike };

// --- rev: reverse the order of elements along some dimensions (negative-step slices) ---
interface RevParams extends Params {
  dimensions: number[];
}
export const revP: Primitive<RevParams> = definePrimitive<RevParams>('rev', {
  abstractEval: ([x], { dimensions }) => {
    if (dimensions.some((d, i) => !Number.isInteger(d) || d < 0 || d >= x!.ndim || dimensions.indexOf(d) !== i))
      throw new ShapeError(`rev dimensions [${dimensions}] must be distinct axes of ${x!.str()}.`);
    return [x!];
  },
  jvp: ([x], [t], p) => [[rev(x!, p.dimensions)], [rev(t!, p.dimensions)]],
  transpose: ([ct], _x, p) => [rev(ct!, p.dimensions)],
  batch: ([x], [d], p) => [[rev(x!, p.dimensions.map((a) => (a < d! ? a : a + 1)))], [d!]],
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => revP),
  lower: {
    kind: 'index',
    // Reversing axis k moves coordinate c to n-1-c: the flat index loses c·stride and gains (n-1-c)·stride.
    map: (i, { inAvals, params }) => {
      const shape = inAvals[0]!.shape;
      const strides = stridesOf(shape);
      return params.dimensions.reduce((j, k) => {
        const c = ix.coord(i, strides[k]!, shape[k]!);
        return ix.add(ix.sub(j, ix.mul(c, strides[k]!)), ix.mul(ix.sub(shape[k]! - 1, c), strides[k]!));
      }, i);
    },
  },
});

/** lax.rev: `x` with the order of its elements reversed along `dimensions`. */
export function rev(x: Array, dimensions: number[]): Array {
  return dimensions.length === 0 ? x : bind1(revP, [x], { dimensions: [...dimensions] });
}
