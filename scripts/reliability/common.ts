// What every section of the reliability report shares: the tally of outcomes, which errors count
// as documented (API.md section 7), and how a failing case is written down so it can be rerun.
import * as jp from '../../src/index.js';

/** A failing case: what went wrong and the code that reproduces it. */
export interface Failure {
  section: string;
  kind: 'wrong result' | 'undocumented error' | 'error lost' | 'hang' | 'disagreement' | 'not recovered';
  what: string;
  repro: string;
}

/** Counts of one run (every section adds to the same tally). */
export class Tally {
  cases = 0;
  crashesSurvived = 0;
  longestWaitMs = 0;
  longestWaitWhat = '';
  wrongResults = 0;
  errorsLost = 0;
  undocumentedErrors = 0;
  /** Documented errors raised (an expected outcome of bad input or a fault). */
  documentedErrors = 0;
  failures: Failure[] = [];

  /** A wait (a read, a call) took `ms`. */
  waited(ms: number, what: string): void {
    if (ms > this.longestWaitMs) [this.longestWaitMs, this.longestWaitWhat] = [ms, what];
  }

  fail(f: Failure): void {
    if (f.kind === 'wrong result') this.wrongResults++;
    else if (f.kind === 'error lost') this.errorsLost++;
    else if (f.kind === 'undocumented error' || f.kind === 'hang' || f.kind === 'disagreement') this.undocumentedErrors++;
    else this.errorsLost++;
    this.failures.push(f);
    console.log(`  FAIL [${f.section}] ${f.kind}: ${f.what}\n    repro: ${f.repro.replace(/\n/g, '\n    ')}`);
  }
}

/** The error classes API.md section 7 names (every one extends JaxpoolError). */
export const DOCUMENTED = [
  jp.ShapeError,
  jp.DtypeError,
  jp.ConcretizationError,
  jp.CallbackError,
  jp.CallbackResultError,
  jp.TransferGuardError,
  jp.DeviceLostError,
  jp.TimeoutError,
  jp.DeletedArrayError,
  jp.TransformError,
  jp.JaxpoolError,
] as const;

/**
 * Whether `e` is an error a user may meet: a JaxpoolError (its documented subclasses included)
 * whose message is not an internal one, or the TypeError of argument binding that README documents
 * ("a misspelt option or one given twice is a TypeError"), which names the function first
 * (`sum() got an unexpected option 'x'`). A plain TypeError/RangeError from deep inside, or an
 * "internal:" message, is a bug.
 */
export function isDocumented(e: unknown): boolean {
  if (e instanceof TypeError) return /^[A-Za-z_.][\w.]*\(\)/.test(e.message);
  return e instanceof jp.JaxpoolError && !/^internal\b|\binternal:/i.test(e.message);
}

/** A short description of an error: class and first line of the message. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.split('\n')[0]!.slice(0, 300)}`;
  return `non-Error thrown: ${String(e)}`;
}

/** What a call did: returned `value` or threw `error`, after `ms`. */
export type Outcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

/** Run `f`, catching what it throws, timing it. */
export async function attempt<T>(f: () => T | Promise<T>): Promise<Outcome<T>> {
  const t0 = performance.now();
  try {
    const value = await f();
    return { ok: true, value, ms: performance.now() - t0 };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - t0 };
  }
}

/** A JS literal for `v` (arrays, numbers incl. NaN/±Infinity/-0, strings, plain objects). */
export function lit(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'bigint') return typeof v === 'bigint' ? `${v}n` : String(v);
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  if (typeof v === 'object') {
    const maybe = v as { repro?: string };
    if (typeof maybe.repro === 'string') return maybe.repro;
    return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${lit(x)}`).join(', ')} }`;
  }
  return String(v);
}

/** Seconds since `t0` (ms), one decimal. */
export const secondsSince = (t0: number): number => Math.round((performance.now() - t0) / 100) / 10;
