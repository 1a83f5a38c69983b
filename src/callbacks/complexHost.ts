// Complex callback operands and results across the device↔host boundary: operands arrive as
// ComplexNdArray copies (numjs has no complex dtype), and a complex result must be complex on the
// host too — a real array, TypedArray or number for a complex result is an error, not a silent
// `+0j` (JAX checks a callback's result dtypes as strictly).
import type { ShapedArray } from '../core/aval.js';
import { Array as JaxArray } from '../core/array.js';
import { isComplexLike } from '../core/convert.js';
import { CallbackResultError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { isProfiling, nowUs } from '../runtime/profiler.js';
import { ComplexNdArray, type ComplexDtypeName } from './complexNdArray.js';
import { heapBuffer, logTransfer, shapeStr } from './hostArrays.js';

/** The interleaved storage class of a complex aval (Float32Array for complex64, Float64Array for complex128). */
const storageOf = (aval: ShapedArray) => (aval.dtype.name === 'complex64' ? Float32Array : Float64Array);

/** A reader for complex operand `aval`: a ComplexNdArray copy of the operand's (re, im) pairs, in both transfer modes. */
export function complexOperandReader(aval: ShapedArray): (offset: number, copy: boolean) => ComplexNdArray {
  const T = storageOf(aval);
  const n = 2 * aval.size;
  const bytes = n * T.BYTES_PER_ELEMENT;
  const shape = aval.shape;
  const dtype = aval.dtype.name as ComplexDtypeName;
  return (offset) => {
    const t0 = isProfiling() ? nowUs() : 0;
    const z = ComplexNdArray.fromInterleaved(new T(heapBuffer(offset + bytes) as ArrayBuffer, offset, n), shape, dtype);
    logTransfer('deviceToHost', bytes, true, t0);
    return z;
  };
}

/** A writer of complex result `aval` (result `index` of several, or -1) into its device buffer. */
export function complexResultWriter(aval: ShapedArray, name: string, index: number): (value: unknown, offset: number) => void {
  const T = storageOf(aval);
  const n = 2 * aval.size;
  const what = `${name}'s result${index >= 0 ? ` ${index}` : ''}`;
  return (value, offset) => {
    const t0 = isProfiling() ? nowUs() : 0;
    const v = complexValues(value, what, aval.dtype.name);
    const ok = (v.shape.length === aval.ndim && v.shape.every((d, i) => d === aval.shape[i])) || (aval.ndim === 0 && v.data.length === 2);
    if (!ok)
      throw new CallbackResultError(
        `${what} has shape ${shapeStr(v.shape)}, but the declared result shape is ${shapeStr(aval.shape)} (dtype ${aval.dtype.name}); ` +
          'return arrays whose shapes match the ShapeDtypeStruct(s) you passed (or fix the declaration).',
      );
    // complex128 values into complex64 round part by part, as numpy's astype.
    const dst = new T(heapBuffer(offset + n * T.BYTES_PER_ELEMENT) as ArrayBuffer, offset, n);
    dst.set(v.data as Float64Array);
    logTransfer('hostToDevice', dst.byteLength, true, t0);
  };
}

/** Interleaved (re, im) values and shape of what a callback returned for a complex result. */
function complexValues(x: unknown, what: string, dtype: string): { shape: number[]; data: ArrayLike<number> } {
  if (x instanceof ComplexNdArray) return { shape: x.shape, data: x.interleaved() };
  if (isComplexLike(x)) return { shape: [], data: [x.re, x.im] };
  if (x instanceof DeviceArray && x.dtype.kind === 'c') return { shape: x.shape, data: x.viewSync('a callback result') };
  if (globalThis.Array.isArray(x) && holdsComplex(x)) return nestedComplex(x, what);
  const an = (w: string) => `${/^[aeiou]/i.test(w) ? 'an' : 'a'} ${w}`;
  const got = x instanceof JaxArray ? an(`${x.dtype.name} Array`) : x === null || x === undefined ? String(x) : an(typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x);
  throw new CallbackResultError(
    `${what} is ${got}, but the declared result dtype is ${dtype}: return complex values — a ComplexNdArray (new ComplexNdArray(re, im)), a {re, im} number or nested arrays of them (a real value is not taken as +0j).`,
  );
}

function holdsComplex(x: unknown[]): boolean {
  return x.some((v) => (globalThis.Array.isArray(v) ? holdsComplex(v) : isComplexLike(v)));
}

/** Nested JS arrays of `{re, im}` (and real numbers among them, as numpy's asarray makes them complex). */
function nestedComplex(x: unknown[], what: string): { shape: number[]; data: Float64Array } {
  const shape: number[] = [];
  for (let level: unknown = x; globalThis.Array.isArray(level); level = level[0]) shape.push(level.length);
  const data = new Float64Array(2 * sizeOf(shape));
  let k = 0;
  const walk = (v: unknown, d: number): void => {
    const isList = globalThis.Array.isArray(v);
    if (d === shape.length ? isList : !isList || v.length !== shape[d])
      throw new CallbackResultError(`${what} is a ragged nested array; every row must have the same length and depth.`);
    if (d < shape.length) for (const e of v as unknown[]) walk(e, d + 1);
    else if (isComplexLike(v)) (data[k++] = v.re), (data[k++] = v.im);
    else if (typeof v === 'number') (data[k++] = v), (data[k++] = 0);
    else throw new CallbackResultError(`${what} holds ${v === null ? 'null' : `a ${typeof v}`} at flat position ${k / 2}; nested arrays for a complex result hold {re, im} numbers or numbers.`);
  };
  walk(x, 0);
  return { shape, data };
}
