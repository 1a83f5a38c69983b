// jnp.fft's transforms, as JAX's jax/_src/numpy/fft.py writes them on lax.fft: the transformed
// axes are moved to the end, cropped or zero-padded to the lengths `s` (or `n`), transformed by
// lax.fft (N-d transforms past 3 axes in steps of at most 3, as JAX does for XLA), scaled for
// `norm` ('backward': none; 'ortho': 1/√N; 'forward': 1/N on the forward transform, N on the
// inverse, after lax's own 1/N), and moved back. hfft and ihfft conjugate around irfft and rfft.
// Real and integer inputs become complex64 (complex128 for float64); errors are JAX's, as
// ShapeError (bad n, s, axes) or TypeError (a bad norm or a list for a 1-d axis).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { float32, realDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { conj } from '../lax/complex.js';
import { fullLike, full, transpose } from '../lax/structural.js';
import { concatenateAlong, slice } from '../lax/slicing.js';
import { mul } from '../lax/elementwise.js';
import { fft as laxFft, type FftType } from '../lax/fft.js';
import { canonicalAxis } from './axes.js';
import { fusedEager } from './eager.js';

type Norm = 'backward' | 'ortho' | 'forward' | null;
/** Options of the 1-d transforms (fft, ifft, rfft, irfft, hfft, ihfft). */
export interface Fft1dOptions {
  n?: number | null;
  axis?: number;
  norm?: Norm;
}
/** Options of the N-d transforms (fftn, fft2, …). */
export interface FftNdOptions {
  s?: readonly number[] | null;
  axes?: readonly number[] | null;
  norm?: Norm;
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** `x` with axes `from` moved to positions `to` (the others keep their order). */
function moveAxes(x: Array, from: readonly number[], to: readonly number[]): Array {
  const rest = x.shape.map((_, k) => k).filter((k) => !from.includes(k));
  const perm: number[] = new globalThis.Array<number>(x.ndim);
  to.forEach((t, i) => (perm[t] = from[i]!));
  let r = 0;
  for (let k = 0; k < x.ndim; k++) if (perm[k] === undefined) perm[k] = rest[r++]!;
  return perm.every((p, k) => p === k) ? x : transpose(x, perm);
}

/** `x` cropped or zero-padded along each axis to `shape`. */
function fitTo(x: Array, shape: readonly number[]): Array {
  let y = x;
  if (shape.some((n, k) => n < y.shape[k]!)) y = slice(y, shape.map(() => 0), shape.map((n, k) => Math.min(n, y.shape[k]!)));
  shape.forEach((n, k) => {
    if (n > y.shape[k]!) y = concatenateAlong([y, full(y.shape.map((d, j) => (j === k ? n - d : d)), 0, y.dtype)], k);
  });
  return y;
}

/** The norm's factor for N points (rounded through the part dtype as JAX's float32 arithmetic does). */
function normFactor(fn: string, norm: Norm | undefined, N: number, single: boolean): number | null {
  if (norm === undefined || norm === null || norm === 'backward') return null;
  const r = single ? Math.fround : (v: number) => v;
  const inverse = fn.startsWith('i');
  if (norm === 'ortho') return inverse ? r(Math.sqrt(r(N))) : 1 / r(Math.sqrt(r(N)));
  if (norm === 'forward') return inverse ? r(N) : 1 / r(N);
  throw new TypeError(`jnp.fft.${fn}(): invalid norm value ${describe(norm)}; should be "backward", "ortho" or "forward".`);
}

/** lax.fft over trailing axes of lengths `s`, in steps of at most three axes (JAX's _fft_core_nd). */
function fftCoreNd(x: Array, type: FftType, s: number[]): Array {
  if (s.length <= 3) return laxFft(x, type, s);
  const n = s.length === 4 ? 2 : 3;
  const nd = x.ndim;
  const src = globalThis.Array.from({ length: s.length - n }, (_, i) => nd - s.length + i);
  const dst = globalThis.Array.from({ length: s.length - n }, (_, i) => nd - s.length + n + i);
  if (type === 'RFFT' || type === 'FFT') {
    const y = moveAxes(laxFft(x, type, s.slice(-n)), src, dst);
    return moveAxes(fftCoreNd(y, 'FFT', s.slice(0, -n)), dst, src);
  }
  const y = moveAxes(fftCoreNd(moveAxes(x, src, dst), 'IFFT', s.slice(0, -n)), dst, src);
  return laxFft(y, type, s.slice(-n));
}

/** JAX's _fft_core: the transform of `type` over `axes` with lengths `s`. */
function fftCore(fn: string, type: FftType, a: ArrayLike, sArg: unknown, axesArg: unknown, norm: Norm | undefined): Array {
  let x = asArray(a);
  const full_ = `jnp.fft.${fn}`;
  let s = sArg === undefined || sArg === null ? null : [...(sArg as readonly number[])];
  if (s) {
    for (const v of s) if (typeof v !== 'number' || !Number.isInteger(v)) throw new ShapeError(`${full_}(): lengths must be integers, got ${describe(v)}.`);
    if (s.some((v) => v <= 0)) throw new ShapeError(`${full_}(): Shape should be positive, got [${s}].`);
  }
  const rawAxes = axesArg === undefined || axesArg === null ? null : [...(axesArg as readonly number[])];
  if (s && rawAxes && s.length !== rawAxes.length) throw new ShapeError(`${full_}(): Shape and axes have different lengths (${s.length} and ${rawAxes.length}).`);
  let axes = rawAxes ? rawAxes.map((v) => canonicalAxis(full_, v, x.ndim)) : globalThis.Array.from({ length: s ? s.length : x.ndim }, (_, i) => x.ndim - (s ? s.length : x.ndim) + i);
  if (axes.some((v) => v < 0)) throw new ShapeError(`${full_}(): ${s!.length} lengths for an array of rank ${x.ndim}.`);
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${full_}() does not support repeated axes; got axes [${rawAxes}].`);
  const orig = rawAxes ? axes : null;
  if (orig) {
    axes = axes.map((_, i) => x.ndim - axes.length + i);
    x = moveAxes(x, orig, axes);
  }
  if (s) {
    const inS = [...x.shape];
    axes.forEach((ax, i) => (inS[ax] = s![i]!));
    if (type === 'IRFFT' && inS.length) inS[inS.length - 1] = Math.floor(inS[inS.length - 1]! / 2) + 1;
    x = fitTo(x, inS);
  } else {
    s = axes.map((ax) => x.shape[ax]!);
    if (type === 'IRFFT' && axes.length) s[s.length - 1] = Math.max(0, 2 * (x.shape[axes[axes.length - 1]!]! - 1));
  }
  let out = fftCoreNd(x, type, s);
  const f = normFactor(fn, norm, prod(s), realDtype(out.dtype) === float32);
  if (f !== null) out = mul(out, fullLike(out, f));
  return orig ? moveAxes(out, axes, orig) : out;
}

function oneD(fn: string, type: FftType, a: ArrayLike, rest: unknown[]): Array {
  const o = bindArgs(`jnp.fft.${fn}`, ['n', 'axis', 'norm'], rest);
  if (globalThis.Array.isArray(o.axis)) throw new TypeError(`jnp.fft.${fn}() does not support multiple axes; use jnp.fft.${fn}n. Got axis [${o.axis}].`);
  const n = o.n ?? null;
  if (n !== null && (typeof n !== 'number' || !Number.isInteger(n))) throw new ShapeError(`jnp.fft.${fn}(): n must be an integer, got ${describe(n)}.`);
  const axis = o.axis === undefined ? -1 : o.axis;
  return fftCore(fn, type, a, n === null ? null : [n], axis === null ? null : [axis], o.norm as Norm | undefined);
}

function nD(fn: string, type: FftType, a: ArrayLike, rest: unknown[], defaultAxes: readonly number[] | null): Array {
  const o = bindArgs(`jnp.fft.${fn}`, ['s', 'axes', 'norm'], rest);
  const axes = o.axes === undefined ? defaultAxes : (o.axes as readonly number[] | null);
  if (defaultAxes && (!axes || axes.length !== 2)) throw new ShapeError(`jnp.fft.${fn}() only supports 2 axes; got axes ${describe(axes)}.`);
  return fftCore(fn, type, a, o.s, axes, o.norm as Norm | undefined);
}

type Args1 = [n?: number | null | Fft1dOptions, axis?: number | Fft1dOptions, norm?: Norm | Fft1dOptions, opts?: Fft1dOptions];
type ArgsN = [s?: readonly number[] | null | FftNdOptions, axes?: readonly number[] | null | FftNdOptions, norm?: Norm | FftNdOptions, opts?: FftNdOptions];
const TWO = [-2, -1];

/** The 1-d discrete Fourier transform along `axis` (default -1), cropped or zero-padded to `n` points. */
const fft1d = fusedEager('fft.fft', (a: ArrayLike, ...rest: Args1): Array => oneD('fft', 'FFT', a, rest), 1);
/** The 1-d inverse DFT along `axis` (1/n-scaled with the default norm). */
export const ifft = fusedEager('fft.ifft', (a: ArrayLike, ...rest: Args1): Array => oneD('ifft', 'IFFT', a, rest), 1);
/** The DFT of a real input along `axis`: the n/2+1 non-negative frequency terms. */
export const rfft = fusedEager('fft.rfft', (a: ArrayLike, ...rest: Args1): Array => oneD('rfft', 'RFFT', a, rest), 1);
/** The inverse of rfft: n real points (default 2·(m−1)) from m non-negative frequency terms. */
export const irfft = fusedEager('fft.irfft', (a: ArrayLike, ...rest: Args1): Array => oneD('irfft', 'IRFFT', a, rest), 1);

/** The DFT of a Hermitian-symmetric signal given by its first half: irfft(conj(a))·n, real. */
export const hfft = fusedEager('fft.hfft', (a: ArrayLike, ...rest: Args1): Array => {
  const x = asArray(a);
  const o = bindArgs('jnp.fft.hfft', ['n', 'axis', 'norm'], rest);
  const axis = o.axis === undefined || o.axis === null ? -1 : (o.axis as number);
  if (globalThis.Array.isArray(axis)) throw new TypeError(`jnp.fft.hfft() does not support multiple axes; got axis [${axis}].`);
  const nn = o.n === undefined || o.n === null ? (x.shape[canonicalAxis('jnp.fft.hfft', axis, x.ndim)]! - 1) * 2 : (o.n as number);
  const out = oneD('hfft', 'IRFFT', x.dtype.kind === 'c' ? conj(x) : x, rest);
  return mul(out, fullLike(out, nn));
}, 1);

/** The inverse of hfft: conj(rfft(a))/n, the n/2+1 non-negative frequency terms. */
export const ihfft = fusedEager('fft.ihfft', (a: ArrayLike, ...rest: Args1): Array => {
  const x = asArray(a);
  const o = bindArgs('jnp.fft.ihfft', ['n', 'axis', 'norm'], rest);
  const axis = o.axis === undefined || o.axis === null ? -1 : (o.axis as number);
  if (globalThis.Array.isArray(axis)) throw new TypeError(`jnp.fft.ihfft() does not support multiple axes; got axis [${axis}].`);
  const nn = o.n === undefined || o.n === null ? x.shape[canonicalAxis('jnp.fft.ihfft', axis, x.ndim)]! : (o.n as number);
  const out = conj(oneD('ihfft', 'RFFT', x, rest));
  return mul(out, fullLike(out, 1 / nn));
}, 1);

/** The N-d DFT over `axes` (default: all, or the last len(s)), each cropped or zero-padded to `s`. */
export const fftn = fusedEager('fft.fftn', (a: ArrayLike, ...rest: ArgsN): Array => nD('fftn', 'FFT', a, rest, null), 1);
/** The N-d inverse DFT. */
export const ifftn = fusedEager('fft.ifftn', (a: ArrayLike, ...rest: ArgsN): Array => nD('ifftn', 'IFFT', a, rest, null), 1);
/** The N-d DFT of a real input (the last axis halved to n/2+1 terms). */
export const rfftn = fusedEager('fft.rfftn', (a: ArrayLike, ...rest: ArgsN): Array => nD('rfftn', 'RFFT', a, rest, null), 1);
/** The inverse of rfftn: a real result (last axis 2·(m−1) by default). */
export const irfftn = fusedEager('fft.irfftn', (a: ArrayLike, ...rest: ArgsN): Array => nD('irfftn', 'IRFFT', a, rest, null), 1);
/** The 2-d DFT over `axes` (default [-2, -1]). */
export const fft2 = fusedEager('fft.fft2', (a: ArrayLike, ...rest: ArgsN): Array => nD('fft2', 'FFT', a, rest, TWO), 1);
/** The 2-d inverse DFT. */
export const ifft2 = fusedEager('fft.ifft2', (a: ArrayLike, ...rest: ArgsN): Array => nD('ifft2', 'IFFT', a, rest, TWO), 1);
/** The 2-d DFT of a real input. */
export const rfft2 = fusedEager('fft.rfft2', (a: ArrayLike, ...rest: ArgsN): Array => nD('rfft2', 'RFFT', a, rest, TWO), 1);
/** The inverse of rfft2. */
export const irfft2 = fusedEager('fft.irfft2', (a: ArrayLike, ...rest: ArgsN): Array => nD('irfft2', 'IRFFT', a, rest, TWO), 1);

// jnp.fft.fft is exported under its name here, not declared `export const fft`: `fft` is also the
// jnp.fft namespace's own name in numpy/index.ts, a different jnp name.
export { fft1d as fft };
