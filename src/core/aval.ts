// Abstract values: what tracing knows about an array (JAX's ShapedArray).
import { DType, type DTypeLike, dtype as toDtype } from './dtypes.js';
import { type Shape, sizeOf } from './shape.js';

/**
 * JAX's `ShapedArray`: an abstract value (shape, dtype, weak type) — what tracing knows about an
 * array, printed in jaxprs as `f32[5,3]`. Every `Array` has one (`x.aval`).
 *
 * @example
 * ```ts
 * jnp.ones([2, 3]).aval.str();   // 'f32[2,3]'
 * ```
 */
export class ShapedArray {
  readonly shape: readonly number[];
  #key: string | undefined;
  constructor(
    shape: Shape,
    readonly dtype: DType,
    readonly weakType = false,
  ) {
    this.shape = [...shape];
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  /** `f32[5,3]`, as in printed jaxprs. */
  str(): string {
    return `${this.dtype.short}[${this.shape.join(',')}]`;
  }
  /** A cache key: shape, dtype and weak type. */
  key(): string {
    // Cached: keys are built on every dispatch (jit and eager caches).
    return (this.#key ??= `${this.dtype.short}[${this.shape.join(',')}]${this.weakType ? 'w' : ''}`);
  }
  /** Same shape, dtype and weak type. */
  equals(o: ShapedArray): boolean {
    return this.key() === o.key();
  }
  /** This abstract value without the weak type (JAX's `strong` type of a weakly typed scalar). */
  strongType(): ShapedArray {
    return this.weakType ? new ShapedArray(this.shape, this.dtype, false) : this;
  }
  /** A copy with some of shape, dtype and weak type replaced (JAX's `ShapedArray.update`). */
  update(opts: { shape?: Shape; dtype?: DType; weakType?: boolean }): ShapedArray {
    return new ShapedArray(opts.shape ?? this.shape, opts.dtype ?? this.dtype, opts.weakType ?? this.weakType);
  }
}

/**
 * JAX's `jax.ShapeDtypeStruct`: the shape and dtype of a host callback's result, declared ahead
 * (compiled code needs them before the callback runs). `dtype` takes a dtype or its name.
 *
 * @throws `DtypeError` for an unknown dtype name.
 *
 * @example
 * ```ts
 * const out = new ShapeDtypeStruct(x.shape, x.dtype);
 * pureCallback((a: NdArray) => a.multiply(2), out, [x], { vmapMethod: 'broadcast_all' });
 * ```
 */
export class ShapeDtypeStruct {
  readonly shape: number[];
  readonly dtype: DType;
  constructor(shape: Shape, dtype: DTypeLike) {
    this.shape = [...shape];
    this.dtype = toDtype(dtype);
  }
  /** JAX's repr: `ShapeDtypeStruct(shape=(3,), dtype=float32)`. */
  toString(): string {
    return `ShapeDtypeStruct(shape=(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), dtype=${this.dtype.name})`;
  }
}
