// Callback workloads: W6, an identity `pureCallback` on one float inside jit, per call with the
// host in a blocking read (W6) and through the event loop (W6-async; goal ≤ 5 µs for W6); W7,
// the seed's j1 over 1e6 points via `pureCallback` (zero-copy, and W7-copy in copy mode), against
// the host function called directly (in the js-loop column; goal ≤ 1.15×).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as J from '../src/index.js';
import type { Family, Workload } from './harness.js';
import { BUILT_JAXPOOL, ROOT, jaxpoolCells, readAndFree, selfChecked } from './peers.js';

const N = 1_000_000;
const ONE = 1.5;

function zHost(): Float32Array {
  const z = new Float32Array(N);
  for (let i = 0; i < N; i++) z[i] = (i % 1000) / 50;
  return z;
}

const hostBessel = () => import('../examples/bessel/host-bessel.js');

/**
 * Turn off the copy of callback operands into private scratch (issue 13 item 4), in the jaxpool
 * this cell loaded: the `-unprotected` rows measure what that protection costs.
 */
async function unprotect(): Promise<void> {
  const at = existsSync(BUILT_JAXPOOL) ? join(ROOT, 'dist', 'src', 'callbacks', 'callbackPrimitive.js') : join(ROOT, 'src', 'callbacks', 'callbackPrimitive.ts');
  ((await import(pathToFileURL(at).href)) as { operandCopies: { enabled: boolean } }).operandCopies.enabled = false;
}

function w6(name: string, what: string, async: boolean, unprotected = false): Workload {
  return {
    name,
    what,
    kind: 'latency',
    dtype: 'float32',
    reference: () => [ONE],
    impls: {
      ...(async || unprotected
        ? {}
        : {
            'js-loop': () => {
              const one = new Float32Array([ONE]);
              const identity = (a: Float32Array) => Float32Array.of(a[0]!);
              return selfChecked(() => identity(one));
            },
          }),
      ...jaxpoolCells(async (jp) => {
        if (unprotected) await unprotect();
        const one = jp.numpy.array(new Float32Array([ONE]));
        const identity = jp.jit((x: J.Array) => jp.pureCallback((a: J.NdArray) => a, new jp.ShapeDtypeStruct(x.shape, x.dtype), [x]));
        if (async) return { run: () => identity(one).data(), output: () => identity(one).data() };
        return selfChecked(() => readAndFree(identity(one)));
      }),
    },
  };
}

function w7(name: string, what: string, mode: 'zero-copy' | 'copy', unprotected = false): Workload {
  return {
    name,
    what,
    kind: 'throughput',
    dtype: 'float32',
    reference: async () => {
      const { besselJn } = await hostBessel();
      return Float64Array.from(zHost(), (z) => besselJn(1, z));
    },
    impls: {
      ...(mode === 'copy' || unprotected
        ? {}
        : {
            'js-loop': async () => {
              const { hostJv } = await hostBessel();
              const { NdArray } = await import('@d4c/numjs');
              const z = new NdArray(zHost(), [N]);
              return selfChecked(() => hostJv(1, z).selection.data as Float64Array);
            },
          }),
      ...jaxpoolCells(async (jp) => {
        const { hostJv } = await hostBessel();
        if (unprotected) await unprotect();
        const jnp = jp.numpy;
        jp.config.update('transferMode', mode);
        // The seed's jv (API.md section 1), as the demo defines it.
        const jv = (v: J.ArrayLike, z: J.ArrayLike): J.Array => {
          const va = jnp.asarray(v);
          const za = jnp.asarray(z).astype(jnp.resultType('float', jnp.asarray(z).dtype));
          const out = new jp.ShapeDtypeStruct(jnp.broadcastShapes(va.shape, za.shape), za.dtype);
          return jp.pureCallback((a: J.NdArray, b: J.NdArray) => hostJv(a, b), out, [va, za], { vmapMethod: 'broadcast_all' });
        };
        const z = jnp.array(zHost());
        const j1 = jp.jit((zz: J.Array) => jv(1, zz));
        return selfChecked(() => readAndFree(j1(z)));
      }),
    },
  };
}

export const family: Family = {
  url: import.meta.url,
  workloads: [
    w6('W6', 'identity `pureCallback` in jit, 1 f32, blocking read (js-loop: the identity called directly)', false),
    w6('W6-async', 'W6 read with `await data()` (the host waits in the event loop)', true),
    w6('W6-unprotected', 'W6 without copying the operand to private scratch (a callback could write into device arrays): the protection costs W6 − this', false, true),
    w7('W7', "the seed's `j1` on 1e6 points via `pureCallback` (js-loop: the host function called directly)", 'zero-copy'),
    w7('W7-copy', 'W7 in copy transfer mode', 'copy'),
    w7('W7-unprotected', 'W7 without copying operands to private scratch: the protection costs W7 − this', 'zero-copy', true),
  ],
};
