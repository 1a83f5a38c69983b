// Shared pieces of the linalg primitives' rules: vmap by moving every batch dimension to the
// front, batched matmul and transposes over the last two axes, and triangular masks.
import type { Array } from '../../core/array.js';
import { asArray } from '../../core/convert.js';
import { DtypeError, ShapeError } from '../../core/errors.js';
import type { BatchDim } from '../../core/primitive.js';
import type { ShapedArray } from '../../core/aval.js';
import { moveBatchToFront } from '../batching.js';
import { dotGeneral } from '../dot.js';
import { mul } from '../elementwise.js';
import { slice } from '../slicing.js';
import { broadcastInDim, reshape, transpose } from '../structural.js';

/** vmap of a linalg primitive over leading batch dimensions: every operand's batch dim moves to the front. */
export function batchLeading<P>(apply: (args: Array[], params: P) => Array[]) {
  return (args: Array[], dims: BatchDim[], params: P): [Array[], BatchDim[]] => {
    const k = dims.findIndex((d) => d !== null);
    const size = args[k]!.shape[dims[k]!]!;
    const outs = apply(args.map((a, i) => moveBatchToFront(a, dims[i]!, size)), params);
    return [outs, outs.map(() => 0)];
  };
}

/** A float (or, when allowed, complex) matrix stack `[..., m, n]` (square when asked), else a ShapeError/DtypeError naming `fn`. */
export function checkMatrices(fn: string, a: ShapedArray, square: boolean, allowComplex = false): void {
  if (a.ndim < 2) throw new ShapeError(`${fn}: needs a matrix (or a stack of them, [..., m, n]), got ${a.str()}.`);
  if (square && a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new ShapeError(`${fn}: needs square matrices, got ${a.str()}.`);
  if (a.dtype.kind !== 'f' && !(allowComplex && a.dtype.kind === 'c')) throw new DtypeError(`${fn}: needs a floating-point operand, got ${a.dtype.name}; convert it first (jnp.linalg functions promote for you).`);
}

/** Swap the last two axes. */
export function mT(x: Array): Array {
  const p = x.shape.map((_, i) => i);
  [p[x.ndim - 2], p[x.ndim - 1]] = [x.ndim - 1, x.ndim - 2];
  return transpose(x, p);
}

/** x @ y over the last two axes, the leading ones batched (equal on both). */
export function bmm(x: Array, y: Array): Array {
  const nb = x.ndim - 2;
  const bd = x.shape.slice(0, nb).map((_, i) => i);
  return dotGeneral(x, y, { contracting: [[nb + 1], [nb]], batch: [bd, bd] });
}

/** `x` times a constant n×n mask (broadcast over leading axes): `value(i, j)` per element. */
export function maskMul(x: Array, value: (i: number, j: number) => number): Array {
  const [m, n] = [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
  const data: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data.push(value(i, j));
  const mask = reshape(asArray(data, x.dtype), [m, n]);
  return mul(x, broadcastInDim(mask, [...x.shape], [x.ndim - 2, x.ndim - 1]));
}

/** The lower (k = 0: with the diagonal; k = -1: strictly) triangle. */
export const tril = (x: Array, k = 0): Array => maskMul(x, (i, j) => (j - i <= k ? 1 : 0));
/** The upper (k = 0: with the diagonal; k = 1: strictly) triangle. */
export const triu = (x: Array, k = 0): Array => maskMul(x, (i, j) => (j - i >= k ? 1 : 0));

/** Rows [r0, r1) and columns [c0, c1) of each matrix in a stack. */
export function block(x: Array, [r0, r1]: [number, number], [c0, c1]: [number, number]): Array {
  const lead = x.shape.slice(0, -2);
  return slice(x, [...lead.map(() => 0), r0, c0], [...lead, r1, c1]);
}

/** The n×n identity broadcast over `lead`. */
export function eye(n: number, dtype: Array['dtype'], lead: readonly number[] = []): Array {
  const data: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data.push(i === j ? 1 : 0);
  return broadcastInDim(reshape(asArray(data, dtype), [n, n]), [...lead, n, n], [lead.length, lead.length + 1]);
}

/** The diagonals of the last two axes, `offset` above (or below, negative) the main one. */
export function diagonalOf(x: Array, offset = 0): Array {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const lead = x.shape.slice(0, -2);
  const k = Math.max(0, Math.min(offset >= 0 ? m : m + offset, offset >= 0 ? n - offset : n));
  const start = offset >= 0 ? offset : -offset * n;
  const flat = reshape(x, [...lead, m * n]);
  if (k === 0) return reshape(slice(flat, [...lead.map(() => 0), 0], [...lead, 0]), [...lead, 0]);
  // Diagonal elements are n + 1 apart in the row-major flattening.
  return slice(flat, [...lead.map(() => 0), start], [...lead, start + (k - 1) * (n + 1) + 1], [...lead.map(() => 1), n + 1]);
}
