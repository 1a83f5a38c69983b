// Control-flow workloads: `fori` (1e5-step scalar foriLoop) and `scan-64` (1e4 steps of a
// 64-element carry), each against the same loop hand-written in JS. Used by bench/run.ts.
import type * as J from '../src/index.js';
import jp from './jaxpool.js';
import type { Case } from './harness.js';

const { numpy: jnp, lax } = jp;

export function cases(): Case[] {
  const x0 = jnp.array(new Float32Array([0.5]));
  const fori = jp.jit((x: J.Array) => lax.foriLoop(0, 100_000, (_i: J.Array, v: J.Array) => v.mul(0.9999).add(0.0001), x));
  const c64 = jnp.array(new Float32Array(64).fill(0.5));
  const xs = jnp.array(new Float32Array(10_000 * 64).fill(0.001)).reshape(10_000, 64);
  const scan64 = jp.jit((c: J.Array, xs: J.Array) => lax.scan((c: J.Array, x: J.Array) => [c.mul(0.999).add(x), null], c, xs)[0] as J.Array);
  const carry = new Float32Array(64);
  const xsHost = new Float32Array(10_000 * 64).fill(0.001);
  return [
    { workload: 'fori', impl: 'jaxpool', run: () => fori(x0).dataSync() },
    {
      workload: 'fori',
      impl: 'js-loop',
      run: () => {
        let v = Math.fround(0.5);
        for (let i = 0; i < 100_000; i++) v = Math.fround(Math.fround(v * Math.fround(0.9999)) + Math.fround(0.0001));
        return v;
      },
    },
    { workload: 'scan-64', impl: 'jaxpool', run: () => scan64(c64, xs).dataSync() },
    {
      workload: 'scan-64',
      impl: 'js-loop',
      run: () => {
        carry.fill(0.5);
        for (let t = 0; t < 10_000; t++) for (let j = 0; j < 64; j++) carry[j] = carry[j]! * 0.999 + xsHost[t * 64 + j]!;
        return carry;
      },
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { measure, formatTable } = await import('./harness.js');
  console.log(formatTable(await measure(cases(), { quick: true })));
}
