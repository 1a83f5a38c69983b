// The host's handle to one worker device: its command rings (one per nesting depth), launching
// programs and waits into them, and reading back which commands finished or failed.
import { inspect } from 'node:util';
import { DeviceLostError, JaxpoolError } from '../core/errors.js';
import { allocate, heapMemory, heapViews, type HeapBuffer } from './heap.js';
import * as P from './protocol.js';
import { isDone, type Ticket } from './ticket.js';
import { recordLaunch } from './transfers.js';
import { armEventLoop, blockUntil, hostBellSab } from './sync.js';
import { takeHostError } from './host.js';

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

export interface HostRing extends P.RingView {
  /** Failures read so far from this ring, by sequence number. */
  failures: Map<number, Error>;
  errSeen: number;
}

/** Every device publishes each ring's progress here (see protocol TAILS_WORDS). */
const tailsSab = new SharedArrayBuffer(P.TAILS_WORDS * 4);
const tails = new Int32Array(tailsSab);
const encoder = new TextEncoder();

export class WorkerDevice {
  readonly platform = 'cpu';
  incarnation = 0;
  rings: HostRing[] = [];
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
    this.rings = this.ringSabs.map((sab) => ({ ...P.ringView(sab), failures: new Map(), errSeen: 0 }));
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

  /** Kill the worker from inside (test hook): a command written past the queue's end. */
  sendKill(): void {
    const ring = this.rings[0]!;
    const head = Atomics.load(ring.ctrl, P.HEAD);
    ring.words.set([P.OP_KILL], (head % P.RING_SLOTS) * P.SLOT_WORDS);
    Atomics.store(ring.ctrl, P.HEAD, head + 1);
    Atomics.add(this.wake, P.WAKE, 1);
    Atomics.notify(this.wake, P.WAKE);
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
      const f = P.readFailure(ring, ring.errSeen);
      if (f.kind === P.FAIL_HOST) ring.failures.set(f.seq, takeHostError(f.hostId));
      else
        ring.failures.set(f.seq, new JaxpoolError(`program '${this.labels.get(ring.words[((f.seq - 1) % P.RING_SLOTS) * P.SLOT_WORDS + 1]!) ?? '?'}' failed on ${this}: ${f.message}`));
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
