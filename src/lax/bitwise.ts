// Bitwise primitives beyond and/or/not (JAX's xor_p, shift_*_p, population_count_p, clz_p), each
// one IR op with XLA's meaning: shift amounts are read as unsigned, and an amount of at least the
// bit width gives 0 (an arithmetic right shift: the sign); uint8's and uint32's arithmetic right
// shifts read their bits as int8 and int32. None is differentiable: their tangents are zero, as JAX's integer outputs.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { bind1 } from '../core/trace.js';
import { alu } from '../ir/exp.js';
import { defineElementwise } from './elementwiseDef.js';

/** JAX's xor_p (integers and bools). */
export const xorP = defineElementwise('xor', { kind: 'bool', ir: ([x, y]) => alu('xor', x!, y!) });
/** JAX's shift_left_p. */
export const shiftLeftP = defineElementwise('shift_left', { kind: 'bits', ir: ([x, y]) => alu('shl', x!, y!) });
/** JAX's shift_right_arithmetic_p. */
export const shiftRightArithmeticP = defineElementwise('shift_right_arithmetic', { kind: 'bits', ir: ([x, y]) => alu('shr', x!, y!) });
/** JAX's shift_right_logical_p. */
export const shiftRightLogicalP = defineElementwise('shift_right_logical', { kind: 'bits', ir: ([x, y]) => alu('shrl', x!, y!) });
/** JAX's population_count_p. */
export const populationCountP = defineElementwise('population_count', { kind: 'bits', ir: ([x]) => alu('popcnt', x!) });
/** JAX's clz_p. */
export const clzP = defineElementwise('clz', { kind: 'bits', ir: ([x]) => alu('clz', x!) });

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
