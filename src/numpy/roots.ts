// jnp.roots as JAX's (jax/_src/numpy/polynomial.py): the eigenvalues of the companion matrix,
// complex whatever the roots; leading zeros stripped on the host (strip_zeros, the default: not
// traceable), or kept under tracing as NaN roots, the zero roots sorted last.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { complexDtype, int32 } from '../core/dtypes.js';
import { ConcretizationError, ShapeError } from '../core/errors.js';
import { isTracer } from '../core/trace.js';
import { complex } from '../lax/complex.js';
import { add, bitwiseAnd, convertElementType, div, eq, lt, ne, neg, rem, select } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { eigPlanes } from '../lax/linalg/eig.js';
import { reduceMin } from '../lax/reductions.js';
import { concatenateAlong, indexAlong, slice } from '../lax/slicing.js';
import { sortMany, takeAlongDim } from '../lax/sort.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';
import { declare } from './declare.js';
import { promoteDtypesInexact } from './promote.js';

/** The n − 1 roots of p (p[0] ≠ 0 assumed) as [re, im]: eigenvalues of the companion matrix. */
function companionRoots(p: Array): [Array, Array] {
  const n = p.shape[0]!;
  const top = reshape(neg(div(slice(p, [1], [n]), broadcastInDim(indexAlong(p, 0, 0), [n - 1], []))), [1, n - 1]);
  const shift = convertElementType(eq(iota(int32, [n - 2, n - 1], 1), iota(int32, [n - 2, n - 1], 0)), p.dtype, false);
  return eigPlanes(concatenateAlong([top, shift], 0), false, false).w;
}

/** Roots with `lead` (traced) leading zeros kept: the polynomial rolled left by `lead`, its zero roots sorted last, the last `lead` roots NaN. */
function rootsKeepingZeros(p: Array, lead: Array): [Array, Array] {
  const n = p.shape[0]!;
  const all = eq(lead, full([], n, int32));
  const q = select(broadcastInDim(all, [n], []), full([n], 1, p.dtype), p);
  const idx = rem(add(iota(int32, [n]), broadcastInDim(lead, [n], [])), full([n], n, int32));
  const [re, im] = companionRoots(takeAlongDim(q, idx, 0));
  const zero = full([n - 1], 0, re.dtype);
  const isZero = convertElementType(bitwiseAnd(eq(re, zero), eq(im, zero)), int32, false);
  const [, sr, si] = sortMany([isZero, re, im], 0, true, 1) as [Array, Array, Array];
  const kept = lt(iota(int32, [n - 1]), broadcastInDim(add(neg(lead), full([], n - 1, int32)), [n - 1], []));
  const nan = full([n - 1], NaN, re.dtype);
  return [select(kept, sr, nan), select(kept, si, nan)];
}

/** Return the roots of a polynomial with (real or complex) coefficients `p` (highest power first), complex; `stripZeros` (default true) drops leading zeros (needs concrete `p`; false: their roots are NaN, as JAX's). */
export const roots = declare('roots', {
  arrays: 1,
  // Stripping reads the coefficients: eager calls run op by op, on concrete values.
  fused: false,
  impl: (x: ArrayLike, ...rest: [opts?: { stripZeros?: boolean }]): Array => {
    // strip_zeros is keyword-only in JAX.
    const o = bindArgs('roots', ['stripZeros'], rest, ['stripZeros']);
    const strip = boolArg('roots', 'stripZeros', o.stripZeros, true);
    let p = promoteDtypesInexact(asArray(x))[0]!;
    if (p.ndim === 0) p = reshape(p, [1]);
    if (p.ndim !== 1) throw new ShapeError(`roots: the coefficients must be a rank-1 array, got shape [${p.shape}].`);
    const n = p.shape[0]!;
    const cdtype = p.dtype.kind === 'c' ? p.dtype : complexDtype(p.dtype);
    const empty = () => convertElementType(full([0], 0, p.dtype), cdtype, false);
    if (n < 2) return empty();
    if (!strip) {
      const iotaN = iota(int32, [n]);
      const lead = reduceMin(select(ne(p, full([n], 0, p.dtype)), iotaN, full([n], n, int32)), [0]);
      const [re, im] = rootsKeepingZeros(p, lead);
      return complex(re, im);
    }
    if (isTracer(p)) throw new ConcretizationError('roots: stripping leading zeros needs concrete coefficients; under jit (or other tracing) pass { stripZeros: false }, and leading zeros give NaN roots.');
    const nonzero = globalThis.Array.from(ne(p, full([n], 0, p.dtype)).dataSync() as unknown as globalThis.ArrayLike<number>, Boolean);
    const lead = nonzero.indexOf(true);
    const q = lead < 0 ? slice(p, [n], [n]) : slice(p, [lead], [n]);
    if (q.shape[0]! < 2) return empty();
    const [re, im] = companionRoots(q);
    return complex(re, im);
  },
});
