// NumPy/JAX argument handling: convert, promote dtypes (with weak types), broadcast shapes.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray, scalarType } from '../core/convert.js';
import { type DType, promoteInfos, promoteInfosInexact, type TypeInfo } from '../core/dtypes.js';
import { broadcastShapes } from '../core/shape.js';
import { convertElementType, ne } from '../lax/elementwise.js';
import { broadcastInDim, full } from '../lax/structural.js';

/** Broadcast `x` to `shape` (numpy rules: align trailing dimensions); a ShapeError when they do not broadcast. */
export function broadcastArray(x: Array, shape: number[]): Array {
  if (x.ndim === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  broadcastShapes(x.shape, shape); // throws a ShapeError when incompatible
  const lead = shape.length - x.ndim;
  if (lead < 0) broadcastShapes(shape, x.shape);
  return broadcastInDim(x, shape, x.shape.map((_, i) => i + lead));
}

/** Convert arrays to their common dtype (JAX's promotion, weak types included). */
export function promoteDtypes(...xs: Array[]): Array[] {
  const { dtype, weak } = promoteInfos(xs.map((x) => ({ dtype: x.dtype, weak: x.weakType })));
  return xs.map((x) => convertElementType(x, dtype, weak));
}

/**
 * Convert to the common dtype of `infos`' promotion. JS numbers become that dtype straight from
 * their value (not through their weak int32), so `x + -0` keeps the sign of zero on floats.
 */
function promoteConverting(args: ArrayLike[], promote: (infos: TypeInfo[]) => { dtype: DType; weak: boolean }): Array[] {
  const arrays = args.map((a) => (typeof a === 'number' ? null : asArray(a)));
  const { dtype, weak } = promote(args.map((a, i) => (arrays[i] ? { dtype: arrays[i].dtype, weak: arrays[i].weakType } : scalarType(a as number))));
  const xs = args.map((a, i) => (arrays[i] ? convertElementType(arrays[i], dtype, weak) : full([], a as number, dtype, weak)));
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => broadcastArray(x, shape));
}

/** Promote and broadcast arguments of an elementwise op. */
export function promoteArgs(...args: ArrayLike[]): Array[] {
  return promoteConverting(args, promoteInfos);
}

/** Like promoteArgs, but also lift integers/bools to the default float (true_divide, sin, ...). */
export function promoteArgsInexact(...args: ArrayLike[]): Array[] {
  // Each operand converts straight to the inexact target (uint32 4e9 is never an int32 on the way).
  return promoteConverting(args, promoteInfosInexact);
}

/** NumPy truthiness as a bool array: nonzero (NaN included) is true. */
export function truthy(x: Array): Array {
  return x.dtype.kind === 'b' ? x : ne(x, full(x.shape, 0, x.dtype, x.weakType));
}

/** Convert arrays to their common dtype, integers/bools lifted to the default float, without broadcasting (JAX's promote_dtypes_inexact). */
export function promoteDtypesInexact(...xs: Array[]): Array[] {
  const { dtype, weak } = promoteInfosInexact(xs.map((x) => ({ dtype: x.dtype, weak: x.weakType })));
  return xs.map((x) => convertElementType(x, dtype, weak));
}
