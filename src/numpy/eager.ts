// The jnp functions that run as one fused program when called eagerly on concrete arrays
// (promotion, broadcasting and the op in a single kernel launch, like JAX's jitted jnp).
import { Array } from '../core/array.js';
import { eagerJit } from '../compiler/eagerJit.js';
import { isOptions } from '../core/args.js';
import * as ew from './elementwise.js';
import * as red from './reductions.js';
import * as la from './linalg.js';

type Fn = (...args: any[]) => ReturnType<typeof ew.add>;

/** Whether an option after the array arguments is itself an array (e.g. `where`): not a static key. */
const holdsArrays = (v: unknown): boolean =>
  v instanceof Array || ArrayBuffer.isView(v) || globalThis.Array.isArray(v) || (isOptions(v) && Object.values(v).some(holdsArrays));

/** One fused program per signature, unless an option holds arrays (then op by op). */
function fused<F extends Fn>(f: F, numArrays: number): F {
  const jitted = eagerJit(f, numArrays);
  return ((...args: unknown[]) => (args.slice(numArrays).some(holdsArrays) ? f(...args) : jitted(...args))) as F;
}
const binary = <F extends Fn>(f: F) => fused(f, 2);
const unary = <F extends Fn>(f: F) => fused(f, 1);

export const add = binary(ew.add);
export const subtract = binary(ew.subtract);
export const multiply = binary(ew.multiply);
export const divide = binary(ew.divide);
export const trueDivide = divide;
export const power = binary(ew.power);
export const maximum = binary(ew.maximum);
export const minimum = binary(ew.minimum);
export const equal = binary(ew.equal);
export const notEqual = binary(ew.notEqual);
export const less = binary(ew.less);
export const lessEqual = binary(ew.lessEqual);
export const greater = binary(ew.greater);
export const greaterEqual = binary(ew.greaterEqual);
export const logicalAnd = binary(ew.logicalAnd);
export const logicalOr = binary(ew.logicalOr);
export const negative = unary(ew.negative);
export const sin = unary(ew.sin);
export const cos = unary(ew.cos);
export const tan = unary(ew.tan);
export const tanh = unary(ew.tanh);
export const exp = unary(ew.exp);
export const log = unary(ew.log);
export const log1p = unary(ew.log1p);
export const expm1 = unary(ew.expm1);
export const sqrt = unary(ew.sqrt);
export const abs = unary(ew.abs);
export const sign = unary(ew.sign);
export const floor = unary(ew.floor);
export const ceil = unary(ew.ceil);
export const round = unary(ew.round);
export const around = round;
export const logicalNot = unary(ew.logicalNot);
export const where = fused(ew.where, 3);
export const sum = unary(red.sum);
export const mean = unary(red.mean);
export const max = unary(red.max);
export const min = unary(red.min);
export const prod = unary(red.prod);
export const any = unary(red.any);
export const all = unary(red.all);
export const matmul = binary(la.matmul);
export const dot = binary(la.dot);
