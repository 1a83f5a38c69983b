// The convolution functions of `lax` with JAX's signatures: convGeneralDilated resolves padding
// strings and dimension numbers and binds the primitive; conv, convWithGeneralPadding and
// convTranspose are JAX's convenience wrappers over it.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe, dtypeArg, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { convRaw, convGeneralDilatedP, type ConvParams } from './conv.js';
import { type ConvDimensionNumbers, type ConvDimensionNumbersLike, convDimensionNumbers, dilateDim, type PaddingLike, padtypeToPads, positiveList, take } from './convDims.js';
import { convertElementType, eq } from './elementwise.js';
import { rev } from './slicing.js';
import { broadcastInDim, reshape, transpose } from './structural.js';
import { iota } from './iota.js';
import { type DType, int32 } from '../core/dtypes.js';

export { convGeneralDilatedP, type ConvDimensionNumbers, type ConvDimensionNumbersLike, type PaddingLike };
export { convDimensionNumbers, convGeneralPermutations, padtypeToPads } from './convDims.js';

/** The options of convGeneralDilated (JAX's keyword arguments). */
export interface ConvGeneralDilatedOptions {
  lhsDilation?: readonly number[] | null;
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  featureGroupCount?: number;
  batchGroupCount?: number;
  /** Accepted for JAX compatibility: every convolution accumulates in float64 (integers in their dtype). */
  precision?: unknown;
  preferredElementType?: string | null;
}

const NAMES = ['lhsDilation', 'rhsDilation', 'dimensionNumbers', 'featureGroupCount', 'batchGroupCount', 'precision', 'preferredElementType'] as const;

/**
 * General n-dimensional convolution with dilations, feature and batch groups and dimension
 * numbers (`lax.convGeneralDilated(lhs, rhs, windowStrides, padding, lhsDilation?, rhsDilation?,
 * dimensionNumbers?, featureGroupCount?, batchGroupCount?, precision?, preferredElementType?)`).
 */
export function convGeneralDilated(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: PaddingLike, ...rest: unknown[]): Array {
  const fn = 'lax.convGeneralDilated';
  const o = bindArgs(fn, NAMES, rest);
  let l = asArray(lhs);
  let r = asArray(rhs);
  const dn = convDimensionNumbers(l.shape, r.shape, o.dimensionNumbers as ConvDimensionNumbersLike);
  const S = l.ndim - 2;
  const strides = positiveList(fn, 'windowStrides', windowStrides ?? [], S);
  const lhsDilation = positiveList(fn, 'lhsDilation', o.lhsDilation, S);
  const rhsDilation = positiveList(fn, 'rhsDilation', o.rhsDilation, S);
  if (r.ndim !== l.ndim) throw new ShapeError(`${fn}: lhs and rhs must have the same rank, got shapes [${l.shape}] and [${r.shape}].`);
  let pads: [number, number][];
  if (typeof padding === 'string') {
    if (lhsDilation.some((d) => d !== 1))
      throw new ShapeError(`${fn}: string padding is not implemented for transposed convolution (lhsDilation [${lhsDilation}]); give explicit (low, high) pairs or use lax.convTranspose.`);
    const window = take(r.shape, dn.rhsSpec).slice(2).map((k, i) => dilateDim(k, rhsDilation[i]!));
    pads = padtypeToPads(take(l.shape, dn.lhsSpec).slice(2), window, strides, padding, fn);
  } else pads = padtypeToPads(take(l.shape, dn.lhsSpec).slice(2), [], [], padding, fn);
  const pref = dtypeArg(o.preferredElementType);
  if (pref) [l, r] = [convertElementType(l, pref, false), convertElementType(r, pref, false)];
  const p: ConvParams = {
    windowStrides: strides,
    padding: pads,
    lhsDilation,
    rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: intArg(fn, 'featureGroupCount', o.featureGroupCount, 1),
    batchGroupCount: intArg(fn, 'batchGroupCount', o.batchGroupCount, 1),
  };
  return convRaw(l, r, p);
}

/** Convolution with NCHW / OIHW layouts and 'SAME' or 'VALID' padding (`lax.conv(lhs, rhs, windowStrides, padding, precision?, preferredElementType?)`). */
export function conv(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: PaddingLike, ...rest: unknown[]): Array {
  const o = bindArgs('lax.conv', ['precision', 'preferredElementType'], rest);
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { precision: o.precision, preferredElementType: o.preferredElementType });
}

/** Convolution with NCHW / OIHW layouts, any padding and dilations (`lax.convWithGeneralPadding(lhs, rhs, windowStrides, padding, lhsDilation, rhsDilation, precision?, preferredElementType?)`). */
export function convWithGeneralPadding(lhs: ArrayLike, rhs: ArrayLike, windowStrides: readonly number[], padding: PaddingLike, ...rest: unknown[]): Array {
  const o = bindArgs('lax.convWithGeneralPadding', ['lhsDilation', 'rhsDilation', 'precision', 'preferredElementType'], rest);
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { lhsDilation: o.lhsDilation, rhsDilation: o.rhsDilation, precision: o.precision, preferredElementType: o.preferredElementType } as ConvGeneralDilatedOptions);
}

/** Padding of the transposed convolution for one dimension (JAX's _conv_transpose_padding). */
function transposePadding(k: number, s: number, padding: string | readonly [number, number]): [number, number] {
  let padLen: number;
  let padA: number;
  if (padding === 'SAME') {
    padLen = k + s - 2;
    padA = s > k - 1 ? k - 1 : Math.ceil(padLen / 2);
  } else if (padding === 'VALID') {
    padLen = k + s - 2 + Math.max(k - s, 0);
    padA = k - 1;
  } else if (globalThis.Array.isArray(padding)) {
    const pads = padding.map((p) => k - p - 1);
    padA = pads[0]!;
    padLen = pads[0]! + pads[1]!;
  } else throw new ShapeError(`lax.convTranspose: invalid padding mode ${describe(padding)}; expected 'SAME', 'VALID' or (low, high) pairs.`);
  return [padA, padLen - padA];
}

const TRANSPOSE_DEFAULTS: Record<number, [string, string, string]> = { 2: ['NC', 'IO', 'NC'], 3: ['NHC', 'HIO', 'NHC'], 4: ['NHWC', 'HWIO', 'NHWC'], 5: ['NHWDC', 'HWDIO', 'NHWDC'] };

/**
 * The N-d "transposed" convolution, fractionally strided (`lax.convTranspose(lhs, rhs, strides,
 * padding, rhsDilation?, dimensionNumbers?, transposeKernel?, precision?, preferredElementType?,
 * useConsistentPadding?)`); layouts default to TensorFlow's (NHWC, HWIO, NHWC).
 */
export function convTranspose(lhs: ArrayLike, rhs: ArrayLike, strides: readonly number[], padding: PaddingLike, ...rest: unknown[]): Array {
  const fn = 'lax.convTranspose';
  const o = bindArgs(fn, ['rhsDilation', 'dimensionNumbers', 'transposeKernel', 'precision', 'preferredElementType', 'useConsistentPadding'], rest);
  const l = asArray(lhs);
  let r = asArray(rhs);
  if (l.ndim !== r.ndim || l.ndim < 2) throw new ShapeError(`${fn}: lhs and rhs must have the same rank (at least 2), got shapes [${l.shape}] and [${r.shape}].`);
  let dnArg = o.dimensionNumbers as ConvDimensionNumbersLike;
  if (dnArg === undefined || dnArg === null) {
    dnArg = TRANSPOSE_DEFAULTS[l.ndim];
    if (!dnArg) throw new ShapeError(`${fn}: no default dimension numbers for rank ${l.ndim}; pass dimensionNumbers.`);
  }
  const dn = convDimensionNumbers(l.shape, r.shape, dnArg);
  const S = l.ndim - 2;
  const s = positiveList(fn, 'strides', strides, S);
  const rhsDilation = positiveList(fn, 'rhsDilation', o.rhsDilation, S);
  const consistent = boolArg(fn, 'useConsistentPadding', o.useConsistentPadding, false);
  let pads: PaddingLike = padding;
  if (consistent || padding === 'SAME' || padding === 'VALID') {
    const ks = take(r.shape, dn.rhsSpec).slice(2).map((k, i) => dilateDim(k, rhsDilation[i]!));
    if (typeof padding !== 'string' && (!globalThis.Array.isArray(padding) || padding.length !== S))
      throw new ShapeError(`${fn}: padding must be 'SAME', 'VALID' or ${S} (low, high) pairs, got ${describe(padding)}.`);
    pads = ks.map((k, i) => transposePadding(k, s[i]!, typeof padding === 'string' ? padding : padding[i]!));
  }
  if (boolArg(fn, 'transposeKernel', o.transposeKernel, false)) {
    // Flip the spatial dimensions and swap the kernel's input and output features.
    r = rev(r, dn.rhsSpec.slice(2));
    const perm = r.shape.map((_, i) => (i === dn.rhsSpec[0] ? dn.rhsSpec[1]! : i === dn.rhsSpec[1] ? dn.rhsSpec[0]! : i));
    r = transpose(r, perm);
  }
  return convGeneralDilated(l, r, s.map(() => 1), pads, { lhsDilation: s, rhsDilation, dimensionNumbers: dn, precision: o.precision, preferredElementType: o.preferredElementType } as ConvGeneralDilatedOptions);
}

/**
 * The patches a convolution with a kernel of `filterShape` would see (`lax.convGeneralDilatedPatches(lhs,
 * filterShape, windowStrides, padding, lhsDilation?, rhsDilation?, dimensionNumbers?, precision?,
 * preferredElementType?)`): the feature dimension becomes C·prod(filterShape), feature-major.
 */
export function convGeneralDilatedPatches(lhs: ArrayLike, filterShape: readonly number[], windowStrides: readonly number[], padding: PaddingLike, ...rest: unknown[]): Array {
  const fn = 'lax.convGeneralDilatedPatches';
  const o = bindArgs(fn, ['lhsDilation', 'rhsDilation', 'dimensionNumbers', 'precision', 'preferredElementType'], rest);
  const l = asArray(lhs);
  if (!globalThis.Array.isArray(filterShape) || filterShape.some((d) => !Number.isInteger(d) || d < 0))
    throw new ShapeError(`${fn}: filterShape must be a list of non-negative integers, got ${describe(filterShape)}.`);
  const dn = convDimensionNumbers(l.shape, [1, 1, ...filterShape], o.dimensionNumbers as ConvDimensionNumbersLike);
  const size = filterShape.reduce((a, b) => a * b, 1);
  const C = l.shape[dn.lhsSpec[1]!]!;
  // One output feature per (input feature, filter position): an identity kernel, grouped per feature.
  let w = broadcastInDim(eye(size, l.dtype), [C, size, size], [1, 2]);
  w = reshape(w, [C * size, 1, ...filterShape]);
  const { rhsSpec } = dn;
  // Move axes 0 and 1 to rhsSpec[0] and rhsSpec[1], the filter axes keeping their order.
  let next = 2;
  const perm = w.shape.map((_, i) => (i === rhsSpec[0] ? 0 : i === rhsSpec[1] ? 1 : next++));
  w = transpose(w, perm);
  return convGeneralDilated(l, w, windowStrides, padding, {
    lhsDilation: o.lhsDilation,
    rhsDilation: o.rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: C,
    preferredElementType: o.preferredElementType,
  } as ConvGeneralDilatedOptions);
}

/** The n×n identity of dtype `d`. */
function eye(n: number, d: DType): Array {
  const i = iota(int32, [n, n], 0);
  const j = iota(int32, [n, n], 1);
  return convertElementType(eq(i, j), d, false);
}
