// Sync points: waiting for a command to finish, either blocking the host (serving host callbacks
// meanwhile) or through the event loop (Atomics.waitAsync on the host doorbell). Every wait is
// bounded: it fails at once when it could never end, and with a diagnosis after its timeout.
import { config } from '../core/config.js';
import { DeviceLostError, JaxpoolError, TimeoutError } from '../core/errors.js';
import * as P from './protocol.js';
import { isDone, type Ticket } from './ticket.js';
import { recordSync } from './transfers.js';
import { isProfiling, nowUs, profiler } from './profiler.js';
import { anyQueuedOnHost } from './commandRing.js';
import { activeCallbacks } from './device.js';
import { awaitStopped, checkWorkersAlive, liveDevices, stopWorker } from './devices.js';
import { served, serviceCallbacks } from './host.js';
import { failureRaised, settle, unfinishedInput } from './failures.js';
import type { Activation } from './scope.js';
import { faults } from './faults.js';

// The host doorbell: workers bump it on every completion and callback request.
export const hostBellSab = new SharedArrayBuffer(16);
const hostBell = new Int32Array(hostBellSab);

/** Everything a wake-up does besides checking its own ticket. */
function serveDevices(): void {
  const devs = liveDevices();
  serviceCallbacks(devs);
  if (anyQueuedOnHost()) for (const d of devs) d.flushAll();
  for (const d of devs) d.harvest();
  if (faults.armed) faults.poll();
}

function holdError(what: string, a: Activation): JaxpoolError {
  return a.awaiting
    ? new JaxpoolError(
        `${what} would wait for the host callback ${a.name} on ${a.device}, which is awaiting a Promise (it returned a Promise during a blocking read, or before it); a Promise cannot settle while the host blocks: use \`await x.data()\` (or blockUntilReady) instead of a blocking read here, or make the callback synchronous.`,
      )
    : new JaxpoolError(
        `${what} would wait for work queued behind the program whose host callback is running now (${a.name}, on ${a.device}), which cannot finish before the callback returns; read that value after the call, or compute what the callback needs inside it.`,
      );
}

/**
 * Why a blocking wait for `t` could never end, if so: it is queued (or its inputs are) behind a
 * host callback that cannot return while the host blocks, or on a device whose replacement worker
 * attaches only through the event loop.
 */
function stuckReason(t: Ticket, what: string): Error | null {
  if (activeCallbacks.count === 0 && !t.device.replacing && t.deps.length === 0) return null;
  const stack = [t];
  const seen = new Set<Ticket>();
  while (stack.length) {
    const u = stack.pop()!;
    if (seen.has(u) || isDone(u)) continue;
    seen.add(u);
    const dev = u.device;
    if (dev.replacing && !dev.attached)
      return new DeviceLostError(
        `${what} waits for work queued on ${dev}, whose worker was lost; its replacement attaches when the event loop runs, which a blocking read does not let happen: use \`await x.data()\` (or blockUntilReady) here.`,
      );
    for (const a of dev.activations) if (!a.finished && a.depth >= u.depth) return holdError(what, a);
    for (const d of u.deps) stack.push(d);
    if (u.waitsFor) stack.push(u.waitsFor);
  }
  return null;
}

/**
 * What a wait for `t` that ran out of time was waiting for, as a TimeoutError. A kernel that is
 * still running then is stopped (its worker terminated and replaced), so nothing keeps spinning.
 */
function timedOut(t: Ticket, what: string, ms: number, blocking: boolean): TimeoutError {
  const head = `timed out after ${ms} ms waiting for ${what}`;
  const hint = 'Raise config syncTimeoutMs if this work is expected to take longer.';
  let u: Ticket = t;
  for (let hops = 0; hops < 8; hops++) {
    const dev = u.device;
    if (u.incarnation !== dev.incarnation) break;
    if (!dev.attached) return new TimeoutError(`${head}: it is queued on ${dev}, whose ${dev.replacing ? 'replacement ' : ''}worker has not attached yet. ${hint}`);
    const call = dev.activations.find((a) => !a.finished && a.depth >= u.depth);
    if (call) return new TimeoutError(`${head}: the host callback ${call.name} on ${dev} has not ${call.awaiting ? 'settled its Promise' : 'returned'}. ${hint}`);
    let running: Ticket | undefined;
    for (let d = P.MAX_DEPTH - 1; d >= 0 && !running; d--) running = dev.runningCommand(d);
    if (running?.waitsFor) {
      u = running.waitsFor;
      continue;
    }
    if (!running) break;
    const reason = `program '${running.label}' ran for over ${ms} ms without finishing`;
    stopWorker(dev, reason);
    if (blocking) awaitStopped(dev, 2000);
    return new TimeoutError(
      `${head}: program '${running.label}' on ${dev} did not finish (a kernel that never ends?). Its worker was stopped and is replaced; arrays computed on ${dev} are lost. ${hint}`,
    );
  }
  return new TimeoutError(`${head} on ${t.device} (command ${t.seq} of its queue '${t.label}'). ${hint}`);
}

/** A blocking wait for `t` could end (nothing it waits for is held by something the wait blocks). */
export function canBlockFor(t: Ticket): boolean {
  return stuckReason(t, '') === null;
}

/**
 * How long a blocking read spins before it sleeps (adapted: see SpinBudget), and then the longest
 * it sleeps at once.
 */
export const hostSpin = new P.SpinBudget(50);
const SLEEP_MS = 20;

/** Block until `t` has finished (not raising its failure), serving host callbacks meanwhile. */
export function blockUntil(t: Ticket, what: string, onWake?: () => void): void {
  if (isDone(t)) return;
  if (faults.armed) faults.onRead(t.device);
  let stuck = stuckReason(t, what);
  if (stuck) throw stuck;
  const start = performance.now();
  const timeout = config.values.syncTimeoutMs;
  const deadline = start + timeout;
  let seen = -1;
  let promises = served.promises;
  const spinMs = hostSpin.next() / 1000;
  let spinUntil = start + spinMs;
  let slept = false;
  let lookedForDeaths = start;
  for (let spins = 0; !isDone(t); spins++) {
    // Read the doorbell before looking for work, so a request posted after the look wakes us.
    const v = Atomics.load(hostBell, 0);
    if (v !== seen) {
      seen = v;
      const before = served.count;
      serveDevices();
      if (served.count !== before) {
        // Serving restarts the spin budget: a kernel calling the host in a loop stays on the fast path.
        spinUntil = performance.now() + spinMs;
        // A callback that returned a Promise now holds its device: this wait may depend on it.
        if (served.promises !== promises) {
          promises = served.promises;
          if ((stuck = stuckReason(t, what))) throw stuck;
        }
      }
      onWake?.();
      continue;
    }
    // Spin briefly (a handoff costs ~0.2 µs spinning, ~40 µs after sleeping), then sleep in slices:
    // a longer spin would take a core from the workers computing what we wait for.
    if ((spins & 63) !== 0 || performance.now() < spinUntil) continue;
    slept = true;
    Atomics.wait(hostBell, 0, v, SLEEP_MS);
    // A worker that died cannot say so (its exit event needs the event loop): look for its
    // thread, once per slice of waiting (a look costs a few µs; most waits end sooner).
    const now = performance.now();
    if (now - lookedForDeaths >= SLEEP_MS) {
      lookedForDeaths = now;
      checkWorkersAlive();
      if (!isDone(t) && now > deadline) throw timedOut(t, what, timeout, true);
    }
  }
  if (slept) hostSpin.missed();
  else if (spinMs > 0) hostSpin.caught();
  const waited = performance.now() - start;
  recordSync(waited);
  if (isProfiling()) profiler.hostEvent('wait', nowUs() - waited * 1000, waited * 1000, { what });
}

/** Blocking sync point: waits, then raises the failure of `t` or of its inputs, if any. */
export function waitFor(t: Ticket, what: string, onWake?: () => void): void {
  blockUntil(t, what, onWake);
  for (;;) {
    const f = settle(t);
    if (f === undefined) {
      blockUntil(unfinishedInput(t)!, `an input of ${what}`);
      continue;
    }
    if (f) {
      failureRaised(f, t);
      throw f;
    }
    return;
  }
}

// --- the event-loop path ---
// Per wait and wake: no timer of its own and no named closure (besides their cost, tsx's
// keepNames names each named closure as it is created).
interface Waiter {
  t: Ticket;
  what: string;
  start: number;
  deadline: number;
  ms: number;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Called at each wake-up before the ticket is done (e.g. to copy out finished chunks). */
  onWake: (() => void) | undefined;
  /** Raise the command's failure (a read), or only wait for it to finish. */
  raise: boolean;
}
let waiters: Waiter[] = [];
let armed = false;

function anyUnfinished(): boolean {
  for (const d of liveDevices()) {
    if (d.lost) continue;
    if (d.hasUnfinished()) return true;
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

/** How long the event-loop path watches the doorbell before it waits through the event loop (adapted). */
const asyncSpin = new P.SpinBudget(20);

function onWake(): void {
  armed = false;
  const seen = Atomics.load(hostBell, 0);
  // Promise-returning callbacks reply when they settle (runHandler chains the reply).
  serveDevices();
  // Every launch arms this (a blocking read may follow and leave nothing to do): keep that cheap.
  if (waiters.length) settleWaiters();
  if (!waiters.length && !anyUnfinished()) return;
  // A wake through Atomics.waitAsync costs a thread wake-up (several µs); a callback request or a
  // result moments away is cheaper to watch for. Not while a callback awaits a Promise: it settles
  // through the event loop, which watching would hold up.
  const spinMs = asyncSpin.next() / 1000;
  if (spinMs > 0 && !liveDevices().some((d) => d.awaiting)) {
    const until = performance.now() + spinMs;
    let caught = true;
    for (let i = 1; Atomics.load(hostBell, 0) === seen; i++)
      if ((i & 63) === 0 && performance.now() > until) {
        caught = false;
        break;
      }
    if (caught) asyncSpin.caught();
    else asyncSpin.missed();
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
    if (w.raise) {
      const f = settle(w.t);
      if (f === undefined) {
        // An input still runs (only after a device was replaced): wait for it instead.
        w.t = unfinishedInput(w.t) ?? w.t;
        waiters[kept++] = w;
        continue;
      }
      if (f) {
        failureRaised(f, w.t);
        w.reject(f);
        continue;
      }
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
  const expired = new Set(waiters.filter((w) => w.deadline <= now && !isDone(w.t)));
  if (expired.size) waiters = waiters.filter((w) => !expired.has(w));
  for (const w of expired) w.reject(timedOut(w.t, w.what, w.ms, false));
  // Those done meanwhile settle at the next wake.
  if (waiters.length) {
    watchDeadline(waiters.reduce((m, w) => Math.min(m, w.deadline), Infinity));
    armEventLoop();
  }
}

function wait(t: Ticket, what: string, onWake: (() => void) | undefined, raise: boolean): Promise<void> {
  if (faults.armed) faults.onRead(t.device);
  const start = performance.now();
  const ms = config.values.syncTimeoutMs;
  let w!: Waiter;
  const promise = new Promise<void>((resolve, reject) => {
    w = { t, what, start, deadline: start + ms, ms, resolve, reject, onWake, raise };
  });
  waiters.push(w);
  watchDeadline(w.deadline);
  armEventLoop();
  return promise;
}

/** Async sync point: callbacks are served from the event loop and Promise results awaited; raises failures. */
export function whenDone(t: Ticket, what: string, onWake?: () => void): Promise<void> {
  if (isDone(t)) {
    const f = settle(t);
    if (f === null) return Promise.resolve();
    if (f) {
      failureRaised(f, t);
      return Promise.reject(f);
    }
  }
  return wait(t, what, onWake, true);
}

/** Resolves once `t` has finished, failed or not (e.g. work a callback launched, before its reply). */
export function whenFinished(t: Ticket, what: string): Promise<void> {
  return isDone(t) ? Promise.resolve() : wait(t, what, undefined, false);
}

/** Resolves once `t` ran, with its own failure (not its inputs'), which it does not raise. */
export async function whenRan(t: Ticket, what: string): Promise<Error | null> {
  await whenFinished(t, what);
  return t.device.failureOf(t);
}

/** Blocks until `t` ran; returns its own failure (not its inputs'), which it does not raise. */
export function waitRan(t: Ticket, what: string): Error | null {
  blockUntil(t, what);
  return t.device.failureOf(t);
}

/** Called when a worker died: its waiters fail, pending work is lost. */
export function onDeviceLost(): void {
  settleWaiters();
}

