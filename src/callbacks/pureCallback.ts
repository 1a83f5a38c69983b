// pureCallback: call a pure host function from compiled code (JAX's jax.pure_callback). It may be
// dead-code eliminated or repeated; it has no derivative of its own (wrap it in customJvp/customVjp).
import { TransformError } from '../core/errors.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeUnflatten } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { callbackBatch, type VmapMethod, vmapMethods } from './batching.js';
import { applyCallback, callbackComplex, type CallbackParams, callbackLowering, timeoutOption } from './callbackPrimitive.js';
import { flatHostCallback, flattenArgs, resultAvalsOf } from './flatCallback.js';
import type { CallbackResult, HostFunction, ResultShapes } from './types.js';

interface PureCallbackParams extends CallbackParams {
  vmapMethod: VmapMethod | null;
}

export const pureCallbackP: Primitive<PureCallbackParams> = definePrimitive<PureCallbackParams>('pure_callback', {
  abstractEval: (_avals, p) => p.resultAvals,
  impl: (args, p) => applyCallback('pure_callback', p.callback, args, p.resultAvals, false),
  jvp: () => {
    throw new TransformError('Pure callbacks do not support JVP. Please use `customJvp` to use callbacks while taking gradients.');
  },
  transpose: () => {
    throw new TransformError('Pure callbacks do not support transpose. Please use `customVjp` to use callbacks while taking gradients.');
  },
  batch: (args, dims, p) =>
    callbackBatch(p.vmapMethod, 'pureCallback', args, dims, p.resultAvals, (a, resultAvals) => bind(pureCallbackP, a, { ...p, resultAvals })),
  complex: callbackComplex(() => pureCallbackP),
  lower: callbackLowering,
});

export interface PureCallbackOptions {
  /** How the callback is batched under vmap; without one, vmap raises. */
  vmapMethod?: VmapMethod;
  /** Deprecated in JAX: `true` is vmapMethod 'legacy_vectorized'. */
  vectorized?: boolean;
  /** Milliseconds a Promise the callback returns may take to settle (default: config callbackTimeoutMs). */
  timeoutMs?: number;
}

function vmapMethodOf(opts: PureCallbackOptions): VmapMethod | null {
  let method: VmapMethod | null = opts.vmapMethod ?? null;
  if (opts.vectorized !== undefined) {
    if (method !== null) throw new TransformError('pureCallback: the vectorized and vmapMethod options cannot be used together; pass only vmapMethod.');
    method = opts.vectorized ? 'legacy_vectorized' : 'sequential';
  }
  if (method !== null && !vmapMethods.includes(method))
    throw new TransformError(`pureCallback: vmapMethod must be one of ${vmapMethods.map((m) => `'${m}'`).join(', ')}, got '${String(method)}'.`);
  return method;
}

/**
 * `pureCallback(callback, shapes, args, {vmapMethod})`: call `callback` on the host with `args`
 * as numjs arrays; returns arrays in the structure of `shapes` (ShapeDtypeStructs).
 */
export function pureCallback<const S extends ResultShapes, const A extends readonly unknown[]>(
  callback: HostFunction<A>,
  shapes: S,
  args: A,
  opts: PureCallbackOptions = {},
): CallbackResult<S> {
  const vmapMethod = vmapMethodOf(opts);
  const [arrays, argDef] = flattenArgs(args, 'pureCallback');
  const [resultAvals, outDef] = resultAvalsOf(shapes, 'pureCallback');
  const hc = flatHostCallback(callback.name || 'pure_callback', callback, argDef, outDef, timeoutOption(opts, 'pureCallback'));
  // A pure call without results has nothing to do (JAX removes it too).
  const outs = resultAvals.length === 0 ? [] : bind(pureCallbackP, arrays, { callback: hc, resultAvals, vmapMethod });
  const result: unknown = treeUnflatten(outDef, outs);
  return result as CallbackResult<S>;
}
