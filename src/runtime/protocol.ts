// The host↔worker protocol over SharedArrayBuffers, shared by both sides (no imports).
// Each device has one ring per nesting depth: depth 0 is its normal queue; depth k+1 holds the
// work a host callback from depth k launches on the same device, served while it waits.

export const MAX_DEPTH = 6;
export const RING_SLOTS = 256;
export const SLOT_WORDS = 128;
export const MAX_INLINE_ARGS = SLOT_WORDS - 4;
export const ERR_SLOTS = 16;
export const ERR_MSG_BYTES = 1024;
export const MAILBOX_WORDS = 1024;

// Int32 control words at the start of each ring SAB.
export const HEAD = 0; // commands written (host)
export const TAIL = 1; // commands finished (worker)
export const ERR_COUNT = 2; // failures recorded (worker)
export const CB_STATE = 3; // host-callback mailbox state, see CB_*
export const CB_ID = 4;
export const CB_NARGS = 5;
export const CB_ERR = 6; // host error id when the callback failed
export const CTRL_WORDS = 64;
export const ERR_SEQ = 16; // ERR_SLOTS entries: seq of failed command
export const ERR_KIND = 32; // ERR_SLOTS entries: 1 = exception, 2 = host callback failed (ERR_HOST holds its id)
export const ERR_HOST = 48;

export const CB_IDLE = 0;
export const CB_REQUEST = 1;
export const CB_TAKEN = 2;
export const CB_OK = 3;
export const CB_FAILED = 4;

export const OP_COMPILE = 1; // [op, progId, srcOffset, srcLen]
export const OP_RUN = 2; // [op, progId, nargs, args...]
export const OP_RUN_INDIRECT = 3; // [op, progId, nargs, argsByteOffset]
export const OP_KILL = 4;
export const OP_WAIT = 5; // [op, tailsIndex, seq, incarnation]: wait until another device's queue reached seq
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
export const ERRMSG_OFFSET = MAILBOX_OFFSET + MAILBOX_WORDS * 4;
export const RING_BYTES = ERRMSG_OFFSET + ERR_SLOTS * ERR_MSG_BYTES;

// Device-wide words (the "wake" SAB): the host bumps WAKE on every enqueue and callback reply.
export const WAKE = 0;
export const SLEEPING = 1;
export const PROFILING = 2;
export const EVENT_COUNT = 3;
export const THREAD = 4; // the threadId of the worker serving this device (written at attach)
export const WAKE_WORDS = 8;
/** Profiler events per device: [progId, depth, start µs, end µs] as float64. */
export const MAX_EVENTS = 1 << 16;

export interface AttachMessage {
  deviceId: number;
  incarnation: number;
  memory: WebAssembly.Memory;
  rings: SharedArrayBuffer[];
  wake: SharedArrayBuffer;
  hostBell: SharedArrayBuffer;
  events: SharedArrayBuffer;
  tails: SharedArrayBuffer;
  /** Initial attach: resolve only when `barrier[0]` reaches `barrierTarget` (keeps workers busy so each gets one). */
  barrier: SharedArrayBuffer | null;
  barrierTarget: number;
  /** Replacement attach: only this thread may take it. */
  targetThreadId: number | null;
}

/** Typed views over one ring SAB (both sides use the same layout). */
export interface RingView {
  ctrl: Int32Array;
  words: Uint32Array;
  mailbox: Uint32Array;
  errMsg: Uint8Array;
}

export function ringView(sab: SharedArrayBuffer): RingView {
  return {
    ctrl: new Int32Array(sab, 0, CTRL_WORDS),
    words: new Uint32Array(sab, RING_OFFSET, RING_SLOTS * SLOT_WORDS),
    mailbox: new Uint32Array(sab, MAILBOX_OFFSET, MAILBOX_WORDS),
    errMsg: new Uint8Array(sab, ERRMSG_OFFSET, ERR_SLOTS * ERR_MSG_BYTES),
  };
}

/** A failed command as the worker records it. */
export interface FailureRecord {
  seq: number;
  /** FAIL_EXCEPTION or FAIL_HOST. */
  kind: number;
  /** With FAIL_HOST: the host's id of the callback's error. */
  hostId: number;
  message: string;
}
export const FAIL_EXCEPTION = 1;
export const FAIL_HOST = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Worker side: record failure number ERR_COUNT in its slot, then publish it. */
export function writeFailure(ring: RingView, f: FailureRecord): void {
  const n = Atomics.load(ring.ctrl, ERR_COUNT);
  const slot = n % ERR_SLOTS;
  ring.ctrl[ERR_SEQ + slot] = f.seq;
  ring.ctrl[ERR_KIND + slot] = f.kind;
  ring.ctrl[ERR_HOST + slot] = f.hostId;
  const bytes = encoder.encode(f.message).subarray(0, ERR_MSG_BYTES - 4);
  new DataView(ring.errMsg.buffer, ring.errMsg.byteOffset + slot * ERR_MSG_BYTES, 4).setUint32(0, bytes.length, true);
  ring.errMsg.set(bytes, slot * ERR_MSG_BYTES + 4);
  Atomics.store(ring.ctrl, ERR_COUNT, n + 1);
}

/** Host side: the failure recorded as number `n`. */
export function readFailure(ring: RingView, n: number): FailureRecord {
  const slot = n % ERR_SLOTS;
  const len = new DataView(ring.errMsg.buffer, ring.errMsg.byteOffset + slot * ERR_MSG_BYTES, 4).getUint32(0, true);
  return {
    seq: ring.ctrl[ERR_SEQ + slot]!,
    kind: ring.ctrl[ERR_KIND + slot]!,
    hostId: ring.ctrl[ERR_HOST + slot]!,
    message: decoder.decode(ring.errMsg.slice(slot * ERR_MSG_BYTES + 4, slot * ERR_MSG_BYTES + 4 + len)),
  };
}
