// The worker pool: piscina spawns and supervises the threads (resource limits, replacement of a
// crashed worker); each thread is attached once as a device and then driven through SAB rings.
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { WorkerDevice } from './device.js';
import { onDeviceLost } from './sync.js';
import * as P from './protocol.js';
import { collectWithoutHelpers } from './heap.js';

export interface Pool {
  close(): Promise<void>;
  /** Resolves when `dev`'s current worker has died and a replacement is attached. */
  whenReplaced(dev: WorkerDevice): Promise<void>;
}

/** The worker entry, from source (with tsx) or from the build. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`../../workers/device.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  return { filename: fileURLToPath(url), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

export function startPool(devs: WorkerDevice[]): Pool {
  const n = devs.length;
  // No core left for V8's GC helpers once the devices compute (JAXPOOL_GC_HELPERS=1 keeps them).
  if (n >= availableParallelism() && process.env.JAXPOOL_GC_HELPERS !== '1') collectWithoutHelpers();
  const entry = workerEntry();
  const piscina = new Piscina({
    filename: entry.filename,
    execArgv: entry.execArgv,
    minThreads: n,
    maxThreads: n,
    idleTimeout: Infinity,
    atomics: 'disabled',
    concurrentTasksPerWorker: 1,
    resourceLimits: process.env.JAXPOOL_WORKER_MAX_MB ? { maxOldGenerationSizeMb: Number(process.env.JAXPOOL_WORKER_MAX_MB) } : undefined,
  });
  const watched = new WeakSet<Worker>();
  const orphans: WorkerDevice[] = [];
  const replaced = new Map<WorkerDevice, (() => void)[]>();
  let closing = false;

  const attached = (dev: WorkerDevice, threadId: number, replacement: boolean) => {
    dev.threadId = threadId;
    if (replacement) {
      for (const r of replaced.get(dev) ?? []) r();
      replaced.delete(dev);
    }
  };

  /** Initial attach: every task waits on the barrier, so each thread takes exactly one. */
  const attach = (dev: WorkerDevice, barrier: SharedArrayBuffer, tries = 0): void => {
    const msg = dev.attachMessage(barrier, n, null);
    piscina.run(msg).then(
      (threadId: number) => attached(dev, threadId, false),
      (e: unknown) => {
        if (process.env.JAXPOOL_DEBUG) console.error('jaxpool attach failed', dev.id, String(e));
        // A worker that died with the task was handled as a lost device (new incarnation).
        if (closing || msg.incarnation !== dev.incarnation) return;
        if (tries < 50) setTimeout(() => attach(dev, barrier, tries + 1), 5);
        else dev.markLost(`could not attach a worker: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  /**
   * Attach to one particular (new) thread: piscina cannot address a thread, so send one task per
   * thread at once; the others decline after holding theirs briefly (so the tasks spread out).
   */
  const attachTo = (dev: WorkerDevice, threadId: number, tries = 0): void => {
    const msg = dev.attachMessage(null, n, threadId);
    const copies = Math.max(piscina.threads.length, 1);
    let settled = 0;
    let won = false;
    for (let k = 0; k < copies; k++)
      piscina.run(msg).then(
        (tid: number) => {
          won = true;
          attached(dev, tid, true);
        },
        (e: unknown) => {
          if (process.env.JAXPOOL_DEBUG) console.error('jaxpool attachTo declined', dev.id, threadId, String(e));
          if (++settled < copies || won || closing) return;
          if (tries < 50) setTimeout(() => attachTo(dev, threadId, tries + 1), 5);
          else dev.markLost(`could not attach the replacement worker ${threadId}`);
        },
      );
  };

  /** Live threads no device is attached to (each worker records its threadId in its device's SAB). */
  const freeThreads = () => {
    const taken = new Set(devs.map((d) => Atomics.load(d.wake, P.THREAD)));
    return piscina.threads.map((w) => w.threadId).filter((id) => id > 0 && !taken.has(id));
  };
  const adoptOrphans = () => {
    const free = freeThreads();
    while (orphans.length && free.length) attachTo(orphans.shift()!, free.shift()!);
  };

  // Watch each thread piscina starts: its exit (crash, resource limits) loses its device.
  const watchThreads = () => {
    for (const w of piscina.threads) {
      if (watched.has(w)) continue;
      watched.add(w);
      const threadId = w.threadId;
      w.once('exit', (code: number) => {
        // The worker wrote its threadId into its device's SAB when it attached.
        const dev = devs.find((d) => Atomics.load(d.wake, P.THREAD) === threadId);
        if (closing || !dev) return;
        dev.markLost(`its worker thread ${threadId} exited with code ${code}`);
        onDeviceLost(dev);
        dev.reset();
        orphans.push(dev);
        adoptOrphans();
      });
    }
  };
  piscina.on('workerCreate', () => {
    if (closing) return;
    watchThreads();
    adoptOrphans();
  });
  piscina.on('error', (e: unknown) => {
    if (process.env.JAXPOOL_DEBUG) console.error('jaxpool pool error', e);
  });

  const barrier = new SharedArrayBuffer(4);
  for (const d of devs) attach(d, barrier);

  return {
    async close() {
      closing = true;
      await piscina.destroy();
    },
    whenReplaced(dev) {
      return new Promise<void>((resolve) => {
        const list = replaced.get(dev) ?? [];
        list.push(resolve);
        replaced.set(dev, list);
      });
    },
  };
}
