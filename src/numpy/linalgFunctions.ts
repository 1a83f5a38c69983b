// `jnp.linalg` (JAX's jax.numpy.linalg): decompositions and solves on lax.linalg's primitives
// (LU, Cholesky, triangular solves), batched over leading axes, with JAX's dtype rules (integers
// promote to the default float); derivatives follow from the primitives' rules. Each function
// runs eagerly as one fused program per signature.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { abs, add, eq, exp, floor, gt, log, mul, ne, neg, select, sign, sub } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { reduceMax, reduceProd, reduceSum } from '../lax/reductions.js';
import { indexAlong, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';
import { float32, int32 } from '../core/dtypes.js';
import { cholesky as laxCholesky, symmetrize } from '../lax/linalg/cholesky.js';
import { checkMatrices, diagonalOf, mT } from '../lax/linalg/common.js';

export { diagonalOf };
import { luRaw, luTangents, permutationMatrix } from '../lax/linalg/lu.js';
import { choleskyBlocked, luBlocked, takeRows, triangularBlocked, useBlocked } from '../lax/linalg/blocked.js';
import { triangularSolveRaw } from '../lax/linalg/triangularSolve.js';
import { bmm } from '../lax/linalg/common.js';
import { convertElementType } from '../lax/elementwise.js';
import { fusedEager } from './eager.js';
import { promoteDtypesInexact } from './promote.js';
import { broadcastArray } from './promote.js';
import { dtypeArg } from '../core/args.js';
import { customJvp } from '../transforms/customJvp.js';
import { geqrf } from '../lax/linalg/householderProduct.js';

/** `x` as an inexact stack of (square) matrices, checked. */
function matrices(fn: string, x: ArrayLike, square = true): Array {
  const a = promoteDtypesInexact(asArray(x))[0]!;
  checkMatrices(`jnp.linalg.${fn}`, a.aval, square);
  return a;
}

/** LU of large square matrices by the recursive form on the matmul kernel, with lu's jvp rule. */
const luLarge = customJvp((a: Array): Array[] => luBlocked(a));
luLarge.defjvp(([a], [t]) => {
  const [lu, pivots, perm] = luLarge(a as Array) as Array[];
  return [[lu!, pivots!, perm!], luTangents(a as Array, t as Array, lu!, pivots!, perm!, { solve: triangularBlocked, takeRows })];
});

/** [lu, pivots, permutation] of square matrices: the kernel, or the recursive form when large. */
function luFactor(a: Array): Array[] {
  return useBlocked(a.shape[a.ndim - 1]!) ? (luLarge(a) as Array[]) : luRaw(a);
}

/** Solve with an LU factorisation: x = U⁻¹ L⁻¹ P b (only lu's triangles are read); large ones by the recursive solves. */
function luSolve(lu: Array, perm: Array, b: Array): Array {
  const large = useBlocked(lu.shape[lu.ndim - 1]!);
  const solve = large ? triangularBlocked : triangularSolveRaw;
  // Many right-hand sides (inv): a gather of rows, not a product with the permutation matrix.
  const pb = large || b.shape[b.ndim - 1]! >= 32 ? takeRows(b, perm) : bmm(permutationMatrix(perm, lu.dtype), b);
  const y = solve(lu, pb, { leftSide: true, lower: true, transposeA: false, conjugateA: false, unitDiagonal: true });
  return solve(lu, y, { leftSide: true, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false });
}

/** Broadcast the leading (batch) axes of two matrix stacks against each other. */
function broadcastBatch(a: Array, b: Array): [Array, Array] {
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return [broadcastArray(a, [...batch, ...a.shape.slice(-2)]), broadcastArray(b, [...batch, ...b.shape.slice(-2)])];
}

function solveImpl(x: ArrayLike, y: ArrayLike): Array {
  const [a0, b0] = promoteDtypesInexact(asArray(x), asArray(y)) as [Array, Array];
  checkMatrices('jnp.linalg.solve', a0.aval, true);
  const m = a0.shape[a0.ndim - 1]!;
  const vector = b0.ndim === 1;
  if (vector ? b0.shape[0] !== m : b0.ndim < 2 || b0.shape[b0.ndim - 2] !== m)
    throw new ShapeError(`jnp.linalg.solve: b [${b0.shape}] does not match a [${a0.shape}]: b is a vector of ${m} or a stack of ${m}-row matrices; for batched vectors use solve(a, b[..., None]).`);
  const [a, b] = broadcastBatch(a0, vector ? reshape(b0, [m, 1]) : b0);
  const [lu, , perm] = luFactor(a);
  const out = luSolve(lu!, perm!, b);
  return vector ? reshape(out, out.shape.slice(0, -1)) : out;
}

/** Solve a linear system `a x = b` (`a` `[..., m, m]`; `b` a vector `[m]` or `[..., m, n]`); singular `a` gives inf/NaN, as JAX. */
export const solve = fusedEager('linalg.solve', solveImpl, 2);

/** Return the inverse of a square matrix (`[..., m, m]`); singular matrices give inf/NaN, as JAX. */
export const inv = fusedEager('linalg.inv', (x: ArrayLike): Array => {
  const a = matrices('inv', x);
  const m = a.shape[a.ndim - 1]!;
  const eye = convertElementType(eq(broadcastInDim(iota(int32, [m]), [m, m], [0]), broadcastInDim(iota(int32, [m]), [m, m], [1])), a.dtype, false);
  const [lu, , perm] = luFactor(a);
  return luSolve(lu!, perm!, broadcastArray(eye, [...a.shape]));
}, 1);

/** The diagonal of U and (-1)^(row swaps), from the LU factorisation. */
function detParts(a: Array): { diag: Array; parity: Array } {
  const [lu, pivots] = luFactor(a);
  const ax = pivots!.ndim - 1;
  const k = pivots!.shape[ax]!;
  const swapped = convertElementType(ne(pivots!, broadcastInDim(iota(int32, [k]), [...pivots!.shape], [ax])), a.dtype, false);
  // (-1)^swaps is 1 where swaps/2 is whole (swaps ≤ k: exact in the float dtype).
  const half = mul(reduceSum(swapped, [ax]), full(pivots!.shape.slice(0, -1), 0.5, a.dtype));
  const one = full(half.shape, 1, a.dtype);
  return { diag: diagonalOf(lu!), parity: select(eq(half, floor(half)), one, neg(one)) };
}

/** Compute the determinant of an array (`[..., m, m]`): as JAX, closed forms for 2×2 and 3×3, else sign · exp(logabsdet) from LU; singular matrices give 0. */
export const det = fusedEager('linalg.det', (x: ArrayLike): Array => {
  const a = matrices('det', x);
  const n = a.shape[a.ndim - 1]!;
  const e = (i: number, j: number) => indexAlong(indexAlong(a, a.ndim - 2, i), a.ndim - 2, j);
  const prod = (...ts: [number, number][]) => ts.map(([i, j]) => e(i, j)).reduce((p, q) => mul(p, q));
  if (n === 2) return sub(prod([0, 0], [1, 1]), prod([0, 1], [1, 0]));
  if (n === 3) {
    const plus = [prod([0, 0], [1, 1], [2, 2]), prod([0, 1], [1, 2], [2, 0]), prod([0, 2], [1, 0], [2, 1])];
    const minus = [prod([0, 2], [1, 1], [2, 0]), prod([0, 0], [1, 2], [2, 1]), prod([0, 1], [1, 0], [2, 2])];
    return [...plus.slice(1), ...minus.map(neg)].reduce((p, q) => add(p, q), plus[0]!);
  }
  const [sgn, logabs] = slogdetOf(a);
  return mul(sgn, exp(logabs));
}, 1);

/** [sign, log|det|] from LU (JAX's slogdet with method 'lu'). */
function slogdetOf(a: Array): [Array, Array] {
  const { diag, parity } = detParts(a);
  const ax = diag.ndim - 1;
  const zero = full(diag.shape, 0, a.dtype);
  const isZero = reduceMax(convertElementType(eq(diag, zero), a.dtype, false), [ax]);
  const singular = gt(isZero, full(isZero.shape, 0, a.dtype)); // (an empty max is -inf: not singular)
  const logabs = reduceSum(log(abs(diag)), [ax]);
  const sgn = mul(parity, reduceProd(sign(diag), [ax]));
  return [select(singular, full(sgn.shape, 0, a.dtype), sgn), select(singular, full(sgn.shape, -Infinity, a.dtype), logabs)];
}

/** [sign, log|det|] from Householder QR (JAX's _slogdet_qr): R's diagonal, and −1 per reflection made. */
const slogdetQr = customJvp((a: Array): [Array, Array] => {
  const n = a.shape[a.ndim - 1]!;
  const [h, taus] = geqrf(a);
  const diag = diagonalOf(h);
  const ax = diag.ndim - 1;
  const logabs = reduceSum(log(abs(diag)), [ax]);
  const lead = taus.shape.slice(0, -1);
  const t = slice(taus, [...lead.map(() => 0), 0], [...lead, Math.max(0, n - 1)]);
  const flips = select(ne(t, full(t.shape, 0, a.dtype)), full(t.shape, -1, a.dtype), full(t.shape, 1, a.dtype));
  return [mul(reduceProd(sign(diag), [ax]), reduceProd(flips, [ax])), logabs];
});
// JAX's _slogdet_jvp: d log|det a| = trace(a⁻¹ ȧ); the sign's derivative is zero.
slogdetQr.defjvp(([a], [t]) => {
  const [sgn, logabs] = slogdetQr(a as Array) as [Array, Array];
  const x = solveImpl(a as Array, t as Array);
  const d = diagonalOf(x);
  return [[sgn, logabs], [full(sgn.shape, 0, sgn.dtype), reduceSum(d, [d.ndim - 1])]];
});

/** Compute the sign and natural logarithm of the determinant (`[sign, logabsdet]`, JAX's SlogdetResult as a pair; `method` 'lu' (default) or 'qr'); singular: sign 0, logabsdet -inf. */
export const slogdet = fusedEager('linalg.slogdet', (x: ArrayLike, opts: { method?: string | null } = {}): [Array, Array] => {
  const o = bindArgs('jnp.linalg.slogdet', ['method'], [opts]);
  const a = matrices('slogdet', x);
  if (o.method === 'qr') return slogdetQr(a) as [Array, Array];
  if (o.method !== undefined && o.method !== null && o.method !== 'lu')
    throw new ShapeError(`jnp.linalg.slogdet: unknown method '${String(o.method)}'; use 'lu' (or null) or 'qr'.`);
  return slogdetOf(a);
}, 1);

/** Compute the Cholesky decomposition of a positive-definite matrix (`upper`: return Lᵀ; `symmetrizeInput`, default true: use (a + aᵀ)/2); NaN where not positive definite, as JAX. */
export const cholesky = fusedEager('linalg.cholesky', (x: ArrayLike, opts: { upper?: boolean; symmetrizeInput?: boolean } = {}): Array => {
  const o = bindArgs('jnp.linalg.cholesky', ['upper', 'symmetrizeInput'], [opts]);
  const a = matrices('cholesky', x);
  const sym = boolArg('jnp.linalg.cholesky', 'symmetrizeInput', o.symmetrizeInput, true);
  // float64 products run the JS matmul kernel: at 1024 the recursion took ~2 s against the kernel's ~0.7 s.
  const l = useBlocked(a.shape[a.ndim - 1]!) && a.dtype === float32 ? choleskyBlocked(sym ? symmetrize(a) : a) : laxCholesky(a, { symmetrizeInput: sym });
  return boolArg('jnp.linalg.cholesky', 'upper', o.upper, false) ? mT(l) : l;
}, 1);

/** Return the diagonal of each matrix in a stack (the last two axes; `offset` above or below the main one). */
export const linalgDiagonal = fusedEager('linalg.diagonal', (x: ArrayLike, opts: { offset?: number } = {}): Array => {
  const o = bindArgs('jnp.linalg.diagonal', ['offset'], [opts]);
  const a = asArray(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.diagonal: needs at least 2 axes, got [${a.shape}].`);
  return diagonalOf(a, intArg('jnp.linalg.diagonal', 'offset', o.offset, 0));
}, 1);

/** Compute the trace of each matrix in a stack (sum of its diagonal; `offset`, `dtype`). */
export const linalgTrace = fusedEager('linalg.trace', (x: ArrayLike, opts: { offset?: number; dtype?: string | null } = {}): Array => {
  const o = bindArgs('jnp.linalg.trace', ['offset', 'dtype'], [opts]);
  const a = asArray(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.trace: needs at least 2 axes, got [${a.shape}].`);
  const d = dtypeArg(o.dtype);
  const diag = diagonalOf(d ? convertElementType(a, d, false) : a, intArg('jnp.linalg.trace', 'offset', o.offset, 0));
  return reduceSum(diag, [diag.ndim - 1]);
}, 1);

/** Transpose the last two axes of an array (`[..., m, n]` → `[..., n, m]`). */
export const matrixTranspose = fusedEager('linalg.matrixTranspose', (x: ArrayLike): Array => {
  const a = asArray(x);
  if (a.ndim < 2) throw new ShapeError(`jnp.linalg.matrixTranspose: needs at least 2 axes, got [${a.shape}].`);
  return mT(a);
}, 1);

