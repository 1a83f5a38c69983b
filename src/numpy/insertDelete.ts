// insert and delete along an axis. Their index arguments set the output shape, so they are
// concrete (as JAX's delete, and JAX's insert up to its index sort); the arrays may be traced.
// Both become one gather along the axis (of the array joined with the inserted values).
import { Array, type ArrayLike, type Slice } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { int32 } from '../core/dtypes.js';
import { ConcretizationError, DtypeError, ShapeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';
import { gather } from '../lax/gather.js';
import { concatenateAlong } from '../lax/slicing.js';
import { reshape, transpose } from '../lax/structural.js';
import { canonicalAxis, range } from './axes.js';
import { declare } from './declare.js';
import { resolveSlice } from './getitem.js';
import { broadcastArray } from './promote.js';

/** `x` gathered at the static `src` positions along `ax`. */
function takeStatic(x: Array, src: number[], ax: number): Array {
  const g = gather(x, reshape(asArray(src.length ? src : [], int32), [src.length, 1]), { axes: [ax], mode: 'clip', fillValue: 0 });
  return transpose(g, [...range(1, ax + 1), 0, ...range(ax + 1, x.ndim)]);
}

/** Concrete integer positions from `obj` (a number, a list, a concrete array, a slice). */
function positions(fn: string, obj: unknown, n: number): { values: number[]; scalar: boolean; bool?: boolean[] } {
  if (typeof obj === 'number') {
    if (!Number.isInteger(obj)) throw new DtypeError(`${fn}(): index must be an integer, got ${obj}.`);
    return { values: [obj], scalar: true };
  }
  if (obj !== null && typeof obj === 'object' && !(obj instanceof Array) && !globalThis.Array.isArray(obj) && !ArrayBuffer.isView(obj)) {
    const s = resolveSlice({ kind: 'slice', start: (obj as Slice).start ?? null, stop: (obj as Slice).stop ?? null, step: (obj as Slice).step ?? null }, n);
    return { values: range(0, s.length).map((k) => s.start + k * s.step), scalar: false };
  }
  const a = globalThis.Array.isArray(obj) && obj.length === 0 ? asArray([], int32) : asArray(obj as ArrayLike);
  if (!(a instanceof DeviceArray)) throw new ConcretizationError(`${fn}(): the index argument 'obj' must be concrete (it sets the output shape), got a traced array.`);
  if (a.ndim > 1) throw new ShapeError(`${fn}(): obj must be a slice, a one-dimensional array, or a scalar; got shape [${a.shape}].`);
  const vals = globalThis.Array.from(a.dataSync(), Number);
  if (a.dtype.kind === 'b') return { values: [], scalar: false, bool: vals.map((v) => v !== 0) };
  if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u') throw new DtypeError(`${fn}(): index array must be integer typed; got ${a.dtype.name}.`);
  return { values: vals, scalar: a.ndim === 0 };
}

/** Insert entries into an array at specified indices (`insert(arr, obj, values, axis?)`: without an axis, into the flattened array). */
export const insert = declare('insert', {
  arity: 4,
  arrays: 1,
  fused: false,
  impl: (arr: ArrayLike, obj: number | readonly number[] | Array | Slice, values: ArrayLike, axis?: number | null | { axis?: number | null }): Array => {
    const o = bindArgs('insert', ['axis'], [axis]);
    let a = asArray(arr);
    if (o.axis === undefined || o.axis === null) a = reshape(a, [a.size]);
    const ax = o.axis === undefined || o.axis === null ? 0 : canonicalAxis('insert', o.axis, a.ndim);
    const n = a.shape[ax]!;
    const p = positions('insert', obj, n);
    if (p.bool) throw new DtypeError('insert(): index array must be integer typed; got bool.');
    let v = convertElementType(asArray(values), a.dtype, a.weakType);
    if (v.ndim < a.ndim) v = reshape(v, [...new globalThis.Array<number>(a.ndim - v.ndim).fill(1), ...v.shape]);
    let idx = p.values;
    if (idx.length === 1) {
      // One index: a block of values (numpy moves the values' first axis to `axis` for a scalar index).
      if (p.scalar) v = transpose(v, ax === 0 ? range(0, v.ndim) : [...range(1, ax + 1), 0, ...range(ax + 1, v.ndim)]);
      idx = new globalThis.Array<number>(v.shape[ax]!).fill(idx[0]!);
    }
    const nv = v.shape[ax]!;
    if (idx.length !== nv && nv !== 1) throw new ShapeError(`insert(): ${idx.length} indices but values of length ${nv} along axis ${ax}.`);
    const k = idx.length;
    v = broadcastArray(v, a.shape.map((d, j) => (j === ax ? k : d)));
    const clipped = idx.map((i) => Math.min(n, Math.max(0, i < 0 ? i + n : i)));
    // Stable order of the insertion points; each value lands after the k values inserted before it.
    const order = range(0, k).sort((x, y) => clipped[x]! - clipped[y]! || x - y);
    const valueAt = new globalThis.Array<number>(k);
    order.forEach((j, r) => (valueAt[j] = clipped[j]! + r));
    const src = new globalThis.Array<number>(n + k).fill(-1);
    valueAt.forEach((pos, j) => (src[pos] = n + j));
    let next = 0;
    for (let q = 0; q < n + k; q++) if (src[q] === -1) src[q] = next++;
    return takeStatic(concatenateAlong([a, v], ax), src, ax);
  },
});

/** Delete entries from an array (`delete(arr, obj, axis?, { assumeUniqueIndices })`: an index, a slice, a list or concrete array of indices, or a boolean mask; without an axis, of the flattened array). */
const delete_ = declare('delete', {
  arity: 4,
  arrays: 1,
  fused: false,
  impl: (arr: ArrayLike, obj: number | readonly number[] | Array | Slice, axis?: number | null | { axis?: number | null; assumeUniqueIndices?: boolean }, opts?: { assumeUniqueIndices?: boolean }): Array => {
    const o = bindArgs('delete', ['axis', 'assumeUniqueIndices'], [axis, opts], ['assumeUniqueIndices']);
    let a = asArray(arr);
    if (o.axis === undefined || o.axis === null) a = reshape(a, [a.size]);
    const ax = o.axis === undefined || o.axis === null ? 0 : canonicalAxis('delete', o.axis, a.ndim);
    const n = a.shape[ax]!;
    const p = positions('delete', obj, n);
    const keep = new globalThis.Array<boolean>(n).fill(true);
    if (p.bool) {
      if (p.bool.length !== n) throw new ShapeError(`delete(): for boolean indices, obj must be one-dimensional with length ${n} matching axis ${ax}.`);
      p.bool.forEach((b, i) => (keep[i] = !b));
    } else {
      for (const i of p.values) {
        if (i < -n || i >= n) throw new ShapeError(`delete(): index ${i} is out of bounds for axis ${ax} with size ${n}.`);
        keep[i < 0 ? i + n : i] = false;
      }
    }
    return takeStatic(a, range(0, n).filter((i) => keep[i]), ax);
  },
});
export { delete_ as delete };
