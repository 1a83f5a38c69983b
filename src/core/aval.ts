// Abstract values: what tracing knows about an array (JAX's ShapedArray).
import { DType, type DTypeLike, dtype as toDtype } from './dtypes.js';
import { type Shape, sizeOf } from './shape.js';

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
  equals(o: ShapedArray): boolean {
    return this.key() === o.key();
  }
  strongType(): ShapedArray {
    return this.weakType ? new ShapedArray(this.shape, this.dtype, false) : this;
  }
  update(opts: { shape?: Shape; dtype?: DType; weakType?: boolean }): ShapedArray {
    return new ShapedArray(opts.shape ?? this.shape, opts.dtype ?? this.dtype, opts.weakType ?? this.weakType);
  }
}

/** A callback result description (JAX's `jax.ShapeDtypeStruct`). */
export class ShapeDtypeStruct {
  readonly shape: number[];
  readonly dtype: DType;
  constructor(shape: Shape, dtype: DTypeLike) {
    this.shape = [...shape];
    this.dtype = toDtype(dtype);
  }
  toString(): string {
    return `ShapeDtypeStruct(shape=(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), dtype=${this.dtype.name})`;
  }
}
