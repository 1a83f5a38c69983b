// lax.foriLoop: a counted loop. With JS-number bounds it is a scan (so reverse-mode works, as in
// JAX); with traced bounds a whileLoop.
import type { Array, ArrayLike } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { bindArgs } from '../../core/args.js';
import type { HostTree } from '../../core/pytree.js';
import { int32 } from '../../core/dtypes.js';
import { add, convertElementType, lt } from '../elementwise.js';
import { full } from '../structural.js';
import { scan } from './scan.js';
import { whileLoop } from './whileLoop.js';

export function foriLoop<T>(lower: ArrayLike, upper: ArrayLike, body: (i: Array, val: T) => T, init: HostTree<T>, opts?: { unroll?: number | boolean | null }): T {
  bindArgs('lax.foriLoop', ['unroll'], [opts]);
  if (typeof lower === 'number' && typeof upper === 'number') {
    const length = Math.max(0, upper - lower);
    const [[, out]] = scan<[Array, T], null, null>(
      ([i, val]) => [[add(i, full([], 1, int32)), body(i, val)], null],
      [full([], lower, int32), init],
      null,
      { length },
    );
    return out;
  }
  const lo = convertElementType(asArray(lower), int32);
  const hi = convertElementType(asArray(upper), int32);
  const [, , out] = whileLoop<[Array, Array, T]>(
    ([i, u]) => lt(i, u),
    ([i, u, val]) => [add(i, full([], 1, int32)), u, body(i, val)],
    [lo, hi, init],
  );
  return out;
}
