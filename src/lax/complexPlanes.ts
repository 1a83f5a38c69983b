// Complex arithmetic on (re, im) planes of real arrays: what the primitives' `complex` rules are
// made of (src/core/primitive.ts). Formulas follow XLA's CPU emitter, so results match JAX's,
// including its handling of infinities, NaN and overflow.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { float32, float64, realDtype } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import type { Params, Planes, PlaneValue, Primitive } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { DType } from '../core/dtypes.js';
import { bitcastConvertType } from './bitcast.js';
import { abs, add, bitwiseAnd as and, bitwiseOr as or, convertElementType, div, eq, lt, max, min, mul, ne, neg, select, sqrt, sub } from './elementwise.js';
import { concatenateAlong, slice } from './slicing.js';
import { fullLike, reshape } from './structural.js';

/** A complex value's planes from a real array pair. */
export const planes = (re: Array, im: Array): Planes => ({ re, im });

/** Whether a rule operand is a complex value's planes (not a real array). */
export function isPlanes(v: PlaneValue): v is Planes {
  return typeof v === 'object' && v !== null && 're' in v && 'im' in v && !('aval' in v);
}

/** The planes of a complex operand; a rule given a real one where it needs complex has a bug. */
export function asPlanes(v: PlaneValue | undefined): Planes {
  if (v === undefined || !isPlanes(v)) throw new DtypeError('internal: a complex rule got a real operand where it needs a complex one');
  return v;
}

/** A complex array's planes: its bytes read as float pairs [..., 2], split on the last axis. */
export function splitPlanes(x: Array): Planes {
  const pairs = bitcastConvertType(x, realDtype(x.dtype));
  const part = (k: number) => reshape(slice(pairs, [...x.shape.map(() => 0), k], [...x.shape, k + 1]), [...x.shape]);
  return { re: part(0), im: part(1) };
}

/** The complex array of `aval` from its planes: interleaved on a new last axis, read as complex. */
export function joinPlanes(p: Planes, aval: ShapedArray): Array {
  const s = [...aval.shape, 1];
  const part = realDtype(aval.dtype);
  const pairs = concatenateAlong([reshape(convertElementType(p.re, part), s), reshape(convertElementType(p.im, part), s)], aval.ndim);
  return bitcastConvertType(pairs, aval.dtype);
}

// --- planewise ops: the same op on each plane (linear or structural ops) ---

/** Params with complex dtypes replaced by their part dtype (for applying the op to one plane). */
function realParams(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) out[k] = v instanceof DType ? realDtype(v) : v;
  return out;
}

/**
 * The `complex` rule of an op that acts on the real and imaginary parts independently (add, neg,
 * reshape, gather, reduce_sum, select_n…): the op on the real planes, then on the imaginary ones;
 * real operands (indices, predicates) go to both.
 */
export function planewise<P extends Params>(prim: () => Primitive<P>) {
  return (args: PlaneValue[], params: P, outAvals: ShapedArray[]): PlaneValue[] => {
    const p = realParams(params) as P;
    const re = bind(prim(), args.map((a) => (isPlanes(a) ? a.re : a)), p);
    const im = bind(prim(), args.map((a) => (isPlanes(a) ? a.im : a)), p);
    return outAvals.map((a, i) => (a.dtype.kind === 'c' ? planes(re[i]!, im[i]!) : re[i]!));
  };
}

// --- arithmetic ---

const zeros = (x: Array) => fullLike(x, 0);
const ones = (x: Array) => fullLike(x, 1);
const infs = (x: Array) => fullLike(x, Infinity);
const isNan = (x: Array) => ne(x, x);
const isInf = (x: Array) => eq(abs(x), infs(x));
const isFinite = (x: Array) => lt(abs(x), infs(x));
const not = (b: Array) => eq(b, fullLike(b, false));
/** The sign bit of x, -0 included (1/-0 is -inf); NaN counts as positive. */
const signbit = (x: Array) => or(lt(x, zeros(x)), and(eq(x, zeros(x)), lt(div(ones(x), x), zeros(x))));
/** |mag| with the sign of s (C's copysign). */
export const copysign = (mag: Array, s: Array) => select(signbit(s), neg(abs(mag)), abs(mag));

/**
 * (a + bi)(c + di) = (ac − bd) + (ad + bc)i as XLA on CPU computes it, with fused multiply-adds:
 * re = fma(a, c, −bd), im = fma(b, c, ad). So an overflowing product gives JAX's infinity, not
 * inf − inf = NaN. For float32 parts the fma is exact in float64 (a product of two float32s is
 * exact there). float64 parts use p·q + r, which differs from the fma only in rounding, and in
 * one overflow case: an infinite r with finite p, q is the fma's result (p·q is exact there, never
 * infinite), where p·q + r would be inf − inf = NaN when p·q overflows.
 */
export function cmul(x: Planes, y: Planes): Planes {
  const { re: a, im: b } = x;
  const { re: c, im: d } = y;
  if (a.dtype !== float32) {
    const fma64 = (p: Array, q: Array, r: Array) => select(and(isInf(r), and(isFinite(p), isFinite(q))), r, add(mul(p, q), r));
    return planes(fma64(a, c, neg(mul(b, d))), fma64(b, c, mul(a, d)));
  }
  const wide = (v: Array) => convertElementType(v, float64);
  const fma = (p: Array, q: Array, r: Array) => convertElementType(add(mul(wide(p), wide(q)), wide(r)), float32, a.weakType);
  return planes(fma(a, c, neg(mul(b, d))), fma(b, c, mul(a, d)));
}

/** x / y by Smith's algorithm, with XLA's special cases for a zero or infinite denominator and an infinite numerator. */
export function cdiv(x: Planes, y: Planes): Planes {
  const { re: ar, im: ai } = x;
  const { re: br, im: bi } = y;
  // Smith's algorithm: divide by the larger of |br|, |bi| so that nothing overflows needlessly.
  const brSmaller = lt(abs(br), abs(bi));
  const ratio1 = div(br, bi);
  const denom1 = add(bi, mul(br, ratio1));
  const ratio2 = div(bi, br);
  const denom2 = add(br, mul(bi, ratio2));
  const smith = planes(
    select(brSmaller, div(add(mul(ar, ratio1), ai), denom1), div(add(ar, mul(ai, ratio2)), denom2)),
    select(brSmaller, div(sub(mul(ai, ratio1), ar), denom1), div(sub(ai, mul(ar, ratio2)), denom2)),
  );
  // A zero denominator: copysign(inf, br) times the numerator (unless it is NaN).
  const zeroDenom = and(and(eq(abs(br), zeros(br)), eq(abs(bi), zeros(bi))), or(not(isNan(ar)), not(isNan(ai))));
  const signedInf = copysign(infs(br), br);
  // An infinite numerator over a finite denominator.
  const infNum = and(or(isInf(ar), isInf(ai)), and(isFinite(br), isFinite(bi)));
  const arInf = copysign(select(isInf(ar), ones(ar), zeros(ar)), ar);
  const aiInf = copysign(select(isInf(ai), ones(ai), zeros(ai)), ai);
  // A finite numerator over an infinite denominator.
  const infDen = and(or(isInf(br), isInf(bi)), and(isFinite(ar), isFinite(ai)));
  const brInf = copysign(select(isInf(br), ones(br), zeros(br)), br);
  const biInf = copysign(select(isInf(bi), ones(bi), zeros(bi)), bi);
  const pick = (zd: Array, inum: Array, iden: Array, s: Array) => select(zeroDenom, zd, select(infNum, inum, select(infDen, iden, s)));
  return planes(
    pick(mul(signedInf, ar), mul(infs(ar), add(mul(arInf, br), mul(aiInf, bi))), mul(zeros(ar), add(mul(ar, brInf), mul(ai, biInf))), smith.re),
    pick(mul(signedInf, ai), mul(infs(ar), sub(mul(aiInf, br), mul(arInf, bi))), mul(zeros(ar), sub(mul(ai, brInf), mul(ar, biInf))), smith.im),
  );
}

/** |x| as max·sqrt(1 + (min/max)²), which neither overflows nor underflows; XLA's fix-ups for 0, inf and NaN. */
export function cabs(x: Planes): Array {
  const a = abs(x.re);
  const b = abs(x.im);
  const lo = min(a, b);
  const hi = max(a, b);
  const q = div(lo, hi);
  const r = mul(hi, sqrt(add(ones(q), mul(q, q))));
  return select(isNan(r), lo, r);
}

/** The complex conjugate. */
export const cconj = (x: Planes): Planes => planes(x.re, neg(x.im));

/** Rule operands as real arrays: a complex value's planes become two (re, im). */
export function flattenPlanes(args: readonly PlaneValue[]): Array[] {
  return args.flatMap((a) => (isPlanes(a) ? [a.re, a.im] : [a]));
}

/** Real results regrouped by the avals they stand for: a complex aval takes two (re, im). */
export function groupPlanes(flat: readonly Array[], avals: readonly ShapedArray[]): PlaneValue[] {
  let k = 0;
  return avals.map((a) => (a.dtype.kind === 'c' ? planes(flat[k++]!, flat[k++]!) : flat[k++]!));
}
