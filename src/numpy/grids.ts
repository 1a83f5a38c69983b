// Grids and ranges: meshgrid, indices, fromfunction, vander, logspace, geomspace.
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, countArg, describe, dtypeArg, shapeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, defaultFloat, int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { isOptions } from '../core/args.js';
import { convertElementType, mul } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { concatenateAlong, rev } from '../lax/slicing.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';
import { linspace } from './creation.js';
import { declare } from './declare.js';
import { power } from './elementwise.js';

/** meshgrid's options. */
export interface MeshgridOptions {
  copy?: boolean;
  sparse?: boolean;
  indexing?: 'xy' | 'ij';
}

/** Construct N-dimensional grid arrays from N 1-dimensional vectors (`meshgrid(...xi, { copy, sparse, indexing: 'xy' | 'ij' })`; 'xy' swaps the first two output axes). */
export const meshgrid = declare('meshgrid', {
  arrays: 0,
  impl: (...args: (ArrayLike | MeshgridOptions)[]): Array[] => {
    const opts = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as MeshgridOptions) : undefined;
    const o = bindArgs('meshgrid', ['copy', 'sparse', 'indexing'], [opts], ['copy', 'sparse', 'indexing']);
    const sparse = boolArg('meshgrid', 'sparse', o.sparse, false);
    const indexing = o.indexing ?? 'xy';
    if (indexing !== 'xy' && indexing !== 'ij') throw new TypeError(`meshgrid(): indexing must be 'xy' or 'ij', got ${describe(indexing)}.`);
    const xs = (args as ArrayLike[]).map((a) => asArray(a));
    for (const x of xs) if (x.ndim !== 1) throw new ShapeError(`meshgrid(): arguments must be 1-d, got shape [${x.shape}].`);
    const shape = xs.map((x) => x.shape[0]!);
    const swap = indexing === 'xy' && xs.length > 1;
    if (swap) [shape[0], shape[1]] = [shape[1]!, shape[0]!];
    return xs.map((x, i) => {
      const d = swap && i < 2 ? 1 - i : i;
      const s = sparse ? shape.map((n, k) => (k === d ? n : 1)) : shape;
      return broadcastInDim(x, s, [d]);
    });
  },
});

type IndicesOpts = { dtype?: DTypeLike | null; sparse?: boolean };

/** Generate arrays of grid indices (`indices(dimensions, dtype = int32, sparse = false)`: one [N, ...dimensions] array, or N sparse arrays). */
export const indices = declare('indices', {
  arity: 3,
  arrays: 0,
  impl: (dimensions: readonly number[], dtype?: DTypeLike | null | IndicesOpts, sparse?: boolean | IndicesOpts): Array | Array[] => {
    const o = bindArgs('indices', ['dtype', 'sparse'], [dtype, sparse]);
    const dims = shapeArg('indices', dimensions);
    const d = dtypeArg(o.dtype) ?? int32;
    const parts = dims.map((n, i) => {
      const s = boolArg('indices', 'sparse', o.sparse, false) ? dims.map((m, k) => (k === i ? m : 1)) : dims;
      return iota(d, s, i);
    });
    if (boolArg('indices', 'sparse', o.sparse, false)) return parts;
    if (parts.length === 0) return full([0], 0, d);
    return concatenateAlong(parts.map((p) => reshape(p, [1, ...dims])), 0);
  },
}) as { (dimensions: readonly number[], dtype?: DTypeLike | null, sparse?: false): Array; (dimensions: readonly number[], opts: IndicesOpts & { sparse: true }): Array[]; (dimensions: readonly number[], dtype: DTypeLike | null | undefined, sparse: true): Array[]; (dimensions: readonly number[], opts?: IndicesOpts): Array };

/** Create an array from a function applied over indices (`fromfunction(fn, shape, { dtype = float })`: `fn` gets one index grid per axis). */
export const fromfunction = declare('fromfunction', {
  arity: 3,
  arrays: 0,
  impl: <R>(fn: (...idx: Array[]) => R, shape: number | readonly number[], opts?: { dtype?: DTypeLike | null }): R => {
    if (typeof fn !== 'function') throw new TypeError(`fromfunction(): expected a function, got ${describe(fn)}.`);
    const o = bindArgs('fromfunction', ['dtype'], [opts], ['dtype']);
    const dims = shapeArg('fromfunction', shape);
    const d = dtypeArg(o.dtype) ?? defaultFloat();
    return fn(...dims.map((_, i) => iota(d, dims, i)));
  },
});

type VanderOpts = { N?: number | null; increasing?: boolean };

/** Generate a Vandermonde matrix (`vander(x, N?, increasing = false)`: columns x^(N-1), …, x^0, or increasing powers). */
export const vander = declare('vander', {
  arity: 3,
  arrays: 1,
  impl: (x: ArrayLike, N?: number | null | VanderOpts, increasing?: boolean | VanderOpts): Array => {
    const o = bindArgs('vander', ['N', 'increasing'], [N, increasing]);
    const a = asArray(x);
    if (a.ndim !== 1) throw new ShapeError(`vander(): x must be a one-dimensional array, got shape [${a.shape}].`);
    const n = o.N === undefined || o.N === null ? a.shape[0]! : countArg('vander', 'N', o.N);
    let p = iota(a.dtype.kind === 'b' ? int32 : a.dtype, [n]);
    if (!boolArg('vander', 'increasing', o.increasing, false)) p = rev(p, [0]);
    return power(broadcastInDim(a, [a.shape[0]!, n], [0]), broadcastInDim(p, [a.shape[0]!, n], [1]));
  },
});

type SpaceOpts = { num?: number; endpoint?: boolean; base?: number; dtype?: DTypeLike | null; axis?: number };

/** Return numbers spaced evenly on a log scale (`logspace(start, stop, num = 50, endpoint = true, base = 10, dtype?, axis = 0)`: base ** linspace(start, stop)). */
export const logspace = declare('logspace', {
  arrays: 0,
  impl: (start: number, stop: number, num?: number | SpaceOpts, endpoint?: boolean | SpaceOpts, base?: number | SpaceOpts, dtype?: DTypeLike | null | SpaceOpts, axis?: number | SpaceOpts, opts?: SpaceOpts): Array => {
    const o = bindArgs('logspace', ['num', 'endpoint', 'base', 'dtype', 'axis'], [num, endpoint, base, dtype, axis, opts]);
    const d = dtypeArg(o.dtype);
    const fd = d && d.kind === 'f' ? d : defaultFloat();
    const lin = linspace(start, stop, { num: (o.num ?? 50) as number, endpoint: (o.endpoint ?? true) as boolean, dtype: fd, axis: (o.axis ?? 0) as number });
    const out = power(full(lin.shape, (o.base ?? 10) as number, fd), lin);
    return d ? convertElementType(out, d, false) : out;
  },
});

/** Return numbers spaced evenly on a log scale, by their endpoints (`geomspace(start, stop, num = 50, endpoint = true, dtype?, axis = 0)`); a ShapeError for a zero endpoint. */
export const geomspace = declare('geomspace', {
  arrays: 0,
  impl: (start: number, stop: number, num?: number | SpaceOpts, endpoint?: boolean | SpaceOpts, dtype?: DTypeLike | null | SpaceOpts, axis?: number | SpaceOpts, opts?: SpaceOpts): Array => {
    const o = bindArgs('geomspace', ['num', 'endpoint', 'dtype', 'axis'], [num, endpoint, dtype, axis, opts]);
    if (start === 0 || stop === 0) throw new ShapeError('geomspace(): geometric sequence cannot include zero.');
    const d = dtypeArg(o.dtype);
    const fd = d && d.kind === 'f' ? d : defaultFloat();
    // JAX: signflip * logspace(log10(signflip * start), log10(signflip * stop)), signflip = -1 when both are negative.
    const flip = start < 0 && stop < 0 ? -1 : 1;
    const lo = Math.log10(flip * start);
    const hi = Math.log10(flip * stop);
    const res = logspace(lo, hi, { num: (o.num ?? 50) as number, endpoint: (o.endpoint ?? true) as boolean, base: 10, dtype: fd, axis: (o.axis ?? 0) as number });
    const out = mul(res, full(res.shape, flip, fd));
    return d ? convertElementType(out, d, false) : out;
  },
});
