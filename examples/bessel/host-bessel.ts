// A float64-accurate host Bessel function J_n(x) for integer n: what scipy.special.jv is to
// JAX's "External Callbacks" guide. numjs arrays in, a float64 numjs array out, with broadcasting.
import besselj0 from '@stdlib/math-base-special-besselj0';
import besselj1 from '@stdlib/math-base-special-besselj1';
import { NdArray } from '@d4c/numjs';

/** J_n(x) for integer n (any sign) and real x. */
export function besselJn(n: number, x: number): number {
  if (!Number.isInteger(n)) throw new TypeError('order v must be an integer');
  if (Number.isNaN(x)) return NaN;
  const m = Math.abs(n);
  const ax = Math.abs(x);
  // J_{-n} = (-1)^n J_n and J_n(-x) = (-1)^n J_n(x), so for odd n the two sign flips cancel.
  const sign = m % 2 === 1 && n < 0 !== x < 0 ? -1 : 1;
  let j: number;
  if (m === 0) j = besselj0(ax);
  else if (m === 1) j = besselj1(ax);
  else if (ax === 0) j = 0;
  else if (m < ax) j = forward(m, ax);
  // Small x: Miller's 2k/x steps could overflow, and the series converges fast with no cancellation.
  else if (ax * ax < m + 1) j = series(m, ax);
  else j = miller(m, ax);
  return sign * j;
}

/** Forward recurrence J_{k+1} = (2k/x) J_k - J_{k-1} from stdlib's J_0 and J_1: stable while k < x. */
function forward(n: number, x: number): number {
  let prev = besselj0(x);
  let cur = besselj1(x);
  for (let k = 1; k < n; k++) {
    const next = ((2 * k) / x) * cur - prev;
    prev = cur;
    cur = next;
  }
  return cur;
}

/** Power series sum_k (-1)^k (x/2)^(n+2k) / (k! (n+k)!), for x^2 < n+1 where every term shrinks. */
function series(n: number, x: number): number {
  const h = x / 2;
  let term = 1;
  // (x/2)^n / n! as a product, so neither factor overflows; stop once it underflows to 0.
  for (let k = 1; k <= n && term !== 0; k++) term *= h / k;
  let sum = term;
  for (let k = 1; Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= -(h * h) / (k * (n + k));
    sum += term;
  }
  return sum;
}

/**
 * Miller's algorithm for n >= x, where forward recurrence is unstable: recur J_{k-1} = (2k/x) J_k - J_{k+1}
 * downward from an arbitrary start far above n (downward is stable), then normalise with
 * J_0 + 2 (J_2 + J_4 + ...) = 1.
 */
function miller(n: number, x: number): number {
  // Start far enough above n that the arbitrary seed's error has decayed below float64 precision by k = n.
  const top = n + 30 + Math.ceil(Math.sqrt(80 * n));
  let above = 0; // J_{k+1}, unnormalised
  let at = 1; // J_k, unnormalised
  let evens = 0; // sum of J_2k seen so far
  let jn = 0;
  for (let k = top; k > 0; k--) {
    const below = ((2 * k) / x) * at - above;
    above = at;
    at = below; // now J_{k-1}
    if (k - 1 === n) jn = at;
    if (k - 1 > 0 && (k - 1) % 2 === 0) evens += at;
    if (Math.abs(at) > 1e250) {
      // Only ratios matter: rescale everything kept so values never overflow.
      above *= 1e-250;
      at *= 1e-250;
      evens *= 1e-250;
      jn *= 1e-250;
    }
  }
  return jn / (at + 2 * evens);
}

/** An operand's ndarray view; a plain number is a 0-d array. */
interface View {
  shape: number[];
  stride: number[];
  offset: number;
  data: ArrayLike<number>;
}

function view(a: NdArray | number): View {
  if (typeof a === 'number') return { shape: [], stride: [], offset: 0, data: [a] };
  const s = a.selection;
  return { shape: [...s.shape], stride: [...s.stride], offset: s.offset, data: s.data as ArrayLike<number> };
}

/** NumPy broadcasting: align shapes on the right; paired dimensions must be equal or 1. */
function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const p = a[i - r + a.length] ?? 1;
    const q = b[i - r + b.length] ?? 1;
    if (p !== q && p !== 1 && q !== 1) throw new RangeError(`shapes [${a}] and [${b}] cannot be broadcast together`);
    return p === 1 ? q : p;
  });
}

/** v's strides seen from the broadcast shape: 0 along the dimensions v lacks or has as 1 (it repeats there). */
function stridesIn(v: View, shape: readonly number[]): number[] {
  const lead = shape.length - v.shape.length;
  return shape.map((_, d) => (d < lead || v.shape[d - lead] === 1 ? 0 : v.stride[d - lead]!));
}

/**
 * Elementwise J_v(z) with NumPy broadcasting of v against z; v must hold integers. Returns a float64 array
 * of the broadcast shape. A numjs scalar (shape [1]) broadcasts like any length-1 dimension.
 */
export function hostJv(v: NdArray | number, z: NdArray | number): NdArray {
  const a = view(v);
  const b = view(z);
  const shape = broadcastShapes(a.shape, b.shape);
  const sa = stridesIn(a, shape);
  const sb = stridesIn(b, shape);
  const out = new Float64Array(shape.reduce((p, d) => p * d, 1));
  const idx = shape.map(() => 0);
  let ia = a.offset;
  let ib = b.offset;
  for (let f = 0; f < out.length; f++) {
    out[f] = besselJn(Number(a.data[ia]), Number(b.data[ib]));
    // Step the row-major index over the broadcast shape, moving both read positions with it.
    for (let d = shape.length - 1; d >= 0; d--) {
      ia += sa[d]!;
      ib += sb[d]!;
      if (++idx[d]! < shape[d]!) break;
      ia -= sa[d]! * shape[d]!;
      ib -= sb[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return new NdArray(out, shape);
}
