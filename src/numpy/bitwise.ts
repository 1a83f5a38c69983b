// jnp's bitwise functions on integers and bools (floats are a DtypeError, as JAX's TypeError):
// and/or/xor/not, shifts (right shifts arithmetic for signed, logical for unsigned), bitwise
// popcount, and logical xor. Shifts by at least the bit width give XLA's results (0, or the sign).
import type { Array } from '../core/array.js';
import { uint8 } from '../core/dtypes.js';
import * as bits from '../lax/bitwise.js';
import * as lax from '../lax/elementwise.js';
import { alias } from './declare.js';
import { promoteNumeric } from './ufuncMore.js';
import { binary, unary } from './ufunc.js';

/** Compute the bitwise AND operation elementwise. */
export const bitwiseAnd = binary('bitwiseAnd', (x, y): Array => lax.bitwiseAnd(x, y));
/** Compute the bitwise OR operation elementwise. */
export const bitwiseOr = binary('bitwiseOr', (x, y): Array => lax.bitwiseOr(x, y));
/** Compute the bitwise XOR operation elementwise. */
export const bitwiseXor = binary('bitwiseXor', (x, y): Array => bits.bitwiseXor(x, y));
/** Compute the bitwise inversion of an input (NOT; logical for bools). */
export const invert = unary('invert', (x): Array => lax.bitwiseNot(x));
/** Alias of invert. */
export const bitwiseNot = alias('bitwiseNot', invert);
/** Alias of invert. */
export const bitwiseInvert = alias('bitwiseInvert', invert);

const shiftOperands = (x: Array, y: Array) => promoteNumeric(x, y) as [Array, Array];
/** Shift bits of x1 to the left by the amount specified in x2 (bools promote to int32). */
export const leftShift = binary('leftShift', (x, y): Array => bits.shiftLeft(...shiftOperands(x, y)));
/** Alias of leftShift. */
export const bitwiseLeftShift = alias('bitwiseLeftShift', leftShift);
/** Right shift the bits of x1 by the amount specified in x2: arithmetic for signed integers, logical for unsigned. */
export const rightShift = binary('rightShift', (x, y): Array => {
  const [a, b] = shiftOperands(x, y);
  return a.dtype.kind === 'u' ? bits.shiftRightLogical(a, b) : bits.shiftRightArithmetic(a, b);
});
/** Alias of rightShift. */
export const bitwiseRightShift = alias('bitwiseRightShift', rightShift);
/** Counts the number of 1 bits in the binary representation of the absolute value of the input (uint8 result). */
export const bitwiseCount = unary('bitwiseCount', (x): Array => {
  const [a] = promoteNumeric(x);
  return lax.convertElementType(bits.populationCount(lax.abs(a!)), uint8, false);
});
/** Compute logical XOR of the truth values of x1 and x2 element-wise. */
export const logicalXor = binary('logicalXor', (x, y): Array => bits.bitwiseXor(x, y), { operands: 'bool' });
