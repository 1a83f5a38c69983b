// The host's handle to one worker device: its command rings (one per nesting depth), launching
// programs and waits into them, and reading back which commands finished or failed.
import { inspect } from 'node:util';
import { DeviceLostError, JaxpoolError } from '../core/errors.js';
import { allocate, heapMemory, heapViews, type HeapBuffer } from './heap.js';
import * as P from './protocol.js';
import { isDone, Ticket } from './ticket.js';
import { recordLaunch } from './transfers.js';
import { attachFailure, settle } from './failures.js';
import { type Activation, callbackScope, scopeDepth } from './scope.js';
import { armEventLoop, blockUntil, canBlockFor } from './sync.js';
import { CommandRing } from './commandRing.js';

export { Ticket } from './ticket.js';

/** A compiled program as devices load it: a cache key, its JS source, and a label for errors and traces. */
export interface ProgramSpec {
  key: string;
  source: string;
  label: string;
}

/** The buffers and arguments of one launch. */
export interface LaunchIO {
  inputs: HeapBuffer[];
  outputs: HeapBuffer[];
  scratch?: HeapBuffer[];
  args: number[];
  /** One part of a shared launch: args end with [CHUNK, COUNTER] (see protocol RUN_SHARED). */
  shared?: boolean;
  /** Run only after this command (e.g. the previous effectful program, on another device). */
  after?: Ticket;
}

/** Every device publishes each ring's progress here (see protocol TAILS_WORDS). */
const tailsSab = new SharedArrayBuffer(P.TAILS_WORDS * 4);
const tails = new Int32Array(tailsSab);
const encoder = new TextEncoder();
/** Host callbacks in progress over all devices (launches look at their scope only then). */
export const activeCallbacks = { count: 0 };
/** Past this many commands queued on the host for one ring, a launch waits for the device (if it can). */
const MAX_QUEUED_ON_HOST = 4096;

/** One worker-thread device (JAX's `Device`): `devices()` lists them. */
export class WorkerDevice {
  readonly platform = 'cpu';
  incarnation = 0;
  rings: CommandRing[] = [];
  readonly wakeSab = new SharedArrayBuffer(P.WAKE_WORDS * 4);
  readonly wake = new Int32Array(this.wakeSab);
  controlSab = new SharedArrayBuffer(P.CONTROL_BYTES);
  control = new Int32Array(this.controlSab);
  readonly eventsSab = new SharedArrayBuffer(P.MAX_EVENTS * 4 * 8);
  /** Set when its worker died (or was stopped), until the replacement's incarnation begins. */
  lost: Error | null = null;
  /**
   * Earlier incarnations whose worker was told to stop and may still run (by incarnation, its OS
   * thread id): their commands' buffers stay allocated until the thread is gone.
   */
  readonly dying = new Map<number, number>();
  /** A new incarnation waits for a replacement worker (attached through the event loop). */
  replacing = false;
  /** The last command on ring 0 that is not a part of a shared launch (or a wait), while it may run. */
  private lastSolo: Ticket | null = null;
  /** Fault injection asked this incarnation's worker to die: work must still meet it (no host runs). */
  killing = false;
  /** Host callbacks from this incarnation's programs in progress (running or awaiting a Promise). */
  activations: Activation[] = [];
  /** Depths of those whose handler is running on the host stack now (innermost last). */
  syncDepths: number[] = [];
  /** How many of them await a Promise. */
  awaiting = 0;
  /** Why each earlier incarnation ended. */
  private lostBefore = new Map<number, string>();
  private lostReason = '';
  private programs = new Map<string, number>();
  private labels = new Map<number, string>();
  private nextProgram = 1;

  constructor(readonly id: number) {
    this.reset();
  }

  /** Fresh rings and control block for a new incarnation (a new worker will serve them). */
  reset(): void {
    if (this.lost) this.lostBefore.set(this.incarnation, this.lostReason);
    for (const ring of this.rings) ring.drop();
    this.incarnation++;
    const harvest = () => this.harvest();
    this.rings = Array.from({ length: P.MAX_DEPTH }, () => new CommandRing(new SharedArrayBuffer(P.RING_BYTES), this.wake, harvest));
    this.controlSab = new SharedArrayBuffer(P.CONTROL_BYTES);
    this.control = new Int32Array(this.controlSab);
    Atomics.store(this.control, P.CLAIM, this.incarnation);
    this.programs.clear();
    this.labels.clear();
    this.lost = null;
    this.lastSolo = null;
    this.killing = false;
    this.activations = [];
    this.syncDepths = [];
    this.awaiting = 0;
    if (this.id < P.MAX_DEVICES)
      for (let d = 0; d < P.MAX_DEPTH; d++) {
        Atomics.store(tails, P.tailsIndex(this.id, d), 0);
        Atomics.store(tails, P.tailsIndex(this.id, d) + 1, this.incarnation);
      }
  }

  /** @internal */
  attachMessage(hostBell: SharedArrayBuffer, barrier: SharedArrayBuffer | null, barrierTarget: number): P.AttachMessage {
    return {
      deviceId: this.id,
      incarnation: this.incarnation,
      memory: heapMemory(),
      rings: this.rings.map((r) => r.sab),
      wake: this.wakeSab,
      control: this.controlSab,
      hostBell,
      events: this.eventsSab,
      tails: tailsSab,
      barrier,
      barrierTarget,
    };
  }

  /** A worker serves this incarnation. */
  get attached(): boolean {
    return Atomics.load(this.control, P.CLAIM) === 0;
  }

  /** The worker's threadId (0 until one attached). */
  get threadId(): number {
    return Atomics.load(this.control, P.THREAD);
  }

  /** `WorkerDevice(id=0)`. */
  toString(): string {
    return `WorkerDevice(id=${this.id})`;
  }
  /** As toString, for console.log and util.inspect. */
  [inspect.custom](): string {
    return this.toString();
  }

  /**
   * The ring a launch goes to now: one deeper than the innermost host callback of this device's
   * that holds it for the running code — one on the host stack, or one whose scope (its own code
   * and what it awaits) this is.
   */
  depthFor(): number {
    if (this.activations.length === 0) return 0;
    const s = this.syncDepths;
    let d = s.length ? s[s.length - 1]! + 1 : 0;
    if (this.awaiting) d = Math.max(d, scopeDepth(callbackScope.getStore(), this));
    if (d >= P.MAX_DEPTH) throw new JaxpoolError(`host callbacks nested more than ${P.MAX_DEPTH - 1} deep on ${this}; flatten the nesting.`);
    return d;
  }

  /**
   * A launch here at `depth` would queue behind a host callback awaiting a Promise (one that does
   * not enclose the launching code), or the device waits for a replacement worker.
   */
  isBlocked(depth: number): boolean {
    if (this.lost || this.replacing) return true;
    if (!this.awaiting) return false;
    for (const a of this.activations) if (a.awaiting && a.depth >= depth) return true;
    return false;
  }

  /** Append the command `words` ([op, w1, w2, w3, ...]) to ring `depth`; a full ring queues it on the host. */
  private enqueue(depth: number, label: string, words: number[]): Ticket {
    if (this.lost) throw this.lost;
    const ring = this.rings[depth]!;
    const t = new Ticket(this, this.incarnation, depth, ++ring.assigned, label);
    ring.push(t, words);
    const op = words[0]! & P.OP_MASK;
    if (depth === 0 && (op === P.OP_COMPILE || ((op === P.OP_RUN || op === P.OP_RUN_INDIRECT) && !(words[0]! & P.RUN_SHARED)))) this.lastSolo = t;
    // Back-pressure: with many commands queued on the host, wait (when a blocking wait can end)
    // until the device has taken half of them. Otherwise (e.g. the ring is held by a callback
    // awaiting a Promise) they stay queued, and async callbacks keep working.
    if (ring.queued > MAX_QUEUED_ON_HOST) {
      const until = ring.backPressure(MAX_QUEUED_ON_HOST);
      if (until && canBlockFor(until)) blockUntil(until, `space in ${this}'s command queue`);
    }
    return t;
  }

  /** Commands of ring `depth` queued on the host for space. */
  queuedOnHost(depth: number): number {
    return this.rings[depth]!.queued;
  }

  /** Some ring has commands not finished yet. */
  hasUnfinished(): boolean {
    return this.rings.some((r) => r.hasUnfinished());
  }

  /** The last command given to ring `depth`, if it may not have finished. */
  lastCommand(depth: number): Ticket | null {
    return this.rings[depth]!.lastCommand();
  }

  /** The command ring `depth` is running now (the one a host callback request comes from). */
  runningCommand(depth: number): Ticket | undefined {
    return this.rings[depth]!.runningCommand();
  }

  private ensureProgram(program: ProgramSpec, depth: number): number {
    let id = this.programs.get(program.key);
    if (id !== undefined) return id;
    id = this.nextProgram++;
    const bytes = encoder.encode(program.source);
    const buf = allocate(bytes.length);
    heapViews().u8.set(bytes, buf.offset);
    const t = this.enqueue(depth, `compile ${program.label}`, [P.OP_COMPILE, id, buf.offset, bytes.length]);
    buf.use(t);
    buf.release();
    this.programs.set(program.key, id);
    this.labels.set(id, program.label);
    return id;
  }

  /** Forget a program on the worker (its executable was evicted); it is compiled again if launched again. */
  unload(key: string): void {
    const id = this.programs.get(key);
    if (id === undefined || this.lost) return;
    this.programs.delete(key);
    this.labels.delete(id);
    // On the outermost ring: after every run of it already queued there or nested in them.
    this.enqueue(0, 'unload', [P.OP_UNLOAD, id, 0, 0]);
  }

  /** Programs loaded on this device's worker. */
  get loadedPrograms(): number {
    return this.programs.size;
  }

  /** Enqueue a program run; returns at once. */
  launch(program: ProgramSpec, io: LaunchIO, depth = this.depthFor()): Ticket {
    const inputs = io.inputs;
    // Inputs: a producer that finished cleanly needs nothing more; a failure is inherited; one
    // still queued on a shallower ring of this device runs first, so this goes behind it.
    let deps: Ticket[] | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const p = inputs[i]!.producer;
      if (!p) continue;
      if (isDone(p)) {
        if (settle(p) === null) continue;
      } else if (p.device === this && p.depth < depth && p.incarnation === this.incarnation) depth = p.depth;
      (deps ??= []).push(p);
    }
    const id = this.ensureProgram(program, depth);
    // Inputs still being computed on other devices: this queue waits for them first.
    for (let i = 0; i < inputs.length; i++) {
      const p = inputs[i]!.producer;
      if (p && p.device !== this && !isDone(p)) this.waitOn(p, depth);
    }
    const after = io.after;
    if (after && after.device !== this && !isDone(after)) this.waitOn(after, depth);
    let argBuf: HeapBuffer | null = null;
    const args = io.args;
    const n = args.length;
    const flag = io.shared ? P.RUN_SHARED : 0;
    let words: number[];
    if (n > P.MAX_INLINE_ARGS) {
      argBuf = allocate(n * 4);
      heapViews().u32.set(args, argBuf.offset >>> 2);
      words = [P.OP_RUN_INDIRECT | flag, id, n, argBuf.offset];
    } else {
      words = new Array<number>(3 + n);
      words[0] = P.OP_RUN | flag;
      words[1] = id;
      words[2] = n;
      for (let i = 0; i < n; i++) words[3 + i] = args[i]!;
    }
    const t = this.enqueue(depth, program.label, words);
    if (activeCallbacks.count) t.ctx = callbackScope.getStore() ?? null;
    // The event loop serves its host callbacks (unless a blocking read does first).
    armEventLoop();
    recordLaunch();
    if (deps) t.deps = deps;
    for (const b of inputs) b.use(t);
    for (const b of io.outputs) {
      b.use(t);
      b.producer = t;
    }
    t.liveOutputs = io.outputs.length;
    if (io.scratch) for (const b of io.scratch) b.use(t);
    if (argBuf) {
      argBuf.use(t);
      argBuf.release();
    }
    return t;
  }

  /**
   * Could take a part of a shared launch without holding it up for long: idle, or with only parts
   * of shared launches (and waits) queued — those end as soon as their chunks are taken — so an
   * eager chain of large ops keeps every device busy, not only the first op.
   */
  canJoinShared(): boolean {
    if (this.lost || this.replacing || this.activations.length) return false;
    return this.lastSolo === null || isDone(this.lastSolo);
  }

  /** Nothing queued or running, not serving a host callback, and a worker attached. */
  isIdle(): boolean {
    if (this.lost || this.replacing || this.activations.length) return false;
    return !this.rings[0]!.hasUnfinished();
  }

  /** Make this device's queue wait until `t` (on another device) has finished. */
  waitOn(t: Ticket, depth = this.depthFor(), label = `wait for ${t.label} on ${t.device}`): Ticket {
    const w = this.enqueue(depth, label, [P.OP_WAIT, P.tailsIndex(t.device.id, t.depth), t.seq, t.incarnation]);
    w.waitsFor = t;
    return w;
  }

  /**
   * The parts of a split launch (the first on this device) as one command: this queue waits for
   * the other parts, so its later commands see whole outputs, and its last wait stands for the
   * launch — the outputs' producer, failing with any part.
   */
  join(parts: Ticket[], outputs: HeapBuffer[], label: string): Ticket {
    let t = parts[0]!;
    for (const p of parts.slice(1)) t = this.waitOn(p, parts[0]!.depth, label);
    t.deps = [...t.deps, ...parts];
    for (const p of parts) p.liveOutputs = 0;
    for (const b of outputs) b.producer = t;
    t.liveOutputs = outputs.length;
    return t;
  }

  /** @internal */
  isDone(t: Ticket): boolean {
    if (t.incarnation !== this.incarnation || this.lost) return true;
    return Atomics.load(this.rings[t.depth]!.ctrl, P.TAIL) >= t.seq;
  }

  /** The worker that ran `t` may still be running (it was told to stop, and has not yet). */
  mayStillRun(t: Ticket): boolean {
    return this.dying.size > 0 && this.dying.has(t.incarnation);
  }

  /** The failure of finished command `t` itself (not its inputs'), or null. */
  failureOf(t: Ticket): Error | null {
    if (t.incarnation !== this.incarnation || this.lost) {
      const why = (t.incarnation === this.incarnation ? this.lostReason : this.lostBefore.get(t.incarnation)) ?? 'its worker was replaced';
      attachFailure(t, new DeviceLostError(`${this} was lost (${why}) with program '${t.label}' on it; arrays computed on it are gone: recompute them.`));
      return t.own;
    }
    this.harvest();
    return t.own;
  }

  /** Read the worker's failure records into their commands' tickets (they are never overwritten unread). */
  harvest(): void {
    const c = this.control;
    if (Atomics.load(c, P.FAIL_WRITTEN) === Atomics.load(c, P.FAIL_READ)) return;
    P.readFailures(c, (f) => {
      const t = this.rings[f.depth]?.ticketOf(f.seq);
      if (!t) return;
      attachFailure(
        t,
        f.kind === P.FAIL_LOST
          ? new DeviceLostError(`program '${t.label}' on ${this} lost its input: ${f.message}; arrays computed on it are gone: recompute them.`)
          : new JaxpoolError(`program '${t.label}' failed on ${this}: ${f.message}`),
      );
    });
    // A worker waiting for record space sleeps on WAKE.
    Atomics.add(this.wake, P.WAKE, 1);
    Atomics.notify(this.wake, P.WAKE);
  }

  /** Drop the ticket references of finished commands (they keep nothing alive then). */
  sweep(): void {
    this.harvest();
    for (const ring of this.rings) ring.sweep();
  }

  /** @internal */
  markLost(reason: string): void {
    if (this.lost) return;
    this.lostReason = reason;
    this.lost = new DeviceLostError(`${this} was lost (${reason}); arrays computed on it are gone: recompute them.`);
  }

  /** Internal for the profiler. */
  labelOf(programId: number): string {
    return this.labels.get(programId) ?? `program ${programId}`;
  }

  /** Write commands queued on the host into the slots that freed up. */
  flushAll(): void {
    for (const ring of this.rings) if (ring.queued) ring.flush();
  }
}

