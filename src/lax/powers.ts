// Powers and float predicates as lax primitives (JAX's square_p, rsqrt_p, integer_pow_p,
// is_finite_p, nextafter_p), and lax.reciprocal (JAX's integer_pow(x, -1)).
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { bool, float16, int32, uint16 } from '../core/dtypes.js';
import { asArray } from '../core/convert.js';
import { DtypeError, TransformError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { alu, constant, type Exp } from '../ir/exp.js';
import { elementwiseBatch } from './batching.js';
import { add, bitwiseAnd, bitwiseOr, convertElementType, div, eq, gt, mul, ne, select } from './elementwise.js';
import { bitcastConvertType } from './bitcast.js';
import { defineElementwise, naryAbstractEval } from './elementwiseDef.js';
import { full, fullLike, zerosLike } from './structural.js';
import { asPlanes, cmul } from './complexPlanes.js';
import { cintegerPow } from './complexMath.js';

/** JAX's square_p: x·x (integers too). */
export const squareP = defineElementwise('square', {
  kind: 'number',
  ir: ([x]) => alu('mul', x!, x!),
  jvp: ([x], [t]) => mul(t!, mul(fullLike(x!, 2), x!)),
  complex: ([x]) => cmul(asPlanes(x), asPlanes(x)),
});
/** JAX's rsqrt_p: 1 / sqrt(x). */
export const rsqrtP = defineElementwise('rsqrt', {
  kind: 'float',
  ir: ([x]) => alu('div', constant(1, x!.dtype), alu('sqrt', x!)),
  jvp: ([x], [t], y) => mul(t!, mul(fullLike(y, -0.5), div(y, x!))),
});
/** JAX's is_finite_p: neither infinite nor NaN. */
export const isFiniteP = defineElementwise('is_finite', {
  kind: 'float',
  outDtype: bool,
  ir: ([x]) => alu('lt', alu('abs', x!), constant(Infinity, x!.dtype)),
});
/** JAX's nextafter_p: the next representable value after x toward y. Not differentiable, as in JAX. */
export const nextafterP = defineElementwise('nextafter', {
  kind: 'float32or64',
  ir: ([x, y]) => alu('nextafter', x!, y!),
  jvp: () => {
    throw new TransformError('lax.nextafter is not differentiable (JAX defines no derivative for it); apply stopGradient to its operands.');
  },
});

/** integer_pow's parameter: the integer exponent. */
export interface IntegerPowParams extends Params {
  y: number;
}

/** x^y by binary exponentiation, in IR: the multiplications XLA's expansion makes. */
function powIr(x: Exp, y: number): Exp {
  let acc: Exp | undefined;
  let base = x;
  for (let n = Math.abs(y); n > 0; n >>= 1) {
    if (n & 1) acc = acc ? alu('mul', acc, base) : base;
    if (n > 1) base = alu('mul', base, base);
  }
  const pos = acc ?? constant(1, x.dtype);
  return y < 0 ? alu('div', constant(1, x.dtype), pos) : pos;
}

/** JAX's integer_pow_p: x^y for a static integer y, by repeated multiplication. */
export const integerPowP: Primitive<IntegerPowParams> = definePrimitive<IntegerPowParams>('integer_pow', {
  abstractEval: ([x], p) => {
    const [out] = naryAbstractEval('integer_pow', 'number')([x!]);
    if (p.y < 0 && x!.dtype.kind !== 'f' && x!.dtype.kind !== 'c') throw new DtypeError(`lax.integerPow of an integer array to the negative power ${p.y}: convert it to float first.`);
    return [out as ShapedArray];
  },
  jvp: ([x], [t], p) => {
    const out = integerPow(x!, p.y);
    if (p.y === 0) return [[out], [zerosLike(out)]];
    return [[out], [mul(t!, mul(fullLike(x!, p.y), integerPow(x!, p.y - 1)))]];
  },
  batch: (args, dims, p) => elementwiseBatch((xs) => [bind1(integerPowP, xs, p)])(args, dims),
  lower: { kind: 'elementwise', ir: ([x], { params }) => powIr(x!, params.y) },
  complex: ([x], p) => [cintegerPow(asPlanes(x), p.y)],
});

/** Elementwise square: `lax.square(x)`. */
export const square = (x: ArrayLike): Array => bind1(squareP, [asArray(x)]);
/** Elementwise reciprocal square root: `lax.rsqrt(x)`. */
export const rsqrt = (x: ArrayLike): Array => bind1(rsqrtP, [asArray(x)]);
/** Elementwise `isfinite`: `lax.isFinite(x)` (floats only). */
export const isFinite = (x: ArrayLike): Array => bind1(isFiniteP, [asArray(x)]);
/** The next representable value after x in the direction of y: `lax.nextafter(x1, x2)`. */
export const nextafter = (x1: ArrayLike, x2: ArrayLike): Array => {
  const [x, y] = [asArray(x1), asArray(x2)];
  return x.dtype === float16 && y.dtype === float16 ? nextafter16(x, y) : bind1(nextafterP, [x, y]);
};

/**
 * nextafter on float16 by its bit pattern (the kernels step float32 and float64 only): one step
 * of the 16-bit integer, away from zero when y is farther out; from ±0 the smallest subnormal
 * with y's sign; NaN in, NaN out; x == y gives y.
 */
function nextafter16(x: Array, y: Array): Array {
  const c = (v: number) => full(x.shape, v, int32);
  const bits = convertElementType(bitcastConvertType(x, uint16), int32);
  const zero = full(x.shape, 0, float16);
  const away = eq(gt(y, x), gt(x, zero));
  const stepped = add(bits, select(away, c(1), c(-1)));
  const fromZero = bitwiseOr(c(1), bitwiseAnd(convertElementType(bitcastConvertType(y, uint16), int32), c(0x8000)));
  const r = bitcastConvertType(convertElementType(select(eq(x, zero), fromZero, stepped), uint16), float16);
  const nan = bitwiseOr(ne(x, x), ne(y, y));
  return select(nan, add(x, y), select(eq(x, y), y, r));
}
/** Elementwise power x^y for a static integer y: `lax.integerPow(x, y)`. */
export function integerPow(x: ArrayLike, y: number): Array {
  if (!Number.isInteger(y)) throw new TypeError(`lax.integerPow(): y must be an integer, got ${y}; use lax.pow for real exponents.`);
  return bind1(integerPowP as unknown as Primitive, [asArray(x)], { y });
}
/** Elementwise reciprocal: `lax.reciprocal(x)` is `integerPow(x, -1)`. */
export const reciprocal = (x: ArrayLike): Array => integerPow(x, -1);

