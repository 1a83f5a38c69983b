// Cumulative reductions along one axis (JAX's cumsum_p, cumprod_p, cummax_p, cummin_p,
// cumlogsumexp_p): one scan kernel (a sequential loop per row, floats accumulated in float64),
// cumsum linear (its transpose is the reverse cumsum), the others differentiated as JAX does —
// the jvp of the associative scan of their combining op, with the tangents carried alongside.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { type DType, float64 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { sizeOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { alu, cast, type Exp, ix, where } from '../ir/exp.js';
import type { KernelLowering } from '../compiler/lowering.js';
import { associativeScan } from './associativeScan.js';
import { abs, add, eq, exp, log1p, max, min, mul, ne, neg, select, sub } from './elementwise.js';
import { fullLike, zerosLike } from './structural.js';
import { asPlanes, planewise } from './complexPlanes.js';
import { ccumExtremum, ccumprod } from './complexOrder.js';

/** A cumulative reduction's parameters: the (non-negative) axis and the direction. */
export interface CumulativeParams extends Params {
  axis: number;
  reverse: boolean;
}

type Combine = (acc: Exp, x: Exp) => Exp;
type Pair = [Array, Array];

/** The scan kernel: per row along the axis, the first element, then each combined into the running value. */
function scanKernel(combine: Combine): KernelLowering<CumulativeParams> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals, params: { axis, reverse } }) {
      const { shape, dtype } = inAvals[0]!;
      const [outer, n, inner] = [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
      if (n === 0 || outer * inner === 0) return;
      const acc = (d: DType) => (d.kind === 'f' ? float64 : d);
      const at = (o: Exp, k: Exp | number, j: Exp) => ix.add(ix.mul(ix.add(ix.mul(o, n), reverse ? ix.sub(n - 1, k) : k), inner), j);
      ctx.loop(0, outer, (o) =>
        ctx.loop(0, inner, (j) => {
          const first = at(o, 0, j);
          const s = ctx.local(cast(ctx.read(0, first), acc(dtype)), 'acc');
          ctx.write(0, first, s.ref);
          ctx.loop(1, n, (k) => {
            const i = ctx.let(at(o, k, j), 'at');
            ctx.assign(s, combine(s.ref, cast(ctx.read(0, i), acc(dtype))));
            ctx.write(0, i, s.ref);
          }, 'k');
        }, 'j'),
      'o');
    },
  };
}

/** x replaces the running value when `better`, or when x is NaN (NaN propagates, as XLA's max/min). */
const extremum = (better: 'gt' | 'lt'): Combine => (acc, x) => where(alu('or', alu(better, x, acc), alu('ne', x, x)), x, acc);
/** log(exp(a) + exp(b)) without overflow; NaN or equal infinities give a + b (JAX's lax logaddexp). */
const logAddExpIr: Combine = (a, b) => {
  const d = alu('sub', a, b);
  return where(alu('ne', d, d), alu('add', a, b), alu('add', alu('max', a, b), alu('log1p', alu('exp', alu('neg', alu('abs', d))))));
};

function cumAval(name: string, floatOnly: boolean) {
  return ([x]: ShapedArray[], { axis }: CumulativeParams) => {
    const a = x!;
    if (a.dtype.kind === 'b' || (floatOnly && a.dtype.kind !== 'f'))
      throw new DtypeError(`${name} does not accept dtype ${a.dtype.name}; accepted dtypes are ${floatOnly ? 'floating' : 'numbers (convert bools first)'}.`);
    if (!Number.isInteger(axis) || axis < 0 || axis >= a.ndim) throw new ShapeError(`${name}: axis ${axis} is out of range for ${a.str()}.`);
    return [a];
  };
}

function cumBatch(prim: () => Primitive<CumulativeParams>) {
  return ([x]: Array[], [d]: (number | null)[], { axis, reverse }: CumulativeParams): [Array[], (number | null)[]] => [
    [bind1(prim(), [x!], { axis: axis >= d! ? axis + 1 : axis, reverse })],
    [d!],
  ];
}

/** The jvp by the associative scan of (value, tangent) pairs under `pair` (JAX's rule: the jvp of associative_scan). */
function pairedJvp(prim: () => Primitive<CumulativeParams>, pair: (a: Pair, b: Pair) => Pair) {
  return ([x]: Array[], [t]: Array[], p: CumulativeParams): [Array[], Array[]] => {
    const [, tOut] = associativeScan<Pair>(pair, [x!, t!], { axis: p.axis, reverse: p.reverse });
    return [[bind1(prim(), [x!], p)], [tOut]];
  };
}

/** `w` where `x` is the result `z`: 1, or 0.5 when the other operand `y` ties (JAX's balanced max/min jvp). */
function balanced(x: Array, z: Array, y: Array): Array {
  return select(eq(x, z), select(eq(y, z), fullLike(z, 0.5), fullLike(z, 1)), zerosLike(z));
}
const extremumPair =
  (op: (a: Array, b: Array) => Array) =>
  ([a, ta]: Pair, [b, tb]: Pair): Pair => {
    const z = op(a, b);
    return [z, add(mul(ta, balanced(a, z, b)), mul(tb, balanced(b, z, a)))];
  };
/** +inf → 0 (JAX's _replace_inf: keeps exp(x - out) finite where both are +inf). */
const replaceInf = (x: Array): Array => select(eq(x, fullLike(x, Infinity)), zerosLike(x), x);
function logAddExp(a: Array, b: Array): Array {
  const d = sub(a, b);
  return select(ne(d, d), add(a, b), add(max(a, b), log1p(exp(neg(abs(d))))));
}

/** The cumsum primitive (JAX's cumsum_p): the cumulative sum (linear: its transpose is the reverse cumsum) along one axis. */
export const cumsumP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>('cumsum', {
  abstractEval: cumAval('cumsum', false),
  jvp: ([x], [t], p) => [[bind1(cumsumP, [x!], p)], [bind1(cumsumP, [t!], p)]],
  transpose: ([ct], _x, { axis, reverse }) => [bind1(cumsumP, [ct!], { axis, reverse: !reverse })],
  batch: cumBatch(() => cumsumP),
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => cumsumP),
  lower: scanKernel((acc, x) => alu('add', acc, x)),
});
/** The cumprod primitive (JAX's cumprod_p): the cumulative product along one axis. */
export const cumprodP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>('cumprod', {
  abstractEval: cumAval('cumprod', false),
  jvp: pairedJvp(() => cumprodP, ([a, ta], [b, tb]) => [mul(a, b), add(mul(ta, b), mul(a, tb))]),
  batch: cumBatch(() => cumprodP),
  complex: ([x], p) => [ccumprod(asPlanes(x), p.axis, p.reverse)],
  lower: scanKernel((acc, x) => alu('mul', acc, x)),
});
/** The cummax primitive (JAX's cummax_p): the cumulative maximum along one axis. */
export const cummaxP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>('cummax', {
  abstractEval: cumAval('cummax', false),
  jvp: pairedJvp(() => cummaxP, extremumPair(max)),
  batch: cumBatch(() => cummaxP),
  complex: ([x], p) => [ccumExtremum(asPlanes(x), p.axis, p.reverse, 'gt')],
  lower: scanKernel(extremum('gt')),
});
/** The cummin primitive (JAX's cummin_p): the cumulative minimum along one axis. */
export const cumminP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>('cummin', {
  abstractEval: cumAval('cummin', false),
  jvp: pairedJvp(() => cumminP, extremumPair(min)),
  batch: cumBatch(() => cumminP),
  complex: ([x], p) => [ccumExtremum(asPlanes(x), p.axis, p.reverse, 'lt')],
  lower: scanKernel(extremum('lt')),
});
/** The cumlogsumexp primitive (JAX's cumlogsumexp_p): the cumulative log-sum-exp along one axis. */
export const cumlogsumexpP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>('cumlogsumexp', {
  abstractEval: cumAval('cumlogsumexp', true),
  jvp: pairedJvp(() => cumlogsumexpP, ([a, ta], [b, tb]) => {
    const z = logAddExp(a, b);
    const rz = replaceInf(z);
    return [z, add(mul(ta, exp(sub(replaceInf(a), rz))), mul(tb, exp(sub(replaceInf(b), rz))))];
  }),
  batch: cumBatch(() => cumlogsumexpP),
  lower: scanKernel(logAddExpIr),
});

/** JAX's options of the cumulative reductions. */
export interface CumulativeOptions {
  /** The axis along which to accumulate (default 0; negative counts from the end). */
  axis?: number;
  /** Accumulate from the end of the axis. */
  reverse?: boolean;
}
type CumArgs = [axis?: number | CumulativeOptions, reverse?: boolean | CumulativeOptions, opts?: CumulativeOptions];

function cumulative(name: string, prim: Primitive<CumulativeParams>) {
  return (operand: ArrayLike, ...rest: CumArgs): Array => {
    const o = bindArgs(`lax.${name}`, ['axis', 'reverse'], rest);
    const x = asArray(operand);
    const axis = o.axis ?? 0;
    if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -x.ndim || axis >= x.ndim)
      throw new ShapeError(`lax.${name}(): axis ${describe(axis)} is out of range for an array of rank ${x.ndim}.`);
    return bind1(prim, [x], { axis: axis < 0 ? axis + x.ndim : axis, reverse: boolArg(`lax.${name}`, 'reverse', o.reverse, false) });
  };
}

/** Compute a cumulative sum along an axis (`lax.cumsum(operand, axis = 0, reverse = false)`). */
export const cumsum = cumulative('cumsum', cumsumP);
/** Compute a cumulative product along an axis. */
export const cumprod = cumulative('cumprod', cumprodP);
/** Compute a cumulative maximum along an axis (NaN propagates). */
export const cummax = cumulative('cummax', cummaxP);
/** Compute a cumulative minimum along an axis (NaN propagates). */
export const cummin = cumulative('cummin', cumminP);
/** Compute a cumulative logsumexp along an axis (floating dtypes only). */
export const cumlogsumexp = cumulative('cumlogsumexp', cumlogsumexpP);
