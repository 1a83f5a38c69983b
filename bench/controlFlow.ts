// Control-flow workloads, each against the same loop hand-written in JS: `fori` (a 1e5-step scalar
// `foriLoop`; goal ≤ 3× the loop) and `scan-64` (1e4 steps of a 64-element carry).
import type * as J from '../src/index.js';
import type { Family, Workload } from './harness.js';
import { jaxpoolCells, readAndFree, selfChecked } from './peers.js';

const STEPS = 100_000;
const T = 10_000;
const C = 64;

const fori: Workload = {
  name: 'fori',
  what: '1e5-step scalar `foriLoop` `v*0.9999+0.0001`',
  kind: 'throughput',
  dtype: 'float32',
  tolerance: {
    rtol: 1e-3,
    atol: 0,
    why: 'float32 iteration stalls below the fixed point 1 once the step 1e-4·(1−v) is under half an ulp of v: ~3e-4 short of float64',
  },
  reference: () => {
    let v = 0.5;
    for (let i = 0; i < STEPS; i++) v = v * 0.9999 + 0.0001;
    return [v];
  },
  impls: {
    'js-loop': () =>
      selfChecked(() => {
        const f = Math.fround;
        let v = f(0.5);
        for (let i = 0; i < STEPS; i++) v = f(f(v * f(0.9999)) + f(0.0001));
        return [v];
      }),
    ...jaxpoolCells((jp) => {
      const x0 = jp.numpy.array(new Float32Array([0.5]));
      const f = jp.jit((x: J.Array) => jp.lax.foriLoop(0, STEPS, (_i: J.Array, v: J.Array) => v.mul(0.9999).add(0.0001), x));
      return selfChecked(() => readAndFree(f(x0)));
    }),
  },
};

const scan64: Workload = {
  name: 'scan-64',
  what: '`scan` of 1e4 steps `c*0.999+x`, 64-element carry',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => {
    const carry = new Float64Array(C).fill(0.5);
    const x = Math.fround(0.001);
    for (let t = 0; t < T; t++) for (let j = 0; j < C; j++) carry[j] = carry[j]! * 0.999 + x;
    return carry;
  },
  impls: {
    'js-loop': () => {
      const carry = new Float32Array(C);
      const xs = new Float32Array(T * C).fill(0.001);
      return selfChecked(() => {
        carry.fill(0.5);
        for (let t = 0; t < T; t++) for (let j = 0; j < C; j++) carry[j] = carry[j]! * 0.999 + xs[t * C + j]!;
        return carry;
      });
    },
    ...jaxpoolCells((jp) => {
      const jnp = jp.numpy;
      const c0 = jnp.array(new Float32Array(C).fill(0.5));
      const xs = jnp.array(new Float32Array(T * C).fill(0.001)).reshape(T, C);
      const f = jp.jit((c: J.Array, xs: J.Array) => jp.lax.scan((c: J.Array, x: J.Array) => [c.mul(0.999).add(x), null], c, xs)[0] as J.Array);
      return selfChecked(() => readAndFree(f(c0, xs)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [fori, scan64] };
