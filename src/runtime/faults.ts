// Fault injection behind the public testing.killDevice: make a device's worker die a chosen way
// at a chosen moment — now, at the start of its next program run, while a host callback of its
// program is in progress, or when a read starts waiting for it.
import { JaxpoolError } from '../core/errors.js';
import * as P from './protocol.js';
import type { WorkerDevice } from './device.js';
import { currentPool, devices } from './devices.js';

/** When the worker dies (see testing.killDevice). */
export type KillMoment = 'now' | 'beforeLaunch' | 'midKernel' | 'duringCallback' | 'duringRead';
/** How it dies: `process.exit` in the worker, an uncaught exception, out of memory (needs JAXPOOL_WORKER_MAX_MB), or `worker.terminate()`. */
export type KillHow = 'exit' | 'crash' | 'oom' | 'terminate';

const moments: readonly KillMoment[] = ['now', 'beforeLaunch', 'midKernel', 'duringCallback', 'duringRead'];
const ways: Record<KillHow, number> = { exit: P.KILL_EXIT, crash: P.KILL_CRASH, oom: P.KILL_OOM, terminate: P.KILL_TERMINATE };

/**
 * Kills armed on the host side, by device: for the device's incarnation when armed (a device
 * replaced meanwhile — lost another way — is not killed again), and whether a read started since.
 */
const pending = new Map<WorkerDevice, { when: KillMoment; how: number; incarnation: number; readSeen: boolean }>();

/** The hooks the runtime calls while a kill is armed. */
export const faults = {
  /** Something is armed (the hot paths look only then). */
  armed: 0,
  /** A host callback of `dev`'s program started. */
  onCallback(dev: WorkerDevice): void {
    if (pending.get(dev)?.when === 'duringCallback') fire(dev);
  },
  /**
   * A read started waiting for work on `dev`. (It may wait on another device's work too — an
   * input computed there, a launch split across devices: the next wake-up's poll ends those.)
   */
  onRead(dev: WorkerDevice): void {
    for (const k of pending.values()) if (k.when === 'duringRead') k.readSeen = true;
    if (pending.get(dev)?.when === 'duringRead') fire(dev);
  },
  /**
   * At each host wake-up: a worker parked at a run is killed — to be terminated mid-kernel, or to
   * die during a read once a read started (a read waiting on it indirectly never names it).
   */
  poll(): void {
    for (const [dev, k] of pending)
      if ((k.when === 'midKernel' || (k.when === 'duringRead' && k.readSeen)) && Atomics.load(dev.control, P.KILL_PARKED) === 1) fire(dev);
  },
};

function fire(dev: WorkerDevice): void {
  const k = pending.get(dev)!;
  pending.delete(dev);
  faults.armed = pending.size;
  if (dev.incarnation === k.incarnation) kill(dev, k.how);
}

function kill(dev: WorkerDevice, how: number, incarnation = dev.incarnation, until = Date.now() + 60_000): void {
  if (dev.incarnation === incarnation) dev.killing = true;
  if (how === P.KILL_TERMINATE) {
    // Before its worker has attached (a pool still starting, a replacement on its way) there is no
    // thread to end yet: end it once there is, unless the device was lost another way meanwhile
    // (or the pool never attaches it: then the pool's own attach timeout loses the device).
    if (!currentPool().terminate(dev) && dev.incarnation === incarnation && Date.now() < until) setTimeout(() => kill(dev, how, incarnation, until), 5);
    return;
  }
  Atomics.store(dev.control, P.KILL_NOW, how);
  Atomics.notify(dev.control, P.KILL_NOW);
  Atomics.add(dev.wake, P.WAKE, 1);
  Atomics.notify(dev.wake, P.WAKE);
}

/**
 * Arm (or perform) a kill of device `id`'s worker; resolves once the pool has replaced it. Invalid
 * arguments reject with a JaxpoolError saying what is accepted.
 */
export async function killDevice(id: number, opts: { when?: KillMoment; how?: KillHow } = {}): Promise<void> {
  const when = opts.when ?? 'now';
  const how = opts.how ?? 'exit';
  const devs = devices();
  const dev = devs[id];
  if (!Number.isInteger(id) || !dev) throw new JaxpoolError(`testing.killDevice: there is no device ${id}; devices are 0 to ${devs.length - 1}.`);
  if (!moments.includes(when)) throw new JaxpoolError(`testing.killDevice: unknown when '${String(when)}'; use one of ${moments.map((m) => `'${m}'`).join(', ')}.`);
  if (!(how in ways)) throw new JaxpoolError(`testing.killDevice: unknown how '${String(how)}'; use one of ${Object.keys(ways).map((m) => `'${m}'`).join(', ')}.`);
  const pool = currentPool();
  if (how === 'oom' && pool.maxOldGenerationSizeMb === undefined)
    throw new JaxpoolError("testing.killDevice: how 'oom' needs worker resource limits; start the process with JAXPOOL_WORKER_MAX_MB set (e.g. 64).");
  const replaced = pool.whenReplaced(dev, dev.incarnation);
  const code = ways[how];
  if (when === 'now' || when === 'beforeLaunch') kill(dev, code);
  else if (when === 'midKernel' && how !== 'terminate') Atomics.store(dev.control, P.KILL_AT_RUN, code);
  else {
    // Park at the next run until the moment comes: a read or callback then finds the worker
    // still in the middle of it (a terminate mid-kernel comes as soon as it parked).
    if (when !== 'duringCallback') Atomics.store(dev.control, P.KILL_AT_RUN, P.KILL_PARK);
    pending.set(dev, { when, how: code, incarnation: dev.incarnation, readSeen: false });
  }
  faults.armed = pending.size;
  await replaced;
}
