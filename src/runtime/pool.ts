// The worker pool: piscina spawns and supervises the threads (resource limits, a new thread for
// each one that exits); each thread is attached as one device and then driven through SAB rings.
// piscina cannot address a thread, so a device's attach task goes to every thread and the first
// free one claims the device (a compare-exchange on its control block); the others decline.
import { createRequire } from 'node:module';
import type { Piscina as PiscinaType } from 'piscina';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { WorkerDevice } from './device.js';
import { collectWithoutHelpers } from './heap.js';

/** The running pool, as the devices see it. */
export interface Pool {
  close(): Promise<void>;
  /** Attach a new worker to `dev`'s new incarnation (its old worker died). */
  replace(dev: WorkerDevice): void;
  /** Resolves when `dev` has a worker for an incarnation after `incarnation`. */
  whenReplaced(dev: WorkerDevice, incarnation: number): Promise<void>;
  /** Stop `dev`'s worker thread (it may be in the middle of a kernel); its exit is reported as a death. */
  terminate(dev: WorkerDevice): boolean;
  /** The worker limits, if any (`JAXPOOL_WORKER_MAX_MB`). */
  readonly maxOldGenerationSizeMb: number | undefined;
}

/** What the pool tells the devices. */
export interface PoolEvents {
  /** `dev`'s worker of `incarnation` exited. */
  died(dev: WorkerDevice, incarnation: number, reason: string): void;
  /** A worker now serves `dev`'s current incarnation. */
  attached(dev: WorkerDevice): void;
}

/** Set by the bundled build (scripts/bundle.mjs): the worker's path from the bundle's chunk. */
declare const JAXPOOL_WORKER_FROM_BUNDLE: string | undefined;

/** The worker entry, from source (with tsx) or from the build (tsc's layout, or the bundle's). */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const path = typeof JAXPOOL_WORKER_FROM_BUNDLE === 'string' ? JAXPOOL_WORKER_FROM_BUNDLE : `../../workers/device.${fromSource ? 'ts' : 'js'}`;
  const url = new URL(path, import.meta.url);
  return { filename: fileURLToPath(url), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/** Give up attaching a device after this long without a free thread taking it. */
const ATTACH_GIVE_UP_MS = 30_000;

/** Start `devs.length` threads and attach one to each device. */
export function startPool(devs: readonly WorkerDevice[], hostBell: SharedArrayBuffer, events: PoolEvents): Pool {
  const n = devs.length;
  // No core left for V8's GC helpers once the devices compute (JAXPOOL_GC_HELPERS=1 keeps them).
  if (n >= availableParallelism() && process.env.JAXPOOL_GC_HELPERS !== '1') collectWithoutHelpers();
  const entry = workerEntry();
  const maxMb = process.env.JAXPOOL_WORKER_MAX_MB ? Number(process.env.JAXPOOL_WORKER_MAX_MB) : undefined;
  // Loaded here, not at import: `import 'jaxpool'` starts no worker and should cost little (issue 20).
  const { Piscina } = createRequire(import.meta.url)('piscina') as { Piscina: typeof PiscinaType };
  const piscina = new Piscina({
    filename: entry.filename,
    execArgv: entry.execArgv,
    minThreads: n,
    maxThreads: n,
    idleTimeout: Infinity,
    atomics: 'disabled',
    concurrentTasksPerWorker: 1,
    resourceLimits: maxMb ? { maxOldGenerationSizeMb: maxMb } : undefined,
  });
  let closing = false;
  /** Which device (and incarnation) each live thread serves. */
  const serving = new Map<number, { dev: WorkerDevice; incarnation: number }>();
  const waiting = new Map<WorkerDevice, { after: number; resolve: () => void }[]>();
  /** Devices whose new incarnation has no worker yet. */
  const orphans = new Set<WorkerDevice>();
  const watched = new WeakSet<Worker>();

  const attached = (dev: WorkerDevice, threadId: number, incarnation: number) => {
    if (process.env.JAXPOOL_DEBUG) console.error('jaxpool attached', dev.id, incarnation, 'thread', threadId, 'current', dev.incarnation);
    // Its exit must be seen even if piscina announced the thread after the task ran.
    watchThreads();
    if (dev.incarnation !== incarnation) return;
    serving.set(threadId, { dev, incarnation });
    orphans.delete(dev);
    events.attached(dev);
    const list = waiting.get(dev) ?? [];
    const keep = list.filter((w) => w.after >= incarnation);
    for (const w of list) if (w.after < incarnation) w.resolve();
    if (keep.length) waiting.set(dev, keep);
    else waiting.delete(dev);
  };

  /**
   * Offer `dev`'s current incarnation to `copies` threads at once; the first free thread claims
   * it. If none did (no free thread yet), try again until one appears. A replacement goes out as
   * one copy per device: with fewer threads than that, the copies no thread is free to take make
   * piscina start new ones (its own replacement of an exited thread is not always done).
   */
  const offer = (dev: WorkerDevice, barrier: SharedArrayBuffer | null, copies = n, since = Date.now()): void => {
    const incarnation = dev.incarnation;
    const msg = dev.attachMessage(hostBell, barrier, n);
    let declined = 0;
    for (let k = 0; k < copies; k++)
      piscina.run(msg).then(
        (threadId: number) => attached(dev, threadId, incarnation),
        (e: unknown) => {
          if (process.env.JAXPOOL_DEBUG) console.error('jaxpool attach declined', dev.id, String(e));
          if (++declined < copies || closing || dev.incarnation !== incarnation || dev.attached) return;
          if (Date.now() - since > ATTACH_GIVE_UP_MS) {
            dev.markLost(`no worker thread could be attached to it: ${e instanceof Error ? e.message : String(e)}`);
            return;
          }
          setTimeout(() => offer(dev, barrier, n, since), 10).unref();
        },
      );
  };

  // Watch each thread piscina starts: its exit (crash, resource limits, terminate) loses its device.
  const watchThreads = () => {
    for (const w of piscina.threads) {
      if (watched.has(w)) continue;
      watched.add(w);
      const threadId = w.threadId;
      w.once('exit', (code: number) => {
        // A thread that claimed its device before the host saw its task resolve is found by its claim.
        const d = devs.find((x) => x.threadId === threadId);
        const s = serving.get(threadId) ?? (d ? { dev: d, incarnation: d.incarnation } : undefined);
        serving.delete(threadId);
        if (process.env.JAXPOOL_DEBUG) console.error('jaxpool thread exit', threadId, code, s?.dev.id, s?.incarnation, 'threads', piscina.threads.map((t) => t.threadId));
        if (closing || !s) return;
        events.died(s.dev, s.incarnation, `its worker thread ${threadId} exited with code ${code}`);
      });
    }
  };
  const adoptOrphans = () => {
    for (const dev of orphans) if (!dev.attached) offer(dev, null);
  };
  piscina.on('workerCreate', () => {
    if (process.env.JAXPOOL_DEBUG) console.error('jaxpool workerCreate', piscina.threads.map((t) => t.threadId));
    if (closing) return;
    watchThreads();
    adoptOrphans();
  });
  piscina.on('error', (e: unknown) => {
    if (process.env.JAXPOOL_DEBUG) console.error('jaxpool pool error', e);
  });

  // piscina starts its first threads as it is made, before any workerCreate listener.
  watchThreads();
  // Initial attach: every task waits on the barrier, so each thread takes exactly one.
  const barrier = new SharedArrayBuffer(4);
  for (const d of devs) offer(d, barrier, 1);

  return {
    maxOldGenerationSizeMb: maxMb,
    async close() {
      closing = true;
      for (const list of waiting.values()) for (const w of list) w.resolve();
      waiting.clear();
      await piscina.destroy();
    },
    replace(dev) {
      orphans.add(dev);
      // A thread without a device may exist already; otherwise piscina's new thread adopts it.
      adoptOrphans();
    },
    whenReplaced(dev, incarnation) {
      return new Promise<void>((resolve) => {
        const list = waiting.get(dev) ?? [];
        list.push({ after: incarnation, resolve });
        waiting.set(dev, list);
      });
    },
    terminate(dev) {
      const w = piscina.threads.find((t) => t.threadId === dev.threadId);
      if (!w) return false;
      void w.terminate();
      return true;
    },
  };
}
