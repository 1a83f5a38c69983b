// What became of finished commands: failures are attached to the ticket of the command that
// failed (never kept in a table that could overflow), inherited by the commands that used its
// outputs, and raised at every read. A failure is a record held until a read first raises it or
// every output of its command was freed.
import { isDone, NO_DEPS, type Ticket } from './ticket.js';

/** Failure records held: failed commands with an output alive whose error no read raised yet. */
let held = 0;
/** The command each held failure belongs to. */
const origin = new WeakMap<Error, Ticket>();

/** Record that command `t` failed with `e` (the first failure recorded for it wins). */
export function attachFailure(t: Ticket, e: Error): void {
  if (t.own) return;
  t.own = e;
  t.failure ??= e;
  if (t.liveOutputs === 0 || origin.has(e)) return;
  origin.set(e, t);
  t.holding = true;
  held++;
}

function release(t: Ticket): void {
  if (!t.holding) return;
  t.holding = false;
  held--;
}

/** Told of each failure a read raises, with the command read (effects.ts reports each failure once). */
let observer: (e: Error, t: Ticket) => void = () => undefined;
export function onFailureRaised(observe: (e: Error, t: Ticket) => void): void {
  observer = observe;
}

/** A read of `t` raises `e`: it is no longer an unread failure. */
export function failureRaised(e: Error, t: Ticket): void {
  const o = origin.get(e);
  if (o) release(o);
  observer(e, t);
}

/** An output buffer of command `t` was freed. */
export function outputFreed(t: Ticket): void {
  if (--t.liveOutputs === 0) release(t);
}

/** Failure records held (see `held`). */
export function failuresHeld(): number {
  return held;
}

/**
 * The failure of finished command `t` (its own, or one of its inputs' producers'), or null; once
 * known it is final and its inputs are let go. `undefined` while an input's producer is still
 * running (it cannot be, once `t` finished, unless a device was replaced meanwhile).
 */
export function settle(t: Ticket): Error | null | undefined {
  // Its device lost its worker since: arrays computed there are lost (API.md section 7).
  if (t.settled) return t.failure ?? (t.incarnation !== t.device.incarnation || t.device.lost ? t.device.failureOf(t) : null);
  if (t.deps.length === 0) {
    finish(t);
    return t.failure;
  }
  // Post-order over unsettled inputs without recursion: chains can be long.
  const stack: Ticket[] = [t];
  while (stack.length) {
    const u = stack[stack.length - 1]!;
    let descended = false;
    for (const d of u.deps)
      if (!d.settled) {
        if (!isDone(d)) return undefined;
        stack.push(d);
        descended = true;
      }
    if (descended) continue;
    stack.pop();
    if (!u.settled) finish(u);
  }
  return t.failure;
}

function finish(u: Ticket): void {
  if (!u.failure) {
    const own = u.device.failureOf(u);
    if (own) u.failure ??= own;
    else
      for (const d of u.deps)
        if (d.failure) {
          u.failure = d.failure;
          break;
        }
  }
  u.deps = NO_DEPS;
  u.settled = true;
}

/** The first input producer of `t` still running (what a read must wait for before `settle` answers). */
export function unfinishedInput(t: Ticket): Ticket | null {
  const seen = new Set<Ticket>();
  const stack = [t];
  while (stack.length) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    for (const d of u.deps) {
      if (!d.settled && !isDone(d)) return d;
      stack.push(d);
    }
  }
  return null;
}
