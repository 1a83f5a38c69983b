// JAX's transfer guard: governs implicit host↔device transfers (JS values into jit, dataSync, tolist).
import type { ShapedArray } from './aval.js';
import { config, type TransferGuardLevel } from './config.js';
import { TransferGuardError } from './errors.js';

let scoped: TransferGuardLevel | null = null;

function level(): TransferGuardLevel {
  return scoped ?? config.values.transferGuard;
}

export function checkImplicitTransfer(what: string, aval: ShapedArray): void {
  const l = level();
  if (l === 'allow') return;
  const msg = `implicit transfer: ${what} of a ${aval.str()} array`;
  if (l === 'log') {
    console.log(`jaxpool transfer guard: ${msg}`);
    return;
  }
  throw new TransferGuardError(
    `${msg} is disallowed by transferGuard('disallow'); use the explicit devicePut/deviceGet, or allow it with transferGuard('allow', fn).`,
  );
}

/** Set the level globally, or for the duration of `fn` (sync or async). */
export function transferGuard(level: TransferGuardLevel): void;
export function transferGuard<T>(level: TransferGuardLevel, fn: () => T): T;
export function transferGuard<T>(lvl: TransferGuardLevel, fn?: () => T): T | void {
  if (!fn) {
    config.update('transferGuard', lvl);
    return;
  }
  const prev = scoped;
  scoped = lvl;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scoped = prev;
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => (scoped = prev)) as T;
  scoped = prev;
  return result;
}
