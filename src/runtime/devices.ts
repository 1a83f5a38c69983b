// The set of devices: starting the pool on first use, shutting it down, and the profiler's view
// of every device's kernel events.
import { config } from '../core/config.js';
import * as P from './protocol.js';
import { WorkerDevice } from './device.js';
import { type Pool, startPool } from './pool.js';
import { registerDeviceProfiler, type TraceEvent } from './profiler.js';

let pool: Pool | null = null;
let devs: WorkerDevice[] = [];

function ensurePool(): Pool {
  if (!pool) {
    const n = config.values.numDevices;
    devs = Array.from({ length: n }, (_, i) => new WorkerDevice(i));
    pool = startPool(devs);
  }
  return pool;
}

/** The pool's devices, starting it on first use (JAX's `jax.devices()`). */
export function devices(): WorkerDevice[] {
  ensurePool();
  return devs;
}

/** Device 0: where uncommitted work and every effectful program run. */
export function defaultDevice(): WorkerDevice {
  return devices()[0]!;
}

/** The devices of the running pool (none before first use), without starting it. */
export function liveDevices(): readonly WorkerDevice[] {
  return devs;
}

/** End the pool; the next use starts a fresh one. */
export async function shutdown(): Promise<void> {
  const p = pool;
  pool = null;
  for (const d of devs) d.markLost('the pool was shut down');
  devs = [];
  if (p) await p.close();
}

/** Test hook: make a device's worker exit; the pool replaces it. */
export async function _killDevice(id: number): Promise<void> {
  const d = devices()[id]!;
  const died = ensurePool().whenReplaced(d);
  // Written past the queue's end, so the kill need not wait for space behind a long program.
  d.sendKill();
  await died;
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
