// `npm run bench [-- --quick] [-- --only W1,W3] [-- --no-readme]`: every workload on jaxpool and
// its peers, each (implementation × workload) cell in a child process of its own and checked
// against a float64 reference; then install size and import time. Writes bench/results.json,
// bench/chart.svg and bench/results.md, embeds the table in README.md, and prints the goals
// (`--only` runs the named workloads and only prints). `npm run bench` compiles the package and
// the bench (bench/tsconfig.json) and runs the JS, so no child pays for a TypeScript loader.
// A workload family is a module exporting `family`: add it with one import and one line below.
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chartSvg } from './chart.js';
import { type Family, IMPLS, TOLERANCES } from './harness.js';
import { packageMetrics } from './packageMetrics.js';
import { ROOT } from './peers.js';
import { embed, goalLines, markdown, type Report } from './report.js';
import { runCells } from './runner.js';
import { family as elementwise } from './elementwise.js';
import { family as reductions } from './reductions.js';
import { family as matmul } from './matmul.js';
import { family as conv } from './conv.js';
import { family as fft } from './fft.js';
import { family as linalg } from './linalg.js';
import { family as random } from './random.js';
import { family as mlp } from './mlp.js';
import { family as tracing } from './tracing.js';
import { family as controlFlow } from './controlFlow.js';
import { family as callbacks } from './callbacks.js';
import { family as threads } from './threads.js';
import { batchBench } from './batch.js';

const FAMILIES: Family[] = [
  elementwise,
  reductions,
  matmul,
  conv,
  fft,
  linalg,
  random,
  mlp,
  tracing,
  controlFlow,
  callbacks,
  threads,
];

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-readme': { type: 'boolean', default: false },
  },
});
const only = opts.only?.split(',');
const quick = opts.quick ?? false;

const started = Date.now();
const report: Report = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: { cpus: availableParallelism(), model: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage: loadavg() },
  workloads: FAMILIES.flatMap((f) => f.workloads)
    .filter((w) => !only || only.includes(w.name))
    .map((w) => ({ name: w.name, what: w.what, kind: w.kind, impls: IMPLS.filter((i) => w.impls[i]), tolerance: w.tolerance ?? TOLERANCES[w.dtype] })),
  cells: [],
};
try {
  report.cells = await runCells(FAMILIES, { quick, only: only && ((w) => only.includes(w.name)) });
} catch (e) {
  console.error(`${(e as Error).message}\nNo results were written.`);
  process.exit(1);
}
if (!only) report.package = packageMetrics({ quick });

const md = markdown(report);
console.log('\n' + md.split('\nGoals:')[0]);
console.log('\nGoals:\n' + goalLines(report).join('\n'));
if (only) process.exit(0);
// Batch jobs: rows/s of the built bin in child processes (README "Batch jobs"), kept in results.json.
const batch = await batchBench({ quick });
console.log(`\n${batch.table}`);
const bench = join(ROOT, 'bench');
writeFileSync(join(bench, 'results.json'), JSON.stringify({ ...report, batch: { rows: batch.rows, queueOverheadMs: batch.queueOverheadMs } }, null, 1) + '\n');
writeFileSync(join(bench, 'results.md'), md + '\n');
writeFileSync(join(bench, 'chart.svg'), chartSvg(
  report.workloads.map((w) => ({ workload: w.name, ms: Object.fromEntries(report.cells.filter((c) => c.workload === w.name).map((c) => [c.impl, c.stats.p50])) })),
  `jaxpool and peers, ${report.date.slice(0, 10)}${quick ? ' (--quick)' : ''}: median time per call`,
));
if (!opts['no-readme']) embed(join(ROOT, 'README.md'), md);
console.log(`\n${report.cells.length} cells in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote bench/results.json, bench/results.md, bench/chart.svg${opts['no-readme'] ? '' : ', README.md'}.`);
