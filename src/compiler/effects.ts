// Dispatched programs with side effects: kept alive (and the process with them) until they have
// run on the host, and awaited by effectsBarrier (JAX's jax.effects_barrier).
import type { Ticket } from '../runtime/ticket.js';
import { whenDone } from '../runtime/sync.js';

const pending = new Set<Promise<void>>();
const failures: unknown[] = [];

export function trackEffect(ticket: Ticket, label: string): void {
  const p: Promise<void> = whenDone(ticket, `effects of ${label}`).then(
    () => void pending.delete(p),
    (e: unknown) => {
      pending.delete(p);
      failures.push(e);
    },
  );
  pending.add(p);
}

/** Wait until every callback and print already dispatched has run; rethrows the first failure. */
export async function effectsBarrier(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
  if (failures.length) throw failures.splice(0)[0];
}
