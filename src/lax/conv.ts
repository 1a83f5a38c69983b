// conv_general_dilated: one primitive with all its rules, as JAX's lax/convolution.py — shapes
// checked as its shape rule does, linear in each operand (jvp: the sum of both), transposed by
// convolutions (the lhs one with lhs dilation = the strides and the kernel reversed; the rhs one
// with the groups swapped between features and batch), and vmap folding the mapped dimension into
// the batch or feature dimension. The kernels are the compiler's (src/compiler/kernels/conv.ts).
import type { Array } from '../core/array.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { type ConvDimensionNumbers, argsort, convShapeCanonical, dilateDim, take } from './convDims.js';
import { add, sub } from './elementwise.js';
import { asPlanes, planes } from './complexPlanes.js';
import { rev } from './slicing.js';
import { full, reshape, transpose } from './structural.js';

/** conv_general_dilated's parameters, resolved (explicit padding, every list one entry per spatial dimension). */
export interface ConvParams extends Params {
  windowStrides: number[];
  padding: [number, number][];
  lhsDilation: number[];
  rhsDilation: number[];
  dimensionNumbers: ConvDimensionNumbers;
  featureGroupCount: number;
  batchGroupCount: number;
}

const sdims = (spec: readonly number[]) => spec.slice(2);
const swap01 = (spec: readonly number[]) => [spec[1]!, spec[0]!, ...spec.slice(2)];

/** The output shape, or a ShapeError saying which constraint fails (JAX's shape rule). */
export function convOutShape(lhs: readonly number[], rhs: readonly number[], p: ConvParams): number[] {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const G = p.featureGroupCount;
  const B = p.batchGroupCount;
  const S = lhs.length - 2;
  if (lhs.length !== rhs.length) throw new ShapeError(`conv_general_dilated lhs and rhs must have the same number of dimensions, but got shapes [${lhs}] and [${rhs}].`);
  if (!Number.isInteger(G) || G <= 0) throw new ShapeError(`conv_general_dilated featureGroupCount must be a positive integer, got ${G}.`);
  if (!Number.isInteger(B) || B <= 0) throw new ShapeError(`conv_general_dilated batchGroupCount must be a positive integer, got ${B}.`);
  const C = lhs[lhsSpec[1]!]!;
  if (C % G) throw new ShapeError(`conv_general_dilated featureGroupCount must divide the lhs feature dimension size, but ${G} does not divide ${C}.`);
  if (C / G !== rhs[rhsSpec[1]!])
    throw new ShapeError(
      `conv_general_dilated lhs feature dimension size divided by featureGroupCount must equal the rhs input feature dimension size, but ${C} / ${G} != ${rhs[rhsSpec[1]!]} (lhs [${lhs}], rhs [${rhs}]).`,
    );
  const O = rhs[rhsSpec[0]!]!;
  if (O % G) throw new ShapeError(`conv_general_dilated rhs output feature dimension size must be a multiple of featureGroupCount, but ${O} is not a multiple of ${G}.`);
  const N = lhs[lhsSpec[0]!]!;
  if (B > 1 && N % B) throw new ShapeError(`conv_general_dilated batchGroupCount must divide the lhs batch dimension size, but ${B} does not divide ${N}.`);
  if (O % B) throw new ShapeError(`conv_general_dilated rhs output feature dimension size must be a multiple of batchGroupCount, but ${O} is not a multiple of ${B}.`);
  if (B > 1 && G > 1) throw new ShapeError(`At most one of batchGroupCount and featureGroupCount may be > 1, got batchGroupCount=${B} and featureGroupCount=${G}.`);
  for (const [name, v] of [['windowStrides', p.windowStrides], ['padding', p.padding], ['lhsDilation', p.lhsDilation], ['rhsDilation', p.rhsDilation]] as const)
    if (v.length !== S) throw new ShapeError(`conv_general_dilated: ${name} needs ${S} entries (one per spatial dimension), got ${v.length}.`);
  const out = convShapeCanonical(take(lhs, lhsSpec), take(rhs, rhsSpec), p.windowStrides, p.padding, p.lhsDilation, p.rhsDilation, B);
  return take(out, argsort(outSpec));
}

/** The conv_general_dilated primitive (JAX's conv_general_dilated_p): an N-d convolution with dilations, groups and dimension numbers. */
export const convGeneralDilatedP: Primitive<ConvParams> = definePrimitive<ConvParams>('conv_general_dilated', {
  abstractEval: ([l, r], p) => {
    if (l!.dtype !== r!.dtype)
      throw new DtypeError(`conv_general_dilated requires arguments to have the same dtypes, got ${l!.dtype.name} and ${r!.dtype.name}; convert one first (or pass preferredElementType).`);
    if (l!.dtype.kind === 'b') throw new DtypeError('conv_general_dilated does not accept bool operands; convert them to a numeric dtype first.');
    return [l!.update({ shape: convOutShape(l!.shape, r!.shape, p), weakType: l!.weakType && r!.weakType })];
  },
  jvp: ([l, r], [tl, tr], p) => [[convRaw(l!, r!, p)], [add(convRaw(tl!, r!, p), convRaw(l!, tr!, p))]],
  transpose: ([ct], [l, r], p) => (l instanceof UndefinedPrimal ? [transposeLhs(ct!, l.aval.shape, r as Array, p), null] : [null, transposeRhs(ct!, l as Array, (r as UndefinedPrimal).aval.shape, p)]),
  batch: ([l, r], [dl, dr], p) => convBatch(l!, r!, dl!, dr!, p),
  // Complex operands: four real convolutions, (a + bi)∗(c + di) = (a∗c − b∗d) + (a∗d + b∗c)i.
  complex: ([l, r], p) => {
    const [x, y] = [asPlanes(l), asPlanes(r)];
    const c = (u: Array, v: Array) => convRaw(u, v, p);
    return [planes(sub(c(x.re, y.re), c(x.im, y.im)), add(c(x.re, y.im), c(x.im, y.re)))];
  },
  lower: { kind: 'builtin', kernel: 'conv_general_dilated' },
});

/** Bind the primitive (parameters as given: resolved and checked by the caller or the shape rule). */
export function convRaw(lhs: Array, rhs: Array, p: ConvParams): Array {
  return bind1(convGeneralDilatedP, [lhs, rhs], p);
}

/** Merge axis `src` into axis `dst` (numbered after `src` is removed), `src` outermost (JAX's _reshape_axis_into). */
export function reshapeAxisInto(src: number, dst: number, x: Array): Array {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] = shape[dst]! * x.shape[src]!;
  return reshape(transpose(x, perm), shape);
}

/** Split axis `src` into (size1, rest) (JAX's _reshape_axis_out_of). */
export function reshapeAxisOutOf(src: number, size1: number, x: Array): Array {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src]! / size1);
  return reshape(x, shape);
}

/** The lhs padding of the lhs transpose (JAX's _conv_general_vjp_lhs_padding). */
export function vjpLhsPadding(inShape: number[], window: number[], strides: number[], outShape: number[], padding: [number, number][], lhsDil: number[], rhsDil: number[]): [number, number][] {
  return inShape.map((d, i) => {
    const lhsD = dilateDim(d, lhsDil[i]!);
    const rhsD = dilateDim(window[i]!, rhsDil[i]!);
    const outD = dilateDim(outShape[i]!, strides[i]!);
    const before = rhsD - padding[i]![0] - 1;
    return [before, lhsD + rhsD - 1 - outD - before];
  });
}

/** The rhs padding of the rhs transpose (JAX's _conv_general_vjp_rhs_padding). */
function vjpRhsPadding(inShape: number[], window: number[], strides: number[], outShape: number[], padding: [number, number][], lhsDil: number[], rhsDil: number[]): [number, number][] {
  return inShape.map((d, i) => {
    const lhsD = dilateDim(d, lhsDil[i]!);
    const rhsD = dilateDim(window[i]!, rhsDil[i]!);
    const outD = dilateDim(outShape[i]!, strides[i]!);
    const lo = padding[i]![0];
    return [lo, outD - lhsD + (rhsD - lo - 1)];
  });
}

/** The cotangent of lhs: the output cotangent convolved with the reversed kernel (JAX's _conv_general_dilated_transpose_lhs). */
function transposeLhs(g: Array, lhsShape: readonly number[], rhs: Array, p: ConvParams): Array {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  let G = p.featureGroupCount;
  const B = p.batchGroupCount;
  let w = rhs;
  if (G > 1) {
    // The group moves from the kernel's output features into its input features.
    w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, reshapeAxisOutOf(rhsSpec[0]!, G, w));
  } else if (B > 1) {
    w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, reshapeAxisOutOf(rhsSpec[0]!, B, w));
    G = B;
  }
  const padding = vjpLhsPadding(take(lhsShape, sdims(lhsSpec)), take(rhs.shape, sdims(rhsSpec)), p.windowStrides, take(g.shape, sdims(outSpec)), p.padding, p.lhsDilation, p.rhsDilation);
  let out = convRaw(g, rev(w, sdims(rhsSpec)), {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhsSpec: outSpec, rhsSpec: swap01(rhsSpec), outSpec: lhsSpec },
    featureGroupCount: G,
    batchGroupCount: 1,
  });
  if (B > 1) out = reshapeAxisInto(lhsSpec[1]!, lhsSpec[0]!, reshapeAxisOutOf(lhsSpec[1]!, B, out));
  return out;
}

/** The cotangent of rhs: lhs convolved with the output cotangent, groups swapped (JAX's _conv_general_dilated_transpose_rhs). */
function transposeRhs(g: Array, lhs: Array, rhsShape: readonly number[], p: ConvParams): Array | null {
  if (g.size === 0) return null;
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const [G, B] = p.batchGroupCount > 1 ? [p.batchGroupCount, 1] : [1, p.featureGroupCount];
  const padding = vjpRhsPadding(take(lhs.shape, sdims(lhsSpec)), take(rhsShape, sdims(rhsSpec)), p.windowStrides, take(g.shape, sdims(outSpec)), p.padding, p.lhsDilation, p.rhsDilation);
  return convRaw(lhs, g, {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhsSpec: swap01(lhsSpec), rhsSpec: swap01(outSpec), outSpec: swap01(rhsSpec) },
    featureGroupCount: G,
    batchGroupCount: B,
  });
}

/** vmap: the mapped dimension folded into the batch or feature dimensions (JAX's _conv_general_dilated_batch_rule). */
function convBatch(lhs: Array, rhs: Array, dl: number | null, dr: number | null, p: ConvParams): [Array[], (number | null)[]] {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const G = p.featureGroupCount;
  const B = p.batchGroupCount;
  const size = dl !== null ? lhs.shape[dl]! : rhs.shape[dr!]!;
  if (size === 0) {
    // Reshapes into the batch or feature dimension cannot carry a size-0 mapped dimension.
    const unb = (x: Array, d: number | null) => x.shape.filter((_, i) => i !== d);
    return [[full([0, ...convOutShape(unb(lhs, dl), unb(rhs, dr), p)], 0, lhs.dtype, lhs.weakType && rhs.weakType)], [0]];
  }
  if (dl !== null && dr !== null) {
    const newLhs = B > 1 ? reshapeAxisInto(dl, lhsSpec[0]!, lhs) : reshapeAxisInto(dl, lhsSpec[1]!, lhs);
    const q = B > 1 ? { ...p, batchGroupCount: B * size } : { ...p, featureGroupCount: G * size };
    const out = convRaw(newLhs, reshapeAxisInto(dr, rhsSpec[0]!, rhs), q);
    return [[reshapeAxisOutOf(outSpec[1]!, size, out)], [outSpec[1]!]];
  }
  if (dl !== null) {
    if (B === 1) {
      const out = convRaw(reshapeAxisInto(dl, lhsSpec[0]!, lhs), rhs, p);
      return [[reshapeAxisOutOf(outSpec[0]!, size, out)], [outSpec[0]!]];
    }
    // The batch groups stay outermost in the batch dimension: (group, mapped, batch / group).
    let x = reshapeAxisOutOf(lhsSpec[0]! + Number(dl <= lhsSpec[0]!), B, lhs);
    x = reshapeAxisInto(dl + Number(lhsSpec[0]! < dl), lhsSpec[0]! + 1, x);
    x = reshapeAxisInto(lhsSpec[0]!, lhsSpec[0]!, x);
    const out = convRaw(x, rhs, p);
    return [[reshapeAxisOutOf(outSpec[0]!, size, out)], [outSpec[0]!]];
  }
  if (G === 1 && B === 1) {
    const out = convRaw(lhs, reshapeAxisInto(dr!, rhsSpec[0]!, rhs), p);
    return [[reshapeAxisOutOf(outSpec[1]!, size, out)], [outSpec[1]!]];
  }
  // Groups stay outermost in the kernel's output features: (group, mapped, features / group).
  const groups = G > 1 ? G : B;
  let w = reshapeAxisOutOf(rhsSpec[0]! + Number(dr! <= rhsSpec[0]!), groups, rhs);
  w = reshapeAxisInto(dr! + Number(rhsSpec[0]! < dr!), rhsSpec[0]! + 1, w);
  w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[0]!, w);
  let out = convRaw(lhs, w, p);
  out = reshapeAxisOutOf(outSpec[1]!, groups, out);
  out = reshapeAxisOutOf(outSpec[1]! + 1, size, out);
  out = reshapeAxisInto(outSpec[1]!, outSpec[1]! + 1, out);
  return [[out], [outSpec[1]!]];
}
