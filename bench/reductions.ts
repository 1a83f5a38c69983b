// Reductions: W2, the sum of 1e7 float32; W2b, a row-wise softmax of 1000×1000 float32 (max, exp,
// sum, divide along the last axis; goal ≤ 1.0× tfjs-wasm). tfjs and jax-js compute W2b with their
// own softmax (`tf.softmax`, `nn.softmax`), as their users would; the others write the four ops.
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Family, Workload } from './harness.js';
import { f64, ramp, spread } from './inputs.js';
import { jaxJsCell, jaxpoolCells, numjsCell, readAndFree, selfChecked, tfCells, tfRead } from './peers.js';

const N2 = 10_000_000;
const R = 1000;

const w2: Workload = {
  name: 'W2',
  what: '`sum` of 1e7 f32',
  kind: 'throughput',
  dtype: 'float32',
  tolerance: {
    rtol: 1e-3,
    atol: 0,
    why: 'float32 accumulators over millions of terms (tfjs-wasm and jax-js sum in float32 SIMD lanes) lose ~6e-4 of the sum; dropping a device\'s share, or any 20,000 terms, is still caught',
  },
  reference: () => {
    const x = ramp(N2);
    let s = 0;
    for (let i = 0; i < N2; i++) s += x[i]!;
    return [s];
  },
  impls: {
    'js-loop': () => {
      const x = ramp(N2);
      return selfChecked(() => {
        let s = 0;
        for (let i = 0; i < N2; i++) s += x[i]!;
        return [Math.fround(s)];
      });
    },
    ...numjsCell((nj) => {
      const x = nj.array(ramp(N2));
      return selfChecked(() => [x.sum()]);
    }),
    ...tfCells((tf) => {
      const x = tf.tensor1d(ramp(N2), 'float32');
      return selfChecked(tfRead(tf, () => tf.sum(x)));
    }),
    ...jaxJsCell((jax) => {
      const x = jax.numpy.array(ramp(N2));
      const f = jax.jit((x: JaxNp.Array) => jax.numpy.sum(x));
      return selfChecked(() => f(x.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const x = jp.numpy.array(ramp(N2));
      const f = jp.jit((x: J.Array) => jp.numpy.sum(x));
      return selfChecked(() => readAndFree(f(x)));
    }),
  },
};

/** Row-wise softmax in float64 of the float32 input. */
function softmaxReference(): Float64Array {
  const x = f64(spread(R * R, -5, 5));
  const out = new Float64Array(R * R);
  for (let i = 0; i < R; i++) {
    let m = -Infinity;
    for (let j = 0; j < R; j++) m = Math.max(m, x[i * R + j]!);
    let s = 0;
    for (let j = 0; j < R; j++) s += out[i * R + j] = Math.exp(x[i * R + j]! - m);
    for (let j = 0; j < R; j++) out[i * R + j]! /= s;
  }
  return out;
}

const w2b: Workload = {
  name: 'W2b',
  what: 'row-wise softmax of 1000×1000 f32 (max, exp, sum, divide along the last axis)',
  kind: 'throughput',
  dtype: 'float32',
  reference: softmaxReference,
  impls: {
    'js-loop': () => {
      const x = spread(R * R, -5, 5);
      const out = new Float32Array(R * R);
      return selfChecked(() => {
        for (let i = 0, o = 0; i < R; i++, o += R) {
          let m = -Infinity;
          for (let j = 0; j < R; j++) m = Math.max(m, x[o + j]!);
          let s = 0;
          for (let j = 0; j < R; j++) s += out[o + j] = Math.exp(x[o + j]! - m);
          const inv = 1 / s;
          for (let j = 0; j < R; j++) out[o + j]! *= inv;
        }
        return out;
      });
    },
    ...numjsCell((nj) => {
      // numjs reduces whole arrays only: one row at a time, as a numjs user would. Each row is its
      // own array (numjs ops on a view of a larger array copy the whole underlying buffer).
      const x = spread(R * R, -5, 5);
      const rows = Array.from({ length: R }, (_, i) => nj.array(x.subarray(i * R, (i + 1) * R)));
      const out = new Float32Array(R * R);
      return selfChecked(() => {
        rows.forEach((row, i) => {
          const e = nj.exp(row.subtract(row.max()));
          out.set(e.divide(e.sum()).selection.data as Float32Array, i * R);
        });
        return out;
      });
    }),
    ...tfCells((tf) => {
      const x = tf.tensor2d(spread(R * R, -5, 5), [R, R], 'float32');
      return selfChecked(tfRead(tf, () => tf.softmax(x)));
    }),
    ...jaxJsCell((jax) => {
      const x = jax.numpy.array(spread(R * R, -5, 5)).reshape([R, R]);
      const f = jax.jit((x: JaxNp.Array) => jax.nn.softmax(x, -1));
      return selfChecked(() => f(x.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const jnp = jp.numpy;
      const x = jnp.array(spread(R * R, -5, 5)).reshape(R, R);
      const f = jp.jit((x: J.Array) => {
        const e = jnp.exp(x.sub(jnp.max(x, 1, { keepdims: true })));
        return e.div(jnp.sum(e, 1, { keepdims: true }));
      });
      return selfChecked(() => readAndFree(f(x)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [w2, w2b] };
