// Elementwise primitives, each with all its rules side by side (JAX's lax.py).
// Operands of an n-ary op have equal shapes and dtypes; jnp inserts broadcasts and casts.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { type DType, bool as boolDtype, castScalar } from '../core/dtypes.js';
import { DeviceArray } from '../core/deviceArray.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { shapeEqual } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { alu, cast, where } from '../ir/exp.js';
import { elementwiseBatch } from './batching.js';
import { defineElementwise, type ElementwiseDef, naryAbstractEval } from './elementwiseDef.js';
import { full, fullLike, zerosLike } from './structural.js';

const un = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const bin = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const isFloat = (d: DType) => d.kind === 'f';

// --- unary ---
export const negP = un('neg', {
  kind: 'number',
  ir: ([x]) => alu('neg', x!),
  jvp: (_p, [t]) => neg(t!),
  transpose: (ct) => [neg(ct)],
});
export const sinP = un('sin', { kind: 'float', ir: ([x]) => alu('sin', x!), jvp: ([x], [t]) => mul(t!, cos(x!)) });
export const cosP = un('cos', { kind: 'float', ir: ([x]) => alu('cos', x!), jvp: ([x], [t]) => mul(t!, neg(sin(x!))) });
export const tanP = un('tan', {
  kind: 'float',
  ir: ([x]) => alu('tan', x!),
  jvp: (_p, [t], y) => mul(t!, add(fullLike(y, 1), mul(y, y))),
});
export const tanhP = un('tanh', {
  kind: 'float',
  ir: ([x]) => alu('tanh', x!),
  jvp: (_p, [t], y) => mul(t!, sub(fullLike(y, 1), mul(y, y))),
});
export const expP = un('exp', { kind: 'float', ir: ([x]) => alu('exp', x!), jvp: (_p, [t], y) => mul(t!, y) });
export const logP = un('log', { kind: 'float', ir: ([x]) => alu('log', x!), jvp: ([x], [t]) => div(t!, x!) });
export const log1pP = un('log1p', {
  kind: 'float',
  ir: ([x]) => alu('log1p', x!),
  jvp: ([x], [t]) => div(t!, add(x!, fullLike(x!, 1))),
});
export const expm1P = un('expm1', {
  kind: 'float',
  ir: ([x]) => alu('expm1', x!),
  jvp: (_p, [t], y) => mul(t!, add(y, fullLike(y, 1))),
});
export const sqrtP = un('sqrt', {
  kind: 'float',
  ir: ([x]) => alu('sqrt', x!),
  jvp: (_p, [t], y) => div(t!, mul(fullLike(y, 2), y)),
});
export const absP = un('abs', {
  kind: 'number',
  ir: ([x]) => alu('abs', x!),
  jvp: ([x], [t]) => mul(t!, sign(x!)),
});
export const signP = un('sign', { kind: 'number', ir: ([x]) => alu('sign', x!) });
export const floorP = un('floor', { kind: 'float', ir: ([x]) => alu('floor', x!) });
export const ceilP = un('ceil', { kind: 'float', ir: ([x]) => alu('ceil', x!) });
// numpy rounds half to even.
export const roundP = un('round', { kind: 'float', ir: ([x]) => alu('round', x!) });
export const notP = un('not', { kind: 'bool', ir: ([x]) => alu('not', x!) });

// --- binary ---
export const addP = bin('add', {
  kind: 'any',
  ir: ([x, y]) => alu('add', x!, y!),
  jvp: (_p, [tx, ty]) => add(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? ct : null],
});
export const subP = bin('sub', {
  kind: 'number',
  ir: ([x, y]) => alu('sub', x!, y!),
  jvp: (_p, [tx, ty]) => sub(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? neg(ct) : null],
});
export const mulP = bin('mul', {
  kind: 'any',
  ir: ([x, y]) => alu('mul', x!, y!),
  jvp: ([x, y], [tx, ty]) => add(mul(tx!, y!), mul(x!, ty!)),
  transpose: (ct, [x, y]) => {
    if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) throw new Error('internal: mul of two linear values');
    return x instanceof UndefinedPrimal ? [mul(ct, y as Array), null] : [null, mul(x, ct)];
  },
});
export const divP = bin('div', {
  kind: 'number',
  // Integer division truncates toward zero, as lax.div does.
  ir: ([x, y]) => alu('div', x!, y!),
  jvp: ([x, y], [tx, ty], out) => sub(div(tx!, y!), mul(ty!, div(out, y!))),
  transpose: (ct, [x, y]) => {
    if (y instanceof UndefinedPrimal) throw new Error('internal: div by a linear value');
    return [x instanceof UndefinedPrimal ? div(ct, y) : null, null];
  },
});
export const powP = bin('pow', {
  kind: 'float',
  ir: ([x, y]) => alu('pow', x!, y!),
  jvp: ([x, y], [tx, ty], out) => {
    // d(x^y) = y x^(y-1) dx + log(x) x^y dy, with 0 where x == 0 for the second term (as JAX).
    const dx = mul(tx!, mul(y!, pow(x!, sub(y!, fullLike(y!, 1)))));
    const logx = select(eq(x!, fullLike(x!, 0)), fullLike(x!, 0), log(x!));
    return add(dx, mul(ty!, mul(logx, out)));
  },
});
export const maxP = bin('max', {
  kind: 'any',
  ir: ([x, y]) => alu('max', x!, y!),
  // Ties split the tangent evenly, as JAX does.
  jvp: ([x, y], [tx, ty]) => minmaxJvp(x!, y!, tx!, ty!, gt),
});
export const minP = bin('min', {
  kind: 'any',
  ir: ([x, y]) => alu('min', x!, y!),
  jvp: ([x, y], [tx, ty]) => minmaxJvp(x!, y!, tx!, ty!, lt),
});
export const remP = bin('rem', {
  kind: 'number',
  ir: ([x, y]) => alu('rem', x!, y!),
  jvp: ([x, y], [tx, ty]) => sub(tx!, mul(ty!, trunc(div(x!, y!)))),
});
export const andP = bin('and', { kind: 'bool', ir: ([x, y]) => alu('and', x!, y!) });
export const orP = bin('or', { kind: 'bool', ir: ([x, y]) => alu('or', x!, y!) });

function minmaxJvp(x: Array, y: Array, tx: Array, ty: Array, pick: (a: Array, b: Array) => Array): Array {
  const half = fullLike(tx, 0.5);
  const tie = mul(add(tx, ty), half);
  return select(eq(x, y), tie, select(pick(x, y), tx, ty));
}

function trunc(x: Array): Array {
  return select(lt(x, fullLike(x, 0)), ceil(x), floor(x));
}

// --- comparisons (bool results, no derivative) ---
const cmp = (name: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge') => bin(name, { kind: 'any', outDtype: boolDtype, ir: ([x, y]) => alu(name, x!, y!) });
export const eqP = cmp('eq');
export const neP = cmp('ne');
export const ltP = cmp('lt');
export const leP = cmp('le');
export const gtP = cmp('gt');
export const geP = cmp('ge');

// --- select_n(pred, *cases): lax.select_n with a boolean predicate and two cases ---
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
});

// --- convert_element_type ---
export interface ConvertParams extends Params {
  newDtype: DType;
  weakType: boolean;
}
export const convertElementTypeP: Primitive<ConvertParams> = definePrimitive<ConvertParams>('convert_element_type', {
  abstractEval: ([x], p) => [new ShapedArray(x!.shape, p.newDtype, p.weakType)],
  jvp: ([x], [t], p) => {
    const out = convertElementType(x!, p.newDtype, p.weakType);
    const tOut = isFloat(p.newDtype) && isFloat(x!.dtype) ? convertElementType(t!, p.newDtype, p.weakType) : zerosLike(out);
    return [[out], [tOut]];
  },
  transpose: ([ct], [x]) => {
    const a = (x as UndefinedPrimal).aval;
    return [convertElementType(ct!, a.dtype, a.weakType)];
  },
  batch: ([x], [d], p) => [[convertElementType(x!, p.newDtype, p.weakType)], [d!]],
  // Float → int truncates and saturates (NaN → 0), as XLA on CPU; int → int wraps.
  lower: { kind: 'elementwise', ir: ([x], { params }) => cast(x!, params.newDtype) },
});

// --- public lax functions ---
export const neg = (x: Array) => bind1(negP, [x]);
export const sin = (x: Array) => bind1(sinP, [x]);
export const cos = (x: Array) => bind1(cosP, [x]);
export const tan = (x: Array) => bind1(tanP, [x]);
export const tanh = (x: Array) => bind1(tanhP, [x]);
export const exp = (x: Array) => bind1(expP, [x]);
export const log = (x: Array) => bind1(logP, [x]);
export const log1p = (x: Array) => bind1(log1pP, [x]);
export const expm1 = (x: Array) => bind1(expm1P, [x]);
export const sqrt = (x: Array) => bind1(sqrtP, [x]);
export const abs = (x: Array) => bind1(absP, [x]);
export const sign = (x: Array) => bind1(signP, [x]);
export const floor = (x: Array) => bind1(floorP, [x]);
export const ceil = (x: Array) => bind1(ceilP, [x]);
export const round = (x: Array) => bind1(roundP, [x]);
export const bitwiseNot = (x: Array) => bind1(notP, [x]);
export const add = (x: Array, y: Array) => bind1(addP, [x, y]);
export const sub = (x: Array, y: Array) => bind1(subP, [x, y]);
export const mul = (x: Array, y: Array) => bind1(mulP, [x, y]);
export const div = (x: Array, y: Array) => bind1(divP, [x, y]);
export const pow = (x: Array, y: Array) => bind1(powP, [x, y]);
export const max = (x: Array, y: Array) => bind1(maxP, [x, y]);
export const min = (x: Array, y: Array) => bind1(minP, [x, y]);
export const rem = (x: Array, y: Array) => bind1(remP, [x, y]);
export const bitwiseAnd = (x: Array, y: Array) => bind1(andP, [x, y]);
export const bitwiseOr = (x: Array, y: Array) => bind1(orP, [x, y]);
export const eq = (x: Array, y: Array) => bind1(eqP, [x, y]);
export const ne = (x: Array, y: Array) => bind1(neP, [x, y]);
export const lt = (x: Array, y: Array) => bind1(ltP, [x, y]);
export const le = (x: Array, y: Array) => bind1(leP, [x, y]);
export const gt = (x: Array, y: Array) => bind1(gtP, [x, y]);
export const ge = (x: Array, y: Array) => bind1(geP, [x, y]);
/** lax.select(pred, onTrue, onFalse) = select_n(pred, onFalse, onTrue). */
export const select = (pred: Array, onTrue: Array, onFalse: Array) => bind1(selectNP, [pred, onFalse, onTrue]);
export function convertElementType(x: Array, newDtype: DType, weakType = false): Array {
  if (x.dtype === newDtype && x.weakType === weakType) return x;
  // JS scalars convert at trace time, as JAX folds Python scalars (they stay literals in jaxprs).
  if (x instanceof DeviceArray && x.scalarValue !== undefined) return DeviceArray.scalar(castScalar(x.scalarValue, newDtype, x.dtype), newDtype, weakType);
  return bind1(convertElementTypeP as unknown as Primitive, [x], { newDtype, weakType });
}
export { full };
