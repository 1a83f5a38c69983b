// Recursive (blocked) forms of LU, triangular solves and Cholesky for large matrices: each splits
// its columns in halves, factors or solves the halves by recursion (the kernels below `BASE`
// columns) and updates the rest with one matrix product, so most of the n³ work runs in the
// matmul kernel (Toledo's recursive LU; the same splits for the others). jnp.linalg chooses them
// by size (`useBlocked`); results agree with the kernels' to rounding.
import type { Array } from '../../core/array.js';
import { int32 } from '../../core/dtypes.js';
import { add, convertElementType, gt, ne, select, sub } from '../elementwise.js';
import { iota } from '../iota.js';
import { reduceMax } from '../reductions.js';
import { concatenateAlong, slice } from '../slicing.js';
import { takeAlongDim } from '../sort.js';
import { gather } from '../gather.js';
import { broadcastInDim, full, reshape } from '../structural.js';
import { block, bmm, mT } from './common.js';
import { choleskyRaw } from './cholesky.js';
import { luRaw } from './lu.js';
import { triangularSolveRaw, type TriangularSolveParams } from './triangularSolve.js';

/** Columns handled by the kernels directly (64 made twice the steps to compile and warm, for no faster warm calls). */
const BASE = 128;
/** Right-hand sides below which triangular solves stay one kernel. */
const FEW = 32;
/**
 * Square matrices from this size run the recursive forms. Measured (shared 2-core machine, A/B in
 * the same minute, each kernel a JS function of its own): a 1024² solve's first call takes ~1.0-1.4 s
 * against ~0.7-0.9 s by the getrf kernel (compiling the program's steps, V8 warming its kernels),
 * warm calls ~0.15-0.19 s against ~0.40-0.44 s in float32 (~0.25-0.36 against ~0.42-0.51 in
 * float64). At 512 warm solves also take half as long, but a first Cholesky ~4× as long (~270 ms
 * against ~66). Under heavy load the first call lost more (~3-8 s against ~1.5 s at 1024).
 */
export const BLOCKED_MIN = 1024;

/** Whether a matrix of n columns is large enough for the recursive forms. */
export const useBlocked = (n: number): boolean => n >= BLOCKED_MIN;

/** A split of n columns near the middle, on a multiple of 8 (the matmul kernel's blocks stay whole). */
const half = (n: number) => Math.max(8, Math.floor(n / 16) * 8);

/** Rows `perm` (int32 `[..., m]`) of each matrix `x` (`[..., m, c]`): one gather of whole rows (an index per row, not per element). */
export function takeRows(x: Array, perm: Array): Array {
  const nb = x.ndim - 2;
  const shape = [...perm.shape, 1];
  const index = [...x.shape.slice(0, nb).map((_, k) => iota(int32, shape, k)), reshape(perm, shape)];
  return gather(x, concatenateAlong(index, nb + 1), { axes: index.map((_, k) => k), mode: 'clip', fillValue: 0 });
}

/** The last-axis slice [lo, hi) of a stack of vectors. */
function vslice(v: Array, lo: number, hi: number): Array {
  const lead = v.shape.slice(0, -1);
  return slice(v, [...lead.map(() => 0), lo], [...lead, hi]);
}

/** LU with partial pivoting of `[..., m, n]` (m ≥ n) by recursion on column halves: [lu, pivots, permutation] as lax.linalg.lu's. */
export function luBlocked(a: Array): [Array, Array, Array] {
  const [m, n] = a.shape.slice(-2) as [number, number];
  if (n <= BASE) return luRaw(a) as [Array, Array, Array];
  const n1 = half(n);
  const [lu1, piv1, p1] = luBlocked(block(a, [0, m], [0, n1]));
  const right = takeRows(block(a, [0, m], [n1, n]), p1);
  const u12 = triangularBlocked(block(lu1, [0, n1], [0, n1]), block(right, [0, n1], [0, n - n1]), { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
  const l21 = block(lu1, [n1, m], [0, n1]);
  const s = sub(block(right, [n1, m], [0, n - n1]), bmm(l21, u12));
  const [lu2, piv2, p2] = luBlocked(s);
  const nb = a.ndim - 2;
  const lu = concatenateAlong([concatenateAlong([block(lu1, [0, n1], [0, n1]), u12], nb + 1), concatenateAlong([takeRows(l21, p2), lu2], nb + 1)], nb);
  const pivots = concatenateAlong([piv1, add(piv2, full(piv2.shape, n1, int32))], nb);
  const perm = concatenateAlong([vslice(p1, 0, n1), takeAlongDim(vslice(p1, n1, m), p2, nb)], nb);
  return [lu, pivots, perm];
}

/** triangular_solve by recursion on halves of the triangle: left-side solves split b's rows, right-side ones are solved transposed. */
export function triangularBlocked(a: Array, b: Array, p: TriangularSolveParams): Array {
  const m = a.shape[a.ndim - 1]!;
  // Few right-hand sides: the kernel's n² work is less than the recursion's steps.
  const k0 = b.shape[b.ndim - (p.leftSide ? 1 : 2)]!;
  if (m <= BASE || k0 < FEW) return triangularSolveRaw(a, b, p);
  if (!p.leftSide) return mT(triangularBlocked(a, mT(b), { ...p, leftSide: true, transposeA: !p.transposeA }));
  // op(a) lower: x₁ = op(a)₁₁⁻¹ b₁, then x₂ = op(a)₂₂⁻¹ (b₂ − op(a)₂₁ x₁); upper: the same from the bottom.
  const lower = p.lower !== p.transposeA;
  const op = (r: [number, number], c: [number, number]) => (p.transposeA ? mT(block(a, c, r)) : block(a, r, c));
  const k = b.shape[b.ndim - 1]!;
  const m1 = half(m);
  const nb = b.ndim - 2;
  const [first, second]: [[number, number], [number, number]] = lower ? [[0, m1], [m1, m]] : [[m1, m], [0, m1]];
  const diag = (r: [number, number]) => block(a, r, r);
  const x1 = triangularBlocked(diag(first), block(b, first, [0, k]), p);
  const x2 = triangularBlocked(diag(second), sub(block(b, second, [0, k]), bmm(op(second, first), x1)), p);
  return concatenateAlong(lower ? [x1, x2] : [x2, x1], nb);
}

/** The lower Cholesky factor by recursion on halves: L₁₁ = chol(A₁₁), L₂₁ = A₂₁ L₁₁⁻ᵀ, L₂₂ = chol(A₂₂ − L₂₁ L₂₁ᵀ) (lower triangles read); a matrix whose factorisation fails anywhere is NaN in all its lower triangle, as the kernel's. */
export function choleskyBlocked(a: Array): Array {
  const out = choleskyRec(a);
  const nb = a.ndim - 2;
  const lead = a.shape.slice(0, nb);
  const shape = [...a.shape];
  // NaN ≠ NaN marks a failed block.
  const failed = gt(reduceMax(convertElementType(ne(out, out), int32, false), [nb, nb + 1]), full(lead, 0, int32));
  const above = gt(iota(int32, shape, nb + 1), iota(int32, shape, nb));
  const nanLower = select(above, full(shape, 0, a.dtype), full(shape, NaN, a.dtype));
  return select(broadcastInDim(failed, shape, lead.map((_, i) => i)), nanLower, out);
}

function choleskyRec(a: Array): Array {
  const n = a.shape[a.ndim - 1]!;
  if (n <= BASE) return choleskyRaw(a);
  const n1 = half(n);
  const nb = a.ndim - 2;
  const l11 = choleskyRec(block(a, [0, n1], [0, n1]));
  const l21 = triangularBlocked(l11, block(a, [n1, n], [0, n1]), { leftSide: false, lower: true, transposeA: true, conjugateA: false, unitDiagonal: false });
  const l22 = choleskyRec(sub(block(a, [n1, n], [n1, n]), bmm(l21, mT(l21))));
  const zeros = full([...a.shape.slice(0, nb), n1, n - n1], 0, a.dtype);
  return concatenateAlong([concatenateAlong([l11, zeros], nb + 1), concatenateAlong([l21, l22], nb + 1)], nb);
}
