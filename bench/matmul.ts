// W3: matmul of a 512×512 float32 matrix with itself (goal ≤ 1.0× tfjs-wasm on one device,
// ≤ 0.7× on two). The js-loop is the naive i-k-j loop.
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Family, Workload } from './harness.js';
import { f64, ramp } from './inputs.js';
import { jaxJsCell, jaxpoolCells, numjsCell, readAndFree, selfChecked, tfCells, tfRead } from './peers.js';

const M = 512;

/** C = A·A with A = ramp(M²) as M×M, by the i-k-j loop into `c` (zeroed first). */
function ikj(a: ArrayLike<number>, c: Float32Array | Float64Array): void {
  c.fill(0);
  for (let i = 0; i < M; i++)
    for (let k = 0; k < M; k++) {
      const aik = a[i * M + k]!;
      for (let j = 0; j < M; j++) c[i * M + j]! += aik * a[k * M + j]!;
    }
}

const w3: Workload = {
  name: 'W3',
  what: 'matmul 512² f32 (js-loop: naive i-k-j)',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => {
    const c = new Float64Array(M * M);
    ikj(f64(ramp(M * M)), c);
    return c;
  },
  impls: {
    'js-loop': () => {
      const a = ramp(M * M);
      const c = new Float32Array(M * M);
      return selfChecked(() => {
        ikj(a, c);
        return c;
      });
    },
    ...numjsCell((nj) => {
      const a = nj.array(ramp(M * M)).reshape(M, M);
      return selfChecked(() => nj.dot(a, a).selection.data as Float32Array);
    }),
    ...tfCells((tf) => {
      const a = tf.tensor2d(ramp(M * M), [M, M], 'float32');
      return selfChecked(tfRead(tf, () => tf.matMul(a, a)));
    }),
    ...jaxJsCell((jax) => {
      const a = jax.numpy.array(ramp(M * M)).reshape([M, M]);
      const f = jax.jit((a: JaxNp.Array, b: JaxNp.Array) => jax.numpy.matmul(a, b));
      return selfChecked(() => f(a.ref, a.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const a = jp.numpy.array(ramp(M * M)).reshape(M, M);
      const f = jp.jit((a: J.Array, b: J.Array) => jp.numpy.matmul(a, b));
      return selfChecked(() => readAndFree(f(a, a)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [w3] };
