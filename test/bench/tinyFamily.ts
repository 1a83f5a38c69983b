// A tiny workload family for test/bench/runner.test.ts: `x * 2` on three floats, right in the
// js-loop column, deliberately wrong in the numjs column (a wrong constant), throwing in tfjs-cpu.
import type { Family } from '../../bench/harness.js';
import { numjsCell, selfChecked } from '../../bench/peers.js';

const X = [0.5, 1, 1.5];

export const family: Family = {
  url: import.meta.url,
  workloads: [
    {
      name: 'double',
      what: '`x * 2` on three floats',
      kind: 'throughput',
      dtype: 'float32',
      reference: () => X.map((v) => v * 2),
      impls: {
        'js-loop': () => {
          const x = Float32Array.from(X);
          return selfChecked(() => x.map((v) => v * 2));
        },
        ...numjsCell((nj) => {
          const x = nj.array(Float32Array.from(X));
          return selfChecked(() => x.multiply(2.001).selection.data as Float32Array);
        }),
        'tfjs-cpu': () => {
          throw new Error('this cell cannot be built');
        },
      },
    },
  ],
};
