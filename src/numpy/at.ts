// JAX's functional updates: `x.at(...idx).set(v)` is JAX's `x.at[idx].set(v)` (and add, subtract,
// multiply, divide, power, min, max, apply, get). The index is `x.index(...)`'s (see getitem.ts).
//
// The plan of an index: static slices (and reversals) cut a view `y` of `x`; integers and
// integer arrays are index vectors of a gather/scatter on `y` (their out-of-bounds handling is
// the `mode`'s, as in JAX, where static integers are indices too); new axes are size-1 dims of
// `y`. An update scatters into `y` and writes it back into `x` (a select over the slice's
// positions, or `y` itself when the slices take everything).
import { Array, type ArrayLike, type IndexSpec } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, int32 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { broadcastShapes, sizeOf } from '../core/shape.js';
import { whileLoop } from '../control/whileLoop.js';
import * as lax from '../lax/elementwise.js';
import { gather, type GatherMode, scatterAdd } from '../lax/gather.js';
import { reduceOr } from '../lax/reductions.js';
import { scatter, scatterMax, scatterMin, scatterMul, type ScatterParams } from '../lax/scatter.js';
import { concatenateAlong, padZerosP, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { bind1 } from '../core/trace.js';
import { range } from './axes.js';
import { divide, power } from './elementwise.js';
import { defaultFill, expand, normalizeIndex, parseEntry, resolveSlice } from './getitem.js';
import { broadcastArray, promoteDtypes } from './promote.js';

/** JAX's out-of-bounds modes: 'promise_in_bounds' (gathers clamp, scatters drop), 'clip', 'drop' and 'fill' (the same: gathers give `fillValue`, scatters drop). */
export type IndexMode = 'promise_in_bounds' | 'clip' | 'drop' | 'fill';

/** The options of the update methods (JAX's keyword arguments). */
export interface AtOptions {
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
  /** Out-of-bounds indices: dropped by default for updates (JAX's FILL_OR_DROP). */
  mode?: IndexMode | null;
  /** Count negative indices from the end (default true). */
  wrapNegativeIndices?: boolean;
}
/** The options of `get` (JAX's keyword arguments). */
export interface GetOptions extends AtOptions {
  /** What mode 'fill' gives for out-of-bounds indices: NaN for floats, the minimum for signed ints, the maximum for unsigned, true for bool. */
  fillValue?: number | boolean | null;
}

const OPTION_NAMES = ['indicesAreSorted', 'uniqueIndices', 'mode', 'wrapNegativeIndices'] as const;

interface Options {
  unique: boolean;
  mode: IndexMode | null;
  wrap: boolean;
  fillValue?: number | boolean | null;
}

function options(fn: string, opts: unknown, get = false): Options {
  const o = bindArgs(fn, get ? [...OPTION_NAMES, 'fillValue'] : OPTION_NAMES, [opts], get ? [...OPTION_NAMES, 'fillValue'] : OPTION_NAMES);
  const mode = (o.mode ?? null) as IndexMode | null;
  if (mode !== null && !['promise_in_bounds', 'clip', 'drop', 'fill'].includes(mode))
    throw new TypeError(`${fn}(): mode must be 'promise_in_bounds', 'clip', 'drop' or 'fill', got ${describe(o.mode)}.`);
  for (const k of ['indicesAreSorted', 'uniqueIndices', 'wrapNegativeIndices'] as const)
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new TypeError(`${fn}(): '${k}' must be true or false, got ${describe(o[k])}.`);
  const fv = o.fillValue;
  if (fv !== undefined && fv !== null && typeof fv !== 'number' && typeof fv !== 'boolean') throw new TypeError(`${fn}(): 'fillValue' must be a number or boolean, got ${describe(fv)}.`);
  return { unique: o.uniqueIndices === true, mode, wrap: o.wrapNegativeIndices !== false, fillValue: fv as number | boolean | null | undefined };
}

/** What `x.at(...idx)` addresses: a view `y` of `x` and the index vectors into it. */
interface Plan {
  x: Array;
  start: number[];
  limit: number[];
  strides: number[];
  revDims: number[];
  /** Whether the slices take every element of `x` (then `y` is `x` reshaped). */
  trivial: boolean;
  /** `y`'s shape: the sliced shape with new axes. */
  shape: number[];
  /** The sliced shape (no new axes). */
  sliced: number[];
  /** Index vectors [...batch, k] into `y`'s `axes`, or none (basic indexing). */
  indices?: Array;
  axes: number[];
  /** The result of get: the gather output transposed by `perm` (NumPy's placement). */
  perm: number[];
}

function plan(x: Array, idx: IndexSpec[], wrap: boolean): Plan {
  const entries = expand(x, idx.map(parseEntry));
  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const revDims: number[] = [];
  const shape: number[] = [];
  const sliced: number[] = [];
  const adv: { dim: number; index: Array; pos: number }[] = [];
  let d = 0;
  const norm = (a: Array, n: number) => (wrap ? normalizeIndex(a, n) : lax.convertElementType(a, int32, false));
  entries.forEach((e, pos) => {
    if (e.kind === 'newaxis' || e.kind === 'bool') {
      if (e.kind === 'bool') adv.push({ dim: shape.length, index: asArray(e.value ? [0] : [], int32), pos });
      shape.push(1);
      return;
    }
    const n = x.shape[d]!;
    if (e.kind === 'int' || e.kind === 'array') {
      start.push(0), limit.push(n), strides.push(1);
      adv.push({ dim: shape.length, index: norm(e.kind === 'int' ? full([], e.value, int32) : e.value, n), pos });
      shape.push(n), sliced.push(n);
    } else if (e.kind === 'slice') {
      const s = resolveSlice(e, n);
      const last = s.start + (s.length - 1) * s.step;
      if (s.length === 0) start.push(0), limit.push(0), strides.push(1);
      else if (s.step > 0) start.push(s.start), limit.push(last + 1), strides.push(s.step);
      else (start.push(last), limit.push(s.start + 1), strides.push(-s.step), revDims.push(d));
      shape.push(s.length), sliced.push(s.length);
    }
    d++;
  });
  const trivial = start.every((s, k) => s === 0 && limit[k] === x.shape[k] && strides[k] === 1);
  const p: Plan = { x, start, limit, strides, revDims, trivial, shape, sliced, axes: adv.map((a) => a.dim), perm: [] };
  if (adv.length === 0) return p;
  const batch = broadcastShapes(...adv.map((a) => a.index.shape));
  const cols = adv.map((a) => broadcastInDim(a.index, [...batch, 1], a.index.shape.map((_, k) => k + batch.length - a.index.ndim)));
  p.indices = concatenateAlong(cols, batch.length);
  const nb = batch.length;
  const outRank = nb + shape.length - adv.length;
  const adjacent = adv.every((a, k) => k === 0 || a.pos === adv[k - 1]!.pos + 1);
  // Adjacent advanced indices: their dims take the place of the first indexed dim (NumPy's rule).
  const before = adjacent ? adv[0]!.dim - adv.filter((a) => a.dim < adv[0]!.dim).length : 0;
  p.perm = adjacent ? [...range(nb, nb + before), ...range(0, nb), ...range(nb + before, outRank)] : range(0, outRank);
  return p;
}

/** `y`: the view of `x` the plan's index vectors address. */
function view(p: Plan, x: Array): Array {
  const y = p.trivial ? x : slice(x, p.start, p.limit, p.strides);
  return reshape(rev(y, p.revDims), p.shape);
}

/** The shape `get` returns. */
function resultShape(p: Plan): number[] {
  if (!p.indices) return p.shape;
  const nb = p.indices.ndim - 1;
  const g = [...p.indices.shape.slice(0, nb), ...p.shape.filter((_, k) => !p.axes.includes(k))];
  return p.perm.map((k) => g[k]!);
}


/** `x.at(...idx).get(opts)`: `x.index(...idx)` with JAX's modes (out-of-bounds indices clamp by default, or give `fillValue` in mode 'fill'). */
function get(x: Array, idx: IndexSpec[], o: Options): Array {
  const p = plan(x, idx, o.wrap);
  const y = view(p, x);
  if (!p.indices) return y;
  const fill = o.mode === 'fill' || o.mode === 'drop';
  const out = resultShape(p);
  if (sizeOf(out) === 0) return full(out, 0, x.dtype, x.weakType);
  const fv = o.fillValue === undefined || o.fillValue === null ? defaultFill(x.dtype) : Number(o.fillValue);
  return transpose(gather(y, p.indices, { axes: p.axes, mode: fill ? 'fill' : 'clip', fillValue: fv }), p.perm);
}

type Kind = 'set' | 'add' | 'mul' | 'min' | 'max';

/** Combine `v` into `x` at the index: the scatter of `kind`, written back into `x`, in `x`'s dtype and weak type. */
function update(kind: Kind, x: Array, idx: IndexSpec[], v: ArrayLike, o: Options): Array {
  const p = plan(x, idx, o.wrap);
  const shape = resultShape(p);
  if (sizeOf(shape) === 0) return x;
  const [xp, vp] = promoteDtypes(x, asArray(v));
  if (xp!.dtype === bool && (kind === 'add' || kind === 'mul'))
    throw new DtypeError(`at().${kind === 'add' ? 'add' : 'multiply'}: does not accept dtype bool (as in JAX); use set, min or max, or convert with .astype('int32').`);
  if (vp!.ndim > shape.length)
    throw new ShapeError(`cannot broadcast the updates of shape [${vp!.shape}] to the indexed shape [${shape}] (it has fewer dimensions).`);
  const u = broadcastArray(vp!, shape);
  const y = view(p, xp!);
  let out: Array;
  if (!p.indices) {
    out = kind === 'set' ? u : kind === 'add' ? lax.add(y, u) : kind === 'mul' ? lax.mul(y, u) : kind === 'min' ? lax.min(y, u) : lax.max(y, u);
  } else {
    const inv = p.perm.map((_, k) => p.perm.indexOf(k));
    const ug = transpose(u, inv);
    const mode: GatherMode = o.mode === 'clip' ? 'clip' : 'fill';
    const sp: ScatterParams = { axes: p.axes, mode, fillValue: 0, uniqueIndices: o.unique };
    const op = { set: scatter, add: scatterAdd, mul: scatterMul, min: scatterMin, max: scatterMax }[kind];
    out = op(y, p.indices, ug, sp);
  }
  return lax.convertElementType(writeBack(p, xp!, out), x.dtype, x.weakType);
}

/** `x` with the plan's view replaced by `y`. */
function writeBack(p: Plan, x: Array, y: Array): Array {
  const ys = rev(reshape(y, p.sliced), p.revDims);
  if (p.trivial) return ys;
  const pad = (a: Array) => bind1(padZerosP, [a], { shape: x.shape, startIndices: p.start, strides: p.strides });
  return lax.select(pad(full(ys.shape, true, bool)), pad(ys), x);
}

/** `x.at(...idx).apply(fn)`: `fn` applied at the index, once per index vector (repeated indices apply it repeatedly, as JAX's scatter_apply). */
function applyAt(x: Array, idx: IndexSpec[], fn: (v: Array) => Array, o: Options): Array {
  if (typeof fn !== 'function') throw new TypeError(`apply(): expected a function of an array, got ${describe(fn)}.`);
  const p = plan(x, idx, o.wrap);
  if (sizeOf(resultShape(p)) === 0) return x;
  const f = (v: Array) => lax.convertElementType(asArray(fn(v)), v.dtype, v.weakType);
  const y = view(p, x);
  let out: Array;
  if (!p.indices) out = f(y);
  else {
    const ones = full(resultShape(p), 1, int32);
    const inv = p.perm.map((_, k) => p.perm.indexOf(k));
    const count = scatterAdd(full(y.shape, 0, int32), p.indices, transpose(ones, inv), { axes: p.axes, mode: o.mode === 'clip' ? 'clip' : 'fill', fillValue: 0 });
    const zero = full(y.shape, 0, int32);
    if (o.unique) out = lax.select(lax.gt(count, zero), f(y), y);
    else {
      const all = range(0, y.ndim);
      [out] = whileLoop(
        ([, c]: [Array, Array]) => reduceOr(lax.gt(c, zero), all),
        ([v, c]: [Array, Array]) => [lax.select(lax.gt(c, zero), f(v), v), lax.sub(c, full(y.shape, 1, int32))] as [Array, Array],
        [y, count] as [Array, Array],
      );
    }
  }
  return writeBack(p, x, out);
}

/**
 * JAX's `x.at[idx]`: `x.at(...idx)` returns this helper, whose methods return an updated copy of
 * the array (arrays are immutable). Out-of-bounds indices are dropped by updates and clamped by
 * `get`, unless `mode` says otherwise; repeated indices: `set` keeps one of the values, the others
 * apply every update.
 */
export class IndexUpdateRef {
  constructor(
    readonly array: Array,
    readonly idx: IndexSpec[],
  ) {}
  /** `x[idx]` (JAX's `x.at[idx].get()`), with JAX's `mode` and `fillValue`. */
  get(opts?: GetOptions): Array {
    return get(this.array, this.idx, options('get', opts, true));
  }
  /** Pure equivalent of `x[idx] = y`. */
  set(values: ArrayLike, opts?: AtOptions): Array {
    return update('set', this.array, this.idx, values, options('set', opts));
  }
  /** Pure equivalent of `x[idx] += y` (repeated indices accumulate). */
  add(values: ArrayLike, opts?: AtOptions): Array {
    return update('add', this.array, this.idx, values, options('add', opts));
  }
  /** Pure equivalent of `x[idx] -= y`. */
  subtract(values: ArrayLike, opts?: AtOptions): Array {
    return update('add', this.array, this.idx, lax.neg(asArray(values)), options('subtract', opts));
  }
  /** Pure equivalent of `x[idx] *= y` (repeated indices multiply). */
  multiply(values: ArrayLike, opts?: AtOptions): Array {
    return update('mul', this.array, this.idx, values, options('multiply', opts));
  }
  /** Another name of multiply, as JAX's `mul`. */
  mul(values: ArrayLike, opts?: AtOptions): Array {
    return this.multiply(values, opts);
  }
  /** Pure equivalent of `x[idx] /= y`: `x / ones.at[idx].multiply(y)`, as JAX (true division: integers give floats). */
  divide(values: ArrayLike, opts?: AtOptions): Array {
    const ones = full(this.array.shape, 1, this.array.dtype, this.array.weakType);
    return divide(this.array, update('mul', ones, this.idx, values, options('divide', opts)));
  }
  /** Pure equivalent of `x[idx] **= y`: `x ** ones.at[idx].multiply(y)`, as JAX. */
  power(values: ArrayLike, opts?: AtOptions): Array {
    const ones = full(this.array.shape, 1, this.array.dtype, this.array.weakType);
    return power(this.array, update('mul', ones, this.idx, values, options('power', opts)));
  }
  /** Pure equivalent of `x[idx] = minimum(x[idx], y)`. */
  min(values: ArrayLike, opts?: AtOptions): Array {
    return update('min', this.array, this.idx, values, options('min', opts));
  }
  /** Pure equivalent of `x[idx] = maximum(x[idx], y)`. */
  max(values: ArrayLike, opts?: AtOptions): Array {
    return update('max', this.array, this.idx, values, options('max', opts));
  }
  /** `fn` applied to `x` at the index (repeated indices apply it repeatedly; not differentiable in reverse mode, as in JAX). */
  apply(fn: (x: Array) => Array, opts?: AtOptions): Array {
    return applyAt(this.array, this.idx, fn, options('apply', opts));
  }
}

/** `x.at(...idx)`: JAX's `x.at[idx]`. */
export function at(x: Array, ...idx: IndexSpec[]): IndexUpdateRef {
  if (!(x instanceof Array)) throw new TypeError(`at(): expected an array, got ${describe(x)}.`);
  return new IndexUpdateRef(x, idx);
}
