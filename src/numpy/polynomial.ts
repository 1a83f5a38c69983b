// Polynomials as coefficient vectors, highest power first (NumPy's poly1d convention): polyval by
// Horner's rule, polyadd/polysub/polymul, polyder/polyint with their constant factors computed
// on the host, polyfit by least squares. JAX's dtype rules: polyval/polyadd keep integers, the
// rest promote to inexact.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, countArg, describe, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ConcretizationError, ShapeError } from '../core/errors.js';
import { isTracer } from '../core/trace.js';
import { add, div, mul, neg } from '../lax/elementwise.js';
import { concatenateAlong, indexAlong, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';
import { convolve } from './convolve.js';
import { declare } from './declare.js';
import { promoteArgs, promoteDtypes, promoteDtypesInexact } from './promote.js';
import { defaultFloat } from '../core/dtypes.js';
import { finfo } from './dtypeInfo.js';
import { divide, multiply, sqrt } from './elementwise.js';
import { vander } from './grids.js';
import { matmul } from './linalg.js';
import { inv } from './linalgFunctions.js';
import { lstsq } from './linalgSolvers.js';
import { outer } from './products.js';
import { sum } from './reductions.js';

function vector(fn: string, p: Array, what = 'coefficients'): Array {
  if (p.ndim !== 1) throw new ShapeError(`${fn}: the ${what} must be a 1-D array, got shape [${p.shape}].`);
  return p;
}

/** A constant vector of `p`'s dtype. */
const constants = (values: number[], like: Array): Array => asArray(values, like.dtype);

/** Evaluate a polynomial at specific values (`polyval(p, x)`, Horner's rule; integers stay integers). */
export const polyval = declare('polyval', {
  arrays: 2,
  impl: (p: ArrayLike, x: ArrayLike, ...opts: [opts?: { unroll?: number }]): Array => {
    bindArgs('polyval', ['unroll'], opts, ['unroll']);
    const [c, v] = promoteDtypes(asArray(p), asArray(x)) as [Array, Array];
    vector('polyval', c);
    let y = full(v.shape, 0, v.dtype, v.weakType && c.weakType);
    for (let i = 0; i < c.shape[0]!; i++) {
      const ci = broadcastInDim(indexAlong(c, 0, i), [...v.shape], []);
      y = add(...(promoteArgs(mul(...(promoteArgs(y, v) as [Array, Array])), ci) as [Array, Array]));
    }
    return y;
  },
});

/** Pad the shorter of two coefficient vectors with leading zeros. */
function aligned(fn: string, a: ArrayLike, b: ArrayLike): [Array, Array] {
  const [x, y] = promoteDtypes(vector(fn, asArray(a)), vector(fn, asArray(b))) as [Array, Array];
  const n = Math.max(x.shape[0]!, y.shape[0]!);
  const pad = (t: Array) => (t.shape[0] === n ? t : concatenateAlong([full([n - t.shape[0]!], 0, t.dtype, t.weakType), t], 0));
  return [pad(x), pad(y)];
}

/** Returns the sum of the two polynomials. */
export const polyadd = declare('polyadd', {
  arity: 2,
  arrays: 2,
  impl: (a1: ArrayLike, a2: ArrayLike): Array => add(...aligned('polyadd', a1, a2)),
});

/** Returns the difference of two polynomials. */
export const polysub = declare('polysub', {
  arity: 2,
  arrays: 2,
  impl: (a1: ArrayLike, a2: ArrayLike): Array => {
    const [x, y] = aligned('polysub', a1, a2);
    return add(x, neg(y));
  },
});

/** Drop leading zero coefficients (a concrete operation: a ConcretizationError under a transformation). */
function trimLeading(fn: string, p: Array): Array {
  if (isTracer(p)) throw new ConcretizationError(`${fn}: trimLeadingZeros needs concrete coefficients (the result's length depends on their values); call it outside jit/vmap/grad, or leave trimLeadingZeros false.`);
  const v = p.dataSync();
  let k = 0;
  while (k < v.length && Number(v[k]) === 0) k++;
  return slice(p, [k], [p.shape[0]!]);
}

/** Returns the product of two polynomials (a full convolution; ints promote to float). */
export const polymul = declare('polymul', {
  arrays: 2,
  fused: false,
  impl: (a1: ArrayLike, a2: ArrayLike, ...opts: [opts?: { trimLeadingZeros?: boolean }]): Array => {
    const o = bindArgs('polymul', ['trimLeadingZeros'], opts, ['trimLeadingZeros']);
    let [x, y] = promoteDtypesInexact(vector('polymul', asArray(a1)), vector('polymul', asArray(a2))) as [Array, Array];
    if (boolArg('polymul', 'trimLeadingZeros', o.trimLeadingZeros, false) && (x.shape[0]! > 1 || y.shape[0]! > 1)) [x, y] = [trimLeading('polymul', x), trimLeading('polymul', y)];
    if (x.shape[0] === 0) x = full([1], 0, x.dtype, x.weakType);
    if (y.shape[0] === 0) y = full([1], 0, y.dtype, y.weakType);
    return convolve(x, y, 'full');
  },
});

/** Returns the coefficients of the m-th derivative of a polynomial (`polyder(p, m = 1)`). */
export const polyder = declare('polyder', {
  arrays: 1,
  impl: (p: ArrayLike, ...rest: [m?: number | { m?: number }, opts?: { m?: number }]): Array => {
    const o = bindArgs('polyder', ['m'], rest);
    const m = countArg('polyder', 'm (the order of the derivative)', o.m ?? 1);
    const [c] = promoteDtypesInexact(vector('polyder', asArray(p)));
    const n = c!.shape[0]!;
    if (m === 0) return c!;
    if (m >= n) return slice(c!, [0], [0]);
    // The coefficient of x^j (j = n-1-i) gains j (j-1) … (j-m+1).
    const coeff = globalThis.Array.from({ length: n - m }, (_, i) => {
      const j = n - 1 - i;
      let f = 1;
      for (let t = 0; t < m; t++) f *= j - t;
      return f;
    });
    return mul(slice(c!, [0], [n - m]), constants(coeff, c!));
  },
});

/** Returns the coefficients of the m-th antiderivative of a polynomial (`polyint(p, m = 1, k = 0)`; k: the integration constants). */
export const polyint = declare('polyint', {
  arrays: 1,
  impl: (p: ArrayLike, ...rest: [m?: number | { m?: number; k?: ArrayLike | null }, k?: ArrayLike | null | { k?: ArrayLike | null }, opts?: { m?: number; k?: ArrayLike | null }]): Array => {
    const o = bindArgs('polyint', ['m', 'k'], rest);
    const m = countArg('polyint', 'm (the order of the integral)', intArg('polyint', 'm', o.m, 1));
    const k = asArray((o.k ?? 0) as ArrayLike);
    if (k.ndim > 1 || (k.size !== 1 && k.size !== m)) throw new ShapeError(`polyint: k must be a scalar or a rank-1 array of length 1 or m=${m}, got ${describe(o.k)}.`);
    const [c, kc] = promoteDtypesInexact(vector('polyint', asArray(p)), k) as [Array, Array];
    if (m === 0) return c;
    const kv = kc.size === 1 ? broadcastInDim(reshape(kc, []), [m], []) : reshape(kc, [m]);
    const n = c.shape[0]!;
    // Dividing the coefficient of x^j by (j+1)(j+2)…(j+m); the constants' by their own factorials.
    const coeff = globalThis.Array.from({ length: n + m }, (_, i) => {
      const top = n + m - 1 - i;
      let f = 1;
      for (let t = 0; t < m; t++) f *= Math.max(1, top - t);
      return f;
    });
    return div(concatenateAlong([c, kv], 0), constants(coeff, c));
  },
});

type PolyfitOpts = { rcond?: number | null; full?: boolean; w?: ArrayLike | null; cov?: boolean | 'unscaled' };

/** Least-squares polynomial fit (`polyfit(x, y, deg, rcond?, full?, w?, cov?)`, as JAX: columns of the Vandermonde matrix scaled to unit norm, then lstsq). Returns c (highest power first), or [c, residuals, rank, s, rcond] with `full`, or [c, covariance] with `cov`. */
export const polyfit = declare('polyfit', {
  arrays: 2,
  impl: (x: ArrayLike, y: ArrayLike, deg: number, ...rest: [rcond?: number | null | PolyfitOpts, full?: boolean | PolyfitOpts, w?: ArrayLike | null | PolyfitOpts, cov?: boolean | 'unscaled' | PolyfitOpts, opts?: PolyfitOpts]): Array | Array[] => {
    const o = bindArgs('polyfit', ['rcond', 'full', 'w', 'cov'], rest);
    const d = intArg('polyfit', 'deg', deg);
    if (d < 0) throw new ShapeError(`polyfit: deg must be >= 0, got ${d}.`);
    const order = d + 1;
    const [xa] = promoteDtypesInexact(asArray(x));
    const ya = asArray(y);
    if (xa!.ndim !== 1 || xa!.size === 0) throw new ShapeError(`polyfit: x must be a non-empty 1-D array, got shape [${xa!.shape}].`);
    if (ya.ndim < 1 || ya.ndim > 2) throw new ShapeError(`polyfit: y must be a 1-D or 2-D array, got shape [${ya.shape}].`);
    const n = xa!.shape[0]!;
    if (ya.shape[0] !== n) throw new ShapeError(`polyfit: x and y must have the same length, got ${n} and ${ya.shape[0]}.`);
    const rc = o.rcond ?? n * finfo(xa!.dtype).eps;
    if (typeof rc !== 'number') throw new ShapeError(`polyfit: rcond must be a number or null, got ${describe(o.rcond)}.`);
    let lhs = vander(xa!, order);
    let rhs = ya;
    if (o.w !== undefined && o.w !== null) {
      const [w] = promoteDtypesInexact(asArray(o.w as ArrayLike));
      if (w!.ndim !== 1 || w!.shape[0] !== n) throw new ShapeError(`polyfit: w must be a 1-D array as long as y (${n}), got shape [${w!.shape}].`);
      const col = reshape(w!, [n, 1]);
      lhs = multiply(lhs, col);
      rhs = multiply(rhs, rhs.ndim === 2 ? col : w!);
    }
    const scale = sqrt(sum(multiply(lhs, lhs), { axis: 0 }));
    lhs = divide(lhs, scale);
    const [c0, resids, rank, s] = lstsq(lhs, rhs, rc);
    const c = divide(c0, c0.ndim > 1 ? reshape(scale, [order, 1]) : scale);
    if (boolArg('polyfit', 'full', o.full, false)) return [c, resids, rank, s, asArray(rc)];
    const cov = o.cov ?? false;
    if (cov === false) return c;
    if (cov !== true && cov !== 'unscaled') throw new ShapeError(`polyfit: cov must be true, false or 'unscaled', got ${describe(cov)}.`);
    const vBase = divide(inv(matmul(lhs.T, lhs)), outer(scale, scale));
    let fac: Array;
    if (cov === 'unscaled') fac = asArray(1, defaultFloat());
    else {
      if (n <= order) throw new ShapeError(`polyfit: the number of data points (${n}) must exceed order (${order}) to scale the covariance matrix; use cov='unscaled'.`);
      fac = divide(resids, n - order);
    }
    if (ya.ndim === 1) return [c, multiply(vBase, reshape(fac, [1, 1]))];
    return [c, multiply(reshape(vBase, [order, order, 1]), reshape(fac, [1, 1, fac.size]))];
  },
});
