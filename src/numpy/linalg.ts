// dot and matmul (NumPy semantics) on top of lax.dot_general.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { dotGeneral } from '../lax/dot.js';
import { reshape } from '../lax/structural.js';
import { declare } from './declare.js';
import { multiply } from './elementwise.js';
import { type DotOptions, operands } from './dotOperands.js';
import { broadcastArray } from './promote.js';

export type { DotOptions };

/** Perform a matrix multiplication (NumPy's matmul: batched, 1-D operands promoted; `x.matmul(y)`, JAX's `x @ y`); a ShapeError for scalars or mismatched inner dimensions. */
export const matmul = declare('matmul', {
  arrays: 2,
  method: 'matmul',
  impl: (a: ArrayLike, b: ArrayLike, ...opts: [opts?: DotOptions]): Array => {
    let [x, y] = operands('matmul', a, b, opts);
    if (x.ndim === 0 || y.ndim === 0) throw new ShapeError('matmul does not accept scalars; use multiply.');
    const xv = x.ndim === 1;
    const yv = y.ndim === 1;
    if (xv) x = reshape(x, [1, x.shape[0]!]);
    if (yv) y = reshape(y, [y.shape[0]!, 1]);
    if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 2])
      throw new ShapeError(`matmul: inner dimensions differ: [${x.shape}] @ [${y.shape}]; the last axis of a must equal the second-to-last of b.`);
    const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2));
    x = broadcastArray(x, [...batch, ...x.shape.slice(-2)]);
    y = broadcastArray(y, [...batch, ...y.shape.slice(-2)]);
    const nb = batch.length;
    const bd = batch.map((_, i) => i);
    let out = dotGeneral(x, y, { contracting: [[nb + 1], [nb]], batch: [bd, bd] });
    const s = [...out.shape];
    if (yv) s.pop();
    if (xv) s.splice(s.length - (yv ? 1 : 2), 1);
    if (xv || yv) out = reshape(out, s);
    return out;
  },
});

/** Compute the dot product of two arrays (scalars multiply, 1-D·1-D is an inner product, N-D·M-D contracts the last axis with the second-to-last). */
export const dot = declare('dot', {
  arrays: 2,
  method: 'dot',
  impl: (a: ArrayLike, b: ArrayLike, ...opts: [opts?: DotOptions]): Array => {
    const [x, y] = operands('dot', a, b, opts);
    if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
    if (y.ndim <= 2) return matmul(x, y);
    const cy = y.ndim - 2;
    return dotGeneral(x, y, { contracting: [[x.ndim - 1], [cy]], batch: [[], []] });
  },
});
