// The worker pool: piscina spawns and supervises the threads (resource limits, replacement of a
// crashed worker); each thread is attached once as a device and then driven through SAB rings.
import { Piscina } from 'piscina';
import { fileURLToPath } from 'node:url';
import type { WorkerDevice } from './device.js';
import { onDeviceLost } from './device.js';

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
  const entry = workerEntry();
  const piscina = new Piscina({
    filename: entry.filename,
    execArgv: entry.execArgv,
    minThreads: n,
    maxThreads: n,
    idleTimeout: Infinity,
    atomics: 'disabled',
    concurrentTasksPerWorker: 1,
  });
  const byThread = new Map<number, WorkerDevice>();
  const replaced = new Map<WorkerDevice, (() => void)[]>();
  const orphans: WorkerDevice[] = [];
  let closing = false;

  const attach = (dev: WorkerDevice, barrier: SharedArrayBuffer | null, target: number | null, tries = 0): void => {
    const msg = dev.attachMessage(barrier, n, target);
    piscina.run(msg).then(
      (threadId: number) => {
        dev.threadId = threadId;
        byThread.set(threadId, dev);
        for (const r of replaced.get(dev) ?? []) r();
        replaced.delete(dev);
      },
      (e: unknown) => {
        if (closing) return;
        // Another worker took the task (already attached or not the target): try again.
        if (tries < 200) setTimeout(() => attach(dev, barrier, target, tries + 1), 2);
        else dev.markLost(`could not attach a worker: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  };

  const barrier = new SharedArrayBuffer(4);
  for (const d of devs) attach(d, barrier, null);

  piscina.on('workerDestroy', (w: { id: number }) => {
    if (closing) return;
    const dev = byThread.get(w.id);
    if (!dev) return;
    byThread.delete(w.id);
    dev.markLost(`its worker thread ${w.id} exited`);
    onDeviceLost(dev);
    dev.reset();
    orphans.push(dev);
  });
  // piscina starts a replacement thread; attach the orphaned device to exactly that thread.
  piscina.on('workerCreate', (w: { id: number }) => {
    if (closing) return;
    const orphan = orphans.shift();
    if (orphan) attach(orphan, null, w.id);
  });
  piscina.on('error', () => undefined);

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
