// Moving callback operands and results across the device↔host boundary as numjs arrays.
import type { NdArray as NdArrayType } from '@d4c/numjs';
import type { ShapedArray } from '../core/aval.js';
import { Array as JaxArray } from '../core/array.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { float16, hostArrayClass, storageArrayClass, typedArrayToFill } from '../core/dtypes.js';
import { decodeFloat16, encodeFloat16 } from '../core/float16.js';
import { CallbackError, CallbackResultError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { heapViews, noteHostCopy, recycleHostMemory } from '../runtime/heap.js';
import { recordTransfer } from '../runtime/transfers.js';
import { isProfiling, nowUs, profiler } from '../runtime/profiler.js';
import { isComplexLike } from '../core/convert.js';
import { castInto, type HostTyped } from './astype.js';
import { ComplexNdArray } from './complexNdArray.js';
import { NdArray0d } from './ndarray0d.js';
import { lazyClass, lazyNj, numjs, type NdArrayClass, type NjNamespace } from './numjs.js';

/** The numjs namespace (`nj.array`, `nj.zeros`, …), loaded on first use. */
export const nj: NjNamespace = lazyNj;
/** numjs's array class (numjs loads on first use). */
export const NdArray: NdArrayClass = lazyClass(() => numjs().NdArray);
/** A numjs array. */
export type NdArray = NdArrayType;

/** A typed view of `aval`'s elements at byte `offset` of the shared heap, as stored (float16 as bits). */
function heapView(offset: number, aval: ShapedArray): HostTyped {
  const T = storageArrayClass(aval.dtype) as HostTypedClass;
  const n = aval.size;
  return new T(heapBuffer(offset + n * T.BYTES_PER_ELEMENT), offset, n);
}

/** A plain-memory copy of a (shared) typed array: `set` copies with memcpy, `slice` does not. */
export function copyOf(view: HostTyped, aval: ShapedArray): HostTyped {
  recycleHostMemory(view.byteLength);
  const out = typedArrayToFill(aval.dtype, view.length) as HostTyped;
  out.set(view);
  noteHostCopy(out.byteLength);
  return out;
}

/** Count a crossing in the ledger and, while profiling, put it on the host track. */
export function logTransfer(direction: 'hostToDevice' | 'deviceToHost', bytes: number, copied: boolean, startUs: number): void {
  recordTransfer(direction, bytes, copied);
  if (isProfiling()) profiler.hostEvent('transfer', startUs, nowUs() - startUs, { direction, bytes, copy: copied });
}

/** The typed-array class the host sees a dtype's elements as (bool one byte per element, float16 as float32 values). */
const typedClass = (aval: ShapedArray): HostTypedClass => hostArrayClass(aval.dtype) as HostTypedClass;

/** What the element classes have in common (the lib's union of constructors resolves no overload). */
interface HostTypedClass {
  new (length: number): HostTyped;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): HostTyped;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}
type ViewClass = new (data: HostTyped, ...shapeStridesOffset: number[]) => NdArray['selection'];

const makers = new Map<string, (data: HostTyped) => NdArray>();
const MAX_MAKERS = 1024;

/**
 * How to wrap data of class `T` as a numjs array of `shape` (cached per class and shape: eager
 * calls build a handler each time). numjs's constructor re-derives strides and the dtype from the
 * data on every call (~0.2 µs), so construct ndarray's generated class for this dtype and rank
 * directly, once it is checked to build exactly what numjs would.
 */
function ndarrayMaker(T: HostTypedClass, shape: readonly number[]): (data: HostTyped) => NdArray {
  const key = `${T.name}[${shape.join(',')}]`;
  let make = makers.get(key);
  if (!make) {
    // A cache, not a registry: programs with ever-new shapes must not grow it without bound.
    if (makers.size >= MAX_MAKERS) makers.clear();
    makers.set(key, (make = buildMaker(T, shape as number[])));
  }
  return make;
}

function buildMaker(T: HostTypedClass, dims: number[]): (data: HostTyped) => NdArray {
  const Nd = numjs().NdArray;
  const generic = (data: HostTyped) => new Nd(data, dims);
  const probe = generic(new T(Math.max(sizeOf(dims), 1)));
  const View = probe.selection.constructor as ViewClass;
  const ctorArgs = [...dims, ...probe.selection.stride, 0];
  const fast = (data: HostTyped) => new Nd(new View(data, ...ctorArgs));
  const check = fast(probe.selection.data as HostTyped).selection;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  const ok =
    check.constructor === View &&
    check.data === probe.selection.data &&
    check.offset === probe.selection.offset &&
    check.dtype === probe.selection.dtype &&
    same(check.shape, probe.selection.shape) &&
    same(check.stride, probe.selection.stride);
  return ok ? fast : generic;
}

// The heap's buffer as last seen. The memory object is made once per process and only grows, so
// an older buffer still addresses the same bytes up to its length: refresh only past that length.
let heapBuf: ArrayBufferLike | null = null;
/** The shared heap's buffer, at least `end` bytes long. */
export function heapBuffer(end: number): ArrayBufferLike {
  if (heapBuf === null || heapBuf.byteLength < end) heapBuf = heapViews().u8.buffer;
  return heapBuf;
}

/**
 * A callback operand reader for `aval`, made once per callback signature: `copy` false gives a
 * view over the operand's device memory (the kernel's private copy of it: see callbackLowering),
 * true a host copy.
 */
export function operandReader(aval: ShapedArray): (offset: number, copy: boolean) => NdArray {
  const T = typedClass(aval);
  const n = aval.size;
  const bytes = n * T.BYTES_PER_ELEMENT;
  // numjs has no 0-d arrays: shape [] gets numpy's behaviour from NdArray0d.
  const printAs = aval.dtype.name;
  const make = aval.ndim === 0 ? (data: HostTyped) => new NdArray0d(data, printAs) : ndarrayMaker(T, aval.shape);
  if (aval.dtype === float16) {
    // Stored as bits: the host gets the values, decoded (always a copy).
    return (offset) => {
      const t0 = isProfiling() ? nowUs() : 0;
      const data = decodeFloat16(new Uint16Array(heapBuffer(offset + 2 * n), offset, n));
      logTransfer('deviceToHost', 2 * n, true, t0);
      return make(data);
    };
  }
  return (offset, copy) => {
    const t0 = isProfiling() ? nowUs() : 0;
    const view = new T(heapBuffer(offset + bytes), offset, n);
    let data: HostTyped = view;
    if (copy) (data = new T(n)).set(view);
    logTransfer('deviceToHost', bytes, copy, t0);
    return make(data);
  };
}

/** What a zero-copy argument kept past its call holds instead of a view: every use throws. */
const retiredSelection: NdArray['selection'] = new Proxy({} as NdArray['selection'], {
  get() {
    throw new CallbackError(
      'this host-callback argument was a zero-copy view of device memory, only valid during the call (the memory is reused afterwards); keep a copy made during the call (a.clone(), a.tolist()), or use config transferMode "copy".',
    );
  },
});

/**
 * End the zero-copy arguments of a call that returned: their views address scratch memory that
 * later work reuses, so reads and writes through the numjs arrays must fail instead.
 */
export function retireViews(args: readonly object[]): void {
  // Complex arguments (ComplexNdArray) are copies and stay valid.
  for (const a of args) if (a instanceof numjs().NdArray) a.selection = retiredSelection;
}

/**
 * A result writer for `aval` (result `index` of several, or -1), made once per callback
 * signature. A numjs array of the declared shape holding the declared element type is copied
 * straight in; anything else goes through the general checks and conversions of resultToDevice.
 */
export function resultWriter(aval: ShapedArray, name: string, index: number): (value: unknown, offset: number) => void {
  const T = typedClass(aval);
  const n = aval.size;
  const bytes = n * T.BYTES_PER_ELEMENT;
  const shape = aval.shape;
  // bool takes only 0 and 1, which even a Uint8Array must be checked for; float16 is encoded.
  const direct = aval.dtype.name !== 'bool' && aval.dtype !== float16;
  return (value, offset) => {
    const src = direct && value instanceof numjs().NdArray ? sameLayout(value.selection, T, shape, n) : null;
    if (src === null) {
      resultToDevice(value, offset, aval, name, index);
      return;
    }
    const t0 = isProfiling() ? nowUs() : 0;
    new T(heapBuffer(offset + bytes), offset, n).set(src);
    logTransfer('hostToDevice', bytes, true, t0);
  };
}

/** The row-major elements of `sel` if it is contiguous, of class `T` and exactly `shape`, else null. */
function sameLayout(sel: NdArray['selection'], T: HostTypedClass, shape: readonly number[], n: number): HostTyped | null {
  const data: unknown = sel.data;
  if (!(data instanceof T)) return null;
  const s = sel.shape;
  if (s.length !== shape.length) return null;
  for (let d = 0; d < s.length; d++) if (s[d] !== shape[d]) return null;
  const stride = sel.stride;
  for (let d = s.length - 1, st = 1; d >= 0; st *= s[d]!, d--) if (s[d] !== 1 && stride[d] !== st) return null;
  const at = sel.offset;
  return at === 0 && data.length === n ? data : data.subarray(at, at + n);
}

/** The row-major elements of a returned value and the shape it claims. */
interface HostValues {
  shape: number[];
  data: ArrayLike<number>;
  /** A TypedArray: flat data with no shape of its own. */
  flat: boolean;
}

/** An ndarray (the `selection` of a numjs array of either package, or an `ndarray` itself). */
interface Selection {
  shape: number[];
  stride: number[];
  offset: number;
  data: ArrayLike<number>;
}

function isSelection(x: object): x is Selection {
  const s = x as Partial<Selection>;
  return globalThis.Array.isArray(s.shape) && globalThis.Array.isArray(s.stride) && typeof s.offset === 'number' && s.data !== undefined;
}

/** Row-major elements of a strided ndarray (numjs results are usually contiguous already). */
function selectionValues(sel: Selection): HostValues {
  const shape = [...sel.shape];
  const n = sizeOf(shape);
  let contiguous = true;
  for (let d = shape.length - 1, s = 1; d >= 0; s *= shape[d]!, d--) if (shape[d] !== 1 && sel.stride[d] !== s) contiguous = false;
  if (contiguous) {
    const data = sel.offset === 0 && sel.data.length === n ? sel.data : subarray(sel.data, sel.offset, n);
    return { shape, data, flat: false };
  }
  const out = new Float64Array(n);
  const idx = new globalThis.Array<number>(shape.length).fill(0);
  let at = sel.offset;
  for (let f = 0; f < n; f++) {
    out[f] = Number(sel.data[at]);
    for (let d = shape.length - 1; d >= 0; d--) {
      at += sel.stride[d]!;
      if (++idx[d]! < shape[d]!) break;
      at -= sel.stride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, data: out, flat: false };
}

/** The row-major elements of a numjs array (either package). */
export function ndarrayValues(x: { selection: unknown }): { shape: number[]; data: ArrayLike<number> } {
  if (typeof x.selection !== 'object' || x.selection === null || !isSelection(x.selection)) throw new CallbackResultError('not a numjs array: its selection is not an ndarray.');
  return selectionValues(x.selection);
}

function subarray(data: ArrayLike<number>, start: number, n: number): ArrayLike<number> {
  if (ArrayBuffer.isView(data)) return (data as unknown as Float64Array).subarray(start, start + n);
  return globalThis.Array.prototype.slice.call(data, start, start + n) as number[];
}

/** Whether a nested list holds arrays (numjs, typed, jaxpool) among its elements. */
function holdsArrays(x: unknown[]): boolean {
  for (const v of x) if (globalThis.Array.isArray(v) ? holdsArrays(v) : typeof v === 'object' && v !== null) return true;
  return false;
}

/** numpy's `np.asarray` of a list holding arrays: each array becomes nested lists of its values. */
function expandArrays(v: unknown, what: string): unknown {
  if (globalThis.Array.isArray(v)) return v.map((e) => expandArrays(e, what));
  if (typeof v !== 'object' || v === null) return v;
  const h = hostValues(v, what);
  let i = 0;
  const nest = (d: number): unknown => (d === h.shape.length ? h.data[i++] : globalThis.Array.from({ length: h.shape[d]! }, () => nest(d + 1)));
  return nest(0);
}

function nestedValues(x: unknown[], what: string): HostValues {
  if (holdsArrays(x)) x = expandArrays(x, what) as unknown[];
  const shape: number[] = [];
  for (let level: unknown = x; globalThis.Array.isArray(level); level = level[0]) shape.push(level.length);
  const flat: unknown[] = [];
  const walk = (v: unknown, d: number): void => {
    const isList = globalThis.Array.isArray(v);
    if (d === shape.length ? isList : !isList || v.length !== shape[d])
      throw new CallbackResultError(`${what} is a ragged nested array; every row must have the same length and depth (numpy would make an object array).`);
    if (d === shape.length) flat.push(v);
    else for (const e of v as unknown[]) walk(e, d + 1);
  };
  walk(x, 0);
  const data = new Float64Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (isComplexLike(v)) throw complexForReal(what);
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint')
      throw new CallbackResultError(`${what} holds a ${v === null ? 'null' : typeof v} at flat position ${i}; nested arrays must hold numbers or booleans.`);
    data[i] = Number(v);
  }
  return { shape, data, flat: false };
}

/** Elements and shape of whatever a callback returned for one declared result. */
function hostValues(x: unknown, what: string): HostValues {
  if (x instanceof ComplexNdArray || isComplexLike(x) || (x instanceof JaxArray && x.dtype.kind === 'c')) throw complexForReal(what);
  if (typeof x === 'number') return { shape: [], data: [x], flat: false };
  if (typeof x === 'boolean' || typeof x === 'bigint') return { shape: [], data: [Number(x)], flat: false };
  if (x instanceof JaxArray) {
    // A jaxpool array the callback computed (e.g. with jit): read it in place.
    if (!(x instanceof DeviceArray)) throw new CallbackResultError(`${what} is a traced value; return concrete arrays from host callbacks.`);
    return { shape: x.shape, data: x.viewSync('a callback result'), flat: false };
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const t = x as unknown as ArrayLike<number>;
    const data = x instanceof BigInt64Array || x instanceof BigUint64Array ? Float64Array.from(x as BigInt64Array, Number) : t;
    return { shape: [t.length], data, flat: true };
  }
  if (globalThis.Array.isArray(x)) return nestedValues(x, what);
  if (typeof x === 'object' && x !== null) {
    const sel = (x as { selection?: unknown }).selection;
    if (typeof sel === 'object' && sel !== null && isSelection(sel)) return selectionValues(sel);
    if (isSelection(x)) return selectionValues(x);
  }
  throw new CallbackResultError(
    `${what} is ${x === null || x === undefined ? String(x) : `a ${typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x}`}; return numjs arrays, TypedArrays, numbers or nested arrays matching the declared result shapes.`,
  );
}

/** A complex value returned for a real result: its imaginary part has nowhere to go. */
function complexForReal(what: string): CallbackResultError {
  return new CallbackResultError(`${what} is complex, but the declared result dtype is real, which cannot hold the imaginary parts; return the real part (z.re), or declare a complex dtype (complex64).`);
}

/** Python's tuple repr of a shape: `()`, `(3,)`, `(2, 3)`. */
export function shapeStr(s: readonly number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

/**
 * Write one callback result into its device buffer, converted to the declared dtype when it holds
 * the values (castInto). `index` is the result's position among several (or -1 for a single result).
 */
function resultToDevice(value: unknown, offset: number, aval: ShapedArray, name: string, index: number): void {
  const t0 = isProfiling() ? nowUs() : 0;
  const what = `${name}'s result${index >= 0 ? ` ${index}` : ''}`;
  const v = hostValues(value, what);
  const n = aval.size;
  const same = v.shape.length === aval.ndim && v.shape.every((d, i) => d === aval.shape[i]);
  // numjs has no 0-d arrays (a scalar is shape (1,)), and a TypedArray has no shape but its length.
  const ok = same || (aval.ndim === 0 && v.data.length === 1) || (v.flat && v.data.length === n);
  if (!ok)
    throw new CallbackResultError(
      `${what} has shape ${shapeStr(v.shape)}, but the declared result shape is ${shapeStr(aval.shape)} (dtype ${aval.dtype.name}); ` +
        'return arrays whose shapes match the ShapeDtypeStruct(s) you passed (or fix the declaration).',
    );
  const dst = heapView(offset, aval);
  if (aval.dtype === float16) {
    const values = new Float64Array(n); // rounded once, to float16 (not through float32)
    castInto(values, v.data, aval.dtype, what);
    encodeFloat16(values, dst as Uint16Array);
  } else castInto(dst, v.data, aval.dtype, what);
  logTransfer('hostToDevice', dst.byteLength, true, t0);
}
