// debug.callback and debug.print (JAX's jax.debug): effects that see real values at run time,
// once per batch element under vmap and primal values only under differentiation.
import type { NdArray } from '@d4c/numjs';
import type { Array, ArrayLike as JaxArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import type { PrintDtype } from '../core/printing.js';
import { callbackBatch } from './batching.js';
import { applyCallback, type CallbackParams, callbackLowering, type HostCallback, timeoutOption } from './callbackPrimitive.js';
import { checkFormat, formatValue, PrintValue, StaticValue } from './debugFormat.js';
import { flatHostCallback, flattenArgs } from './flatCallback.js';
import { formatPrint } from '../core/printing.js';
import type { HostFunction } from './types.js';

interface DebugParams extends CallbackParams {
  ordered: boolean;
}

export const debugCallbackP: Primitive<DebugParams> = definePrimitive<DebugParams>('debug_callback', {
  abstractEval: () => [],
  effectful: true,
  impl: (args, p) => applyCallback('debug_callback', p.callback, args, [], true),
  // Differentiation: the callback sees primals; there is nothing to differentiate.
  jvp: (primals, _tangents, p) => {
    bind(debugCallbackP, primals, p);
    return [[], []];
  },
  transpose: () => [],
  batch: (args, dims, p) => callbackBatch('sequential', 'debug.callback', args, dims, [], (a) => bind(debugCallbackP, a, p)),
  lower: callbackLowering,
});

export interface DebugOptions {
  /** Keep program order with other ordered effects (effects already run in order on one device). */
  ordered?: boolean;
  /** Milliseconds a Promise the callback returns may take to settle (default: config callbackTimeoutMs). */
  timeoutMs?: number;
}

/** `debug.callback(fn, args, {ordered})`: call `fn` on the host with the runtime values of `args`; its result is ignored. */
export function callback<const A extends readonly unknown[]>(fn: HostFunction<A>, args: A = [] as unknown as A, opts: DebugOptions = {}): void {
  const [arrays, argDef] = flattenArgs(args, 'debug.callback');
  const hc = flatHostCallback(fn.name || 'debug_callback', fn, argDef, null, timeoutOption(opts, 'debug.callback'));
  bind(debugCallbackP, arrays, { callback: hc, resultAvals: [], ordered: !!opts.ordered });
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** Array-like leaves become arrays; anything else (strings) is formatted as itself. */
function isArrayLeaf(x: unknown): x is JaxArrayLike {
  return typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'object' && x !== null && (ArrayBuffer.isView(x) || 'aval' in x));
}

/**
 * `debug.print(fmt, ...args)` or `debug.print({ordered}, fmt, ...args)`: format with `{}`, `{0}`,
 * `{name}` (from a trailing plain object) and `{:.3f}`; arrays print like numpy's `str`, through
 * console.log, when the computation runs.
 */
export function print(fmt: string, ...args: unknown[]): void;
export function print(opts: DebugOptions, fmt: string, ...args: unknown[]): void;
export function print(...all: unknown[]): void {
  const opts: DebugOptions = isPlain(all[0]) ? (all.shift() as DebugOptions) : {};
  const fmt = all.shift();
  if (typeof fmt !== 'string') throw new TypeError(`debug.print needs a format string first (after an optional {ordered} object), got ${typeof fmt}.`);
  const kwargs = all.length && isPlain(all[all.length - 1]) ? (all.pop() as Record<string, unknown>) : {};
  const [leaves, def] = treeFlatten<unknown>([all, kwargs]);
  const arrays: Array[] = [];
  const placeholders = new Map<PrintValue, ShapedArray>();
  const dtypes: PrintDtype[] = [];
  const template = leaves.map((l) => {
    if (!isArrayLeaf(l)) return new StaticValue(l);
    const a = asArray(l);
    arrays.push(a);
    dtypes.push(a.dtype.name);
    const pv = new PrintValue([], a.shape, a.dtype.name);
    placeholders.set(pv, a.aval as ShapedArray);
    return pv;
  });
  const [pArgs, pKwargs] = treeUnflatten<[unknown[], Record<string, unknown>]>(def, template);
  checkFormat(fmt, pArgs, pKwargs, (pv) => placeholders.get(pv));
  const hc: HostCallback = {
    name: 'debug.print',
    toString: () => `<debug.print ${JSON.stringify(fmt)}>`,
    call(host: NdArray[]) {
      let k = 0;
      // Read the values now: zero-copy operands are only valid during the call.
      const vals = template.map((t) => {
        if (t instanceof StaticValue) return t;
        const h = host[k]!;
        return new PrintValue(globalThis.Array.from(h.selection.data as ArrayLike<number>), h.shape, dtypes[k++]!);
      });
      const [args, kw] = treeUnflatten<[unknown[], Record<string, unknown>]>(def, vals);
      console.log(formatPrint(fmt, args, kw, formatValue));
      return null;
    },
  };
  bind(debugCallbackP, arrays, { callback: hc, resultAvals: [], ordered: !!opts.ordered });
}

export const debug = { callback, print };
