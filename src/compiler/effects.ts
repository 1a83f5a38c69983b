// Dispatched programs with side effects (io callbacks, debug callbacks and prints): kept alive
// (and the process with them) until they have run on the host, awaited by effectsBarrier (JAX's
// jax.effects_barrier), flushed by shutdown(). A failure of one surfaces exactly once: at the read
// of a result that raises it, at the next effectsBarrier(), or — if the program ends first — as a
// printed error and a non-zero exit code.
import { CallbackError } from '../core/errors.js';
import { onFailureRaised, onShutdown, waitFor, whenDone, type Ticket } from '../runtime/device.js';
import { isDone } from '../runtime/ticket.js';

const pending = new Set<Promise<void>>();
/** Failures of effectful programs not raised to the user yet, in the order they were seen. */
let unreported: unknown[] = [];
/** Failures already raised (by a read of a result, the barrier or an eager print): never again. */
const reported = new WeakSet<object>();
/** The tracker's own copies of tickets: a failure raised while it waits on them is not the user's. */
const own = new WeakSet<Ticket>();
/** The effectful program dispatched last (an eager debug.print waits for it). */
let last: Ticket | null = null;

function markReported(e: unknown): void {
  if (typeof e === 'object' && e !== null) reported.add(e);
}
const isReported = (e: unknown): boolean => typeof e === 'object' && e !== null && reported.has(e);

onFailureRaised((f, t) => {
  if (!own.has(t)) markReported(f);
});
onShutdown(async () => {
  while (pending.size) await Promise.all([...pending]);
});

let exitHooks = false;
function installExitHooks(): void {
  if (exitHooks) return;
  exitHooks = true;
  // A natural end: report and fail the process. An explicit process.exit(): report only.
  process.on('beforeExit', () => {
    if (reportAtExit()) process.exitCode = 1;
  });
  process.on('exit', () => void reportAtExit());
}

/** Print the failures nothing raised yet; returns whether there were any. */
function reportAtExit(): boolean {
  const errs = takeUnreported();
  for (const e of errs)
    console.error('jaxpool: a host callback with effects failed, and nothing read its results or awaited effectsBarrier():', e);
  return errs.length > 0;
}

function takeUnreported(): unknown[] {
  const errs = unreported.filter((e) => !isReported(e));
  unreported = [];
  errs.forEach(markReported);
  return errs;
}

/** Track an effectful program until it has run; its failure is kept until something raises it. */
export function trackEffect(ticket: Ticket, label: string): void {
  installExitHooks();
  // Wait on a copy without deps: the program's own failure, and the observer can tell it is ours.
  const t: Ticket = { ...ticket, deps: [] };
  own.add(t);
  last = t;
  const p: Promise<void> = whenDone(t, `effects of ${label}`).then(
    () => void pending.delete(p),
    (e: unknown) => {
      pending.delete(p);
      if (!isReported(e) && !unreported.includes(e)) unreported.push(e);
    },
  );
  pending.add(p);
}

/**
 * Block until the effectful program dispatched last has run (serving its callbacks), so that an
 * eager debug.print prints before the code after it runs; its failure is raised here. Where the
 * host cannot block (a callback awaits a Promise), the print runs when its program does.
 */
export function runLastEffect(what: string): void {
  const t = last;
  if (t === null) return;
  try {
    waitFor(t, what);
  } catch (e) {
    if (!isDone(t)) return;
    markReported(e);
    throw e;
  }
}

/**
 * Wait until every callback and print already dispatched has run (JAX's effects_barrier). Raises
 * the failures not raised yet: one as itself, several as a CallbackError whose cause holds all.
 */
export async function effectsBarrier(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
  const errs = takeUnreported();
  if (errs.length === 1) throw errs[0];
  if (errs.length > 1)
    throw new CallbackError(
      `${errs.length} host callbacks with effects failed since the last effectsBarrier(): ${errs.map((e, i) => `(${i + 1}) ${e instanceof Error ? e.message : String(e)}`).join(' ')} Each is in this error's cause (an AggregateError).`,
      { cause: new AggregateError(errs, `${errs.length} host callback failures`) },
    );
}
