// jnp's cumulative functions (cumsum, cumprod, their nan- and array-API forms) over lax's scan
// kernels, and differences (diff, ediff1d), with JAX's dtype rules.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, dtypeArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, bool, dtype as toDtype, int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { cumprodP, cumsumP, type CumulativeParams } from '../lax/cumulative.js';
import { convertElementType, ne, select, sub } from '../lax/elementwise.js';
import { sliceAlong } from '../lax/associativeScan.js';
import { concatenateAlong } from '../lax/slicing.js';
import type { Primitive } from '../core/primitive.js';
import { full, reshape } from '../lax/structural.js';
import { bind1 } from '../core/trace.js';
import { canonicalAxis } from './axes.js';
import { declare } from './declare.js';
import { broadcastArray, promoteDtypes } from './promote.js';

/** cumsum's and cumprod's options (JAX's keyword arguments). */
export interface CumOptions {
  axis?: number | null;
  dtype?: DTypeLike | null;
  out?: null;
}
type CumArgs = [axis?: number | null | CumOptions, dtype?: DTypeLike | null | CumOptions, out?: null | CumOptions, opts?: CumOptions];

/** The array API's cumulative_sum/cumulative_prod options (keyword-only). */
export interface CumulativeOptions {
  axis?: number | null;
  dtype?: DTypeLike | null;
  /** Start the result with the reduction's identity (one more element along the axis). */
  includeInitial?: boolean;
}

/** uint32, once jaxpool has it. */
const UINT32: DType | undefined = (() => {
  try {
    return toDtype('uint32' as DTypeLike);
  } catch {
    return undefined;
  }
})();

/**
 * JAX's `_promote_integer_dtype`: bools and integers narrower than the default int to the default
 * int (uint8 to int32 while jaxpool has no uint32: the same sums up to 2^31), as reductions do.
 */
function promoteIntegerDtype(d: DType): DType {
  if (d.kind === 'b') return int32;
  if (d.kind === 'i' && d.itemsize < 4) return int32;
  if (d.kind === 'u' && d.itemsize < 4) return UINT32 ?? int32;
  return d;
}

/** JAX's `_cumulative_reduction`: flatten for axis null, fill NaNs, pick the computation and result dtypes, scan. */
function cumulative(name: string, prim: Primitive<CumulativeParams>, a: Array, axisArg: unknown, dtypeOpt: unknown, fillNan: number | null, promoteIntegers: boolean): Array {
  let x = a;
  if (axisArg === null || axisArg === undefined || x.ndim === 0) x = reshape(x, [x.size]);
  const axis = canonicalAxis(name, axisArg ?? 0, x.ndim);
  if (fillNan !== null && (x.dtype.kind === 'f' || x.dtype.kind === 'c')) x = select(ne(x, x), full(x.shape, fillNan, x.dtype, x.weakType), x);
  const d = dtypeArg(dtypeOpt);
  let result: DType;
  let computation: DType;
  if (!d) computation = result = promoteIntegers || x.dtype === bool ? promoteIntegerDtype(x.dtype) : x.dtype;
  else if (d === bool) {
    // Booleans accumulate as integers of the nonzero flags (so [-1, 1] does not cancel).
    result = bool;
    if (x.dtype !== bool) x = ne(x, full(x.shape, 0, x.dtype, x.weakType));
    computation = promoteIntegerDtype(bool);
  } else computation = result = d;
  x = convertElementType(x, computation, false);
  return convertElementType(bind1(prim, [x], { axis, reverse: false }), result, false);
}

function cumFn(name: string, prim: Primitive<CumulativeParams>, fillNan: number | null) {
  return (a: ArrayLike, ...rest: CumArgs): Array => {
    const o = bindArgs(name, ['axis', 'dtype', 'out'], rest);
    if (o.out !== undefined && o.out !== null) throw new TypeError(`${name}(): 'out' is not supported (arrays are immutable); use the returned array.`);
    return cumulative(name, prim, asArray(a), o.axis, o.dtype, fillNan, false);
  };
}

/** Cumulative sum of elements along an axis (the flattened array for `axis` null; bools sum as int32). */
export const cumsum = declare('cumsum', { arrays: 1, method: 'cumsum', impl: cumFn('cumsum', cumsumP, null) });
/** Cumulative product of elements along an axis (the flattened array for `axis` null). */
export const cumprod = declare('cumprod', { arrays: 1, method: 'cumprod', impl: cumFn('cumprod', cumprodP, null) });
/** Cumulative sum of elements along an axis, ignoring NaN values (counted as zero). */
export const nancumsum = declare('nancumsum', { arrays: 1, impl: cumFn('nancumsum', cumsumP, 0) });
/** Cumulative product of elements along an axis, ignoring NaN values (counted as one). */
export const nancumprod = declare('nancumprod', { arrays: 1, impl: cumFn('nancumprod', cumprodP, 1) });

function arrayApiCumulative(name: string, prim: Primitive<CumulativeParams>, initial: number, promoteIntegers: boolean) {
  return (x: ArrayLike, opts?: CumulativeOptions): Array => {
    const o = bindArgs(name, ['axis', 'dtype', 'includeInitial'], opts === undefined ? [] : [opts], ['axis', 'dtype', 'includeInitial']);
    const a = asArray(x);
    if (a.ndim === 0) throw new ShapeError(`${name}(): the input must be non-scalar to take a cumulative ${name === 'cumulativeSum' ? 'sum' : 'product'}, but a scalar was given.`);
    if ((o.axis === undefined || o.axis === null) && a.ndim > 1)
      throw new ShapeError(`${name}(): the input array has rank ${a.ndim}, but axis was not set; the axis is only optional for one-dimensional arrays.`);
    const axis = canonicalAxis(name, o.axis ?? 0, a.ndim);
    const out = cumulative(name, prim, a, axis, o.dtype, null, promoteIntegers);
    if (!boolArg(name, 'includeInitial', o.includeInitial, false)) return out;
    return concatenateAlong([full(out.shape.map((n, k) => (k === axis ? 1 : n)), initial, out.dtype), out], axis);
  };
}

/** Cumulative sum along the axis of an array (the array API's `cumulative_sum`: integers promoted, `includeInitial` prepends 0). */
export const cumulativeSum = declare('cumulativeSum', { arity: 2, arrays: 1, impl: arrayApiCumulative('cumulativeSum', cumsumP, 0, true) });
/** Cumulative product along the axis of an array (the array API's `cumulative_prod`: `includeInitial` prepends 1). */
export const cumulativeProd = declare('cumulativeProd', { arity: 2, arrays: 1, impl: arrayApiCumulative('cumulativeProd', cumprodP, 1, false) });

/** diff's options (JAX's keyword arguments). */
export interface DiffOptions {
  n?: number;
  axis?: number;
  prepend?: ArrayLike | null;
  append?: ArrayLike | null;
}
type D = DiffOptions;

/** Calculate the n-th discrete difference along the given axis (`not_equal` for bools); `prepend`/`append` join values first. */
export const diff = declare('diff', {
  arrays: 1,
  impl: (a: ArrayLike, ...rest: [n?: number | D, axis?: number | D, prepend?: ArrayLike | null | D, append?: ArrayLike | null | D, opts?: D]): Array => {
    const o = bindArgs('diff', ['n', 'axis', 'prepend', 'append'], rest);
    let x = asArray(a);
    const n = intArg('diff', 'n', o.n, 1);
    if (n < 0) throw new ShapeError(`diff(): order n must be non-negative, got ${n}.`);
    if (n === 0) return x;
    if (x.ndim === 0) throw new ShapeError('diff(): the input must be at least one-dimensional; got a scalar.');
    const axis = canonicalAxis('diff', intArg('diff', 'axis', o.axis, -1), x.ndim);
    const edge = (v: unknown): Array | null => {
      if (v === undefined || v === null) return null;
      const e = asArray(v as ArrayLike);
      return e.ndim === 0 ? broadcastArray(e, x.shape.map((d, k) => (k === axis ? 1 : d))) : e;
    };
    const parts = [edge(o.prepend), x, edge(o.append)].filter((p): p is Array => p !== null);
    if (parts.length > 1) {
      for (const p of parts)
        if (p.ndim !== x.ndim || p.shape.some((d, k) => k !== axis && d !== x.shape[k]))
          throw new ShapeError(`diff(): prepend/append of shape [${p.shape}] do not match the input's [${x.shape}] except along axis ${axis}.`);
      x = concatenateAlong(promoteDtypes(...parts), axis);
    }
    for (let k = 0; k < n; k++) {
      const [hi, lo] = [sliceAlong(x, axis, 1, null), sliceAlong(x, axis, 0, -1)];
      x = x.dtype === bool ? ne(hi, lo) : sub(hi, lo);
    }
    return x;
  },
});

/** ediff1d's options. */
export interface Ediff1dOptions {
  toEnd?: ArrayLike | null;
  toBegin?: ArrayLike | null;
}
type E = Ediff1dOptions;

/** Compute the differences of consecutive elements of the flattened array, with `toBegin`/`toEnd` values joined (cast to its dtype). */
export const ediff1d = declare('ediff1d', {
  arrays: 1,
  impl: (ary: ArrayLike, ...rest: [toEnd?: ArrayLike | null | E, toBegin?: ArrayLike | null | E, opts?: E]): Array => {
    const o = bindArgs('ediff1d', ['toEnd', 'toBegin'], rest);
    const a = asArray(ary);
    const x = reshape(a, [a.size]);
    const flat = (v: unknown) => {
      const e = asArray(v as ArrayLike);
      return convertElementType(reshape(e, [e.size]), x.dtype, x.weakType);
    };
    const parts = [sub(sliceAlong(x, 0, 1, null), sliceAlong(x, 0, 0, -1))];
    if (o.toBegin !== undefined && o.toBegin !== null) parts.unshift(flat(o.toBegin));
    if (o.toEnd !== undefined && o.toEnd !== null) parts.push(flat(o.toEnd));
    return concatenateAlong(parts, 0);
  },
});
