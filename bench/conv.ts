// conv2d: a 3×3 'SAME' convolution of a 1×64×64×32 NHWC float32 image with a 3×3×32×32 HWIO
// kernel (TensorFlow's layout). jax-js's convolution takes NCHW / OIHW only: its inputs are laid
// out so before timing and its output transposed back to NHWC inside the jitted function.
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Family, Workload } from './harness.js';
import { f64, uniform } from './inputs.js';
import { jaxJsCell, jaxpoolCells, readAndFree, selfChecked, tfCells, tfRead } from './peers.js';

const [H, W, C, O, K] = [64, 64, 32, 32, 3];
const x = () => uniform(H * W * C, 1, -1, 1);
const w = () => uniform(K * K * C * O, 2, -1, 1);

/** The NHWC output by direct loops (padding 1 on each side), into `out`. */
function direct(xv: ArrayLike<number>, wv: ArrayLike<number>, out: Float32Array | Float64Array): void {
  out.fill(0);
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let di = 0; di < K; di++) {
        const ii = i + di - 1;
        if (ii < 0 || ii >= H) continue;
        for (let dj = 0; dj < K; dj++) {
          const jj = j + dj - 1;
          if (jj < 0 || jj >= W) continue;
          for (let c = 0; c < C; c++) {
            const v = xv[(ii * W + jj) * C + c]!;
            const wb = ((di * K + dj) * C + c) * O;
            const ob = (i * W + j) * O;
            for (let o = 0; o < O; o++) out[ob + o]! += v * wv[wb + o]!;
          }
        }
      }
}

/** NHWC → NCHW (batch 1) and HWIO → OIHW, for jax-js. */
const toNchw = (a: Float32Array) => Float32Array.from({ length: a.length }, (_, k) => a[(k % (H * W)) * C + Math.floor(k / (H * W))]!);
const toOihw = (a: Float32Array) =>
  Float32Array.from({ length: a.length }, (_, k) => {
    const [o, c, t] = [Math.floor(k / (C * K * K)), Math.floor(k / (K * K)) % C, k % (K * K)];
    return a[(t * C + c) * O + o]!;
  });

const conv2d: Workload = {
  name: 'conv2d',
  what: 'conv 1×64×64×32 NHWC ⊛ 3×3×32×32 HWIO, SAME, f32 (js-loop: direct loops)',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => {
    const out = new Float64Array(H * W * O);
    direct(f64(x()), f64(w()), out);
    return out;
  },
  impls: {
    'js-loop': () => {
      const [xv, wv] = [x(), w()];
      const out = new Float32Array(H * W * O);
      return selfChecked(() => {
        direct(xv, wv, out);
        return out;
      });
    },
    ...tfCells((tf) => {
      const a = tf.tensor4d(x(), [1, H, W, C], 'float32');
      const b = tf.tensor4d(w(), [K, K, C, O], 'float32');
      return selfChecked(tfRead(tf, () => tf.conv2d(a, b, 1, 'same')));
    }),
    ...jaxJsCell((jax) => {
      const a = jax.numpy.array(toNchw(x())).reshape([1, C, H, W]);
      const b = jax.numpy.array(toOihw(w())).reshape([O, C, K, K]);
      const f = jax.jit((a: JaxNp.Array, b: JaxNp.Array) => jax.numpy.transpose(jax.lax.conv(a, b, [1, 1], 'SAME'), [0, 2, 3, 1]));
      return selfChecked(() => f(a.ref, b.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const a = jp.numpy.array(x()).reshape(1, H, W, C);
      const b = jp.numpy.array(w()).reshape(K, K, C, O);
      const f = jp.jit((a: J.Array, b: J.Array) => jp.lax.convGeneralDilated(a, b, [1, 1], 'SAME', { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] }));
      return selfChecked(() => readAndFree(f(a, b)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [conv2d] };
