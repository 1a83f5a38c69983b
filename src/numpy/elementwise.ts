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
export const round = unary((x) => (x.dtype.kind === 'f' ? lax.round(x) : x));

const asBool = (x: ArrayLike) => {
  const a = asArray(x);
  return a.dtype.kind === 'b' ? a : lax.ne(a, lax.full([], 0, a.dtype, a.weakType));
};
export function logicalAnd(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs(asBool(x), asBool(y));
  return lax.bitwiseAnd(a!, b!);
}
export function logicalOr(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = promoteArgs(asBool(x), asBool(y));
  return lax.bitwiseOr(a!, b!);
}
export function logicalNot(x: ArrayLike): Array {
  return lax.bitwiseNot(asBool(x));
}

/** `where(cond, x, y)`: elementwise selection with broadcasting and promotion of x and y. */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): Array {
  const [c, a, b] = promoteArgsWhere(cond, x, y);
  return lax.select(c, a, b);
}
function promoteArgsWhere(cond: ArrayLike, x: ArrayLike, y: ArrayLike): [Array, Array, Array] {
  const [a, b] = promoteArgs(x, y);
  const [c, a2, b2] = broadcastAll(asBool(cond), a!, b!);
  return [c, a2, b2];
}
function broadcastAll(...xs: Array[]): [Array, Array, Array] {
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return xs.map((x) => broadcastTo(x, shape)) as [Array, Array, Array];
}

export function clip(x: ArrayLike, lo?: ArrayLike | null, hi?: ArrayLike | null): Array {
  let out = asArray(x);
  if (lo !== undefined && lo !== null) out = maximum(out, lo);
  if (hi !== undefined && hi !== null) out = minimum(out, hi);
  return out;
}

import { broadcastShapes } from '../core/shape.js';
import { broadcastTo } from './promote.js';
