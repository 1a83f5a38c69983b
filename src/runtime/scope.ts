// Which host callbacks enclose the running code: a callback's own code, and everything it awaits,
// runs inside its scope (AsyncLocalStorage), so work it launches on the device its program holds
// goes to the ring that device serves while it waits, and nothing else does.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkerDevice } from './device.js';

/** One running host callback: its device, the ring depth of the program that made it, and its state. */
export interface Activation {
  readonly device: WorkerDevice;
  readonly incarnation: number;
  readonly depth: number;
  /** The callback's name (its function's), for diagnoses. */
  readonly name: string;
  /** Replied (or its device was lost): no longer holds the device. */
  finished: boolean;
  /** Its handler returned a Promise that has not settled. */
  awaiting: boolean;
}

/** A chain of enclosing callbacks, innermost first. */
export interface CallbackScope {
  readonly act: Activation;
  readonly parent: CallbackScope | null;
}

/** The callbacks enclosing the running code (host.ts runs each handler inside its scope). */
export const callbackScope = new AsyncLocalStorage<CallbackScope>();

/** The ring a launch on `dev` goes to from this scope: one deeper than an enclosing callback of `dev`'s. */
export function scopeDepth(scope: CallbackScope | undefined, dev: WorkerDevice): number {
  let d = 0;
  for (let s = scope; s; s = s.parent ?? undefined) {
    const a = s.act;
    if (a.device === dev && a.incarnation === dev.incarnation && !a.finished && a.depth + 1 > d) d = a.depth + 1;
  }
  return d;
}
