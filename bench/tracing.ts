// trace-50: trace + compile + first run of a fresh 50-op function (a new `jit` each time, so the
// function itself is never cached; goal ≤ 1.0× jax-js).
import type * as J from '../src/index.js';
import type { numpy as JaxNp } from '@jax-js/jax';
import type { Family, Workload } from './harness.js';
import { jaxJsCell, jaxpoolCells, readAndFree, selfChecked } from './peers.js';

const ONE = 1.5;
const OPS = 25; // two ops each: sin, add

const trace50: Workload = {
  name: 'trace-50',
  what: 'trace + compile + first run of a fresh 50-op jit, 1 element',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => {
    let y = ONE;
    for (let i = 0; i < OPS; i++) y = Math.sin(y) + i;
    return [y];
  },
  impls: {
    ...jaxJsCell((jax) => {
      const one = jax.numpy.array(new Float32Array([ONE]));
      const fifty = (x: JaxNp.Array) => {
        let y = x;
        for (let i = 0; i < OPS; i++) y = jax.numpy.sin(y).add(i);
        return y;
      };
      return selfChecked(() => {
        const f = jax.jit(fifty);
        const out = f(one.ref).dataSync();
        f.dispose();
        return out;
      });
    }),
    ...jaxpoolCells((jp) => {
      const one = jp.numpy.array(new Float32Array([ONE]));
      const fifty = (x: J.Array) => {
        let y = x;
        for (let i = 0; i < OPS; i++) y = jp.numpy.sin(y).add(i);
        return y;
      };
      return selfChecked(() => readAndFree(jp.jit(fifty)(one)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [trace50] };
