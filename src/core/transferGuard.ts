// JAX's transfer guard: governs implicit host↔device transfers (JS values into jit, dataSync,
// tolist); explicit ones (devicePut/deviceGet) are always allowed.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ShapedArray } from './aval.js';
import { config, type TransferGuardLevel } from './config.js';
import { JaxpoolError, TransferGuardError } from './errors.js';

const levels: readonly TransferGuardLevel[] = ['allow', 'log', 'disallow'];
// A scope follows its async continuations (like JAX's thread-local context) and nothing else.
const scope = new AsyncLocalStorage<TransferGuardLevel>();

function checkLevel(l: unknown): TransferGuardLevel {
  if (!levels.includes(l as TransferGuardLevel)) throw new JaxpoolError(`unknown transfer guard level '${String(l)}'; use 'allow', 'log' or 'disallow'.`);
  return l as TransferGuardLevel;
}

/** The level in effect here: the innermost scope's, else the global one. */
export function transferGuardLevel(): TransferGuardLevel {
  return scope.getStore() ?? checkLevel(config.values.transferGuard);
}

export function checkImplicitTransfer(what: string, aval: ShapedArray): void {
  const l = transferGuardLevel();
  if (l === 'allow') return;
  const msg = `implicit transfer: ${what} of a ${aval.str()} array`;
  if (l === 'log') {
    // JAX logs a warning; stderr keeps it out of program output.
    console.warn(`jaxpool transfer guard: ${msg}`);
    return;
  }
  throw new TransferGuardError(
    `${msg} is disallowed by transferGuard('disallow'); use the explicit devicePut/deviceGet, or allow it with transferGuard('allow', fn).`,
  );
}

/** Set the level globally, or for the duration of `fn` (sync, or async until its Promise settles). */
export function transferGuard(level: TransferGuardLevel): void;
export function transferGuard<T>(level: TransferGuardLevel, fn: () => T): T;
export function transferGuard<T>(level: TransferGuardLevel, fn?: () => T): T | void {
  const l = checkLevel(level);
  if (!fn) {
    config.update('transferGuard', l);
    return;
  }
  return scope.run(l, fn);
}
