// Test hooks users can rely on too (API.md section 6): fault injection at a chosen moment and
// memory figures, so fault tests — the project's and its users' — need no internal paths.
import { killDevice, type KillHow, type KillMoment } from './runtime/faults.js';
import { collectGarbage, heapStats } from './runtime/heap.js';
import { liveDevices } from './runtime/devices.js';
import { failuresHeld } from './runtime/failures.js';

export type { KillHow, KillMoment };

/** Memory figures of the device heap and the runtime. */
export interface MemoryStats {
  /** Device buffers allocated and not yet freed. */
  liveBuffers: number;
  /** Their bytes. */
  liveBytes: number;
  /** Size of the shared device heap (it grows, never shrinks). */
  heapBytes: number;
  /** The most bytes ever live at once. */
  peakBytes: number;
  /** Failed results whose error was not raised by a read yet (and whose arrays are alive). */
  failureRecords: number;
  /** Compiled programs loaded on the workers, summed over devices. */
  loadedPrograms: number;
}

/**
 * Memory figures now; `{ collect: true }` first collects garbage, so dropped arrays' buffers and
 * failure records no longer count.
 */
export function memoryStats(opts: { collect?: boolean } = {}): MemoryStats {
  const devs = liveDevices();
  if (opts.collect) collectGarbage();
  for (const d of devs) d.sweep();
  const h = heapStats();
  return {
    liveBuffers: h.liveBuffers,
    liveBytes: h.liveBytes,
    heapBytes: h.capacity,
    peakBytes: h.peakBytes,
    failureRecords: failuresHeld(),
    loadedPrograms: devs.reduce((s, d) => s + d.loadedPrograms, 0),
  };
}

/** Fault injection and memory figures (`import { testing } from 'jaxpool'`). */
export const testing = {
  /**
   * Make device `id`'s worker die — `how`: 'exit' (process.exit in the worker, default), 'crash'
   * (an uncaught exception), 'oom' (out of memory; needs JAXPOOL_WORKER_MAX_MB) or 'terminate'
   * (worker.terminate()) — `when`: 'now' (default; 'beforeLaunch' is the same: the next launch
   * meets a dead worker), 'midKernel' (at the start of its next program run), 'duringCallback'
   * (once a host callback of its program has started) or 'duringRead' (when a read starts waiting
   * for work on it). Resolves once the pool has replaced the worker; work that was on it raises
   * DeviceLostError.
   */
  killDevice: killDevice as (id: number, opts?: { when?: KillMoment; how?: KillHow }) => Promise<void>,
  /** Memory figures: live device buffers and bytes, heap size and peak, failure records held (see MemoryStats). */
  memoryStats,
};
