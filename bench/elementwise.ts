// Elementwise workloads: one-element latency (eager-op, W4, W4-busy), W1 `sin(x)*2+x*x-1` on 1e6
// float32 compiled and eager, and W5 its kind of gradient. Peers without a compiler (numjs, tfjs,
// the js-loop) run the same function eagerly wherever a workload says "jit".
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Family, Workload } from './harness.js';
import { f64, ramp } from './inputs.js';
import { jaxJsCell, jaxpoolCells, numjsCell, readAndFree, selfChecked, tfCells, tfRead } from './peers.js';

const N = 1_000_000;
const ONE = 1.5;

/** W1's expression in float64 on the float32 inputs. */
export const w1Reference = () => f64(ramp(N)).map((v) => Math.sin(v) * 2 + v * v - 1);

/** `x + 1` on one float32 element and its readback. */
function plusOne(name: string, what: string, jit: boolean, busy = false): Workload {
  return {
    name,
    what,
    kind: 'latency',
    dtype: 'float32',
    busy,
    reference: () => [ONE + 1],
    impls: {
      'js-loop': () => {
        const one = new Float32Array([ONE]);
        return selfChecked(() => Float32Array.of(one[0]! + 1));
      },
      ...numjsCell((nj) => {
        const one = nj.array(new Float32Array([ONE]));
        return selfChecked(() => one.add(1).selection.data as Float32Array);
      }),
      ...tfCells((tf) => {
        const one = tf.tensor1d([ONE], 'float32');
        return selfChecked(tfRead(tf, () => one.add(1)));
      }),
      ...jaxJsCell((jax) => {
        const one = jax.numpy.array(new Float32Array([ONE]));
        const f = jit ? jax.jit((x: JaxNp.Array) => x.add(1)) : (x: JaxNp.Array) => x.add(1);
        return selfChecked(() => f(one.ref).dataSync());
      }),
      ...jaxpoolCells((jp) => {
        const one = jp.numpy.array(new Float32Array([ONE]));
        const f = jit ? jp.jit((x: J.Array) => x.add(1)) : (x: J.Array) => x.add(1);
        return selfChecked(() => readAndFree(f(one)));
      }),
    },
  };
}

/** W1's expression on 1e6 float32, compiled (`jit`) or as five eager ops. */
function w1(name: string, what: string, jit: boolean): Workload {
  return {
    name,
    what,
    kind: 'throughput',
    dtype: 'float32',
    reference: w1Reference,
    impls: {
      'js-loop': () => {
        const x = ramp(N);
        const out = new Float32Array(N);
        return selfChecked(() => {
          for (let i = 0; i < N; i++) {
            const v = x[i]!;
            out[i] = Math.sin(v) * 2 + v * v - 1;
          }
          return out;
        });
      },
      ...numjsCell((nj) => {
        const x = nj.array(ramp(N));
        return selfChecked(() => nj.sin(x).multiply(2).add(x.multiply(x)).subtract(1).selection.data as Float32Array);
      }),
      ...tfCells((tf) => {
        const x = tf.tensor1d(ramp(N), 'float32');
        return selfChecked(tfRead(tf, () => tf.sin(x).mul(2).add(x.mul(x)).sub(1)));
      }),
      ...jaxJsCell((jax) => {
        const np = jax.numpy;
        const x = np.array(ramp(N));
        const f = (x: JaxNp.Array) => np.sin(x.ref).mul(2).add(x.ref.mul(x)).sub(1);
        const g = jit ? jax.jit(f) : f;
        return selfChecked(() => g(x.ref).dataSync());
      }),
      ...jaxpoolCells((jp) => {
        const jnp = jp.numpy;
        const x = jnp.array(ramp(N));
        const f = (x: J.Array) => jnp.sin(x).mul(2).add(x.mul(x)).sub(1);
        const g = jit ? jp.jit(f) : f;
        return selfChecked(() => readAndFree(g(x)));
      }),
    },
  };
}

/** W5: the gradient of `sum(sin(x) * x)`, `cos(x)*x + sin(x)`, on 1e6 float32. */
const w5: Workload = {
  name: 'W5',
  what: 'jit(grad) of `sum(sin(x)*x)`, 1e6 f32 (js-loop: the derivative by hand)',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => f64(ramp(N)).map((v) => Math.cos(v) * v + Math.sin(v)),
  impls: {
    'js-loop': () => {
      const x = ramp(N);
      const out = new Float32Array(N);
      return selfChecked(() => {
        for (let i = 0; i < N; i++) {
          const v = x[i]!;
          out[i] = Math.cos(v) * v + Math.sin(v);
        }
        return out;
      });
    },
    ...tfCells((tf) => {
      const x = tf.tensor1d(ramp(N), 'float32');
      const g = tf.grad((x) => tf.sum(tf.sin(x).mul(x)));
      return selfChecked(tfRead(tf, () => g(x)));
    }),
    ...jaxJsCell((jax) => {
      const np = jax.numpy;
      const x = np.array(ramp(N));
      const g = jax.jit(jax.grad((x: JaxNp.Array) => np.sum(np.sin(x.ref).mul(x))));
      return selfChecked(() => g(x.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const jnp = jp.numpy;
      const x = jnp.array(ramp(N));
      const g = jp.jit(jp.grad((x: J.Array) => jnp.sum(jnp.sin(x).mul(x))));
      return selfChecked(() => readAndFree(g(x)));
    }),
  },
};

export const family: Family = {
  url: import.meta.url,
  workloads: [
    plusOne('eager-op', '`x + 1` on 1 f32 element + readback, eagerly', false),
    w1('W1', 'jit `sin(x)*2+x*x-1`, 1e6 f32', true),
    w1('eager-W1', 'the same expression as five eager ops', false),
    plusOne('W4', 'cached jit `x + 1` on 1 element + readback', true),
    plusOne('W4-busy', 'W4 with a CPU-bound process running beside it', true, true),
    w5,
  ],
};
