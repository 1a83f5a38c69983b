// `Array`: the public array type. Concrete device arrays and tracers are both Arrays (as in JAX,
// where tracers are virtual subclasses of jax.Array), so user code is typed once for both.
import type { DType, DTypeLike, TypedArrayOf } from './dtypes.js';
import type { ShapedArray } from './aval.js';
import type { WorkerDevice } from '../runtime/device.js';
import type { JnpArrayMethods } from '../numpy/methods.js';
import type { IndexUpdateRef } from '../numpy/at.js';

/** A complex number on the host: what `tolist()` gives for complex elements and `jnp.array` accepts. */
export interface Complex {
  re: number;
  im: number;
}
/** What `tolist()` returns: a number, boolean or `{re, im}` complex, or nested lists of them. */
export type NestedNumbers = number | boolean | Complex | NestedNumbers[];
/** The JS typed arrays accepted as host data. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | Uint8ClampedArray;
/** A numjs array (`nj.array(…)`, of either numjs package) or a bare ndarray: strided data with a shape. */
export interface NdArrayLike {
  selection: { shape: number[]; stride: number[]; offset: number; data: unknown };
  dtype?: string;
}
/** A complex host array (jaxpool's ComplexNdArray, which callbacks and deviceGet give): shape, complex dtype, interleaved values. */
export interface ComplexNdArrayLike {
  /** The shape. */
  readonly shape: number[];
  /** 'complex64' or 'complex128'. */
  readonly dtype: 'complex64' | 'complex128';
  /** The elements as interleaved (re, im) pairs, row-major. */
  interleaved(): Float32Array | Float64Array;
}
/** Nested JS arrays whose leaves are numbers, booleans, `{re, im}` complex numbers or arrays (rows to stack). */
export type NestedArrayLike = number | boolean | Complex | Array | TypedArray | NestedArrayLike[];
/** Anything jnp functions accept as an array: arrays, JS numbers and booleans, `{re, im}` complex numbers (weakly typed, like Python complex), nested JS arrays, TypedArrays, numjs arrays, ComplexNdArrays. */
export type ArrayLike = Array | number | boolean | Complex | NestedArrayLike[] | TypedArray | NdArrayLike | ComplexNdArrayLike;
/**
 * What core needs from jnp, installed by `src/numpy` (core cannot import it): indexing for
 * `x.index(...)` and iteration, and the conversions of host data in `asArray`.
 */
export interface ArrayMethods {
  index(a: Array, ...idx: IndexSpec[]): Array;
  /** JAX's `x.at[idx]`. */
  at(a: Array, ...idx: IndexSpec[]): IndexUpdateRef;
  /** jnp.array of rows (arrays of equal shape, row-major) laid out as `shape`. */
  stackNested(rows: Array[], shape: number[], dtype?: DTypeLike): Array;
  convertElementType(a: Array, d: DType, weakType: boolean): Array;
  /** JAX's `Array.view(dtype)`: the same bytes read as another dtype. */
  view(a: Array, d: DTypeLike): Array;
  /** `x.real` and `x.imag` (jnp.real / jnp.imag). */
  real(a: Array): Array;
  imag(a: Array): Array;
}
/** A slice `start:stop:step` (each part optional, null = omitted); `{}` is `:`. */
export interface Slice {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}
/**
 * One entry of `x.index(...)`, JAX's `x[...]`: an integer (drops its axis), a slice object (`{}`
 * is `:`), `null` (`jnp.newaxis`: a new axis of size 1), `'...'` (Ellipsis), or an integer or
 * boolean array (an Array, a nested JS array, a TypedArray) for advanced indexing.
 */
export type IndexSpec = number | boolean | null | '...' | Slice | ArrayLike;

/** The hooks core calls into jnp (see ArrayMethods). */
export const arrayMethods = {} as ArrayMethods;

/**
 * The jnp methods (`x.add(y)`, `x.sum(axis)`, `x.reshape(2, 3)`…): installed on the prototype by
 * their declarations in src/numpy, and typed from them (numpy/methods.ts).
 */
export interface Array extends JnpArrayMethods {}

/** A jaxpool array: a concrete device array or a tracer (JAX's `jax.Array`). */
export abstract class Array {
  abstract get aval(): ShapedArray;

  get shape(): number[] {
    return [...this.aval.shape];
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
  get ndim(): number {
    return this.aval.shape.length;
  }
  get size(): number {
    return this.aval.size;
  }
  get weakType(): boolean {
    return this.aval.weakType;
  }
  abstract get device(): WorkerDevice | null;

  // Sync points: concrete arrays read device memory; tracers throw ConcretizationError.
  /** The values as a flat typed array copy (JAX's `np.asarray(x)`; float16 as a Float32Array of its values; complex64/complex128 as interleaved (re, im) pairs, 2·size numbers): a blocking sync point; a tracer throws ConcretizationError. */
  abstract dataSync(): TypedArrayOf;
  /** `dataSync()` without blocking the event loop: resolves when the device has computed the array. */
  abstract data(): Promise<TypedArrayOf>;
  /** The value of a one-element array as a JS number or boolean (JAX's `x.item()`); raises ShapeError for more elements, DtypeError for complex (use `tolist()`, which gives `{re, im}`). */
  abstract item(): number | boolean;
  /** The values as nested JS arrays (JAX's `x.tolist()`; complex elements as `{re, im}` objects); a 0-d array gives its number. */
  abstract tolist(): NestedNumbers;
  /** `JSON.stringify(x)`: the values as nested lists, as `x.tolist()` (a sync point; a tracer throws ConcretizationError). */
  toJSON(): NestedNumbers {
    return this.tolist();
  }
  /** Resolves with this array once its computation has finished (JAX's `x.block_until_ready()`); a failed computation rejects. */
  abstract blockUntilReady(): Promise<this>;
  /** Frees the device buffer now (JAX's `x.delete()`); later use raises. */
  abstract delete(): void;
  /** numpy's `str(x)`: the values, as `String(x)` and template literals show them. */
  abstract toString(): string;

  /** The real part (JAX's `x.real`; a real array itself). */
  get real(): Array {
    return arrayMethods.real(this);
  }
  /** The imaginary part (JAX's `x.imag`; zeros for a real array). */
  get imag(): Array {
    return arrayMethods.imag(this);
  }

  /** The transpose (JAX's `x.T`): axes reversed. */
  get T(): Array {
    return this.transpose();
  }
  /**
   * JAX's `x[idx]`: `x.index(0)` is `x[0]`, `x.index({}, { start: 1 })` is `x[:, 1:]`,
   * `x.index(null)` is `x[None]`, `x.index('...', 0)` is `x[..., 0]`, and
   * `x.index(jnp.array([1, 3]))` gathers rows 1 and 3 (see IndexSpec).
   */
  index(...idx: IndexSpec[]): Array {
    return arrayMethods.index(this, ...idx);
  }

  /**
   * JAX's `x.at[idx]`, for functional updates: `x.at(0).set(5)`, `x.at({ start: 1 }).add(y)`,
   * `x.at(jnp.array([0, 0])).add(1)` (repeated indices accumulate), `x.at(i).get({ mode: 'fill' })`;
   * the index is `x.index(...)`'s. Updates drop out-of-bounds indices unless `mode` says otherwise.
   */
  at(...idx: IndexSpec[]): IndexUpdateRef {
    return arrayMethods.at(this, ...idx);
  }

  /** A copy flattened to 1-d (JAX's `Array.flatten`, `jnp.ravel`'s method form): row-major 'C' or column-major 'F'. */
  flatten(order?: 'C' | 'F' | { order?: 'C' | 'F' }): Array {
    return this.ravel(order);
  }

  /**
   * The same bytes as another dtype (JAX's `Array.view`): same itemsize keeps the shape; otherwise
   * the last axis scales by the ratio of the itemsizes (`x.view('uint16')` of float32 [n] is [2n]).
   */
  view(dtype: DTypeLike): Array {
    return arrayMethods.view(this, dtype);
  }

  /** Iterate over the leading axis, as JAX arrays do (`for (const row of x)`, `const [a, b] = x`). */
  *[Symbol.iterator](): Iterator<Array> {
    if (this.ndim === 0) throw new TypeError('iteration over a 0-d array; it has no leading axis (use x.item() for its value).');
    const n = this.aval.shape[0]!;
    for (let i = 0; i < n; i++) yield arrayMethods.index(this, i);
  }

  /**
   * JS coercion: `${x}` and String(x) print; a 0-d array is its value (JAX's `float(x)`), so
   * `Number(x)`, `x + 1` and `'loss: ' + x` work; any other array raises a TypeError, since JS
   * operators would silently make a string or NaN instead of computing elementwise.
   */
  [Symbol.toPrimitive](hint: string): number | boolean | string {
    if (hint === 'string') return this.toString();
    const v = this.valueOf();
    return hint === 'number' ? Number(v) : v;
  }

  /** The value of a 0-d array; a TypeError for any other (see Symbol.toPrimitive). */
  valueOf(): number | boolean {
    if (this.ndim !== 0)
      throw new TypeError(
        `cannot use a ${this.aval.str()} array as a JS number: JS operators (x + 1, x < y, x * y) do not compute elementwise. ` +
          'Use the methods or jnp functions: x.add(1) or jnp.add(x, 1), x.lt(y) or jnp.less(x, y), x.mul(y); ' +
          '`${x}` or String(x) give its text, and only a 0-d array converts to a number (Number(x), x.item()).',
      );
    return this.item();
  }

}
