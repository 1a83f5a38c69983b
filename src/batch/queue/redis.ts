// Redis for batch queues: the --queue URL, a reachability probe that fails fast with one line, and
// the keys a run keeps its batch data under (data travel through Redis, not a shared filesystem).
import { hostname } from 'node:os';
import { Redis, type RedisOptions } from 'ioredis';
import { BatchInputError } from '../errors.js';

/** The BullMQ queue every batch job and worker use. */
export const QUEUE_NAME = 'jaxpool-batch';
/** Batch data left behind by an abandoned run expire after this long. */
export const KEY_TTL_SECONDS = 7 * 24 * 3600;

/** Connection options from `redis://[user:password@]HOST:PORT[/DB]`. */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BatchInputError(`--queue ${url} is not a URL; give redis://HOST:PORT.`);
  }
  if (u.protocol !== 'redis:' || !u.hostname) throw new BatchInputError(`--queue ${url} is not a redis:// URL; give redis://HOST:PORT.`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new BatchInputError(`--queue ${url}: database '${u.pathname.slice(1)}' is not a number.`);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Connect once, without retrying: an unreachable Redis is bad input, reported in one line. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  let cause: unknown = null;
  client.on('error', (e: unknown) => (cause ??= e)); // connect() rejects with a generic message
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const err = (cause ?? e) as { code?: string; message?: string };
    throw new BatchInputError(`cannot reach Redis at ${url} (${err.code ?? err.message ?? String(e)}); start redis-server there or fix --queue.`);
  } finally {
    client.disconnect();
  }
}

/** A client for data and for BullMQ (which needs maxRetriesPerRequest: null to block). */
export function redisClient(url: string): Redis {
  const client = new Redis({ ...redisOptions(url), maxRetriesPerRequest: null });
  client.on('error', () => undefined); // ioredis reconnects; commands wait for it
  return client;
}

/** The keys of one run's data. */
export function runKeys(runId: string) {
  const p = `jaxpool:run:${runId}`;
  return {
    pattern: `${p}:*`,
    input: (index: number) => `${p}:in:${index}`,
    output: (index: number) => `${p}:out:${index}`,
    /** Finished batches (or their errors), pushed by workers, popped by the submitter. */
    done: `${p}:done`,
  };
}

/** The BullMQ job id of a run's batch. */
export function jobId(runId: string, index: number): string {
  return `${runId}-${index}`;
}

/** How workers name themselves in summaries and notes. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

/** What a job carries besides its data (which is under `runKeys(runId).input(index)`). */
export interface BatchJob {
  runId: string;
  index: number;
  start: number;
  count: number;
  module: { spec: string; hash: string };
  fn: string;
  x64: boolean;
  inputs: { dtype: string; rowShape: number[] }[];
  outputs: { dtype: string; rowShape: number[] }[];
}

/** What a worker pushes to the done list for a batch. */
export interface DoneEntry {
  index: number;
  worker: string;
  /** Transfer-ledger bytes on the worker since its previous report. */
  h2d: number;
  d2h: number;
  /** A failure: its message and the exit code it maps to (2: bad input, 1: computing). */
  error?: string;
  code?: number;
}
