// Soak: many jit calls with a host callback, then many eager ops read back one by one (README's
// `for (…) { x = x.add(1); x.dataSync(); }`), sampling RSS and live device bytes (after a
// collection, so dropped arrays no longer count); the slope of each, by least squares over the
// samples after warm-up, is what leaks per iteration.
import { getHeapSpaceStatistics } from 'node:v8';
import * as jp from '../../src/index.js';
import { type Tally, attempt, describeError } from './common.js';
import { stepEnd, stepStart, stepTouch } from './watchdog.js';

const jnp = jp.numpy;
const SECTION = 'soak';
/** Unsampled jit calls before the jit loop's samples. */
const JIT_WARM_CALLS = 5000;

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) [num, den] = [num + (xs[i]! - mx) * (ys[i]! - my), den + (xs[i]! - mx) ** 2];
  return den === 0 ? 0 : num / den;
}

/**
 * RSS less V8's young generation: V8 doubles the new space (up to 2 × 16 MB of semi-spaces) when
 * much survives a scavenge, once, at a moment of its choosing — a step in RSS that is not a leak
 * (short CI loops saw it as "10.6 MB over the loop"). Old-space growth, leaks included, still counts.
 */
function rssBeyondNewSpace(): number {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  return process.memoryUsage().rss - young;
}

/** One loop's figures: iterations, samples kept, and slopes in bytes per iteration. */
export interface SoakLoop {
  iterations: number;
  samples: number;
  rssSlope: number;
  deviceSlope: number;
  rssMB: [number, number];
}

/** Run `body(i)` `n` times, sampling memory `samples` times; the first `warm` fraction is warm-up. */
async function measure(name: string, n: number, body: (i: number) => void | Promise<void>, t: Tally, samples = 40, warm = 0.25): Promise<SoakLoop> {
  const xs: number[] = [];
  const rss: number[] = [];
  const dev: number[] = [];
  const every = Math.max(1, Math.floor(n / samples));
  for (let i = 0; i < n; i++) {
    if (i % every === 0) {
      stepStart(`soak ${name}: iteration ${i} of ${n}`);
      await new Promise((r) => setImmediate(r)); // let finalizers run between samples
      const m = jp.testing.memoryStats({ collect: true });
      if (i >= warm * n) [xs[xs.length], rss[rss.length], dev[dev.length]] = [i, rssBeyondNewSpace(), m.liveBytes];
    }
    // The bound is per iteration (a sample spans many).
    stepTouch();
    const t0 = performance.now();
    await body(i);
    const ms = performance.now() - t0;
    if (ms > 1000) t.waited(ms, `soak ${name}: iteration ${i}`);
  }
  stepEnd();
  return { iterations: n, samples: xs.length, rssSlope: slope(xs, rss), deviceSlope: slope(xs, dev), rssMB: [rss[0]! / 2 ** 20, rss[rss.length - 1]! / 2 ** 20] };
}

/** The soak: `jitCalls` jit calls with a callback, `eagerOps` eager ops, each result read. */
export async function soak(t: Tally, opts: { jitCalls: number; eagerOps: number }): Promise<{ jit: SoakLoop; eager: SoakLoop }> {
  const sds = new jp.ShapeDtypeStruct([4], 'float32');
  let calls = 0;
  const f = jp.jit((x: jp.Array) => jp.pureCallback((a: jp.NdArray) => (calls++, a.add(1)), sds, [x.mul(2)]).sub(1));
  const x0 = jnp.array([0, 1, 2, 3], { dtype: 'float32' });
  const bad = (what: string, i: number) => t.fail({ section: SECTION, kind: 'wrong result', what, repro: `soak iteration ${i}` });
  // V8 goes on optimising the host's launch and hand-off path for ~4500 calls; the code it makes
  // meanwhile is warm-up, not a leak (the short run's 2,000 calls measured ±8 MB of it).
  stepStart('soak jit+callback: warm-up');
  for (let i = 0; i < JIT_WARM_CALLS; i++) f(x0).dataSync();
  stepEnd();
  calls = 0;
  const jitLoop = await measure('jit+callback', opts.jitCalls, (i) => {
    const v = f(x0).dataSync();
    t.cases++;
    if (v[3] !== 6 || v[0] !== 0) bad(`jit+callback gave ${Array.from(v)}, want 0,2,4,6`, i);
  }, t);
  if (calls !== opts.jitCalls) t.fail({ section: SECTION, kind: 'error lost', what: `${calls} callback calls for ${opts.jitCalls} jit calls`, repro: 'soak jit+callback' });
  let x = jnp.zeros([], { dtype: 'int32' });
  const eagerLoop = await measure('eager', opts.eagerOps, (i) => {
    x = x.add(1);
    const v = x.dataSync()[0];
    t.cases++;
    if (v !== i + 1) bad(`eager x.add(1) gave ${v} at iteration ${i}, want ${i + 1}`, i);
  }, t);
  // A read after the soak still works.
  const after = await attempt(() => jnp.arange(3).add(1).dataSync());
  if (!after.ok) t.fail({ section: SECTION, kind: 'not recovered', what: describeError(after.error), repro: 'jnp.arange(3).add(1).dataSync() after the soak' });
  return { jit: jitLoop, eager: eagerLoop };
}
