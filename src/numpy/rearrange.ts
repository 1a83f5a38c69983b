// Rearranging elements: flip, fliplr, flipud, roll, rot90, tile, repeat, swapaxes, moveaxis,
// ravel. Each is a composition of lax's reversals, slices, concatenations, broadcasts and
// gathers, so their derivatives and batching rules are those primitives'.
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, describe, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { int32 } from '../core/dtypes.js';
import { ConcretizationError, DtypeError, ShapeError } from '../core/errors.js';
import { add, convertElementType, lt, rem, select, sub } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { iota } from '../lax/iota.js';
import { reduceSum } from '../lax/reductions.js';
import { concatenateAlong, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { axesOf, canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';

type AxisArg = number | readonly number[] | null;

/** Reverse the order of elements of an array along the given axes (`flip(m, axis?)`: every axis by default). */
export const flip = declare('flip', {
  arity: 2,
  arrays: 1,
  impl: (m: ArrayLike, axis?: AxisArg | { axis?: AxisArg }): Array => {
    const o = bindArgs('flip', ['axis'], [axis]);
    const a = asArray(m);
    return rev(a, axesOf(a, o.axis, 'flip'));
  },
});

/** Reverse the order of elements of an array along axis 1 (a ShapeError below 2 dimensions). */
export const fliplr = declare('fliplr', {
  arity: 1,
  arrays: 1,
  impl: (m: ArrayLike): Array => {
    const a = asArray(m);
    if (a.ndim < 2) throw new ShapeError(`fliplr(): requires an array of at least 2 dimensions, got shape [${a.shape}].`);
    return rev(a, [1]);
  },
});

/** Reverse the order of elements of an array along axis 0 (a ShapeError for 0-d arrays). */
export const flipud = declare('flipud', {
  arity: 1,
  arrays: 1,
  impl: (m: ArrayLike): Array => {
    const a = asArray(m);
    if (a.ndim < 1) throw new ShapeError('flipud(): requires an array of at least 1 dimension, got a 0-d array.');
    return rev(a, [0]);
  },
});

/** `a` rolled by a static `shift` along `axis`: two slices, swapped. */
function rollStatic(a: Array, shift: number, axis: number): Array {
  const n = a.shape[axis]!;
  if (n === 0) return a;
  const s = ((shift % n) + n) % n;
  if (s === 0) return a;
  const cut = (lo: number, hi: number) => slice(a, a.shape.map((_, k) => (k === axis ? lo : 0)), a.shape.map((d, k) => (k === axis ? hi : d)));
  return concatenateAlong([cut(n - s, n), cut(0, n - s)], axis);
}

/** `a` rolled by an array `shift` (traced or not) along `axis`: a gather at (i - shift) mod n. */
function rollDynamic(a: Array, shift: Array, axis: number): Array {
  const n = a.shape[axis]!;
  if (n === 0) return a;
  const m = full([n], n, int32);
  const s = broadcastInDim(convertElementType(shift, int32, false), [n], []);
  const src = rem(add(rem(sub(iota(int32, [n]), s), m), m), m);
  const g = gather(a, reshape(src, [n, 1]), { axes: [axis], mode: 'clip', fillValue: 0 });
  // gather puts the index dim first: move it back to `axis`.
  return transpose(g, [...range(1, axis + 1), 0, ...range(axis + 1, a.ndim)]);
}

/** Roll the elements of an array along the given axes (`roll(a, shift, axis?)`: without an axis, of the flattened array; shifts and axes broadcast together). */
export const roll = declare('roll', {
  arity: 3,
  arrays: 1,
  impl: (a: ArrayLike, shift: number | readonly number[] | Array | { shift: number | readonly number[] | Array }, axis?: AxisArg | { axis?: AxisArg }): Array => {
    const o = typeof shift === 'object' && !(shift instanceof Array) && !globalThis.Array.isArray(shift) ? bindArgs('roll', ['shift', 'axis'], [shift]) : { shift, ...bindArgs('roll', ['axis'], [axis]) };
    const x = asArray(a);
    const sh = o.shift;
    if (o.axis === undefined || o.axis === null) {
      const flat = reshape(x, [x.size]);
      const shifts = shiftList(sh);
      if (shifts.length !== 1) throw new ShapeError(`roll(): without an axis the shift must be one integer, got ${describe(sh)}.`);
      return reshape(rollOne(flat, shifts[0]!, 0), x.shape);
    }
    const axes = (typeof o.axis === 'number' ? [o.axis] : (o.axis as number[])).map((v) => canonicalAxis('roll', v, x.ndim));
    const shifts = shiftList(sh);
    if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1)
      throw new ShapeError(`roll(): 'shift' (${shifts.length} values) and 'axis' (${axes.length}) must have the same length or broadcast.`);
    const n = Math.max(shifts.length, axes.length);
    let out = x;
    for (let k = 0; k < n; k++) out = rollOne(out, shifts[shifts.length === 1 ? 0 : k]!, axes[axes.length === 1 ? 0 : k]!);
    return out;
  },
});

function shiftList(sh: unknown): (number | Array)[] {
  if (typeof sh === 'number') {
    if (!Number.isInteger(sh)) throw new DtypeError(`roll(): shift must be an integer, got ${sh}.`);
    return [sh];
  }
  if (globalThis.Array.isArray(sh)) return sh.map((s) => shiftList(s)[0]!);
  if (sh instanceof Array) {
    if (sh.dtype.kind !== 'i' && sh.dtype.kind !== 'u') throw new DtypeError(`roll(): shift must be integers, got ${sh.dtype.name}.`);
    if (sh.ndim > 1) throw new ShapeError(`roll(): shift must be 0-d or 1-d, got shape [${sh.shape}].`);
    if (sh.ndim === 0) return [sh];
    return range(0, sh.shape[0]!).map((k) => reshape(slice(sh, [k], [k + 1]), []));
  }
  throw new DtypeError(`roll(): shift must be an integer, a list of integers or an integer array, got ${describe(sh)}.`);
}

function rollOne(x: Array, shift: number | Array, axis: number): Array {
  if (typeof shift === 'number') return rollStatic(x, shift, axis);
  if (shift instanceof DeviceArray && shift.scalarValue !== undefined) return rollStatic(x, Number(shift.scalarValue), axis);
  return rollDynamic(x, shift, axis);
}

/** Rotate an array by 90 degrees counterclockwise in the plane of `axes` (`rot90(m, k = 1, axes = [0, 1])`). */
export const rot90 = declare('rot90', {
  arity: 3,
  arrays: 1,
  impl: (m: ArrayLike, k?: number | { k?: number; axes?: readonly number[] }, axes?: readonly number[] | { axes?: readonly number[] }): Array => {
    const o = bindArgs('rot90', ['k', 'axes'], [k, axes]);
    const a = asArray(m);
    const turns = intArg('rot90', 'k', o.k, 1);
    const ax = (o.axes ?? [0, 1]) as number[];
    if (!globalThis.Array.isArray(ax) || ax.length !== 2) throw new ShapeError(`rot90(): 'axes' must be 2 axes, got ${describe(o.axes)}.`);
    if (a.ndim < 2) throw new ShapeError(`rot90(): requires an array of at least 2 dimensions, got shape [${a.shape}].`);
    const [a0, a1] = ax.map((v) => canonicalAxis('rot90', v, a.ndim)) as [number, number];
    if (a0 === a1) throw new ShapeError(`rot90(): the axes must be different, got [${ax}].`);
    const kk = ((turns % 4) + 4) % 4;
    const swap = () => {
      const perm = range(0, a.ndim);
      [perm[a0], perm[a1]] = [a1, a0];
      return perm;
    };
    if (kk === 0) return a;
    if (kk === 2) return rev(a, [a0, a1]);
    if (kk === 1) return transpose(rev(a, [a1]), swap());
    return rev(transpose(a, swap()), [a1]);
  },
});

/** Construct an array by repeating `A` the number of times given by `reps` (`tile(A, reps)`). */
export const tile = declare('tile', {
  arity: 2,
  arrays: 1,
  impl: (A: ArrayLike, reps: number | readonly number[] | { reps: number | readonly number[] }): Array => {
    const o = typeof reps === 'object' && !globalThis.Array.isArray(reps) ? bindArgs('tile', ['reps'], [reps]) : { reps };
    const r = typeof o.reps === 'number' ? [o.reps] : (o.reps as number[]);
    if (!globalThis.Array.isArray(r) || r.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0))
      throw new ShapeError(`tile(): 'reps' must be non-negative integers, got ${describe(o.reps)}.`);
    let a = asArray(A);
    const n = Math.max(a.ndim, r.length);
    a = reshape(a, [...new globalThis.Array<number>(n - a.ndim).fill(1), ...a.shape]);
    const rr = [...new globalThis.Array<number>(n - r.length).fill(1), ...r];
    // [r0, d0, r1, d1, …] by broadcasting, then merged pairwise.
    const big = broadcastInDim(a, rr.flatMap((k, i) => [k, a.shape[i]!]), range(0, n).map((i) => 2 * i + 1));
    return reshape(big, rr.map((k, i) => k * a.shape[i]!));
  },
});

/** repeat's arguments by name. */
export interface RepeatOptions {
  repeats?: number | ArrayLike;
  axis?: number | null;
  totalRepeatLength?: number | null;
}

/**
 * Construct an array from repeated elements (`repeat(a, repeats, axis?, { totalRepeatLength })`;
 * without an axis, of the flattened array). Per-element `repeats` must be concrete unless
 * `totalRepeatLength` gives the output length (longer: the last element repeats; shorter: the
 * rest is dropped).
 */
export const repeat = declare('repeat', {
  arity: 4,
  arrays: 1,
  fused: false,
  method: 'repeat',
  impl: (a: ArrayLike, repeats: number | ArrayLike | RepeatOptions, axis?: number | null | RepeatOptions, opts?: RepeatOptions): Array => {
    const o = typeof repeats === 'object' && !(repeats instanceof Array) && !globalThis.Array.isArray(repeats) && !ArrayBuffer.isView(repeats)
      ? bindArgs('repeat', ['repeats', 'axis', 'totalRepeatLength'], [repeats], ['totalRepeatLength'])
      : { repeats, ...bindArgs('repeat', ['axis', 'totalRepeatLength'], [axis, opts], ['totalRepeatLength']) };
    let x = asArray(a);
    let ax: number;
    if (o.axis === undefined || o.axis === null) {
      x = reshape(x, [x.size]);
      ax = 0;
    } else ax = canonicalAxis('repeat', o.axis, x.ndim);
    const n = x.shape[ax]!;
    const total = o.totalRepeatLength === undefined || o.totalRepeatLength === null ? undefined : intArg('repeat', 'totalRepeatLength', o.totalRepeatLength);
    const reps = o.repeats;
    if (typeof reps === 'number') {
      if (!Number.isInteger(reps) || reps < 0) throw new ShapeError(`repeat(): 'repeats' must be non-negative integers, got ${reps}.`);
      // Each element broadcast along a new axis after `ax`, merged.
      const s = [...x.shape.slice(0, ax + 1), reps, ...x.shape.slice(ax + 1)];
      const out = reshape(broadcastInDim(x, s, range(0, x.ndim + 1).filter((k) => k !== ax + 1)), x.shape.map((d, k) => (k === ax ? d * reps : d)));
      return total === undefined ? out : fitLength(out, ax, total);
    }
    const r = asArray(reps as ArrayLike);
    if (r.dtype.kind !== 'i' && r.dtype.kind !== 'u') throw new DtypeError(`repeat(): 'repeats' must be integers, got ${r.dtype.name}.`);
    if (r.ndim > 1 || (r.ndim === 1 && r.shape[0] !== n && r.shape[0] !== 1))
      throw new ShapeError(`repeat(): 'repeats' of shape [${r.shape}] does not match axis ${ax} of size ${n}; give one count or one per element.`);
    if (r.ndim === 0 || r.shape[0] === 1) {
      if (!(r instanceof DeviceArray) && total === undefined) throw notConcrete();
      if (r instanceof DeviceArray) return repeat(x, Number(r.dataSync()[0]), ax, { totalRepeatLength: total ?? null });
    }
    const rb = r.ndim === 0 || r.shape[0] === 1 ? broadcastInDim(reshape(r, []), [n], []) : r;
    let len: number;
    let src: Array;
    if (rb instanceof DeviceArray) {
      // Concrete counts: the source index of each output position, computed on the host.
      const counts = globalThis.Array.from(rb.dataSync(), Number);
      if (counts.some((c) => c < 0)) throw new ShapeError(`repeat(): 'repeats' must be non-negative, got [${counts}].`);
      const idx = counts.flatMap((c, i) => new globalThis.Array<number>(c).fill(i));
      len = total ?? idx.length;
      while (idx.length < len) idx.push(n - 1);
      src = asArray(idx.slice(0, len), int32);
    } else {
      if (total === undefined) throw notConcrete();
      // Traced counts: output position j comes from the number of cumulative counts ≤ j.
      len = total;
      const cum = reduceSum(select(lt(iota(int32, [n, n], 1), add(iota(int32, [n, n], 0), full([n, n], 1, int32))), broadcastInDim(convertElementType(rb, int32), [n, n], [1]), full([n, n], 0, int32)), [1]);
      const le = select(lt(broadcastInDim(iota(int32, [len]), [len, n], [0]), broadcastInDim(cum, [len, n], [1])), full([len, n], 0, int32), full([len, n], 1, int32));
      src = reduceSum(le, [1]);
    }
    if (n === 0) return reshape(x, x.shape.map((d, k) => (k === ax ? 0 : d)));
    const g = gather(x, reshape(src, [len, 1]), { axes: [ax], mode: 'clip', fillValue: 0 });
    return transpose(g, [...range(1, ax + 1), 0, ...range(ax + 1, x.ndim)]);
  },
});

const notConcrete = () =>
  new ConcretizationError("repeat(): per-element 'repeats' must be concrete (the output shape depends on them); pass { totalRepeatLength } to fix the output length under jit.");

/** `x` cut or extended (repeating its last element) to `len` along `ax`. */
function fitLength(x: Array, ax: number, len: number): Array {
  const n = x.shape[ax]!;
  if (len <= n) return slice(x, x.shape.map(() => 0), x.shape.map((d, k) => (k === ax ? len : d)));
  const last = slice(x, x.shape.map((_, k) => (k === ax ? n - 1 : 0)), x.shape);
  return concatenateAlong([x, broadcastInDim(last, x.shape.map((d, k) => (k === ax ? len - n : d)), range(0, x.ndim))], ax);
}

/** Swap two axes of an array (`swapaxes(a, axis1, axis2)`). */
export const swapaxes = declare('swapaxes', {
  arity: 3,
  arrays: 1,
  fused: false,
  method: 'swapaxes',
  impl: (a: ArrayLike, axis1: number, axis2: number): Array => {
    const x = asArray(a);
    const [i, j] = [canonicalAxis('swapaxes', axis1, x.ndim), canonicalAxis('swapaxes', axis2, x.ndim)];
    const perm = range(0, x.ndim);
    [perm[i], perm[j]] = [j, i];
    return transpose(x, perm);
  },
});

/** One axis or a list of axes as a list; anything else (an options object, a string) is a ShapeError naming it. */
function axisList(v: unknown): unknown[] {
  if (globalThis.Array.isArray(v)) return [...(v as unknown[])];
  if (typeof v === 'number') return [v];
  throw new ShapeError(`moveaxis(): 'source' and 'destination' must be an axis or a list of axes, got ${describe(v)}.`);
}

/** Move array axes to new positions (`moveaxis(a, source, destination)`, one axis or lists of equal length). */
export const moveaxis = declare('moveaxis', {
  arity: 3,
  arrays: 1,
  fused: false,
  impl: (a: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Array => {
    const x = asArray(a);
    const src = axisList(source).map((v) => canonicalAxis('moveaxis', v, x.ndim));
    const dst = axisList(destination).map((v) => canonicalAxis('moveaxis', v, x.ndim));
    if (src.length !== dst.length) throw new ShapeError(`moveaxis(): 'source' and 'destination' must have the same number of axes, got ${src.length} and ${dst.length}.`);
    if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) throw new ShapeError('moveaxis(): repeated axis in source or destination.');
    const rest = range(0, x.ndim).filter((k) => !src.includes(k));
    const perm: number[] = new globalThis.Array(x.ndim);
    src.forEach((s, k) => (perm[dst[k]!] = s));
    let r = 0;
    for (let k = 0; k < x.ndim; k++) if (perm[k] === undefined) perm[k] = rest[r++]!;
    return transpose(x, perm);
  },
});

/** Flatten an array into a 1-d array (`ravel(a, order = 'C')`; 'F' reads column-major). */
export const ravel = declare('ravel', {
  arity: 2,
  arrays: 1,
  fused: false,
  method: 'ravel',
  impl: (a: ArrayLike, order?: 'C' | 'F' | { order?: 'C' | 'F' }): Array => {
    const o = bindArgs('ravel', ['order'], [order]);
    const x = asArray(a);
    const ord = o.order ?? 'C';
    if (ord === 'C') return reshape(x, [x.size]);
    if (ord !== 'F') throw new ShapeError(`ravel(): order must be 'C' or 'F', got ${describe(ord)}.`);
    return reshape(transpose(x, range(0, x.ndim).reverse()), [x.size]);
  },
});
