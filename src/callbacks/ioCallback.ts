// ioCallback: a host call with side effects (JAX's jax.experimental.io_callback). Never removed;
// `ordered: true` calls run in program order across calls and devices.
import type { ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { TransformError } from '../core/errors.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { callbackBatch } from './batching.js';
import { type CallbackParams, callbackLowering } from './callbackPrimitive.js';
import { flatHostCallback, resultAvalsOf } from './pureCallback.js';

interface IoCallbackParams extends CallbackParams {
  ordered: boolean;
}

export const ioCallbackP: Primitive<IoCallbackParams> = definePrimitive<IoCallbackParams>('io_callback', {
  abstractEval: (_avals, p) => p.resultAvals,
  effectful: true,
  jvp: () => {
    throw new TransformError('IO callbacks do not support JVP; differentiate around them, or use pureCallback inside customJvp for a differentiable host function.');
  },
  transpose: () => {
    throw new TransformError('IO callbacks do not support transpose (reverse-mode differentiation).');
  },
  batch: (args, dims, p) => {
    if (p.ordered) throw new TransformError('Cannot vmap an ordered ioCallback: the order of the batch elements is undefined. Use ordered: false.');
    return callbackBatch('sequential', 'ioCallback', args, dims, p.resultAvals, (a, resultAvals) => bind(ioCallbackP, a, { ...p, resultAvals }));
  },
  lower: callbackLowering,
});

export function ioCallback(callback: (...args: any[]) => unknown, resultShapeDtypes: unknown, args: readonly unknown[], opts: { ordered?: boolean } = {}): any {
  const [leaves, argDef] = treeFlatten<ArrayLike>(args);
  const arrays = leaves.map((l) => asArray(l));
  const [resultAvals, outDef] = resultShapeDtypes === null ? [[], null] : resultAvalsOf(resultShapeDtypes);
  const hc = flatHostCallback(callback.name || 'io_callback', callback, argDef, outDef);
  const outs = bind(ioCallbackP, arrays, { callback: hc, resultAvals, ordered: !!opts.ordered });
  return outDef === null ? null : treeUnflatten(outDef, outs);
}
