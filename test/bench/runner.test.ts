// The bench's checking must not rot: the cell runner, run for real on a tiny family (one child
// process per cell), fails the run on a wrong cell and on a cell that throws, naming each, and
// measures the right one. Plus the comparison and goal logic on hand-made values.
import { describe, expect, it } from 'vitest';
import { compare, TOLERANCES } from '../../bench/harness.js';
import { goals, type Report } from '../../bench/report.js';
import { BenchFailure, runCells } from '../../bench/runner.js';
import { family } from './tinyFamily.js';

const quiet = () => {};

describe('bench cell runner', () => {
  it('measures a right cell in a child process and returns its statistics', async () => {
    const cells = await runCells([family], { quick: true, only: (_w, impl) => impl === 'js-loop', log: quiet });
    expect(cells.map((c) => `${c.workload}/${c.impl}`)).toEqual(['double/js-loop']);
    const s = cells[0]!.stats;
    expect(s.samples).toBeGreaterThanOrEqual(3);
    expect(s.p50).toBeGreaterThan(0);
    expect(s.p50).toBeLessThanOrEqual(s.p90);
    expect(s.p90).toBeLessThanOrEqual(s.p99);
    expect(s.p99).toBeLessThanOrEqual(s.max);
  });

  it('fails the run on a wrong cell and on a cell that throws, naming both and not the right one', async () => {
    const run = runCells([family], { quick: true, log: quiet });
    await expect(run).rejects.toBeInstanceOf(BenchFailure);
    const failures = ((await run.catch((e: unknown) => e)) as BenchFailure).failures;
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^double\/numjs: wrong result: 3 of 3 elements differ from the float64 reference/);
    expect(failures[0]).toMatch(/got 3\.0\d*, want 3\b/);
    expect(failures[1]).toMatch(/^double\/tfjs-cpu: Error: this cell cannot be built/);
  });
});

describe('bench comparison', () => {
  const f32 = TOLERANCES.float32;
  it('accepts float32 rounding and rejects a wrong value, NaN, Infinity and a wrong length', () => {
    expect(compare(Float32Array.from([0.1, 1 / 3]), [0.1, 1 / 3], f32)).toBeUndefined();
    expect(compare([1.001], [1], f32)).toMatch(/1 of 1 elements differ/);
    expect(compare([NaN, 1], [1, 1], f32)).toMatch(/1 of 2 elements differ .*got NaN/);
    expect(compare([Infinity], [1e30], f32)).toMatch(/got Infinity/);
    expect(compare([1, 2], [1, 2, 3], f32)).toBe('2 elements where the reference has 3');
    expect(compare(2, [2], f32)).toBeUndefined();
  });

  it('scales the absolute tolerance with the largest reference value', () => {
    // 1e-5 off a value of 0 passes next to a value of 10 (atol 1e-5 × 10), not alone.
    expect(compare([1e-5, 10], [0, 10], f32)).toBeUndefined();
    expect(compare([1e-5], [0], f32)).toMatch(/differ/);
  });
});

describe('bench goals', () => {
  const stats = (p50: number, p99 = p50) => ({ p50, p90: p50, p99, max: p99, mean: p50, samples: 100 });
  const report = (cells: [string, string, number, number?][]): Report => ({
    date: '2026-01-01T00:00:00Z',
    mode: 'quick',
    machine: { cpus: 2, model: 'test', node: 'v20', loadAverage: [0, 0, 0] },
    workloads: [],
    cells: cells.map(([workload, impl, p50, p99]) => ({ workload, impl: impl as never, stats: stats(p50, p99) })),
  });
  const goal = (r: Report, name: string) => goals(r).find((g) => g.goal === name)!;

  it('says met, not met, or not measured from the numbers', () => {
    const r = report([
      ['W1', 'jaxpool', 3],
      ['W1', 'js-loop', 5],
      ['W1', 'jax-js', 2.9],
      ['W6', 'jaxpool', 0.004],
      ['W4', 'jaxpool', 0.003, 0.01],
      ['W3', 'jaxpool-1w', 10],
      ['W3', 'jaxpool', 6],
      ['W3', 'tfjs-wasm', 10],
    ]);
    expect(goal(r, 'W1 ahead of every peer')).toMatchObject({ met: false });
    expect(goal(r, 'W1 ahead of every peer').detail).toMatch(/fastest peer jax-js 2\.90 ms/);
    expect(goal(r, 'W6 ≤ 5 µs').met).toBe(true);
    expect(goal(r, 'W4 p99 ≤ 3× p50 (quiet machine)').met).toBe(false);
    expect(goal(r, 'W3 ≤ 1.0× tfjs-wasm on one device').met).toBe(true);
    expect(goal(r, 'W3 ≤ 0.7× tfjs-wasm on all devices').met).toBe(true);
    expect(goal(r, 'W5 ahead of every peer').met).toBeUndefined();
  });
});
