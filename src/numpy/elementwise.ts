// jnp elementwise functions: promote, broadcast, then the lax primitive.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { DtypeError } from '../core/errors.js';
import { int32 } from '../core/dtypes.js';
import * as lax from '../lax/elementwise.js';
import { promoteArgs, promoteArgsInexact } from './promote.js';

/** NumPy ufuncs' keyword arguments: `out` and `where` exist in JAX but are not supported; anything else is a typo. */
function ufuncArgs(name: string, rest: unknown[]): void {
  if (rest.length === 0) return;
  const o = bindArgs(name, ['out', 'where'], rest, ['out', 'where']);
  for (const k of ['out', 'where'] as const)
    if (o[k] !== undefined && o[k] !== null) throw new TypeError(`${name}(): '${k}' is not supported (as in JAX); use jnp.where(mask, ${name}(…), other) instead.`);
}

type Unary = (x: ArrayLike, opts?: UfuncOptions) => Array;
type Binary = (x: ArrayLike, y: ArrayLike, opts?: UfuncOptions) => Array;
/** The keyword arguments of JAX's ufuncs (unsupported there too, so null only). */
export interface UfuncOptions {
  out?: null;
  where?: null;
}

const unaryInexact = (name: string, op: (x: Array) => Array): Unary => (x, ...rest) => (ufuncArgs(name, rest), op(promoteArgsInexact(x)[0]!));
const unary = (name: string, op: (x: Array) => Array): Unary => (x, ...rest) => (ufuncArgs(name, rest), op(asArray(x)));
const binary = (name: string, op: (x: Array, y: Array) => Array): Binary => (x, y, ...rest) => {
  ufuncArgs(name, rest);
  const [a, b] = promoteArgs(x, y);
  return op(a!, b!);
};

export const add = binary('add', lax.add);
export const subtract = binary('subtract', lax.sub);
export const multiply = binary('multiply', lax.mul);
export const maximum = binary('maximum', lax.max);
export const minimum = binary('minimum', lax.min);
export const equal = binary('equal', lax.eq);
export const notEqual = binary('notEqual', lax.ne);
export const less = binary('less', lax.lt);
export const lessEqual = binary('lessEqual', lax.le);
export const greater = binary('greater', lax.gt);
export const greaterEqual = binary('greaterEqual', lax.ge);

/** True division: integers are promoted to float first (numpy's true_divide). */
export const divide = binary('divide', (x, y) => {
  const [a, b] = promoteArgsInexact(x, y);
  return lax.div(a!, b!);
});
export const trueDivide = divide;

/**
 * `power(x, y)`: floats through lax.pow; integer (and bool) bases by binary exponentiation in
 * their dtype, wrapping as JAX's `_pow_int_int` does (6 exponent bits; negative exponents give
 * x^(y mod 64)), instead of a float power that loses digits past 2^24.
 */
export const power = binary('power', (x, y) => {
  let [a, b] = [x, y];
  if (a.dtype.kind === 'b') [a, b] = [lax.convertElementType(a, int32, a.weakType), lax.convertElementType(b, int32, b.weakType)];
  return a.dtype.kind === 'f' ? lax.pow(a, b) : powIntInt(a, b);
});

function powIntInt(x: Array, y: Array): Array {
  const c = (v: number, like: Array) => lax.full(like.shape, v, like.dtype, like.weakType);
  let acc = lax.select(lax.bitwiseAnd(lax.eq(x, c(0, x)), lax.ne(y, c(0, y))), c(0, x), c(1, x));
  let base = x;
  for (let k = 0; k < 6; k++) {
    const bit = lax.ne(lax.bitwiseAnd(y, c(1 << k, y)), c(0, y));
    acc = lax.select(bit, lax.mul(acc, base), acc);
    base = lax.mul(base, base);
  }
  return acc;
}

/** `negative(x)`: -x (bool arrays have no negative, as in NumPy). */
export const negative = unary('negative', (a) => {
  if (a.dtype.kind === 'b') throw new DtypeError('negative is not defined for bool arrays; use logicalNot.');
  return lax.neg(a);
});

export const sin = unaryInexact('sin', lax.sin);
export const cos = unaryInexact('cos', lax.cos);
export const tan = unaryInexact('tan', lax.tan);
export const tanh = unaryInexact('tanh', lax.tanh);
export const exp = unaryInexact('exp', lax.exp);
export const log = unaryInexact('log', lax.log);
export const log1p = unaryInexact('log1p', lax.log1p);
export const expm1 = unaryInexact('expm1', lax.expm1);
export const sqrt = unaryInexact('sqrt', lax.sqrt);
export const abs = unary('abs', (x) => (x.dtype.kind === 'b' ? x : lax.abs(x)));
export const sign = unary('sign', lax.sign);
export const floor = unary('floor', (x) => (x.dtype.kind === 'f' ? lax.floor(x) : x));
export const ceil = unary('ceil', (x) => (x.dtype.kind === 'f' ? lax.ceil(x) : x));

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
export function logicalAnd(x: ArrayLike, y: ArrayLike, ...rest: unknown[]): Array {
  ufuncArgs('logicalAnd', rest);
  const [a, b] = broadcastBoth(truthy(asArray(x)), truthy(asArray(y)));
  return lax.bitwiseAnd(a, b);
}
/** NumPy truthiness of both operands, then or. */
export function logicalOr(x: ArrayLike, y: ArrayLike, ...rest: unknown[]): Array {
  ufuncArgs('logicalOr', rest);
  const [a, b] = broadcastBoth(truthy(asArray(x)), truthy(asArray(y)));
  return lax.bitwiseOr(a, b);
}
/** True where the operand is zero (NumPy truthiness). */
export function logicalNot(x: ArrayLike, ...rest: unknown[]): Array {
  ufuncArgs('logicalNot', rest);
  return lax.bitwiseNot(truthy(asArray(x)));
}
function broadcastBoth(a: Array, b: Array): [Array, Array] {
  const shape = broadcastShapes(a.shape, b.shape);
  return [broadcastTo(a, shape), broadcastTo(b, shape)];
}

/** `where(condition, x, y)`: x where the condition is true (nonzero), else y, with broadcasting and promotion of x and y. */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike, opts?: { size?: null; fillValue?: null }): Array {
  const o = bindArgs('where', ['size', 'fillValue'], [opts], ['size', 'fillValue']);
  if ((o.size ?? null) !== null || (o.fillValue ?? null) !== null) throw new TypeError("where(): 'size' and 'fillValue' apply to the one-argument form (nonzero), which jaxpool does not have yet.");
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
