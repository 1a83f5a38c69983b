// The submitter's side of a queued run: each batch's rows go to Redis and a BullMQ job names them;
// workers push finished batches to the run's done list, which one loop here pops. A resumed run
// first takes what finished while it was away, then waits for what is still queued, and queues
// only the rest. Jobs lost outright (failed after too many stalls) are queued again.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { NpyData } from '../../io/npy.js';
import type { Executor } from '../driver.js';
import type { BatchResult } from '../local.js';
import { BatchInputError, BatchInterruptedError } from '../errors.js';
import type { BatchRange } from '../plan.js';
import type { Target } from '../run.js';
import { rowBytes, type RowSpec } from '../step.js';
import type { BatchSummary } from '../types.js';
import { type BatchJob, type DoneEntry, jobId, KEY_TTL_SECONDS, probeRedis, QUEUE_NAME, redisClient, runKeys } from './redis.js';

export interface QueueOpenOptions {
  url: string;
  runId: string;
  /** Whether this run continues an earlier one (whose batches may be finished or queued already). */
  resumed: boolean;
  target: Target;
  inputs: RowSpec[];
  outputs: RowSpec[];
  x64: boolean;
  /** Batches queued or computing at once (bounds Redis memory). */
  window?: number;
  onNote?: (message: string) => void;
}

interface Pending {
  b: BatchRange;
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
  /** Times this batch was queued by this submitter. */
  queued: number;
  /** Set once start() decided where the result comes from (the watchdog leaves it alone before). */
  started: boolean;
}

/** How often the submitter looks for lost jobs and for workers, in ms. */
const WATCH_MS = 2000;
/** Times a batch is queued again after its job was lost, before the run fails. */
const MAX_REQUEUE = 5;

export class QueueExecutor implements Executor {
  readonly window: number;
  private readonly keys;
  private readonly pending = new Map<number, Pending>();
  /** Batches finished in Redis that no compute() asked for yet (a resumed run). */
  private readonly ready = new Set<number>();
  private readonly finished = new Set<number>();
  private readonly workers = new Set<string>();
  /** Batches this submitter queued that have not come back. */
  private readonly queuedIds = new Set<number>();
  private duplicates = 0;
  private h2d = 0;
  private d2h = 0;
  private closed = false;
  private loop: Promise<void>;
  private lastProgress = performance.now();
  private lastNote = -Infinity;
  private watchTimer: ReturnType<typeof setInterval>;
  private failure: unknown = null;

  private constructor(
    private readonly o: QueueOpenOptions,
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly blocking: Redis,
  ) {
    this.window = o.window ?? 8;
    this.keys = runKeys(o.runId);
    this.loop = this.popLoop();
    this.watchTimer = setInterval(() => void this.watch(), WATCH_MS);
  }

  static async open(o: QueueOpenOptions): Promise<QueueExecutor> {
    await probeRedis(o.url);
    const redis = redisClient(o.url);
    const queue = new Queue(QUEUE_NAME, { connection: redis });
    queue.on('error', () => undefined);
    return new QueueExecutor(o, queue, redis, redisClient(o.url));
  }

  compute(b: BatchRange, inputs: NpyData[]): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const p: Pending = { b, resolve, reject, queued: 0, started: false };
      this.pending.set(b.index, p);
      this.start(p, inputs).then(
        () => void (p.started = true),
        (e: unknown) => this.fail(e),
      );
    });
  }

  /** Take a finished result, wait for a queued job, or queue the batch. */
  private async start(p: Pending, inputs: NpyData[]): Promise<void> {
    const i = p.b.index;
    if (this.ready.delete(i)) return this.take(i);
    // A fresh run has nothing in Redis yet: queue at once.
    if (!this.o.resumed) return this.enqueue(p, inputs);
    if (await this.redis.exists(this.keys.output(i))) return this.take(i);
    const state = await this.queue.getJobState(jobId(this.o.runId, i));
    if (['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(state) && (await this.redis.exists(this.keys.input(i)))) return;
    await this.enqueue(p, inputs);
  }

  private async enqueue(p: Pending, inputs: NpyData[] | null): Promise<void> {
    const i = p.b.index;
    p.queued++;
    this.queuedIds.add(i);
    if (inputs) {
      const blob = Buffer.concat(inputs.map((d) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
      await this.redis.set(this.keys.input(i), blob, 'EX', KEY_TTL_SECONDS);
    }
    const job: BatchJob = {
      runId: this.o.runId,
      index: i,
      start: p.b.start,
      count: p.b.count,
      module: { spec: this.o.target.module!.spec, hash: this.o.target.module!.hash },
      fn: this.o.target.exportName,
      x64: this.o.x64,
      inputs: this.o.inputs,
      outputs: this.o.outputs,
    };
    // A job of the same id still known to BullMQ (e.g. failed) would make add() a no-op.
    if (p.queued > 1 || this.o.resumed) await this.queue.remove(jobId(this.o.runId, i)).catch(() => undefined);
    await this.queue.add('batch', job, { jobId: jobId(this.o.runId, i), removeOnComplete: true, removeOnFail: true, attempts: 1 });
  }

  /** Read a finished batch's output and hand it to its compute() promise. */
  private async take(i: number): Promise<void> {
    const p = this.pending.get(i);
    if (!p) return;
    const blob = await this.redis.getBuffer(this.keys.output(i));
    if (!blob) {
      // Gone between the check and the read (another submitter of this run took it): compute again.
      return this.enqueue(p, null);
    }
    this.pending.delete(i);
    this.queuedIds.delete(i);
    this.finished.add(i);
    this.lastProgress = performance.now();
    // The driver writes and journals it; a kill before the journal recomputes it on resume.
    await this.redis.del(this.keys.input(i), this.keys.output(i));
    const leaves: ArrayBufferView[] = [];
    let at = 0;
    for (const s of this.o.outputs) {
      const n = p.b.count * rowBytes(s);
      if (at + n > blob.length) return p.reject(new Error(`batch ${i} came back with ${blob.length} bytes, fewer than its outputs need; a worker runs a different function.`));
      leaves.push(new Uint8Array(blob.buffer, blob.byteOffset + at, n));
      at += n;
    }
    p.resolve({ leaves, release: () => undefined });
  }

  private async popLoop(): Promise<void> {
    while (!this.closed) {
      let r: [string, string] | null;
      try {
        r = await this.blocking.brpop(this.keys.done, 1);
      } catch (e) {
        if (this.closed) return;
        this.fail(new Error(`lost Redis at ${this.o.url}: ${(e as Error).message}`));
        return;
      }
      if (!r) continue;
      const entry = JSON.parse(r[1]) as DoneEntry;
      this.workers.add(entry.worker);
      this.h2d += entry.h2d;
      this.d2h += entry.d2h;
      if (entry.error !== undefined) {
        const msg = `worker ${entry.worker}, batch of rows from ${entry.index}: ${entry.error}`;
        this.fail(entry.code === 2 ? new BatchInputError(msg) : new Error(msg));
        continue;
      }
      if (this.pending.has(entry.index)) await this.take(entry.index).catch((e: unknown) => this.fail(e));
      else if (this.finished.has(entry.index)) {
        // Computed twice (a worker's lock expired while it still ran): keep the first.
        this.duplicates++;
        await this.redis.del(this.keys.output(entry.index));
      } else this.ready.add(entry.index);
    }
  }

  /** Queue again batches whose jobs were lost; say so when no worker is there. */
  private async watch(): Promise<void> {
    if (this.closed || !this.pending.size) return;
    try {
      for (const p of this.pending.values()) {
        if (!p.started) continue;
        const state = await this.queue.getJobState(jobId(this.o.runId, p.b.index));
        if (state !== 'unknown' && state !== 'failed') continue;
        if (await this.redis.exists(this.keys.output(p.b.index))) continue; // its done entry is on the way
        if (!(await this.redis.exists(this.keys.input(p.b.index)))) continue; // not uploaded yet
        if (p.queued >= MAX_REQUEUE) throw new Error(`batch of rows from ${p.b.start} was lost ${p.queued} times (its workers died or stalled); check the workers' logs.`);
        await this.enqueue(p, null);
      }
      const now = performance.now();
      if (now - this.lastProgress > 10_000 && now - this.lastNote > 30_000 && (await this.queue.getWorkersCount()) === 0) {
        this.lastNote = now;
        this.o.onNote?.(`waiting: no worker is connected to ${this.o.url}; start one with: jaxpool worker --queue ${this.o.url}`);
      }
    } catch (e) {
      if (!this.closed) this.fail(e);
    }
  }

  abandon(): void {
    // The jobs stay queued: workers may finish them for a later --resume.
    this.fail(new BatchInterruptedError('interrupted while batches were queued'));
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  summary(): Pick<BatchSummary, 'workers' | 'duplicateBatches' | 'hostToDeviceBytes' | 'deviceToHostBytes'> {
    return { workers: [...this.workers].sort(), duplicateBatches: this.duplicates, hostToDeviceBytes: this.h2d, deviceToHostBytes: this.d2h };
  }

  /** Stop; with `discard`, remove this run's queued jobs and data. */
  async close(discard: boolean): Promise<void> {
    this.closed = true;
    clearInterval(this.watchTimer);
    this.blocking.disconnect();
    await this.loop;
    if (discard) {
      await Promise.all([...this.queuedIds].map((i) => this.queue.remove(jobId(this.o.runId, i)).catch(() => undefined)));
      await deleteMatching(this.redis, this.keys.pattern);
    }
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** Delete every key matching `pattern` (SCAN, so a large shared Redis is not blocked). */
async function deleteMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
