// jnp.unwrap: phase unwrapping as JAX defines it (diff, wrap each jump into [-period/2, period/2),
// add the running correction), so its derivative and batching are those of the jnp functions used.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { sliceAlong } from '../lax/associativeScan.js';
import { canonicalAxis } from './axes.js';
import { cumsum, diff } from './cumulative.js';
import { declare } from './declare.js';
import { floorDivide, remainder } from './division.js';
import { abs, add, divide, equal, greater, less, logicalAnd, subtract, where } from './elementwise.js';
import { concatenate } from './join.js';
import { promoteDtypes } from './promote.js';

/** unwrap's options (JAX's keyword arguments). */
export interface UnwrapOptions {
  discont?: ArrayLike | null;
  axis?: number;
  period?: ArrayLike;
}

/** Unwrap a periodic signal: jumps larger than `discont` (default period/2) along `axis` become their period complement. */
export const unwrap = declare('unwrap', {
  arrays: 1,
  impl: (p: ArrayLike, ...rest: [discont?: ArrayLike | null | UnwrapOptions, axis?: number | UnwrapOptions, period?: ArrayLike | UnwrapOptions, opts?: UnwrapOptions]): Array => {
    const o = bindArgs('unwrap', ['discont', 'axis', 'period'], rest);
    const [x, period] = promoteDtypes(asArray(p), asArray((o.period ?? 2 * Math.PI) as ArrayLike)) as [Array, Array];
    const axis = canonicalAxis('unwrap', o.axis ?? -1, x.ndim);
    if (x.shape[axis] === 0) return x;
    // JAX halves an integer period with floor division, so integer phases stay integers.
    const integer = x.dtype.kind === 'i' || x.dtype.kind === 'u';
    const interval = integer ? floorDivide(period, 2) : divide(period, 2);
    const discont = o.discont === undefined || o.discont === null ? divide(period, 2) : asArray(o.discont as ArrayLike);
    const dd = diff(x, { axis });
    let ddmod = subtract(remainder(add(dd, interval), period), interval);
    ddmod = where(logicalAnd(equal(ddmod, subtract(0, interval)), greater(dd, 0)), interval, ddmod);
    const correct = where(less(abs(dd), discont), 0, subtract(ddmod, dd));
    const n = x.shape[axis]!;
    return concatenate([sliceAlong(x, axis, 0, 1), add(sliceAlong(x, axis, 1, n), cumsum(correct, axis))], axis);
  },
});
