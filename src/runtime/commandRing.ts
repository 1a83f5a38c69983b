// One command ring of a device (host side): its slots in shared memory, the ticket of the command
// in each slot, and the commands that found it full, queued on the host in order and written as
// slots free up.
import * as P from './protocol.js';
import type { Ticket } from './ticket.js';

/** A command that found its ring full. */
interface QueuedCommand {
  t: Ticket;
  words: number[];
}

/** Commands queued on the host over all rings (a flush is a no-op at 0). */
let queuedTotal = 0;

/** Some ring has commands queued on the host. */
export function anyQueuedOnHost(): boolean {
  return queuedTotal > 0;
}

/** One ring of a device, host side. */
export class CommandRing implements P.RingView {
  readonly ctrl: Int32Array;
  readonly words: Uint32Array;
  readonly mailbox: Uint32Array;
  /** Sequence numbers handed out: commands written to the ring or queued on the host. */
  assigned = 0;
  /** The ticket of the command in each slot (until the slot is reused or swept). */
  private readonly tickets = new Array<Ticket | undefined>(P.RING_SLOTS);
  /** Commands queued on the host, from `start` on (a queue without shifting). */
  private overflow: QueuedCommand[] = [];
  private start = 0;
  /** Slots of commands up to this sequence number no longer hold their ticket. */
  private swept = 0;
  /** The current host callback's buffer offsets, copied from the mailbox (see host.ts). */
  hostArgs = new Uint32Array(16);

  constructor(
    readonly sab: SharedArrayBuffer,
    /** The device's wake words: bumped (and notified) on every write. */
    private readonly wake: Int32Array,
    /** Called before a slot is reused: the failure of its previous command must reach its ticket. */
    private readonly beforeReuse: () => void,
  ) {
    const v = P.ringView(sab);
    this.ctrl = v.ctrl;
    this.words = v.words;
    this.mailbox = v.mailbox;
  }

  /** Commands queued on the host. */
  get queued(): number {
    return this.overflow.length - this.start;
  }

  /** Append command `words` for ticket `t` (whose seq is the next one handed out). */
  push(t: Ticket, words: number[]): void {
    if (this.queued === 0 && t.seq - Atomics.load(this.ctrl, P.TAIL) <= P.RING_SLOTS) this.write(t, words);
    else {
      this.overflow.push({ t, words });
      queuedTotal++;
      this.flush();
    }
  }

  private write(t: Ticket, words: number[]): void {
    const slot = (t.seq - 1) % P.RING_SLOTS;
    if (this.tickets[slot] !== undefined) this.beforeReuse();
    this.tickets[slot] = t;
    // A plain loop: set() from a JS array takes the generic path, slower for a few words.
    const w = this.words;
    const at = slot * P.SLOT_WORDS;
    for (let i = 0; i < words.length; i++) w[at + i] = words[i]!;
    Atomics.store(this.ctrl, P.HEAD, t.seq);
    Atomics.add(this.wake, P.WAKE, 1);
    Atomics.notify(this.wake, P.WAKE);
  }

  /** Write queued commands into the slots that have freed up. */
  flush(): void {
    const q = this.overflow;
    const from = this.start;
    let k = from;
    const tail = Atomics.load(this.ctrl, P.TAIL);
    while (k < q.length && q[k]!.t.seq - tail <= P.RING_SLOTS) {
      this.write(q[k]!.t, q[k]!.words);
      k++;
    }
    queuedTotal -= k - from;
    if (k === q.length) {
      q.length = 0;
      this.start = 0;
    } else if (k > 1024 && k > q.length / 2) {
      this.overflow = q.slice(k);
      this.start = 0;
    } else this.start = k;
  }

  /** Forget the host queue (the ring's device incarnation ended). */
  drop(): void {
    queuedTotal -= this.queued;
    this.overflow = [];
    this.start = 0;
  }

  /**
   * With more than `max` commands queued on the host: the one whose finishing lets all but `max/2`
   * of them into the ring (what a launch waits for, as back-pressure).
   */
  backPressure(max: number): Ticket | null {
    if (this.queued <= max) return null;
    const q = this.overflow;
    return q[q.length - 1 - max / 2 - P.RING_SLOTS]!.t;
  }

  /** Commands not finished yet (written or queued). */
  hasUnfinished(): boolean {
    return this.queued > 0 || Atomics.load(this.ctrl, P.HEAD) !== Atomics.load(this.ctrl, P.TAIL);
  }

  /** The last command given to the ring, if it may not have finished. */
  lastCommand(): Ticket | null {
    if (this.queued) return this.overflow[this.overflow.length - 1]!.t;
    const head = Atomics.load(this.ctrl, P.HEAD);
    if (Atomics.load(this.ctrl, P.TAIL) >= head) return null;
    return this.tickets[(head - 1) % P.RING_SLOTS] ?? null;
  }

  /** The command the worker runs now on this ring (the one a host callback request comes from). */
  runningCommand(): Ticket | undefined {
    const tail = Atomics.load(this.ctrl, P.TAIL);
    if (Atomics.load(this.ctrl, P.HEAD) <= tail) return undefined;
    const t = this.tickets[tail % P.RING_SLOTS];
    return t?.seq === tail + 1 ? t : undefined;
  }

  /** The ticket of command `seq` while it is in its slot. */
  ticketOf(seq: number): Ticket | undefined {
    const t = this.tickets[(seq - 1) % P.RING_SLOTS];
    return t?.seq === seq ? t : undefined;
  }

  /** Drop the ticket references of finished commands (so they keep nothing alive). */
  sweep(): void {
    const tail = Atomics.load(this.ctrl, P.TAIL);
    for (let s = Math.max(this.swept, tail - P.RING_SLOTS) + 1; s <= tail; s++) {
      const slot = (s - 1) % P.RING_SLOTS;
      if (this.tickets[slot]?.seq === s) this.tickets[slot] = undefined;
    }
    this.swept = tail;
  }
}
