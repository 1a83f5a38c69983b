// Array creation: array, asarray, zeros, ones, full, arange, linspace, eye.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DTypeLike, defaultFloat, dtype as toDtype, int32 } from '../core/dtypes.js';
import { checkShape } from '../core/shape.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { convertElementType, eq, select } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { full as laxFull } from '../lax/structural.js';

export interface DtypeOpt {
  dtype?: DTypeLike;
}

export function array(x: ArrayLike, opts: DtypeOpt = {}): Array {
  const a = asArray(x, opts.dtype);
  return opts.dtype && a.dtype !== toDtype(opts.dtype) ? convertElementType(a, toDtype(opts.dtype)) : a;
}
export const asarray = array;

function shapeArg(shape: number | readonly number[]): number[] {
  return checkShape(typeof shape === 'number' ? [shape] : [...shape]);
}

export function full(shape: number | readonly number[], value: number | boolean, opts: DtypeOpt = {}): Array {
  const d = opts.dtype ? toDtype(opts.dtype) : typeof value === 'boolean' ? toDtype('bool') : Number.isInteger(value) ? int32 : defaultFloat();
  return laxFull(shapeArg(shape), value, d, false);
}
export function zeros(shape: number | readonly number[], opts: DtypeOpt = {}): Array {
  return laxFull(shapeArg(shape), 0, opts.dtype ? toDtype(opts.dtype) : defaultFloat(), false);
}
export function ones(shape: number | readonly number[], opts: DtypeOpt = {}): Array {
  return laxFull(shapeArg(shape), 1, opts.dtype ? toDtype(opts.dtype) : defaultFloat(), false);
}
export function zerosLike(x: ArrayLike, opts: DtypeOpt = {}): Array {
  const a = asArray(x);
  return laxFull(a.shape, 0, opts.dtype ? toDtype(opts.dtype) : a.dtype, opts.dtype ? false : a.weakType);
}
export function onesLike(x: ArrayLike, opts: DtypeOpt = {}): Array {
  const a = asArray(x);
  return laxFull(a.shape, 1, opts.dtype ? toDtype(opts.dtype) : a.dtype, opts.dtype ? false : a.weakType);
}
export function fullLike(x: ArrayLike, value: number | boolean, opts: DtypeOpt = {}): Array {
  const a = asArray(x);
  return laxFull(a.shape, value, opts.dtype ? toDtype(opts.dtype) : a.dtype, opts.dtype ? false : a.weakType);
}

/**
 * `arange(stop)`, `arange(start, stop, step?)`, computed on the device. JS cannot tell 5.0 from 5,
 * so integer-valued bounds give int32 (numpy's arange(5)); pass `{dtype: 'float32'}` or a
 * fractional bound for floats.
 */
export function arange(start: number, stop?: number | DtypeOpt, step?: number | DtypeOpt, opts: DtypeOpt = {}): Array {
  if (typeof stop === 'object') (opts = stop), (stop = undefined);
  if (typeof step === 'object') (opts = step), (step = undefined);
  for (const v of [start, stop ?? 0, step ?? 1])
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DtypeError(`arange bounds must be finite numbers, got ${String(v)}.`);
  if (step === 0) throw new ShapeError('arange step must not be zero.');
  if (stop === undefined) [start, stop] = [0, start];
  const st = step ?? 1;
  const n = Math.max(0, Math.ceil((stop - start) / st));
  const allInt = [start, stop, st].every(Number.isInteger);
  const d = opts.dtype ? toDtype(opts.dtype) : allInt ? int32 : defaultFloat();
  return iota(d, [n], 0, start, st);
}

export function linspace(start: number, stop: number, num = 50, opts: DtypeOpt & { endpoint?: boolean } = {}): Array {
  const endpoint = opts.endpoint ?? true;
  const d = opts.dtype ? toDtype(opts.dtype) : defaultFloat();
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const vals = iota(d, [num], 0, start, step);
  // The endpoint is exact, as in numpy.
  return endpoint && num > 1 ? select(eq(iota(int32, [num]), laxFull([num], num - 1, int32)), laxFull([num], stop, d), vals) : vals;
}

export function eye(n: number, m?: number, opts: DtypeOpt = {}): Array {
  const cols = m ?? n;
  const diag = eq(iota(int32, [n, cols], 0), iota(int32, [n, cols], 1));
  return convertElementType(diag, opts.dtype ? toDtype(opts.dtype) : defaultFloat());
}
