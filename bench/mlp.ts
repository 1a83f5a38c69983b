// MLP: one training step of a 784-256-10 MLP (relu, softmax cross-entropy), batch 128, with an
// SGD update: `jit(valueAndGrad)` where the library has one. Every implementation computes the
// same loss from the same inputs and weights; the timed run is a training loop's step (the
// weights carried from step to step on the device, only the loss read back). The check takes
// one step from the initial weights: the loss, and the update each weight received (new − old,
// so a wrong gradient cannot hide behind weights much larger than their update).
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Tensor } from '@tensorflow/tfjs';
import type { Cell, Family, Workload } from './harness.js';
import { uniform } from './inputs.js';
import { jaxJsCell, jaxpoolCells, tfCells } from './peers.js';

const B = 128;
const D = 784;
const H = 256;
const K = 10;
const LR = 0.1;
/** Parameter shapes in output order: W1, b1, W2, b2. */
const SHAPES = [[D, H], [H], [H, K], [K]];

interface Inputs {
  x: Float32Array;
  /** One-hot labels, B×K. */
  y: Float32Array;
  params: Float32Array[];
}

function mlpInputs(): Inputs {
  const y = new Float32Array(B * K);
  for (let b = 0; b < B; b++) y[b * K + ((b * 7) % K)] = 1;
  return {
    x: uniform(B * D, 1, 0, 1),
    y,
    params: [uniform(D * H, 2, -1 / 28, 1 / 28), uniform(H, 3, -0.01, 0.01), uniform(H * K, 4, -1 / 16, 1 / 16), uniform(K, 5, -0.01, 0.01)],
  };
}

type Arr = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/**
 * One SGD step by hand, with intermediates in arrays of `T`: returns the loss and the new
 * weights. With Float64Array it is the reference; with Float32Array it is the js-loop.
 */
function handStep(T: Ctor, x: ArrayLike<number>, y: ArrayLike<number>, [w1, b1, w2, b2]: ArrayLike<number>[]): [number, Arr[]] {
  const h = new T(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) h[b * H + j] = b1![j]!;
    for (let d = 0; d < D; d++) {
      const xv = x[b * D + d]!;
      for (let j = 0; j < H; j++) h[b * H + j]! += xv * w1![d * H + j]!;
    }
  }
  const a = h.map((v) => Math.max(v, 0));
  const dz = new T(B * K);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const z = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let s = b2![k]!;
      for (let j = 0; j < H; j++) s += a[b * H + j]! * w2![j * K + k]!;
      z[k] = s;
    }
    const m = Math.max(...z);
    let se = 0;
    for (let k = 0; k < K; k++) se += Math.exp(z[k]! - m);
    let zy = 0;
    for (let k = 0; k < K; k++) {
      zy += z[k]! * y[b * K + k]!;
      dz[b * K + k] = (Math.exp(z[k]! - m) / se - y[b * K + k]!) / B;
    }
    loss += (m + Math.log(se) - zy) / B;
  }
  const gw2 = new T(H * K);
  const gb2 = new T(K);
  const dh = new T(B * H);
  for (let b = 0; b < B; b++)
    for (let k = 0; k < K; k++) {
      const g = dz[b * K + k]!;
      gb2[k]! += g;
      for (let j = 0; j < H; j++) gw2[j * K + k]! += a[b * H + j]! * g;
    }
  for (let b = 0; b < B; b++)
    for (let j = 0; j < H; j++) {
      if (!(h[b * H + j]! > 0)) continue;
      let s = 0;
      for (let k = 0; k < K; k++) s += dz[b * K + k]! * w2![j * K + k]!;
      dh[b * H + j] = s;
    }
  const gw1 = new T(D * H);
  const gb1 = new T(H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) gb1[j]! += dh[b * H + j]!;
    for (let d = 0; d < D; d++) {
      const xv = x[b * D + d]!;
      for (let j = 0; j < H; j++) gw1[d * H + j]! += xv * dh[b * H + j]!;
    }
  }
  const grads = [gw1, gb1, gw2, gb2];
  const next = [w1!, b1!, w2!, b2!].map((p, i) => {
    const q = new T(p.length);
    for (let n = 0; n < p.length; n++) q[n] = p[n]! - LR * grads[i]![n]!;
    return q;
  });
  return [loss, next];
}

/** The checked output: the loss, then each weight's update `new − old` in float64. */
function stepOutput(loss: number, next: ArrayLike<number>[], params: Float32Array[]): Float64Array {
  const out = [loss];
  next.forEach((p, i) => {
    for (let n = 0; n < p.length; n++) out.push(p[n]! - params[i]![n]!);
  });
  return Float64Array.from(out);
}

const mlp: Workload = {
  name: 'MLP',
  what: 'training step of a 784-256-10 MLP, batch 128: jit(valueAndGrad) + SGD update, loss read back',
  kind: 'throughput',
  dtype: 'float32',
  tolerance: {
    rtol: 1e-3,
    atol: 1e-3,
    why: 'updates are read as the difference of two float32 weights (each within half an ulp), and gradients sum up to 128·784 float32 products',
  },
  reference: () => {
    const { x, y, params } = mlpInputs();
    const [loss, next] = handStep(Float64Array, x, y, params);
    return stepOutput(loss, next, params);
  },
  impls: {
    'js-loop': () => {
      const { x, y, params } = mlpInputs();
      let p: ArrayLike<number>[] = params;
      return {
        run: () => {
          const [loss, next] = handStep(Float32Array, x, y, p);
          p = next;
          return loss;
        },
        output: () => {
          const [loss, next] = handStep(Float32Array, x, y, params);
          return stepOutput(loss, next, params);
        },
      };
    },
    ...tfCells((tf): Cell => {
      const { x: xs, y: ys, params } = mlpInputs();
      const x = tf.tensor2d(xs, [B, D]);
      const y = tf.tensor2d(ys, [B, K]);
      const p0 = params.map((p, i) => tf.tensor(p, SHAPES[i]));
      const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
        const z = tf.matMul(tf.maximum(tf.matMul(x, w1).add(b1), 0), w2).add(b2);
        const m = tf.max(z, 1, true);
        const lse = tf.log(tf.sum(tf.exp(z.sub(m)), 1)).add(m.reshape([B]));
        return tf.mean(lse.sub(tf.sum(z.mul(y), 1)));
      };
      const valueAndGrads = tf.valueAndGrads(loss as (...args: Tensor[]) => Tensor);
      const step = (p: Tensor[]): Tensor[] =>
        tf.tidy(() => {
          const { value, grads } = valueAndGrads(p);
          return [value, ...p.map((w, i) => w.sub(grads[i]!.mul(LR)))];
        });
      let p = p0.map((t) => t.clone());
      return {
        run: () => {
          const [l, ...next] = step(p);
          const v = l!.dataSync()[0]!;
          l!.dispose();
          p.forEach((t) => t.dispose());
          p = next;
          return v;
        },
        output: () => {
          const [l, ...next] = step(p0);
          return stepOutput(l!.dataSync()[0]!, next.map((t) => t.dataSync()), params);
        },
      };
    }),
    ...jaxJsCell((jax): Cell => {
      const np = jax.numpy;
      const { x: xs, y: ys, params } = mlpInputs();
      const x = np.array(xs).reshape([B, D]);
      const y = np.array(ys).reshape([B, K]);
      const p0 = params.map((p, i) => np.array(p).reshape(SHAPES[i]!));
      // Reference counting: each use consumes an array, `.ref` adds a use.
      const loss = ([w1, b1, w2, b2]: JaxNp.Array[], x: JaxNp.Array, y: JaxNp.Array): JaxNp.Array => {
        const z = np.matmul(np.maximum(np.matmul(x, w1!).add(b1!), 0), w2!).add(b2!);
        const m = np.max(z.ref, 1, { keepdims: true });
        const lse = np.log(np.sum(np.exp(z.ref.sub(m.ref)), 1)).add(m.reshape([B]));
        return np.mean(lse.sub(np.sum(z.mul(y), 1)));
      };
      const step = jax.jit((p: JaxNp.Array[], x: JaxNp.Array, y: JaxNp.Array) => {
        const [l, g] = jax.valueAndGrad(loss)(jax.tree.ref(p), x, y);
        return [l, p.map((w, i) => w.sub(g[i]!.mul(LR)))] as [JaxNp.Array, JaxNp.Array[]];
      });
      let p = jax.tree.ref(p0).slice();
      return {
        run: () => {
          const [l, next] = step(p, x.ref, y.ref);
          p = next;
          return l.dataSync()[0];
        },
        output: () => {
          const [l, next] = step(jax.tree.ref(p0), x.ref, y.ref);
          return stepOutput(l.dataSync()[0]!, next.map((t) => t.dataSync()), params);
        },
      };
    }),
    ...jaxpoolCells((jp): Cell => {
      const jnp = jp.numpy;
      const { x: xs, y: ys, params } = mlpInputs();
      const x = jnp.array(xs).reshape(B, D);
      const y = jnp.array(ys).reshape(B, K);
      const p0 = params.map((p, i) => jnp.array(p).reshape(SHAPES[i]!));
      const loss = ([w1, b1, w2, b2]: J.Array[], x: J.Array, y: J.Array): J.Array => {
        const z = jnp.matmul(jnp.maximum(jnp.matmul(x, w1!).add(b1!), 0), w2!).add(b2!);
        const m = jnp.max(z, 1, { keepdims: true });
        const lse = jnp.log(jnp.sum(jnp.exp(z.sub(m)), 1)).add(m.reshape(B));
        return jnp.mean(lse.sub(jnp.sum(z.mul(y), 1)));
      };
      const step = jp.jit((p: J.Array[], x: J.Array, y: J.Array): [J.Array, J.Array[]] => {
        const [l, g] = jp.valueAndGrad(loss)(p, x, y) as [J.Array, J.Array[]];
        return [l, p.map((w, i) => w.sub(g[i]!.mul(LR)))];
      }) as (p: J.Array[], x: J.Array, y: J.Array) => [J.Array, J.Array[]];
      let p = p0;
      return {
        run: () => {
          const [l, next] = step(p, x, y);
          p = next;
          return l.dataSync()[0];
        },
        output: () => {
          const [l, next] = step(p0, x, y);
          return stepOutput(l.dataSync()[0]!, next.map((t) => t.dataSync()), params);
        },
      };
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [mlp] };
