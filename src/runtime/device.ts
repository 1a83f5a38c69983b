// Worker devices on the host side: launching programs through SAB command rings, sync points
// (blocking and async) that also serve host-callback requests, and device-loss handling.
import { inspect } from 'node:util';
import { config } from '../core/config.js';
import { CallbackError, DeviceLostError, JaxpoolError, TimeoutError } from '../core/errors.js';
import { allocate, heapMemory, heapViews, type HeapBuffer } from './heap.js';
import * as P from './protocol.js';
import { isDone, type Ticket } from './ticket.js';
import { recordCallback, recordLaunch, recordSync } from './transfers.js';
import { isProfiling, nowUs, profiler, registerDeviceProfiler, type TraceEvent } from './profiler.js';
import { type Pool, startPool } from './pool.js';

export type { Ticket } from './ticket.js';

export interface ProgramSpec {
  key: string;
  source: string;
  label: string;
}

export interface LaunchIO {
  inputs: HeapBuffer[];
  outputs: HeapBuffer[];
  scratch?: HeapBuffer[];
  args: number[];
  /** One part of a shared launch: args end with [CHUNK, COUNTER] (see protocol RUN_SHARED). */
  shared?: boolean;
}

interface RingView {
  ctrl: Int32Array;
  words: Uint32Array;
  mailbox: Uint32Array;
  errMsg: Uint8Array;
  /** Failures read so far from this ring, by sequence number. */
  failures: Map<number, Error>;
  errSeen: number;
}

// The host doorbell: workers bump it on every completion and callback request.
const hostBellSab = new SharedArrayBuffer(16);
const hostBell = new Int32Array(hostBellSab);
const tailsSab = new SharedArrayBuffer(P.TAILS_WORDS * 4);
const tails = new Int32Array(tailsSab);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class WorkerDevice {
  readonly platform = 'cpu';
  incarnation = 0;
  rings: RingView[] = [];
  ringSabs: SharedArrayBuffer[] = [];
  wakeSab = new SharedArrayBuffer(P.WAKE_WORDS * 4);
  wake = new Int32Array(this.wakeSab);
  eventsSab = new SharedArrayBuffer(P.MAX_EVENTS * 4 * 8);
  lost: Error | null = null;
  threadId = -1;
  /** Depths of host callbacks from this device currently running on the host (innermost last). */
  callbackDepths: number[] = [];
  /** Depths of those callbacks waiting for a Promise they returned (event-loop path). */
  awaitingPromise: number[] = [];
  private programs = new Map<string, number>();
  private labels = new Map<number, string>();
  private nextProgram = 1;

  constructor(readonly id: number) {
    this.reset();
  }

  /** Fresh rings for a new incarnation (after the worker was replaced). */
  reset(): void {
    this.incarnation++;
    this.ringSabs = Array.from({ length: P.MAX_DEPTH }, () => new SharedArrayBuffer(P.RING_BYTES));
    this.rings = this.ringSabs.map((sab) => ({
      ctrl: new Int32Array(sab, 0, P.CTRL_WORDS),
      words: new Uint32Array(sab, P.RING_OFFSET, P.RING_SLOTS * P.SLOT_WORDS),
      mailbox: new Uint32Array(sab, P.MAILBOX_OFFSET, P.MAILBOX_WORDS),
      errMsg: new Uint8Array(sab, P.ERRMSG_OFFSET, P.ERR_SLOTS * P.ERR_MSG_BYTES),
      failures: new Map(),
      errSeen: 0,
    }));
    this.programs.clear();
    this.lost = null;
    Atomics.store(this.wake, P.THREAD, 0);
    if (this.id < P.MAX_DEVICES)
      for (let d = 0; d < P.MAX_DEPTH; d++) {
        Atomics.store(tails, P.tailsIndex(this.id, d), 0);
        Atomics.store(tails, P.tailsIndex(this.id, d) + 1, this.incarnation);
      }
  }

  attachMessage(barrier: SharedArrayBuffer | null, barrierTarget: number, targetThreadId: number | null): P.AttachMessage {
    return {
      deviceId: this.id,
      incarnation: this.incarnation,
      memory: heapMemory(),
      rings: this.ringSabs,
      wake: this.wakeSab,
      hostBell: hostBellSab,
      events: this.eventsSab,
      tails: tailsSab,
      barrier,
      barrierTarget,
      targetThreadId,
    };
  }

  toString(): string {
    return `WorkerDevice(id=${this.id})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }

  /** The ring new work goes to: one deeper than a host callback from this device that is running. */
  private currentDepth(): number {
    const d = this.callbackDepths.length ? this.callbackDepths[this.callbackDepths.length - 1]! + 1 : 0;
    if (d >= P.MAX_DEPTH) throw new JaxpoolError(`host callbacks nested more than ${P.MAX_DEPTH - 1} deep on ${this}; flatten the nesting.`);
    return d;
  }

  /** Append the command [op, w1, w2, w3, ...rest] to ring `depth`. */
  private enqueue(depth: number, label: string, op: number, w1: number, w2: number, w3: number, rest?: readonly number[]): Ticket {
    if (this.lost) throw this.lost;
    const ring = this.rings[depth]!;
    const head = Atomics.load(ring.ctrl, P.HEAD);
    if (head - Atomics.load(ring.ctrl, P.TAIL) >= P.RING_SLOTS) {
      const waitTicket: Ticket = { device: this, incarnation: this.incarnation, depth, seq: head - P.RING_SLOTS + 1, label: 'ring space', deps: [] };
      blockUntil(() => isDone(waitTicket), `space in ${this}'s command queue`, waitTicket);
    }
    const at = (head % P.RING_SLOTS) * P.SLOT_WORDS;
    const w = ring.words;
    w[at] = op;
    w[at + 1] = w1;
    w[at + 2] = w2;
    w[at + 3] = w3;
    if (rest) for (let i = 0; i < rest.length; i++) w[at + 4 + i] = rest[i]!;
    Atomics.store(ring.ctrl, P.HEAD, head + 1);
    Atomics.add(this.wake, P.WAKE, 1);
    Atomics.notify(this.wake, P.WAKE);
    armEventLoop();
    return { device: this, incarnation: this.incarnation, depth, seq: head + 1, label, deps: [] };
  }

  private ensureProgram(program: ProgramSpec, depth: number): number {
    let id = this.programs.get(program.key);
    if (id !== undefined) return id;
    id = this.nextProgram++;
    const bytes = encoder.encode(program.source);
    const buf = allocate(bytes.length);
    heapViews().u8.set(bytes, buf.offset);
    const t = this.enqueue(depth, `compile ${program.label}`, P.OP_COMPILE, id, buf.offset, bytes.length);
    buf.use(t);
    buf.release();
    this.programs.set(program.key, id);
    this.labels.set(id, program.label);
    return id;
  }

  /** Enqueue a program run; returns at once. */
  launch(program: ProgramSpec, io: LaunchIO): Ticket {
    ensurePool();
    const depth = this.currentDepth();
    const id = this.ensureProgram(program, depth);
    let argBuf: HeapBuffer | null = null;
    const n = io.args.length;
    if (n > P.MAX_INLINE_ARGS) {
      argBuf = allocate(n * 4);
      heapViews().u32.set(io.args, argBuf.offset >>> 2);
    }
    // Inputs still being computed on other devices: this queue waits for them first.
    for (const b of io.inputs) {
      const p = b.producer;
      if (!p) continue;
      // Finished cleanly: nothing to wait for or to propagate any more.
      if (isDoneOk(p)) {
        b.producer = null;
        continue;
      }
      if (p.device !== this && !isDone(p)) this.waitOn(p, depth);
      for (const dep of p.deps) if (dep.device !== this && !isDone(dep)) this.waitOn(dep, depth);
    }
    const flag = io.shared ? P.RUN_SHARED : 0;
    const t = argBuf
      ? this.enqueue(depth, program.label, P.OP_RUN_INDIRECT | flag, id, n, argBuf.offset)
      : n < 1
        ? this.enqueue(depth, program.label, P.OP_RUN | flag, id, 0, 0)
        : this.enqueue(depth, program.label, P.OP_RUN | flag, id, n, io.args[0]!, io.args.length > 1 ? io.args.slice(1) : undefined);
    recordLaunch();
    for (const b of io.inputs) if (b.producer) t.deps.push(b.producer);
    for (const b of io.inputs) b.use(t);
    for (const b of io.outputs) b.use(t);
    for (const b of io.scratch ?? []) b.use(t);
    for (const b of io.outputs) b.producer = t;
    if (argBuf) {
      argBuf.use(t);
      argBuf.release();
    }
    return t;
  }

  /** Nothing queued or running, and not serving a host callback. */
  isIdle(): boolean {
    if (this.lost || this.callbackDepths.length) return false;
    const c = this.rings[0]!.ctrl;
    return Atomics.load(c, P.HEAD) === Atomics.load(c, P.TAIL);
  }

  /** Make this device's queue wait until `t` (on another device) has finished. */
  waitOn(t: Ticket, depth = this.currentDepth()): Ticket {
    return this.enqueue(depth, `wait for ${t.device}`, P.OP_WAIT, P.tailsIndex(t.device.id, t.depth), t.seq, t.incarnation);
  }

  isDone(t: Ticket): boolean {
    if (t.incarnation !== this.incarnation) return true;
    if (this.lost) return true;
    return Atomics.load(this.rings[t.depth]!.ctrl, P.TAIL) >= t.seq;
  }

  /** The failure of a finished command, if any. */
  failureOf(t: Ticket): Error | null {
    if (t.incarnation !== this.incarnation || this.lost)
      return this.lost ?? new DeviceLostError(`${this} was lost (its worker was replaced); arrays computed on it are gone: recompute them.`);
    const ring = this.rings[t.depth]!;
    const n = Atomics.load(ring.ctrl, P.ERR_COUNT);
    for (; ring.errSeen < n; ring.errSeen++) {
      const slot = ring.errSeen % P.ERR_SLOTS;
      const seq = ring.ctrl[P.ERR_SEQ + slot]!;
      const kind = ring.ctrl[P.ERR_KIND + slot]!;
      if (kind === 2) {
        const hostId = ring.ctrl[P.ERR_HOST + slot]!;
        ring.failures.set(seq, takeHostError(hostId));
      } else {
        const len = new DataView(ring.errMsg.buffer, ring.errMsg.byteOffset + slot * P.ERR_MSG_BYTES, 4).getUint32(0, true);
        const msg = decoder.decode(ring.errMsg.slice(slot * P.ERR_MSG_BYTES + 4, slot * P.ERR_MSG_BYTES + 4 + len));
        ring.failures.set(seq, new JaxpoolError(`program '${this.labels.get(ring.words[((seq - 1) % P.RING_SLOTS) * P.SLOT_WORDS + 1]!) ?? '?'}' failed on ${this}: ${msg}`));
      }
    }
    return ring.failures.get(t.seq) ?? null;
  }

  markLost(reason: string): void {
    this.lost = new DeviceLostError(`${this} was lost (${reason}); arrays computed on it are gone: recompute them.`);
  }

  /** Internal for the profiler. */
  labelOf(programId: number): string {
    return this.labels.get(programId) ?? `program ${programId}`;
  }
}

function isDoneOk(t: Ticket): boolean {
  return isDone(t) && t.deps.length === 0 && t.device.failureOf(t) === null;
}

// --- the pool ---
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

export function devices(): WorkerDevice[] {
  ensurePool();
  return devs;
}

export function defaultDevice(): WorkerDevice {
  return devices()[0]!;
}

/** Work to finish before the pool ends (effects.ts: pending prints and io callbacks run first). */
const shutdownFlushes: (() => Promise<void>)[] = [];
export function onShutdown(flush: () => Promise<void>): void {
  shutdownFlushes.push(flush);
}

export async function shutdown(): Promise<void> {
  if (pool) for (const flush of shutdownFlushes) await flush();
  const p = pool;
  pool = null;
  for (const d of devs) d.markLost('the pool was shut down');
  devs = [];
  if (p) await p.close();
}

/** Test hook: make a device's worker exit; the pool replaces it. */
export async function _killDevice(id: number): Promise<void> {
  const d = devices()[id]!;
  const p = ensurePool();
  const died = p.whenReplaced(d);
  const ring = d.rings[0]!;
  // Bypass the normal queue so the kill is not stuck behind a long program.
  const head = Atomics.load(ring.ctrl, P.HEAD);
  ring.words.set([P.OP_KILL], (head % P.RING_SLOTS) * P.SLOT_WORDS);
  Atomics.store(ring.ctrl, P.HEAD, head + 1);
  Atomics.add(d.wake, P.WAKE, 1);
  Atomics.notify(d.wake, P.WAKE);
  await died;
}

// --- host callbacks ---
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

function takeHostError(id: number): Error {
  const e = hostErrors.get(id);
  hostErrors.delete(id);
  if (e instanceof Error && e.name !== 'Error' && e instanceof JaxpoolError) return e;
  return new CallbackError(`a host callback raised: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** Serve every pending callback request. In blocking mode a Promise result is an error. */
function serviceCallbacks(blocking: boolean): void {
  for (const dev of devs) {
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
function reply(dev: WorkerDevice, ring: RingView, error: unknown): void {
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

/** Host callback requests taken so far (lets a blocking wait see that it made progress). */
let callbacksServed = 0;

function runHandler(dev: WorkerDevice, depth: number, ring: RingView, blocking: boolean): void {
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
function finishCallback(dev: WorkerDevice, depth: number, ring: RingView, id: number, t0: number, error: unknown): void {
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

// --- sync points ---
function describe(t: Ticket): string {
  const dev = t.device;
  const ring = dev.rings[t.depth];
  const cb = ring ? dev.rings.some((r) => Atomics.load(r.ctrl, P.CB_STATE) !== P.CB_IDLE) : false;
  const tail = ring ? Atomics.load(ring.ctrl, P.TAIL) : -1;
  return `${dev}, program '${t.label}' (command ${t.seq}, ${tail} finished on that queue)${cb ? ', a host callback is in progress' : ''}`;
}

/** Host callbacks running on the host or awaiting their Promise, on all devices. */
let callbacksInProgress = 0;

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

function blockUntil(done: () => boolean, what: string, t: Ticket, onWake?: () => void): void {
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

/** Told of each failure a sync point raises, with the command it belongs to (effects.ts reports each once). */
let failureRaised: (f: Error, t: Ticket) => void = () => undefined;
export function onFailureRaised(observer: (f: Error, t: Ticket) => void): void {
  failureRaised = observer;
}

function checkFailures(t: Ticket, seen?: Set<Ticket>): void {
  if (seen?.has(t)) return;
  const f = t.device.failureOf(t);
  if (f) {
    failureRaised(f, t);
    throw f;
  }
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
  for (const d of devs) {
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
function armEventLoop(seen?: number): void {
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
  if (!devs.some((d) => d.awaitingPromise.length)) {
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
export function onDeviceLost(dev: WorkerDevice): void {
  settleWaiters();
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
