// The profiler: a Chrome trace (opens in Perfetto) with a track per worker device and one for the host.
import { writeFile } from 'node:fs/promises';

interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

let active = false;
let hostEvents: TraceEvent[] = [];
/** Hooks the device pool installs: start/stop worker-side recording and collect its events. */
const deviceHooks: { start: () => void; collect: () => TraceEvent[] }[] = [];

export function nowUs(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

export function isProfiling(): boolean {
  return active;
}

export function registerDeviceProfiler(hook: { start: () => void; collect: () => TraceEvent[] }): void {
  deviceHooks.push(hook);
}

export type { TraceEvent };

/** JAX's `jax.profiler`: a timeline of host and device work (kernels, syncs, copies, callbacks). */
export const profiler = {
  /** Starts recording events on the host and every device (JAX's `jax.profiler.start_trace`). */
  startTrace(): void {
    active = true;
    hostEvents = [];
    for (const h of deviceHooks) h.start();
  },
  /** Stops recording and writes a Chrome trace (`chrome://tracing`, Perfetto) to `path`. */
  async stopTrace(path: string): Promise<void> {
    active = false;
    const events: TraceEvent[] = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'jaxpool' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'host' } },
      ...hostEvents,
      ...deviceHooks.flatMap((h) => h.collect()),
    ];
    await writeFile(path, JSON.stringify({ traceEvents: events, displayTimeUnit: 'ms' }));
  },
  /** Internal: a host-track event (callback execution, transfer, wait). */
  hostEvent(name: string, startUs: number, durUs: number, args?: Record<string, unknown>): void {
    if (active) hostEvents.push({ name, ph: 'X', pid: 1, tid: 0, ts: startUs, dur: Math.max(durUs, 0.01), args });
  },
};
