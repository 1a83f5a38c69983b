// Eager execution of one primitive: a cached single-equation executable (JAX's apply_primitive).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { DType } from '../core/dtypes.js';
import { Jaxpr, JaxprEqn, Var } from '../core/jaxpr.js';
import { type Params, Primitive } from '../core/primitive.js';
import { Executable } from './executable.js';
import { CompileCache } from './compileCache.js';

const cache = new CompileCache<Executable>((exe) => exe.dispose());
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/** A stable cache key for primitive params; functions and jaxprs by identity. */
export function paramsKey(params: Params): string {
  return JSON.stringify(params, (_k, v: unknown) => {
    // JSON writes NaN and ±Infinity as null and -0 as 0: keep them apart (jit statics, constants).
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `#${Object.is(v, -0) ? '-0' : v}`;
    if (v instanceof DType) return v.name;
    if (v instanceof ShapedArray) return v.key();
    if (typeof v === 'function' || (typeof v === 'object' && v !== null && !globalThis.Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype)) {
      let id = objectIds.get(v as object);
      if (id === undefined) objectIds.set(v as object, (id = nextObjectId++));
      return `#${id}`;
    }
    return v;
  });
}

/** Run one primitive eagerly on concrete arrays through its cached one-equation program. */
export function applyPrimitive(prim: Primitive, args: Array[], params: Params): Array[] {
  const avals = args.map((a) => a.aval);
  const key = `${prim.name}(${avals.map((a) => a.key()).join(',')})${paramsKey(params)}`;
  let exe = cache.get(key);
  if (!exe) {
    const outAvals = prim.rules.abstractEval(avals, params);
    const ins = avals.map((a) => new Var(a));
    const outs = outAvals.map((a) => new Var(a));
    exe = new Executable(new Jaxpr(ins, [new JaxprEqn(prim, ins, params, outs)], outs), prim.name);
    cache.set(key, exe);
  }
  return exe.execute(args);
}

Primitive.defaultImpl = applyPrimitive;
