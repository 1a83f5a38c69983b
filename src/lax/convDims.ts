// Convolution geometry as JAX states it (lax/convolution.py): dimension numbers as permutations
// to the canonical (batch, feature, spatial...) order, padding strings resolved to (low, high)
// pairs, and the output shape. Shared by the conv primitive, its public wrappers and reduceWindow.
import { describe } from '../core/args.js';
import { ShapeError } from '../core/errors.js';

/**
 * JAX's ConvDimensionNumbers: each spec lists dimension numbers in the canonical order —
 * lhs `(batch, feature, spatial...)`, rhs `(out feature, in feature, spatial...)`, out
 * `(batch, feature, spatial...)`.
 */
export interface ConvDimensionNumbers {
  lhsSpec: number[];
  rhsSpec: number[];
  outSpec: number[];
}

/** Dimension numbers as JAX takes them: null (NCHW / OIHW / NCHW), three layout strings, or ConvDimensionNumbers. */
export type ConvDimensionNumbersLike = null | undefined | readonly [string, string, string] | ConvDimensionNumbers;

/** A padding argument: 'SAME', 'SAME_LOWER', 'VALID', or one (low, high) pair per spatial dimension. */
export type PaddingLike = string | readonly (readonly [number, number])[];

const range = (n: number) => globalThis.Array.from({ length: n }, (_, i) => i);

/** Whether `v` is ConvDimensionNumbers (three integer lists). */
export function isConvDimensionNumbers(v: unknown): v is ConvDimensionNumbers {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return ['lhsSpec', 'rhsSpec', 'outSpec'].every((k) => globalThis.Array.isArray(o[k]) && (o[k] as unknown[]).every((d) => Number.isInteger(d)));
}

/** The permutations of three layout strings such as ('NHWC', 'HWIO', 'NHWC') (JAX's conv_general_permutations). */
export function convGeneralPermutations(dimensionNumbers: readonly [string, string, string]): [number[], number[], number[]] {
  const [lhs, rhs, out] = dimensionNumbers;
  const pairs: [string, string][] = [['N', 'C'], ['O', 'I'], ['N', 'C']];
  dimensionNumbers.forEach((spec, i) => {
    const [a, b] = pairs[i]!;
    if (spec.split(a).length !== 2 || spec.split(b).length !== 2)
      throw new ShapeError(`convolution dimension_numbers[${i}] must contain the characters '${a}' and '${b}' exactly once, got '${spec}'.`);
    if (new Set(spec).size !== spec.length) throw new ShapeError(`convolution dimension_numbers[${i}] cannot have duplicate characters, got '${spec}'.`);
  });
  const spatial = (spec: string, [a, b]: [string, string]) => [...spec].filter((c) => c !== a && c !== b).sort().join();
  if (spatial(lhs, pairs[0]!) !== spatial(rhs, pairs[1]!) || spatial(out, pairs[2]!) !== spatial(rhs, pairs[1]!))
    throw new ShapeError(`convolution dimension_numbers must each have the same set of spatial characters, got ('${lhs}', '${rhs}', '${out}').`);
  // Spatial dimensions follow the order in which the rhs spec names them.
  const perm = (spec: string, [a, b]: [string, string]) => {
    const sp = range(spec.length).filter((i) => spec[i] !== a && spec[i] !== b);
    if (spec !== rhs) sp.sort((i, j) => rhs.indexOf(spec[i]!) - rhs.indexOf(spec[j]!));
    return [spec.indexOf(a), spec.indexOf(b), ...sp];
  };
  return [perm(lhs, pairs[0]!), perm(rhs, pairs[1]!), perm(out, pairs[2]!)];
}

/** Dimension numbers in canonical form for operands of these shapes (JAX's conv_dimension_numbers). */
export function convDimensionNumbers(lhsShape: readonly number[], rhsShape: readonly number[], dimensionNumbers?: ConvDimensionNumbersLike): ConvDimensionNumbers {
  if (isConvDimensionNumbers(dimensionNumbers)) {
    const { lhsSpec, rhsSpec, outSpec } = dimensionNumbers;
    for (const [name, spec, n] of [['lhsSpec', lhsSpec, lhsShape.length], ['rhsSpec', rhsSpec, rhsShape.length], ['outSpec', outSpec, lhsShape.length]] as const)
      if (spec.length !== n || [...spec].sort((a, b) => a - b).some((d, i) => d !== i))
        throw new ShapeError(`convolution dimension numbers: ${name} [${spec}] must be a permutation of the ${n} dimensions.`);
    return { lhsSpec: [...lhsSpec], rhsSpec: [...rhsSpec], outSpec: [...outSpec] };
  }
  if (lhsShape.length !== rhsShape.length)
    throw new ShapeError(`convolution requires lhs and rhs ndim to be equal, got ${lhsShape.length} (shape [${lhsShape}]) and ${rhsShape.length} (shape [${rhsShape}]).`);
  if (lhsShape.length < 2) throw new ShapeError(`convolution operands need a batch and a feature dimension (rank >= 2), got shape [${lhsShape}].`);
  if (dimensionNumbers === null || dimensionNumbers === undefined) {
    const iota = range(lhsShape.length);
    return { lhsSpec: iota, rhsSpec: [...iota], outSpec: [...iota] };
  }
  if (!globalThis.Array.isArray(dimensionNumbers) || dimensionNumbers.length !== 3 || dimensionNumbers.some((s) => typeof s !== 'string'))
    throw new ShapeError(`convolution dimension_numbers must be null, three layout strings such as ['NHWC', 'HWIO', 'NHWC'], or { lhsSpec, rhsSpec, outSpec }; got ${describe(dimensionNumbers)}.`);
  dimensionNumbers.forEach((s, i) => {
    if (s.length !== lhsShape.length)
      throw new ShapeError(`convolution dimension_numbers[${i}] must have length equal to the ndim of lhs and rhs, got '${s}' for shapes [${lhsShape}] and [${rhsShape}].`);
  });
  const [lhsSpec, rhsSpec, outSpec] = convGeneralPermutations(dimensionNumbers as readonly [string, string, string]);
  return { lhsSpec, rhsSpec, outSpec };
}

/** max(0, 1 + dilation·(d − 1)): a dimension's size after dilation. */
export const dilateDim = (d: number, dilation: number): number => (d === 0 ? 0 : Math.max(0, 1 + dilation * (d - 1)));
/** max(0, (d − window) / stride + 1), floored: the number of windows. */
export const strideDim = (d: number, window: number, stride: number): number => (d < window ? 0 : Math.floor((d - window) / stride) + 1);

/** Resolve a padding string to (low, high) pairs (JAX's padtype_to_pads); explicit pairs are checked and returned. */
export function padtypeToPads(inShape: readonly number[], windowShape: readonly number[], windowStrides: readonly number[], padding: PaddingLike, fn = 'padtypeToPads'): [number, number][] {
  if (typeof padding === 'string') {
    const p = padding.toUpperCase();
    if (p === 'VALID') return inShape.map(() => [0, 0]);
    if (p !== 'SAME' && p !== 'SAME_LOWER') throw new ShapeError(`${fn}: unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got '${padding}'.`);
    return inShape.map((d, i) => {
      const s = windowStrides[i]!;
      const size = Math.max(0, (Math.ceil(d / s) - 1) * s + windowShape[i]! - d);
      const [small, big] = [Math.floor(size / 2), size - Math.floor(size / 2)];
      return p === 'SAME' ? [small, big] : [big, small];
    });
  }
  if (!globalThis.Array.isArray(padding) || padding.some((q) => !globalThis.Array.isArray(q) || q.length !== 2 || q.some((v) => !Number.isInteger(v))))
    throw new ShapeError(`${fn}: padding must be 'SAME', 'SAME_LOWER', 'VALID' or a list of (low, high) integer pairs, got ${describe(padding)}.`);
  if (padding.length !== inShape.length)
    throw new ShapeError(`${fn}: expected ${inShape.length} (low, high) padding pairs, one per spatial dimension, got ${padding.length}.`);
  return padding.map(([lo, hi]) => [lo, hi]);
}

/** A list of positive integers of length `n` (strides, dilations), or all ones when absent. */
export function positiveList(fn: string, name: string, v: unknown, n: number): number[] {
  if (v === undefined || v === null) return globalThis.Array<number>(n).fill(1);
  if (!globalThis.Array.isArray(v) || v.some((d) => !Number.isInteger(d) || d <= 0))
    throw new ShapeError(`${fn}: '${name}' must be a list of positive integers, got ${describe(v)}.`);
  if (v.length !== n) throw new ShapeError(`${fn}: '${name}' must have one entry per spatial dimension (${n}), got [${v}].`);
  return [...(v as number[])];
}

/** The output shape in canonical order, from canonical lhs and rhs shapes (JAX's conv_shape_tuple with dilations applied). */
export function convShapeCanonical(lhs: readonly number[], rhs: readonly number[], strides: readonly number[], pads: readonly (readonly [number, number])[], lhsDilation: readonly number[], rhsDilation: readonly number[], batchGroupCount: number): number[] {
  const spatial = lhs.slice(2).map((d, i) => {
    const padded = dilateDim(d, lhsDilation[i]!) + pads[i]![0] + pads[i]![1];
    if (padded < 0)
      throw new ShapeError(`convolution: negative padding is larger than the corresponding dimension: padding (${pads[i]}) for a dimension of size ${dilateDim(d, lhsDilation[i]!)}.`);
    return strideDim(padded, dilateDim(rhs[2 + i]!, rhsDilation[i]!), strides[i]!);
  });
  return [batchGroupCount > 1 ? lhs[0]! / batchGroupCount : lhs[0]!, rhs[0]!, ...spatial];
}

/** `xs` permuted by `perm` (numpy's take). */
export const take = (xs: readonly number[], perm: readonly number[]): number[] => perm.map((p) => xs[p]!);
/** The inverse permutation. */
export function argsort(perm: readonly number[]): number[] {
  const inv = new globalThis.Array<number>(perm.length);
  perm.forEach((v, i) => (inv[v] = i));
  return inv;
}
