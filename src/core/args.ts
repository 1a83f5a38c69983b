// JAX's calling convention in JS: parameters positionally, as far as JAX allows, then an optional
// trailing options object holding them by (camelCase) name, as Python's keyword arguments.
import { Array } from './array.js';
import { type DType, type DTypeLike, dtype as toDtype } from './dtypes.js';
import { ShapeError } from './errors.js';
import { isPlainObject } from './pytree.js';

/** A plain object: the trailing options object (arrays, dtypes and typed arrays are values). */
export const isOptions = isPlainObject;

/**
 * Bind `args` (what follows a function's operands) to the parameter `names`, as Python binds
 * `f(a, 0, dtype=…)`: positional values in order, then a trailing options object by name.
 * Parameters listed in `keywordOnly` come only by name. A misspelt option, a parameter given
 * twice or too many positional values raise a TypeError naming the function.
 */
export function bindArgs<K extends string>(fn: string, names: readonly K[], args: readonly unknown[], keywordOnly: readonly K[] = []): { [P in K]?: unknown } {
  const positional = [...args];
  while (positional.length && positional[positional.length - 1] === undefined) positional.pop();
  const last = positional[positional.length - 1];
  const kw = isOptions(last) ? (positional.pop() as Record<string, unknown>) : {};
  const posNames = names.filter((n) => !keywordOnly.includes(n));
  if (positional.length > posNames.length)
    throw new TypeError(`${fn}() takes ${posNames.length} optional positional argument${posNames.length === 1 ? '' : 's'} (${posNames.join(', ')}) but ${positional.length} were given.`);
  const out: { [P in K]?: unknown } = {};
  positional.forEach((v, i) => {
    if (v !== undefined) out[posNames[i]!] = v;
  });
  for (const [k, v] of Object.entries(kw)) {
    if (!(names as readonly string[]).includes(k))
      throw new TypeError(`${fn}() got an unexpected option '${k}'; its options are ${names.map((n) => `'${n}'`).join(', ')}.`);
    if (v === undefined) continue;
    if ((out as Record<string, unknown>)[k] !== undefined) throw new TypeError(`${fn}() got '${k}' both positionally and as an option; give it once.`);
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** An optional dtype argument: a DType or its name; anything else is a DtypeError. */
export function dtypeArg(v: unknown): DType | undefined {
  // toDtype raises a DtypeError describing anything that is not a dtype or a dtype's name.
  return v === undefined || v === null ? undefined : toDtype(v as DTypeLike);
}

/** A shape: a non-negative integer or a list of them. */
export function shapeArg(fn: string, shape: unknown): number[] {
  const s = typeof shape === 'number' ? [shape] : shape;
  if (!globalThis.Array.isArray(s)) throw new ShapeError(`${fn}(): a shape must be a number or a list of numbers, got ${describe(shape)}.`);
  for (const d of s)
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
      throw new ShapeError(`${fn}(): invalid shape ${describe(s)}: dimensions must be non-negative integers (negative dimensions are not allowed).`);
  return [...s] as number[];
}

/** An optional boolean argument. */
export function boolArg(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}(): '${name}' must be true or false, got ${describe(v)}.`);
  return v;
}

/** A non-negative integer count or size (a JS number, as numpy's operator.index). */
export function countArg(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ShapeError(`${fn}(): '${name}' must be an integer, got ${describe(v)}.`);
  if (v < 0) throw new ShapeError(`${fn}(): '${name}' must be non-negative, got ${v} (negative dimensions are not allowed).`);
  return v;
}

/** An integer argument (a JS number). */
export function intArg(fn: string, name: string, v: unknown, dflt?: number): number {
  if ((v === undefined || v === null) && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ShapeError(`${fn}(): '${name}' must be an integer, got ${describe(v)}.`);
  return v;
}

/** A short description of a JS value for error messages. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return `the string '${v}'`;
  if (v === null || v === undefined) return String(v);
  if (v instanceof Array) return `a ${v.aval.str()} array`;
  if (typeof v === 'object') {
    if (globalThis.Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
    const name = v.constructor?.name;
    // A plain object reads as what it holds ({ dtype: 'zz' } given where an axis goes).
    if (name === undefined || name === 'Object') {
      try {
        return `the object ${JSON.stringify(v, (_k, x: unknown) => (x instanceof Array ? `<${x.aval.str()} array>` : typeof x === 'bigint' ? `${x}n` : x))}`;
      } catch {
        return 'an object'; // cyclic
      }
    }
    return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  return `${typeof v} ${String(v)}`;
}
