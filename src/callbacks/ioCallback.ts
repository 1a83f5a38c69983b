// ioCallback: a host call with side effects (JAX's jax.experimental.io_callback). Never removed;
// `ordered: true` calls run in program order across calls and devices.
import { TransformError } from '../core/errors.js';
import { declareEffectKind } from '../compiler/effects.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeUnflatten } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { callbackBatch } from './batching.js';
import { applyCallback, callbackComplex, type CallbackParams, callbackLowering, timeoutOption } from './callbackPrimitive.js';
import { flatHostCallback, flattenArgs, resultAvalsOf } from './flatCallback.js';
import type { CallbackResult, HostFunction, ResultShapes } from './types.js';

interface IoCallbackParams extends CallbackParams {
  ordered: boolean;
}

export const ioCallbackP: Primitive<IoCallbackParams> = definePrimitive<IoCallbackParams>('io_callback', {
  abstractEval: (_avals, p) => p.resultAvals,
  effectful: true,
  impl: (args, p) => applyCallback('io_callback', p.callback, args, p.resultAvals, true),
  jvp: () => {
    throw new TransformError(
      'IO callbacks do not support JVP. Differentiate around the ioCallback (e.g. apply stopGradient to its inputs), or use pureCallback inside customJvp/customVjp for a differentiable host function.',
    );
  },
  transpose: () => {
    throw new TransformError('IO callbacks do not support transpose. Use pureCallback inside customVjp for a differentiable host function.');
  },
  batch: (args, dims, p) => {
    if (p.ordered)
      throw new TransformError('Cannot `vmap` ordered IO callback: batch elements have no program order. Pass {ordered: false}, or loop over the batch with lax.map/scan.');
    return callbackBatch('sequential', 'ioCallback', args, dims, p.resultAvals, (a, resultAvals) => bind(ioCallbackP, a, { ...p, resultAvals }));
  },
  complex: callbackComplex(() => ioCallbackP),
  lower: callbackLowering,
});

declareEffectKind(ioCallbackP, (p) => (p.ordered ? 'orderedIo' : 'io'));

export interface IoCallbackOptions {
  /** Run in program order with every other ordered callback (across calls and devices). */
  ordered?: boolean;
  /** Milliseconds a Promise the callback returns may take to settle (default: config callbackTimeoutMs). */
  timeoutMs?: number;
}

/**
 * `ioCallback(callback, shapes, args, {ordered})`: call an impure host function. `shapes` may be
 * null: the call then has no results and the return value is ignored.
 */
export function ioCallback<const S extends ResultShapes, const A extends readonly unknown[]>(
  callback: HostFunction<A>,
  shapes: S,
  args: A,
  opts: IoCallbackOptions = {},
): CallbackResult<S> {
  const [arrays, argDef] = flattenArgs(args, 'ioCallback');
  const [resultAvals, outDef] = shapes === null || shapes === undefined ? [[], null] : resultAvalsOf(shapes, 'ioCallback');
  const hc = flatHostCallback(callback.name || 'io_callback', callback, argDef, outDef, timeoutOption(opts, 'ioCallback'));
  const outs = bind(ioCallbackP, arrays, { callback: hc, resultAvals, ordered: !!opts.ordered });
  const result: unknown = outDef === null ? null : treeUnflatten(outDef, outs);
  return result as CallbackResult<S>;
}
