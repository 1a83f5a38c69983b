// What the callback test files share: reading results, declaring results like an argument, and
// reading what a host function received.
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

/** An array's values as a JS array (a blocking read). */
export const vals = (a: jp.Array): number[] => Array.from(a.dataSync());

/** A result declared with `x`'s shape and dtype. */
export const sds = (x: jp.Array): jp.ShapeDtypeStruct => new jp.ShapeDtypeStruct(x.shape, x.dtype);

/** The elements a host function's numjs argument holds, in storage order. */
export const host = (a: NdArray): number[] => Array.from(a.selection.data as ArrayLike<number>).slice(a.selection.offset, a.selection.offset + a.size);

/** The error a blocking read of `a` throws (null if it does not). */
export function readError(a: jp.Array): unknown {
  try {
    a.dataSync();
    return null;
  } catch (e) {
    return e;
  }
}
