// `batch.run(options)`: check everything, open the inputs and the partial outputs, compute the
// missing batches here or through a queue, then rename the outputs into place and summarise.
import { createHash } from 'node:crypto';
import { config, shutdown, transfers } from '../index.js';
import { drive, type Executor } from './driver.js';
import { BatchInputError } from './errors.js';
import { Journal } from './journal.js';
import { LocalExecutor } from './local.js';
import { loadExport, type ModuleRef, resolveModule } from './module.js';
import { checkOutputPaths, Outputs, partialPath } from './outputs.js';
import { batches, Inputs } from './plan.js';
import { BatchStep, type RowSpec } from './step.js';
import type { BatchFunction, BatchOptions, BatchSummary } from './types.js';

/** The function to map, and (when it comes from a module) that module. */
export interface Target {
  fn: BatchFunction;
  label: string;
  module: ModuleRef | null;
  exportName: string;
}

async function target(o: BatchOptions): Promise<Target> {
  if (o.module !== undefined) {
    if (typeof o.fn === 'function') throw new BatchInputError('give fn as an export name when module is given (or fn as a function without module).');
    const name = o.fn ?? 'default';
    const ref = resolveModule(o.module);
    return { fn: await loadExport(ref, name), label: `fn '${name}' of ${o.module}`, module: ref, exportName: name };
  }
  if (typeof o.fn !== 'function') throw new BatchInputError('no function: give module (and fn, an export name) or fn as a function.');
  return { fn: o.fn, label: `fn ${o.fn.name || '(anonymous)'}`, module: null, exportName: o.fn.name };
}

/** Devices: restart the pool when a different count is asked for. */
async function useDevices(n: number | undefined): Promise<void> {
  if (n === undefined) return;
  if (!Number.isSafeInteger(n) || n < 1) throw new BatchInputError(`--devices ${n} is not a positive integer.`);
  if (config.values.numDevices === n) return;
  await shutdown();
  config.update('numDevices', n);
}

/** float64 and complex128 inputs need x64 (else they would silently compute in float32). */
function checkX64(inputs: Inputs): void {
  const wide = inputs.readers.find((r) => r.header.dtype === 'float64' || r.header.dtype === 'complex128');
  if (wide && !config.values.enableX64)
    throw new BatchInputError(
      `input ${wide.header.path} is ${wide.header.dtype}, which needs x64: call config.update('enableX64', true) first (the jaxpool CLI does), or save the input as ${wide.header.dtype === 'float64' ? 'float32' : 'complex64'}.`,
    );
}

function ledger(): { h2d: number; d2h: number } {
  const s = transfers.stats();
  return { h2d: s.hostToDevice.bytes, d2h: s.deviceToHost.bytes };
}

/** Map a function written for one row over the leading axis of .npy inputs, streaming to .npy outputs. */
export async function run(o: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const outPaths = checkOutputPaths(typeof o.out === 'string' ? [o.out] : o.out, o.inputs);
  if (o.queue !== undefined && o.module === undefined) throw new BatchInputError('--queue needs a module file or package (workers load the function from it), not a function value.');
  const inputs = await Inputs.open(o.inputs);
  let outputs: Outputs | null = null;
  let journal: Journal | null = null;
  let ok = false;
  try {
    checkX64(inputs);
    // Before the module loads: arrays it makes at import would be lost by a pool restart.
    if (o.queue === undefined) await useDevices(o.devices);
    const t = await target(o);
    const batchSize = inputs.batchSize(o.batchSize);
    const step = new BatchStep(t.fn, inputs.specs, t.label);
    const plan = batches(inputs.rows, batchSize);
    // Trace on the first batch's shapes: the outputs' dtypes and row shapes, and any error in fn, before computing.
    const first = plan[0] ?? { index: 0, start: 0, count: 0 };
    const outSpecs = step.probe(first.count, await inputs.read(first));
    if (outSpecs.length !== outPaths.length)
      throw new BatchInputError(`${t.label} returns ${outSpecs.length} array${outSpecs.length > 1 ? 's' : ''} per row but ${outPaths.length} --out file${outPaths.length > 1 ? 's were' : ' was'} given; give one --out per leaf.`);

    const identity = {
      fn: t.exportName,
      module: t.module?.hash ?? createHash('sha256').update(String(t.fn)).digest('hex').slice(0, 16),
      inputs: inputs.identities(),
      batchSize,
      outputs: outPaths.map((p, i) => ({ path: p, ...outSpecs[i] })),
      x64: config.values.enableX64,
      queue: o.queue !== undefined,
    };
    const resumable = Outputs.resumable(outPaths);
    journal = await Journal.open(partialPath(outPaths[0]!) + '.journal', identity, !!o.resume, resumable, { runId: newRunId() });
    outputs = await Outputs.open(outPaths, outSpecs, inputs.rows, journal.reopened);
    const todo = plan.filter((b) => !journal!.done.has(b.start));
    const rowsResumed = inputs.rows - todo.reduce((s, b) => s + b.count, 0);

    const executor: Executor = o.queue === undefined ? new LocalExecutor(step) : await openQueue(o, String(journal.state.runId), journal.reopened, t, step, outSpecs);
    const before = ledger();
    let result;
    try {
      result = await drive({ inputs, outputs, journal, executor, todo, rowsResumed, signal: o.signal, onProgress: o.onProgress });
    } catch (e) {
      // Without resume, queued work of this run is of no use any more.
      await executor.close?.(!o.resume && !o.signal?.aborted);
      throw e;
    }
    await executor.close?.(true);
    const after = ledger();
    await outputs.commit();
    await journal.remove();
    ok = true;
    const seconds = (performance.now() - t0) / 1000;
    const q = executor.summary?.() ?? null;
    return {
      rows: result.rows,
      seconds,
      rowsPerSecond: seconds > 0 ? result.rows / seconds : 0,
      batches: result.batches,
      hostToDeviceBytes: q?.hostToDeviceBytes ?? after.h2d - before.h2d,
      deviceToHostBytes: q?.deviceToHostBytes ?? after.d2h - before.d2h,
      rowsTotal: inputs.rows,
      rowsResumed,
      batchSize,
      devices: o.queue === undefined ? config.values.numDevices : null,
      outputs: outputs.describe(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(q ? { workers: q.workers, duplicateBatches: q.duplicateBatches } : {}),
    };
  } finally {
    await inputs.close();
    if (!ok) {
      // Keep finished work for --resume (and after an interrupt, which is always resumable).
      const keep = !!o.resume || !!o.signal?.aborted;
      if (keep) {
        await outputs?.close();
        await journal?.close();
      } else {
        await outputs?.discard();
        await journal?.remove();
      }
    }
  }
}

async function openQueue(o: BatchOptions, runId: string, resumed: boolean, t: Target, step: BatchStep, outputs: RowSpec[]): Promise<Executor> {
  const { QueueExecutor } = await import('./queue/submit.js');
  return QueueExecutor.open({ url: o.queue!, runId, resumed, target: t, inputs: step.inputs, outputs, x64: config.values.enableX64, onNote: o.onNote });
}

function newRunId(): string {
  return createHash('sha256').update(`${process.pid}-${Date.now()}-${Math.random()}`).digest('hex').slice(0, 12);
}
