// The `jaxpool` command line, a thin layer over batch.run and batch.worker: parse arguments, show
// progress, turn signals into a clean stop, and failures into one line and an exit code
// (2: bad input, 1: failed while computing, 130: interrupted).
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { config, effectsBarrier, shutdown } from '../index.js';
import { NpyReader } from '../io/npy.js';
import { BatchInputError, BatchInterruptedError } from './errors.js';
import { progressView } from './progress.js';
import { run } from './run.js';
import type { BatchSummary } from './types.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

function collect(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), v];
}

function exitCode(e: unknown): number {
  if (e instanceof BatchInterruptedError) return 130;
  return e instanceof BatchInputError ? 2 : 1;
}

/** One line: what went wrong and what to do (the stack only with --verbose). */
function report(prefix: string, e: unknown, verbose: boolean): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const kind = err instanceof BatchInputError || err instanceof BatchInterruptedError || err.name === 'Error' ? '' : `${err.name}: `;
  process.stderr.write(`${prefix}: ${kind}${err.message.split('\n')[0]}\n`);
  if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
}

/** First signal: stop cleanly through `onStop`; a second one: exit at once. */
function onSignals(onStop: () => void): () => void {
  let count = 0;
  const handler = () => {
    if (++count > 1) process.exit(130);
    onStop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** float64 and complex128 inputs need x64: the CLI turns it on rather than computing them in float32. */
async function x64For(inputs: string[]): Promise<void> {
  for (const p of inputs) {
    try {
      const r = await NpyReader.open(p);
      await r.close();
      if (r.header.dtype === 'float64' || r.header.dtype === 'complex128') config.update('enableX64', true);
    } catch {
      // batch.run reports unreadable inputs
    }
  }
}

function humanSummary(s: BatchSummary): string {
  const resumed = s.rowsResumed ? ` (${s.rowsResumed} rows were already done)` : '';
  return `${s.rows} rows in ${s.seconds.toFixed(2)} s (${Math.round(s.rowsPerSecond)} rows/s), ${s.batches} batches${resumed} -> ${s.outputs.map((o) => o.path).join(', ')}`;
}

interface BatchFlags {
  fn: string;
  in?: string[];
  out?: string[];
  batchSize?: number;
  devices?: number;
  resume?: boolean;
  json?: boolean;
  queue?: string;
  verbose?: boolean;
}

async function batchCommand(module: string, f: BatchFlags): Promise<number> {
  const prefix = 'jaxpool batch';
  const ac = new AbortController();
  const view = progressView(process.stderr, prefix);
  const off = onSignals(() => {
    view.note('stopping after the batches in flight (Ctrl-C again stops at once; --resume continues either way)');
    ac.abort();
  });
  try {
    await x64For(f.in ?? []);
    const summary = await run({
      module,
      fn: f.fn,
      inputs: f.in ?? [],
      out: f.out ?? [],
      batchSize: f.batchSize,
      devices: f.devices,
      resume: f.resume,
      queue: f.queue,
      signal: ac.signal,
      onProgress: (p) => view.update(p),
      onNote: (m) => view.note(m),
    });
    await effectsBarrier();
    view.stop();
    if (f.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stderr.write(`${prefix}: ${humanSummary(summary)}\n`);
    return 0;
  } catch (e) {
    view.stop();
    report(prefix, e, !!f.verbose);
    return exitCode(e);
  } finally {
    off();
  }
}

interface WorkerFlags {
  queue: string;
  devices?: number;
  concurrency?: number;
  lockDuration?: number;
  verbose?: boolean;
}

async function workerCommand(f: WorkerFlags): Promise<number> {
  const prefix = 'jaxpool worker';
  const note = (m: string) => process.stderr.write(`${prefix}: ${m}\n`);
  try {
    const { startWorker } = await import('./queue/worker.js');
    const handle = await startWorker({ queue: f.queue, devices: f.devices, concurrency: f.concurrency, lockDurationMs: f.lockDuration, verbose: f.verbose, onNote: note });
    await new Promise<void>((resolve) => {
      onSignals(() => {
        note('stopping: finishing the batches in progress (Ctrl-C again stops at once)');
        void handle.close().then(resolve);
      });
    });
    note(`stopped after ${handle.batches} batches`);
    return 0;
  } catch (e) {
    report(prefix, e, !!f.verbose);
    return exitCode(e);
  }
}

/** Run the command line; resolves with the exit code (the caller exits). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('jaxpool')
    .description('jaxpool batch jobs: map a function written for one row over .npy files, here or on queue workers')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(`jaxpool: ${s.replace(/^error: /, '').trim()} (see jaxpool --help)\n`) });
  program
    .command('batch')
    .description('map fn(row_a, row_b, ...) over the leading axis of the inputs: jit(vmap(fn)) per batch on every device')
    .argument('<module>', 'ES module file (or installed package) exporting the function')
    .option('--fn <export>', 'the exported function, written for one row', 'default')
    .option('--in <file.npy>', 'an input (repeat for fn(a, b, ...)); leading axes must agree', collect)
    .option('--out <file.npy>', 'an output (repeat, one per leaf of the result)', collect)
    .option('--batch-size <n>', 'rows per batch (default: about 1 MiB of input)', positiveInt)
    .option('--devices <n>', 'worker devices on this machine', positiveInt)
    .option('--resume', 'continue a killed or interrupted run: compute only the missing batches')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .option('--queue <redis-url>', 'send batches through BullMQ on Redis to `jaxpool worker` processes')
    .option('--verbose', 'stack traces with errors')
    .action(async (module: string, f: BatchFlags) => {
      code = await batchCommand(module, f);
    });
  program
    .command('worker')
    .description('take batches from a queue and compute them on this machine')
    .requiredOption('--queue <redis-url>', 'redis://HOST:PORT')
    .option('--devices <n>', 'worker devices on this machine', positiveInt)
    .option('--concurrency <n>', 'batches computed at once (default: two per device)', positiveInt)
    .option('--lock-duration <ms>', "a batch's lock; a dead worker's batch is retried within about twice this", positiveInt)
    .option('--verbose', 'a line per batch, stack traces with errors')
    .action(async (f: WorkerFlags) => {
      code = await workerCommand(f);
    });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  await shutdown();
  return code;
}
