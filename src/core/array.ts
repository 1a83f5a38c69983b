// `Array`: the public array type. Concrete device arrays and tracers are both Arrays (as in JAX,
// where tracers are virtual subclasses of jax.Array), so user code is typed once for both.
import type { DType, DTypeLike } from './dtypes.js';
import type { ShapedArray } from './aval.js';
import type { WorkerDevice } from '../runtime/device.js';

export type NestedNumbers = number | boolean | NestedNumbers[];
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | Uint8ClampedArray;
/** Anything jnp functions accept as an array. */
export type ArrayLike = Array | number | boolean | NestedNumbers[] | TypedArray;
type Axis = number | number[] | null;

/** The jnp functions behind Array's methods, installed by `src/numpy` (avoids an import cycle). */
export interface ArrayMethods {
  add(a: ArrayLike, b: ArrayLike): Array;
  subtract(a: ArrayLike, b: ArrayLike): Array;
  multiply(a: ArrayLike, b: ArrayLike): Array;
  divide(a: ArrayLike, b: ArrayLike): Array;
  power(a: ArrayLike, b: ArrayLike): Array;
  negative(a: ArrayLike): Array;
  equal(a: ArrayLike, b: ArrayLike): Array;
  notEqual(a: ArrayLike, b: ArrayLike): Array;
  less(a: ArrayLike, b: ArrayLike): Array;
  lessEqual(a: ArrayLike, b: ArrayLike): Array;
  greater(a: ArrayLike, b: ArrayLike): Array;
  greaterEqual(a: ArrayLike, b: ArrayLike): Array;
  astype(a: ArrayLike, d: DTypeLike): Array;
  reshape(a: ArrayLike, shape: number[]): Array;
  transpose(a: ArrayLike, axes?: number[]): Array;
  sum(a: ArrayLike, axis?: Axis, opts?: { keepdims?: boolean }): Array;
  mean(a: ArrayLike, axis?: Axis, opts?: { keepdims?: boolean }): Array;
  max(a: ArrayLike, axis?: Axis, opts?: { keepdims?: boolean }): Array;
  min(a: ArrayLike, axis?: Axis, opts?: { keepdims?: boolean }): Array;
  matmul(a: ArrayLike, b: ArrayLike): Array;
  index(a: Array, ...idx: IndexSpec[]): Array;
}
/** One entry of `x.at(...)`/`take`-style indexing: an integer, a `[start, stop, step?]` slice, or null for all. */
export type IndexSpec = number | null | { start?: number; stop?: number; step?: number };

export const arrayMethods = {} as ArrayMethods;

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
  abstract dataSync(): Float32Array | Float64Array | Int32Array | Uint8Array;
  abstract data(): Promise<Float32Array | Float64Array | Int32Array | Uint8Array>;
  abstract item(): number | boolean;
  abstract tolist(): NestedNumbers;
  abstract blockUntilReady(): Promise<this>;
  abstract delete(): void;
  abstract toString(): string;

  astype(d: DTypeLike): Array {
    return arrayMethods.astype(this, d);
  }
  reshape(...shape: number[] | [number[]]): Array {
    const s = Array.isShapeList(shape) ? shape[0] : (shape as number[]);
    return arrayMethods.reshape(this, s);
  }
  get T(): Array {
    return arrayMethods.transpose(this);
  }
  sum(axis?: Axis, opts?: { keepdims?: boolean }): Array {
    return arrayMethods.sum(this, axis, opts);
  }
  mean(axis?: Axis, opts?: { keepdims?: boolean }): Array {
    return arrayMethods.mean(this, axis, opts);
  }
  max(axis?: Axis, opts?: { keepdims?: boolean }): Array {
    return arrayMethods.max(this, axis, opts);
  }
  min(axis?: Axis, opts?: { keepdims?: boolean }): Array {
    return arrayMethods.min(this, axis, opts);
  }
  add(o: ArrayLike): Array {
    return arrayMethods.add(this, o);
  }
  sub(o: ArrayLike): Array {
    return arrayMethods.subtract(this, o);
  }
  mul(o: ArrayLike): Array {
    return arrayMethods.multiply(this, o);
  }
  div(o: ArrayLike): Array {
    return arrayMethods.divide(this, o);
  }
  pow(o: ArrayLike): Array {
    return arrayMethods.power(this, o);
  }
  neg(): Array {
    return arrayMethods.negative(this);
  }
  matmul(o: ArrayLike): Array {
    return arrayMethods.matmul(this, o);
  }
  eq(o: ArrayLike): Array {
    return arrayMethods.equal(this, o);
  }
  ne(o: ArrayLike): Array {
    return arrayMethods.notEqual(this, o);
  }
  lt(o: ArrayLike): Array {
    return arrayMethods.less(this, o);
  }
  le(o: ArrayLike): Array {
    return arrayMethods.lessEqual(this, o);
  }
  gt(o: ArrayLike): Array {
    return arrayMethods.greater(this, o);
  }
  ge(o: ArrayLike): Array {
    return arrayMethods.greaterEqual(this, o);
  }
  /** numpy-style basic indexing: `x.index(0)`, `x.index(null, {start: 1})`. */
  index(...idx: IndexSpec[]): Array {
    return arrayMethods.index(this, ...idx);
  }

  private static isShapeList(s: unknown[]): s is [number[]] {
    return s.length === 1 && globalThis.Array.isArray(s[0]);
  }
}
