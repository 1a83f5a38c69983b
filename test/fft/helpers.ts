// References for the FFT tests: a naive DFT in float64 with exactly reduced angles, and seeded
// pseudo-random data.
import * as jp from '../../src/index.js';

/** Values of an array as JS numbers. */
export const vals = (a: jp.Array): number[] => Array.from(a.dataSync() as ArrayLike<number>, Number);

/** The naive DFT of each length-n row of (re, im): Σ_j x_j·exp(∓2πi·jk/n), the angle from jk mod n (exact integers). */
export function naiveDft(re: number[], im: number[], n: number, inverse = false): [number[], number[]] {
  const rows = n === 0 ? 0 : re.length / n;
  const [outRe, outIm] = [new Array<number>(re.length).fill(0), new Array<number>(re.length).fill(0)];
  const cos = Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * t) / n));
  const sin = Array.from({ length: n }, (_, t) => (inverse ? 1 : -1) * Math.sin((2 * Math.PI * t) / n));
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < n; k++) {
      let [sr, si] = [0, 0];
      for (let j = 0; j < n; j++) {
        const t = (j * k) % n;
        const [xr, xi] = [re[r * n + j]!, im[r * n + j]!];
        sr += xr * cos[t]! - xi * sin[t]!;
        si += xr * sin[t]! + xi * cos[t]!;
      }
      outRe[r * n + k] = sr;
      outIm[r * n + k] = si;
    }
  return [outRe, outIm];
}

/** A seeded stream of uniform values in [-1, 1) (mulberry32). */
export function randoms(seed: number, count: number): number[] {
  let a = seed >>> 0;
  return Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  });
}

/** The largest absolute difference between two lists. */
export const maxDiff = (a: number[], b: number[]): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
/** The largest absolute value. */
export const maxAbs = (a: number[]): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
