// The eager fast path of a declared jnp function: when every array argument is concrete, the
// function (promotion, broadcasting and the op itself) is traced once per signature and runs as
// one kernel launch, as JAX's jnp functions do by being jitted.
import { Array } from '../core/array.js';
import { isOptions } from '../core/args.js';
import type { ShapedArray } from '../core/aval.js';
import { config } from '../core/config.js';
import { asArray, isNdArrayLike } from '../core/convert.js';
import { currentDynamic, isTracer } from '../core/trace.js';
import { paramsKey } from '../compiler/applyPrimitive.js';
import { CompileCache } from '../compiler/compileCache.js';
import { Executable } from '../compiler/executable.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { defer, type LazyOp, lazyOp, worthDeferring } from './lazy.js';

interface Entry {
  exe: Executable;
  consts: Array[];
  /** Whether the function returns a tuple of arrays (divmod, frexp) rather than one array. */
  tuple: boolean;
  /** Set when calls may be deferred to fuse with the eager ops after them (lazy.ts). */
  lazy: LazyOp | null;
}

/** Longest list of plain numbers kept as a static argument (axes, shapes); longer lists are data. */
const STATIC_LIST = 32;

/**
 * Whether a non-array argument holds array data (a `where` mask, a host array): such a call runs
 * op by op, since baking data into a cached program would key the cache on values (and a
 * mutable host array could go stale). Short lists of numbers (axes, shapes) are static.
 */
function holdsArrays(v: unknown): boolean {
  if (v instanceof Array || ArrayBuffer.isView(v) || isNdArrayLike(v)) return true;
  if (globalThis.Array.isArray(v)) return v.length > STATIC_LIST || v.some((e) => typeof e !== 'number');
  return isOptions(v) && Object.values(v).some(holdsArrays);
}

/**
 * `impl` as one fused program per signature when called eagerly. Its first `arrays` arguments are
 * array-likes (traced); a null or undefined there is an absent optional array, and an options
 * object ends them. The remaining arguments are static (part of the cache key). Under a
 * transformation, or with a tracer argument, `impl` runs as is (its primitives are traced).
 */
export function fusedEager<F extends (...args: never[]) => unknown>(name: string, impl: F, arrays: number): F {
  const call = impl as unknown as (...args: unknown[]) => unknown;
  const cache = new CompileCache<Entry>((e) => e.exe.dispose());
  return ((...args: unknown[]) => {
    if (currentDynamic().level !== 0) return call(...args);
    // Tracing reads enableX64 (the default float): programs traced under the other setting differ.
    let key = config.values.enableX64 ? 'x64;' : '';
    const inputs: Array[] = [];
    let i = 0;
    for (; i < arrays && i < args.length; i++) {
      const a = args[i];
      if (a === undefined || a === null) {
        key += a === null ? 'null;' : 'undefined;';
        continue;
      }
      if (isOptions(a)) break;
      // A JS -0 would enter as a weak int32 input and lose its sign; op by op, promotion casts
      // it straight to the float it meets (x + -0 is -0 where x is -0).
      if (isTracer(a) || Object.is(a, -0)) return call(...args);
      const x = a instanceof Array ? a : asArray(a as never);
      inputs.push(x);
      key += x.aval.key() + ';';
    }
    if (i < args.length) {
      for (let j = i; j < args.length; j++) if (holdsArrays(args[j])) return call(...args);
      key += paramsKey({ s: args.slice(i) });
    }
    let entry = cache.get(key);
    if (!entry) {
      let tuple = false;
      const closed = traceToJaxpr((xs) => {
        let k = 0;
        const out = call(...args.map((a, j) => (j < i && a !== undefined && a !== null ? xs[k++] : a)));
        tuple = globalThis.Array.isArray(out);
        return tuple ? (out as Array[]) : [out as Array];
      }, inputs.map((x) => x.aval as ShapedArray));
      entry = { exe: new Executable(closed.jaxpr, name), consts: closed.consts, tuple, lazy: tuple ? null : lazyOp(closed.jaxpr, closed.consts) };
      cache.set(key, entry);
    }
    if (entry.lazy && config.values.eagerFusion && worthDeferring(inputs, entry.exe.outAvals[0]!))
      return defer(entry.lazy, inputs, entry.exe.outAvals[0]!);
    const outs = entry.exe.execute(entry.consts.length ? [...entry.consts, ...inputs] : inputs);
    return entry.tuple ? outs : outs[0]!;
  }) as unknown as F;
}
