// Callback workloads, measured in one run with their baselines:
//   W6  identity pureCallback on one float inside jit: µs per call with the host in a blocking
//       read (dataSync; goal ≤ 5 µs) and through the event loop (await data()).
//   W7  the seed's j1 over 1e6 points via pureCallback (zero-copy and copy modes) vs calling
//       the host function directly on a Float32Array-backed numjs array.
// `npx tsx bench/callbacks.ts [--quick]` prints the table; bench/run.ts includes `cases()`, and
// `callbackRows()` returns the rows for any other runner.
import type * as J from '../src/index.js';
import jp from './jaxpool.js';
import { hostJv } from '../examples/bessel/host-bessel.js';
import { type Case, formatTable, measure, type Row } from './harness.js';

const { numpy: jnp, NdArray } = jp;

/** The seed's jv (API.md section 1), as the demo defines it. */
function jv(v: J.ArrayLike, z: J.ArrayLike): J.Array {
  const va = jnp.asarray(v);
  const za = jnp.asarray(z).astype(jnp.resultType('float', jnp.asarray(z).dtype));
  const out = new jp.ShapeDtypeStruct(jnp.broadcastShapes(va.shape, za.shape), za.dtype);
  return jp.pureCallback((a: J.NdArray, b: J.NdArray) => hostJv(a, b), out, [va, za], { vmapMethod: 'broadcast_all' });
}

function withMode<T>(mode: 'zero-copy' | 'copy', f: () => T): () => T {
  return () => {
    jp.config.update('transferMode', mode);
    try {
      return f();
    } finally {
      jp.config.update('transferMode', 'zero-copy');
    }
  };
}

export function cases(): Case[] {
  const one = jnp.array(new Float32Array([1.5]));
  const identity = jp.jit((x: J.Array) => jp.pureCallback((a: J.NdArray) => a, new jp.ShapeDtypeStruct(x.shape, x.dtype), [x]));
  const oneHost = new Float32Array([1.5]);
  const n = 1_000_000;
  const zHost = new Float32Array(n);
  for (let i = 0; i < n; i++) zHost[i] = (i % 1000) / 50;
  const z = jnp.array(zHost);
  const j1 = jp.jit((zz: J.Array) => jv(1, zz));
  const zNj = new NdArray(zHost, [n]);
  // Steady state: V8 optimises the dispatch path only after thousands of calls.
  const warm = (n: number, f: () => unknown) => async () => {
    for (let i = 0; i < n; i++) await f();
  };
  const w6 = () => identity(one).dataSync();
  const w6Async = () => identity(one).data();
  return [
    { workload: 'W6', impl: 'jaxpool', run: w6, setup: warm(20_000, w6) },
    { workload: 'W6', impl: 'jaxpool-async', run: w6Async, setup: warm(5_000, w6Async) },
    { workload: 'W6', impl: 'js-loop', run: () => ((a: Float32Array) => Float32Array.of(a[0]!))(oneHost) },
    { workload: 'W7', impl: 'jaxpool', run: () => j1(z).dataSync() },
    { workload: 'W7', impl: 'jaxpool-copy', run: withMode('copy', () => j1(z).dataSync()) },
    { workload: 'W7', impl: 'host-direct', run: () => hostJv(1, zNj) },
  ];
}

/** Rows `{workload, impl, ms}` (median ms per execution) of the callback workloads. */
export async function callbackRows(opts: { quick?: boolean } = {}): Promise<Row[]> {
  return measure(cases(), { quick: opts.quick ?? false });
}

/** The table plus the figures the goals are stated in, all from `rows` of one run. */
export function summary(rows: Row[]): string {
  const ms = (w: string, impl: string) => rows.find((r) => r.workload === w && r.impl === impl)?.ms ?? NaN;
  const us = (v: number) => `${(v * 1000).toFixed(2)} µs`;
  const w6 = ms('W6', 'jaxpool');
  return [
    formatTable(rows),
    '',
    `W6 blocking read: ${us(w6)} per call (goal ≤ 5 µs: ${w6 * 1000 <= 5 ? 'met' : 'missed'}); event loop: ${us(ms('W6', 'jaxpool-async'))} per call`,
    `W7 pureCallback / host-direct: ${(ms('W7', 'jaxpool') / ms('W7', 'host-direct')).toFixed(2)}x zero-copy, ${(ms('W7', 'jaxpool-copy') / ms('W7', 'host-direct')).toFixed(2)}x copy`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await callbackRows({ quick: process.argv.includes('--quick') });
  console.log(summary(rows));
  await jp.shutdown();
}
