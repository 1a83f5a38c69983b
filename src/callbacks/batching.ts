// The one batching rule for callbacks' vmap methods (JAX's callback._callback_batching_rule).
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { TransformError } from '../core/errors.js';
import type { BatchDim } from '../core/primitive.js';
import { moveBatchToFront } from '../lax/batching.js';
import { full, reshape } from '../lax/structural.js';
import { concatenateAlong, indexAlong } from '../lax/slicing.js';

export type VmapMethod = 'sequential' | 'expand_dims' | 'broadcast_all' | 'legacy_vectorized';
export const vmapMethods: readonly VmapMethod[] = ['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'];

/**
 * Batch a callback call. `call(args, resultAvals)` binds the callback primitive again at the
 * level below with the given operands and result avals.
 */
export function callbackBatch(
  method: VmapMethod | null,
  name: string,
  args: Array[],
  dims: BatchDim[],
  resultAvals: ShapedArray[],
  call: (args: Array[], resultAvals: ShapedArray[]) => Array[],
): [Array[], BatchDim[]] {
  const k = dims.findIndex((d) => d !== null);
  const n = args[k]!.shape[dims[k]!]!;
  const batchedAvals = resultAvals.map((a) => a.update({ shape: [n, ...a.shape] }));
  switch (method) {
    case null:
      throw new TransformError(
        `vmap of ${name} needs a vmapMethod: pass {vmapMethod: 'sequential'} (one call per element), 'expand_dims', 'broadcast_all' or 'legacy_vectorized' (vectorized: true) to say how the callback handles a batch.`,
      );
    case 'sequential': {
      // An empty batch calls nothing (like lax.map over zero elements).
      if (n === 0) {
        const outs = batchedAvals.map((a) => full(a.shape, 0, a.dtype));
        return [outs, outs.map(() => 0)];
      }
      const perElem = globalThis.Array.from({ length: n }, (_, i) => call(args.map((a, j) => (dims[j] === null ? a : indexAlong(a, dims[j]!, i))), resultAvals));
      const outs = resultAvals.map((a, r) => concatenateAlong(perElem.map((o) => reshape(o[r]!, [1, ...a.shape])), 0));
      return [outs, outs.map(() => 0)];
    }
    case 'expand_dims': {
      const moved = args.map((a, j) => (dims[j] === null ? reshape(a, [1, ...a.shape]) : moveBatchToFront(a, dims[j]!, n)));
      const outs = call(moved, batchedAvals);
      return [outs, outs.map(() => 0)];
    }
    case 'broadcast_all': {
      const moved = args.map((a, j) => moveBatchToFront(a, dims[j]!, n));
      const outs = call(moved, batchedAvals);
      return [outs, outs.map(() => 0)];
    }
    case 'legacy_vectorized': {
      const moved = args.map((a, j) => (dims[j] === null ? a : moveBatchToFront(a, dims[j]!, n)));
      const outs = call(moved, batchedAvals);
      return [outs, outs.map(() => 0)];
    }
  }
}
