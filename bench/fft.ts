// fft: the complex DFT of 2^20 float32 points (real and imaginary parts uniform in [-1, 1)),
// output interleaved [re0, im0, re1, …]. The reference is an iterative radix-2 FFT in float64 with
// directly evaluated twiddles, itself checked at sampled bins against direct summation; the
// js-loop runs the same radix-2 loop on the float32 input. tfjs is n/a: its wasm backend has no
// complex or FFT kernels ("Kernel 'Complex' not registered for backend 'wasm'"), and its cpu
// backend's FFT (recursive radix-2 on tensors) took 0.9 s at 2^12, 3.8 s at 2^16 and did not
// finish 4 calls at 2^20 within the runner's 90 s per cell.
import type * as J from '../src/index.js';
import type { Family, Flat, Workload } from './harness.js';
import { uniform } from './inputs.js';
import { jaxJsCell, jaxpoolCells, readAndFree, selfChecked } from './peers.js';

const LOG_N = 20;
const N = 1 << LOG_N;
const re = () => uniform(N, 31, -1, 1);
const im = () => uniform(N, 32, -1, 1);

/** The forward DFT of (xr, xi) by an iterative radix-2 FFT in float64 (bit-reversal, then log2 n passes), interleaved. */
function radix2(xr: ArrayLike<number>, xi: ArrayLike<number>): Float64Array {
  const [ar, ai] = [new Float64Array(N), new Float64Array(N)];
  for (let i = 0; i < N; i++) {
    let j = 0;
    for (let b = 0; b < LOG_N; b++) j |= ((i >>> b) & 1) << (LOG_N - 1 - b);
    ar[j] = xr[i]!;
    ai[j] = xi[i]!;
  }
  const [cos, sin] = [new Float64Array(N / 2), new Float64Array(N / 2)];
  for (let t = 0; t < N / 2; t++) [cos[t], sin[t]] = [Math.cos((2 * Math.PI * t) / N), -Math.sin((2 * Math.PI * t) / N)];
  for (let half = 1; half < N; half *= 2) {
    const step = N / (2 * half);
    for (let start = 0; start < N; start += 2 * half)
      for (let k = 0; k < half; k++) {
        const [wr, wi] = [cos[k * step]!, sin[k * step]!];
        const [p, q] = [start + k, start + k + half];
        const tr = ar[q]! * wr - ai[q]! * wi;
        const ti = ar[q]! * wi + ai[q]! * wr;
        [ar[q], ai[q]] = [ar[p]! - tr, ai[p]! - ti];
        [ar[p], ai[p]] = [ar[p]! + tr, ai[p]! + ti];
      }
  }
  const out = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) [out[2 * k], out[2 * k + 1]] = [ar[k]!, ai[k]!];
  return out;
}

/** Bin k by direct summation (angles from j·k mod n, exact in float64). */
function bin(xr: ArrayLike<number>, xi: ArrayLike<number>, k: number): [number, number] {
  let [sr, si] = [0, 0];
  for (let j = 0; j < N; j++) {
    const a = (-2 * Math.PI * ((j * k) % N)) / N;
    const [c, s] = [Math.cos(a), Math.sin(a)];
    sr += xr[j]! * c - xi[j]! * s;
    si += xr[j]! * s + xi[j]! * c;
  }
  return [sr, si];
}

const interleave = (r: ArrayLike<number>, i: ArrayLike<number>): Float32Array => {
  const out = new Float32Array(2 * r.length);
  for (let k = 0; k < r.length; k++) [out[2 * k], out[2 * k + 1]] = [r[k]!, i[k]!];
  return out;
};

const fft: Workload = {
  name: 'fft',
  what: 'complex FFT of 2^20 points, f32 (js-loop: iterative radix-2)',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => {
    const [xr, xi] = [re(), im()];
    const out = radix2(xr, xi);
    // The reference's own check: sampled bins against direct sums (|X| ~ 1e3, float64 sums ~1e-9 off).
    for (const k of [0, 1, 7, 4099, N / 2, N - 1]) {
      const [sr, si] = bin(xr, xi, k);
      if (Math.abs(sr - out[2 * k]!) + Math.abs(si - out[2 * k + 1]!) > 1e-7) throw new Error(`bench fft: the radix-2 reference disagrees with direct summation at bin ${k}`);
    }
    return out;
  },
  impls: {
    'js-loop': () => {
      const [xr, xi] = [re(), im()];
      return selfChecked(() => radix2(xr, xi));
    },
    ...jaxJsCell((jax) => {
      const [xr, xi] = [jax.numpy.array(re()), jax.numpy.array(im())];
      const f = jax.jit((a: typeof xr, b: typeof xi) => {
        const y = jax.numpy.fft.fft({ real: a, imag: b });
        return [y.real, y.imag];
      });
      let last: Flat | undefined;
      const run = () => {
        const [a, b] = f(xr.ref, xi.ref) as [typeof xr, typeof xi];
        return (last = interleave(a.dataSync(), b.dataSync()));
      };
      return { run, output: () => last ?? run() };
    }),
    ...jaxpoolCells((jp) => {
      const x = jp.lax.complex(jp.numpy.array(re()), jp.numpy.array(im()));
      const f = jp.jit((a: J.Array) => jp.numpy.fft.fft(a));
      // dataSync of a complex64 array is interleaved [re, im, …].
      return selfChecked(() => readAndFree(f(x)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [fft] };
