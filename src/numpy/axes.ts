// Axis arguments of jnp functions: one axis or several, negative ones counted from the end.
import type { Array } from '../core/array.js';
import { describe } from '../core/args.js';
import { ShapeError } from '../core/errors.js';

/** An axis argument: one axis, several, or null for all. */
export type Axis = number | number[] | null | undefined;

/** The reduced axes of `x`, sorted: every axis for null; integers in range, no repeats (else a ShapeError). */
export function axesOf(x: Array, axis: unknown, fn = 'reduction'): number[] {
  if (axis === null || axis === undefined) return x.shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!globalThis.Array.isArray(list)) throw new ShapeError(`${fn}(): axis must be an integer, a list of integers or null, got ${describe(axis)}.`);
  const axes = list.map((a) => canonicalAxis(fn, a, x.ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${fn}(): duplicate value in 'axis': ${describe(list)}.`);
  return axes.sort((a, b) => a - b);
}

/** One axis of a rank-`rank` array, negative counting from the end; a ShapeError when out of range. */
export function canonicalAxis(fn: string, a: unknown, rank: number): number {
  if (typeof a !== 'number' || !Number.isInteger(a)) throw new ShapeError(`${fn}(): an axis must be an integer, got ${describe(a)}.`);
  if (a < -rank || a >= rank) throw new ShapeError(`${fn}(): axis ${a} is out of bounds for an array of rank ${rank}; use an axis in [${-rank}, ${rank}).`);
  return a < 0 ? a + rank : a;
}

/** `range(a, b)`: the integers a, a+1, …, b-1. */
export const range = (a: number, b: number): number[] => globalThis.Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);
