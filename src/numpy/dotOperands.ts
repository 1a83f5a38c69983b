// The operands and options shared by dot, matmul and the tensor products (products.ts).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import type { DTypeLike } from '../core/dtypes.js';
import { convertElementType } from '../lax/elementwise.js';
import { promoteDtypes } from './promote.js';

/** matmul's and dot's options. */
export interface DotOptions {
  /** Accepted for JAX compatibility: jaxpool computes at full precision of the dtype. */
  precision?: string | null | readonly unknown[];
  /** The dtype to compute and return in (e.g. float32 for int inputs). */
  preferredElementType?: DTypeLike | null;
}

/** Promote both operands, then convert them to `preferredElementType` when given (dot's, matmul's and the products' options). */
export function operands(fn: string, a: ArrayLike, b: ArrayLike, rest: unknown[]): [Array, Array] {
  const o = bindArgs(fn, ['precision', 'preferredElementType', 'outSharding'], rest, ['precision', 'preferredElementType', 'outSharding']);
  const d = dtypeArg(o.preferredElementType);
  const xs = promoteDtypes(asArray(a), asArray(b));
  return (d ? xs.map((x) => convertElementType(x, d, false)) : xs) as [Array, Array];
}
