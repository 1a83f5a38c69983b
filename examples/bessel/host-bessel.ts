// A float64-accurate host Bessel function J_n(z) for integer n: what scipy.special.jv is to
// JAX's "External Callbacks" guide. Numjs arrays in, a numjs array out, with broadcasting.
import besselj0 from '@stdlib/math-base-special-besselj0';
import besselj1 from '@stdlib/math-base-special-besselj1';
import { NdArray } from '@d4c/numjs';

/** J_n(x) for integer n (any sign) and real x. */
export function besselJn(n: number, x: number): number {
  if (!Number.isInteger(n)) throw new TypeError('order v must be an integer');
  if (Number.isNaN(x)) return NaN;
  // J_{-n} = (-1)^n J_n and J_n(-x) = (-1)^n J_n(x).
  const sign = (n < 0 && n % 2 !== 0 ? -1 : 1) * (x < 0 && n % 2 !== 0 ? -1 : 1);
  const m = Math.abs(n);
  const ax = Math.abs(x);
  if (m === 0) return besselj0(ax);
  if (m === 1) return sign * besselj1(ax);
  if (ax === 0) return 0;
  if (ax > m) {
    // Forward recurrence is stable while the order stays below the argument.
    let jm = besselj0(ax);
    let j = besselj1(ax);
    for (let k = 1; k < m; k++) [jm, j] = [j, ((2 * k) / ax) * j - jm];
    return sign * j;
  }
  return sign * millerBackward(m, ax);
}

/** Miller's backward recurrence, normalised with J0 + 2(J2 + J4 + ...) = 1. */
function millerBackward(n: number, x: number): number {
  const start = 2 * Math.ceil((Math.max(n, x) + 30 + Math.sqrt(80 * Math.max(n, x))) / 2);
  const tox = 2 / x;
  let bjp = 0;
  let bj = 1;
  let sum = 0;
  let ans = 0;
  for (let j = start; j > 0; j--) {
    const bjm = j * tox * bj - bjp;
    bjp = bj;
    bj = bjm;
    if (Math.abs(bj) > 1e200) {
      // Rescale to stay in range; only ratios matter.
      bj *= 1e-200;
      bjp *= 1e-200;
      ans *= 1e-200;
      sum *= 1e-200;
    }
    if ((j - 1) % 2 === 0 && j - 1 > 0) sum += bj;
    if (j - 1 === n) ans = bj;
  }
  return ans / (2 * sum + bj);
}

/** A numjs array's elements in row-major order, with its shape (a numjs scalar may be shape [1] or []). */
function elements(a: NdArray | number): { shape: number[]; get: (flat: number) => number } {
  if (typeof a === 'number') return { shape: [], get: () => a };
  const sel = a.selection;
  const shape = [...sel.shape];
  const strides = [...sel.stride];
  return {
    shape,
    get(flat) {
      let off = sel.offset;
      for (let d = shape.length - 1; d >= 0; d--) {
        const c = flat % shape[d]!;
        flat = (flat - c) / shape[d]!;
        off += c * strides[d]!;
      }
      return Number((sel.data as ArrayLike<number>)[off]);
    },
  };
}

function broadcast(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const x = a[i - (r - a.length)] ?? 1;
    const y = b[i - (r - b.length)] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`shapes [${a}] and [${b}] do not broadcast`);
    return Math.max(x, y);
  });
}

/** Flat index into an operand of shape `s` for flat index `f` of the broadcast shape `out`. */
function source(f: number, out: number[], s: number[]): number {
  let idx = 0;
  let mul = 1;
  for (let d = out.length - 1, k = s.length - 1; d >= 0; d--, k--) {
    const c = f % out[d]!;
    f = (f - c) / out[d]!;
    if (k >= 0) {
      if (s[k] !== 1) idx += c * mul;
      mul *= s[k]!;
    }
  }
  return idx;
}

/** Elementwise J_v(z) with NumPy broadcasting; v must hold integers. Returns float64. */
export function hostJv(v: NdArray | number, z: NdArray | number): NdArray {
  const ve = elements(v);
  const ze = elements(z);
  const out = broadcast(ve.shape, ze.shape);
  const n = out.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let f = 0; f < n; f++) data[f] = besselJn(ve.get(source(f, out, ve.shape)), ze.get(source(f, out, ze.shape)));
  return new NdArray(data, out);
}
