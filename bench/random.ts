// random.normal: 10⁷ float32 standard normal samples from a key. Implementations draw different
// numbers, so a cell's output is not its samples but their statistics, computed in float64
// outside the timing: [mean, variance, Kolmogorov–Smirnov distance to Φ], against [0, 1, 0].
// The bound (3e-3, absolute) cannot fail by chance at this n: it is over 9 standard errors of the
// mean (3.2e-4) and 6.7 of the variance (4.5e-4), and the KS distance exceeds it with
// probability below 1e-70 (Kolmogorov: P(√n·D > 9.5) ≈ 2e-78); a wrong scale, shift or shape
// (e.g. uniform, or Box–Muller with one branch dropped) is far beyond it.
import type * as J from '../src/index.js';
import type { Family, Flat, Workload } from './harness.js';
import { jaxJsCell, jaxpoolCells, readAndFree, selfChecked, tfCells, tfRead } from './peers.js';

const N = 10_000_000;

/** Φ(x) via erfc (Numerical Recipes' erfcc, |error| < 1.2e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r / 2 : r / 2;
}

/** [mean, variance, KS distance to the standard normal] of the samples, in float64. */
export function normalStats(x: Flat): number[] {
  const s = Float64Array.from(typeof x === 'number' ? [x] : x);
  if (s.length !== N) throw new Error(`random.normal: ${s.length} samples, want ${N}`);
  let mean = 0;
  for (let i = 0; i < N; i++) mean += s[i]!;
  mean /= N;
  let v = 0;
  for (let i = 0; i < N; i++) v += (s[i]! - mean) ** 2;
  s.sort();
  let d = 0;
  for (let i = 0; i < N; i++) {
    const f = phi(s[i]!);
    d = Math.max(d, Math.abs(f - i / N), Math.abs((i + 1) / N - f));
  }
  return [mean, v / (N - 1), d];
}

/** A cell whose checked output is the statistics of its last samples. */
const stats = (run: () => Flat) => {
  const cell = selfChecked(run);
  return { run: cell.run, output: async () => normalStats(await cell.output()) };
};

/** mulberry32 uniforms in (0, 1) through Box–Muller, both outputs used. */
function boxMuller(out: Float32Array, seed: number): Float32Array {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 0.5 / 4294967296;
  };
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

const normal: Workload = {
  name: 'random.normal',
  what: 'random.normal 1e7 f32 from a key (js-loop: mulberry32 + Box–Muller); checked: mean, variance, KS distance',
  kind: 'throughput',
  dtype: 'float32',
  tolerance: { rtol: 0, atol: 3e-3, why: 'peers draw different samples: their statistics are compared, within a bound no correct sampler exceeds by chance at n = 1e7' },
  reference: () => [0, 1, 0],
  impls: {
    'js-loop': () => {
      const out = new Float32Array(N);
      let seed = 0;
      return stats(() => boxMuller(out, ++seed));
    },
    ...tfCells((tf) => {
      let seed = 0;
      return stats(tfRead(tf, () => tf.randomNormal([N], 0, 1, 'float32', ++seed)));
    }),
    ...jaxJsCell((jax) => {
      const f = jax.jit((k: ReturnType<typeof jax.random.key>) => jax.random.normal(k, [N]));
      let seed = 0;
      return stats(() => f(jax.random.key(++seed)).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const f = jp.jit((k: J.Array) => jp.random.normal(k, [N]));
      let seed = 0;
      return stats(() => readAndFree(f(jp.random.PRNGKey(++seed))));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [normal] };
