// lax.fft (JAX's fft_p): FFT, IFFT, RFFT and IRFFT over the trailing len(fftLengths) axes of an
// array. The primitive is complex-valued; the compiler's complex pass lowers it through its
// `complex` rule onto fft_planes, the planar 1-d DFT along the last axis (other axes are moved
// there and back), with IFFT's and IRFFT's 1/N a scalar multiply. RFFT transforms (x, 0) and keeps
// the first n/2+1 bins; IRFFT rebuilds the Hermitian spectrum (X[n−k] = conj X[k]) and keeps the
// real part, so the imaginary parts of the DC and Nyquist bins are ignored, as in XLA. Its jvp is
// the transform of the tangent (it is linear) and its transpose JAX's _fft_transpose_rule.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { complexDtype, type DType, realDtype, toInexact } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Planes, type PlaneValue, type Primitive } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { complex, conj } from './complex.js';
import { asPlanes, planes } from './complexPlanes.js';
import { convertElementType, mul, neg } from './elementwise.js';
import { fftPlanes } from './fftPlanes.js';
import { concatenateAlong, rev, slice } from './slicing.js';
import { broadcastInDim, full, fullLike, transpose } from './structural.js';

/** The four transforms (JAX's lax.FftType): complex forward and inverse, real to complex, complex to real. */
export const FftType = { FFT: 'FFT', IFFT: 'IFFT', RFFT: 'RFFT', IRFFT: 'IRFFT' } as const;
/** One of FftType's values. */
export type FftType = (typeof FftType)[keyof typeof FftType];

/** fft's parameters (JAX's fft_p). */
export interface FftParams extends Params {
  fftType: FftType;
  fftLengths: number[];
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function fftAbstractEval([x]: ShapedArray[], { fftType, fftLengths: L }: FftParams): ShapedArray[] {
  if (L.length > x!.ndim) throw new ShapeError(`fft: input shape [${x!.shape}] must have at least as many dimensions as fftLengths [${L}].`);
  const k = L.length;
  const lead = x!.shape.slice(0, x!.ndim - k);
  const minor = x!.shape.slice(x!.ndim - k);
  if (fftType === 'RFFT') {
    if (x!.dtype.kind !== 'f' || x!.dtype.name === 'float16') throw new DtypeError(`fft: RFFT input must be float32 or float64, got ${x!.dtype.name}.`);
    if (!same(minor, L)) throw new ShapeError(`fft: RFFT input shape [${x!.shape}] minor dimensions must be equal to fftLengths [${L}].`);
    return [new ShapedArray([...lead, ...L.slice(0, -1), Math.floor(L[k - 1]! / 2) + 1], complexDtype(x!.dtype), false)];
  }
  if (x!.dtype.kind !== 'c') throw new DtypeError(`fft: ${fftType} input must be complex64 or complex128, got ${x!.dtype.name}.`);
  if (fftType === 'IRFFT') {
    if (!same(minor.slice(0, -1), L.slice(0, -1)) || minor[k - 1] !== Math.floor(L[k - 1]! / 2) + 1)
      throw new ShapeError(`fft: IRFFT input shape [${x!.shape}] minor dimensions must be fftLengths [${L}] but the last, which must be fftLengths[-1]/2+1 = ${Math.floor(L[k - 1]! / 2) + 1}.`);
    return [new ShapedArray([...lead, ...L], realDtype(x!.dtype), false)];
  }
  if (!same(minor, L)) throw new ShapeError(`fft: ${fftType} input shape [${x!.shape}] minor dimensions must be equal to fftLengths [${L}].`);
  return [new ShapedArray(x!.shape, x!.dtype, false)];
}

/** The unnormalised planar DFT along `axis` (moved to the last axis and back). */
function planesAlong(p: Planes, axis: number, inverse: boolean): Planes {
  const nd = p.re.ndim;
  if (axis === nd - 1) {
    const [re, im] = fftPlanes(p.re, p.im, inverse);
    return planes(re, im);
  }
  const perm = p.re.shape.map((_, k) => (k === axis ? nd - 1 : k === nd - 1 ? axis : k));
  const [re, im] = fftPlanes(transpose(p.re, perm), transpose(p.im, perm), inverse);
  return planes(transpose(re, perm), transpose(im, perm));
}

const scaled = (p: Planes, c: number): Planes => planes(mul(p.re, fullLike(p.re, c)), mul(p.im, fullLike(p.im, c)));

/** The rule on planes: every transform as fft_planes passes along the trailing axes. */
function fftOnPlanes([x]: PlaneValue[], { fftType, fftLengths: L }: FftParams, [out]: ShapedArray[]): PlaneValue[] {
  const nd = out!.ndim;
  const axes = L.map((_, i) => nd - L.length + i);
  const N = prod(L);
  if (out!.size === 0) return [out!.dtype.kind === 'c' ? planes(full(out!.shape, 0, realDtype(out!.dtype)), full(out!.shape, 0, realDtype(out!.dtype))) : full(out!.shape, 0, out!.dtype)];
  if (fftType === 'FFT' || fftType === 'IFFT') {
    const inverse = fftType === 'IFFT';
    let p = asPlanes(x);
    for (const a of [...axes].reverse()) p = planesAlong(p, a, inverse);
    return [inverse ? scaled(p, 1 / N) : p];
  }
  if (fftType === 'RFFT') {
    const re = x as Array;
    let p = planesAlong(planes(re, fullLike(re, 0)), nd - 1, false);
    const keep = out!.shape[nd - 1]!;
    const lim = p.re.shape.map((d, k) => (k === nd - 1 ? keep : d));
    const start = lim.map(() => 0);
    p = planes(slice(p.re, start, lim), slice(p.im, start, lim));
    for (const a of axes.slice(0, -1).reverse()) p = planesAlong(p, a, false);
    return [p];
  }
  // IRFFT: the inverse transforms of the leading fft axes, then the Hermitian extension of the last.
  let p = asPlanes(x);
  for (const a of axes.slice(0, -1).reverse()) p = planesAlong(p, a, true);
  const n = L[L.length - 1]!;
  const shape = p.re.shape;
  // Bins n/2+1 … n−1 are the conjugates of bins n−n/2−1 … 1, in reverse.
  const mid = n - Math.floor(n / 2) - 1;
  if (mid > 0) {
    const start = shape.map((_, k) => (k === nd - 1 ? 1 : 0));
    const lim = shape.map((d, k) => (k === nd - 1 ? 1 + mid : d));
    const tail = (v: Array) => rev(slice(v, start, lim), [nd - 1]);
    p = planes(concatenateAlong([p.re, tail(p.re)], nd - 1), concatenateAlong([p.im, neg(tail(p.im))], nd - 1));
  }
  const full1 = planesAlong(p, nd - 1, true);
  return [mul(full1.re, fullLike(full1.re, 1 / N))];
}

/** The fft primitive (JAX's fft_p). */
export const fftP: Primitive<FftParams> = definePrimitive<FftParams>('fft', {
  abstractEval: fftAbstractEval,
  jvp: ([x], [t], p) => [[bind1(fftP, [x!], p)], [bind1(fftP, [t!], p)]],
  transpose: ([ct], _x, p) => {
    if (!ct) return [null];
    const t = ct;
    if (p.fftType === 'RFFT') return [rfftTranspose(t, p.fftLengths)];
    if (p.fftType === 'IRFFT') return [irfftTranspose(t, p.fftLengths)];
    return [bind1(fftP, [t], p)];
  },
  batch: ([x], [d], p) => [[bind1(fftP, [moveBatchToFront(x!, d!, x!.shape[d!]!)], p)], [0]],
  complex: fftOnPlanes,
});

/** 1 for the DC bin (and the Nyquist bin of an even length), `other` for the rest (2, or 1/2 to divide by 2): the bins RFFT folds two of into one. */
function hermitianMask(shape: readonly number[], n: number, dtype: DType, other: number): Array {
  const [ndim, m] = [shape.length, shape[shape.length - 1]!];
  const vals = globalThis.Array.from({ length: m }, (_, k) => (k === 0 || (n % 2 === 0 && k === m - 1) ? 1 : other));
  const mask = concatenateAlong(vals.map((v) => full([1], v, realDtype(dtype))), 0);
  const shaped = broadcastInDim(mask, [...shape], [ndim - 1]);
  return dtype.kind === 'c' ? complex(shaped, fullLike(shaped, 0)) : shaped;
}

/** JAX's _rfft_transpose: N·IRFFT(conj(t) / mask). */
function rfftTranspose(t: Array, L: number[]): Array {
  const mask = hermitianMask(t.shape, L[L.length - 1]!, t.dtype, 0.5);
  const inv = bind1(fftP, [mul(conj(t), mask)], { fftType: 'IRFFT', fftLengths: L });
  return mul(inv, fullLike(inv, prod(L)));
}

/** JAX's _irfft_transpose: conj(mask·RFFT(t)/N). */
function irfftTranspose(t: Array, L: number[]): Array {
  const x = bind1(fftP, [t], { fftType: 'RFFT', fftLengths: L });
  const mask = hermitianMask(x.shape, L[L.length - 1]!, x.dtype, 2);
  return conj(mul(mul(x, mask), fullLike(x, 1 / prod(L))));
}

/**
 * `lax.fft(x, fftType, fftLengths)`: the transform of `fftType` (FftType or its name, any case)
 * over the trailing `fftLengths.length` axes. FFT/IFFT convert `x` to complex, RFFT to a real
 * float; IFFT and IRFFT scale by 1/N. Empty `fftLengths` returns the converted `x`.
 */
export function fft(x: ArrayLike, fftType: FftType | Lowercase<FftType>, fftLengths: readonly number[]): Array {
  const type = typeof fftType === 'string' ? (fftType.toUpperCase() as FftType) : fftType;
  if (!(type in FftType)) throw new DtypeError(`lax.fft: unknown FFT type '${String(fftType)}'; use FFT, IFFT, RFFT or IRFFT.`);
  let a = asArray(x);
  if (type === 'RFFT') {
    if (a.dtype.kind === 'c') throw new DtypeError('lax.fft: only real valued inputs are supported for RFFT.');
    a = convertElementType(a, toInexact(a.dtype, a.weakType), false);
  } else a = convertElementType(a, complexDtype(a.dtype.kind === 'f' ? a.dtype : a.dtype.kind === 'c' ? a.dtype : toInexact(a.dtype, a.weakType)), false);
  if (!globalThis.Array.isArray(fftLengths) || fftLengths.some((n) => !Number.isInteger(n) || n < 0))
    throw new ShapeError(`lax.fft: fftLengths must be a list of non-negative integers, got ${String(fftLengths)}.`);
  if (fftLengths.length === 0) return a;
  return bind1(fftP, [a], { fftType: type, fftLengths: [...fftLengths] });
}

