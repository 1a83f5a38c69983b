// Turning JS values into arrays: numbers are weakly typed, like Python scalars in JAX; host
// arrays (nested JS arrays, TypedArrays, numjs arrays) become strongly typed device arrays.
import { Array, type ArrayLike, type Complex, type ComplexNdArrayLike, type NdArrayLike, type NestedArrayLike, arrayMethods } from './array.js';
import { ShapedArray } from './aval.js';
import { concreteArrays } from './concrete.js';
import { type DType, bool, defaultComplex, defaultFloat, dtype as toDtype, float32, int8, int16, int32, intBounds, uint8, uint16, uint32, type DTypeLike } from './dtypes.js';
import { DtypeError, ShapeError } from './errors.js';
import { sizeOf } from './shape.js';

/** The dtype JAX gives a JS scalar: bool for booleans, weak int for integers, weak float otherwise. */
export function scalarType(x: number | boolean): { dtype: DType; weak: boolean } {
  if (typeof x === 'boolean') return { dtype: bool, weak: false };
  if (Number.isInteger(x) && Math.abs(x) <= 2147483647) return { dtype: int32, weak: true };
  return { dtype: defaultFloat(), weak: true };
}

/** Whether `x` is a host complex number: a plain `{re, im}` object of two numbers. */
export function isComplexLike(x: unknown): x is Complex {
  if (typeof x !== 'object' || x === null || x instanceof Array || ArrayBuffer.isView(x) || globalThis.Array.isArray(x)) return false;
  const c = x as Partial<Complex>;
  return typeof c.re === 'number' && typeof c.im === 'number';
}

type HostValue = number | boolean | Complex;

/** Interleaved (re, im) pairs of host values (numbers and bools have im 0), for a complex array. */
function interleave(values: globalThis.ArrayLike<HostValue>): Float64Array {
  const out = new Float64Array(2 * values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (isComplexLike(v)) (out[2 * i] = v.re, out[2 * i + 1] = v.im);
    else out[2 * i] = Number(v);
  }
  return out;
}

/**
 * Check that host values fit an integer dtype (after truncation), as JAX does when it converts
 * Python values: a value out of range is an error, never a wrapped number.
 */
function checkFits(values: globalThis.ArrayLike<number | boolean>, d: DType): void {
  if (d.kind !== 'i' && d.kind !== 'u') return;
  const range = intBounds(d);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    const t = Math.trunc(v);
    if (!(t >= range[0] && t <= range[1]))
      throw new DtypeError(
        `${values.length === 1 ? 'the value' : `element ${i}`} ${v} does not fit ${d.name} (range [${range[0]}, ${range[1]}]); ` +
          `pick a wider dtype, or convert on the device with .astype('${d.name}') if wrapping is what you want.`,
      );
  }
}

/** The dtype numpy infers from JS elements: all bool → bool; integers (and bools) → int32; else the default float. */
function inferDtype(values: globalThis.ArrayLike<number | boolean>): DType {
  let allBool = values.length > 0;
  let ints = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v === 'boolean') continue;
    allBool = false;
    if (!Number.isInteger(v) || Math.abs(v) > 2147483647) ints = false;
  }
  return allBool ? bool : ints ? int32 : defaultFloat();
}

/** A TypedArray's dtype. 64-bit integers, which jaxpool does not have, become int32 (checked to fit). */
function typedDtype(t: ArrayBufferView): DType {
  if (t instanceof Float32Array) return float32;
  if (t instanceof Float64Array) return defaultFloat(); // JAX canonicalises float64 to float32 without x64
  if (t instanceof Uint8Array || t instanceof Uint8ClampedArray) return uint8;
  if (t instanceof Int8Array) return int8;
  if (t instanceof Int16Array) return int16;
  if (t instanceof Uint16Array) return uint16;
  if (t instanceof Uint32Array) return uint32;
  if (t instanceof Int32Array || t instanceof BigInt64Array || t instanceof BigUint64Array) return int32;
  throw new DtypeError(`cannot convert a ${t.constructor.name} to an array; pass a numeric TypedArray.`);
}

/** The dtype of a numjs array (`dtype` is a TypedArray name, or 'array' for plain JS data). */
function ndDtype(x: NdArrayLike, values: globalThis.ArrayLike<number | boolean>): DType {
  switch (x.dtype) {
    case 'float32':
      return float32;
    case 'float64':
      return defaultFloat();
    case 'uint8':
    case 'uint8_clamped':
      return uint8;
    case 'int8':
      return int8;
    case 'int16':
      return int16;
    case 'uint16':
      return uint16;
    case 'uint32':
      return uint32;
    case 'int32':
      return int32;
    default:
      return inferDtype(values);
  }
}

/** Row-major elements and shape of a numjs array (either package) or an ndarray, whatever its strides. */
function ndValues(sel: NdArrayLike['selection']): { shape: number[]; data: globalThis.ArrayLike<number | boolean> } {
  const shape = [...sel.shape];
  const n = sizeOf(shape);
  const d = sel.data as { length?: number; get?: (i: number) => unknown } & globalThis.ArrayLike<unknown>;
  const get = typeof d.length === 'number' ? (i: number) => d[i] : typeof d.get === 'function' ? (i: number) => d.get!(i) : null;
  if (!get) throw new DtypeError("cannot read a numjs array whose data is neither array-like nor has get(i); convert it with .tolist() first.");
  // Row-major contiguous typed data (what numjs usually holds): a view, no per-element walk.
  let contiguous = ArrayBuffer.isView(d);
  for (let k = shape.length - 1, s = 1; k >= 0; s *= shape[k]!, k--) if (shape[k] !== 1 && sel.stride[k] !== s) contiguous = false;
  if (contiguous) return { shape, data: (d as unknown as Float64Array).subarray(sel.offset, sel.offset + n) };
  const out = new globalThis.Array<number | boolean>(n);
  const idx = new globalThis.Array<number>(shape.length).fill(0);
  let at = sel.offset;
  for (let f = 0; f < n; f++) {
    const v = get(at);
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new DtypeError(`numjs array data must be numbers or booleans, got ${typeName(v)}.`);
    out[f] = v;
    for (let d = shape.length - 1; d >= 0; d--) {
      at += sel.stride[d]!;
      if (++idx[d]! < shape[d]!) break;
      at -= sel.stride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}

/** Whether `x` is a ComplexNdArray (core cannot import the callbacks' class): a complex dtype and interleaved values. */
function isComplexNdArrayLike(x: unknown): x is ComplexNdArrayLike {
  const z = x as Partial<ComplexNdArrayLike> | null;
  return typeof z === 'object' && z !== null && (z.dtype === 'complex64' || z.dtype === 'complex128') && typeof z.interleaved === 'function' && globalThis.Array.isArray(z.shape);
}

/** Whether `x` is a numjs array (of either package) or a bare ndarray: an object with a strided `selection`. */
export function isNdArrayLike(x: unknown): x is NdArrayLike {
  if (typeof x !== 'object' || x === null || x instanceof Array) return false;
  const s = (x as { selection?: unknown }).selection;
  if (typeof s !== 'object' || s === null) return false;
  const sel = s as Partial<NdArrayLike['selection']>;
  return globalThis.Array.isArray(sel.shape) && globalThis.Array.isArray(sel.stride) && typeof sel.offset === 'number' && sel.data !== undefined;
}

/** Shape and row-major leaves of a nested JS array; `leaf` says what may sit at the bottom. */
function flattenNested(x: readonly unknown[]): { shape: number[]; flat: unknown[] } {
  const shape: number[] = [];
  let level: unknown = x;
  while (globalThis.Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: unknown[] = [];
  const go = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (globalThis.Array.isArray(v)) throw new ShapeError(`ragged nested array: too deep at depth ${d}; every row must have the same length and depth.`);
      flat.push(v);
      return;
    }
    if (!globalThis.Array.isArray(v) || v.length !== shape[d])
      throw new ShapeError(`ragged nested array: expected length ${shape[d]} at depth ${d}; every row must have the same length.`);
    for (const e of v) go(e, d + 1);
  };
  go(x, 0);
  return { shape, flat };
}

/** A host array of `data` (numbers/booleans, row-major) with `shape`: dtype given or inferred, values checked to fit. */
function fromHostValues(data: globalThis.ArrayLike<HostValue>, shape: number[], inferred: DType, dt: DTypeLike | undefined): Array {
  const d = dt === undefined ? inferred : toDtype(dt);
  if (d.kind === 'c') return concreteArrays.fromHost(interleave(data), new ShapedArray(shape, d));
  for (let i = 0; i < data.length; i++)
    if (isComplexLike(data[i]))
      throw new DtypeError(`cannot put the complex value {re: ${(data[i] as Complex).re}, im: ${(data[i] as Complex).im}} in a ${d.name} array; use a complex dtype, or take jnp.real of a complex array.`);
  checkFits(data as globalThis.ArrayLike<number | boolean>, d);
  return concreteArrays.fromHost(data as globalThis.ArrayLike<number>, new ShapedArray(shape, d));
}

function typeName(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return `a ${x.constructor?.name ?? 'object'}`;
  return `a ${typeof x} (${String(x)})`;
}

/**
 * jnp.asarray for everything jnp functions accept: arrays pass through; JS numbers are weakly
 * typed scalars; nested JS arrays, TypedArrays and numjs arrays are copied to the device (a
 * nested array holding jaxpool arrays stacks them, as jnp.array does). A given `dt` applies to
 * host values; values that do not fit an integer dtype raise `DtypeError`.
 */
export function asArray(x: ArrayLike, dt?: DTypeLike): Array {
  if (x instanceof Array) return x;
  if (isComplexLike(x)) {
    // A complex scalar is weakly typed, as a Python complex is in JAX.
    if (dt === undefined) return concreteArrays.fromHost([x.re, x.im], new ShapedArray([], defaultComplex(), true));
    return fromHostValues([x], [], defaultComplex(), dt);
  }
  if (typeof x === 'number' || typeof x === 'boolean') {
    if (dt === undefined) {
      const t = scalarType(x);
      return concreteArrays.scalar(x, t.dtype, t.weak);
    }
    const d = toDtype(dt);
    checkFits([x], d);
    return concreteArrays.scalar(x, d, false);
  }
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const inferred = typedDtype(x);
    const t = x as unknown as globalThis.ArrayLike<number | bigint>;
    const data = x instanceof BigInt64Array || x instanceof BigUint64Array ? globalThis.Array.from(t, Number) : (t as globalThis.ArrayLike<number>);
    if (dt === undefined && inferred === int32) checkFits(data, int32);
    return fromHostValues(data, [data.length], inferred, dt);
  }
  if (globalThis.Array.isArray(x)) {
    const { shape, flat } = flattenNested(x as readonly NestedArrayLike[]);
    if (flat.some(isComplexLike) && flat.every((v) => typeof v === 'number' || typeof v === 'boolean' || isComplexLike(v)))
      return fromHostValues(flat as HostValue[], shape, defaultComplex(), dt);
    if (flat.some((v) => typeof v !== 'number' && typeof v !== 'boolean')) {
      // Rows that are arrays (or other host arrays): convert each and stack, as jnp.array does.
      if (flat.every((v) => v instanceof Array || ArrayBuffer.isView(v) || isNdArrayLike(v) || typeof v === 'number' || typeof v === 'boolean'))
        return arrayMethods.stackNested(flat.map((v) => asArray(v as ArrayLike)), shape, dt);
      const bad = flat.find((v) => typeof v !== 'number' && typeof v !== 'boolean');
      throw new DtypeError(`array data must be numbers, booleans, {re, im} complex numbers or arrays, got ${typeName(bad)}; convert it first.`);
    }
    const values = flat as (number | boolean)[];
    return fromHostValues(values, shape, inferDtype(values), dt);
  }
  if (isComplexNdArrayLike(x)) {
    // Of its own complex dtype (canonicalised: complex128 is complex64 without x64); only a complex dtype holds it.
    const own = toDtype(x.dtype === 'complex128' ? defaultComplex() : x.dtype);
    const d = dt === undefined ? own : toDtype(dt);
    if (d.kind !== 'c') throw new DtypeError(`cannot put a ${x.dtype} ComplexNdArray in a ${d.name} array; use a complex dtype, or convert its real part (z.re).`);
    return concreteArrays.fromHost(x.interleaved(), new ShapedArray([...x.shape], d, false));
  }
  if (isNdArrayLike(x)) {
    const { shape, data } = ndValues(x.selection);
    const inferred = ndDtype(x, data);
    if (dt === undefined && inferred === int32) checkFits(data, int32);
    return fromHostValues(data, shape, inferred, dt);
  }
  throw new DtypeError(`cannot convert ${typeName(x)} to an array; pass an Array, a number, a boolean, a (nested) JS array, a TypedArray or a numjs array.`);
}

/**
 * For differentiation and tangents: JS cannot tell 2.0 from 2, so a weakly typed integer (a JS
 * number, or an array made from one) that is differentiated is taken as a weak float.
 */
export function asDifferentiable(x: ArrayLike): Array {
  if (typeof x === 'number') return concreteArrays.scalar(x, defaultFloat(), true);
  const a = asArray(x);
  return a.weakType && a.dtype.kind === 'i' ? arrayMethods.convertElementType(a, defaultFloat(), true) : a;
}
