// How an elementwise primitive is defined: its dtype kind, its meaning in kernel IR and its
// derivative rules; abstract evaluation, vmap and fusion follow. (Not re-exported by lax/index.ts:
// these are the family files' tools, not JAX names.)
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import type { DType } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type PlaneValue, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { shapeEqual } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import type { Exp } from '../ir/exp.js';
import { elementwiseBatch } from './batching.js';
import { full, zerosLike } from './structural.js';

/** Which dtypes an elementwise op accepts: floats, non-bool numbers, integers, integers and bools, or any. */
/** Operand dtypes an op accepts; 'bits' (shifts, bit counts) is every integer dtype, and 'float32or64' (nextafter) float32 and float64: the widths its kernels handle so far. */
export type Kind = 'float' | 'float32or64' | 'number' | 'int' | 'bits' | 'bool' | 'any';

function checkKind(name: string, d: DType, kind: Kind): void {
  if (kind === 'bits' && d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`${name} needs integers, got ${d.name}.`);
  if (kind === 'float32or64' && d.name !== 'float32' && d.name !== 'float64')
    throw new DtypeError(`${name} supports float32 and float64 so far, not ${d.name}: convert first (x.astype('float32')).`);
  const ok =
    kind === 'bits' ||
    kind === 'float32or64' ||
    kind === 'any' ||
    // Complex operands pass here; ops without a complex rule reject them (core/primitive.ts).
    (kind === 'float' && (d.kind === 'f' || d.kind === 'c')) ||
    (kind === 'number' && d.kind !== 'b') ||
    (kind === 'int' && (d.kind === 'i' || d.kind === 'u')) ||
    (kind === 'bool' && (d.kind === 'b' || d.kind === 'i' || d.kind === 'u'));
  if (!ok) throw new DtypeError(`${name} does not accept dtype ${d.name}; convert it first (e.g. x.astype('float32')).`);
}

/** Abstract eval of an n-ary elementwise op; `outDtype` overrides the result dtype (comparisons). */
export function naryAbstractEval(name: string, kind: Kind, outDtype?: DType | ((d: DType) => DType)) {
  return (avals: ShapedArray[]): ShapedArray[] => {
    const a0 = avals[0]!;
    for (const a of avals) {
      if (!shapeEqual(a.shape, a0.shape))
        throw new ShapeError(`${name} needs equal shapes, got ${avals.map((x) => x.str()).join(' and ')}; broadcast first (jnp functions do this).`);
      if (a.dtype !== a0.dtype) throw new DtypeError(`${name} needs equal dtypes, got ${avals.map((x) => x.dtype.name).join(' and ')}.`);
    }
    checkKind(name, a0.dtype, kind);
    // Comparisons of weak operands are weak bools, as JAX's (jnp.equal(2.0, 2.0).weak_type).
    const weak = avals.every((a) => a.weakType);
    const out = typeof outDtype === 'function' ? outDtype(a0.dtype) : (outDtype ?? a0.dtype);
    return [new ShapedArray(a0.shape, out, weak)];
  };
}

/** Tangent of an elementwise op's output from primal inputs, tangents and the primal output. */
export type Jvp = (primals: Array[], tangents: Array[], out: Array) => Array;

/** What an elementwise primitive states: accepted dtypes, IR meaning, jvp and transpose rules. */
export interface ElementwiseDef {
  kind: Kind;
  /** The op's value from its operands', in kernel IR (both backends render it). */
  ir: (ins: Exp[]) => Exp;
  /** Tangent of the output from primal inputs, tangents and the primal output. */
  jvp?: Jvp;
  transpose?: (ct: Array, args: (Array | UndefinedPrimal)[]) => (Array | null)[];
  /** The result dtype, when not the operands' (comparisons: bool; abs: a complex operand's part dtype). */
  outDtype?: DType | ((d: DType) => DType);
  /** The op on complex operands, as real ops on their planes (see PrimitiveRules.complex); without it complex is a DtypeError. */
  complex?: (args: PlaneValue[]) => PlaneValue;
}

/** An n-ary elementwise primitive from its definition: abstract eval, jvp, transpose, vmap and lowering follow. */
export function defineElementwise(name: string, def: ElementwiseDef): Primitive {
  const prim: Primitive = definePrimitive(name, {
    abstractEval: naryAbstractEval(name, def.kind, def.outDtype),
    jvp: (primals, tangents) => {
      const out = bind1(prim, primals);
      if (!def.jvp) return [[out], [zerosLike(out)]];
      return [[out], [def.jvp(primals, tangents, out)]];
    },
    transpose: def.transpose ? (cts, args) => def.transpose!(cts[0] ?? zerosFor(args), args) : undefined,
    batch: elementwiseBatch((args) => [bind1(prim, args)]),
    lower: { kind: 'elementwise', ir: def.ir },
    complex: def.complex ? (args) => [def.complex!(args)] : undefined,
  });
  return prim;
}

function zerosFor(args: (Array | UndefinedPrimal)[]): Array {
  const a = args.find((x) => x instanceof UndefinedPrimal) as UndefinedPrimal;
  return full(a.aval.shape, 0, a.aval.dtype, a.aval.weakType);
}

