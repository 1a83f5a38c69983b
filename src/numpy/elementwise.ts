// jnp elementwise functions: promote, broadcast, then the lax primitive.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { DtypeError } from '../core/errors.js';
import * as lax from '../lax/elementwise.js';
import { promoteArgs, promoteArgsInexact } from './promote.js';

const unaryInexact = (op: (x: Array) => Array) => (x: ArrayLike) => op(promoteArgsInexact(x)[0]!);
const unary = (op: (x: Array) => Array) => (x: ArrayLike) => op(asArray(x));
const binary = (op: (x: Array, y: Array) => Array) => (x: ArrayLike, y: ArrayLike) => {
  const [a, b] = promoteArgs(x, y);
  return op(a!, b!);
};

export const add = binary(lax.add);
export const subtract = binary(lax.sub);
export const multiply = binary(lax.mul);
export const maximum = binary(lax.max);
export const minimum = binary(lax.min);
export const equal = binary(lax.eq);
export const notEqual = binary(lax.ne);
export const less = binary(lax.lt);
export const lessEqual = binary(lax.le);
export const greater = binary(lax.gt);
export const greaterEqual = binary(lax.ge);

/** True division: integers are promoted to float first (numpy's true_divide). */
export function divide(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgsInexact(x, y);
  return lax.div(a!, b!);
}
export const trueDivide = divide;

export function power(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs(x, y);
  if (a!.dtype.kind !== 'f') {
    const [fa, fb] = promoteArgsInexact(a!, b!);
    return lax.convertElementType(lax.pow(fa!, fb!), a!.dtype, a!.weakType);
  }
  return lax.pow(a!, b!);
}

export function negative(x: ArrayLike): Array {
  const a = asArray(x);
  if (a.dtype.kind === 'b') throw new DtypeError('negative is not defined for bool arrays; use logicalNot.');
  return lax.neg(a);
}

export const sin = unaryInexact(lax.sin);
export const cos = unaryInexact(lax.cos);
export const tan = unaryInexact(lax.tan);
export const tanh = unaryInexact(lax.tanh);
export const exp = unaryInexact(lax.exp);
export const log = unaryInexact(lax.log);
export const log1p = unaryInexact(lax.log1p);
export const expm1 = unaryInexact(lax.expm1);
export const sqrt = unaryInexact(lax.sqrt);
export const abs = unary((x) => (x.dtype.kind === 'b' ? x : lax.abs(x)));
export const sign = unary(lax.sign);
export const floor = unary((x) => (x.dtype.kind === 'f' ? lax.floor(x) : x));
export const ceil = unary((x) => (x.dtype.kind === 'f' ? lax.ceil(x) : x));

/**
 * `round(x, decimals = 0)`: half to even, as JAX: floats are scaled by 10^decimals, rounded and
 * scaled back; integers are unchanged (negative decimals on integers are not implemented in JAX).
 */
export function round(x: ArrayLike, decimals?: number | { decimals?: number }, opts?: { decimals?: number }): Array {
  const a = asArray(x);
  const dec = intArg('round', 'decimals', bindArgs('round', ['decimals', 'out'], [decimals, opts]).decimals, 0);
  if (a.dtype.kind !== 'f') {
    if (a.dtype.kind === 'b') throw new DtypeError('round does not accept bool arrays; convert with .astype first.');
    if (dec < 0) throw new DtypeError('round of an integer array with decimals < 0 is not implemented (as in JAX); convert to float first.');
    return a;
  }
  if (dec === 0) return lax.round(a);
  const factor = lax.full(a.shape, 10 ** dec, a.dtype, a.weakType);
  return lax.div(lax.round(lax.mul(a, factor)), factor);
}
/** jnp.around: round. */
export const around = round;

/** NumPy truthiness of both operands (nonzero is true), then and. */
export function logicalAnd(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = broadcastBoth(truthy(asArray(x)), truthy(asArray(y)));
  return lax.bitwiseAnd(a, b);
}
/** NumPy truthiness of both operands, then or. */
export function logicalOr(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = broadcastBoth(truthy(asArray(x)), truthy(asArray(y)));
  return lax.bitwiseOr(a, b);
}
/** True where the operand is zero (NumPy truthiness). */
export function logicalNot(x: ArrayLike): Array {
  return lax.bitwiseNot(truthy(asArray(x)));
}
function broadcastBoth(a: Array, b: Array): [Array, Array] {
  const shape = broadcastShapes(a.shape, b.shape);
  return [broadcastTo(a, shape), broadcastTo(b, shape)];
}

/** `where(condition, x, y)`: x where the condition is true (nonzero), else y, with broadcasting and promotion of x and y. */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs(x, y);
  const c = truthy(asArray(cond));
  const shape = broadcastShapes(c.shape, a!.shape);
  return lax.select(broadcastTo(c, shape), broadcastTo(a!, shape), broadcastTo(b!, shape));
}

/** `clip(x, min?, max?)` (also `{ min, max }`): max(min(x, max), min), as JAX. */
export function clip(x: ArrayLike, lo?: ArrayLike | null | ClipOptions, hi?: ArrayLike | null | ClipOptions, opts?: ClipOptions): Array {
  const o = bindArgs('clip', ['min', 'max'], [lo, hi, opts]);
  let out = asArray(x);
  if (o.min !== undefined && o.min !== null) out = maximum(out, o.min as ArrayLike);
  if (o.max !== undefined && o.max !== null) out = minimum(out, o.max as ArrayLike);
  return out;
}
/** clip's bounds by name. */
export interface ClipOptions {
  min?: ArrayLike | null;
  max?: ArrayLike | null;
}

import { broadcastShapes } from '../core/shape.js';
import { bindArgs, intArg } from '../core/args.js';
import { broadcastTo, truthy } from './promote.js';
