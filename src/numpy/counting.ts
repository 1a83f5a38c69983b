// jnp functions whose result size depends on the values: nonzero, argwhere, flatnonzero (and
// bincount's length). As JAX: with `size` they trace (the kept positions first by a stable sort of
// the mask, the rest `fillValue`); without it they need a concrete input, and under jit/vmap
// raise a ConcretizationError asking for `size`. bincount is a scatter-add.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, countArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { convertElementType, div, max, rem, select } from '../lax/elementwise.js';
import { scatterAdd } from '../lax/gather.js';
import { reduceMax, reduceSum } from '../lax/reductions.js';
import { concatenateAlong } from '../lax/slicing.js';
import { full, reshape, transpose } from '../lax/structural.js';
import { declare } from './declare.js';
import { compact, concreteSize, requireConcrete, sizeArg } from './ordering.js';
import { promoteDtypes, truthy } from './promote.js';

/** The options of the functions whose result size depends on the values. */
export interface SizeOptions {
  size?: number | null;
  fillValue?: ArrayLike | null;
}

function fills(fn: string, fillValue: unknown, n: number): (number | boolean)[] {
  if (fillValue === undefined || fillValue === null) return globalThis.Array.from({ length: n }, () => 0);
  const list = globalThis.Array.isArray(fillValue) ? fillValue : globalThis.Array.from({ length: n }, () => fillValue);
  if (list.length !== n || list.some((v) => typeof v !== 'number' && typeof v !== 'boolean'))
    throw new ShapeError(`${fn}(): fillValue must be a number or a list of ${n} numbers (one per dimension), got ${describe(fillValue)}.`);
  return list as (number | boolean)[];
}

function nonzeroOf(fn: string, a: Array, o: SizeOptions): Array[] {
  if (a.ndim === 0) throw new ShapeError(`${fn}(): calling nonzero on 0-d arrays is not allowed; use jnp.atleast1d(x) first.`);
  const mask = truthy(reshape(a, [a.size]));
  const size = sizeArg(fn, o.size) ?? concreteSize(reduceSum(convertElementType(mask, int32, false), [0]), fn);
  const { idx, valid } = compact(mask, size);
  const f = fills(fn, o.fillValue, a.ndim);
  let stride = a.size;
  return a.shape.map((d, k) => {
    stride /= d;
    const coord = d === 0 ? full([size], 0, int32) : rem(div(idx, full([size], stride, int32)), full([size], d, int32));
    return select(valid, coord, full([size], f[k]!, int32));
  });
}

/** Return indices of nonzero elements of an array: one int32 array per dimension (`size`/`fillValue` make it traceable). */
export const nonzero = declare('nonzero', {
  arity: 2,
  arrays: 1,
  fused: false,
  method: 'nonzero',
  impl: (a: ArrayLike, opts?: SizeOptions): Array[] => nonzeroOf('nonzero', asArray(a), bindArgs('nonzero', ['size', 'fillValue'], [opts], ['size', 'fillValue']) as SizeOptions),
});

/** Find the indices of nonzero array elements: int32 [count, ndim] (`size`/`fillValue` make it traceable). */
export const argwhere = declare('argwhere', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (a: ArrayLike, opts?: SizeOptions): Array => {
    const o = bindArgs('argwhere', ['size', 'fillValue'], [opts], ['size', 'fillValue']) as SizeOptions;
    const x = asArray(a);
    const coords = nonzeroOf('argwhere', x.ndim === 0 ? reshape(x, [1]) : x, o);
    const n = coords[0]!.shape[0]!;
    if (x.ndim === 0) return full([n, 0], 0, int32);
    return transpose(concatenateAlong(coords.map((c) => reshape(c, [1, n])), 0), [1, 0]);
  },
});

/** Return indices of nonzero elements in a flattened array (int32; `size`/`fillValue` make it traceable). */
export const flatnonzero = declare('flatnonzero', {
  arity: 2,
  arrays: 1,
  fused: false,
  impl: (a: ArrayLike, opts?: SizeOptions): Array => {
    const o = bindArgs('flatnonzero', ['size', 'fillValue'], [opts], ['size', 'fillValue']) as SizeOptions;
    const x = asArray(a);
    return nonzeroOf('flatnonzero', reshape(x, [x.size]), o)[0]!;
  },
});

/** bincount's options. */
export interface BincountOptions {
  weights?: ArrayLike | null;
  minlength?: number;
  length?: number | null;
}

/**
 * Count the number of occurrences of each value in an integer array (negative values count as 0,
 * as JAX's; values past `length` are dropped). Without `length` the input must be concrete.
 */
export const bincount = declare('bincount', {
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, ...rest: [weights?: ArrayLike | null | BincountOptions, minlength?: number | BincountOptions, opts?: BincountOptions]): Array => {
    const o = bindArgs('bincount', ['weights', 'minlength', 'length'], rest, ['length']);
    const a = asArray(x);
    if (a.dtype.kind === 'f') throw new DtypeError(`bincount(): x must have an integer type; got ${a.dtype.name}.`);
    if (a.ndim !== 1) throw new ShapeError(`bincount(): x must be 1-dimensional, got ${a.aval.str()}.`);
    const minlength = countArg('bincount', 'minlength', o.minlength ?? 0);
    const xi = max(convertElementType(a, int32, false), full(a.shape, 0, int32));
    let length = o.length === undefined || o.length === null ? undefined : countArg('bincount', 'length', o.length);
    if (length === undefined) {
      requireConcrete(a, 'bincount');
      const top = a.size === 0 ? 0 : concreteSize(reduceMax(xi, [0]), 'bincount') + 1;
      length = Math.max(minlength, top);
    }
    let w: Array;
    if (o.weights === undefined || o.weights === null) w = full(a.shape, 1, int32);
    else {
      w = asArray(o.weights as ArrayLike);
      if (w.shape.join() !== a.shape.join()) throw new ShapeError(`bincount(): weights ${w.aval.str()} must have x's shape ${a.aval.str()}.`);
      [w] = promoteDtypes(w, full([], 0, int32, true));
      w = convertElementType(w!, w!.dtype, false);
    }
    return scatterAdd(full([length], 0, w.dtype), reshape(xi, [a.size, 1]), w, { axes: [0], mode: 'fill', fillValue: 0 });
  },
});
