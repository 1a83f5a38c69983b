// Serving host callbacks: programs name a registered handler by id and post a request in their
// ring's mailbox; the host runs it (from a blocking wait or the event loop) and replies.
import { JaxpoolError, CallbackError } from '../core/errors.js';
import * as P from './protocol.js';
import type { Ticket } from './ticket.js';
import { recordCallback } from './transfers.js';
import { isProfiling, profiler } from './profiler.js';
import type { HostRing, WorkerDevice } from './device.js';
import { liveDevices } from './devices.js';
import { blockUntil } from './sync.js';
import { isDone } from './ticket.js';

/**
 * A host callback as programs name it. `offsets` are the request's buffer offsets: the ring's
 * mailbox itself (no copy per call), which stays put until the reply, even across a Promise.
 */
export type HostHandler = (offsets: ArrayLike<number>, device: WorkerDevice) => void | Promise<void>;
const handlers = new Map<number, HostHandler>();
let nextHandler = 1;
const hostErrors = new Map<number, unknown>();
let nextHostError = 1;

export function registerHostCallback(handler: HostHandler): number {
  const id = nextHandler++;
  handlers.set(id, handler);
  return id;
}
export function unregisterHostCallback(id: number): void {
  handlers.delete(id);
}

/** The error a failed callback replied with (once: the record is dropped). */
export function takeHostError(id: number): Error {
  const e = hostErrors.get(id);
  hostErrors.delete(id);
  if (e instanceof Error && e.name !== 'Error' && e instanceof JaxpoolError) return e;
  return new CallbackError(`a host callback raised: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** Host callback requests taken so far (lets a blocking wait see that it made progress). */
export let callbacksServed = 0;
/** Host callbacks running on the host or awaiting their Promise, on all devices. */
export let callbacksInProgress = 0;

/** Serve every pending callback request. In blocking mode a Promise result is an error. */
export function serviceCallbacks(blocking: boolean): void {
  for (const dev of liveDevices()) {
    if (dev.lost) continue;
    for (let d = 0; d < P.MAX_DEPTH; d++) {
      const ctrl = dev.rings[d]!.ctrl;
      // A plain load first: a compare-exchange on every ring would take the cache lines the
      // worker is spinning on.
      if (Atomics.load(ctrl, P.CB_STATE) !== P.CB_REQUEST) continue;
      if (Atomics.compareExchange(ctrl, P.CB_STATE, P.CB_REQUEST, P.CB_TAKEN) !== P.CB_REQUEST) continue;
      runHandler(dev, d, dev.rings[d]!, blocking);
    }
  }
}

/** Let the worker resume (it spins on CB_STATE); wake it only if it went to sleep waiting. */
function reply(dev: WorkerDevice, ring: HostRing, error: unknown): void {
  if (error !== undefined) {
    const id = nextHostError++;
    hostErrors.set(id, error);
    ring.ctrl[P.CB_ERR] = id;
    Atomics.store(ring.ctrl, P.CB_STATE, P.CB_FAILED);
  } else Atomics.store(ring.ctrl, P.CB_STATE, P.CB_OK);
  // The worker raises SLEEPING before it re-checks CB_STATE and waits, so either it sees the
  // reply or we see the flag.
  Atomics.add(dev.wake, P.WAKE, 1);
  if (Atomics.load(dev.wake, P.SLEEPING) !== 0) Atomics.notify(dev.wake, P.WAKE);
}

function runHandler(dev: WorkerDevice, depth: number, ring: HostRing, blocking: boolean): void {
  callbacksServed++;
  const id = ring.ctrl[P.CB_ID]!;
  const handler = handlers.get(id);
  const t0 = performance.now();
  dev.callbackDepths.push(depth);
  callbacksInProgress++;
  let result: void | Promise<void>;
  try {
    if (!handler) throw new JaxpoolError(`host callback ${id} is not registered (it was garbage collected?)`);
    result = handler(ring.mailbox, dev);
  } catch (e) {
    finishCallback(dev, depth, ring, id, t0, e);
    return;
  }
  if (result instanceof Promise) {
    if (blocking) {
      result.catch(() => undefined);
      finishCallback(
        dev,
        depth,
        ring,
        id,
        t0,
        new JaxpoolError(
          'a host callback returned a Promise during a blocking read (dataSync/item/tolist/toString); use `await x.data()` (or blockUntilReady) so it can be awaited, or make the callback synchronous.',
        ),
      );
      return;
    }
    // The reply goes out when the Promise settles.
    dev.awaitingPromise.push(depth);
    const settled = (error: unknown) => {
      removeLast(dev.awaitingPromise, depth);
      finishCallback(dev, depth, ring, id, t0, error);
    };
    void result.then(
      () => settled(undefined),
      (e: unknown) => settled(e ?? new Error('callback promise rejected')),
    );
    return;
  }
  finishCallback(dev, depth, ring, id, t0, undefined);
}

/** After the handler (or its Promise): drain the work it launched, reply, account for it. */
function finishCallback(dev: WorkerDevice, depth: number, ring: HostRing, id: number, t0: number, error: unknown): void {
  try {
    // Work the callback launched on this device must finish before the device resumes.
    drainRing(dev, depth + 1);
  } catch (e) {
    error ??= e;
  }
  // Reply first: the worker resumes while the host does its bookkeeping (the worker reads none of it).
  reply(dev, ring, error);
  const ms = performance.now() - t0;
  callbacksInProgress--;
  removeLast(dev.callbackDepths, depth);
  recordCallback(ms);
  if (isProfiling()) profiler.hostEvent('host callback', (performance.timeOrigin + t0) * 1000, ms * 1000, { device: dev.id, handler: id });
}

/** Remove the last occurrence of `v` (callbacks finish innermost first, so usually the end). */
function removeLast(xs: number[], v: number): void {
  const i = xs.lastIndexOf(v);
  if (i === xs.length - 1) xs.pop();
  else if (i >= 0) xs.splice(i, 1);
}

function drainRing(dev: WorkerDevice, depth: number): void {
  if (depth >= P.MAX_DEPTH) return;
  const ring = dev.rings[depth]!;
  const head = Atomics.load(ring.ctrl, P.HEAD);
  if (Atomics.load(ring.ctrl, P.TAIL) >= head) return;
  const t: Ticket = { device: dev, incarnation: dev.incarnation, depth, seq: head, label: 'work launched by a host callback', deps: [] };
  blockUntil(() => isDone(t), `work a host callback launched on ${dev}`, t);
}
