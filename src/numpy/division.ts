// jnp's integer-style division: fmod (C's sign), remainder/mod and floorDivide (Python's sign),
// divmod, modf, gcd and lcm, each JAX's composition of lax ops. Bools promote to int32 (JAX's
// promote_args_numeric). Integer division by zero is lax's (0, as NumPy), where XLA's CPU
// results are implementation-defined.
import type { Array, ArrayLike } from '../core/array.js';
import { DtypeError } from '../core/errors.js';
import * as lax from '../lax/elementwise.js';
import { fullLike } from '../lax/structural.js';
import { alias, declare } from './declare.js';
import { promoteArgs, promoteArgsInexact } from './promote.js';
import { binary, type UfuncOptions, ufuncArgs } from './ufunc.js';
import { promoteNumeric, truncFloat } from './ufuncMore.js';

const c = (like: Array, v: number) => fullLike(like, v);
const isInt = (x: Array) => x.dtype.kind === 'i' || x.dtype.kind === 'u';

/** A binary ufunc over numeric-promoted operands. */
const numeric = (name: string, op: (x: Array, y: Array) => Array) =>
  binary(name, (x, y): Array => {
    const [a, b] = promoteNumeric(x, y);
    return op(a!, b!);
  });

/** An integer divisor with 0 replaced by 1 (JAX's guard before lax.rem). */
const safeDivisor = (y: Array) => lax.select(lax.eq(y, c(y, 0)), c(y, 1), y);

function remainderOf(x: Array, y0: Array): Array {
  const y = isInt(y0) ? safeDivisor(y0) : y0;
  const zero = c(x, 0);
  const mod = lax.rem(x, y);
  const plus = lax.bitwiseAnd(lax.ne(lax.lt(mod, zero), lax.lt(y, zero)), lax.ne(mod, zero));
  return lax.select(plus, lax.add(mod, y), mod);
}

/** CPython's float_divmod: the floored quotient (rounded to an integer) and the remainder with the divisor's sign. */
function floatDivmod(x: Array, y: Array): [Array, Array] {
  let mod = lax.rem(x, y);
  // x / 0 is the quotient's ±inf (or NaN), not (x - NaN) / 0.
  let div = lax.div(lax.select(lax.eq(y, c(y, 0)), x, lax.sub(x, mod)), y);
  const fix = lax.bitwiseAnd(lax.ne(mod, c(mod, 0)), lax.ne(lax.sign(y), lax.sign(mod)));
  mod = lax.select(fix, lax.add(mod, y), mod);
  div = lax.select(fix, lax.sub(div, c(div, 1)), div);
  return [lax.round(div), mod];
}

function floorDivideOf(x: Array, y: Array): Array {
  if (x.dtype.kind === 'u') return lax.div(x, y);
  if (x.dtype.kind === 'i') {
    const q = lax.div(x, y);
    const adjust = lax.bitwiseAnd(lax.ne(lax.sign(x), lax.sign(y)), lax.ne(lax.rem(x, y), c(x, 0)));
    return lax.select(adjust, lax.sub(q, c(q, 1)), q);
  }
  return floatDivmod(x, y)[0];
}

/** Calculate element-wise floating-point modulo operation (the result has the dividend's sign, as C's fmod). */
export const fmod = numeric('fmod', (x, y): Array => lax.rem(x, isInt(y) ? safeDivisor(y) : y));
/** Returns element-wise remainder of the division (the result has the divisor's sign, as Python's %). */
export const remainder = numeric('remainder', remainderOf);
/** Alias of remainder. */
export const mod = alias('mod', remainder);
/** Calculates the floor division of x1 by x2 element-wise (Python's //). */
export const floorDivide = numeric('floorDivide', floorDivideOf);

/** Calculates the integer quotient and remainder of x1 by x2 element-wise: `[floorDivide, remainder]`. */
export const divmod = declare('divmod', {
  arity: 3,
  arrays: 2,
  impl: (x1: ArrayLike, x2: ArrayLike, opts?: UfuncOptions): [Array, Array] => {
    ufuncArgs('divmod', [opts]);
    const [x, y] = promoteNumeric(x1, x2);
    return isInt(x!) ? [floorDivideOf(x!, y!), remainderOf(x!, y!)] : floatDivmod(x!, y!);
  },
});

/** Return element-wise fractional and integral parts of the input: `[x - trunc(x), trunc(x)]` (integers promote to float). */
export const modf = declare('modf', {
  arity: 2,
  arrays: 1,
  impl: (x: ArrayLike, opts?: UfuncOptions): [Array, Array] => {
    ufuncArgs('modf', [opts]);
    const [a] = promoteArgsInexact(x);
    const whole = truncFloat(a!);
    return [lax.sub(a!, whole), whole];
  },
});

/** Integer operands of gcd/lcm, or a DtypeError (as JAX's ValueError). */
function integerOperands(name: string, x1: ArrayLike, x2: ArrayLike): [Array, Array] {
  const [a, b] = promoteArgs(x1, x2);
  if (!isInt(a!)) throw new DtypeError(`${name}: arguments must be integers, got ${a!.dtype.name}.`);
  return [a!, b!];
}

/** Euclid's steps enough for any operands of the dtype (Fibonacci pairs are the slowest: F(47) > 2^31). */
const euclidSteps = (x: Array) => (x.dtype.kind === 'u' ? 13 : 47);

function gcdOf(x1: Array, x2: Array): Array {
  let [a, b] = [lax.abs(x1), lax.abs(x2)];
  // JAX's while loop, unrolled (so it fuses and batches): a step leaves finished pairs (b = 0) as they are.
  for (let k = euclidSteps(a); k > 0; k--) {
    const live = lax.ne(b, c(b, 0));
    const [p, q] = [lax.select(live, b, a), lax.select(live, lax.rem(a, safeDivisor(b)), c(b, 0))];
    const swap = lax.bitwiseAnd(live, lax.lt(p, q));
    [a, b] = [lax.select(swap, q, p), lax.select(swap, p, q)];
  }
  return a;
}

/** Returns the greatest common divisor of `|x1|` and `|x2|` (integers only; a DtypeError otherwise). */
export const gcd = binary('gcd', (x1, x2): Array => gcdOf(...integerOperands('gcd', x1, x2)));
/** Returns the lowest common multiple of `|x1|` and `|x2|` (integers only; a DtypeError otherwise). */
export const lcm = binary('lcm', (x1, x2): Array => {
  const [a, b] = integerOperands('lcm', x1, x2).map((v) => lax.abs(v)) as [Array, Array];
  const d = gcdOf(a, b);
  return lax.select(lax.eq(d, c(d, 0)), c(d, 0), lax.mul(a, floorDivideOf(b, d)));
});

