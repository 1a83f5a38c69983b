// jnp.cov and jnp.corrcoef, as JAX defines them (frequency and analytic weights, ddof/bias).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, dtypeArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import type { DTypeLike } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { dotGeneral } from '../lax/dot.js';
import { abs, convertElementType, div, max as laxMax, min as laxMin, mul, sqrt, sub } from '../lax/elementwise.js';
import { concatenateAlong, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape, transpose } from '../lax/structural.js';
import { declare } from './declare.js';
import { average } from './statistics.js';
import { promoteInexact } from './statsHelpers.js';
import { sum } from './reductions.js';

/** cov's options (JAX's keyword arguments). */
export interface CovOptions {
  y?: ArrayLike | null;
  /** Each row is a variable (true, default) or each column. */
  rowvar?: boolean;
  /** Normalise by N (true) instead of N - 1. */
  bias?: boolean;
  /** Overrides bias: normalise by N - ddof. */
  ddof?: number | null;
  /** Integer frequency weights, one per observation. */
  fweights?: ArrayLike | null;
  /** Analytic (reliability) weights, one per observation. */
  aweights?: ArrayLike | null;
  dtype?: DTypeLike | null;
}
type O = CovOptions;
type CovArgs = [y?: ArrayLike | null | O, rowvar?: boolean | O, bias?: boolean | O, ddof?: number | null | O, fweights?: ArrayLike | null | O, aweights?: ArrayLike | null | O, dtype?: DTypeLike | null | O, opts?: O];

const atLeast2d = (x: Array): Array => (x.ndim === 0 ? reshape(x, [1, 1]) : x.ndim === 1 ? reshape(x, [1, x.shape[0]!]) : x);
/** `a @ b.T` for 2-D a and b. */
const matmulT = (a: Array, b: Array): Array => dotGeneral(a, b, { contracting: [[1], [1]], batch: [[], []] });

function weightVector(name: string, v: unknown, n: number): Array {
  const w = asArray(v as ArrayLike);
  if (w.ndim > 1) throw new ShapeError(`cov(): cannot handle multidimensional ${name} (got shape [${w.shape}]).`);
  if (w.ndim === 0 || w.shape[0] !== n) throw new ShapeError(`cov(): ${name} has ${w.ndim === 0 ? 'no axis' : w.shape[0]} entries for ${n} observations; give one per observation.`);
  return w;
}

function covariance(m: ArrayLike, rest: unknown[]): Array {
  const o = bindArgs('cov', ['y', 'rowvar', 'bias', 'ddof', 'fweights', 'aweights', 'dtype'], rest);
  const rowvar = boolArg('cov', 'rowvar', o.rowvar, true);
  const bias = boolArg('cov', 'bias', o.bias, false);
  const hasY = o.y !== undefined && o.y !== null;
  const [mm, yy] = promoteInexact(asArray(m), ...(hasY ? [asArray(o.y as ArrayLike)] : [])) as [Array, Array | undefined];
  if (mm.ndim > 2) throw new ShapeError(`cov(): m has more than 2 dimensions (shape [${mm.shape}]).`);
  if (yy && yy.ndim > 2) throw new ShapeError(`cov(): y has more than 2 dimensions (shape [${yy.shape}]).`);
  const dtype = dtypeArg(o.dtype);
  if (dtype && dtype.kind !== 'f') throw new DtypeError(`cov(): dtype must be inexact (a float dtype), got ${dtype.name}.`);
  let X = atLeast2d(mm);
  if (!rowvar && mm.ndim !== 1) X = transpose(X, [1, 0]);
  if (X.shape[0] === 0) return full([0, 0], 0, X.dtype);
  if (yy) {
    let Y = atLeast2d(yy);
    if (!rowvar && Y.shape[0] !== 1) Y = transpose(Y, [1, 0]);
    X = concatenateAlong([X, Y], 0);
  }
  const [vars, n] = [X.shape[0]!, X.shape[1]!];
  if (n === 0) return full(vars === 1 ? [] : [vars, vars], NaN, X.dtype);
  const ddof = o.ddof === undefined || o.ddof === null ? (bias ? 0 : 1) : intArg('cov', 'ddof', o.ddof);
  let w: Array | null = null;
  let aw: Array | null = null;
  if (o.fweights !== undefined && o.fweights !== null) {
    const f = weightVector('fweights', o.fweights, n);
    if (f.dtype.kind !== 'i' && f.dtype.kind !== 'u') throw new DtypeError(`cov(): fweights must be integers, got ${f.dtype.name}.`);
    w = abs(f);
  }
  if (o.aweights !== undefined && o.aweights !== null) {
    aw = abs(weightVector('aweights', o.aweights, n));
    w = w ? mulPromoted(w, aw) : aw;
  }
  if (dtype) {
    X = convertElementType(X, dtype, false);
    if (w) w = convertElementType(w, dtype, false);
  }
  const [avg, wsumAll] = average(X, 1, w, true) as [Array, Array];
  const wsum = reshape(slice(wsumAll, [0], [1]), []);
  let f: Array;
  if (!w) f = full([], n - ddof, X.dtype, true);
  else if (ddof === 0) f = wsum;
  else if (!aw) f = sub(wsum, full([], ddof, wsum.dtype, true));
  else f = sub(wsum, div(mul(full([], ddof, wsum.dtype, true), sumPromoted(w, aw)), wsum));
  const Xc = sub(X, broadcastInDim(avg, [vars, n], [0]));
  const XT = w ? mulPromoted(Xc, broadcastInDim(w, [vars, n], [1])) : Xc;
  const c = matmulT(Xc, XT);
  const q = div(c, broadcastTo(convertElementType(f, c.dtype, false), c.shape));
  return vars === 1 ? reshape(q, []) : q;
}

const broadcastTo = (x: Array, shape: number[]): Array => (x.ndim === 0 ? broadcastInDim(x, shape, []) : x);
function mulPromoted(a: Array, b: Array): Array {
  const [p, q] = promoteInexact(a, b) as [Array, Array];
  return mul(p, q);
}
function sumPromoted(a: Array, b: Array): Array {
  return sum(mulPromoted(a, b));
}

/** Estimate a covariance matrix (variables in rows unless `rowvar` is false); a 0-d array for one variable. */
export const cov = declare('cov', { arrays: 1, impl: (m: ArrayLike, ...rest: CovArgs): Array => covariance(m, rest) });

/** corrcoef's options. */
export interface CorrcoefOptions {
  y?: ArrayLike | null;
  rowvar?: boolean;
  dtype?: DTypeLike | null;
}
type C = CorrcoefOptions;

/** Return Pearson product-moment correlation coefficients (the covariance normalised by the standard deviations, clipped to [-1, 1]). */
export const corrcoef = declare('corrcoef', {
  arrays: 1,
  impl: (x: ArrayLike, ...rest: [y?: ArrayLike | null | C, rowvar?: boolean | C, dtype?: DTypeLike | null | C, opts?: C]): Array => {
    const o = bindArgs('corrcoef', ['y', 'rowvar', 'dtype'], rest);
    const c = covariance(x, [{ y: o.y, rowvar: o.rowvar, dtype: o.dtype }]);
    if (c.ndim === 0) return div(c, c);
    const k = c.shape[0]!;
    const diag = diagonal(c);
    const s = sqrt(diag);
    const r = div(div(c, broadcastInDim(s, [k, k], [0])), broadcastInDim(s, [k, k], [1]));
    return laxMin(laxMax(r, full([k, k], -1, r.dtype)), full([k, k], 1, r.dtype));
  },
});
/** The diagonal of a square matrix: its flattening's every (k+1)-th element. */
function diagonal(c: Array): Array {
  const k = c.shape[0]!;
  if (k === 0) return reshape(c, [0]);
  return slice(reshape(c, [k * k]), [0], [k * k], [k + 1]);
}
