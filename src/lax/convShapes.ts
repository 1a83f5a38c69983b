// JAX's shape helpers for convolutions and windowed reductions (conv_shape_tuple,
// conv_general_shape_tuple, conv_transpose_shape_tuple, reduce_window_shape_tuple): output
// shapes from operand shapes, without building arrays.
import { ShapeError } from '../core/errors.js';
import { argsort, type ConvDimensionNumbersLike, convDimensionNumbers, convShapeCanonical, type PaddingLike, padtypeToPads, take } from './convDims.js';
import { reduceWindowShape } from './reduceWindow.js';

const ones = (n: number) => globalThis.Array<number>(n).fill(1);

/** The output shape of a convolution of operands in canonical order (NC..., OI...): JAX's conv_shape_tuple. */
export function convShapeTuple(lhsShape: readonly number[], rhsShape: readonly number[], strides: readonly number[], pads: PaddingLike, batchGroupCount = 1): number[] {
  const n = lhsShape.length - 2;
  const p = padtypeToPads(lhsShape.slice(2), rhsShape.slice(2), strides, pads, 'lax.convShapeTuple');
  if (batchGroupCount > 1 && lhsShape[0]! % batchGroupCount) throw new ShapeError(`lax.convShapeTuple: batchGroupCount ${batchGroupCount} does not divide the batch size ${lhsShape[0]}.`);
  return convShapeCanonical(lhsShape, rhsShape, strides, p, ones(n), ones(n), batchGroupCount);
}

/** The output shape of a convolution with dimension numbers: JAX's conv_general_shape_tuple. */
export function convGeneralShapeTuple(lhsShape: readonly number[], rhsShape: readonly number[], windowStrides: readonly number[], padding: PaddingLike, dimensionNumbers: ConvDimensionNumbersLike): number[] {
  const { lhsSpec, rhsSpec, outSpec } = convDimensionNumbers(lhsShape, rhsShape, dimensionNumbers);
  return take(convShapeTuple(take(lhsShape, lhsSpec), take(rhsShape, rhsSpec), windowStrides, padding), argsort(outSpec));
}

/** The output shape of lax.convTranspose's underlying convolution, as JAX's conv_transpose_shape_tuple computes it. */
export function convTransposeShapeTuple(lhsShape: readonly number[], rhsShape: readonly number[], windowStrides: readonly number[], padding: PaddingLike, dimensionNumbers: ConvDimensionNumbersLike): number[] {
  const { lhsSpec, rhsSpec, outSpec } = convDimensionNumbers(lhsShape, rhsShape, dimensionNumbers);
  const [l, r] = [take(lhsShape, lhsSpec), take(rhsShape, rhsSpec)];
  const s = windowStrides;
  let total: number[];
  if (typeof padding === 'string') {
    // JAX's _conv_transpose_padding summed: SAME → k + s − 2, VALID → k + s − 2 + max(k − s, 0).
    const p = padding.toUpperCase();
    if (p !== 'SAME' && p !== 'VALID') throw new ShapeError(`lax.convTransposeShapeTuple: padding must be 'SAME', 'VALID' or (low, high) pairs, got '${padding}'.`);
    total = r.slice(2).map((k, i) => k + s[i]! - 2 + (p === 'VALID' ? Math.max(k - s[i]!, 0) : 0));
  } else total = padtypeToPads(l.slice(2), [], [], padding, 'lax.convTransposeShapeTuple').map(([a, b]) => a + b);
  const spatial = l.slice(2).map((d, i) => (d - 1) * s[i]! - r[2 + i]! + 2 + total[i]!);
  return take([l[0]!, r[0]!, ...spatial], argsort(outSpec));
}

/** The output shape of a windowed reduction: JAX's reduce_window_shape_tuple. */
export function reduceWindowShapeTuple(
  operandShape: readonly number[],
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: readonly (readonly [number, number])[],
  baseDilation?: readonly number[] | null,
  windowDilation?: readonly number[] | null,
): number[] {
  const n = operandShape.length;
  return reduceWindowShape('lax.reduceWindowShapeTuple', operandShape, {
    windowDimensions: [...windowDimensions],
    windowStrides: [...windowStrides],
    padding: padtypeToPads(operandShape, [], [], padding, 'lax.reduceWindowShapeTuple'),
    baseDilation: baseDilation ? [...baseDilation] : ones(n),
    windowDilation: windowDilation ? [...windowDilation] : ones(n),
  });
}
