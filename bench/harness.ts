// What a benchmark is made of: workloads (a task with its float64 reference), grouped in families
// (one module each), and per implementation a cell factory that the runner calls in a child
// process of its own. Family modules import no library at top level: a cell's factory loads
// what it needs (bench/peers.ts), so each child loads only its own implementation.

/** The implementation columns, in table order. `jaxpool` uses all devices, `jaxpool-1w` one. */
export const IMPLS = ['js-loop', 'numjs', 'tfjs-cpu', 'tfjs-wasm', 'jax-js', 'jaxpool-1w', 'jaxpool'] as const;
export type Impl = (typeof IMPLS)[number];

/** A flat result: a typed array, a plain array of numbers, or one number. */
export type Flat = ArrayLike<number> | number;

/** One (implementation × workload) cell, built in its child process. */
export interface Cell {
  /** One execution, readback included: what is timed. May return a promise (awaited). */
  run: () => unknown;
  /** The result to check against the reference, flattened in the reference's order. */
  output: () => Flat | Promise<Flat>;
}

/**
 * `throughput`: median ms of whole executions. `latency`: many short calls, each timed,
 * reported as p50/p90/p99/max.
 */
export type Kind = 'throughput' | 'latency';

/** How close a result must be to the float64 reference: |got − want| ≤ rtol·|want| + atol·max|want|. */
export interface Tolerance {
  rtol: number;
  /** Relative to the largest reference magnitude, so it scales with the result. */
  atol: number;
  /** Why a workload departs from its dtype's default. */
  why?: string;
}

/**
 * Default tolerances per result dtype. float32: a few roundings of float32 arithmetic and the
 * approximate transcendental functions libraries use (~1e-6 relative) pass; a wrong formula,
 * axis, broadcast or dropped term (≥ 1e-3) does not. float64: a few ulps of a few operations.
 */
export const TOLERANCES = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-12, atol: 1e-13 },
} satisfies Record<string, Tolerance>;

export interface Workload {
  /** Row name in the table (`W1`, `eager-op`, …). */
  name: string;
  /** One line: what is computed. */
  what: string;
  kind: Kind;
  dtype: keyof typeof TOLERANCES;
  /** Overrides the dtype's tolerance; say why. */
  tolerance?: Tolerance;
  /** Measured with a CPU-bound process running beside the cell. */
  busy?: boolean;
  /** The expected output, computed in float64 plain JS. */
  reference: () => Flat | Promise<Flat>;
  /** Cell factories of the implementations that can express the workload (others are n/a). */
  impls: Partial<Record<Impl, () => Cell | Promise<Cell>>>;
}

/** A module of workloads; `url` is the module's own `import.meta.url` so a child can load it. */
export interface Family {
  url: string;
  workloads: Workload[];
}

/** Latency statistics of one cell, in milliseconds. */
export interface Stats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
}

/** One measured cell. */
export interface CellResult {
  workload: string;
  impl: Impl;
  stats: Stats;
}

/** Wraps a result of any array-like shape into a flat list of numbers. */
export function flat(x: Flat): ArrayLike<number> {
  return typeof x === 'number' ? [x] : x;
}

/**
 * Compares `got` with the float64 reference. Returns a message saying what is wrong, or
 * `undefined` when every element is within tolerance. NaN or ±Infinity where the reference is
 * finite is always wrong.
 */
export function compare(got: Flat, want: Flat, tol: Tolerance): string | undefined {
  const g = flat(got);
  const w = flat(want);
  if (g.length !== w.length) return `${g.length} elements where the reference has ${w.length}`;
  let scale = 0;
  for (let i = 0; i < w.length; i++) scale = Math.max(scale, Math.abs(w[i]!));
  let bad = 0;
  let worst = -1;
  let worstErr = -1;
  for (let i = 0; i < w.length; i++) {
    const err = Math.abs(g[i]! - w[i]!);
    const ok = err <= tol.rtol * Math.abs(w[i]!) + tol.atol * scale;
    // `!ok` is also true for NaN: every comparison with NaN is false.
    if (!ok || (Number.isFinite(w[i]!) && !Number.isFinite(g[i]!))) {
      bad++;
      if (!(err <= worstErr)) [worst, worstErr] = [i, err];
    }
  }
  if (bad === 0) return undefined;
  return (
    `${bad} of ${w.length} elements differ from the float64 reference beyond rtol ${tol.rtol}, ` +
    `atol ${tol.atol}×max|ref| (worst at [${worst}]: got ${g[worst]}, want ${w[worst]})`
  );
}

/** `q`-quantile (0..1) of ascending `sorted`, interpolated linearly between order statistics. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = (n - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A time in ms with its unit and three significant digits: `3.54 µs`, `21.2 ms`, `1.29 s`. */
export function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms >= 100 ? ms.toFixed(0) : ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}
