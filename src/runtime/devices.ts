// The set of devices: starting the pool on first use, placing launches, losing and replacing
// devices, shutting down; and the profiler's view of every device's kernel events.
import { existsSync } from 'node:fs';
import { config } from '../core/config.js';
import * as P from './protocol.js';
import { WorkerDevice } from './device.js';
import { isDone, type Ticket } from './ticket.js';
import { type Pool, startPool } from './pool.js';
import { registerDeviceProfiler, type TraceEvent } from './profiler.js';
import { abandonCallbacks } from './host.js';
import { armEventLoop, hostBellSab, onDeviceLost } from './sync.js';

let pool: Pool | null = null;
let devs: WorkerDevice[] = [];

function ensurePool(): Pool {
  if (!pool) {
    const n = config.values.numDevices;
    devs = Array.from({ length: n }, (_, i) => new WorkerDevice(i));
    pool = startPool(devs, hostBellSab, {
      died: (dev, incarnation, reason) => deviceDied(dev, incarnation, reason),
      attached: (dev) => {
        dev.replacing = false;
        // Work queued for it meanwhile runs now; waiters see it through the event loop.
        armEventLoop();
      },
    });
  }
  return pool;
}

/** The pool's devices, starting it on first use (JAX's `jax.devices()`). */
export function devices(): WorkerDevice[] {
  ensurePool();
  return devs;
}

/** Device 0: where uncommitted work runs by default. */
export function defaultDevice(): WorkerDevice {
  return devices()[0]!;
}

/** The devices of the running pool (none before first use), without starting it. */
export function liveDevices(): readonly WorkerDevice[] {
  return devs;
}

/** The running pool (started on first use). */
export function currentPool(): Pool {
  return ensurePool();
}

/**
 * Where a launch preferring `preferred` runs: there, unless it cannot take work now — its worker
 * is lost or being replaced, or (for work not committed to it) a host callback awaiting a Promise
 * holds it. Then on a device that can, the idlest; with none, `preferred` (the work waits its turn).
 */
export function placeLaunch(preferred: WorkerDevice, committed: boolean): WorkerDevice {
  if (!preferred.lost && !preferred.replacing && (preferred.awaiting === 0 || committed || !preferred.isBlocked(preferred.depthFor()))) return preferred;
  let best: WorkerDevice | null = null;
  let bestLoad = Infinity;
  for (const d of devs) {
    if (d === preferred || d.isBlocked(d.depthFor())) continue;
    const ring = d.rings[0]!;
    const load = Atomics.load(ring.ctrl, P.HEAD) - Atomics.load(ring.ctrl, P.TAIL) + d.queuedOnHost(0);
    if (load < bestLoad) {
      best = d;
      bestLoad = load;
    }
  }
  if (best) return best;
  if (preferred.lost) throw preferred.lost;
  return preferred;
}

// Effectful programs run in program order: on device 0, or, while it is replaced, on another
// device after the previous one has finished.
let lastEffectTicket: Ticket | null = null;

/** The device for the next effectful program. */
export function effectDevice(): WorkerDevice {
  const d0 = defaultDevice();
  if (!d0.lost && !d0.replacing) return d0;
  return devs.find((d) => !d.lost && !d.replacing) ?? d0;
}

/** The last effectful launch, if it may not have finished (the next one runs after it). */
export function lastEffect(): Ticket | undefined {
  return lastEffectTicket && !isDone(lastEffectTicket) ? lastEffectTicket : undefined;
}

/** Record an effectful launch. */
export function noteEffect(t: Ticket): void {
  lastEffectTicket = t;
}

/** Work to finish before the pool ends (effects.ts: pending prints and io callbacks run first). */
const shutdownFlushes: (() => Promise<void>)[] = [];
export function onShutdown(flush: () => Promise<void>): void {
  shutdownFlushes.push(flush);
}

/**
 * Ends the device pool: pending `debug.print` output and io callbacks are flushed first, then the
 * worker threads stop. A program need not call it (it exits by itself when its work is done); call
 * it to end the workers early, e.g. in a test's teardown. It is idempotent: a second call does nothing,
 * and the next use of jaxpool starts a fresh pool. Work still running on the devices fails with
 * DeviceLostError.
 * @example
 * ```ts
 * const y = jit(f)(x);
 * console.log(await y.data());
 * await shutdown();
 * ```
 */
export async function shutdown(): Promise<void> {
  if (pool) for (const flush of shutdownFlushes) await flush();
  const p = pool;
  pool = null;
  for (const d of devs) {
    d.markLost('the pool was shut down');
    abandonCallbacks(d);
  }
  // Waits for work on them fail now (DeviceLostError), instead of at their timeout.
  onDeviceLost();
  devs = [];
  lastEffectTicket = null;
  if (p) await p.close();
}

/**
 * `dev`'s worker of `incarnation` died: its work is lost (waiters fail with DeviceLostError), its
 * callbacks are abandoned, and a new incarnation waits for a replacement worker.
 */
export function deviceDied(dev: WorkerDevice, incarnation: number, reason: string): void {
  // Its thread is gone: nothing of that incarnation runs any more.
  dev.dying.delete(incarnation);
  if (!pool || dev.incarnation !== incarnation || !devs.includes(dev)) return;
  dev.markLost(reason);
  retire(dev);
}

/** Start a new incarnation of `dev` for a replacement worker; the old one's work fails. */
function retire(dev: WorkerDevice): void {
  abandonCallbacks(dev);
  dev.reset();
  dev.replacing = true;
  onDeviceLost();
  pool!.replace(dev);
}

/**
 * Stop `dev`'s worker, which is running something that does not finish: its work is lost and a
 * replacement takes new work. Returns at once; the old worker's buffers stay allocated until its
 * thread is gone.
 */
export function stopWorker(dev: WorkerDevice, reason: string): void {
  if (!pool || dev.lost) return;
  dev.markLost(reason);
  const incarnation = dev.incarnation;
  dev.dying.set(incarnation, Atomics.load(dev.control, P.OS_TID));
  if (!pool.terminate(dev)) dev.dying.delete(incarnation);
  retire(dev);
}

/** The OS thread `tid` still exists (Linux; tid 0: unknown, elsewhere the pool's exit event tells). */
function threadAlive(tid: number): boolean {
  return tid === 0 || existsSync(`/proc/self/task/${tid}`);
}

/**
 * From a blocking wait, which keeps the pool's exit events from running: notice workers whose
 * thread is gone, and treat them as died.
 */
export function checkWorkersAlive(): void {
  for (const d of devs) {
    if (!d.lost && d.attached && !threadAlive(Atomics.load(d.control, P.OS_TID))) deviceDied(d, d.incarnation, 'its worker thread is gone');
    for (const [incarnation, tid] of d.dying) if (!threadAlive(tid)) d.dying.delete(incarnation);
  }
}

/** Wait (blocking, up to `ms`) for `dev`'s stopped workers' threads to end. */
export function awaitStopped(dev: WorkerDevice, ms: number): void {
  const end = performance.now() + ms;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    for (const [incarnation, tid] of dev.dying) if (tid === 0 || !threadAlive(tid)) dev.dying.delete(incarnation);
    if (dev.dying.size === 0 || performance.now() > end) return;
    Atomics.wait(nap, 0, 0, 5);
  }
}

// Worker-side kernel events for the profiler: one track per device.
registerDeviceProfiler({
  start() {
    for (const d of devs) {
      Atomics.store(d.wake, P.EVENT_COUNT, 0);
      Atomics.store(d.wake, P.PROFILING, 1);
    }
  },
  collect(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const d of devs) {
      Atomics.store(d.wake, P.PROFILING, 0);
      const tid = 100 + d.id;
      out.push({ name: 'thread_name', ph: 'M', pid: 1, tid, args: { name: `${d}` } });
      const ev = new Float64Array(d.eventsSab);
      const n = Math.min(Atomics.load(d.wake, P.EVENT_COUNT), P.MAX_EVENTS);
      for (let k = 0; k < n; k++) {
        const start = ev[k * 4 + 2]! * 1000;
        const op = Math.floor(ev[k * 4 + 1]! / 16);
        const depth = ev[k * 4 + 1]! % 16;
        // Runs are named after their program; compiles and cross-device waits say what they are.
        const first = ev[k * 4]!;
        const name =
          op === P.OP_COMPILE ? `compile ${d.labelOf(first)}` : op === P.OP_WAIT ? `wait for WorkerDevice(id=${Math.floor(first / 2 / P.MAX_DEPTH)})` : d.labelOf(first);
        out.push({ name, ph: 'X', pid: 1, tid, ts: start, dur: Math.max(ev[k * 4 + 3]! * 1000 - start, 0.01), args: { depth } });
      }
    }
    return out;
  },
});
