// dtypes and JAX's type-promotion lattice (with weak types for JS numbers).
import { config } from './config.js';
import { DtypeError } from './errors.js';
import { float16Round } from './float16.js';

/** The name of a concrete dtype. */
export type DTypeName = 'bool' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'float16' | 'float32' | 'float64' | 'complex64' | 'complex128';
/** NumPy's kind letter: bool, unsigned, signed, float, complex. */
export type DTypeKind = 'b' | 'u' | 'i' | 'f' | 'c';
/**
 * The host typed array of a dtype's elements (float16 values as a Float32Array, which holds each
 * exactly; complex64/complex128 as interleaved (re, im) pairs in a Float32Array/Float64Array of
 * twice the length).
 */
export type TypedArrayOf = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A concrete element type. `String(dtype)` is its name. */
export class DType {
  constructor(
    readonly name: DTypeName,
    readonly kind: DTypeKind,
    readonly itemsize: number,
    /** JAX's short name in jaxprs: f32, i32, u8, bool. */
    readonly short: string,
  ) {}
  /** The dtype's name ('float32'). */
  toString(): string {
    return this.name;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `dtype('${this.name}')`;
  }
}

/** An abstract category for `issubdtype` (numpy's `np.integer`, `np.floating`, …). */
export class AbstractDType {
  constructor(
    readonly name: 'integer' | 'floating' | 'complexfloating' | 'inexact' | 'number' | 'bool_' | 'generic',
    readonly kinds: readonly DTypeKind[],
  ) {}
  toString(): string {
    return this.name;
  }
}

/** The boolean dtype (one byte per element). */
export const bool = new DType('bool', 'b', 1, 'bool');
/** 8-bit signed integers. */
export const int8 = new DType('int8', 'i', 1, 'i8');
/** 16-bit signed integers. */
export const int16 = new DType('int16', 'i', 2, 'i16');
/** 32-bit signed integers. */
export const int32 = new DType('int32', 'i', 4, 'i32');
/** 8-bit unsigned integers. */
export const uint8 = new DType('uint8', 'u', 1, 'u8');
/** 16-bit unsigned integers. */
export const uint16 = new DType('uint16', 'u', 2, 'u16');
/** 32-bit unsigned integers. */
export const uint32 = new DType('uint32', 'u', 4, 'u32');
/** IEEE half precision: stored in 16 bits, computed in float32 and rounded to nearest even per op (XLA on CPU). */
export const float16 = new DType('float16', 'f', 2, 'f16');
/** 32-bit floats. */
export const float32 = new DType('float32', 'f', 4, 'f32');
/** 64-bit floats (with x64). */
export const float64 = new DType('float64', 'f', 8, 'f64');
/** Complex numbers of two float32s (real, imaginary), stored interleaved. */
export const complex64 = new DType('complex64', 'c', 8, 'c64');
/** Complex numbers of two float64s (with x64), stored interleaved. */
export const complex128 = new DType('complex128', 'c', 16, 'c128');

/** Every concrete dtype, in NumPy's order. */
export const ALL_DTYPES: readonly DType[] = [bool, int8, int16, int32, uint8, uint16, uint32, float16, float32, float64, complex64, complex128];

/** The integer dtypes, for `jnp.issubdtype` (numpy's `np.integer`). */
export const integer = new AbstractDType('integer', ['u', 'i']);
/** The floating dtypes, for `jnp.issubdtype` (numpy's `np.floating`). */
export const floating = new AbstractDType('floating', ['f']);
/** The complex dtypes, for `jnp.issubdtype` (numpy's `np.complexfloating`). */
export const complexfloating = new AbstractDType('complexfloating', ['c']);
/** The inexact (floating and complex) dtypes, for `jnp.issubdtype` (numpy's `np.inexact`). */
export const inexact = new AbstractDType('inexact', ['f', 'c']);
/** The numeric dtypes, for `jnp.issubdtype` (numpy's `np.number`). */
export const number = new AbstractDType('number', ['u', 'i', 'f', 'c']);
/** Every dtype, for `jnp.issubdtype` (numpy's `np.generic`). */
export const generic = new AbstractDType('generic', ['b', 'u', 'i', 'f', 'c']);

const byName: Record<string, DType> = { bool_: bool, ...Object.fromEntries(ALL_DTYPES.map((d) => [d.name, d])) };

/** Anything that names a dtype: a DType, its name, or 'float'/'int'/'complex' (the default float, int and complex). */
export type DTypeLike = DType | DTypeName | 'float' | 'int' | 'complex';

/** Resolve a dtype or its name. `'float'`/`'int'`/`'complex'` mean the default float/int/complex (Python's float/int/complex). */
export function dtype(d: DTypeLike): DType {
  if (d instanceof DType) return checkX64(d);
  if (d === 'float') return defaultFloat();
  if (d === 'complex') return defaultComplex();
  if (d === 'int') return int32;
  const r = typeof d === 'string' && Object.hasOwn(byName, d) ? byName[d] : undefined;
  if (!r) throw new DtypeError(`${describeDtypeArg(d)} is not a dtype jaxpool knows; use one of ${ALL_DTYPES.join(', ')} (or jnp.float32, …).`);
  return checkX64(r);
}

function describeDtypeArg(d: unknown): string {
  if (typeof d === 'string') return `'${d}'`;
  if (d instanceof AbstractDType) return `the abstract dtype jnp.${d.name} (for issubdtype only)`;
  if (typeof d === 'object' && d !== null) return `a ${d.constructor?.name ?? 'object'}`;
  return `${typeof d} ${String(d)}`;
}

export function defaultFloat(): DType {
  return config.values.enableX64 ? float64 : float32;
}

/** The default complex dtype: complex128 with x64, complex64 without (JAX's complex_). */
export function defaultComplex(): DType {
  return config.values.enableX64 ? complex128 : complex64;
}

function checkX64(d: DType): DType {
  if (d === float64 && !config.values.enableX64)
    throw new DtypeError("float64 needs x64: call config.update('enableX64', true) first (JAX's jax_enable_x64), or use float32.");
  if (d === complex128 && !config.values.enableX64)
    throw new DtypeError("complex128 needs x64: call config.update('enableX64', true) first (JAX's jax_enable_x64), or use complex64.");
  return d;
}

/** Whether `d` is a complex dtype (complex64, complex128). */
export function isComplex(d: DType): boolean {
  return d.kind === 'c';
}

/** The real dtype of a complex one's parts (complex64 → float32, complex128 → float64); real dtypes are their own. */
export function realDtype(d: DType): DType {
  return d === complex64 ? float32 : d === complex128 ? float64 : d;
}

/** The complex dtype whose parts are float dtype `d` (float64 → complex128, other floats → complex64); complex stays. */
export function complexDtype(d: DType): DType {
  if (d.kind === 'c') return d;
  return d === float64 ? complex128 : complex64;
}

/**
 * JAX's `to_inexact_dtype`: floats stay; bools and 8/32-bit ints become float32 (with or without
 * x64); a weak int (a JS number, int64 in JAX under x64) becomes the default float.
 */
export function toInexact(d: DType, weak: boolean): DType {
  if (d.kind === 'f' || d.kind === 'c') return d;
  return weak && d.kind === 'i' ? defaultFloat() : float32;
}

/** Whether `d` is a real floating dtype. */
export function isFloat(d: DType): boolean {
  return d.kind === 'f';
}

export function issubdtype(a: DType | AbstractDType | DTypeName, b: DType | AbstractDType | DTypeName): boolean {
  const da = typeof a === 'string' ? dtype(a) : a;
  const db = typeof b === 'string' ? dtype(b) : b;
  if (da instanceof AbstractDType) return db instanceof AbstractDType && da.kinds.every((k) => db.kinds.includes(k));
  if (db instanceof AbstractDType) return db.kinds.includes(da.kind);
  return da === db;
}

// --- promotion lattice (JAX's `_type_promotion_lattice`, restricted to our dtypes) ---
// Nodes: concrete names, JAX's int64/uint64 (which x32 canonicalises to int32/uint32 and jaxpool
// does not have under x64), and the weak JS-number types i* (integer-valued), f* (float) and c*
// (a weak complex scalar: `{re, im}` objects, JAX's Python complex).
type Node = DTypeName | 'int64' | 'uint64' | 'i*' | 'f*' | 'c*';
const edges: Record<Node, Node[]> = {
  bool: ['i*'],
  'i*': ['uint8', 'int8'],
  uint8: ['int16', 'uint16'],
  uint16: ['int32', 'uint32'],
  uint32: ['int64', 'uint64'],
  uint64: ['f*'],
  int8: ['int16'],
  int16: ['int32'],
  int32: ['int64'],
  int64: ['f*'],
  'f*': ['float16', 'c*'],
  float16: ['float32'],
  float32: ['float64', 'complex64'],
  'c*': ['complex64'],
  complex64: ['complex128'],
  float64: ['complex128'],
  complex128: [],
};
const upper: Record<Node, Set<Node>> = {} as Record<Node, Set<Node>>;
for (const n of Object.keys(edges) as Node[]) {
  const seen = new Set<Node>([n]);
  const stack: Node[] = [n];
  while (stack.length) for (const m of edges[stack.pop()!]) if (!seen.has(m)) (seen.add(m), stack.push(m));
  upper[n] = seen;
}

function join(a: Node, b: Node): Node {
  // The least upper bound: the common upper bound that is below every other one.
  const common = [...upper[a]].filter((n) => upper[b].has(n));
  return common.find((c) => common.every((o) => upper[c].has(o)))!;
}

/** A dtype with its weak flag, the input and output of promotion. */
export interface TypeInfo {
  dtype: DType;
  weak: boolean;
}

function node(t: TypeInfo): Node {
  if (!t.weak || t.dtype === bool) return t.dtype.name;
  return t.dtype.kind === 'c' ? 'c*' : t.dtype.kind === 'f' ? 'f*' : 'i*';
}

function joinAll(infos: TypeInfo[]): Node {
  if (infos.length === 0) throw new DtypeError('resultType needs at least one argument.');
  let n = node(infos[0]!);
  for (const t of infos.slice(1)) n = join(n, node(t));
  return n;
}

/** JAX's `dtypes.result_type` over (dtype, weak) pairs; weak results canonicalise to int32/default float. */
export function promoteInfos(infos: TypeInfo[]): TypeInfo {
  const n = joinAll(infos);
  if (n === 'i*') return { dtype: int32, weak: true };
  if (n === 'f*') return { dtype: defaultFloat(), weak: true };
  if (n === 'c*') return { dtype: defaultComplex(), weak: true };
  // Without x64, float64/complex128 canonicalise to float32/complex64 (as JAX's x32 mode).
  if (n === 'complex128' && !config.values.enableX64) return { dtype: complex64, weak: false };
  if (n === 'int64' || n === 'uint64') {
    if (config.values.enableX64)
      throw new DtypeError(`${infos.map((t) => t.dtype.name).join(' and ')} promote to ${n} in JAX under x64, a dtype jaxpool does not have; cast one operand first (e.g. x.astype('int32')).`);
    return { dtype: n === 'int64' ? int32 : uint32, weak: false };
  }
  return { dtype: byName[n]!, weak: false };
}

/**
 * JAX's `promote_dtypes_inexact` target: the promoted dtype made inexact (true_divide, sin, …).
 * An int64 join (uint32 with a signed int) is float64 under x64, float32 without, as in JAX.
 */
export function promoteInfosInexact(infos: TypeInfo[]): TypeInfo {
  const n = joinAll(infos);
  if (n === 'int64' || n === 'uint64') return { dtype: defaultFloat(), weak: false };
  const t = promoteInfos(infos);
  return t.dtype.kind === 'f' || t.dtype.kind === 'c' ? t : { dtype: toInexact(t.dtype, t.weak), weak: t.weak };
}

/** numpy's `promote_types` of two concrete dtypes (no weak types). */
export function promoteTypes(a: DTypeLike, b: DTypeLike): DType {
  return promoteInfos([
    { dtype: dtype(a), weak: false },
    { dtype: dtype(b), weak: false },
  ]).dtype;
}

type HostArrayClass = {
  new (length: number): TypedArrayOf;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArrayOf;
  readonly BYTES_PER_ELEMENT: number;
};
const HOST_CLASS: Record<DTypeName, HostArrayClass> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  float16: Float32Array,
  float32: Float32Array,
  float64: Float64Array,
  complex64: Float32Array,
  complex128: Float64Array,
};
const STORAGE_CLASS: Record<DTypeName, HostArrayClass> = { ...HOST_CLASS, float16: Uint16Array };

/** The typed-array class the host sees a dtype's elements as (float16: Float32Array of the values). */
export const hostArrayClass = (d: DType): HostArrayClass => HOST_CLASS[d.name];
/** The typed-array class of a dtype's elements as stored in device memory (float16: Uint16Array of bits). */
export const storageArrayClass = (d: DType): HostArrayClass => STORAGE_CLASS[d.name];

/** How many host numbers one element is: 2 for complex dtypes (re, im), else 1. */
export function lanes(d: DType): number {
  return d.kind === 'c' ? 2 : 1;
}

/**
 * A host typed array of `length` elements of a dtype (bool as 0/1 bytes, float16 as float32
 * values, complex as interleaved pairs: 2·length numbers): zeroed, or a view of `buffer` (which
 * holds at least `length` elements) when given.
 */
export function typedArrayFor(d: DType, length: number, buffer?: ArrayBuffer): TypedArrayOf {
  const T = HOST_CLASS[d.name];
  const n = length * lanes(d);
  return buffer ? new T(buffer, 0, n) : new T(n);
}

/** Arrays at least this large skip zero-filling: calloc of fresh pages costs more than the copy. */
const UNINITIALIZED_BYTES = 1 << 16;

/**
 * A typed array whose contents the caller overwrites entirely. Large ones come uninitialised
 * (malloc, which reuses freed memory) instead of zeroed fresh pages.
 */
export function typedArrayToFill(d: DType, length: number): TypedArrayOf {
  const nbytes = length * lanes(d) * HOST_CLASS[d.name].BYTES_PER_ELEMENT;
  return nbytes < UNINITIALIZED_BYTES ? typedArrayFor(d, length) : typedArrayFor(d, length, Buffer.allocUnsafeSlow(nbytes).buffer);
}

/** The range of an integer dtype's values ([0, 1] for bool); ±Infinity for floats. */
export function intBounds(d: DType): readonly [number, number] {
  if (d.kind === 'f' || d.kind === 'c') return [-Infinity, Infinity];
  if (d.kind === 'b') return [0, 1];
  const bits = 8 * d.itemsize;
  return d.kind === 'u' ? [0, 2 ** bits - 1] : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}

/** An integer value wrapped to integer dtype `d` (two's complement, as XLA's int→int conversions). */
export function wrapInt(v: number, d: DType): number {
  switch (d.name) {
    case 'int8':
      return (v << 24) >> 24;
    case 'int16':
      return (v << 16) >> 16;
    case 'int32':
      return v | 0;
    case 'uint8':
      return v & 255;
    case 'uint16':
      return v & 65535;
    case 'uint32':
      return v >>> 0;
    default:
      return v !== 0 ? 1 : 0;
  }
}

/**
 * Convert one value to dtype `d` (astype for one element), as XLA on CPU does: from a float to an
 * integer type it truncates toward zero and saturates to the type's range, NaN becoming 0; from an
 * integer type it wraps; to bool it is `x != 0`; to float16 it rounds to nearest even. A JS number
 * (`from` omitted) is an integer when it is integer-valued (a weak int, as
 * `jnp.full(3, -1, 'uint8')` is 255) and a float otherwise.
 */
export function castScalar(x: number | boolean, d: DType, from?: DType): number {
  const v = typeof x === 'boolean' ? Number(x) : x;
  if (d.kind === 'b') return v !== 0 ? 1 : 0;
  if (d.kind === 'f' || d.kind === 'c') return d === float64 || d === complex128 ? v : d === float32 || d === complex64 ? Math.fround(v) : float16Round(v);
  const fromInt = from ? from.kind !== 'f' && from.kind !== 'c' : Number.isInteger(v);
  if (fromInt) return wrapInt(v, d);
  const [lo, hi] = intBounds(d);
  return v >= hi ? hi : v > lo ? Math.trunc(v) + 0 : v <= lo ? lo : 0;
}
