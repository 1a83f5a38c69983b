// dtypes and JAX's type-promotion lattice (with weak types for JS numbers).
import { config } from './config.js';
import { DtypeError } from './errors.js';

/** The names of the supported dtypes. */
export type DTypeName = 'bool' | 'uint8' | 'int32' | 'float32' | 'float64';
export type DTypeKind = 'b' | 'u' | 'i' | 'f';
export type TypedArrayOf = Uint8Array | Int32Array | Float32Array | Float64Array;

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
    readonly name: 'integer' | 'floating' | 'inexact' | 'number' | 'bool_' | 'generic',
    readonly kinds: readonly DTypeKind[],
  ) {}
  toString(): string {
    return this.name;
  }
}

/** Boolean dtype (JAX's `jnp.bool_`). */
export const bool = new DType('bool', 'b', 1, 'bool');
/** 8-bit unsigned integer dtype. */
export const uint8 = new DType('uint8', 'u', 1, 'u8');
/** 32-bit signed integer dtype (the default int). */
export const int32 = new DType('int32', 'i', 4, 'i32');
/** 32-bit IEEE float dtype (the default float). */
export const float32 = new DType('float32', 'f', 4, 'f32');
/** 64-bit IEEE float dtype (with `enableX64`). */
export const float64 = new DType('float64', 'f', 8, 'f64');

/** The integer dtypes, for `jnp.issubdtype` (numpy's `np.integer`). */
export const integer = new AbstractDType('integer', ['u', 'i']);
/** The floating dtypes, for `jnp.issubdtype` (numpy's `np.floating`). */
export const floating = new AbstractDType('floating', ['f']);
/** The inexact (floating) dtypes, for `jnp.issubdtype` (numpy's `np.inexact`). */
export const inexact = new AbstractDType('inexact', ['f']);
/** The numeric dtypes, for `jnp.issubdtype` (numpy's `np.number`). */
export const number = new AbstractDType('number', ['u', 'i', 'f']);
/** Every dtype, for `jnp.issubdtype` (numpy's `np.generic`). */
export const generic = new AbstractDType('generic', ['b', 'u', 'i', 'f']);

const byName: Record<string, DType> = { bool, bool_: bool, uint8, int32, float32, float64 };

/** Anything that names a dtype: a DType, its name, or 'float'/'int' (the default float and int). */
export type DTypeLike = DType | DTypeName | 'float' | 'int';

/** Resolve a dtype or its name. `'float'`/`'int'` mean the default float/int (Python's float/int). */
export function dtype(d: DTypeLike): DType {
  if (d instanceof DType) return checkX64(d);
  if (d === 'float') return defaultFloat();
  if (d === 'int') return int32;
  const r = typeof d === 'string' && Object.hasOwn(byName, d) ? byName[d] : undefined;
  if (!r) throw new DtypeError(`${describeDtypeArg(d)} is not a dtype jaxpool knows; use one of bool, uint8, int32, float32, float64 (or jnp.float32, …).`);
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

function checkX64(d: DType): DType {
  if (d === float64 && !config.values.enableX64)
    throw new DtypeError("float64 needs x64: call config.update('enableX64', true) first (JAX's jax_enable_x64), or use float32.");
  return d;
}

/**
 * JAX's `to_inexact_dtype`: floats stay; bools and 8/32-bit ints become float32 (with or without
 * x64); a weak int (a JS number, int64 in JAX under x64) becomes the default float.
 */
export function toInexact(d: DType, weak: boolean): DType {
  if (d.kind === 'f') return d;
  return weak && d.kind === 'i' ? defaultFloat() : float32;
}

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
// Nodes: concrete names plus the weak JS-number types i* (integer-valued) and f* (float).
type Node = DTypeName | 'i*' | 'f*';
const edges: Record<Node, Node[]> = {
  bool: ['i*'],
  'i*': ['uint8', 'int32'],
  uint8: ['int32'],
  int32: ['f*'],
  'f*': ['float32'],
  float32: ['float64'],
  float64: [],
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
  return t.dtype.kind === 'f' ? 'f*' : 'i*';
}

/** JAX's `dtypes.result_type` over (dtype, weak) pairs; weak results canonicalise to int32/default float. */
export function promoteInfos(infos: TypeInfo[]): TypeInfo {
  if (infos.length === 0) throw new DtypeError('resultType needs at least one argument.');
  let n = node(infos[0]!);
  for (const t of infos.slice(1)) n = join(n, node(t));
  if (n === 'i*') return { dtype: int32, weak: true };
  if (n === 'f*') return { dtype: defaultFloat(), weak: true };
  return { dtype: byName[n]!, weak: false };
}

/** numpy's `promote_types` of two concrete dtypes (no weak types). */
export function promoteTypes(a: DTypeLike, b: DTypeLike): DType {
  return promoteInfos([
    { dtype: dtype(a), weak: false },
    { dtype: dtype(b), weak: false },
  ]).dtype;
}

/**
 * A typed array of a dtype's elements (bool as 0/1 bytes): zeroed, or a view of `buffer` (which
 * holds at least `length` elements) when given.
 */
export function typedArrayFor(d: DType, length: number, buffer?: ArrayBuffer): TypedArrayOf {
  switch (d.name) {
    case 'bool':
    case 'uint8':
      return buffer ? new Uint8Array(buffer, 0, length) : new Uint8Array(length);
    case 'int32':
      return buffer ? new Int32Array(buffer, 0, length) : new Int32Array(length);
    case 'float32':
      return buffer ? new Float32Array(buffer, 0, length) : new Float32Array(length);
    case 'float64':
      return buffer ? new Float64Array(buffer, 0, length) : new Float64Array(length);
  }
}

/** Arrays at least this large skip zero-filling: calloc of fresh pages costs more than the copy. */
const UNINITIALIZED_BYTES = 1 << 16;

/**
 * A typed array whose contents the caller overwrites entirely. Large ones come uninitialised
 * (malloc, which reuses freed memory) instead of zeroed fresh pages.
 */
export function typedArrayToFill(d: DType, length: number): TypedArrayOf {
  const nbytes = length * d.itemsize;
  return nbytes < UNINITIALIZED_BYTES ? typedArrayFor(d, length) : typedArrayFor(d, length, Buffer.allocUnsafeSlow(nbytes).buffer);
}

/**
 * Convert one value to dtype `d` (astype for one element), as XLA on CPU does: from a float to an
 * integer type it truncates toward zero and saturates to the type's range, NaN becoming 0; from an
 * integer type it wraps; to bool it is `x != 0`. A JS number (`from` omitted) is an integer when
 * it is integer-valued (a weak int, as `jnp.full(3, -1, 'uint8')` is 255) and a float otherwise.
 */
export function castScalar(x: number | boolean, d: DType, from?: DType): number {
  const v = typeof x === 'boolean' ? Number(x) : x;
  const fromInt = from ? from.kind !== 'f' : Number.isInteger(v);
  switch (d.name) {
    case 'bool':
      return v !== 0 ? 1 : 0;
    case 'uint8':
      return fromInt ? v & 255 : v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0;
    case 'int32':
      return fromInt ? v | 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v) | 0;
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
  }
}
