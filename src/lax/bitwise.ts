// Bitwise primitives beyond and/or/not (JAX's xor_p, shift_*_p, population_count_p, clz_p), each
// one IR op with XLA's meaning: shift amounts are read as unsigned, and an amount of at least the
// bit width gives 0 (an arithmetic right shift: the sign); uint8's and uint32's arithmetic right
// shifts read their bits as int8 and int32. None is differentiable: their tangents are zero, as JAX's integer outputs.
// The kernels handle 8 and 32 bits (uint8, int32, uint32); int8, int16 and uint16 compute on their
// bits widened to int32 (sign- or zero-extended as the op reads them) and wrap back.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { type DType, int16, int32, int8, uint16, uint8 } from '../core/dtypes.js';
import { bind1 } from '../core/trace.js';
import { alu, cast, type Exp, i32 } from '../ir/exp.js';
import { defineElementwise } from './elementwiseDef.js';

/** The widths the kernels shift and count directly. */
const NATIVE = new Set(['int32', 'uint32', 'uint8']);
const BITS: Partial<Record<string, number>> = { int8: 8, int16: 16, uint16: 16 };
const SIGNED: Record<number, DType> = { 8: int8, 16: int16 };
const UNSIGNED: Record<number, DType> = { 8: uint8, 16: uint16 };

/** `x`'s bits as an int32: sign-extended (`signed`) or zero-extended. */
const widen = (x: Exp, bits: number, signed: boolean): Exp => cast(cast(x, (signed ? SIGNED : UNSIGNED)[bits]!), int32);

/** A shift of any integer width: native ones directly, narrow ones on widened bits, wrapped back. */
function shiftIr(op: 'shl' | 'shr' | 'shrl'): (ins: Exp[]) => Exp {
  return ([x, y]) => {
    const d = x!.dtype;
    if (NATIVE.has(d.name)) return alu(op, x!, y!);
    const bits = BITS[d.name]!;
    // Amounts read as unsigned: a negative one is huge, so every op's "at least the width" case.
    const amount = widen(y!, bits, false);
    // shl keeps the low bits (wrapping back drops the rest); shr reads the bits as signed (XLA's
    // arithmetic shift, also for uint16), shrl as unsigned. Amounts from the width to 31 give 0 or
    // the sign in 32 bits as they do in `bits`.
    return cast(alu(op, widen(x!, bits, op === 'shr'), amount), d);
  };
}

/** A bit count of any integer width (the count of the element's own bits). */
function countIr(op: 'popcnt' | 'clz'): (ins: Exp[]) => Exp {
  return ([x]) => {
    const d = x!.dtype;
    if (NATIVE.has(d.name)) return alu(op, x!);
    const bits = BITS[d.name]!;
    const n = alu(op, widen(x!, bits, false));
    return cast(op === 'clz' ? alu('sub', n, i32(32 - bits)) : n, d);
  };
}

/** JAX's xor_p (integers and bools). */
export const xorP = defineElementwise('xor', { kind: 'bool', ir: ([x, y]) => alu('xor', x!, y!) });
/** JAX's shift_left_p. */
export const shiftLeftP = defineElementwise('shift_left', { kind: 'bits', ir: shiftIr('shl') });
/** JAX's shift_right_arithmetic_p. */
export const shiftRightArithmeticP = defineElementwise('shift_right_arithmetic', { kind: 'bits', ir: shiftIr('shr') });
/** JAX's shift_right_logical_p. */
export const shiftRightLogicalP = defineElementwise('shift_right_logical', { kind: 'bits', ir: shiftIr('shrl') });
/** JAX's population_count_p. */
export const populationCountP = defineElementwise('population_count', { kind: 'bits', ir: countIr('popcnt') });
/** JAX's clz_p. */
export const clzP = defineElementwise('clz', { kind: 'bits', ir: countIr('clz') });

/** Elementwise exclusive or: `lax.bitwiseXor(x, y)` (logical for bools). */
export const bitwiseXor = (x: ArrayLike, y: ArrayLike): Array => bind1(xorP, [asArray(x), asArray(y)]);
/** Elementwise left shift: `lax.shiftLeft(x, y)`; shifts of at least the bit width give 0. */
export const shiftLeft = (x: ArrayLike, y: ArrayLike): Array => bind1(shiftLeftP, [asArray(x), asArray(y)]);
/** Elementwise arithmetic right shift: `lax.shiftRightArithmetic(x, y)` (sign-filling). */
export const shiftRightArithmetic = (x: ArrayLike, y: ArrayLike): Array => bind1(shiftRightArithmeticP, [asArray(x), asArray(y)]);
/** Elementwise logical right shift: `lax.shiftRightLogical(x, y)` (zero-filling). */
export const shiftRightLogical = (x: ArrayLike, y: ArrayLike): Array => bind1(shiftRightLogicalP, [asArray(x), asArray(y)]);
/** Elementwise popcount, the number of set bits in each element: `lax.populationCount(x)`. */
export const populationCount = (x: ArrayLike): Array => bind1(populationCountP, [asArray(x)]);
/** Elementwise count-leading-zeros: `lax.clz(x)`. */
export const clz = (x: ArrayLike): Array => bind1(clzP, [asArray(x)]);
