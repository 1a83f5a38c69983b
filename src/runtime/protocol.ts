// The host↔worker protocol over SharedArrayBuffers, shared by both sides (no imports).
// Each device has one ring per nesting depth: depth 0 is its normal queue; depth k+1 holds the
// work a host callback from depth k launches on the same device, served while it waits.

export const MAX_DEPTH = 6;
export const RING_SLOTS = 256;
export const SLOT_WORDS = 128;
export const MAX_INLINE_ARGS = SLOT_WORDS - 4;
export const MAILBOX_WORDS = 1024;

// Int32 control words at the start of each ring SAB.
export const HEAD = 0; // commands written (host)
export const TAIL = 1; // commands finished (worker)
export const CB_STATE = 3; // host-callback mailbox state, see CB_*
export const CB_ID = 4;
export const CB_NARGS = 5;
export const CTRL_WORDS = 16;

export const CB_IDLE = 0;
export const CB_REQUEST = 1;
export const CB_TAKEN = 2;
export const CB_OK = 3;
export const CB_FAILED = 4;

export const OP_COMPILE = 1; // [op, progId, srcOffset, srcLen]
export const OP_RUN = 2; // [op, progId, nargs, args...]
export const OP_RUN_INDIRECT = 3; // [op, progId, nargs, argsByteOffset]
export const OP_WAIT = 5; // [op, tailsIndex, seq, incarnation]: wait until another device's queue reached seq
export const OP_UNLOAD = 6; // [op, progId]: forget a compiled program
/**
 * Flag on OP_RUN / OP_RUN_INDIRECT: one part of a shared launch. Its args end with [CHUNK, CONTROL]
 * after the program's own: the parts take chunks of CHUNK elements of [LO, HI) from the control
 * block at heap byte CONTROL until none are left, so a device slowed by other threads does less of
 * the work. The block's int32 words: the next chunk to take, how often to ring the host bell
 * (after every that many finished chunks; 0: never), then a done flag per chunk, so the host can
 * copy finished chunks out while the rest compute.
 */
export const RUN_SHARED = 0x100;
export const OP_MASK = 0xff;
export const SHARED_NEXT = 0;
export const SHARED_RING_EVERY = 1;
export const SHARED_DONE = 2;

/** Every device publishes each ring's progress in one shared table: [tail, incarnation] per (device, depth). */
export const MAX_DEVICES = 64;
export const TAILS_WORDS = MAX_DEVICES * MAX_DEPTH * 2;
export function tailsIndex(deviceId: number, depth: number): number {
  return (deviceId * MAX_DEPTH + depth) * 2;
}

/** Byte layout of one ring SAB. */
export const RING_OFFSET = CTRL_WORDS * 4;
export const MAILBOX_OFFSET = RING_OFFSET + RING_SLOTS * SLOT_WORDS * 4;
export const RING_BYTES = MAILBOX_OFFSET + MAILBOX_WORDS * 4;

// Device-wide words (the "wake" SAB): the host bumps WAKE on every enqueue and callback reply.
export const WAKE = 0;
export const SLEEPING = 1;
export const PROFILING = 2;
export const EVENT_COUNT = 3;
export const WAKE_WORDS = 8;
/** Profiler events per device: [progId, depth, start µs, end µs] as float64. */
export const MAX_EVENTS = 1 << 16;

// Per incarnation of a device (the "control" SAB): who serves it, fault injection, failures.
/** The claim: the incarnation while unclaimed, 0 once a worker took it. */
export const CLAIM = 0;
/** The claiming worker's threadId. */
export const THREAD = 1;
/** Its OS thread id (Linux; 0 elsewhere): the host checks /proc for it while it blocks. */
export const OS_TID = 2;
/** Fault injection: a KILL_* way to die now, or at the start of the next program run. */
export const KILL_NOW = 3;
export const KILL_AT_RUN = 4;
/** Set by a worker parked (KILL_PARK) at the start of a run: it waits there for KILL_NOW. */
export const KILL_PARKED = 5;
/** Failure records written by the worker, and read by the host. */
export const FAIL_WRITTEN = 6;
export const FAIL_READ = 7;
export const CONTROL_HEADER_WORDS = 16;
export const FAIL_SLOTS = 32;
export const FAIL_RECORD_BYTES = 1024;
const FAIL_FIELDS = 5; // depth, seq, kind, extra, message length
export const CONTROL_BYTES = CONTROL_HEADER_WORDS * 4 + FAIL_SLOTS * FAIL_RECORD_BYTES;

export const KILL_EXIT = 1; // process.exit in the worker
export const KILL_CRASH = 2; // an uncaught exception
export const KILL_OOM = 3; // allocate until the resource limits end the thread
export const KILL_TERMINATE = 4; // park, and let the host terminate() the worker
export const KILL_PARK = 5; // (KILL_AT_RUN only) park at the next run until told how to die

export interface AttachMessage {
  deviceId: number;
  incarnation: number;
  memory: WebAssembly.Memory;
  rings: SharedArrayBuffer[];
  wake: SharedArrayBuffer;
  control: SharedArrayBuffer;
  hostBell: SharedArrayBuffer;
  events: SharedArrayBuffer;
  tails: SharedArrayBuffer;
  /** Initial attach: resolve only when `barrier[0]` reaches `barrierTarget` (keeps workers busy so each gets one). */
  barrier: SharedArrayBuffer | null;
  barrierTarget: number;
}

/** Typed views over one ring SAB (both sides use the same layout). */
export interface RingView {
  ctrl: Int32Array;
  words: Uint32Array;
  mailbox: Uint32Array;
}

export function ringView(sab: SharedArrayBuffer): RingView {
  return {
    ctrl: new Int32Array(sab, 0, CTRL_WORDS),
    words: new Uint32Array(sab, RING_OFFSET, RING_SLOTS * SLOT_WORDS),
    mailbox: new Uint32Array(sab, MAILBOX_OFFSET, MAILBOX_WORDS),
  };
}

/** A failed command as the worker records it. */
export interface FailureRecord {
  depth: number;
  seq: number;
  /** A FAIL_* kind. */
  kind: number;
  /** FAIL_LOST: the id of the device whose input was lost. */
  extra: number;
  message: string;
}
/** The program threw (or failed to compile). */
export const FAIL_EXCEPTION = 1;
/** An input was being computed on a device that was lost. */
export const FAIL_LOST = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MESSAGE_OFFSET = FAIL_FIELDS * 4;

/**
 * Worker side: append a failure record, or return false when every slot holds one the host has
 * not read yet (the caller waits and retries: records are never overwritten).
 */
export function writeFailure(control: Int32Array, f: FailureRecord): boolean {
  const n = Atomics.load(control, FAIL_WRITTEN);
  if (n - Atomics.load(control, FAIL_READ) >= FAIL_SLOTS) return false;
  const at = CONTROL_HEADER_WORDS * 4 + (n % FAIL_SLOTS) * FAIL_RECORD_BYTES;
  const words = new Int32Array(control.buffer, at, FAIL_FIELDS);
  const bytes = encoder.encode(f.message).subarray(0, FAIL_RECORD_BYTES - MESSAGE_OFFSET);
  words[0] = f.depth;
  words[1] = f.seq;
  words[2] = f.kind;
  words[3] = f.extra;
  words[4] = bytes.length;
  new Uint8Array(control.buffer, at + MESSAGE_OFFSET, bytes.length).set(bytes);
  Atomics.store(control, FAIL_WRITTEN, n + 1);
  return true;
}

/** Host side: read every failure record not read yet, oldest first. */
export function readFailures(control: Int32Array, each: (f: FailureRecord) => void): void {
  const n = Atomics.load(control, FAIL_WRITTEN);
  let r = Atomics.load(control, FAIL_READ);
  for (; r < n; r++) {
    const at = CONTROL_HEADER_WORDS * 4 + (r % FAIL_SLOTS) * FAIL_RECORD_BYTES;
    const words = new Int32Array(control.buffer, at, FAIL_FIELDS);
    const message = decoder.decode(new Uint8Array(control.buffer, at + MESSAGE_OFFSET, words[4]!).slice());
    each({ depth: words[0]!, seq: words[1]!, kind: words[2]!, extra: words[3]!, message });
  }
  Atomics.store(control, FAIL_READ, r);
}

/** Probes come every 16th wait at first, and at most 64 waits apart (see SpinBudget). */
const PROBE_EVERY_MIN = 16;
const PROBE_EVERY_MAX = 64;

/**
 * How long one side spins for the other before it sleeps, adapted to what spinning bought lately.
 * A spin that saw the hand-off costs ~0.2 µs against 10–40 µs for a wake-up from sleep, but on a
 * machine with no free core it holds the core the other side needs to get there: a spin that ran
 * out shrinks the budget (to none after two), one that caught the hand-off restores it. With no
 * budget, a wait now and then probes with the whole budget: a shorter probe cannot see a hand-off
 * from a side that sleeps too (its wake-up takes longer than the probe), so two sides that backed
 * off together (e.g. while their code was cold) would go on sleeping at every hand-off. Probes
 * that miss come further apart (every 16th wait up to every 64th), so a busy machine pays less.
 */
export class SpinBudget {
  /** Microseconds to spin at the next wait. */
  private budget: number;
  /** Waits without spinning since the last probe, and how many waits apart probes are now. */
  private skipped = 0;
  private probeEvery = PROBE_EVERY_MIN;
  constructor(readonly maxUs: number) {
    this.budget = maxUs;
  }

  /** Microseconds to spin now (0: sleep at once). */
  next(): number {
    if (this.budget > 0) return this.budget;
    if (++this.skipped < this.probeEvery) return 0;
    this.skipped = 0;
    return this.maxUs;
  }

  /** The spin saw the hand-off: spinning pays. */
  caught(): void {
    this.budget = this.maxUs;
    this.probeEvery = PROBE_EVERY_MIN;
  }

  /** The spin ran out and the wait slept: spinning held a core for nothing. */
  missed(): void {
    if (this.budget === 0) this.probeEvery = Math.min(PROBE_EVERY_MAX, this.probeEvery * 2);
    this.budget = this.budget >= this.maxUs / 2 ? this.budget / 4 : 0;
  }

  /** The budget now (for tests and the ledger). */
  get current(): number {
    return this.budget;
  }

  /** How many waits apart probes are while there is no budget (for tests). */
  get probeInterval(): number {
    return this.probeEvery;
  }
}
/** Typed views of the shared heap, one per element type generated code reads (`rt.f32`, `rt.u8`, …). */
export interface HeapViews {
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
  u32: Uint32Array;
  u8: Uint8Array;
  i8: Int8Array;
  i16: Int16Array;
  u16: Uint16Array;
}

/** The views of `b` (the heap's buffer; an empty one before there is a heap). */
export function heapViewsOf(b: ArrayBufferLike): HeapViews {
  return { f32: new Float32Array(b), f64: new Float64Array(b), i32: new Int32Array(b), u32: new Uint32Array(b), u8: new Uint8Array(b), i8: new Int8Array(b), i16: new Int16Array(b), u16: new Uint16Array(b) };
}
