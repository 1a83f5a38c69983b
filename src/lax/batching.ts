// Shared vmap helpers for lax rules.
import type { Array } from '../core/array.js';
import type { BatchDim } from '../core/primitive.js';
import { broadcastInDim, moveAxis } from './structural.js';

/** Move the batch dim of `x` to 0, broadcasting unbatched values to `size`. */
export function moveBatchToFront(x: Array, d: BatchDim, size: number): Array {
  if (d === null) return broadcastInDim(x, [size, ...x.shape], x.shape.map((_, i) => i + 1));
  return d === 0 ? x : moveAxis(x, d, 0);
}

/** Batch an n-ary elementwise op: align every operand's batch dim at 0. */
export function elementwiseBatch(apply: (args: Array[]) => Array[]) {
  return (args: Array[], dims: BatchDim[]): [Array[], BatchDim[]] => {
    const first = dims.findIndex((d) => d !== null);
    const size = args[first]!.shape[dims[first]!]!;
    const same = dims.every((d, i) => d === dims[first] && args[i]!.ndim === args[first]!.ndim);
    if (same) {
      const outs = apply(args);
      return [outs, outs.map(() => dims[first]!)];
    }
    const outs = apply(args.map((a, i) => moveBatchToFront(a, dims[i]!, size)));
    return [outs, outs.map(() => 0)];
  };
}
