// jnp.fft's real-valued helpers, as JAX writes them: fftfreq and rfftfreq (sample frequencies,
// computed in the inexact form of `dtype` and cast back to it, so an integer dtype truncates as in
// JAX; rfftfreq divides in `dtype` itself, so an integer dtype gives float32 there), and fftshift /
// ifftshift (a roll by half of each axis).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, defaultFloat, type DType, type DTypeLike, toInexact } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { canonicalAxis } from './axes.js';
import { arange } from './creation.js';
import { remainder } from './division.js';
import { add, divide, subtract } from './elementwise.js';
import { fusedEager } from './eager.js';
import { roll } from './rearrange.js';
import { astype } from './shape.js';

/** fftfreq's and rfftfreq's options. */
export interface FftFreqOptions {
  d?: number | ArrayLike;
  dtype?: DTypeLike | null;
}

function freqArgs(fn: string, n: unknown, rest: unknown[]): { n: number; d: number | ArrayLike; dtype: DType } {
  const o = bindArgs(`jnp.fft.${fn}`, ['d', 'dtype', 'device'], rest, ['dtype', 'device']);
  if (globalThis.Array.isArray(n)) throw new ShapeError(`jnp.fft.${fn}(): the n argument only takes an int, got ${describe(n)}.`);
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ShapeError(`jnp.fft.${fn}(): n must be an integer, got ${describe(n)}.`);
  if (globalThis.Array.isArray(o.d)) throw new ShapeError(`jnp.fft.${fn}(): the d argument only takes a single value, got ${describe(o.d)}.`);
  const dtype = dtypeArg(o.dtype) ?? defaultFloat();
  if (dtype === bool) throw new DtypeError(`jnp.fft.${fn}(): dtype bool is not accepted (JAX's iota rejects it); use a float or integer dtype.`);
  return { n, d: (o.d ?? 1) as number | ArrayLike, dtype };
}

/** `d·n` as an array of `dtype` (JAX's `jnp.array(d * n, dtype=dtype)`). */
const spacing = (d: number | ArrayLike, n: number, dtype: DType): Array =>
  typeof d === 'number' ? asArray(d * n, dtype) : astype(asArray(d).mul(n), dtype);

/**
 * Return the sample frequencies of the DFT of length `n` with sample spacing `d` (default 1):
 * `[0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n)`, of `dtype` (default: the default float).
 * `fftfreq(5)` is `[0, 0.2, 0.4, -0.4, -0.2]`.
 */
export function fftfreq(n: number, d?: number | ArrayLike | FftFreqOptions, opts?: FftFreqOptions): Array {
  const a = freqArgs('fftfreq', n, [d, opts]);
  const inexact = toInexact(a.dtype, false);
  const i = arange(Math.max(0, a.n), { dtype: inexact });
  const half = Math.floor(a.n / 2);
  const k = subtract(remainder(add(i, half), a.n), half);
  return astype(divide(k, spacing(a.d, a.n, inexact)), a.dtype);
}

/**
 * Return the sample frequencies of rfft's output for length `n`: `[0, 1, …, ⌊n/2⌋] / (d·n)`, of
 * `dtype` (default: the default float; an integer dtype divides as integers do, giving float32).
 */
export function rfftfreq(n: number, d?: number | ArrayLike | FftFreqOptions, opts?: FftFreqOptions): Array {
  const a = freqArgs('rfftfreq', n, [d, opts]);
  const k = arange(0, Math.floor(a.n / 2) + 1, { dtype: a.dtype });
  return divide(k, spacing(a.d, a.n, a.dtype));
}

type Axes = number | readonly number[] | null;

function shifted(fn: string, x: ArrayLike, axes: Axes | { axes?: Axes } | undefined, sign: number): Array {
  const o = bindArgs(`jnp.fft.${fn}`, ['axes'], [axes]);
  const a = asArray(x);
  const ax = o.axes === undefined || o.axes === null ? a.shape.map((_, k) => k) : typeof o.axes === 'number' ? [o.axes] : [...(o.axes as readonly number[])];
  const canon = ax.map((k) => canonicalAxis(`jnp.fft.${fn}`, k, a.ndim));
  if (canon.length === 0) return a;
  return roll(a, canon.map((k) => sign * Math.floor(a.shape[k]! / 2)), canon);
}

/** Shift the zero-frequency component to the centre of the spectrum: a roll by ⌊n/2⌋ along `axes` (default: every axis). */
export const fftshift = fusedEager('fft.fftshift', (x: ArrayLike, axes?: Axes | { axes?: Axes }): Array => shifted('fftshift', x, axes, 1), 1);

/** The inverse of fftshift: a roll by −⌊n/2⌋ along `axes` (default: every axis). */
export const ifftshift = fusedEager('fft.ifftshift', (x: ArrayLike, axes?: Axes | { axes?: Axes }): Array => shifted('ifftshift', x, axes, -1), 1);
