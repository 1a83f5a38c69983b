// Helpers shared by the runtime tests.
import type * as jp from '../../src/index.js';

/** An array's values as a plain list. */
export const vals = (a: jp.Array): number[] => Array.from(a.dataSync());

/** What `f` throws, or null when it returns. */
export function readError(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (e) {
    return e;
  }
}
