// How jax.nn and jax.scipy functions are made public: like a jnp declaration (numpy/declare.ts),
// an eager call of concrete arrays runs as one fused program per signature (JAX jits these
// functions), a traced call runs the implementation as is, and a call with more positional
// arguments than the function has raises (JS would drop them silently).
import type { Array } from '../core/array.js';
import { DtypeError } from '../core/errors.js';
import { defaultFloat, float32 } from '../core/dtypes.js';
import { full } from '../lax/structural.js';
import { convertElementType } from '../lax/elementwise.js';
import { fusedEager } from '../numpy/eager.js';

type Fn = (...args: never[]) => unknown;

/**
 * The public form of `impl`, named `name` in errors (`nn.relu`): its first `arrays` arguments are
 * arrays (traced eagerly), and `arity`, when given, is how many arguments it takes at most.
 */
export function defineFunction<F extends Fn>(name: string, arrays: number, impl: F, arity?: number): F {
  const fused = fusedEager(name, impl, arrays) as unknown as (...args: unknown[]) => unknown;
  if (arity === undefined) return fused as unknown as F;
  return ((...args: unknown[]) => {
    let n = args.length;
    while (n > arity && args[n - 1] === undefined) n--;
    if (n > arity) throw new TypeError(`${name}() takes ${arity} argument${arity === 1 ? '' : 's'} but ${n} were given.`);
    return fused(...args);
  }) as unknown as F;
}

/** A float operand's dtype check: the special functions are defined for float16, float32 and float64. */
export function requireFloat(name: string, x: Array): void {
  if (x.dtype.kind !== 'f') throw new DtypeError(`${name}() needs a floating-point operand, got ${x.dtype.name}.`);
}

/**
 * `f` computed in float32 for a float16 operand and cast back, as XLA does for its special
 * functions (float16 intermediates are too coarse for their polynomials).
 */
export function upcastHalf(f: (...xs: Array[]) => Array): (...xs: Array[]) => Array {
  return (...xs: Array[]) => {
    const d = xs[0]!.dtype;
    if (d.name !== 'float16') return f(...xs);
    return convertElementType(f(...xs.map((x) => convertElementType(x, float32, false))), d, xs[0]!.weakType);
  };
}

/** A weakly typed float scalar (Python's `6.`: JS cannot tell 6.0 from the integer 6). */
export const weakFloat = (v: number): Array => full([], v, defaultFloat(), true);
