// debug.callback and debug.print (JAX's jax.debug): effects that see real values at run time,
// once per batch element under vmap and primal values only under differentiation.
import type { Array, ArrayLike as JaxArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray, isComplexLike } from '../core/convert.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { declareEffectKind, runLastEffect } from '../compiler/effects.js';
import { callbackBatch } from './batching.js';
import { applyCallback, callbackComplex, type CallbackParams, callbackLowering, type HostCallback, timeoutOption } from './callbackPrimitive.js';
import { ComplexNdArray } from './complexNdArray.js';
import { checkFormat, formatValue, PrintValue, StaticValue } from './debugFormat.js';
import { complexLeaves, flatHostCallback, flattenArgs } from './flatCallback.js';
import { formatPrint } from '../core/pyFormat.js';
import type { HostArray, HostFunction } from './types.js';

interface DebugParams extends CallbackParams {
  ordered: boolean;
}

export const debugCallbackP: Primitive<DebugParams> = definePrimitive<DebugParams>('debug_callback', {
  abstractEval: () => [],
  effectful: true,
  impl: (args, p) => {
    const out = applyCallback('debug_callback', p.callback.eager?.(args) ?? p.callback, args, [], true);
    if (p.callback.blocksWhenEager) runLastEffect('an eager debug.print');
    return out;
  },
  // Differentiation: the callback sees primals; there is nothing to differentiate.
  jvp: (primals, _tangents, p) => {
    bind(debugCallbackP, primals, p);
    return [[], []];
  },
  transpose: () => [],
  batch: (args, dims, p) => callbackBatch('sequential', 'debug.callback', args, dims, [], (a) => bind(debugCallbackP, a, p)),
  complex: callbackComplex(() => debugCallbackP),
  lower: callbackLowering,
});

declareEffectKind(debugCallbackP, (p) => (p.ordered ? 'orderedDebug' : 'debug'));

export interface DebugOptions {
  /** Keep program order with other ordered effects (effects already run in order on one device). */
  ordered?: boolean;
  /** Milliseconds a Promise the callback returns may take to settle (default: config callbackTimeoutMs). */
  timeoutMs?: number;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** Python's `type(x)` for messages. */
function typeName(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return globalThis.Array.isArray(x) ? 'array' : (x.constructor?.name ?? 'object');
  return typeof x;
}

function twoCallError(fn: string, rest: unknown[]): TypeError {
  return new TypeError(
    `${fn} received unexpected arguments in the two-call form: options go in the first call and the ${fn === 'debug.print' ? 'format string and its arguments' : 'callback and its arguments'} in the second, e.g. ${fn === 'debug.print' ? "debug.print({ ordered: true })('x = {}', x)" : 'debug.callback({ ordered: true })(fn, [x])'} (got ${rest.length} more).`,
  );
}

/** The single-call form, after its arguments were checked. */
function debugCallback(fn: unknown, args: readonly unknown[], opts: DebugOptions): void {
  if (typeof fn !== 'function')
    throw new TypeError(`first argument to debug.callback must be callable, but got an object of type ${typeName(fn)}; pass a function, e.g. debug.callback((x) => console.log(x), [x]).`);
  const [arrays, argDef] = flattenArgs(args, 'debug.callback');
  const hc = flatHostCallback(fn.name || 'debug_callback', fn as HostFunction<readonly unknown[]>, argDef, null, timeoutOption(opts, 'debug.callback'));
  bind(debugCallbackP, arrays, { callback: hc, resultAvals: [], ordered: !!opts.ordered });
}

/**
 * `debug.callback(fn, args, {ordered})` calls `fn` on the host with the runtime values of `args`
 * (its result is ignored); JAX's two-call form `debug.callback({ordered})(fn, args)` too.
 */
export function callback<const A extends readonly unknown[]>(fn: HostFunction<A>, args?: A, opts?: DebugOptions): void;
export function callback(opts: DebugOptions): <const A extends readonly unknown[]>(fn: HostFunction<A>, args?: A) => void;
export function callback(...all: unknown[]): unknown {
  if (isPlain(all[0])) {
    const opts = all[0] as DebugOptions;
    if (all.length > 1) throw twoCallError('debug.callback', all.slice(1));
    return (fn: unknown, args: readonly unknown[] = [], ...rest: unknown[]) => {
      if (rest.length) throw twoCallError('debug.callback', rest);
      debugCallback(fn, args, opts);
    };
  }
  const [fn, args = [], opts = {}] = all as [unknown, readonly unknown[] | undefined, DebugOptions | undefined];
  debugCallback(fn, args, opts);
  return undefined;
}

/** Array-like leaves become arrays; anything else (strings, null) is formatted as itself. */
function isArrayLeaf(x: unknown): x is JaxArrayLike {
  return typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'object' && x !== null && (ArrayBuffer.isView(x) || 'aval' in x));
}

/** The print's host function: renders `fmt` with the runtime values (and `weak` flags) of its arrays. */
function printCallback(fmt: string, def: TreeDef, template: (PrintValue | StaticValue)[], weak: readonly boolean[] | null): HostCallback {
  return {
    name: 'debug.print',
    toString: () => `<debug.print ${JSON.stringify(fmt)}>`,
    blocksWhenEager: true,
    call(host: HostArray[]) {
      let k = 0;
      // Read the values now: zero-copy operands are only valid during the call.
      const vals = template.map((t) => {
        if (t instanceof StaticValue) return t;
        const h = host[k]!;
        const w = weak !== null && weak[k]!;
        k++;
        const data = h instanceof ComplexNdArray ? h.interleaved() : globalThis.Array.from(h.selection.data as ArrayLike<number>);
        return new PrintValue(data, h.shape, t.dtype, w);
      });
      const [args, kw] = treeUnflatten<[unknown[], Record<string, unknown>]>(def, vals);
      console.log(formatPrint(fmt, args, kw, formatValue));
      return null;
    },
    // Run eagerly, JAX's prints show the arrays' weak types (compiled code has none at run time).
    eager: (arrays) => printCallback(fmt, def, template, arrays.map((a) => a.aval.weakType)),
  };
}

/** The single-call form of debug.print, after the options were taken off. */
function debugPrint(opts: DebugOptions, fmt: unknown, all: unknown[]): void {
  if (typeof fmt !== 'string') throw new TypeError(`debug.print needs a format string first (after an optional {ordered} object), got ${typeName(fmt)}.`);
  const kwargs = all.length && isPlain(all[all.length - 1]) && !isComplexLike(all[all.length - 1]) ? (all.pop() as Record<string, unknown>) : {};
  const [leaves, def] = treeFlatten<unknown>(complexLeaves([all, kwargs]));
  const arrays: Array[] = [];
  const placeholders = new Map<PrintValue, ShapedArray>();
  const template = leaves.map((l) => {
    if (!isArrayLeaf(l)) return new StaticValue(l);
    const a = asArray(l);
    arrays.push(a);
    const pv = new PrintValue([], a.shape, a.dtype.name, false);
    placeholders.set(pv, a.aval as ShapedArray);
    return pv;
  });
  const [pArgs, pKwargs] = treeUnflatten<[unknown[], Record<string, unknown>]>(def, template);
  checkFormat(fmt, pArgs, pKwargs, (pv) => placeholders.get(pv), all);
  bind(debugCallbackP, arrays, { callback: printCallback(fmt, def, template, null), resultAvals: [], ordered: !!opts.ordered });
}

/**
 * `debug.print(fmt, ...args)`, `debug.print({ordered}, fmt, ...args)` or JAX's two-call form
 * `debug.print({ordered})(fmt, ...args)`: format with `{}`, `{0}`, `{name}` (from a trailing plain
 * object) and `{:.3f}`; arrays print like numpy's `str`, containers like Python's (with JAX's
 * `Array(…)` reprs), through console.log, when the computation runs.
 */
export function print(fmt: string, ...args: unknown[]): void;
export function print(opts: DebugOptions, fmt: string, ...args: unknown[]): void;
export function print(opts: DebugOptions): (fmt: string, ...args: unknown[]) => void;
export function print(...all: unknown[]): unknown {
  if (isPlain(all[0]) && all.length === 1) {
    const opts = all[0] as DebugOptions;
    return (fmt: string, ...args: unknown[]) => debugPrint(opts, fmt, args);
  }
  const opts: DebugOptions = isPlain(all[0]) ? (all.shift() as DebugOptions) : {};
  const fmt = all.shift();
  debugPrint(opts, fmt, all);
  return undefined;
}

/** JAX's `jax.debug`: `debug.callback` and `debug.print`, effects that see run-time values inside transformed code. */
export const debug = {
  /** `debug.callback(fn, ...args, { ordered })`: calls `fn` on the host with run-time values (JAX's `jax.debug.callback`). */
  callback,
  /** `debug.print(fmt, ...args)`: prints run-time values with a Python-style format (JAX's `jax.debug.print`). */
  print,
};
