// Benchmark rows and timing: median milliseconds of one execution, measured with tinybench.
import { Bench } from 'tinybench';

export interface Row {
  workload: string;
  impl: string;
  ms: number;
}

export interface Case {
  workload: string;
  impl: string;
  /** One execution (including readback for jaxpool rows). */
  run: () => unknown;
  /** Runs once before timing (tracing, compilation, warm caches). */
  setup?: () => unknown;
}

export async function measure(cases: Case[], opts: { quick: boolean }): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of cases) {
    await c.setup?.();
    await c.run();
    const bench = new Bench({ time: opts.quick ? 150 : 600, warmupTime: opts.quick ? 100 : 300, iterations: 5 });
    bench.add(`${c.workload}/${c.impl}`, c.run);
    await bench.run();
    const task = bench.tasks[0]!;
    const r = task.result as { latency?: { p50?: number }; error?: unknown } | undefined;
    if (r?.error) console.error(`${c.workload}/${c.impl} failed:`, r.error);
    const ms = r?.latency?.p50 ?? NaN;
    rows.push({ workload: c.workload, impl: c.impl, ms });
  }
  return rows;
}

/** A table with each row's ratio to the workload's baseline impl (js-loop or host-direct). */
export function formatTable(rows: Row[]): string {
  const base = (w: string) => rows.find((r) => r.workload === w && (r.impl === 'js-loop' || r.impl === 'host-direct'));
  const lines = ['| workload | impl | median ms | × baseline |', '|---|---|---:|---:|'];
  for (const r of rows) {
    const b = base(r.workload);
    const ratio = b ? (r.ms / b.ms).toFixed(2) : '';
    lines.push(`| ${r.workload} | ${r.impl} | ${r.ms < 0.01 ? r.ms.toExponential(2) : r.ms.toFixed(3)} | ${ratio} |`);
  }
  return lines.join('\n');
}
