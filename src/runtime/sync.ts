// Sync points: waiting for a command to finish, either blocking the host (serving host callbacks
// meanwhile) or through the event loop (Atomics.waitAsync on the host doorbell).
import { config } from '../core/config.js';
import { JaxpoolError, TimeoutError } from '../core/errors.js';
import * as P from './protocol.js';
import { isDone, type Ticket } from './ticket.js';
import { recordSync } from './transfers.js';
import { isProfiling, nowUs, profiler } from './profiler.js';
import type { WorkerDevice } from './device.js';
import { liveDevices } from './devices.js';
import { callbacksInProgress, callbacksServed, serviceCallbacks } from './host.js';

// The host doorbell: workers bump it on every completion and callback request.
export const hostBellSab = new SharedArrayBuffer(16);
const hostBell = new Int32Array(hostBellSab);

function describe(t: Ticket): string {
  const dev = t.device;
  const ring = dev.rings[t.depth];
  const cb = ring ? dev.rings.some((r) => Atomics.load(r.ctrl, P.CB_STATE) !== P.CB_IDLE) : false;
  const tail = ring ? Atomics.load(ring.ctrl, P.TAIL) : -1;
  return `${dev}, program '${t.label}' (command ${t.seq}, ${tail} finished on that queue)${cb ? ', a host callback is in progress' : ''}`;
}

/**
 * The host callback that `t` waits for (through its queue or its inputs), if any: a program whose
 * callback is running or awaiting a Promise holds up its queue and every shallower one on its
 * device, and neither can move while the host blocks, so such a wait would hang.
 */
function blockingCallback(t: Ticket, seen?: Set<Ticket>): { device: WorkerDevice; promise: boolean } | null {
  if (callbacksInProgress === 0) return null;
  seen ??= new Set();
  if (seen.has(t) || isDone(t)) return null;
  seen.add(t);
  const dev = t.device;
  if (dev.callbackDepths.some((d) => d >= t.depth)) return { device: dev, promise: dev.awaitingPromise.some((d) => d >= t.depth) };
  for (const d of t.deps) {
    const b = blockingCallback(d, seen);
    if (b) return b;
  }
  return null;
}

/** How long a blocking read spins before it sleeps. */
const SPIN_MS = 0.05;

export function blockUntil(done: () => boolean, what: string, t: Ticket, onWake?: () => void): void {
  const stuck = blockingCallback(t);
  if (stuck?.promise)
    throw new JaxpoolError(
      `${what} would wait for a host callback on ${stuck.device} that is awaiting a Promise, which cannot settle while the host blocks; use \`await x.data()\` (or blockUntilReady) instead of a blocking read here.`,
    );
  if (stuck)
    throw new JaxpoolError(
      `${what} would wait for work queued behind the program whose host callback is running now (on ${stuck.device}), which cannot finish before the callback returns; read that value after the call, or compute what the callback needs inside it.`,
    );
  const start = performance.now();
  const deadline = start + config.values.syncTimeoutMs;
  let served = -1;
  let spinUntil = start + SPIN_MS;
  for (let spins = 0; !done(); spins++) {
    // Read the doorbell before looking for work, so a request posted after the look wakes us.
    const v = Atomics.load(hostBell, 0);
    if (v !== served) {
      served = v;
      const before = callbacksServed;
      serviceCallbacks(true);
      // Serving restarts the spin budget: a kernel calling the host in a loop stays on the fast path.
      if (callbacksServed !== before) spinUntil = performance.now() + SPIN_MS;
      onWake?.();
      continue;
    }
    // Spin briefly (a handoff costs ~0.2 µs spinning, ~40 µs after sleeping), then sleep in slices:
    // a longer spin would take a core from the workers computing what we wait for.
    if ((spins & 63) !== 0 || performance.now() < spinUntil) continue;
    Atomics.wait(hostBell, 0, v, 20);
    if (t.device.lost) break;
    if (performance.now() > deadline)
      throw new TimeoutError(`timed out after ${config.values.syncTimeoutMs} ms waiting for ${what} on ${describe(t)}; a kernel may be looping or a worker stuck. Raise config syncTimeoutMs if this work is expected to take longer.`);
  }
  const waited = performance.now() - start;
  recordSync(waited);
  if (isProfiling()) profiler.hostEvent('wait', nowUs() - waited * 1000, waited * 1000, { what });
}

function checkFailures(t: Ticket, seen?: Set<Ticket>): void {
  if (seen?.has(t)) return;
  const f = t.device.failureOf(t);
  if (f) throw f;
  if (!t.deps.length) return;
  seen ??= new Set();
  seen.add(t);
  for (const d of t.deps) {
    if (!isDone(d)) blockUntil(() => isDone(d), 'an input', d);
    checkFailures(d, seen);
  }
  t.deps = [];
}

/** Blocking sync point; serves host callbacks while it waits, calling `onWake` at each wake-up. */
export function waitFor(t: Ticket, what: string, onWake?: () => void): void {
  if (!isDone(t)) blockUntil(() => isDone(t), what, t, onWake);
  checkFailures(t);
}

// --- the event-loop path ---
// Per wait and wake: no timer of its own and no named closure (besides their cost, tsx's
// keepNames names each named closure as it is created).
interface Waiter {
  t: Ticket;
  what: string;
  start: number;
  deadline: number;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Called at each wake-up before the ticket is done (e.g. to copy out finished chunks). */
  onWake: (() => void) | undefined;
}
let waiters: Waiter[] = [];
let armed = false;

function anyUnfinished(): boolean {
  for (const d of liveDevices()) {
    if (d.lost) continue;
    for (const r of d.rings) if (Atomics.load(r.ctrl, P.HEAD) !== Atomics.load(r.ctrl, P.TAIL)) return true;
  }
  return false;
}

/**
 * Make the event loop serve the devices. `seen` must be a doorbell value read before the caller
 * last looked for work (onWake does); without one, look for work first (a worker may already
 * have rung, e.g. right after a launch), so no request is missed.
 */
export function armEventLoop(seen?: number): void {
  if (armed) return;
  armed = true;
  if (seen === undefined || Atomics.load(hostBell, 0) !== seen) {
    queueMicrotask(onWake);
    return;
  }
  const r = Atomics.waitAsync(hostBell, 0, seen);
  if (r.async) void r.value.then(onWake);
  else queueMicrotask(onWake);
}

/** How long the event-loop path watches the doorbell before it waits through the event loop. */
const ASYNC_SPIN_MS = 0.02;

function onWake(): void {
  armed = false;
  const seen = Atomics.load(hostBell, 0);
  // Promise-returning callbacks reply when they settle (runHandler chains the reply).
  serviceCallbacks(false);
  // Every launch arms this (a blocking read may follow and leave nothing to do): keep that cheap.
  if (waiters.length) settleWaiters();
  if (!waiters.length && !anyUnfinished()) return;
  // A wake through Atomics.waitAsync costs a thread wake-up (several µs); a callback request or a
  // result moments away is cheaper to watch for. Not while a callback awaits a Promise: it settles
  // through the event loop, which watching would hold up.
  if (!liveDevices().some((d) => d.awaitingPromise.length)) {
    const until = performance.now() + ASYNC_SPIN_MS;
    for (let i = 1; Atomics.load(hostBell, 0) === seen; i++) if ((i & 63) === 0 && performance.now() > until) break;
  }
  armEventLoop(seen);
}

function settleWaiters(): void {
  let kept = 0;
  for (let i = 0; i < waiters.length; i++) {
    const w = waiters[i]!;
    if (!isDone(w.t)) {
      waiters[kept++] = w;
      w.onWake?.();
      continue;
    }
    try {
      checkFailures(w.t);
    } catch (e) {
      w.reject(e);
      continue;
    }
    recordSync(performance.now() - w.start);
    w.resolve();
  }
  waiters.length = kept;
  // Nobody waits: the timer must not hold the process open.
  if (!kept) deadlineTimer?.unref();
}

// One timer serves every waiter's timeout. It stays scheduled between waits (re-arming a timer
// per wait costs more than the wait's own bookkeeping) and is referenced only while someone waits.
let deadlineTimer: ReturnType<typeof setTimeout> | null = null;
let deadlineAt = Infinity;

function watchDeadline(deadline: number): void {
  if (deadlineTimer && deadlineAt <= deadline) {
    deadlineTimer.ref();
    return;
  }
  if (deadlineTimer) clearTimeout(deadlineTimer);
  deadlineAt = deadline;
  // Node fires longer delays after 1 ms; a far deadline is re-armed when the clamped one fires.
  deadlineTimer = setTimeout(expireWaiters, Math.min(Math.max(0, deadline - performance.now()), 2 ** 31 - 1));
}

function expireWaiters(): void {
  deadlineTimer = null;
  deadlineAt = Infinity;
  const now = performance.now();
  const expired = waiters.filter((w) => w.deadline <= now);
  if (expired.length) waiters = waiters.filter((w) => w.deadline > now);
  for (const w of expired) w.reject(new TimeoutError(`timed out after ${config.values.syncTimeoutMs} ms waiting for ${w.what} on ${describe(w.t)}.`));
  if (waiters.length) watchDeadline(waiters.reduce((m, w) => Math.min(m, w.deadline), Infinity));
}

/** Async sync point: callbacks are served from the event loop and Promise results awaited. */
export function whenDone(t: Ticket, what: string, onWake?: () => void): Promise<void> {
  if (isDone(t)) {
    try {
      checkFailures(t);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const start = performance.now();
  let w!: Waiter;
  const promise = new Promise<void>((resolve, reject) => {
    w = { t, what, start, deadline: start + config.values.syncTimeoutMs, resolve, reject, onWake };
  });
  waiters.push(w);
  watchDeadline(w.deadline);
  armEventLoop();
  return promise;
}

/** Called by the pool when a worker died: its waiters fail, pending work is lost. */
export function onDeviceLost(_dev: WorkerDevice): void {
  settleWaiters();
}
