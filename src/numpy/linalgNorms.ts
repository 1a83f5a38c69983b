// jnp.linalg's norms: vectorNorm (every ord), matrixNorm (fro, ±1, ±inf, and from the singular
// values 2, -2 and 'nuc'), and norm.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { abs, convertElementType, mul, ne, pow, sqrt } from '../lax/elementwise.js';
import { reduceMax, reduceMin, reduceSum } from '../lax/reductions.js';
import { full, reshape, transpose } from '../lax/structural.js';
import { svdRaw } from '../lax/linalg/svd.js';
import { axesOf, canonicalAxis } from './axes.js';
import { fusedEager } from './eager.js';
import { promoteDtypesInexact } from './promote.js';

type Ord = number | string | null | undefined;

/** Put back reduced axes as size 1 (keepdims). */
function keep(out: Array, x: Array, axes: number[], keepdims: boolean): Array {
  return keepdims ? reshape(out, x.shape.map((n, i) => (axes.includes(i) ? 1 : n))) : out;
}

function vectorNormOf(x: Array, axes: number[], ord: Ord): Array {
  const a = abs(x);
  const c = (v: number) => full(a.shape, v, a.dtype);
  if (ord === Infinity || ord === 'inf') return reduceMax(a, axes);
  if (ord === -Infinity || ord === '-inf') return reduceMin(a, axes);
  if (ord === 0) return reduceSum(convertElementType(ne(x, c(0)), x.dtype, false), axes);
  if (ord === 1) return reduceSum(a, axes);
  if (ord === 2 || ord === null || ord === undefined) return sqrt(reduceSum(mul(x, x), axes));
  if (typeof ord !== 'number') throw new ShapeError(`jnp.linalg.vectorNorm: invalid ord ${describe(ord)}; use a number, inf or -inf.`);
  const s = reduceSum(pow(a, c(ord)), axes);
  return pow(s, full(s.shape, 1 / ord, s.dtype));
}

function matrixNormOf(x: Array, [r, c]: [number, number], ord: Ord): Array {
  if (ord === 'fro' || ord === null || ord === undefined) return sqrt(reduceSum(mul(x, x), [r, c]));
  if (ord === 2 || ord === -2 || ord === 'nuc') {
    // JAX: the singular values of x with the two axes moved last; ord 2 is max(s, initial=0).
    const s = svdRaw(moveAxes(x, [r, c]), false, false)[0]!;
    const k = s.ndim - 1;
    if (ord === 'nuc') return reduceSum(s, [k]);
    if (s.shape[k] === 0) {
      if (ord === -2) throw new ShapeError(`jnp.linalg matrix norm ord=-2 of an empty matrix ([${x.shape}]) is undefined (a minimum of no singular values).`);
      return full(s.shape.slice(0, -1), 0, s.dtype);
    }
    return ord === 2 ? reduceMax(s, [k]) : reduceMin(s, [k]);
  }
  const sums = (axis: number) => reduceSum(abs(x), [axis]);
  // Removing one reduced axis shifts the other down when it came after.
  const after = (kept: number, removed: number) => (kept > removed ? kept - 1 : kept);
  if (ord === 1) return reduceMax(sums(r), [after(c, r)]);
  if (ord === -1) return reduceMin(sums(r), [after(c, r)]);
  if (ord === Infinity || ord === 'inf') return reduceMax(sums(c), [after(r, c)]);
  if (ord === -Infinity || ord === '-inf') return reduceMin(sums(c), [after(r, c)]);
  throw new ShapeError(`jnp.linalg: invalid matrix norm ord ${describe(ord)}; use 'fro', 'nuc', 1, -1, 2, -2, inf or -inf.`);
}

/** `x` with axes `r` and `c` moved to the end, in that order. */
function moveAxes(x: Array, [r, c]: [number, number]): Array {
  const rest = x.shape.map((_, i) => i).filter((i) => i !== r && i !== c);
  return transpose(x, [...rest, r, c]);
}

const inexact = (x: ArrayLike): Array => promoteDtypesInexact(asArray(x))[0]!;

/** Compute the vector norm of a vector or batch of vectors (`axis` null: all axes, flattened; `ord` default 2, any number, ±inf, 0 counts nonzeros). */
export const vectorNorm = fusedEager('linalg.vectorNorm', (x: ArrayLike, opts: { axis?: number | number[] | null; keepdims?: boolean; ord?: number | string } = {}): Array => {
  const o = bindArgs('jnp.linalg.vectorNorm', ['axis', 'keepdims', 'ord'], [opts]);
  const a = inexact(x);
  const axes = axesOf(a, o.axis ?? null, 'jnp.linalg.vectorNorm');
  return keep(vectorNormOf(a, axes, (o.ord ?? 2) as Ord), a, axes, boolArg('jnp.linalg.vectorNorm', 'keepdims', o.keepdims, false));
}, 1);

/** Compute the norm of a matrix or stack of matrices (the last two axes; `ord` default 'fro'). */
export const matrixNorm = fusedEager('linalg.matrixNorm', (x: ArrayLike, opts: { keepdims?: boolean; ord?: number | string } = {}): Array => {
  const o = bindArgs('jnp.linalg.matrixNorm', ['keepdims', 'ord'], [opts]);
  const a = inexact(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.matrixNorm: needs at least 2 axes, got [${a.shape}].`);
  const axes: [number, number] = [a.ndim - 2, a.ndim - 1];
  return keep(matrixNormOf(a, axes, (o.ord ?? 'fro') as Ord), a, axes, boolArg('jnp.linalg.matrixNorm', 'keepdims', o.keepdims, false));
}, 1);

/** Compute the norm of a matrix or vector (`norm(x, ord?, axis?, keepdims?)`: one axis a vector norm, two a matrix norm, none: the 2-norm of the flattened array unless x is 1-D/2-D with an ord). */
export const norm = fusedEager('linalg.norm', (x: ArrayLike, ...rest: unknown[]): Array => {
  const o = bindArgs('jnp.linalg.norm', ['ord', 'axis', 'keepdims'], rest);
  const a = inexact(x);
  const kd = boolArg('jnp.linalg.norm', 'keepdims', o.keepdims, false);
  const ord = o.ord as Ord;
  let axes: number[];
  if (o.axis === undefined || o.axis === null) {
    if (ord === null || ord === undefined || (ord === 2 && a.ndim === 1) || (ord === 'fro' && a.ndim === 2)) {
      axes = a.shape.map((_, i) => i);
      return keep(sqrt(reduceSum(mul(a, a), axes)), a, axes, kd);
    }
    if (a.ndim !== 1 && a.ndim !== 2) throw new ShapeError(`jnp.linalg.norm: an ord needs a 1-D or 2-D array or an axis, got [${a.shape}].`);
    axes = a.shape.map((_, i) => i);
  } else {
    const list = typeof o.axis === 'number' ? [o.axis] : (o.axis as number[]);
    axes = list.map((d) => canonicalAxis('jnp.linalg.norm', d, a.ndim));
  }
  if (axes.length === 1) {
    if (typeof ord === 'string' && !['inf', '-inf'].includes(ord)) throw new ShapeError(`jnp.linalg.norm: invalid ord ${describe(ord)} for a vector norm.`);
    return keep(vectorNormOf(a, axes, ord), a, axes, kd);
  }
  if (axes.length === 2 && axes[0] !== axes[1]) return keep(matrixNormOf(a, axes as [number, number], ord), a, axes, kd);
  throw new ShapeError(`jnp.linalg.norm: axis must be one axis or two distinct ones, got ${describe(o.axis)}.`);
}, 1);

