// pureCallback: call a pure host function from compiled code (JAX's jax.pure_callback).
import type { NdArray } from '@d4c/numjs';
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray, ShapeDtypeStruct } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { CallbackResultError, TransformError } from '../core/errors.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bind } from '../core/trace.js';
import { callbackBatch, type VmapMethod, vmapMethods } from './batching.js';
import { type CallbackParams, type HostCallback, callbackLowering } from './callbackPrimitive.js';

interface PureCallbackParams extends CallbackParams {
  vmapMethod: VmapMethod | null;
}

export const pureCallbackP: Primitive<PureCallbackParams> = definePrimitive<PureCallbackParams>('pure_callback', {
  abstractEval: (_avals, p) => p.resultAvals,
  jvp: () => {
    throw new TransformError('Pure callbacks do not support JVP. Please use `customJvp` to use callbacks while taking gradients.');
  },
  transpose: () => {
    throw new TransformError('Pure callbacks do not support transpose. Please use `customVjp` to use callbacks while taking gradients.');
  },
  batch: (args, dims, p) =>
    callbackBatch(p.vmapMethod, 'pureCallback', args, dims, p.resultAvals, (a, resultAvals) => bind(pureCallbackP, a, { ...p, resultAvals })),
  lower: callbackLowering,
});

export interface PureCallbackOptions {
  vmapMethod?: VmapMethod;
  /** Deprecated in JAX: same as vmapMethod 'legacy_vectorized'. */
  vectorized?: boolean;
}

/** Flatten `shapes` (a pytree of ShapeDtypeStruct, or null) to result avals. */
export function resultAvalsOf(shapes: unknown): [ShapedArray[], TreeDef] {
  const [leaves, def] = treeFlatten<ShapeDtypeStruct>(shapes);
  const avals = leaves.map((s) => {
    if (!(s instanceof ShapeDtypeStruct) && !(typeof s === 'object' && s && 'shape' in s && 'dtype' in s))
      throw new TransformError(`callback result shapes must be ShapeDtypeStruct objects (or arrays with .shape and .dtype), got ${String(s)}.`);
    const sd = s instanceof ShapeDtypeStruct ? s : new ShapeDtypeStruct((s as ShapeDtypeStruct).shape, (s as ShapeDtypeStruct).dtype);
    return new ShapedArray(sd.shape, sd.dtype, false);
  });
  return [avals, def];
}

/** Wrap a user's pytree-in/pytree-out function as a flat HostCallback. */
export function flatHostCallback(name: string, cb: (...args: any[]) => unknown, argDef: TreeDef, outDef: TreeDef | null): HostCallback {
  return {
    name,
    call(flat: NdArray[]) {
      const args = treeUnflatten<unknown[]>(argDef, flat);
      const out = cb(...args);
      const finish = (o: unknown) => (outDef === null ? null : flattenUpTo(outDef, o, name));
      return out instanceof Promise ? out.then(finish) : finish(out);
    },
  };
}

/**
 * Flatten a callback's result along the declared structure only (JAX's tree_flatten_up_to):
 * whatever sits at a declared leaf is that leaf's value, even a nested JS array.
 */
export function flattenUpTo(def: TreeDef, value: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  const mismatch = (what: string) =>
    new CallbackResultError(`${name} returned ${what}, but the declared result structure is ${def}; return values matching the declared shapes.`);
  const go = (d: TreeDef, v: unknown): void => {
    switch (d.kind) {
      case 'leaf':
        out.push(v);
        return;
      case 'none':
        return;
      case 'array':
        if (!globalThis.Array.isArray(v) || v.length !== d.children.length) throw mismatch(globalThis.Array.isArray(v) ? `a list of ${v.length}` : typeof v);
        d.children.forEach((c, i) => go(c, v[i]));
        return;
      case 'object': {
        if (typeof v !== 'object' || v === null) throw mismatch(String(v));
        const keys = Object.keys(v).sort();
        if (keys.join() !== d.keys.join()) throw mismatch(`an object with keys {${keys.join(', ')}}`);
        d.keys.forEach((k, i) => go(d.children[i]!, (v as Record<string, unknown>)[k]));
      }
    }
  };
  go(def, value);
  return out;
}

export function pureCallback(
  callback: (...args: any[]) => unknown,
  resultShapeDtypes: unknown,
  args: readonly unknown[],
  opts: PureCallbackOptions = {},
): any {
  let method: VmapMethod | null = opts.vmapMethod ?? null;
  if (opts.vectorized) {
    if (method && method !== 'legacy_vectorized') throw new TransformError('pureCallback: pass either vectorized or vmapMethod, not both.');
    method = 'legacy_vectorized';
  }
  if (method !== null && !vmapMethods.includes(method)) throw new TransformError(`unknown vmapMethod '${method}'; use one of ${vmapMethods.join(', ')}.`);
  const [leaves, argDef] = treeFlatten<ArrayLike>(args);
  const arrays: Array[] = leaves.map((l) => asArray(l));
  const [resultAvals, outDef] = resultAvalsOf(resultShapeDtypes);
  const hc = flatHostCallback(callback.name || 'pure_callback', callback, argDef, outDef);
  const outs = bind(pureCallbackP, arrays, { callback: hc, resultAvals, vmapMethod: method });
  return treeUnflatten(outDef, outs);
}
