// `jaxpool worker`: takes batch jobs from the BullMQ queue, computes each on this machine's device
// pool, and puts the result back in Redis. The job's lock is short and renewed while the batch
// computes (the event loop stays free: results are awaited), so a killed worker's batch goes back
// to the queue within seconds (BullMQ's stalled-job check) and another worker computes it.
import { UnrecoverableError, Worker } from 'bullmq';
import { config, devices, shutdown, transfers, type WorkerDevice } from '../../index.js';
import type { DTypeName } from '../../core/dtypes.js';
import type { NpyData } from '../../io/npy.js';
import { BatchInputError } from '../errors.js';
import { computeBatch, leastLoaded, perDevice } from '../local.js';
import { loadExport, resolveModule } from '../module.js';
import { BatchStep, rowBytes, type RowSpec } from '../step.js';
import { type BatchJob, type DoneEntry, KEY_TTL_SECONDS, probeRedis, QUEUE_NAME, redisClient, runKeys, workerName } from './redis.js';

/** `batch.worker(options)`. */
export interface WorkerOptions {
  /** `redis://HOST:PORT`. */
  queue: string;
  /** Worker devices on this machine (default: the pool's, `numDevices`). */
  devices?: number;
  /** Batches computed at once (default: two per device). */
  concurrency?: number;
  /** Job lock duration in ms: a dead worker's batch is retried within about twice this (default 5000). */
  lockDurationMs?: number;
  /** One line per event worth telling (started, each batch with `verbose`, failures). */
  onNote?: (message: string) => void;
  verbose?: boolean;
}

/** A running worker. */
export interface WorkerHandle {
  /** Stop taking batches, finish those in progress, disconnect. */
  close(): Promise<void>;
  /** Batches computed so far. */
  readonly batches: number;
  readonly name: string;
}

/** Each streamed dtype's host class (complex: interleaved parts). */
const TYPED: Partial<Record<DTypeName, { new (b: ArrayBuffer, offset: number, n: number): NpyData; BYTES_PER_ELEMENT: number }>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/** Split a batch's input blob into fresh, aligned host arrays. */
function splitInputs(blob: Buffer, specs: RowSpec[], count: number): NpyData[] {
  let at = 0;
  return specs.map((s) => {
    const n = count * rowBytes(s);
    if (at + n > blob.length) throw new Error(`the batch's data in Redis is ${blob.length} bytes, too short for its inputs; was it overwritten?`);
    const raw = new Uint8Array(new ArrayBuffer(n));
    raw.set(blob.subarray(at, at + n));
    at += n;
    const T = TYPED[s.dtype]!;
    return new T(raw.buffer, 0, n / T.BYTES_PER_ELEMENT);
  });
}

export async function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  await probeRedis(o.queue);
  if (o.devices !== undefined) {
    if (!Number.isSafeInteger(o.devices) || o.devices < 1) throw new BatchInputError(`--devices ${o.devices} is not a positive integer.`);
    if (config.values.numDevices !== o.devices) {
      await shutdown();
      config.update('numDevices', o.devices);
    }
  }
  const devs = devices();
  const load = devs.map(() => 0);
  const concurrency = o.concurrency ?? devs.length * 2;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new BatchInputError(`--concurrency ${concurrency} is not a positive integer.`);
  const lockDuration = o.lockDurationMs ?? 5000;
  const name = workerName();
  const redis = redisClient(o.queue);
  const steps = new Map<string, Promise<BatchStep>>();
  let reported = { h2d: 0, d2h: 0 };
  const waiting: (() => void)[] = [];
  /** A device with room for another batch of `step` (jobs beyond wait here; their locks keep renewing). */
  const acquire = async (step: BatchStep): Promise<number> => {
    for (;;) {
      const d = leastLoaded(load);
      if (load[d]! < perDevice(step)) {
        load[d]!++;
        return d;
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  const release = (d: number) => {
    load[d]!--;
    waiting.shift()?.();
  };
  let batches = 0;

  /** The step for a job's function, loaded once per module version; refuses a different version. */
  const stepFor = (job: BatchJob): Promise<BatchStep> => {
    const key = JSON.stringify([job.module, job.fn, job.inputs, job.x64]);
    let s = steps.get(key);
    if (!s) {
      s = (async () => {
        const ref = resolveModule(job.module.spec);
        if (ref.hash !== job.module.hash)
          throw new BatchInputError(
            `module ${job.module.spec} here (${ref.path}, hash ${ref.hash}) differs from the submitter's (hash ${job.module.hash}); install the same version on every worker.`,
          );
        if (job.x64 && !config.values.enableX64) config.update('enableX64', true);
        const fn = await loadExport(ref, job.fn);
        return new BatchStep(fn, job.inputs as { dtype: DTypeName; rowShape: number[] }[], `fn '${job.fn}' of ${job.module.spec}`);
      })();
      s.catch(() => steps.delete(key));
      steps.set(key, s);
    }
    return s;
  };

  /** Ledger bytes since the previous report: each batch's entry carries what happened since. */
  const ledgerDelta = () => {
    const s = transfers.stats();
    const now = { h2d: s.hostToDevice.bytes, d2h: s.deviceToHost.bytes };
    const d = { h2d: now.h2d - reported.h2d, d2h: now.d2h - reported.d2h };
    reported = now;
    return d;
  };

  const pushDone = async (job: BatchJob, entry: Omit<DoneEntry, 'worker' | 'h2d' | 'd2h'>, output?: Buffer) => {
    const keys = runKeys(job.runId);
    const m = redis.multi();
    if (output) m.set(keys.output(job.index), output, 'EX', KEY_TTL_SECONDS);
    m.lpush(keys.done, JSON.stringify({ ...entry, worker: name, ...ledgerDelta() } satisfies DoneEntry));
    m.expire(keys.done, KEY_TTL_SECONDS);
    await m.exec();
  };

  const work = async (job: BatchJob): Promise<void> => {
    const t0 = performance.now();
    const keys = runKeys(job.runId);
    if (o.verbose) o.onNote?.(`batch ${job.index} of run ${job.runId}: started`);
    try {
      const step = await stepFor(job);
      const blob = await redis.getBuffer(keys.input(job.index));
      if (!blob) throw new Error(`the batch's data is gone from Redis (the run was cancelled or expired)`);
      const inputs = splitInputs(blob, step.inputs, job.count);
      const outs = step.probe(job.count, inputs);
      if (JSON.stringify(outs) !== JSON.stringify(job.outputs))
        throw new BatchInputError(`fn '${job.fn}' here returns ${JSON.stringify(outs)} per row, the submitter's ${JSON.stringify(job.outputs)}; run the same jaxpool and module everywhere.`);
      // Unless told otherwise, take only as many batches as the devices compute at once: a batch
      // waiting here for a device is one another worker could be computing.
      if (o.concurrency === undefined && worker.concurrency !== devs.length * perDevice(step)) worker.concurrency = devs.length * perDevice(step);
      const d = await acquire(step);
      let output: Buffer;
      try {
        const r = await computeBatch(step, { index: job.index, start: job.start, count: job.count }, inputs, devs[d] as WorkerDevice);
        output = Buffer.concat(r.leaves.map((l) => new Uint8Array(l.buffer, l.byteOffset, l.byteLength)));
        r.release();
      } finally {
        release(d);
      }
      await pushDone(job, { index: job.index }, output);
      batches++;
      if (o.verbose) o.onNote?.(`batch ${job.index} of run ${job.runId}: done (rows ${job.start}..${job.start + job.count}) in ${(performance.now() - t0).toFixed(1)} ms`);
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      o.onNote?.(`batch ${job.index} of run ${job.runId} failed: ${msg}`);
      await pushDone(job, { index: job.index, error: msg, code: e instanceof BatchInputError ? 2 : 1 });
      // The same function on the same rows fails again: no retry.
      throw new UnrecoverableError(msg);
    }
  };

  const worker = new Worker<BatchJob>(QUEUE_NAME, (job) => work(job.data), {
    connection: redisClient(o.queue),
    concurrency,
    lockDuration,
    stalledInterval: Math.max(250, lockDuration / 2),
    // A batch whose workers keep dying is retried (the submitter gives up after a few losses).
    maxStalledCount: 10,
    name,
  });
  worker.on('error', (e) => o.onNote?.(`queue error: ${e.message}`));
  await worker.waitUntilReady();
  o.onNote?.(`worker ${name} serving ${o.queue} on ${devs.length} device${devs.length > 1 ? 's' : ''}, ${concurrency} batch${concurrency > 1 ? 'es' : ''} at once`);
  return {
    name,
    get batches() {
      return batches;
    },
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
