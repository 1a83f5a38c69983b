// Fuzzing of the public API: every case from fuzzCases runs eagerly and under jit, each within the
// watchdog's time bound. A case passes when it returns a value equal to its reference (and jit
// agrees with eager) or raises a documented error where an error is due; a plain TypeError or
// RangeError, an internal error, NaN where the reference is finite, a value where NumPy raises,
// jit accepting what eager rejects, or a mismatch is a failure, printed with its reproduction.
import fc from 'fast-check';
import * as jp from '../../src/index.js';
import { declarations } from '../../src/numpy/declare.js';
import { type Tally, attempt, describeError, isDocumented, lit } from './common.js';
import { type Arg, type Case, JUNK_STRINGS, caseArbitrary } from './fuzzCases.js';
import type { Expected } from './reference.js';
import { stepEnd, stepStart } from './watchdog.js';

const jnp = jp.numpy;
const SECTION = 'fuzz';

/** A result read back: shape, dtype and values (bools as 0/1), or a non-array value as JSON. */
type Read = { shape: number[]; dtype: string; values: number[] } | { other: string };

function read(v: unknown): Read {
  if (v instanceof jp.Array) return { shape: [...v.shape], dtype: v.dtype.name, values: Array.from(v.dataSync() as ArrayLike<number | boolean>, Number) };
  return { other: JSON.stringify(v, (_k, x: unknown) => (typeof x === 'object' && x !== null && 'name' in x ? String((x as { name: unknown }).name) : x)) ?? String(v) };
}

const arrayRepro = (a: Extract<Arg, { array: unknown }>['array']) =>
  `jnp.array(${lit(a.dtype === 'bool' ? a.values.map(Boolean) : a.values)}, { dtype: '${a.dtype}' }).reshape(${lit(a.shape)})`;
const argRepro = (a: Arg) => ('array' in a ? arrayRepro(a.array) : lit(a.raw));

/** The code that reruns a case eagerly, or under jit. */
export function repro(c: Case, jit: boolean): string {
  const args = c.args.map(argRepro);
  if (!jit) return `jnp.${c.fn}(${args.join(', ')})`;
  const params = args.slice(0, c.traced).map((_, i) => `a${i}`);
  return `jp.jit((${params.join(', ')}) => jnp.${c.fn}(${[...params, ...args.slice(c.traced)].join(', ')}))(${args.slice(0, c.traced).join(', ')})`;
}

function build(a: Arg): unknown {
  if (!('array' in a)) return a.raw;
  const { values, dtype, shape } = a.array;
  return jnp.array(dtype === 'bool' ? values.map(Boolean) : values, { dtype }).reshape(shape);
}

/** Whether `v` holds one of the junk strings anywhere (no function takes them). */
function holdsJunk(v: unknown): boolean {
  if (typeof v === 'string') return JUNK_STRINGS.includes(v);
  if (Array.isArray(v)) return v.some(holdsJunk);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some(holdsJunk);
  return false;
}

const same = (a: number, b: number, tol: number) => (Number.isNaN(b) ? Number.isNaN(a) : a === b || Math.abs(a - b) <= tol);

/** Why `got` differs from `want`, or undefined. */
function mismatch(got: Read, want: Expected): string | undefined {
  if ('other' in got) return `returned ${got.other}, not an array`;
  if (lit(got.shape) !== lit(want.shape)) return `shape ${lit(got.shape)}, reference ${lit(want.shape)}`;
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, reference ${want.dtype}`;
  for (let i = 0; i < want.values.length; i++) {
    const g = got.values[i]!;
    const w = want.values[i]!;
    if (!same(g, w, want.tol[i]!)) return `element ${i}: ${g}, reference ${w}${Number.isFinite(w) && !Number.isFinite(g) ? ' (non-finite where the reference is finite)' : ''}`;
  }
  return undefined;
}

/** Why two reads differ (eager vs jit), or undefined. */
function disagree(a: Read, b: Read): string | undefined {
  if ('other' in a || 'other' in b) return 'other' in a && 'other' in b && a.other === b.other ? undefined : 'different kinds of result';
  if (lit(a.shape) !== lit(b.shape) || a.dtype !== b.dtype) return `eager ${a.dtype}${lit(a.shape)}, jit ${b.dtype}${lit(b.shape)}`;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!;
    const y = b.values[i]!;
    if (!same(y, x, 4 * 2 ** -23 * Math.abs(x))) return `element ${i}: eager ${x}, jit ${y}`;
  }
  return undefined;
}

/** Run one case eagerly and under jit, judging both. */
async function runCase(c: Case, t: Tally): Promise<void> {
  const ref = c.ref ?? (c.args.some((a) => 'raw' in a && holdsJunk(a.raw)) ? 'throws' : undefined);
  const fn = (jnp as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn]!;
  const results: { jit: boolean; out: { ok: true; value: Read } | { ok: false; error: unknown } }[] = [];
  for (const jit of c.traced > 0 ? [false, true] : [false]) {
    const code = repro(c, jit);
    stepStart(code);
    const o = await attempt(() => {
      const args = c.args.map(build);
      const call = jit ? jp.jit((...xs: unknown[]) => fn(...xs, ...args.slice(c.traced)) as jp.Array) : (...xs: unknown[]) => fn(...xs, ...args.slice(c.traced));
      return read(call(...args.slice(0, c.traced)));
    });
    stepEnd();
    t.cases++;
    t.waited(o.ms, code);
    results.push({ jit, out: o.ok ? { ok: true, value: o.value } : { ok: false, error: o.error } });
    if (!o.ok) {
      if (!isDocumented(o.error)) t.fail({ section: SECTION, kind: 'undocumented error', what: describeError(o.error), repro: code });
      else t.documentedErrors++;
    } else if (ref === 'throws') t.fail({ section: SECTION, kind: 'wrong result', what: `returned a value where JAX/NumPy raise: ${lit('other' in o.value ? o.value.other : o.value.values.slice(0, 8))}`, repro: code });
    else if (ref) {
      const why = mismatch(o.value, ref);
      if (why) t.fail({ section: SECTION, kind: 'wrong result', what: why, repro: code });
    }
  }
  const [eager, jitted] = results;
  if (!jitted || !eager) return;
  if (eager.out.ok && jitted.out.ok) {
    const why = disagree(eager.out.value, jitted.out.value);
    if (why && !ref) t.fail({ section: SECTION, kind: 'wrong result', what: `eager and jit disagree: ${why}`, repro: repro(c, true) });
  } else if (!eager.out.ok && jitted.out.ok && isDocumented(eager.out.error) && ref === undefined)
    t.fail({ section: SECTION, kind: 'disagreement', what: `jit returned a value where eager raised ${describeError(eager.out.error)}`, repro: repro(c, true) });
}

/** Run `runs` fuzz cases from `seed`; returns the functions covered. */
export async function fuzz(t: Tally, opts: { runs: number; seed: number }): Promise<{ functions: number; seed: number }> {
  const cases = fc.sample(caseArbitrary(), { numRuns: opts.runs, seed: opts.seed });
  for (const c of cases) await runCase(c, t);
  // Leave no arrays of this section behind for the soak to count.
  return { functions: declarations.size, seed: opts.seed };
}
