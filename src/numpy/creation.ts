// Array creation: array, asarray, zeros, ones, full, *Like, arange, linspace, eye, identity.
// Every function takes its dtype positionally where NumPy's signature has it, or as { dtype }.
// They build constants (or convert host data), so eager calls run directly, not fused.
import { Array, type ArrayLike } from '../core/array.js';
import { asArray, scalarType } from '../core/convert.js';
import { type DType, type DTypeLike, bool, defaultFloat, int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { add, convertElementType, eq, select } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { full as laxFull } from '../lax/structural.js';
import { bindArgs, boolArg, countArg, describe, dtypeArg, intArg, shapeArg } from '../core/args.js';
import { declare } from './declare.js';
import { broadcastArray } from './promote.js';

type DtypeArg = DTypeLike | null;
/** The `{ dtype }` option. */
export interface DtypeOpt {
  dtype?: DtypeArg;
}
type Shape = number | readonly number[];

/** Convert an object to a JAX array: an array or host data (`array(object, dtype?)`, `{ ndmin }` as an option); a DtypeError for an unknown dtype or a value that does not fit it. */
export const array = declare('array', {
  arity: 3,
  arrays: 0,
  impl: (x: ArrayLike, dtype?: DtypeArg | (DtypeOpt & { copy?: boolean; ndmin?: number }), opts?: DtypeOpt & { copy?: boolean; ndmin?: number }): Array => {
    const a = bindArgs('array', ['dtype', 'copy', 'order', 'ndmin'], [dtype, opts]);
    let out = toArray(x, dtypeArg(a.dtype));
    const ndmin = intArg('array', 'ndmin', a.ndmin, 0);
    if (out.ndim < ndmin) out = broadcastArray(out, [...new globalThis.Array<number>(ndmin - out.ndim).fill(1), ...out.shape]);
    return out;
  },
});

/** Convert an object to a JAX array (`asarray(a, dtype?)`; an array is returned as is unless `dtype` converts it). */
export const asarray = declare('asarray', {
  arity: 3,
  arrays: 0,
  impl: (x: ArrayLike, dtype?: DtypeArg | (DtypeOpt & { copy?: boolean }), opts?: DtypeOpt & { copy?: boolean }): Array => {
    const a = bindArgs('asarray', ['dtype', 'order', 'copy'], [dtype, opts]);
    return toArray(x, dtypeArg(a.dtype));
  },
});

function toArray(x: ArrayLike, d: DType | undefined): Array {
  if (!(x instanceof Array)) return asArray(x, d);
  return d === undefined ? x : convertElementType(x, d, false);
}

/** The dtype and weak type of a fill value: JS numbers are weak, as Python scalars in jnp.full. */
function fillType(value: ArrayLike): { dtype: DType; weak: boolean } {
  if (typeof value === 'number' || typeof value === 'boolean') return scalarType(value);
  const a = asArray(value);
  return { dtype: a.dtype, weak: a.weakType };
}

function filled(fn: string, shape: number[], value: ArrayLike, d: DType | undefined): Array {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const t = fillType(value);
    return laxFull(shape, value, d ?? t.dtype, d ? false : t.weak);
  }
  const v = asArray(value);
  const out = broadcastArray(v, shape);
  if (out.ndim !== shape.length) throw new ShapeError(`${fn}(): the fill value of shape [${v.shape}] does not broadcast to [${shape}].`);
  return d ? convertElementType(out, d, false) : out;
}

/** Create an array full of a specified value (`full(shape, fillValue, dtype?)`: the dtype defaults to the fill value's, weak for a JS number); a ShapeError for a fill value that does not broadcast. */
export const full = declare('full', {
  arity: 4,
  arrays: 0,
  impl: (shape: Shape, fillValue: ArrayLike, dtype?: DtypeArg | DtypeOpt, opts?: DtypeOpt): Array => {
    const a = bindArgs('full', ['dtype'], [dtype, opts]);
    return filled('full', shapeArg('full', shape), fillValue, dtypeArg(a.dtype));
  },
});

/** Create an array full of zeros (`zeros(shape, dtype?)`, the default float unless `dtype`); a ShapeError for a negative dimension. */
export const zeros = declare('zeros', {
  arity: 3,
  arrays: 0,
  impl: (shape: Shape, dtype?: DtypeArg | DtypeOpt, opts?: DtypeOpt): Array => {
    const a = bindArgs('zeros', ['dtype'], [dtype, opts]);
    return laxFull(shapeArg('zeros', shape), 0, dtypeArg(a.dtype) ?? defaultFloat(), false);
  },
});

/** Create an array full of ones (`ones(shape, dtype?)`, the default float unless `dtype`); a ShapeError for a negative dimension. */
export const ones = declare('ones', {
  arity: 3,
  arrays: 0,
  impl: (shape: Shape, dtype?: DtypeArg | DtypeOpt, opts?: DtypeOpt): Array => {
    const a = bindArgs('ones', ['dtype'], [dtype, opts]);
    return laxFull(shapeArg('ones', shape), 1, dtypeArg(a.dtype) ?? defaultFloat(), false);
  },
});

/** Options of zerosLike/onesLike/fullLike. */
export interface LikeOptions extends DtypeOpt {
  shape?: Shape | null;
}

function like(fn: string, x: ArrayLike, value: ArrayLike, rest: unknown[]): Array {
  const a = bindArgs(fn, ['dtype', 'shape'], rest);
  const base = asArray(x);
  const shape = a.shape === undefined || a.shape === null ? base.shape : shapeArg(fn, a.shape);
  const d = dtypeArg(a.dtype);
  if (typeof value === 'number' || typeof value === 'boolean') return laxFull(shape, value, d ?? base.dtype, d ? false : base.weakType);
  return convertElementType(filled(fn, shape, value, undefined), d ?? base.dtype, d ? false : base.weakType);
}

/** Create an array full of zeros with the same shape and dtype as an array (`zerosLike(a, dtype?, shape?)`; weak if `a` is). */
export const zerosLike = declare('zerosLike', {
  arity: 4,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, dtype?: DtypeArg | LikeOptions, shape?: Shape | LikeOptions | null, opts?: LikeOptions): Array => {
    return like('zerosLike', x, 0, [dtype, shape, opts]);
  },
});
/** Create an array of ones with the same shape and dtype as an array (`onesLike(a, dtype?, shape?)`). */
export const onesLike = declare('onesLike', {
  arity: 4,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, dtype?: DtypeArg | LikeOptions, shape?: Shape | LikeOptions | null, opts?: LikeOptions): Array => {
    return like('onesLike', x, 1, [dtype, shape, opts]);
  },
});
/** Create an array full of a specified value with the same shape and dtype as an array (`fullLike(a, fillValue, dtype?, shape?)`). */
export const fullLike = declare('fullLike', {
  arity: 5,
  arrays: 1,
  fused: false,
  impl: (x: ArrayLike, fillValue: ArrayLike, dtype?: DtypeArg | LikeOptions, shape?: Shape | LikeOptions | null, opts?: LikeOptions): Array => {
    return like('fullLike', x, fillValue, [dtype, shape, opts]);
  },
});

/** A bound of arange/linspace: a JS number or a concrete 0-d array (a traced one raises ConcretizationError). */
function scalarBound(fn: string, name: string, v: unknown): number {
  const x = v instanceof Array && v.ndim === 0 ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new DtypeError(`${fn}(): '${name}' must be a finite number, got ${describe(v)}.`);
  return x;
}

/** arange's arguments by name. */
export interface ArangeOptions extends DtypeOpt {
  start?: number;
  stop?: number | null;
  step?: number | null;
}

/**
 * Create an array of evenly-spaced values: `arange(stop)`, `arange(start, stop, step?, dtype?)`.
 * JS cannot tell 5.0 from 5, so integer-valued bounds give int32 (numpy's arange(5)); pass a
 * dtype or a fractional bound for floats. Integer dtypes follow numpy: the first value and the
 * step are truncated. A ShapeError for a zero step; a DtypeError for bool or a non-finite bound.
 */
export const arange = declare('arange', {
  arity: 5,
  arrays: 0,
  impl: (start: number | Array, stop?: number | Array | null | ArangeOptions, step?: number | Array | null | ArangeOptions, dtype?: DtypeArg | ArangeOptions, opts?: ArangeOptions): Array => {
    const a = bindArgs('arange', ['stop', 'step', 'dtype'], [stop, step, dtype, opts]);
    let lo = scalarBound('arange', 'start', start);
    let hi: number;
    if (a.stop === undefined || a.stop === null) [lo, hi] = [0, lo];
    else hi = scalarBound('arange', 'stop', a.stop);
    const st = a.step === undefined || a.step === null ? 1 : scalarBound('arange', 'step', a.step);
    if (st === 0) throw new ShapeError('arange(): step must not be zero.');
    const n = Math.max(0, Math.ceil((hi - lo) / st));
    const d = dtypeArg(a.dtype) ?? ([lo, hi, st].every(Number.isInteger) ? int32 : defaultFloat());
    if (d === bool) throw new DtypeError('arange() does not accept dtype bool; use a numeric dtype (and .astype(bool) if you mean nonzero).');
    if (d.kind === 'f') return iota(d, [n], 0, lo, st);
    // numpy: the first two values are cast, and their difference is the integer step.
    const first = Math.trunc(lo);
    const delta = Math.trunc(lo + st) - first;
    const ints = iota(int32, [n], 0, first, delta);
    return d === int32 ? ints : convertElementType(ints, d, false);
  },
});

/** linspace's arguments by name. */
export interface LinspaceOptions extends DtypeOpt {
  num?: number;
  endpoint?: boolean;
  retstep?: boolean;
  axis?: number;
}

/**
 * Return evenly-spaced numbers within an interval: `linspace(start, stop, num = 50, endpoint =
 * true, retstep = false, dtype?, axis = 0)`, computed in float64 and rounded once, the endpoint
 * exact; integer dtypes truncate the float values, as JAX does. With `retstep` it returns
 * `[samples, step]`. A ShapeError for a negative `num`.
 */
export const linspace = declare('linspace', {
  arrays: 0,
  impl: linspaceImpl as {
    (start: number | Array, stop: number | Array, opts: LinspaceOptions & { retstep: true }): [Array, Array];
    (start: number | Array, stop: number | Array, num: number | null | undefined, endpoint: boolean | null | undefined, retstep: true, dtype?: DtypeArg | LinspaceOptions, axis?: number | LinspaceOptions, opts?: LinspaceOptions): [Array, Array];
    (start: number | Array, stop: number | Array, num?: number | LinspaceOptions | null, endpoint?: boolean | LinspaceOptions | null, retstep?: false | LinspaceOptions | null, dtype?: DtypeArg | LinspaceOptions, axis?: number | LinspaceOptions, opts?: LinspaceOptions): Array;
  },
});
function linspaceImpl(start: number | Array, stop: number | Array, ...rest: unknown[]): Array | [Array, Array] {
  const a = bindArgs('linspace', ['num', 'endpoint', 'retstep', 'dtype', 'axis'], rest);
  const lo = scalarBound('linspace', 'start', start);
  const hi = scalarBound('linspace', 'stop', stop);
  const num = a.num === undefined || a.num === null ? 50 : countArg('linspace', 'num', a.num);
  const endpoint = boolArg('linspace', 'endpoint', a.endpoint, true);
  const retstep = boolArg('linspace', 'retstep', a.retstep, false);
  const axis = intArg('linspace', 'axis', a.axis, 0);
  if (axis !== 0 && axis !== -1) throw new ShapeError(`linspace(): axis ${axis} is out of bounds for the 1-d result of scalar start and stop.`);
  const d = dtypeArg(a.dtype) ?? defaultFloat();
  const fd = d.kind === 'f' ? d : defaultFloat();
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (hi - lo) / div : NaN;
  let vals = iota(fd, [num], 0, lo, div > 0 ? step : 0);
  // The endpoint is exact, as in numpy.
  if (endpoint && num > 1) vals = select(eq(iota(int32, [num]), laxFull([num], num - 1, int32)), laxFull([num], hi, fd), vals);
  const out = fd === d ? vals : convertElementType(vals, d, false);
  return retstep ? [out, laxFull([], step, fd)] : out;
}

/** eye's arguments by name. */
export interface EyeOptions extends DtypeOpt {
  M?: number | null;
  k?: number;
}

/** Create a square or rectangular identity matrix (`eye(N, M?, k = 0, dtype?)`: ones on the k-th diagonal). */
export const eye = declare('eye', {
  arity: 5,
  arrays: 0,
  impl: (n: number, m?: number | null | EyeOptions, k?: number | EyeOptions, dtype?: DtypeArg | EyeOptions, opts?: EyeOptions): Array => {
    const a = bindArgs('eye', ['M', 'k', 'dtype'], [m, k, dtype, opts]);
    const rows = countArg('eye', 'N', n);
    const cols = a.M === undefined || a.M === null ? rows : countArg('eye', 'M', a.M);
    const diag = intArg('eye', 'k', a.k, 0);
    const shape = [rows, cols];
    const row = iota(int32, shape, 0);
    const on = eq(iota(int32, shape, 1), diag === 0 ? row : add(row, laxFull(shape, diag, int32)));
    return convertElementType(on, dtypeArg(a.dtype) ?? defaultFloat(), false);
  },
});

/** Create a square identity matrix (`identity(n, dtype?)`). */
export const identity = declare('identity', {
  arity: 3,
  arrays: 0,
  impl: (n: number, dtype?: DtypeArg | DtypeOpt, opts?: DtypeOpt): Array => {
    const a = bindArgs('identity', ['dtype'], [dtype, opts]);
    return eye(n, { dtype: (a.dtype as DtypeArg | undefined) ?? null });
  },
});
