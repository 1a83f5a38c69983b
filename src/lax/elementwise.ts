// Elementwise primitives, each with all its rules side by side (JAX's lax.py).
// Operands of an n-ary op have equal shapes and dtypes; jnp inserts broadcasts and casts.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { type DType, bool as boolDtype } from '../core/dtypes.js';
import { DeviceArray } from '../core/deviceArray.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { shapeEqual } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import type { WasmOp } from '../compiler/lowering.js';
import { elementwiseBatch } from './batching.js';
import { full, fullLike, zerosLike } from './structural.js';

type Kind = 'float' | 'number' | 'int' | 'bool' | 'any';

function checkKind(name: string, d: DType, kind: Kind): void {
  const ok =
    kind === 'any' ||
    (kind === 'float' && d.kind === 'f') ||
    (kind === 'number' && d.kind !== 'b') ||
    (kind === 'int' && (d.kind === 'i' || d.kind === 'u')) ||
    (kind === 'bool' && (d.kind === 'b' || d.kind === 'i' || d.kind === 'u'));
  if (!ok) throw new DtypeError(`${name} does not accept dtype ${d.name}; convert it first (e.g. x.astype('float32')).`);
}

/** Abstract eval of an n-ary elementwise op; `outDtype` overrides the result dtype (comparisons). */
function naryAbstractEval(name: string, kind: Kind, outDtype?: DType) {
  return (avals: ShapedArray[]): ShapedArray[] => {
    const a0 = avals[0]!;
    for (const a of avals) {
      if (!shapeEqual(a.shape, a0.shape))
        throw new ShapeError(`${name} needs equal shapes, got ${avals.map((x) => x.str()).join(' and ')}; broadcast first (jnp functions do this).`);
      if (a.dtype !== a0.dtype) throw new DtypeError(`${name} needs equal dtypes, got ${avals.map((x) => x.dtype.name).join(' and ')}.`);
    }
    checkKind(name, a0.dtype, kind);
    const weak = outDtype ? false : avals.every((a) => a.weakType);
    return [new ShapedArray(a0.shape, outDtype ?? a0.dtype, weak)];
  };
}

type Jvp = (primals: Array[], tangents: Array[], out: Array) => Array;

interface ElementwiseDef {
  kind: Kind;
  expr: (ins: string[], dtype: DType) => string;
  /** Tangent of the output from primal inputs, tangents and the primal output. */
  jvp?: Jvp;
  transpose?: (ct: Array, args: (Array | UndefinedPrimal)[]) => (Array | null)[];
  outDtype?: DType;
  /** The WebAssembly form of the op (see WasmOp). */
  wasm?: WasmOp;
}

/** WebAssembly opcodes of an IEEE-exact op: [f32, f64]. */
const native = (f32: number, f64: number): WasmOp => ({ native: { f32, f64 } });

function defineElementwise(name: string, def: ElementwiseDef): Primitive {
  const prim: Primitive = definePrimitive(name, {
    abstractEval: naryAbstractEval(name, def.kind, def.outDtype),
    jvp: (primals, tangents) => {
      const out = bind1(prim, primals);
      if (!def.jvp) return [[out], [zerosLike(out)]];
      return [[out], [def.jvp(primals, tangents, out)]];
    },
    transpose: def.transpose ? (cts, args) => def.transpose!(cts[0] ?? zerosFor(args), args) : undefined,
    batch: elementwiseBatch((args) => [bind1(prim, args)]),
    lower: { kind: 'elementwise', expr: (ins, info) => def.expr(ins, info.inAvals[0]!.dtype), wasm: () => def.wasm ?? null },
  });
  return prim;
}

function zerosFor(args: (Array | UndefinedPrimal)[]): Array {
  const a = args.find((x) => x instanceof UndefinedPrimal) as UndefinedPrimal;
  return full(a.aval.shape, 0, a.aval.dtype, a.aval.weakType);
}

const un = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const bin = (name: string, def: ElementwiseDef) => defineElementwise(name, def);
const isFloat = (d: DType) => d.kind === 'f';

// --- unary ---
export const negP = un('neg', {
  wasm: native(0x8c, 0x9a),
  kind: 'number',
  expr: ([x]) => `-${x}`,
  jvp: (_p, [t]) => neg(t!),
  transpose: (ct) => [neg(ct)],
});
export const sinP = un('sin', { wasm: { math: 'sin' }, kind: 'float', expr: ([x]) => `Math.sin(${x})`, jvp: ([x], [t]) => mul(t!, cos(x!)) });
export const cosP = un('cos', { wasm: { math: 'cos' }, kind: 'float', expr: ([x]) => `Math.cos(${x})`, jvp: ([x], [t]) => mul(t!, neg(sin(x!))) });
export const tanP = un('tan', {
  wasm: { math: 'tan' },
  kind: 'float',
  expr: ([x]) => `Math.tan(${x})`,
  jvp: (_p, [t], y) => mul(t!, add(fullLike(y, 1), mul(y, y))),
});
export const tanhP = un('tanh', {
  wasm: { math: 'tanh' },
  kind: 'float',
  expr: ([x]) => `Math.tanh(${x})`,
  jvp: (_p, [t], y) => mul(t!, sub(fullLike(y, 1), mul(y, y))),
});
export const expP = un('exp', { wasm: { math: 'exp' }, kind: 'float', expr: ([x]) => `Math.exp(${x})`, jvp: (_p, [t], y) => mul(t!, y) });
export const logP = un('log', { wasm: { math: 'log' }, kind: 'float', expr: ([x]) => `Math.log(${x})`, jvp: ([x], [t]) => div(t!, x!) });
export const log1pP = un('log1p', {
  wasm: { math: 'log1p' },
  kind: 'float',
  expr: ([x]) => `Math.log1p(${x})`,
  jvp: ([x], [t]) => div(t!, add(x!, fullLike(x!, 1))),
});
export const expm1P = un('expm1', {
  wasm: { math: 'expm1' },
  kind: 'float',
  expr: ([x]) => `Math.expm1(${x})`,
  jvp: (_p, [t], y) => mul(t!, add(y, fullLike(y, 1))),
});
export const sqrtP = un('sqrt', {
  wasm: native(0x91, 0x9f),
  kind: 'float',
  expr: ([x]) => `Math.sqrt(${x})`,
  jvp: (_p, [t], y) => div(t!, mul(fullLike(y, 2), y)),
});
export const absP = un('abs', {
  wasm: native(0x8b, 0x99),
  kind: 'number',
  expr: ([x], d) => (d.kind === 'u' ? x! : `Math.abs(${x})`),
  jvp: ([x], [t]) => mul(t!, sign(x!)),
});
export const signP = un('sign', { kind: 'number', expr: ([x], d) => (d.kind === 'u' ? `(${x} > 0 ? 1 : 0)` : `Math.sign(${x})`) });
export const floorP = un('floor', { wasm: native(0x8e, 0x9c), kind: 'float', expr: ([x]) => `Math.floor(${x})` });
export const ceilP = un('ceil', { wasm: native(0x8d, 0x9b), kind: 'float', expr: ([x]) => `Math.ceil(${x})` });
// numpy rounds half to even.
export const roundP = un('round', { wasm: native(0x90, 0x9e), kind: 'float', expr: ([x]) => `roundHalfEven(${x})` });
export const notP = un('not', { kind: 'bool', expr: ([x], d) => (d.kind === 'b' ? `(${x} ? 0 : 1)` : `~${x}`) });

// --- binary ---
export const addP = bin('add', {
  wasm: native(0x92, 0xa0),
  kind: 'any',
  expr: ([x, y], d) => (d.kind === 'b' ? `(${x} | ${y})` : `${x} + ${y}`),
  jvp: (_p, [tx, ty]) => add(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? ct : null],
});
export const subP = bin('sub', {
  wasm: native(0x93, 0xa1),
  kind: 'number',
  expr: ([x, y]) => `${x} - ${y}`,
  jvp: (_p, [tx, ty]) => sub(tx!, ty!),
  transpose: (ct, [x, y]) => [x instanceof UndefinedPrimal ? ct : null, y instanceof UndefinedPrimal ? neg(ct) : null],
});
export const mulP = bin('mul', {
  wasm: native(0x94, 0xa2),
  kind: 'any',
  expr: ([x, y], d) => (d.kind === 'i' ? `Math.imul(${x}, ${y})` : d.kind === 'b' ? `(${x} & ${y})` : `${x} * ${y}`),
  jvp: ([x, y], [tx, ty]) => add(mul(tx!, y!), mul(x!, ty!)),
  transpose: (ct, [x, y]) => {
    if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) throw new Error('internal: mul of two linear values');
    return x instanceof UndefinedPrimal ? [mul(ct, y as Array), null] : [null, mul(x, ct)];
  },
});
export const divP = bin('div', {
  wasm: native(0x95, 0xa3),
  kind: 'number',
  // Integer division truncates toward zero, as lax.div does.
  expr: ([x, y], d) => (isFloat(d) ? `${x} / ${y}` : `idiv(${x}, ${y})`),
  jvp: ([x, y], [tx, ty], out) => sub(div(tx!, y!), mul(ty!, div(out, y!))),
  transpose: (ct, [x, y]) => {
    if (y instanceof UndefinedPrimal) throw new Error('internal: div by a linear value');
    return [x instanceof UndefinedPrimal ? div(ct, y) : null, null];
  },
});
export const powP = bin('pow', {
  wasm: { math: 'pow' },
  kind: 'float',
  expr: ([x, y]) => `Math.pow(${x}, ${y})`,
  jvp: ([x, y], [tx, ty], out) => {
    // d(x^y) = y x^(y-1) dx + log(x) x^y dy, with 0 where x == 0 for the second term (as JAX).
    const dx = mul(tx!, mul(y!, pow(x!, sub(y!, fullLike(y!, 1)))));
    const logx = select(eq(x!, fullLike(x!, 0)), fullLike(x!, 0), log(x!));
    return add(dx, mul(ty!, mul(logx, out)));
  },
});
export const maxP = bin('max', {
  kind: 'any',
  expr: ([x, y], d) => (isFloat(d) ? `fmax(${x}, ${y})` : `(${x} > ${y} ? ${x} : ${y})`),
  // Ties split the tangent evenly, as JAX does.
  jvp: ([x, y], [tx, ty]) => minmaxJvp(x!, y!, tx!, ty!, gt),
});
export const minP = bin('min', {
  kind: 'any',
  expr: ([x, y], d) => (isFloat(d) ? `fmin(${x}, ${y})` : `(${x} < ${y} ? ${x} : ${y})`),
  jvp: ([x, y], [tx, ty]) => minmaxJvp(x!, y!, tx!, ty!, lt),
});
export const remP = bin('rem', {
  kind: 'number',
  expr: ([x, y], d) => (isFloat(d) ? `${x} % ${y}` : `irem(${x}, ${y})`),
  jvp: ([x, y], [tx, ty]) => sub(tx!, mul(ty!, trunc(div(x!, y!)))),
});
export const andP = bin('and', { kind: 'bool', expr: ([x, y]) => `(${x} & ${y})` });
export const orP = bin('or', { kind: 'bool', expr: ([x, y]) => `(${x} | ${y})` });

function minmaxJvp(x: Array, y: Array, tx: Array, ty: Array, pick: (a: Array, b: Array) => Array): Array {
  const half = fullLike(tx, 0.5);
  const tie = mul(add(tx, ty), half);
  return select(eq(x, y), tie, select(pick(x, y), tx, ty));
}

function trunc(x: Array): Array {
  return select(lt(x, fullLike(x, 0)), ceil(x), floor(x));
}

// --- comparisons (bool results, no derivative) ---
const cmp = (name: string, op: string) => bin(name, { kind: 'any', outDtype: boolDtype, expr: ([x, y]) => `(${x} ${op} ${y} ? 1 : 0)` });
export const eqP = cmp('eq', '===');
export const neP = cmp('ne', '!==');
export const ltP = cmp('lt', '<');
export const leP = cmp('le', '<=');
export const gtP = cmp('gt', '>');
export const geP = cmp('ge', '>=');

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
  lower: { kind: 'elementwise', expr: ([p, ...cases]) => (cases.length === 2 ? `(${p} ? ${cases[1]} : ${cases[0]})` : `[${cases.join(', ')}][${p}]`) },
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
  lower: {
    kind: 'elementwise',
    expr: ([x], info) => (info.params.newDtype.kind === 'b' ? `(${x} !== 0 ? 1 : 0)` : x!),
    wasm: () => 'convert',
  },
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
  if (x instanceof DeviceArray && x.scalarValue !== undefined) return DeviceArray.scalar(x.scalarValue, newDtype, weakType);
  return bind1(convertElementTypeP as unknown as Primitive, [x], { newDtype, weakType });
}
export { full };
