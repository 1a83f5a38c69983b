// Shapes are plain number[] (row-major), as everywhere in the API.
import { ShapeError } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapeEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeStr(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** NumPy broadcasting of several shapes. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i]!;
      if (d === out[j] || d === 1) continue;
      if (out[j] === 1) out[j] = d;
      else
        throw new ShapeError(
          `shapes ${shapes.map(shapeStr).join(', ')} do not broadcast: dimension ${d} against ${out[j]}. ` +
            'Reshape or expandDims one operand so trailing dimensions match or are 1.',
        );
    }
  }
  return out;
}

/** Normalise an axis argument against a rank (negative axes count from the end). */
export function canonicalizeAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1) || (rank === 0 && axis !== 0 && axis !== -1))
    throw new ShapeError(`axis ${axis} is out of bounds for an array of rank ${rank}; use an axis in [${-rank}, ${rank}).`);
  return axis < 0 ? axis + rank : axis;
}

export function checkShape(shape: readonly unknown[]): number[] {
  for (const d of shape)
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
      throw new ShapeError(`invalid shape [${shape.join(', ')}]: dimensions must be non-negative integers.`);
  return shape as number[];
}

/** Offsets of `dims` of a row-major array, enumerated row-major over those dims. */
export function offsetTable(shape: readonly number[], dims: number[], strides: number[]): number[] {
  const sizes = dims.map((d) => shape[d]!);
  const n = sizeOf(sizes);
  const out = new Array<number>(n);
  for (let f = 0; f < n; f++) {
    let rem = f;
    let off = 0;
    for (let q = dims.length - 1; q >= 0; q--) {
      const c = rem % sizes[q]!;
      rem = (rem - c) / sizes[q]!;
      off += c * strides[dims[q]!]!;
    }
    out[f] = off;
  }
  return out;
}
