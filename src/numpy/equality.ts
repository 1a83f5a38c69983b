// jnp's tolerant and whole-array comparisons: isclose, allclose, arrayEqual, arrayEquiv (JAX's
// definitions: |a - b| ≤ atol + rtol·|b| in the promoted float dtype).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, realDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { abs, add, bitwiseAnd, bitwiseOr, eq, le, lt, mul, ne, sub } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { declare } from './declare.js';
import { promoteArgs, promoteArgsInexact } from './promote.js';
import { all } from './reductions.js';

const isnan = (x: Array): Array => ne(x, x);

/** isclose's and allclose's options. */
export interface IsCloseOptions {
  rtol?: number;
  atol?: number;
  /** Whether NaNs compare equal to each other. */
  equalNan?: boolean;
}
type I = IsCloseOptions;
type CloseArgs = [rtol?: number | I, atol?: number | I, equalNan?: boolean | I, opts?: I];

function closeness(fn: string, a: ArrayLike, b: ArrayLike, rest: unknown[]): Array {
  const o = bindArgs(fn, ['rtol', 'atol', 'equalNan'], rest);
  const tol = (name: string, v: unknown, dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number') throw new TypeError(`${fn}(): '${name}' must be a number.`);
    return v;
  };
  const [rtol, atol] = [tol('rtol', o.rtol, 1e-5), tol('atol', o.atol, 1e-8)];
  const equalNan = boolArg(fn, 'equalNan', o.equalNan, false);
  promoteArgs(a, b); // shapes and dtypes first, so a mismatch names this function's operands
  const [x, y] = promoteArgsInexact(a, b) as [Array, Array];
  // Tolerances compare magnitudes: real even for complex operands.
  const c = (v: number) => full(x.shape, v, realDtype(x.dtype));
  const finite = lt(abs(y), c(Infinity));
  const inRange = le(abs(sub(x, y)), add(c(atol), mul(c(rtol), abs(y))));
  const out = bitwiseOr(eq(x, y), bitwiseAnd(finite, inRange));
  return equalNan ? bitwiseOr(out, bitwiseAnd(isnan(x), isnan(y))) : out;
}

/** Check if the elements of two arrays are approximately equal: `|a - b| ≤ atol + rtol·|b|` elementwise (NaNs equal with `equalNan`). */
export const isclose = declare('isclose', { arrays: 2, impl: (a: ArrayLike, b: ArrayLike, ...rest: CloseArgs): Array => closeness('isclose', a, b, rest) });
/** Check if two arrays are element-wise approximately equal within a tolerance (a 0-d bool array). */
export const allclose = declare('allclose', { arrays: 2, impl: (a: ArrayLike, b: ArrayLike, ...rest: CloseArgs): Array => all(closeness('allclose', a, b, rest)) });

/** arrayEqual's options. */
export interface ArrayEqualOptions {
  equalNan?: boolean;
}

/** Check if two arrays are element-wise equal: false for different shapes (NaNs equal with `equalNan`). */
export const arrayEqual = declare('arrayEqual', {
  arrays: 2,
  impl: (a1: ArrayLike, a2: ArrayLike, ...rest: [equalNan?: boolean | ArrayEqualOptions, opts?: ArrayEqualOptions]): Array => {
    const o = bindArgs('arrayEqual', ['equalNan'], rest);
    const [x, y] = [asArray(a1), asArray(a2)];
    if (x.ndim !== y.ndim || x.shape.some((d, k) => d !== y.shape[k])) return full([], false, bool);
    const [p, q] = promoteArgs(x, y) as [Array, Array];
    let same = eq(p, q);
    if (boolArg('arrayEqual', 'equalNan', o.equalNan, false)) same = bitwiseOr(same, bitwiseAnd(isnan(p), isnan(q)));
    return all(same);
  },
});

/** Check if two arrays are element-wise equal after broadcasting: false when their shapes do not broadcast. */
export const arrayEquiv = declare('arrayEquiv', {
  arity: 2,
  arrays: 2,
  impl: (a1: ArrayLike, a2: ArrayLike): Array => {
    const [x, y] = [asArray(a1), asArray(a2)];
    try {
      broadcastShapes(x.shape, y.shape);
    } catch (e) {
      if (e instanceof ShapeError) return full([], false, bool);
      throw e;
    }
    const [p, q] = promoteArgs(x, y) as [Array, Array];
    return all(eq(p, q));
  },
});
