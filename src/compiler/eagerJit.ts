// Eager jnp calls as single fused programs: when every argument is concrete, a jnp function
// (promotion, broadcasting and the op itself) is traced once per signature and runs as one
// kernel launch, as JAX's jnp functions do by being jitted.
import { Array } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { ShapedArray } from '../core/aval.js';
import { currentDynamic, isTracer } from '../core/trace.js';
import { config } from '../core/config.js';
import { traceToJaxpr } from '../transforms/staging.js';
import { Executable } from './executable.js';
import { paramsKey } from './applyPrimitive.js';

interface Entry {
  exe: Executable;
  consts: Array[];
}

/**
 * Wrap `fn` whose first `numArrays` arguments are array-likes and the rest static options.
 * Under a transformation the function runs as is (its primitives are traced).
 */
export function eagerJit<F extends (...args: any[]) => Array>(fn: F, numArrays: number): F {
  const cache = new Map<string, Entry>();
  return ((...args: unknown[]) => {
    if (currentDynamic().level !== 0) return fn(...args);
    // Tracing reads enableX64 (the default float): programs traced under the other setting differ.
    let key = config.values.enableX64 ? 'x64;' : '';
    const arrays: Array[] = new globalThis.Array(numArrays);
    for (let i = 0; i < numArrays; i++) {
      const a = args[i];
      if (isTracer(a)) return fn(...args);
      const arr = a instanceof Array ? a : asArray(a as never);
      arrays[i] = arr;
      key += arr.aval.key() + ';';
    }
    if (args.length > numArrays) key += paramsKey({ s: args.slice(numArrays) });
    let entry = cache.get(key);
    if (!entry) {
      const rest = args.slice(numArrays);
      const closed = traceToJaxpr((xs) => [fn(...xs, ...rest)], arrays.map((a) => a.aval as ShapedArray));
      entry = { exe: new Executable(closed.jaxpr, fn.name || 'jnp'), consts: closed.consts };
      cache.set(key, entry);
    }
    return entry.exe.execute([...entry.consts, ...arrays])[0]!;
  }) as F;
}

