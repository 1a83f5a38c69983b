// Windowed reductions as JAX's primitives: reduce_window_sum (linear: its transpose is the lhs
// transpose of the equivalent convolution with a kernel of ones), reduce_window_max / _min
// (their tangent is the tangent at each window's selected element: select_and_gather_add, whose
// transpose select_and_scatter_add is max-pooling's gradient), each batched by a window of one
// along the mapped dimension (JAX's _reduce_window_batch_rule).
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { alu, type Exp, where } from '../ir/exp.js';
import { moveBatchToFront } from './batching.js';
import { convRaw, vjpLhsPadding } from './conv.js';
import { dilateDim, strideDim } from './convDims.js';
import { full, reshape } from './structural.js';
import { reduceWindowKernel, selectGatherKernel, selectScatterKernel, type WindowParams } from './windowKernels.js';

export type { WindowParams };

/** select_and_gather_add's and select_and_scatter_add's parameters: the window and which extremum selects. */
export interface SelectParams extends WindowParams {
  select: 'max' | 'min';
}

/** The output shape of a windowed reduction (JAX's reduce_window_shape_tuple), checking the parameters' lengths. */
export function reduceWindowShape(name: string, operand: readonly number[], p: WindowParams): number[] {
  const n = operand.length;
  for (const [k, v] of [['windowDimensions', p.windowDimensions], ['windowStrides', p.windowStrides], ['padding', p.padding], ['baseDilation', p.baseDilation], ['windowDilation', p.windowDilation]] as const)
    if (v.length !== n) throw new ShapeError(`${name}: ${k} needs one entry per operand dimension (${n}, operand shape [${operand}]), got ${v.length}.`);
  return operand.map((d, i) => {
    const padded = dilateDim(d, p.baseDilation[i]!) + p.padding[i]![0] + p.padding[i]![1];
    if (padded < 0) throw new ShapeError(`${name}: negative padding (${p.padding[i]}) is larger than dimension ${i} of size ${dilateDim(d, p.baseDilation[i]!)}.`);
    return strideDim(padded, dilateDim(p.windowDimensions[i]!, p.windowDilation[i]!), p.windowStrides[i]!);
  });
}

function windowAval(name: string) {
  return ([x]: ShapedArray[], p: WindowParams): ShapedArray[] => {
    if (x!.dtype.kind === 'b') throw new DtypeError(`${name} needs a number dtype, got bool; convert the operand first.`);
    return [x!.update({ shape: reduceWindowShape(name, x!.shape, p) })];
  };
}

/** The parameters with a window of one inserted at dimension `d` (a vmapped dimension). */
export function withUnitWindow<P extends WindowParams>(p: P, d: number): P {
  const ins = <T>(xs: T[], v: T) => [...xs.slice(0, d), v, ...xs.slice(d)];
  return {
    ...p,
    windowDimensions: ins(p.windowDimensions, 1),
    windowStrides: ins(p.windowStrides, 1),
    padding: ins(p.padding, [0, 0] as [number, number]),
    baseDilation: ins(p.baseDilation, 1),
    windowDilation: ins(p.windowDilation, 1),
  };
}

function unaryBatch(prim: () => Primitive<WindowParams>) {
  return ([x]: Array[], [d]: (number | null)[], p: WindowParams): [Array[], (number | null)[]] => [[bind1(prim(), [x!], withUnitWindow(p, d!))], [d!]];
}

/** Both operands' mapped dimensions moved to the front (an unmapped one broadcast), the window widened there. */
function binaryBatch(prim: () => Primitive<SelectParams>) {
  return ([a, b]: Array[], [da, db]: (number | null)[], p: SelectParams): [Array[], (number | null)[]] => {
    const n = da !== null ? a!.shape[da]! : b!.shape[db!]!;
    return [[bind1(prim(), [moveBatchToFront(a!, da!, n), moveBatchToFront(b!, db!, n)], withUnitWindow(p, 0))], [0]];
  };
}

/** x replaces the accumulator when `better` or when x is NaN (NaN propagates, as XLA's max/min). */
const extremum = (better: 'gt' | 'lt') => (acc: Exp, x: Exp) => where(alu('or', alu(better, x, acc), alu('ne', x, x)), x, acc);

/** The reduce_window_sum primitive (JAX's reduce_window_sum_p): each window's sum; linear. */
export const reduceWindowSumP: Primitive<WindowParams> = definePrimitive<WindowParams>('reduce_window_sum', {
  abstractEval: windowAval('reduce_window_sum'),
  jvp: ([x], [t], p) => [[bind1(reduceWindowSumP, [x!], p)], [bind1(reduceWindowSumP, [t!], p)]],
  transpose: ([ct], [x], p) => [reduceWindowSumTranspose(ct!, (x as UndefinedPrimal).aval.shape, p)],
  batch: unaryBatch(() => reduceWindowSumP),
  lower: reduceWindowKernel(0, (acc, x) => alu('add', acc, x)),
});

/** The reduce_window_max primitive (JAX's reduce_window_max_p): each window's maximum (NaN propagates). */
export const reduceWindowMaxP: Primitive<WindowParams> = definePrimitive<WindowParams>('reduce_window_max', {
  abstractEval: windowAval('reduce_window_max'),
  jvp: ([x], [t], p) => [[bind1(reduceWindowMaxP, [x!], p)], [bind1(selectAndGatherAddP, [t!, x!], { ...p, select: 'max' })]],
  batch: unaryBatch(() => reduceWindowMaxP),
  lower: reduceWindowKernel(-Infinity, extremum('gt')),
});

/** The reduce_window_min primitive (JAX's reduce_window_min_p): each window's minimum (NaN propagates). */
export const reduceWindowMinP: Primitive<WindowParams> = definePrimitive<WindowParams>('reduce_window_min', {
  abstractEval: windowAval('reduce_window_min'),
  jvp: ([x], [t], p) => [[bind1(reduceWindowMinP, [x!], p)], [bind1(selectAndGatherAddP, [t!, x!], { ...p, select: 'min' })]],
  batch: unaryBatch(() => reduceWindowMinP),
  lower: reduceWindowKernel(Infinity, extremum('lt')),
});

/** select_and_gather_add(t, x) (JAX's select_and_gather_add_p): per window, t at the first maximum (minimum) of x; linear in t. */
export const selectAndGatherAddP: Primitive<SelectParams> = definePrimitive<SelectParams>('select_and_gather_add', {
  abstractEval: ([t, x], p) => {
    if (t!.dtype !== x!.dtype || t!.shape.join() !== x!.shape.join()) throw new ShapeError(`select_and_gather_add needs a tangent like the operand, got ${t!.str()} and ${x!.str()}.`);
    return windowAval('select_and_gather_add')([t!], p);
  },
  jvp: ([t, x], [tt], p) => [[bind1(selectAndGatherAddP, [t!, x!], p)], [bind1(selectAndGatherAddP, [tt!, x!], p)]],
  transpose: ([ct], [, x], p) => [bind1(selectAndScatterAddP, [ct!, x as Array], p), null],
  batch: binaryBatch(() => selectAndGatherAddP),
  lower: selectGatherKernel(),
});

/** select_and_scatter_add(s, x) (JAX's select_and_scatter_add_p): zeros like x with each window's s added at its first maximum (minimum); linear in s. */
export const selectAndScatterAddP: Primitive<SelectParams> = definePrimitive<SelectParams>('select_and_scatter_add', {
  abstractEval: ([s, x], p) => {
    const want = reduceWindowShape('select_and_scatter_add', x!.shape, p);
    if (s!.dtype !== x!.dtype || s!.shape.join() !== want.join()) throw new ShapeError(`select_and_scatter_add needs a source of the windows' shape [${want}] and the operand's dtype, got ${s!.str()} for ${x!.str()}.`);
    return [x!.update({ weakType: s!.weakType })];
  },
  jvp: ([s, x], [ts], p) => [[bind1(selectAndScatterAddP, [s!, x!], p)], [bind1(selectAndScatterAddP, [ts!, x!], p)]],
  transpose: ([ct], [, x], p) => [bind1(selectAndGatherAddP, [ct!, x as Array], p), null],
  batch: binaryBatch(() => selectAndScatterAddP),
  lower: selectScatterKernel(),
});

/** The transpose of reduce_window_sum: the cotangent convolved with ones as the lhs transpose of a convolution (JAX pads and sums windows; the same sums). */
function reduceWindowSumTranspose(ct: Array, shape: readonly number[], p: WindowParams): Array {
  const n = shape.length;
  if (ct.size === 0 || shape.some((d) => d === 0)) return full([...shape], 0, ct.dtype, ct.weakType);
  const padding = vjpLhsPadding([...shape], p.windowDimensions, p.windowStrides, [...ct.shape], p.padding, p.baseDilation, p.windowDilation);
  const ones = full([1, 1, ...p.windowDimensions], 1, ct.dtype, ct.weakType);
  const iota = globalThis.Array.from({ length: n + 2 }, (_, i) => i);
  const out = convRaw(reshape(ct, [1, 1, ...ct.shape]), ones, {
    windowStrides: p.baseDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.windowDilation,
    dimensionNumbers: { lhsSpec: iota, rhsSpec: [...iota], outSpec: [...iota] },
    featureGroupCount: 1,
    batchGroupCount: 1,
  });
  return reshape(out, [...shape]);
}
