// A ticket names one launched command: which device incarnation, ring depth and sequence number.
import type { WorkerDevice } from './device.js';

export interface Ticket {
  readonly device: WorkerDevice;
  readonly incarnation: number;
  readonly depth: number;
  readonly seq: number;
  readonly label: string;
  /** Tickets of commands that produced this one's inputs (to propagate their failures). */
  deps: Ticket[];
}

/** Completed (successfully or not) or lost. */
export function isDone(t: Ticket): boolean {
  return t.device.isDone(t);
}
