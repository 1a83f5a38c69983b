// Effects: which kinds a jaxpr has (and where vmap refuses them, as JAX does), and dispatched
// programs with side effects (io callbacks, debug callbacks and prints): kept alive
// (and the process with them) until they have run on the host, awaited by effectsBarrier (JAX's
// jax.effects_barrier), flushed by shutdown(). A failure of one surfaces exactly once: at the read
// of a result that raises it, at the next effectsBarrier(), or — if the program ends first — as a
// printed error and a non-zero exit code.
import { CallbackError, TransformError } from '../core/errors.js';
import { ClosedJaxpr, Jaxpr, Var } from '../core/jaxpr.js';
import type { Params, Primitive } from '../core/primitive.js';
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

// --- effect kinds (JAX's IOEffect, OrderedIOEffect, DebugEffect, OrderedDebugEffect) ---

/** The kinds of effects a jaxpr has, its sub-jaxprs (branches, loop bodies, calls) included. */
export interface EffectKinds {
  io: boolean;
  orderedIo: boolean;
  debug: boolean;
  orderedDebug: boolean;
}
const kindOf = new Map<Primitive, (p: Params) => keyof EffectKinds>();

/** Declare which kind of effect an effectful primitive has (the callback primitives do). */
export function declareEffectKind<P extends Params>(prim: Primitive<P>, kind: (p: P) => keyof EffectKinds): void {
  kindOf.set(prim as unknown as Primitive, kind as (p: Params) => keyof EffectKinds);
}

const noEffects = (): EffectKinds => ({ io: false, orderedIo: false, debug: false, orderedDebug: false });

/** The effect kinds of `j` and its sub-jaxprs, added to `into`. */
export function effectKinds(j: Jaxpr, into: EffectKinds = noEffects()): EffectKinds {
  for (const e of j.eqns) {
    const k = kindOf.get(e.primitive);
    if (k) into[k(e.params)] = true;
    for (const v of Object.values(e.params))
      for (const sub of globalThis.Array.isArray(v) ? v : [v]) {
        if (sub instanceof Jaxpr) effectKinds(sub, into);
        else if (sub instanceof ClosedJaxpr) effectKinds(sub.jaxpr, into);
      }
  }
  return into;
}

/** vmap of cond/switch: JAX refuses IO effects in any branch (a batched index runs every branch). */
export function refuseIoInBatchedCond(branches: readonly Jaxpr[]): void {
  const k = noEffects();
  for (const b of branches) effectKinds(b, k);
  if (k.io || k.orderedIo)
    throw new TransformError(
      'IO effect not supported in vmap-of-cond. Under vmap a cond/switch may run every branch for every batch element, so an ioCallback in a branch cannot be batched: move it out of the branch, or use debug.callback for output.',
    );
}

/** Which outputs of `j` depend on its inputs marked batched (JAX's batch_jaxpr, by data flow). */
function batchedOutputs(j: Jaxpr, batched: readonly boolean[]): boolean[] {
  const b = new Set<Var>(j.inBinders.filter((_, i) => batched[i]));
  for (const e of j.eqns) if (e.inputs.some((a) => a instanceof Var && b.has(a))) for (const v of e.outBinders) b.add(v);
  return j.outs.map((o) => o instanceof Var && b.has(o));
}

/**
 * Whether a vmapped whileLoop's predicate is batched, given which of its inputs (condConsts,
 * bodyConsts, carry) are: a carry is batched if its init is or the body makes it so (JAX's fixpoint).
 */
export function batchedWhilePredicate(cond: Jaxpr, body: Jaxpr, condNConsts: number, bodyNConsts: number, batched: readonly boolean[]): boolean {
  const nc = condNConsts + bodyNConsts;
  let carry = batched.slice(nc);
  for (;;) {
    const out = batchedOutputs(body, [...batched.slice(condNConsts, nc), ...carry]);
    const next = carry.map((b, i) => b || out[i]!);
    if (next.every((b, i) => b === carry[i])) break;
    carry = next;
  }
  return batchedOutputs(cond, [...batched.slice(0, condNConsts), ...carry])[0]!;
}

/**
 * vmap of whileLoop: JAX refuses ordered IO effects, and unordered ones when the predicate is
 * batched (batch elements that already finished would run the body again, their results masked).
 */
export function refuseIoInBatchedWhile(cond: Jaxpr, body: Jaxpr, predBatched: boolean): void {
  const k = effectKinds(body, effectKinds(cond));
  if (k.orderedIo)
    throw new TransformError('Ordered IO effects not supported in vmap. Pass {ordered: false} to the ioCallback inside the whileLoop, or loop over the batch with lax.map/scan.');
  if (k.io && predBatched)
    throw new TransformError(
      'Unordered IO effects not supported in while_loop with batched predicate: batch elements that finished would run the ioCallback again. Make the loop condition independent of the batched values, or use debug.callback.',
    );
}
