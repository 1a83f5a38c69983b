// debug.callback and debug.print (JAX's jax.debug): effects that see real values at run time,
// once per batch element under vmap and primal values only under differentiation.
import type { ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeFlatten } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { callbackBatch } from './batching.js';
import { type CallbackParams, callbackLowering } from './callbackPrimitive.js';
import { flatHostCallback } from './pureCallback.js';
import { formatPrint, formatScalarSpec, formatStr, type PrintDtype } from '../core/printing.js';
import type { NdArray } from '@d4c/numjs';

interface DebugParams extends CallbackParams {
  ordered: boolean;
}

export const debugCallbackP: Primitive<DebugParams> = definePrimitive<DebugParams>('debug_callback', {
  abstractEval: () => [],
  effectful: true,
  // Differentiation: the callback sees primals; there is nothing to differentiate.
  jvp: (primals, _tangents, p) => {
    bind(debugCallbackP, primals, p);
    return [[], []];
  },
  transpose: () => [],
  batch: (args, dims, p) => callbackBatch('sequential', 'debug.callback', args, dims, [], (a) => bind(debugCallbackP, a, p)),
  lower: callbackLowering,
});

/** `debug.callback(fn, args, {ordered})`: call `fn` on the host with the runtime values of `args`. */
export function callback(fn: (...args: any[]) => unknown, args: readonly unknown[] = [], opts: { ordered?: boolean } = {}): void {
  const [leaves, argDef] = treeFlatten<ArrayLike>(args);
  const arrays = leaves.map((l) => asArray(l));
  const hc = flatHostCallback(fn.name || 'debug_callback', (...a: unknown[]) => void fn(...a), argDef, null);
  bind(debugCallbackP, arrays, { callback: hc, resultAvals: [], ordered: !!opts.ordered });
}

/** A runtime value as debug.print sees it. */
interface PrintValue {
  data: number[];
  shape: number[];
  dtype: PrintDtype;
}

function formatValue(v: unknown, spec: string): string {
  const x = v as PrintValue;
  if (spec) {
    if (x.data.length !== 1) throw new TypeError(`unsupported format spec '${spec}' for an array of shape (${x.shape.join(', ')}): format specs apply to scalars.`);
    return formatScalarSpec(x.data[0]!, x.dtype, spec);
  }
  return formatStr(x.data, x.shape, x.dtype);
}

/**
 * `debug.print(fmt, ...args)` or `debug.print({ordered}, fmt, ...args)`: format with `{}`, `{0}`,
 * `{name}` (from a trailing plain object) and `{:.3f}`; values print like numpy `str`.
 */
export function print(...all: unknown[]): void {
  const opts = typeof all[0] === 'object' && all[0] !== null && isPlain(all[0]) ? (all.shift() as { ordered?: boolean }) : {};
  const fmt = String(all.shift());
  const last = all[all.length - 1];
  const kwargs = isPlain(last) ? (all.pop() as Record<string, unknown>) : {};
  const names = Object.keys(kwargs);
  const arrays = [...all, ...names.map((k) => kwargs[k])].map((v) => asArray(v as ArrayLike));
  callback(
    (...host: NdArray[]) => {
      const vals: PrintValue[] = host.map((h, i) => ({
        data: Array.from(h.selection.data as globalThis.ArrayLike<number>),
        shape: arrays[i]!.shape,
        dtype: arrays[i]!.dtype.name as PrintDtype,
      }));
      const kw = Object.fromEntries(names.map((k, i) => [k, vals[all.length + i]]));
      console.log(formatPrint(fmt, vals.slice(0, all.length), kw, formatValue));
    },
    arrays,
    opts,
  );
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

export const debug = { callback, print };
