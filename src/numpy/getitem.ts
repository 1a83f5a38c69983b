// JAX's `x[idx]` as `x.index(...idx)` (JAX's `_rewriting_take`; not a jnp function). Static integers and slices become a
// slice (reversed for negative steps) and a reshape; integer and boolean arrays ("advanced"
// indices) a gather, placed by NumPy's rule: the broadcast index dims replace the indexed dims
// where those are adjacent, and go first otherwise.
import { Array, type ArrayLike, type IndexSpec, type Slice } from '../core/array.js';
import { asArray, isNdArrayLike } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { bool, type DType, int32 } from '../core/dtypes.js';
import { ConcretizationError, ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { add, convertElementType, lt, select } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { concatenateAlong, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { describe } from '../core/args.js';
import { range } from './axes.js';

/** One parsed entry of an index expression. */
export type Entry =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'array'; value: Array }
  | { kind: 'mask'; value: Array }
  | { kind: 'bool'; value: boolean };

const SLICE_KEYS = new Set(['start', 'stop', 'step']);

function sliceBound(v: unknown, what: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`slice ${what} must be an integer or null, got ${describe(v)}.`);
  return v;
}

/** Parse one entry of `x.index(...)`'s arguments (a TypeError for what cannot index). */
export function parseEntry(s: unknown): Entry {
  if (s === null) return { kind: 'newaxis' };
  if (s === '...') return { kind: 'ellipsis' };
  if (typeof s === 'number') {
    if (!Number.isInteger(s)) throw new TypeError(`indices must be integers, got ${s}; use Math.floor or an integer array.`);
    return { kind: 'int', value: s };
  }
  if (typeof s === 'boolean') return { kind: 'bool', value: s };
  if (typeof s === 'string')
    throw new TypeError(`JAX does not support string indexing; got '${s}'. Use numbers, slices ({ start, stop, step }, {} for ':'), null for newaxis, '...' or arrays.`);
  if (typeof s === 'object' && s !== undefined && !(s instanceof Array) && !globalThis.Array.isArray(s) && !ArrayBuffer.isView(s) && !isNdArrayLike(s)) {
    const keys = Object.keys(s);
    if (Object.getPrototypeOf(s) !== Object.prototype || keys.some((k) => !SLICE_KEYS.has(k)))
      throw new TypeError(`an index must be an integer, a slice { start, stop, step }, null, '...' or an array; got ${describe(s)}.`);
    const sl = s as Slice;
    const step = sliceBound(sl.step, 'step');
    if (step === 0) throw new ShapeError('slice step cannot be zero.');
    return { kind: 'slice', start: sliceBound(sl.start, 'start'), stop: sliceBound(sl.stop, 'stop'), step };
  }
  if (s === undefined) throw new TypeError("an index entry is undefined; use {} for ':' or null for a new axis.");
  // An array index: a host array (an empty JS array is an empty integer index, as in NumPy) or an Array.
  const a = globalThis.Array.isArray(s) && s.length === 0 ? asArray([], int32) : asArray(s as ArrayLike);
  if (a.dtype === bool) return a.ndim === 0 ? { kind: 'bool', value: concreteBool(a) } : { kind: 'mask', value: a };
  if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u')
    throw new TypeError(`indexer must have integer or boolean type, got an index of dtype ${a.dtype.name}; convert it with .astype('int32').`);
  return { kind: 'array', value: a };
}

function concreteMask(a: Array): Uint8Array {
  if (!(a instanceof DeviceArray))
    throw new ConcretizationError(
      `Array boolean indices must be concrete; got ${a.dtype.name}[${a.shape}] under a transformation (JAX's NonConcreteBooleanIndexError). ` +
        'Use jnp.where(mask, x, 0) to select elementwise, or pass the mask from outside jit.',
    );
  return a.dataSync() as Uint8Array;
}
const concreteBool = (a: Array) => concreteMask(a)[0] !== 0;

/** Replace '...' by full slices (or append them), and boolean masks by the integer arrays of their nonzero positions. */
export function expand(x: Array, entries: Entry[]): Entry[] {
  const consumed = entries.reduce((n, e) => n + (e.kind === 'int' || e.kind === 'slice' || e.kind === 'array' ? 1 : e.kind === 'mask' ? e.value.ndim : 0), 0);
  const ellipses = entries.filter((e) => e.kind === 'ellipsis').length;
  if (ellipses > 1) throw new ShapeError("an index can only have a single ellipsis ('...').");
  if (consumed > x.ndim) throw new ShapeError(`too many indices for array: array is ${x.ndim}-dimensional, but ${consumed} were indexed.`);
  const fill: Entry[] = globalThis.Array.from({ length: x.ndim - consumed }, () => ({ kind: 'slice', start: null, stop: null, step: null }));
  const out: Entry[] = [];
  let dim = 0;
  for (const e of ellipses ? entries : [...entries, { kind: 'ellipsis' } as Entry]) {
    if (e.kind === 'ellipsis') {
      out.push(...fill);
      dim += fill.length;
    } else if (e.kind === 'mask') {
      const m = e.value;
      const want = x.shape.slice(dim, dim + m.ndim);
      if (m.shape.join() !== want.join())
        throw new ShapeError(`boolean index of shape [${m.shape}] does not match the indexed array's dims [${want}] (from axis ${dim}).`);
      for (const coords of nonzero(concreteMask(m), m.shape)) out.push({ kind: 'array', value: asArray(coords, int32) });
      dim += m.ndim;
    } else {
      out.push(e);
      if (e.kind === 'int' || e.kind === 'slice' || e.kind === 'array') dim++;
    }
  }
  return out;
}

/** The coordinates of the true elements of a row-major mask, one list per dimension. */
function nonzero(mask: Uint8Array, shape: number[]): Int32Array[] {
  const count = mask.reduce((n, v) => n + (v ? 1 : 0), 0);
  const coords = shape.map(() => new Int32Array(count));
  let k = 0;
  for (let f = 0; f < mask.length; f++) {
    if (!mask[f]) continue;
    let rem = f;
    for (let d = shape.length - 1; d >= 0; d--) {
      coords[d]![k] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    k++;
  }
  return coords;
}

/** Python's slice.indices(n): the first element, the step and the number of elements. */
export function resolveSlice(e: Extract<Entry, { kind: 'slice' }>, n: number): { start: number; step: number; length: number } {
  const step = e.step ?? 1;
  const [lower, upper] = step > 0 ? [0, n] : [-1, n - 1];
  const clamp = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lower) : Math.min(v, upper));
  const start = clamp(e.start, step > 0 ? lower : upper);
  const stop = clamp(e.stop, step > 0 ? upper : lower);
  return { start, step, length: Math.max(0, Math.ceil((stop - start) / step)) };
}

/** An advanced index on dim `dim` of the sliced array: an integer array, or a static integer. */
interface Advanced {
  dim: number;
  index: Array | number;
  /** Position in the expanded index, to tell whether the advanced indices are adjacent. */
  pos: number;
}

/** `x.index(...idx)`: JAX's `x[idx]` (see IndexSpec). Out-of-bounds integers raise; array indices are clamped into range, as in JAX. */
export function index(x: Array, ...idx: IndexSpec[]): Array {
  const entries = expand(x, idx.map(parseEntry));
  const anyArrays = entries.some((e) => e.kind === 'array' || e.kind === 'bool');
  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const revDims: number[] = [];
  const shape: number[] = []; // after slicing and inserting new axes
  const dropped: number[] = []; // dims of static integers (basic indexing)
  const adv: Advanced[] = [];
  let d = 0;
  entries.forEach((e, pos) => {
    if (e.kind === 'newaxis' || e.kind === 'bool') {
      if (e.kind === 'bool') adv.push({ dim: shape.length, index: asArray(e.value ? [0] : [], int32), pos });
      shape.push(1);
      return;
    }
    const n = x.shape[d]!;
    if (e.kind === 'int') {
      const i = e.value < 0 ? e.value + n : e.value;
      if (i < 0 || i >= n) throw new ShapeError(`index ${e.value} is out of bounds for axis ${d} with size ${n}.`);
      if (anyArrays) {
        start.push(0), limit.push(n), strides.push(1);
        adv.push({ dim: shape.length, index: i, pos });
        shape.push(n);
      } else {
        start.push(i), limit.push(i + 1), strides.push(1);
        dropped.push(shape.length);
        shape.push(1);
      }
    } else if (e.kind === 'slice') {
      const s = resolveSlice(e, n);
      const last = s.start + (s.length - 1) * s.step;
      if (s.length === 0) start.push(0), limit.push(0), strides.push(1);
      else if (s.step > 0) start.push(s.start), limit.push(last + 1), strides.push(s.step);
      else (start.push(last), limit.push(s.start + 1), strides.push(-s.step), revDims.push(d));
      shape.push(s.length);
    } else if (e.kind === 'array') {
      start.push(0), limit.push(n), strides.push(1);
      adv.push({ dim: shape.length, index: e.value, pos });
      shape.push(n);
    }
    d++;
  });
  const trivial = start.every((s, k) => s === 0 && limit[k] === x.shape[k] && strides[k] === 1);
  let y = trivial ? x : slice(x, start, limit, strides);
  y = rev(y, revDims);
  if (adv.length === 0) return reshape(y, shape.filter((_, k) => !dropped.includes(k)));
  return gatherAdvanced(reshape(y, shape), adv);
}

function gatherAdvanced(y: Array, adv: Advanced[]): Array {
  const arrays = adv.map((a) => normalizeIndex(typeof a.index === 'number' ? full([], a.index, int32) : a.index, y.shape[a.dim]!));
  const batch = broadcastShapes(...arrays.map((a) => a.shape));
  const cols = arrays.map((a) => broadcastInDim(a, [...batch, 1], a.shape.map((_, k) => k + batch.length - a.ndim)));
  const indices = concatenateAlong(cols, batch.length);
  const out = gather(y, indices, { axes: adv.map((a) => a.dim), mode: 'clip', fillValue: 0 });
  const adjacent = adv.every((a, k) => k === 0 || a.pos === adv[k - 1]!.pos + 1);
  if (!adjacent) return out;
  // Adjacent advanced indices: their dims take the place of the first indexed dim.
  const before = adv[0]!.dim - adv.filter((a) => a.dim < adv[0]!.dim).length;
  const nb = batch.length;
  const perm = [...range(nb, nb + before), ...range(0, nb), ...range(nb + before, out.ndim)];
  return transpose(out, perm);
}

/** Integer indices as int32, negative ones counted from the end (once, as JAX does). */
export function normalizeIndex(i: Array, n: number): Array {
  const a = convertElementType(i, int32, false);
  if (i.dtype.kind === 'u') return a;
  return select(lt(a, full(a.shape, 0, int32)), add(a, full(a.shape, n, int32)), a);
}

/** jnp.take's fill for out-of-bounds indices: NaN for floats, the minimum for signed ints, the maximum for unsigned, true for bool. */
export function defaultFill(d: DType): number {
  if (d.kind === 'f') return NaN;
  if (d.kind === 'b') return 1;
  if (d.kind === 'u') return 2 ** (8 * d.itemsize) - 1;
  return -(2 ** (8 * d.itemsize - 1));
}
