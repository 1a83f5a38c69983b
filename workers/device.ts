// A worker device: serves its command rings over SharedArrayBuffers. Programs are JS factories
// compiled once with `new Function('rt', source)`; they may call the host mid-run (rt.callHost),
// and while waiting for the reply this worker keeps serving the next ring (nested launches).
import { readlinkSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import * as P from '../src/runtime/protocol.js';

type Ring = P.RingView;
type Program = (args: number[]) => void;

/** The host replied that the callback failed: the host holds the error, the program stops here. */
class CallbackFailure extends Error {}

let attached: P.AttachMessage | null = null;

/** This thread's OS id, for the host's liveness checks while it blocks (Linux; else 0). */
function osThreadId(): number {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || 0;
  } catch {
    return 0;
  }
}

function spinWait(cond: () => boolean, wake: Int32Array, maxMs: number): void {
  for (let i = 0; i < 4000; i++) if (cond()) return;
  const v = Atomics.load(wake, P.WAKE);
  if (!cond()) Atomics.wait(wake, P.WAKE, v, maxMs);
}

function startDevice(msg: P.AttachMessage): void {
  const rings: Ring[] = msg.rings.map(P.ringView);
  const wake = new Int32Array(msg.wake);
  const control = new Int32Array(msg.control);
  const hostBell = new Int32Array(msg.hostBell);
  const events = new Float64Array(msg.events);
  const tails = new Int32Array(msg.tails);
  const mem = msg.memory;
  const programs = new Map<number, Program>();
  const decoder = new TextDecoder();
  let depth = 0;
  /** Set once this worker is dying: it serves nothing more. */
  let dead = false;

  const rt = { deviceId: msg.deviceId, memory: mem, ...P.heapViewsOf(new SharedArrayBuffer(0)), callHost };
  const refresh = () => {
    const b = mem.buffer as SharedArrayBuffer;
    if (rt.u8.byteLength !== b.byteLength) Object.assign(rt, P.heapViewsOf(b));
  };

  const ringBell = () => {
    Atomics.add(hostBell, 0, 1);
    Atomics.notify(hostBell, 0);
  };

  /** Fault injection (the public testing.killDevice): die the way the host asked. */
  function die(how: number): never {
    dead = true;
    if (how === P.KILL_CRASH) {
      // Uncaught, outside any handler of ours: the thread ends as on a real crash.
      setImmediate(() => {
        throw new Error('jaxpool testing: a simulated worker crash');
      });
    } else if (how === P.KILL_OOM) {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(1 << 16).fill(hoard.length));
    } else if (how === P.KILL_TERMINATE || how === P.KILL_PARK) park();
    else process.exit(1);
    throw new DeadWorker();
  }
  /** Stop mid-command until the host says how to die (KILL_NOW), or terminates this thread. */
  function park(): void {
    Atomics.store(control, P.KILL_PARKED, 1);
    ringBell();
    for (;;) {
      const how = Atomics.load(control, P.KILL_NOW);
      if (how !== 0 && how !== P.KILL_TERMINATE && how !== P.KILL_PARK) die(how);
      Atomics.wait(control, P.KILL_NOW, how, 50);
    }
  }
  const checkKill = () => {
    const how = Atomics.load(control, P.KILL_NOW);
    if (how !== 0) die(how);
  };

  function recordFailure(f: P.FailureRecord): void {
    // Records are never overwritten: with every slot unread, wait for the host to read some.
    while (!P.writeFailure(control, f)) {
      ringBell();
      spinWait(() => Atomics.load(control, P.FAIL_WRITTEN) - Atomics.load(control, P.FAIL_READ) < P.FAIL_SLOTS, wake, 20);
      checkKill();
    }
  }

  function describe(e: unknown): string {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }

  /** Execute every command queued on ring `d`; returns how many ran. */
  function serve(d: number): number {
    const ring = rings[d]!;
    let ran = 0;
    for (;;) {
      if (dead) return ran;
      checkKill();
      const tail = Atomics.load(ring.ctrl, P.TAIL);
      if (Atomics.load(ring.ctrl, P.HEAD) === tail) return ran;
      const seq = tail + 1;
      const base = (tail % P.RING_SLOTS) * P.SLOT_WORDS;
      const w = ring.words;
      const op = w[base]! & P.OP_MASK;
      const prev = depth;
      depth = d;
      const profiling = Atomics.load(wake, P.PROFILING) === 1;
      const t0 = profiling ? performance.timeOrigin + performance.now() : 0;
      try {
        refresh();
        if (op === P.OP_RUN || op === P.OP_RUN_INDIRECT) {
          const killAt = Atomics.load(control, P.KILL_AT_RUN);
          if (killAt !== 0) die(killAt);
          const prog = programs.get(w[base + 1]!);
          if (!prog) throw new Error(`program ${w[base + 1]} was never compiled on this device`);
          const n = w[base + 2]!;
          const args = new Array<number>(n);
          if (op === P.OP_RUN) for (let i = 0; i < n; i++) args[i] = w[base + 3 + i]!;
          else {
            const at = w[base + 3]! >>> 2;
            for (let i = 0; i < n; i++) args[i] = rt.u32[at + i]!;
          }
          if (w[base]! & P.RUN_SHARED) runShared(prog, args);
          else prog(args);
        } else if (op === P.OP_COMPILE) {
          const src = decoder.decode(rt.u8.slice(w[base + 2]!, w[base + 2]! + w[base + 3]!));
          try {
            programs.set(w[base + 1]!, new Function('rt', src)(rt) as Program);
          } catch (e) {
            // Every run of it fails with the reason (the compile command itself has no result).
            const why = `it failed to compile: ${describe(e)}`;
            programs.set(w[base + 1]!, () => {
              throw new Error(why);
            });
          }
        } else if (op === P.OP_WAIT) {
          // Inputs produced on another device: wait until its queue got there (or it was replaced).
          const at = w[base + 1]!;
          const target = w[base + 2]!;
          const inc = w[base + 3]!;
          const reached = () => Atomics.load(tails, at) >= target || Atomics.load(tails, at + 1) !== inc;
          while (!reached()) {
            spinWait(reached, hostBell, 20);
            checkKill();
          }
          if (Atomics.load(tails, at) < target) {
            const lost = Math.floor(at / 2 / P.MAX_DEPTH);
            recordFailure({ depth: d, seq, kind: P.FAIL_LOST, extra: lost, message: `an input was being computed on WorkerDevice(id=${lost}), which was lost` });
          }
        } else if (op === P.OP_UNLOAD) {
          programs.delete(w[base + 1]!);
        }
      } catch (e) {
        if (e instanceof DeadWorker) return ran;
        if (!(e instanceof CallbackFailure)) recordFailure({ depth: d, seq, kind: P.FAIL_EXCEPTION, extra: 0, message: describe(e) });
      } finally {
        depth = prev;
      }
      if (dead) return ran;
      if (profiling) {
        const k = Atomics.add(wake, P.EVENT_COUNT, 1);
        if (k < P.MAX_EVENTS) {
          // [first operand (program id, or the awaited queue), op * 16 + depth, start, end]
          events[k * 4] = w[base + 1]!;
          events[k * 4 + 1] = op * 16 + d;
          events[k * 4 + 2] = t0;
          events[k * 4 + 3] = performance.timeOrigin + performance.now();
        }
      }
      Atomics.store(ring.ctrl, P.TAIL, seq);
      Atomics.store(tails, P.tailsIndex(msg.deviceId, d), seq);
      ringBell();
      ran++;
    }
  }

  /** One part of a shared launch (P.RUN_SHARED): run chunks of [LO, HI) until none are left. */
  function runShared(prog: Program, args: number[]): void {
    const k = args.length;
    const ctl = args[k - 1]! >>> 2;
    const chunk = args[k - 2]!;
    const ownArgs = args.slice(0, k - 2);
    const LO = k - 6; // the program's own args end with [S, LO, HI, PART, NPARTS]
    const lo0 = ownArgs[LO]!;
    const hi0 = ownArgs[LO + 1]!;
    for (;;) {
      const c = Atomics.add(rt.i32, ctl + P.SHARED_NEXT, 1);
      const lo = lo0 + c * chunk;
      if (lo >= hi0) return;
      ownArgs[LO] = lo;
      ownArgs[LO + 1] = Math.min(hi0, lo + chunk);
      prog(ownArgs);
      Atomics.store(rt.i32, ctl + P.SHARED_DONE + c, 1);
      // A host reading the result as it comes asks for a bell now and then.
      const every = Atomics.load(rt.i32, ctl + P.SHARED_RING_EVERY);
      if (every > 0 && (c + 1) % every === 0) ringBell();
    }
  }

  /** Called by generated code: ask the host to run callback `id`, serving nested work meanwhile. */
  function callHost(id: number, args: number[]): void {
    const d = depth;
    const ring = rings[d]!;
    if (d + 1 >= rings.length) throw new Error(`host callbacks nested deeper than ${rings.length - 1} levels`);
    if (args.length > P.MAILBOX_WORDS) throw new Error(`a host callback with ${args.length} buffers exceeds the mailbox`);
    const ctrl = ring.ctrl;
    // A plain loop: set() from a JS array takes the generic path, slower for a few words.
    const mailbox = ring.mailbox;
    for (let i = 0; i < args.length; i++) mailbox[i] = args[i]!;
    ctrl[P.CB_ID] = id;
    ctrl[P.CB_NARGS] = args.length;
    Atomics.store(ctrl, P.CB_STATE, P.CB_REQUEST);
    ringBell();
    // Until the reply: run what the callback launches here (ring d + 1); spin briefly, then sleep
    // until the host rings (it bumps WAKE on every launch and reply). No closures: this is per call.
    const nested = rings[d + 1]!.ctrl;
    const SPINS = 4000; // as spinWait
    let state: number;
    for (let spins = 0; ; ) {
      state = Atomics.load(ctrl, P.CB_STATE);
      if (state === P.CB_OK || state === P.CB_FAILED) {
        // A kill requested while the callback ran comes first (the host asks before replying).
        checkKill();
        break;
      }
      if (Atomics.load(nested, P.HEAD) !== Atomics.load(nested, P.TAIL)) {
        serve(d + 1);
        if (dead) throw new DeadWorker();
        spins = 0;
        continue;
      }
      if (++spins < SPINS) continue;
      spins = 0;
      checkKill();
      // The host notifies a reply only when SLEEPING is up: raise it before the last look.
      Atomics.store(wake, P.SLEEPING, 1);
      const v = Atomics.load(wake, P.WAKE);
      state = Atomics.load(ctrl, P.CB_STATE);
      if (state !== P.CB_OK && state !== P.CB_FAILED && Atomics.load(nested, P.HEAD) === Atomics.load(nested, P.TAIL)) Atomics.wait(wake, P.WAKE, v, 50);
      Atomics.store(wake, P.SLEEPING, 0);
    }
    depth = d;
    Atomics.store(ctrl, P.CB_STATE, P.CB_IDLE);
    refresh();
    if (state === P.CB_FAILED) throw new CallbackFailure();
  }

  // The idle loop: serve; spin for the next command while spinning pays (see SpinBudget); then
  // sleep synchronously for a while (a notify wakes a sync wait directly, an async one only
  // through the event loop); then wait asynchronously, so the thread stays responsive.
  const ring0 = rings[0]!;
  const pending = () => Atomics.load(ring0.ctrl, P.HEAD) !== Atomics.load(ring0.ctrl, P.TAIL);
  const idleSpin = new P.SpinBudget(IDLE_SPIN_US);
  const loop = (): void => {
    try {
      for (;;) {
        checkKill();
        serve(0);
        if (dead) return;
        const us = idleSpin.next();
        if (us > 0) {
          const until = performance.now() + us / 1000;
          let found = false;
          for (let i = 1; ; i++) {
            if (pending()) {
              found = true;
              break;
            }
            if ((i & 63) === 0 && performance.now() > until) break;
          }
          if (found) {
            idleSpin.caught();
            continue;
          }
          idleSpin.missed();
        }
        const v = Atomics.load(wake, P.WAKE);
        if (pending() || Atomics.load(control, P.KILL_NOW) !== 0) continue;
        if (Atomics.wait(wake, P.WAKE, v, IDLE_SYNC_WAIT_MS) !== 'timed-out') continue;
        const v2 = Atomics.load(wake, P.WAKE);
        if (pending() || Atomics.load(control, P.KILL_NOW) !== 0) continue;
        const r = Atomics.waitAsync(wake, P.WAKE, v2);
        if (r.async) {
          void r.value.then(loop);
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof DeadWorker)) throw e;
    }
  };
  loop();
}

/** The longest an idle worker spins for the next command, in µs. */
const IDLE_SPIN_US = 100;
/** How long an idle worker sleeps synchronously before it waits through its event loop. */
const IDLE_SYNC_WAIT_MS = 2;

/** Unwinds a worker that is dying on purpose (fault injection) without recording anything. */
class DeadWorker extends Error {}

/**
 * The piscina task: attach this worker thread as the device of `msg`, if the device's incarnation
 * is still unclaimed and this thread serves no device yet; otherwise decline (the host sends
 * copies of a replacement's task to every thread, and exactly one free thread must take it).
 */
export default async function attach(msg: P.AttachMessage): Promise<number> {
  const control = new Int32Array(msg.control);
  if (attached || Atomics.compareExchange(control, P.CLAIM, msg.incarnation, 0) !== msg.incarnation) {
    // Stay busy briefly so the other copies spread over the other threads.
    await new Promise((r) => setTimeout(r, 20));
    throw new Error(attached ? `worker ${threadId} already serves device ${attached.deviceId}` : `device ${msg.deviceId} was taken`);
  }
  attached = msg;
  Atomics.store(control, P.OS_TID, osThreadId());
  Atomics.store(control, P.THREAD, threadId);
  const barrier = msg.barrier ? new Int32Array(msg.barrier) : null;
  if (barrier) {
    Atomics.add(barrier, 0, 1);
    Atomics.notify(barrier, 0);
  }
  // Hold the task until every thread has one (so piscina gives each thread one), but not for long:
  // this thread serves only after it, and a thread given a second task declines it anyway.
  const deadline = Date.now() + 100;
  while (barrier && Atomics.load(barrier, 0) < msg.barrierTarget && Date.now() < deadline) {
    const r = Atomics.waitAsync(barrier, 0, Atomics.load(barrier, 0), 100);
    if (r.async) await r.value;
  }
  // Serve only once the task's result is on its way: a kernel that never ends must not keep the
  // task (and so the host process) pending.
  setTimeout(startDevice, 0, msg);
  return threadId;
}
