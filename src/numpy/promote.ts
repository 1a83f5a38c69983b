// NumPy/JAX argument handling: convert, promote dtypes (with weak types), broadcast shapes.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { promoteInfos, promoteInfosInexact } from '../core/dtypes.js';
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

/** Promote and broadcast arguments of an elementwise op. */
export function promoteArgs(...args: ArrayLike[]): Array[] {
  const xs = promoteDtypes(...args.map((a) => asArray(a)));
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => broadcastArray(x, shape));
}

/** Like promoteArgs, but also lift integers/bools to the default float (true_divide, sin, ...). */
export function promoteArgsInexact(...args: ArrayLike[]): Array[] {
  const arrays = args.map((a) => asArray(a));
  // Each operand converts straight to the inexact target (uint32 4e9 is never an int32 on the way).
  const { dtype, weak } = promoteInfosInexact(arrays.map((x) => ({ dtype: x.dtype, weak: x.weakType })));
  const xs = arrays.map((x) => convertElementType(x, dtype, weak));
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => broadcastArray(x, shape));
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
