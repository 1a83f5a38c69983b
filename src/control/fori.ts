// lax.foriLoop: a counted loop. With JS-number bounds it is a scan (so reverse-mode works, as in
// JAX); with traced bounds a whileLoop.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { bindArgs } from '../core/args.js';
import type { ArrayTree, ArrayTreeOut } from '../core/treeTypes.js';
import { int32 } from '../core/dtypes.js';
import { add, convertElementType, lt } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { scan } from './scan.js';
import { whileLoop } from './whileLoop.js';

/**
 * JAX's `lax.fori_loop`: `foriLoop(lower, upper, body, init)` runs `val = body(i, val)` for
 * `i` from `lower` to `upper - 1` (an int32 Array), from `val = init`, as one loop in the compiled
 * program. The carry is any pytree of arrays, kept in structure, shapes and dtypes. With JS-number
 * bounds it is a `scan` (so reverse-mode differentiable, as in JAX); with traced bounds a
 * `whileLoop` (forward mode only).
 *
 * @throws `TransformError` when `body` changes the carry's structure, shapes or dtypes.
 *
 * @example
 * ```ts
 * lax.foriLoop(0, 5, (i, acc) => acc.add(i), 0);   // 10 (int32)
 * ```
 */
export function foriLoop<const I>(
  lower: ArrayLike,
  upper: ArrayLike,
  body: (i: Array, val: NoInfer<ArrayTree<I>>) => NoInfer<ArrayTreeOut<I>>,
  init: I,
  opts?: { unroll?: number | boolean | null },
): ArrayTree<I>;
export function foriLoop(lower: ArrayLike, upper: ArrayLike, body: (i: Array, val: unknown) => unknown, init: unknown, opts?: { unroll?: number | boolean | null }): unknown {
  bindArgs('lax.foriLoop', ['unroll'], [opts]);
  // The carry's own type is the caller's; here it is opaque.
  type Carry = [Array, unknown];
  if (typeof lower === 'number' && typeof upper === 'number') {
    const length = Math.max(0, upper - lower);
    const scanCarry = scan as unknown as (f: (c: Carry, x: null) => [Carry, null], init: Carry, xs: null, o: { length: number }) => [Carry, null];
    const [[, out]] = scanCarry(([i, val]) => [[add(i, full([], 1, int32)), body(i, val)], null], [full([], lower, int32), init], null, { length });
    return out;
  }
  const lo = convertElementType(asArray(lower), int32);
  const hi = convertElementType(asArray(upper), int32);
  type WhileCarry = [Array, Array, unknown];
  const whileCarry = whileLoop as unknown as (c: (v: WhileCarry) => Array, b: (v: WhileCarry) => WhileCarry, init: WhileCarry) => WhileCarry;
  const [, , out] = whileCarry(([i, u]) => lt(i, u), ([i, u, val]) => [add(i, full([], 1, int32)), u, body(i, val)], [lo, hi, init]);
  return out;
}
