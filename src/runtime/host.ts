// Serving host callbacks: programs name a registered handler by id and post a request in their
// ring's mailbox; the host runs it (from a blocking wait or the event loop) inside the callback's
// scope and replies. A handler that returns a Promise replies when it settles (or times out);
// meanwhile its program, and so its device, waits.
import { config } from '../core/config.js';
import { CallbackError, JaxpoolError, TimeoutError } from '../core/errors.js';
import * as P from './protocol.js';
import { recordCallback } from './transfers.js';
import { isProfiling, profiler } from './profiler.js';
import { activeCallbacks, type Ticket, type WorkerDevice } from './device.js';
import type { CommandRing } from './commandRing.js';
import { attachFailure } from './failures.js';
import { type Activation, callbackScope, type CallbackScope } from './scope.js';
import { blockUntil, whenFinished } from './sync.js';
import { faults } from './faults.js';

/**
 * A host callback as programs name it. `offsets` holds the request's buffer offsets first (a copy
 * of the mailbox, which the handler may keep reading until its Promise settles).
 */
export type HostHandler = (offsets: ArrayLike<number>, device: WorkerDevice) => void | Promise<void>;

export interface HostCallbackOptions {
  /** Its name in errors and diagnoses (the user's function's name). */
  name?: string;
  /** How long a Promise it returns may take to settle (default: config callbackTimeoutMs). */
  timeoutMs?: number;
}

interface Entry {
  fn: HostHandler;
  name: string;
  timeoutMs: number | undefined;
}
const handlers = new Map<number, Entry>();
let nextHandler = 1;

/** Register a handler programs can call by the returned id. */
export function registerHostCallback(handler: HostHandler, opts: HostCallbackOptions = {}): number {
  const id = nextHandler++;
  handlers.set(id, { fn: handler, name: opts.name ?? `host callback ${id}`, timeoutMs: opts.timeoutMs });
  return id;
}
/** Forget a handler (its programs will not call it again). */
export function unregisterHostCallback(id: number): void {
  handlers.delete(id);
}

/** Host callback requests taken so far (lets a blocking wait see that it made progress). */
export const served = { count: 0, promises: 0 };

class HostCall implements Activation {
  finished = false;
  awaiting = false;
  /** Replied on a timeout or lost with its device while its Promise still runs: `ticket` is pinned until it settles. */
  abandoned = false;
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  constructor(
    readonly device: WorkerDevice,
    readonly incarnation: number,
    readonly depth: number,
    readonly ring: CommandRing,
    /** The command whose program made the call. */
    readonly ticket: Ticket | undefined,
    readonly id: number,
    readonly name: string,
    readonly t0: number,
  ) {}
}

/** Serve every pending callback request of `devs` (from a blocking wait or the event loop). */
export function serviceCallbacks(devs: readonly WorkerDevice[]): void {
  for (const dev of devs) {
    if (dev.lost) continue;
    for (let d = 0; d < P.MAX_DEPTH; d++) {
      const ctrl = dev.rings[d]!.ctrl;
      // A plain load first: a compare-exchange on every ring would take the cache lines the
      // worker is spinning on.
      if (Atomics.load(ctrl, P.CB_STATE) !== P.CB_REQUEST) continue;
      if (Atomics.compareExchange(ctrl, P.CB_STATE, P.CB_REQUEST, P.CB_TAKEN) !== P.CB_REQUEST) continue;
      runHandler(dev, d, dev.rings[d]!);
    }
  }
}

function runHandler(dev: WorkerDevice, depth: number, ring: CommandRing): void {
  served.count++;
  const id = ring.ctrl[P.CB_ID]!;
  const n = ring.ctrl[P.CB_NARGS]!;
  const entry = handlers.get(id);
  const ticket = dev.runningCommand(depth);
  const call = new HostCall(dev, dev.incarnation, depth, ring, ticket, id, entry?.name ?? `host callback ${id}`, performance.now());
  if (ring.hostArgs.length < n) ring.hostArgs = new Uint32Array(n);
  const args = ring.hostArgs;
  for (let i = 0; i < n; i++) args[i] = ring.mailbox[i]!;
  dev.activations.push(call);
  dev.syncDepths.push(depth);
  activeCallbacks.count++;
  if (faults.armed) faults.onCallback(dev);
  let result: void | Promise<void>;
  try {
    if (!entry) throw new JaxpoolError(`host callback ${id} is not registered (it was garbage collected?)`);
    const scope: CallbackScope = { act: call, parent: ticket?.ctx ?? null };
    result = callbackScope.run(scope, entry.fn, args, dev);
  } catch (e) {
    completeSync(call, e);
    return;
  }
  if (!(result instanceof Promise)) {
    completeSync(call, undefined);
    return;
  }
  // Off the host stack now; the device stays held until the Promise settles.
  if (dev.incarnation === call.incarnation) dev.syncDepths.pop();
  else {
    // Its device was lost while the handler ran: nothing waits for the reply.
    call.abandoned = true;
    if (ticket) ticket.pins++;
    finish(call);
    void result.then(() => settled(call, undefined), () => settled(call, undefined));
    return;
  }
  call.awaiting = true;
  dev.awaiting++;
  served.promises++;
  // The pending call keeps reading its offsets: the next call on this ring gets a fresh copy.
  ring.hostArgs = new Uint32Array(ring.hostArgs.length);
  const ms = entry!.timeoutMs ?? config.values.callbackTimeoutMs;
  call.timer = setTimeout(timedOut, ms, call, ms);
  call.timer.unref();
  result.then(
    () => settled(call, undefined),
    (e: unknown) => settled(call, e ?? new Error('callback promise rejected')),
  );
}

/** A synchronous handler returned (or threw): work it launched here finishes, then the reply. */
function completeSync(call: HostCall, error: unknown): void {
  try {
    if (!call.finished) drainSync(call);
  } catch (e) {
    error ??= e;
  }
  if (call.device.incarnation === call.incarnation) call.device.syncDepths.pop();
  reply(call, error);
}

function drainSync(call: HostCall): void {
  const dev = call.device;
  if (call.depth + 1 >= P.MAX_DEPTH) return;
  for (let t = dev.lastCommand(call.depth + 1); t && dev.incarnation === call.incarnation; t = dev.lastCommand(call.depth + 1))
    blockUntil(t, `work the host callback ${call.name} launched on ${dev}`);
}

function settled(call: HostCall, error: unknown): void {
  if (call.abandoned) {
    // Its reply went out long ago: now nothing writes its buffers any more.
    call.abandoned = false;
    if (call.ticket) call.ticket.pins--;
    return;
  }
  if (call.finished) return;
  clearTimeout(call.timer);
  void closeAsync(call, error);
}

function timedOut(call: HostCall, ms: number): void {
  if (call.finished || !call.awaiting) return;
  // The Promise may still settle and write its results: keep the buffers until it does.
  call.abandoned = true;
  if (call.ticket) call.ticket.pins++;
  void closeAsync(
    call,
    new TimeoutError(
      `the host callback ${call.name} returned a Promise that did not settle within ${ms} ms; its result is an error. Make it settle sooner, or give it more time with { timeoutMs } (default: config callbackTimeoutMs).`,
    ),
  );
}

/** A Promise settled (or timed out): wait for the work it launched here, then reply. */
async function closeAsync(call: HostCall, error: unknown): Promise<void> {
  call.timer = undefined;
  const dev = call.device;
  try {
    for (let t = dev.lastCommand(call.depth + 1); t && !call.finished && dev.incarnation === call.incarnation; t = dev.lastCommand(call.depth + 1))
      await whenFinished(t, `work the host callback ${call.name} launched on ${dev}`);
  } catch (e) {
    error ??= e;
  }
  reply(call, error);
}

/** The program resumes (or fails with the error); the call is accounted for. */
function reply(call: HostCall, error: unknown): void {
  if (call.finished) return;
  const dev = call.device;
  if (dev.incarnation === call.incarnation && !dev.lost) {
    const ctrl = call.ring.ctrl;
    if (error !== undefined && call.ticket) attachFailure(call.ticket, asCallbackError(call, error));
    Atomics.store(ctrl, P.CB_STATE, error === undefined ? P.CB_OK : P.CB_FAILED);
    // The worker raises SLEEPING before it re-checks CB_STATE and waits, so either it sees the
    // reply or we see the flag.
    Atomics.add(dev.wake, P.WAKE, 1);
    if (Atomics.load(dev.wake, P.SLEEPING) !== 0) Atomics.notify(dev.wake, P.WAKE);
  }
  finish(call);
}

function finish(call: HostCall): void {
  call.finished = true;
  const dev = call.device;
  if (dev.incarnation === call.incarnation) {
    const i = dev.activations.lastIndexOf(call);
    if (i >= 0) dev.activations.splice(i, 1);
    if (call.awaiting) dev.awaiting--;
  }
  activeCallbacks.count--;
  const ms = performance.now() - call.t0;
  recordCallback(ms);
  if (isProfiling()) profiler.hostEvent('host callback', (performance.timeOrigin + call.t0) * 1000, ms * 1000, { device: dev.id, handler: call.id });
}

function asCallbackError(call: HostCall, e: unknown): Error {
  if (e instanceof JaxpoolError) return e;
  return new CallbackError(`host callback ${call.name} raised: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/**
 * `dev`'s worker died: its callbacks will never be replied to. One whose Promise still runs keeps
 * its command's buffers until it settles (it may still write them).
 */
export function abandonCallbacks(dev: WorkerDevice): void {
  for (const call of dev.activations as HostCall[]) {
    if (call.finished) continue;
    if (call.awaiting) {
      clearTimeout(call.timer);
      call.abandoned = true;
      if (call.ticket) call.ticket.pins++;
      finish(call);
    }
    // A synchronous one is on the host stack: it finishes when it returns (the reply goes nowhere).
  }
}
