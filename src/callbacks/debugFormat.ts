// debug.print's formatting (JAX's _format_print_callback): Python's str.format over the runtime
// values, each array printed like numpy's str. Checked once at call time, rendered on the host.
import type { ShapedArray } from '../core/aval.js';
import { JaxpoolError } from '../core/errors.js';
import { formatRepr, formatStr, type PrintDtype } from '../core/printing.js';
import { Tracer } from '../core/trace.js';
import { FormatError, formatComplexSpec, formatPrint, formatScalarSpec } from '../core/pyFormat.js';
import { lanes } from '../core/dtypes.js';

/** One array argument as the formatter sees it: its elements, shape, dtype and weak type. */
export class PrintValue {
  constructor(
    readonly data: ArrayLike<number>,
    readonly shape: number[],
    readonly dtype: PrintDtype,
    /** Shown in reprs as `weak_type=True` (eager prints only: compiled code has no weak types). */
    readonly weak: boolean,
  ) {}
}

/** A value that is not an array (a string, null): formatted as itself, Python-style. */
export class StaticValue {
  constructor(readonly value: unknown) {}
}

function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** Python's repr of a string: single quotes unless it holds one and no double quote. */
function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** Python's repr of a container element: JAX's `Array(…)` repr, Python's for the rest. */
function elementRepr(v: unknown): string {
  if (v instanceof PrintValue) return formatRepr(v.data, v.shape, v.dtype, v.weak);
  if (v instanceof StaticValue) return typeof v.value === 'string' ? pyStrRepr(v.value) : pyStr(v.value);
  return containerStr(v);
}

function containerStr(v: unknown): string {
  if (globalThis.Array.isArray(v)) return `[${v.map(elementRepr).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${elementRepr(x)}`).join(', ')}}`;
  return pyStr(v);
}

/** Python's `format(value, spec)` for what debug.print receives. */
export function formatValue(v: unknown, spec: string): string {
  if (v instanceof PrintValue) {
    if (spec === '') return formatStr(v.data, v.shape, v.dtype);
    const complex = v.dtype === 'complex64' || v.dtype === 'complex128';
    if (v.data.length !== (complex ? 2 : 1))
      throw new FormatError('ValueError', `format spec '${spec}' applies to scalars, but this argument has shape (${v.shape.join(', ')}${v.shape.length === 1 ? ',' : ''})`);
    return complex ? formatComplexSpec(v.data[0]!, v.data[1]!, spec) : formatScalarSpec(v.data[0]!, v.dtype, spec);
  }
  if (spec !== '') throw new FormatError('ValueError', `format spec '${spec}' is only supported for array arguments`);
  return v instanceof StaticValue ? pyStr(v.value) : containerStr(v);
}

/** How an unused argument is shown in the error (JAX shows the values; arrays are not read here). */
function argRepr(x: unknown): string {
  if (x instanceof Tracer) return x.describe();
  if (typeof x === 'object' && x !== null && 'aval' in x) {
    const a = (x as { aval: ShapedArray }).aval;
    return `Array(shape=${a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`}, dtype=${a.dtype.name})`;
  }
  if (typeof x === 'string') return pyStrRepr(x);
  if (globalThis.Array.isArray(x)) return `[${x.map(argRepr).join(', ')}]`;
  return pyStr(x);
}

const TEMPLATE_HINT =
  'You may be passing a template literal (`${x}`) into `debug.print` and instead should pass in a regular string with {} fields, e.g. debug.print(\'x = {}\', x) or debug.print(\'x = {x}\', { x }).';

/**
 * Validate `fmt` against the arguments' avals before anything runs, as JAX's formatter does:
 * bad fields, specs on non-scalars and unused arguments raise here, not later on the host.
 * `rawArgs` are the call's own positional arguments, for the messages.
 */
export function checkFormat(
  fmt: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  avalOf: (leaf: PrintValue) => ShapedArray | undefined,
  rawArgs: readonly unknown[],
): void {
  const usedPos = new Set<number>();
  const usedKw = new Set<string>();
  const posProxy = new Proxy(args, {
    get(t, k, r) {
      if (typeof k === 'string' && /^\d+$/.test(k)) usedPos.add(Number(k));
      return Reflect.get(t, k, r) as unknown;
    },
  });
  const kwProxy = new Proxy(kwargs, {
    get(t, k, r) {
      if (typeof k === 'string') usedKw.add(k);
      return Reflect.get(t, k, r) as unknown;
    },
  });
  try {
    formatPrint(fmt, posProxy, kwProxy, (v, spec) => {
      const aval = v instanceof PrintValue ? avalOf(v) : undefined;
      if (aval) return formatValue(new PrintValue(new Float64Array(aval.size * lanes(aval.dtype)), [...aval.shape], aval.dtype.name, aval.weakType), spec);
      return formatValue(v, spec);
    });
  } catch (e) {
    if (e instanceof FormatError) throw new JaxpoolError(`debug.print: bad format string ${JSON.stringify(fmt)}: ${e.message}.`, { cause: e });
    throw e;
  }
  // JAX's messages (its formatter's check_unused_args), with the hint for JS's f-strings.
  const unusedPos = args.map((_, i) => i).filter((i) => !usedPos.has(i));
  if (unusedPos.length) throw new JaxpoolError(`Unused positional arguments to \`debug.print\`: [${unusedPos.map((i) => argRepr(rawArgs[i])).join(', ')}]. ${TEMPLATE_HINT}`);
  const unusedKw = Object.keys(kwargs).filter((k) => !usedKw.has(k));
  if (unusedKw.length) throw new JaxpoolError(`Unused keyword arguments to \`debug.print\`: [${unusedKw.map(pyStrRepr).join(', ')}]. ${TEMPLATE_HINT}`);
}
