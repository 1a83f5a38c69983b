// Callback workloads: W6 (identity pureCallback on one float inside jit, blocking read and event
// loop) and W7 (the seed's j1 over 1e6 points via pureCallback vs calling the host function
// directly), in zero-copy and copy modes. Used by bench/run.ts.
import * as jp from '../src/index.js';
import { NdArray } from '../src/index.js';
import { hostJv } from '../examples/bessel/host-bessel.js';
import type { Case } from './harness.js';

const { numpy: jnp } = jp;

export function cases(): Case[] {
  const one = jnp.array(new Float32Array([1.5]));
  const identity = jp.jit((x: jp.Array) => jp.pureCallback((a: NdArray) => a, new jp.ShapeDtypeStruct(x.shape, x.dtype), [x], {}) as jp.Array);
  const n = 1_000_000;
  const zHost = new Float32Array(n);
  for (let i = 0; i < n; i++) zHost[i] = (i % 1000) / 50;
  const z = jnp.array(zHost);
  const j1 = jp.jit((z: jp.Array) => jp.pureCallback((v: NdArray, zz: NdArray) => hostJv(v, zz), new jp.ShapeDtypeStruct(z.shape, z.dtype), [jnp.array(1), z], { vmapMethod: 'broadcast_all' }) as jp.Array);
  const withMode = (mode: 'zero-copy' | 'copy', f: () => unknown) => () => {
    jp.config.update('transferMode', mode);
    try {
      return f();
    } finally {
      jp.config.update('transferMode', 'zero-copy');
    }
  };
  return [
    { workload: 'W6', impl: 'jaxpool', run: () => identity(one).dataSync() },
    { workload: 'W6', impl: 'jaxpool-async', run: () => identity(one).data() },
    { workload: 'W6', impl: 'js-loop', run: () => ((a: Float32Array) => a)(new Float32Array([1.5])) },
    { workload: 'W7', impl: 'jaxpool', run: () => j1(z).dataSync() },
    { workload: 'W7', impl: 'jaxpool-copy', run: withMode('copy', () => j1(z).dataSync()) },
    { workload: 'W7', impl: 'host-direct', run: () => hostJv(1, new NdArray(zHost, [n])) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { measure, formatTable } = await import('./harness.js');
  console.log(formatTable(await measure(cases(), { quick: true })));
}
