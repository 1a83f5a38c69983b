// Timing of one cell in its child process, with tinybench: every call is one sample, so latency
// workloads get their tail (p90/p99/max) as well as the median.
import { Bench } from 'tinybench';
import { type Kind, quantile, type Stats } from './harness.js';

/** Time budgets in ms; `quick` keeps a whole `npm run bench -- --quick` under 3 minutes. */
interface Budget {
  /** Calls before timing (V8 optimises a dispatch path only after thousands of calls)… */
  warmCalls: number;
  /** …or fewer, when they take longer than this (a busy machine). */
  warmCallsMs: number;
  warmupMs: number;
  /** Fewest tinybench warm-up calls, whatever the time. */
  warmupMin: number;
  timeMs: number;
  /** Fewest timed calls, whatever the time. */
  minSamples: number;
}

const BUDGETS: Record<Kind, Record<'quick' | 'full', Budget>> = {
  throughput: {
    quick: { warmCalls: 1, warmCallsMs: Infinity, warmupMs: 0, warmupMin: 0, timeMs: 150, minSamples: 3 },
    full: { warmCalls: 2, warmCallsMs: Infinity, warmupMs: 300, warmupMin: 2, timeMs: 1500, minSamples: 10 },
  },
  latency: {
    quick: { warmCalls: 20_000, warmCallsMs: 1000, warmupMs: 50, warmupMin: 100, timeMs: 250, minSamples: 1000 },
    full: { warmCalls: 20_000, warmCallsMs: 3000, warmupMs: 300, warmupMin: 100, timeMs: 3000, minSamples: 10_000 },
  },
};

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null)?.then === 'function';
}

/** Times `run` (sync or async); throws what `run` throws. */
export async function timeCell(run: () => unknown, kind: Kind, quick: boolean): Promise<Stats> {
  const b = BUDGETS[kind][quick ? 'quick' : 'full'];
  let isAsync = false;
  const warmEnd = performance.now() + b.warmCallsMs;
  for (let i = 0; i < b.warmCalls && (i === 0 || performance.now() < warmEnd); i++) {
    const r = run();
    if (isThenable(r)) {
      isAsync = true;
      await r;
    }
  }
  const bench = new Bench({
    time: b.timeMs,
    warmup: b.warmupMs > 0,
    warmupTime: b.warmupMs,
    warmupIterations: b.warmupMin,
    iterations: b.minSamples,
    retainSamples: true,
    throws: true,
  });
  bench.add('cell', run, { async: isAsync });
  if (isAsync) await bench.run();
  else bench.runSync();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`timing ended in state '${result.state}'`);
  const sorted = result.latency.samples ?? [];
  return {
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: result.latency.mean,
    samples: sorted.length,
  };
}
