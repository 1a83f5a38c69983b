// Elementwise primitives, each with all its rules side by side (JAX's lax.py).
// Operands of an n-ary op have equal shapes and dtypes; jnp inserts broadcasts and casts.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { type DType, bool as boolDtype, castScalar, realDtype } from '../core/dtypes.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, primitives, type Params, type Planes, type PlaneValue, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { shapeEqual } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { alu, cast, where } from '../ir/exp.js';
import { elementwiseBatch } from './batching.js';
import { defineElementwise, type ElementwiseDef, naryAbstractEval } from './elementwiseDef.js';
import { full, fullLike, zerosLike } from './structural.js';
import { asPlanes, cabs, cdiv, cmul, isPlanes, planes, planewise } from './complexPlanes.js';
import { cmaxmin } from './complexOrder.js';
import { ccos, cexp, cexpm1, clog, clog1p, cpow, csign, csin, csqrt, ctan, ctanh } from './complexMath.js';

/** A binary op's complex rule from its action on planes. */
const onPlanes2 = (f: (x: Planes, y: Planes) => PlaneValue) => ([x, y]: PlaneValue[]) => f(asPlanes(x), asPlanes(y));

const un = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const bin = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const isInexact = (d: DType) => d.kind === 'f' || d.kind === 'c';
// abs's jvp needs real_p and conj_p (complex.ts, which imports this file): looked up when it runs.
const realP = () => primitives().get('real')!;
const conjP = () => primitives().get('conj')!;

// --- unary ---
/** The `neg` primitive with its rules (JAX's `lax.neg_p`). */
export const negP = un('neg', {
  kind: 'number',
  ir: ([x]) => alu('neg', x!),
  jvp: (_p, [t]) => neg(t!),
  transpose: (ct) => [neg(ct)],
  complex: ([x]) => planes(neg(asPlanes(x).re), neg(asPlanes(x).im)),
});
/** The `sin` primitive with its rules (JAX's `lax.sin_p`). */
export const sinP = un('sin', { kind: 'float', ir: ([x]) => alu('sin', x!), jvp: ([x], [t]) => mul(t!, cos(x!)), complex: ([x]) => csin(asPlanes(x)) });
/** The `cos` primitive with its rules (JAX's `lax.cos_p`). */
export const cosP = un('cos', { kind: 'float', ir: ([x]) => alu('cos', x!), jvp: ([x], [t]) => mul(t!, neg(sin(x!))), complex: ([x]) => ccos(asPlanes(x)) });
/** The `tan` primitive with its rules (JAX's `lax.tan_p`). */
export const tanP = un('tan', {
  kind: 'float',
  ir: ([x]) => alu('tan', x!),
  jvp: (_p, [t], y) => mul(t!, add(fullLike(y, 1), mul(y, y))),
  complex: ([x]) => ctan(asPlanes(x)),
});
/** The `tanh` primitive with its rules (JAX's `lax.tanh_p`). */
export const tanhP = un('tanh', {
  kind: 'float',
  ir: ([x]) => alu('tanh', x!),
  jvp: (_p, [t], y) => mul(t!, sub(fullLike(y, 1), mul(y, y))),
  complex: ([x]) => ctanh(asPlanes(x)),
});
/** The `exp` primitive with its rules (JAX's `lax.exp_p`). */
export const expP = un('exp', { kind: 'float', ir: ([x]) => alu('exp', x!), jvp: (_p, [t], y) => mul(t!, y), complex: ([x]) => cexp(asPlanes(x)) });
/** The `log` primitive with its rules (JAX's `lax.log_p`). */
export const logP = un('log', { kind: 'float', ir: ([x]) => alu('log', x!), jvp: ([x], [t]) => div(t!, x!), complex: ([x]) => clog(asPlanes(x)) });
/** The `log1p` primitive with its rules (JAX's `lax.log1p_p`). */
export const log1pP = un('log1p', {
  kind: 'float',
  ir: ([x]) => alu('log1p', x!),
  jvp: ([x], [t]) => div(t!, add(x!, fullLike(x!, 1))),
  complex: ([x]) => clog1p(asPlanes(x)),
});
/** The `expm1` primitive with its rules (JAX's `lax.expm1_p`). */
export const expm1P = un('expm1', {
  kind: 'float',
  ir: ([x]) => alu('expm1', x!),
  jvp: (_p, [t], y) => mul(t!, add(y, fullLike(y, 1))),
  complex: ([x]) => cexpm1(asPlanes(x)),
});
/** The `sqrt` primitive with its rules (JAX's `lax.sqrt_p`). */
export const sqrtP = un('sqrt', {
  kind: 'float',
  ir: ([x]) => alu('sqrt', x!),
  jvp: (_p, [t], y) => div(t!, mul(fullLike(y, 2), y)),
  complex: ([x]) => csqrt(asPlanes(x)),
});
/** The `abs` primitive with its rules (JAX's `lax.abs_p`). */
export const absP = un('abs', {
  kind: 'number',
  // |x| of a complex x is real.
  outDtype: realDtype,
  ir: ([x]) => alu('abs', x!),
  // JAX's rule: select(x >= 0, t, -t), so the derivative at 0 (and -0) is 1, not sign(0) = 0;
  // for complex x, real(t·conj(x)/|x|) with |x| = 0 replaced by 1.
  jvp: ([x], [t], y) => {
    if (x!.dtype.kind !== 'c') return select(ge(x!, fullLike(x!, 0)), t!, neg(t!));
    const denom = convertElementType(select(eq(y, fullLike(y, 0)), fullLike(y, 1), y), x!.dtype);
    return bind1(realP(), [mul(t!, div(bind1(conjP(), [x!], { inputDtype: x!.dtype }), denom))]);
  },
  complex: ([x]) => cabs(asPlanes(x)),
});
/** The `sign` primitive with its rules (JAX's `lax.sign_p`). */
export const signP = un('sign', { kind: 'number', ir: ([x]) => alu('sign', x!), complex: ([x]) => csign(asPlanes(x)) });
/** The `floor` primitive with its rules (JAX's `lax.floor_p`). */
export const floorP = un('floor', { kind: 'float', ir: ([x]) => alu('floor', x!) });
/** The `ceil` primitive with its rules (JAX's `lax.ceil_p`). */
export const ceilP = un('ceil', { kind: 'float', ir: ([x]) => alu('ceil', x!) });
// numpy rounds half to even.
/** The `round` primitive with its rules (JAX's `lax.round_p`). */
export const roundP = un('round', { kind: 'float', ir: ([x]) => alu('round', x!) });
/** The `not` primitive with its rules (JAX's `lax.not_p`). */
export const notP = un('not', { kind: 'bool', ir: ([x]) => alu('not', x!) });

// --- binary ---
/** The `add` primitive with its rules (JAX's `lax.add_p`). */
export const addP = bin('add', {
  kind: 'any',
  ir: ([x, y]) => alu('add', x!, y!),
  jvp: (_p, [tx, ty]) => add(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? ct : null],
  complex: onPlanes2((x, y) => planes(add(x.re, y.re), add(x.im, y.im))),
});
/** The `sub` primitive with its rules (JAX's `lax.sub_p`). */
export const subP = bin('sub', {
  kind: 'number',
  ir: ([x, y]) => alu('sub', x!, y!),
  jvp: (_p, [tx, ty]) => sub(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? neg(ct) : null],
  complex: onPlanes2((x, y) => planes(sub(x.re, y.re), sub(x.im, y.im))),
});
/** The `mul` primitive with its rules (JAX's `lax.mul_p`). */
export const mulP = bin('mul', {
  kind: 'any',
  ir: ([x, y]) => alu('mul', x!, y!),
  jvp: ([x, y], [tx, ty]) => add(mul(tx!, y!), mul(x!, ty!)),
  transpose: (ct, [x, y]) => {
    if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) throw new Error('internal: mul of two linear values');
    return x instanceof UndefinedPrimal ? [mul(ct, y as Array), null] : [null, mul(x, ct)];
  },
  complex: onPlanes2(cmul),
});
/** The `div` primitive with its rules (JAX's `lax.div_p`). */
export const divP = bin('div', {
  kind: 'number',
  // Integer division truncates toward zero, as lax.div does.
  ir: ([x, y]) => alu('div', x!, y!),
  jvp: ([x, y], [tx, ty], out) => sub(div(tx!, y!), mul(ty!, div(out, y!))),
  transpose: (ct, [x, y]) => {
    if (y instanceof UndefinedPrimal) throw new Error('internal: div by a linear value');
    return [x instanceof UndefinedPrimal ? div(ct, y) : null, null];
  },
  complex: onPlanes2(cdiv),
});
/** The `pow` primitive with its rules (JAX's `lax.pow_p`). */
export const powP = bin('pow', {
  kind: 'float',
  ir: ([x, y]) => alu('pow', x!, y!),
  jvp: ([x, y], [tx, ty], out) => {
    // d(x^y) = y x^(y-1) dx + log(x) x^y dy, with 0 where x == 0 for the second term (as JAX).
    const dx = mul(tx!, mul(y!, pow(x!, sub(y!, fullLike(y!, 1)))));
    const logx = select(eq(x!, fullLike(x!, 0)), fullLike(x!, 0), log(x!));
    return add(dx, mul(ty!, mul(logx, out)));
  },
  complex: onPlanes2(cpow),
});
/** The `max` primitive with its rules (JAX's `lax.max_p`). */
export const maxP = bin('max', {
  kind: 'any',
  ir: ([x, y]) => alu('max', x!, y!),
  // Ties split the tangent evenly, as JAX does.
  jvp: ([x, y], [tx, ty], out) => minmaxJvp(x!, y!, tx!, ty!, out),
  complex: onPlanes2((x, y) => cmaxmin(x, y, 'gt')),
});
/** The `min` primitive with its rules (JAX's `lax.min_p`). */
export const minP = bin('min', {
  kind: 'any',
  ir: ([x, y]) => alu('min', x!, y!),
  jvp: ([x, y], [tx, ty], out) => minmaxJvp(x!, y!, tx!, ty!, out),
  complex: onPlanes2((x, y) => cmaxmin(x, y, 'lt')),
});
/** The `rem` primitive with its rules (JAX's `lax.rem_p`). */
export const remP = bin('rem', {
  kind: 'number',
  ir: ([x, y]) => alu('rem', x!, y!),
  jvp: ([x, y], [tx, ty]) => sub(tx!, mul(ty!, trunc(div(x!, y!)))),
});
/** The `and` primitive with its rules (JAX's `lax.and_p`). */
export const andP = bin('and', { kind: 'bool', ir: ([x, y]) => alu('and', x!, y!) });
/** The `or` primitive with its rules (JAX's `lax.or_p`). */
export const orP = bin('or', { kind: 'bool', ir: ([x, y]) => alu('or', x!, y!) });

/** JAX's max/min jvp: each tangent where its operand is the result `z`, halved where both are (_balanced_eq; a NaN result takes neither). */
function minmaxJvp(x: Array, y: Array, tx: Array, ty: Array, z: Array): Array {
  const weight = (a: Array, b: Array) => select(eq(a, z), select(eq(b, z), fullLike(tx, 0.5), fullLike(tx, 1)), fullLike(tx, 0));
  return add(mul(tx, weight(x, y)), mul(ty, weight(y, x)));
}

function trunc(x: Array): Array {
  return select(lt(x, fullLike(x, 0)), ceil(x), floor(x));
}

// --- comparisons (bool results, no derivative) ---
const cmp = (name: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', complex?: ElementwiseDef['complex']) =>
  bin(name, { kind: 'any', outDtype: boolDtype, ir: ([x, y]) => alu(name, x!, y!), complex });
/** The `eq` primitive with its rules (JAX's `lax.eq_p`); complex numbers are equal when both parts are. */
export const eqP = cmp('eq', onPlanes2((x, y) => bitwiseAnd(eq(x.re, y.re), eq(x.im, y.im))));
/** The `ne` primitive with its rules (JAX's `lax.ne_p`). */
export const neP = cmp('ne', onPlanes2((x, y) => bitwiseOr(ne(x.re, y.re), ne(x.im, y.im))));
/** The `lt` primitive with its rules (JAX's `lax.lt_p`). */
export const ltP = cmp('lt');
/** The `le` primitive with its rules (JAX's `lax.le_p`). */
export const leP = cmp('le');
/** The `gt` primitive with its rules (JAX's `lax.gt_p`). */
export const gtP = cmp('gt');
/** The `ge` primitive with its rules (JAX's `lax.ge_p`). */
export const geP = cmp('ge');

// --- select_n(pred, *cases): lax.select_n with a boolean predicate and two cases ---
/** The `selectN` primitive with its rules (JAX's `lax.select_n_p`). */
export const selectNP: Primitive = definePrimitive('select_n', {
  abstractEval: ([p, ...cases]) => {
    if (p!.dtype.kind !== 'b') throw new DtypeError(`select_n needs a bool predicate, got ${p!.dtype.name}.`);
    const [out] = naryAbstractEval('select_n', 'any')(cases);
    if (!shapeEqual(p!.shape, out!.shape) && p!.ndim !== 0) throw new ShapeError(`select_n predicate shape ${p!.str()} does not match ${out!.str()}.`);
    return [out!];
  },
  jvp: ([p, ...cases], [, ...tcases]) => [[bind1(selectNP, [p!, ...cases])], [bind1(selectNP, [p!, ...tcases])]],
  transpose: ([ct], [p, ...cases]) => {
    if (p instanceof UndefinedPrimal) throw new Error('internal: linear predicate');
    const z = zerosLike(ct!);
    return [null, ...cases.map((c, i) => (c instanceof UndefinedPrimal ? bind1(selectNP, [p, ...cases.map((_, j) => (j === i ? ct! : z))]) : null))];
  },
  batch: elementwiseBatch((args) => [bind1(selectNP, args)]),
  lower: { kind: 'elementwise', ir: ([p, onFalse, onTrue]) => (onTrue ? where(p!, onTrue, onFalse!) : onFalse!) },
  complex: planewise(() => selectNP),
});

// --- convert_element_type ---
/** Parameters of `convert_element_type`: the new dtype and whether the result is weakly typed. */
export interface ConvertParams extends Params {
  newDtype: DType;
  weakType: boolean;
}
/** The `convert_element_type` primitive with its rules (JAX's `lax.convert_element_type_p`). */
export const convertElementTypeP: Primitive<ConvertParams> = definePrimitive<ConvertParams>('convert_element_type', {
  abstractEval: ([x], p) => [new ShapedArray(x!.shape, p.newDtype, p.weakType)],
  jvp: ([x], [t], p) => {
    const out = convertElementType(x!, p.newDtype, p.weakType);
    const tOut = isInexact(p.newDtype) && isInexact(x!.dtype) ? convertElementType(t!, p.newDtype, p.weakType) : zerosLike(out);
    return [[out], [tOut]];
  },
  transpose: ([ct], [x]) => {
    const a = (x as UndefinedPrimal).aval;
    return [convertElementType(ct!, a.dtype, a.weakType)];
  },
  batch: ([x], [d], p) => [[convertElementType(x!, p.newDtype, p.weakType)], [d!]],
  // Float → int truncates and saturates (NaN → 0), as XLA on CPU; int → int wraps.
  lower: { kind: 'elementwise', ir: ([x], { params }) => cast(x!, params.newDtype) },
  // Real → complex: value + 0i; complex → real: the real part (JAX, with numpy's ComplexWarning);
  // complex → bool: either part nonzero.
  complex: ([x], p) => {
    const to = p.newDtype;
    if (to.kind === 'c') {
      const part = realDtype(to);
      if (!isPlanes(x!)) return [planes(convertElementType(x, part, p.weakType), zerosLike(convertElementType(x, part, p.weakType)))];
      const c = asPlanes(x);
      return [planes(convertElementType(c.re, part, p.weakType), convertElementType(c.im, part, p.weakType))];
    }
    const c = asPlanes(x);
    if (to.kind === 'b') return [bitwiseOr(ne(c.re, zerosLike(c.re)), ne(c.im, zerosLike(c.im)))];
    return [convertElementType(c.re, to, p.weakType)];
  },
});

// --- public lax functions ---
/** Elementwise negation: `-x` (JAX's `lax.neg`). */
export const neg = (x: Array) => bind1(negP, [x]);
/** Elementwise sine: `sin(x)` (JAX's `lax.sin`); float operands only. */
export const sin = (x: Array) => bind1(sinP, [x]);
/** Elementwise cosine: `cos(x)` (JAX's `lax.cos`); float operands only. */
export const cos = (x: Array) => bind1(cosP, [x]);
/** Elementwise tangent: `tan(x)` (JAX's `lax.tan`); float operands only. */
export const tan = (x: Array) => bind1(tanP, [x]);
/** Elementwise hyperbolic tangent: `tanh(x)` (JAX's `lax.tanh`); float operands only. */
export const tanh = (x: Array) => bind1(tanhP, [x]);
/** Elementwise exponential: `e^x` (JAX's `lax.exp`); float operands only. */
export const exp = (x: Array) => bind1(expP, [x]);
/** Elementwise natural logarithm: `ln(x)` (JAX's `lax.log`); float operands only. */
export const log = (x: Array) => bind1(logP, [x]);
/** Elementwise `ln(1 + x)`, accurate near 0 (JAX's `lax.log1p`). */
export const log1p = (x: Array) => bind1(log1pP, [x]);
/** Elementwise `e^x - 1`, accurate near 0 (JAX's `lax.expm1`). */
export const expm1 = (x: Array) => bind1(expm1P, [x]);
/** Elementwise square root (JAX's `lax.sqrt`); float operands only. */
export const sqrt = (x: Array) => bind1(sqrtP, [x]);
/** Elementwise absolute value `|x|` (JAX's `lax.abs`). */
export const abs = (x: Array) => bind1(absP, [x]);
/** Elementwise sign: -1, 0 or 1 (JAX's `lax.sign`). */
export const sign = (x: Array) => bind1(signP, [x]);
/** Elementwise floor (JAX's `lax.floor`); float operands only. */
export const floor = (x: Array) => bind1(floorP, [x]);
/** Elementwise ceiling (JAX's `lax.ceil`); float operands only. */
export const ceil = (x: Array) => bind1(ceilP, [x]);
/** Elementwise rounding to the nearest integer, halves to even (JAX's `lax.round` with `ROUND_TO_NEAREST_EVEN`). */
export const round = (x: Array) => bind1(roundP, [x]);
/** Elementwise NOT: logical for bool, bitwise for integers (JAX's `lax.bitwise_not`). */
export const bitwiseNot = (x: Array) => bind1(notP, [x]);
/** Elementwise addition `x + y` of equal shapes and dtypes (JAX's `lax.add`). */
export const add = (x: Array, y: Array) => bind1(addP, [x, y]);
/** Elementwise subtraction `x - y` (JAX's `lax.sub`). */
export const sub = (x: Array, y: Array) => bind1(subP, [x, y]);
/** Elementwise multiplication `x * y` (JAX's `lax.mul`). */
export const mul = (x: Array, y: Array) => bind1(mulP, [x, y]);
/** Elementwise division `x / y`; integers round toward zero (JAX's `lax.div`). */
export const div = (x: Array, y: Array) => bind1(divP, [x, y]);
/** Elementwise power `x ** y` (JAX's `lax.pow`). */
export const pow = (x: Array, y: Array) => bind1(powP, [x, y]);
/** Elementwise maximum; NaN if either is NaN (JAX's `lax.max`). */
export const max = (x: Array, y: Array) => bind1(maxP, [x, y]);
/** Elementwise minimum; NaN if either is NaN (JAX's `lax.min`). */
export const min = (x: Array, y: Array) => bind1(minP, [x, y]);
/** Elementwise remainder with the sign of `x`, as C's fmod (JAX's `lax.rem`). */
export const rem = (x: Array, y: Array) => bind1(remP, [x, y]);
/** Elementwise AND: logical for bool, bitwise for integers (JAX's `lax.bitwise_and`). */
export const bitwiseAnd = (x: Array, y: Array) => bind1(andP, [x, y]);
/** Elementwise OR: logical for bool, bitwise for integers (JAX's `lax.bitwise_or`). */
export const bitwiseOr = (x: Array, y: Array) => bind1(orP, [x, y]);
/** Elementwise `x == y`, a bool array (JAX's `lax.eq`). */
export const eq = (x: Array, y: Array) => bind1(eqP, [x, y]);
/** Elementwise `x != y`, a bool array (JAX's `lax.ne`). */
export const ne = (x: Array, y: Array) => bind1(neP, [x, y]);
/** Elementwise `x < y`, a bool array (JAX's `lax.lt`). */
export const lt = (x: Array, y: Array) => bind1(ltP, [x, y]);
/** Elementwise `x <= y`, a bool array (JAX's `lax.le`). */
export const le = (x: Array, y: Array) => bind1(leP, [x, y]);
/** Elementwise `x > y`, a bool array (JAX's `lax.gt`). */
export const gt = (x: Array, y: Array) => bind1(gtP, [x, y]);
/** Elementwise `x >= y`, a bool array (JAX's `lax.ge`). */
export const ge = (x: Array, y: Array) => bind1(geP, [x, y]);
/** Elementwise choice: `onTrue` where `pred` is true, else `onFalse` (JAX's `lax.select`; = `select_n(pred, onFalse, onTrue)`). */
export const select = (pred: Array, onTrue: Array, onFalse: Array) => bind1(selectNP, [pred, onFalse, onTrue]);
/** Elementwise cast to `newDtype` (JAX's `lax.convert_element_type`): float → int truncates and saturates, NaN → 0. */
export function convertElementType(x: Array, newDtype: DType, weakType = false): Array {
  if (x.dtype === newDtype && x.weakType === weakType) return x;
  // JS scalars convert at trace time, as JAX folds Python scalars (they stay literals in jaxprs).
  if (x instanceof DeviceArray && x.scalarValue !== undefined) return DeviceArray.scalar(castScalar(x.scalarValue, newDtype, x.dtype), newDtype, weakType);
  return bind1(convertElementTypeP as unknown as Primitive, [x], { newDtype, weakType });
}
export { full };
