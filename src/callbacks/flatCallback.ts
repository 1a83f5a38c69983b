// Pytrees at the callback boundary (JAX's _FlatCallback): flatten the arguments and the declared
// results for the primitive, rebuild them around the user's function.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray, ShapeDtypeStruct } from '../core/aval.js';
import { asArray, isComplexLike } from '../core/convert.js';
import { dtype as toDtype, type DTypeLike } from '../core/dtypes.js';
import { CallbackResultError, TransformError } from '../core/errors.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import type { HostCallback } from './callbackPrimitive.js';
import type { HostArray } from './types.js';

/** `{re, im}` numbers as complex scalars: leaves, as a Python complex is in JAX (a plain object would be a dict). */
export function complexLeaves(x: unknown): unknown {
  if (isComplexLike(x)) return asArray(x);
  if (globalThis.Array.isArray(x)) return x.map(complexLeaves);
  const plain = typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
  return plain ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, complexLeaves(v)])) : x;
}

/** Flatten callback arguments to arrays (JS values become arrays, as jnp.asarray does; `{re, im}` a complex scalar). */
export function flattenArgs(args: readonly unknown[], what: string): [Array[], TreeDef] {
  if (!globalThis.Array.isArray(args)) throw new TransformError(`${what}: pass the callback's arguments as an array, e.g. ${what}(f, shapes, [x, y]).`);
  const [leaves, def] = treeFlatten<ArrayLike>(complexLeaves(args));
  return [leaves.map((l) => asArray(l)), def];
}

function isShapeList(s: unknown): s is number[] {
  return globalThis.Array.isArray(s) && s.every((d) => Number.isInteger(d) && d >= 0);
}

/** A declared result's aval, printed in jaxprs as JAX prints it. */
class ResultAval extends ShapedArray {
  override toString(): string {
    return `ShapedArray(${this.dtype.name}[${this.shape.join(',')}])`;
  }
}

/** Flatten `shapes` (a pytree of ShapeDtypeStruct or arrays) to result avals. */
export function resultAvalsOf(shapes: unknown, what: string): [ShapedArray[], TreeDef] {
  const [leaves, def] = treeFlatten<unknown>(shapes);
  const avals = leaves.map((s) => {
    if (s instanceof ShapeDtypeStruct) return new ResultAval(s.shape, s.dtype, false);
    const sd = s as { shape?: unknown; dtype?: unknown } | null;
    if (typeof sd === 'object' && sd !== null && isShapeList(sd.shape) && sd.dtype !== undefined)
      return new ResultAval(sd.shape, toDtype(sd.dtype as DTypeLike), false);
    throw new TransformError(
      `${what}: result shapes must be a pytree of ShapeDtypeStruct (or arrays with .shape and .dtype), but a leaf is ${String(s)}; e.g. new ShapeDtypeStruct([3], 'float32').`,
    );
  });
  return [avals, def];
}

/** Wrap a user's pytree-in/pytree-out function as a flat HostCallback; `outDef` null ignores the return value. */
export function flatHostCallback(name: string, fn: (...args: never[]) => unknown, argDef: TreeDef, outDef: TreeDef | null, timeoutMs?: number): HostCallback {
  const call = fn as (...args: unknown[]) => unknown;
  // The common shapes skip the generic tree walks: this runs once per host call.
  const flatArgs = argDef.kind === 'array' && argDef.children.every((c) => c.kind === 'leaf');
  const finish =
    outDef === null ? () => null : outDef.kind === 'leaf' ? (o: unknown) => [o] : (o: unknown) => flattenUpTo(outDef, o, name);
  return {
    name,
    timeoutMs,
    toString: () => `<function ${name}>`,
    call(flat: HostArray[]) {
      const out = flatArgs ? call(...flat) : call(...treeUnflatten<unknown[]>(argDef, flat));
      return out instanceof Promise ? out.then(finish) : finish(out);
    },
  };
}

function describe(v: unknown): string {
  if (globalThis.Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return Object.getPrototypeOf(v) === Object.prototype ? `an object with keys {${Object.keys(v).sort().join(', ')}}` : `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}

/**
 * Flatten a callback's result along the declared structure only (JAX's tree_flatten_up_to):
 * whatever sits at a declared leaf is that leaf's value, even a nested JS array.
 */
export function flattenUpTo(def: TreeDef, value: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  const bad = collectUpTo(def, value, out);
  if (bad)
    throw new CallbackResultError(
      `${name} returned ${describe(bad.v)}${bad.at ? ` at ${bad.at}` : ''}, but the declared result structure is ${def} (* = one array); return values in the structure of the shapes you declared.`,
    );
  return out;
}

/**
 * Push the leaves of `v` along `d` onto `out`; on a mismatch, the offending value and its path
 * (built only then, as the recursion unwinds: this runs on every host call).
 */
function collectUpTo(d: TreeDef, v: unknown, out: unknown[]): { v: unknown; at: string } | null {
  switch (d.kind) {
    case 'leaf':
      out.push(v);
      return null;
    case 'none':
      return v === null || v === undefined ? null : { v, at: '' };
    case 'array': {
      if (!globalThis.Array.isArray(v) || v.length !== d.children.length) return { v, at: '' };
      for (let i = 0; i < d.children.length; i++) {
        const bad = collectUpTo(d.children[i]!, v[i], out);
        if (bad) return { v: bad.v, at: `[${i}]${bad.at}` };
      }
      return null;
    }
    case 'object': {
      if (typeof v !== 'object' || v === null || globalThis.Array.isArray(v)) return { v, at: '' };
      if (Object.keys(v).sort().join() !== d.keys.join()) return { v, at: '' };
      for (let i = 0; i < d.keys.length; i++) {
        const k = d.keys[i]!;
        const bad = collectUpTo(d.children[i]!, (v as Record<string, unknown>)[k], out);
        if (bad) return { v: bad.v, at: `.${k}${bad.at}` };
      }
      return null;
    }
    case 'custom': {
      // A registered node (a typed PRNG key): the same class, flattened along its children.
      if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v)?.constructor?.name !== d.node!.type.name) return { v, at: '' };
      const [children] = d.node!.type.flatten(v);
      if (children.length !== d.children.length) return { v, at: '' };
      for (let i = 0; i < children.length; i++) {
        const bad = collectUpTo(d.children[i]!, children[i], out);
        if (bad) return { v: bad.v, at: `${bad.at}` };
      }
      return null;
    }
  }
}
