// `npm run bench [-- --quick] [-- --json FILE]`: every workload, jaxpool vs baselines measured in
// the same run, printed as a table of median milliseconds and ratios to the JS baseline.
import { writeFileSync } from 'node:fs';
import type * as J from '../src/index.js';
import jp from './jaxpool.js';
import { type Case, type Row, formatTable, measure } from './harness.js';
import { threadPeer } from './threads.js';
import { batchBench } from './batch.js';

const { numpy: jnp, nj } = jp;
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const jsonAt = argv.indexOf('--json');
const jsonPath = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;

function ramp(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (i % 1000) / 1000;
  return a;
}

function repeat(n: number, f: () => unknown): void {
  for (let i = 0; i < n; i++) f();
}

/** A 50-op elementwise function for the trace+compile workload. */
function fifty(x: J.Array): J.Array {
  let y = x;
  for (let i = 0; i < 25; i++) y = jnp.sin(y).add(i);
  return y;
}

/** Workloads whose jaxpool rows are measured once with all devices and once with one. */
function jaxpoolCases(impl: string): Case[] {
  const one = jnp.array(new Float32Array([1.5]));
  const x1m = jnp.array(ramp(1e6));
  const x10m = jnp.array(ramp(1e7));
  const a512 = jnp.array(ramp(512 * 512)).reshape(512, 512);
  const w1 = jp.jit((x: J.Array) => jnp.sin(x).mul(2).add(x.mul(x)).sub(1));
  const w2 = jp.jit((x: J.Array) => jnp.sum(x));
  const w3 = jp.jit((a: J.Array, b: J.Array) => jnp.matmul(a, b));
  const w4 = jp.jit((x: J.Array) => x.add(1));
  const w5 = jp.jit(jp.grad((x: J.Array) => jnp.sum(jnp.sin(x).mul(x))));
  return [
    // Steady state, as W6: V8 optimises the dispatch path only after thousands of calls.
    { workload: 'eager-op', impl, run: () => one.add(1).dataSync(), setup: () => repeat(20_000, () => one.add(1).dataSync()) },
    { workload: 'W1', impl, run: () => w1(x1m).dataSync() },
    // The same expression eagerly: five ops, each its own kernel launch.
    { workload: 'eager-W1', impl, run: () => jnp.sin(x1m).mul(2).add(x1m.mul(x1m)).sub(1).dataSync() },
    { workload: 'W2', impl, run: () => w2(x10m).dataSync() },
    { workload: 'W3', impl, run: () => w3(a512, a512).dataSync() },
    { workload: 'W4', impl, run: () => w4(one).dataSync(), setup: () => repeat(20_000, () => w4(one).dataSync()) },
    { workload: 'W5', impl, run: () => (w5(x1m) as J.Array).dataSync() },
    // Trace + compile + first run of a fresh 50-op function (a new jit each time, so nothing is cached).
    { workload: 'trace-50', impl, run: () => jp.jit(fifty)(one).dataSync() },
  ];
}

function baselineCases(): Case[] {
  const x1m = ramp(1e6);
  const x10m = ramp(1e7);
  const a512 = ramp(512 * 512);
  const out1m = new Float32Array(1e6);
  const c512 = new Float32Array(512 * 512);
  const nOne = nj.array(new Float32Array([1.5]));
  const n1m = nj.array(x1m);
  const n10m = nj.array(x10m);
  const nA = nj.array(a512).reshape(512, 512);
  const one = new Float32Array([1.5]);
  return [
    { workload: 'eager-op', impl: 'js-loop', run: () => Float32Array.of(one[0]! + 1) },
    { workload: 'eager-op', impl: 'numjs', run: () => nOne.add(1) },
    ...['W1', 'eager-W1'].flatMap((workload) => [
      {
        workload,
        impl: 'js-loop',
        run: () => {
          for (let i = 0; i < x1m.length; i++) {
            const v = x1m[i]!;
            out1m[i] = Math.sin(v) * 2 + v * v - 1;
          }
          return out1m;
        },
      },
      { workload, impl: 'numjs', run: () => nj.sin(n1m).multiply(2).add(n1m.multiply(n1m)).subtract(1) },
    ]),
    {
      workload: 'W2',
      impl: 'js-loop',
      run: () => {
        let s = 0;
        for (let i = 0; i < x10m.length; i++) s += x10m[i]!;
        return s;
      },
    },
    { workload: 'W2', impl: 'numjs', run: () => n10m.sum() },
    {
      workload: 'W3',
      impl: 'js-loop',
      run: () => {
        // The naive i-k-j loop.
        const n = 512;
        c512.fill(0);
        for (let i = 0; i < n; i++)
          for (let k = 0; k < n; k++) {
            const a = a512[i * n + k]!;
            for (let j = 0; j < n; j++) c512[i * n + j]! += a * a512[k * n + j]!;
          }
        return c512;
      },
    },
    { workload: 'W3', impl: 'numjs', run: () => nj.dot(nA, nA) },
    { workload: 'W4', impl: 'js-loop', run: () => Float32Array.of(one[0]! + 1) },
    {
      workload: 'W5',
      impl: 'js-loop',
      run: () => {
        for (let i = 0; i < x1m.length; i++) {
          const v = x1m[i]!;
          out1m[i] = Math.cos(v) * v + Math.sin(v);
        }
        return out1m;
      },
    },
  ];
}

/** Optional workload modules of other areas (callbacks W6/W7, control flow); each exports `cases()`. */
async function extraCases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const mod of ['./callbacks.js', './controlFlow.js']) {
    try {
      const m = (await import(mod)) as { cases?: () => Case[] | Promise<Case[]> };
      if (m.cases) out.push(...(await m.cases()));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    }
  }
  return out;
}

const rows: Row[] = [];
rows.push(...(await measure([...jaxpoolCases('jaxpool'), ...baselineCases(), ...(await extraCases())], { quick })));
const peer = threadPeer(ramp(1e6));
rows.push(...(await measure(peer.cases, { quick })));
await peer.close();
// The same jaxpool workloads on a one-device pool.
await jp.shutdown();
jp.config.update('numDevices', 1);
rows.push(...(await measure(jaxpoolCases('jaxpool-1w'), { quick })));
await jp.shutdown();

rows.sort((a, b) => a.workload.localeCompare(b.workload));
console.log(formatTable(rows));
const ms = (impl: string) => rows.find((r) => r.workload === 'W1' && r.impl === impl)?.ms ?? NaN;
console.log(
  `\nW1 from one thread to two, readback included: jaxpool ${(ms('jaxpool-1w') / ms('jaxpool')).toFixed(2)}×, ` +
    `hand-written JS threads ${(ms('js-threads-1') / ms('js-threads-2')).toFixed(2)}×.`,
);
// Batch jobs: the built bin in child processes (after this process's pool is shut down).
const batchRes = await batchBench({ quick });
console.log(`\n${batchRes.table}`);
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ results: rows, batch: batchRes.rows, batchQueueOverheadMs: batchRes.queueOverheadMs }, null, 1));
