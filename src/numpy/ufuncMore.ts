// Operand handling the elementwise family shares beyond ufunc.ts: JAX's promote_args_numeric,
// the `out` option of its tuple-returning ufuncs, and binary ufuncs whose result is weak only when
// every operand is a JS number (JAX's hypot, heaviside and logaddexp2 build their result from
// non-weak constants, which the promotion quirk int32 + 2.5 → weak float32 does not survive).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { int32 } from '../core/dtypes.js';
import { ceil, convertElementType, floor, lt, select } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { declare, type JnpFunction } from './declare.js';
import { promoteArgs, promoteArgsInexact } from './promote.js';
import { type Binary, ufuncArgs } from './ufunc.js';

/** JAX's promote_args_numeric: promotion, then bools to int32. */
export function promoteNumeric(...xs: ArrayLike[]): Array[] {
  return promoteArgs(...xs).map((x) => (x.dtype.kind === 'b' ? convertElementType(x, int32, x.weakType) : x));
}

/** Declare a binary ufunc over inexact-promoted operands whose result is weak only when both operands are. */
export function binaryInexactStrong(name: string, op: (x: Array, y: Array) => Array): JnpFunction<Binary> {
  const impl: Binary = (x, y, ...opts) => {
    ufuncArgs(name, opts);
    const [a, b] = promoteArgsInexact(x, y);
    const out = op(a!, b!);
    const weak = asArray(x).weakType && asArray(y).weakType;
    return out.weakType && !weak ? convertElementType(out, out.dtype, false) : out;
  };
  return declare(name, { arrays: 2, impl });
}

/** Round toward zero (JAX's trunc on floats: ceil below 0, floor otherwise; -0 stays -0). */
export function truncFloat(x: Array): Array {
  const zero = full(x.shape, 0, x.dtype, x.weakType);
  return select(lt(x, zero), ceil(x), floor(x));
}
