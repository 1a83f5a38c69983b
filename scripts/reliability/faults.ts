// Fault injection: each round kills one device's worker — by process.exit, an uncaught exception,
// terminate() or (with JAXPOOL_WORKER_MAX_MB) out of memory — at a random moment of a random
// workload (a chain of launches, a launch split across devices, a sync or Promise callback; read
// blocking or awaited), via testing.killDevice with every `when`. Every outcome must be the right
// value or DeviceLostError; then the pool must be whole again: every device computes correctly.
import * as jp from '../../src/index.js';
import type { KillHow, KillMoment } from '../../src/index.js';
import { type Tally, attempt, describeError } from './common.js';
import { stepEnd, stepStart } from './watchdog.js';

const jnp = jp.numpy;
const SECTION = 'faults';
const MOMENTS: readonly KillMoment[] = ['now', 'beforeLaunch', 'midKernel', 'duringCallback', 'duringRead'];
const WORKLOADS = ['chain', 'split', 'callback', 'asyncCallback'] as const;
type Workload = (typeof WORKLOADS)[number];
const SPLIT = 1 << 19;
type Device = ReturnType<typeof jp.devices>[number];

/** A small seeded generator (mulberry32), so a round can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const step = jp.jit((a: jp.Array) => a.mul(2).add(1));
const split = jp.jit(function splitWork(a: jp.Array) {
  return jnp.sin(a).mul(2).add(a);
});
const sds = (x: jp.Array) => new jp.ShapeDtypeStruct(x.shape, x.dtype);
const plusOne = jp.jit((x: jp.Array) => jp.pureCallback((a: jp.NdArray) => a.add(1), sds(x), [x]).mul(3));
const plusOneAsync = jp.jit((x: jp.Array) =>
  jp.pureCallback(async (a: jp.NdArray) => (await new Promise((r) => setTimeout(r, 1)), a.add(1)), sds(x), [x]).mul(3),
);

/** Start `w` on device `dev` and say what it must give; `k` launches for a chain. */
function launch(w: Workload, dev: Device, k: number): { out: jp.Array; want: (i: number) => number; n: number } {
  if (w === 'split') {
    const out = split(jnp.ones([SPLIT], { dtype: 'float32' }));
    const v = Math.fround(Math.fround(2 * Math.fround(Math.sin(1))) + 1);
    return { out, want: () => v, n: SPLIT };
  }
  const x = jp.devicePut(jnp.arange(8, { dtype: 'float32' }), dev);
  if (w === 'chain') {
    let y = x;
    for (let i = 0; i < k; i++) y = step(y);
    // k times v -> 2v + 1: 2^k v + 2^k - 1.
    return { out: y, want: (i) => 2 ** k * i + 2 ** k - 1, n: 8 };
  }
  return { out: (w === 'callback' ? plusOne : plusOneAsync)(x), want: (i) => 3 * (i + 1), n: 8 };
}

/** Whether every device (and a split launch) computes correctly. */
function poolWorks(): string | undefined {
  for (const d of jp.devices()) {
    const got = Array.from(step(jp.devicePut(jnp.array([d.id + 0.5], { dtype: 'float32' }), d)).dataSync());
    if (got[0] !== 2 * d.id + 2) return `device ${d.id} computed ${got[0]}, want ${2 * d.id + 2}`;
  }
  return undefined;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/** One round: returns whether a worker died (and the pool recovered). */
async function round(seed: number, t: Tally, ways: readonly KillHow[]): Promise<void> {
  const r = rng(seed);
  const devs = jp.devices();
  const dev = pick(r, devs);
  const when = pick(r, MOMENTS);
  const how = pick(r, ways);
  const w: Workload = when === 'duringCallback' ? pick(r, ['callback', 'asyncCallback'] as const) : pick(r, WORKLOADS);
  const k = 1 + Math.floor(r() * 4);
  // A Promise callback's result is read with await (a blocking read of one raises, documented).
  const awaited = w === 'asyncCallback' || r() < 0.5;
  const killFirst = when !== 'now' || r() < 0.5;
  const what = `round seed ${seed}: kill device ${dev.id} (${how}) when '${when}' during '${w}' (k=${k}, ${awaited ? 'await data()' : 'dataSync()'}${killFirst ? '' : ', killed after the launch'})`;
  stepStart(what);
  if (process.env.RELIABILITY_VERBOSE) console.log(what);
  let replaced: Promise<void> | undefined;
  const arm = () => (replaced = jp.testing.killDevice(dev.id, { when, how }).catch((e: unknown) => Promise.reject(e)));
  if (killFirst) arm();
  if (when === 'now' && killFirst && r() < 0.5) await withTimeout(replaced!, 60_000);
  const o = await attempt(async () => {
    const job = launch(w, dev, k);
    if (!killFirst) arm();
    const vals = awaited ? await job.out.data() : job.out.dataSync();
    return { vals: Array.from(vals as ArrayLike<number>), job };
  });
  t.cases++;
  t.waited(o.ms, what);
  if (o.ok) {
    const { vals, job } = o.value;
    const bad = vals.findIndex((v, i) => v !== job.want(i));
    if (vals.length !== job.n || bad >= 0) t.fail({ section: SECTION, kind: 'wrong result', what: `element ${bad}: ${vals[bad]}, want ${job.want(bad)}`, repro: what });
  } else if (o.error instanceof jp.DeviceLostError) t.documentedErrors++;
  else t.fail({ section: SECTION, kind: 'undocumented error', what: `not DeviceLostError: ${describeError(o.error)}`, repro: what });
  // The moment may not have come (the work ran elsewhere or finished first): make it come.
  let done = await withTimeout(replaced!, 5_000);
  if (done === 'timeout') {
    await attempt(async () => {
      const job = launch(when === 'duringCallback' ? 'asyncCallback' : 'chain', dev, 1);
      return when === 'duringRead' ? job.out.dataSync() : await job.out.data();
    });
    done = await withTimeout(replaced!, 60_000);
  }
  stepEnd();
  if (done === 'timeout') {
    t.fail({ section: SECTION, kind: 'not recovered', what: 'the worker was not replaced within 60 s', repro: what });
    return;
  }
  stepStart(`${what}: then checking every device`);
  const check = await attempt(poolWorks);
  stepEnd();
  if (!check.ok || check.value) t.fail({ section: SECTION, kind: 'not recovered', what: check.ok ? check.value! : describeError(check.error), repro: what });
  else t.crashesSurvived++;
}

/** `rounds` fault-injection rounds from seed `seed`. */
export async function faults(t: Tally, opts: { rounds: number; seed: number }): Promise<{ rounds: number; ways: KillHow[] }> {
  jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
  // 'oom' needs worker resource limits, fixed when the process starts.
  const ways: KillHow[] = process.env.JAXPOOL_WORKER_MAX_MB ? ['exit', 'crash', 'terminate', 'oom'] : ['exit', 'crash', 'terminate'];
  for (let i = 0; i < opts.rounds; i++) await round(opts.seed + i, t, ways);
  return { rounds: opts.rounds, ways };
}
