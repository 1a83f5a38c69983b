// A ticket names one launched command: which device incarnation, ring depth and sequence number,
// and what became of it (its failure, once known).
import type { WorkerDevice } from './device.js';
import type { CallbackScope } from './scope.js';

/** No inputs to wait for (shared: never mutated). */
export const NO_DEPS: readonly Ticket[] = Object.freeze([]);

/** A launched command. */
export class Ticket {
  /** Tickets of commands that produced this one's inputs (to propagate their failures); emptied once settled. */
  deps: readonly Ticket[] = NO_DEPS;
  /** Its failure (its own, or an input's), once known. */
  failure: Error | null = null;
  /** Its own failure (the program's, not an input's), once known. */
  own: Error | null = null;
  /** Done, its failure known and its inputs' folded in: `failure` is final. */
  settled = false;
  /**
   * Host callbacks this command's program makes are nested in these (the callbacks running when
   * it was launched, innermost first); null outside any.
   */
  ctx: CallbackScope | null = null;
  /** While > 0 its buffers stay allocated: an abandoned host callback may still write them. */
  pins = 0;
  /** For a cross-device wait: the command it waits for. */
  waitsFor: Ticket | null = null;
  /** Output buffers of it not freed yet. */
  liveOutputs = 0;
  /** Its failure counts as a record held (see failures.ts). */
  holding = false;
  constructor(
    readonly device: WorkerDevice,
    readonly incarnation: number,
    readonly depth: number,
    readonly seq: number,
    readonly label: string,
  ) {}
}

/** Completed (successfully or not) or lost. */
export function isDone(t: Ticket): boolean {
  return t.device.isDone(t);
}

/** Its buffers may still be read or written: not done, pinned, or its worker may still run. */
export function isBusy(t: Ticket): boolean {
  return t.pins > 0 || !t.device.isDone(t) || t.device.mayStillRun(t);
}
