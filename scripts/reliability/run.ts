// `npm run reliability [-- --short] [-- --seed N] [-- --no-write]`: the reliability report of
// issue 13 — fuzzing of the jnp functions (eager and jit), fault injection (workers killed at
// every moment testing.killDevice offers), concurrency of async callbacks and io callbacks, and a
// memory soak — all in this process, under a watchdog thread that kills a hung step and prints it.
// Prints the summary; writes reliability/results.json and README's reliability block (unless
// --no-write); exits 1 when a wrong result, a lost error, an undocumented error or a memory slope
// over its bound was seen.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as jp from '../../src/index.js';
import { Tally } from './common.js';
import { concurrency } from './concurrency.js';
import { faults } from './faults.js';
import { fuzz } from './fuzz.js';
import { type Report, embed, markdown, verdict } from './report.js';
import { soak } from './soak.js';
import { startWatchdog, stopWatchdog } from './watchdog.js';

const { values: opts } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const short = opts.short ?? false;
const seed = opts.seed ? Number(opts.seed) : Math.floor(Math.random() * 2 ** 31);
/** Per mode: fuzz cases, fault rounds, async callers per device, soak iterations; the hang bound. */
const SIZES = short
  ? { fuzz: 250, rounds: 6, callers: 40, jitCalls: 2_000, eagerOps: 10_000, hangMs: 120_000 }
  : { fuzz: 4_000, rounds: 60, callers: 200, jitCalls: 100_000, eagerOps: 1_000_000, hangMs: 120_000 };
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));
const load = loadavg();
const started = performance.now();
const t = new Tally();
startWatchdog(SIZES.hangMs);
const section = (name: string) => console.log(`\n== ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);

console.log(`reliability: ${short ? 'short' : 'full'} run, seed ${seed}, ${jp.devices().length} devices`);
section('concurrency');
await concurrency(t, { callers: SIZES.callers, seed });
section('fuzz');
const casesBefore = t.cases;
const fz = await fuzz(t, { runs: SIZES.fuzz, seed });
const fuzzCases = t.cases - casesBefore;
section('fault injection');
const fl = await faults(t, { rounds: SIZES.rounds, seed });
section('soak');
const sk = await soak(t, { jitCalls: SIZES.jitCalls, eagerOps: SIZES.eagerOps });
await stopWatchdog();

const report: Report = {
  date: new Date().toISOString(),
  mode: short ? 'short' : 'full',
  seed,
  machine: { cpus: availableParallelism(), node: process.version, loadAverage: load },
  seconds: (performance.now() - started) / 1000,
  fuzz: { cases: fuzzCases, functions: fz.functions },
  faults: fl,
  concurrency: { callers: SIZES.callers, devices: jp.devices().length },
  soak: sk,
  summary: {
    casesTried: t.cases,
    crashesSurvived: t.crashesSurvived,
    longestWaitMs: t.longestWaitMs,
    longestWait: t.longestWaitWhat,
    wrongResults: t.wrongResults,
    errorsLost: t.errorsLost,
    undocumentedErrors: t.undocumentedErrors,
    documentedErrors: t.documentedErrors,
  },
  failures: t.failures,
  verdict: verdict(t, sk),
};
const md = markdown(report);
console.log(`\n${md}\n\nLongest wait: ${report.summary.longestWait}`);
if (!opts['no-write']) {
  mkdirSync(join(ROOT, 'reliability'), { recursive: true });
  writeFileSync(join(ROOT, 'reliability', 'results.json'), JSON.stringify(report, null, 1) + '\n');
  embed(join(ROOT, 'README.md'), md);
  console.log('wrote reliability/results.json and README.md');
}
await jp.shutdown();
process.exit(report.verdict.length ? 1 : 0);
