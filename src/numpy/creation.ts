// Array creation: array, asarray, zeros, ones, full, arange, linspace, eye.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../core/deviceArray.js';
import { type DTypeLike, defaultFloat, dtype as toDtype, int32 } from '../core/dtypes.js';
import { checkShape } from '../core/shape.js';
import { convertElementType } from '../lax/elementwise.js';
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
 * `arange(stop)`, `arange(start, stop, step?)`. JS cannot tell 5.0 from 5, so integer-valued
 * bounds give int32 (numpy's arange(5)); pass `{dtype: 'float32'}` or a fractional bound for floats.
 */
export function arange(start: number, stop?: number, step?: number | DtypeOpt, opts: DtypeOpt = {}): Array {
  if (typeof step === 'object') (opts = step), (step = undefined);
  if (stop === undefined) [start, stop] = [0, start];
  const st = step ?? 1;
  const n = Math.max(0, Math.ceil((stop - start) / st));
  const allInt = [start, stop, st].every(Number.isInteger);
  const d = opts.dtype ? toDtype(opts.dtype) : allInt ? int32 : defaultFloat();
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * st;
  return DeviceArray.fromHost(data, new ShapedArray([n], d));
}

export function linspace(start: number, stop: number, num = 50, opts: DtypeOpt & { endpoint?: boolean } = {}): Array {
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const data = new Float64Array(num);
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (endpoint && num > 1) data[num - 1] = stop;
  return DeviceArray.fromHost(data, new ShapedArray([num], opts.dtype ? toDtype(opts.dtype) : defaultFloat()));
}

export function eye(n: number, m?: number, opts: DtypeOpt = {}): Array {
  const cols = m ?? n;
  const data = new Float64Array(n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return DeviceArray.fromHost(data, new ShapedArray([n, cols], opts.dtype ? toDtype(opts.dtype) : defaultFloat()));
}
