// Complex arrays on the host. numjs has no complex dtype, so where JAX hands NumPy a complex array
// (callback arguments, device_get) jaxpool hands a ComplexNdArray: the real and imaginary parts
// as numjs arrays of the part dtype (numpy's `z.real`, `z.imag`), whose elements read back as
// jaxpool's host complex numbers `{re, im}` (what `Array.tolist()` gives and `jnp.array` takes).
import { inspect } from 'node:util';
import type { NdArray } from '@d4c/numjs';
import type { Complex, NestedNumbers } from '../core/array.js';
import { ShapeError } from '../core/errors.js';
import { formatNumpyRepr, formatStr } from '../core/printing.js';
import { sizeOf } from '../core/shape.js';
import { NdArray0d } from './ndarray0d.js';
import { numjs } from './numjs.js';

/** The complex dtypes a ComplexNdArray holds. */
export type ComplexDtypeName = 'complex64' | 'complex128';

/** Interleaved (re, im) pairs of a complex dtype, as jaxpool stores them. */
export type Interleaved = Float32Array | Float64Array;

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** A numjs array (an NdArray0d for shape []) over contiguous `data`. */
function partArray(data: Interleaved, shape: readonly number[]): NdArray {
  return shape.length === 0 ? new NdArray0d(data, data instanceof Float32Array ? 'float32' : 'float64') : new (numjs().NdArray)(data as never, [...shape]);
}

/** The row-major elements of a numjs array (numjs's flatten copies any strided view). */
function partValues(a: NdArray): ArrayLike<number> {
  return a.shape.length === 0 ? [Number(a.selection.get())] : (a.flatten().selection.data as ArrayLike<number>);
}

/**
 * A complex host array: `re` and `im` are numjs arrays (float32 parts for complex64, float64 for
 * complex128) of the array's shape. Complex callback arguments and `deviceGet` of a complex array
 * arrive as one (always a host copy: the parts are split from jaxpool's interleaved storage), and
 * a callback may return one for a complex result.
 *
 * @example
 * ```ts
 * const z = new ComplexNdArray(nj.array([1, 3]), nj.array([2, -4]));   // [1.+2.j 3.-4.j]
 * z.get(1);        // { re: 3, im: -4 }
 * ```
 */
export class ComplexNdArray {
  /** The real parts, a numjs array of the part dtype. */
  readonly re: NdArray;
  /** The imaginary parts, a numjs array of the part dtype. */
  readonly im: NdArray;
  /** 'complex64' or 'complex128'. */
  readonly dtype: ComplexDtypeName;

  /**
   * A complex array from its parts: numjs arrays of one shape (or values numjs takes). `dtype`
   * defaults to complex64 when both parts hold float32 data, else complex128; the parts are
   * copied into the part dtype.
   */
  constructor(re: NdArray | NestedNumbers[], im: NdArray | NestedNumbers[], dtype?: ComplexDtypeName) {
    const { nj } = numjs();
    const r = globalThis.Array.isArray(re) ? nj.array(re as number[]) : re;
    const i = globalThis.Array.isArray(im) ? nj.array(im as number[]) : im;
    if (!sameShape(r.shape, i.shape))
      throw new ShapeError(`ComplexNdArray: the real parts have shape [${r.shape.join(', ')}] and the imaginary parts [${i.shape.join(', ')}]; give parts of one shape.`);
    this.dtype = dtype ?? (r.selection.data instanceof Float32Array && i.selection.data instanceof Float32Array ? 'complex64' : 'complex128');
    const T = this.dtype === 'complex64' ? Float32Array : Float64Array;
    this.re = partArray(T.from(partValues(r)), r.shape);
    this.im = partArray(T.from(partValues(i)), i.shape);
  }

  /** A complex array of `shape` from interleaved (re, im) pairs (what `await x.data()` gives for a complex Array). */
  static fromInterleaved(data: ArrayLike<number>, shape: readonly number[], dtype: ComplexDtypeName = data instanceof Float32Array ? 'complex64' : 'complex128'): ComplexNdArray {
    const n = sizeOf(shape);
    if (data.length !== 2 * n) throw new ShapeError(`ComplexNdArray.fromInterleaved: ${data.length} numbers cannot be ${n} (re, im) pairs of shape [${shape.join(', ')}].`);
    const T = dtype === 'complex64' ? Float32Array : Float64Array;
    const re = new T(n);
    const im = new T(n);
    for (let k = 0; k < n; k++) (re[k] = data[2 * k]!), (im[k] = data[2 * k + 1]!);
    const z = Object.create(ComplexNdArray.prototype) as { -readonly [K in keyof ComplexNdArray]: ComplexNdArray[K] };
    z.re = partArray(re, shape);
    z.im = partArray(im, shape);
    z.dtype = dtype;
    return z as ComplexNdArray;
  }

  /** The shape (numpy's `z.shape`). */
  get shape(): number[] {
    return [...this.re.shape];
  }
  /** The number of axes. */
  get ndim(): number {
    return this.re.shape.length;
  }
  /** The number of elements. */
  get size(): number {
    return sizeOf(this.re.shape);
  }

  /** The element at `index` (one integer per axis; none for shape []) as `{re, im}`. */
  get(...index: number[]): Complex {
    if (index.length !== this.ndim) throw new ShapeError(`ComplexNdArray.get: give ${this.ndim} indices for shape [${this.shape.join(', ')}], got ${index.length}.`);
    return { re: Number(this.re.selection.get(...index)), im: Number(this.im.selection.get(...index)) };
  }

  /** The elements as interleaved (re, im) pairs in row-major order: jaxpool's storage layout. */
  interleaved(): Interleaved {
    const re = partValues(this.re);
    const im = partValues(this.im);
    const out = new (this.dtype === 'complex64' ? Float32Array : Float64Array)(2 * re.length);
    for (let k = 0; k < re.length; k++) (out[2 * k] = re[k]!), (out[2 * k + 1] = im[k]!);
    return out;
  }

  /** Nested JS arrays of `{re, im}` (a shape-[] array gives its `{re, im}`), as `Array.tolist()`. */
  tolist(): Complex | NestedNumbers[] {
    const re = partValues(this.re);
    const im = partValues(this.im);
    const shape = this.shape;
    let k = 0;
    const nest = (d: number): Complex | NestedNumbers[] => {
      if (d === shape.length) return { re: re[k]!, im: im[k++]! };
      return globalThis.Array.from({ length: shape[d]! }, () => nest(d + 1));
    };
    return nest(0);
  }

  /** An independent copy. */
  clone(): ComplexNdArray {
    return ComplexNdArray.fromInterleaved(this.interleaved(), this.shape, this.dtype);
  }

  /** numpy's `str()`: `[1.+2.j 3.-4.j]`. */
  toString(): string {
    return formatStr(this.interleaved(), this.shape, this.dtype);
  }

  /** numpy's `repr()`, for console.log: `array([1.+2.j, 3.-4.j], dtype=complex64)`. */
  [inspect.custom](): string {
    return formatNumpyRepr(this.interleaved(), this.shape, this.dtype);
  }
}
