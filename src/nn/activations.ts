// jax.nn's elementwise activations, each JAX's formula over jnp (so JAX's dtype rules, weak types
// included, follow), with JAX's custom derivatives where it defines them (relu and relu6 have
// derivative 0 at their kinks; log1mexp's is 1/expm1(x)).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import * as lax from '../lax/elementwise.js';
import { fullLike } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { promoteArgsInexact } from '../numpy/promote.js';
import { defineFunction, weakFloat as wf } from '../scipy/define.js';
import { withJvp } from '../scipy/special/custom.js';
import { erfc } from '../scipy/special/erf.js';
import { logistic } from '../scipy/special/logistic.js';

type Unary = (x: ArrayLike) => Array;
const unary = (name: string, f: (x: Array) => Array): Unary => defineFunction(`nn.${name}`, 1, (x: ArrayLike) => f(asArray(x)), 1);

const reluRaw = withJvp(
  (x: Array) => jnp.maximum(x, 0),
  ([x], [t]) => lax.select(lax.gt(x, fullLike(x, 0)), t!, fullLike(t!, 0)),
);
/** Rectified linear unit `max(x, 0)`; its derivative at 0 is 0, as JAX's custom_jvp. */
export const relu: Unary = unary('relu', (x) => reluRaw(x));
const relu6Raw = withJvp(
  (x: Array) => jnp.minimum(jnp.maximum(x, 0), wf(6)),
  ([x], [t]) => lax.select(lax.bitwiseAnd(lax.gt(x, fullLike(x, 0)), lax.lt(x, fullLike(x, 6))), t!, fullLike(t!, 0)),
);
/** `min(max(x, 0), 6)` (a float result, as JAX's `6.`); derivative 0 at 0 and 6. */
export const relu6: Unary = unary('relu6', (x) => relu6Raw(x));
/** The identity (JAX's `jax.nn.identity`). */
export const identity: Unary = unary('identity', (x) => x);
/** Logistic sigmoid `1 / (1 + exp(-x))` (JAX's lax.logistic; float operands only). */
export const sigmoid: Unary = unary('sigmoid', (x) => logistic(x));
/** `x * sigmoid(x)`. */
export const silu: Unary = unary('silu', (x) => jnp.multiply(x, logistic(x)));
/** Alias of silu. */
export const swish: Unary = silu;
/** `log(1 + exp(x))`, as `logaddexp(x, 0)`. */
export const softplus: Unary = unary('softplus', (x) => jnp.logaddexp(x, 0));
/** `-softplus(-x)`. */
export const logSigmoid: Unary = unary('logSigmoid', (x) => jnp.negative(jnp.logaddexp(jnp.negative(x), 0)));
/** `x / (|x| + 1)` (JAX's soft_sign). */
export const softSign: Unary = unary('softSign', (x) => jnp.divide(x, jnp.add(jnp.abs(x), 1)));
/** `x tanh(softplus(x))`. */
export const mish: Unary = unary('mish', (x) => jnp.multiply(x, jnp.tanh(jnp.logaddexp(x, 0))));
/** Elementwise hyperbolic tangent (jnp.tanh). */
export const tanh: Unary = unary('tanh', (x) => jnp.tanh(x));
/** 0 below -1, x above 1, `(x + 1)² / 4` between. */
export const sparsePlus: Unary = unary('sparsePlus', (x) =>
  jnp.where(jnp.lessEqual(x, wf(-1)), wf(0), jnp.where(jnp.greaterEqual(x, wf(1)), x, jnp.divide(jnp.power(jnp.add(x, wf(1)), 2), 4))),
);
/** `clip(x + 1, 0, 2) / 2`. */
export const sparseSigmoid: Unary = unary('sparseSigmoid', (x) => jnp.multiply(0.5, jnp.clip(jnp.add(x, wf(1)), wf(0), wf(2))));
/** 1 above 1, -1 below -1, x between. */
export const hardTanh: Unary = unary('hardTanh', (x) => jnp.where(jnp.greater(x, 1), 1, jnp.where(jnp.less(x, -1), -1, x)));
/** `relu6(x + 3) / 6`. */
export const hardSigmoid: Unary = unary('hardSigmoid', (x) => jnp.divide(relu6Raw(asArray(jnp.add(x, wf(3)))), wf(6)));
/** `x * hardSigmoid(x)`. */
export const hardSilu: Unary = unary('hardSilu', (x) => jnp.multiply(x, jnp.divide(relu6Raw(asArray(jnp.add(x, wf(3)))), wf(6))));
/** Alias of hardSilu. */
export const hardSwish: Unary = hardSilu;

const LN2 = Math.log(2);
const log1mexpRaw = withJvp(
  (x: Array) => jnp.where(jnp.less(x, LN2), jnp.log(jnp.negative(jnp.expm1(jnp.negative(x)))), jnp.log1p(jnp.negative(jnp.exp(jnp.negative(x))))),
  ([x], [t]) => jnp.divide(t!, jnp.expm1(x)),
);
/** `log(1 - exp(-x))`, accurate for small and large x; derivative `1 / expm1(x)` as JAX's. */
export const log1mexp: Unary = unary('log1mexp', (x) => log1mexpRaw(x));

/** `(x + sqrt(x² + b)) / 2` (`b` defaults to 4). */
export const squareplus = defineFunction('nn.squareplus', 1, (x: ArrayLike, ...rest: [b?: ArrayLike | { b?: ArrayLike }]): Array => {
  const b = scalarParam('nn.squareplus', 'b', rest, 4);
  return jnp.divide(jnp.add(x, jnp.sqrt(jnp.add(jnp.square(x), b))), 2);
});

function scalarParam(fn: string, name: string, rest: unknown[], dflt: number): ArrayLike {
  const o = bindArgs(fn, [name], rest);
  const v = o[name as keyof typeof o];
  return v === undefined || v === null ? dflt : (v as ArrayLike);
}

/** `x` where positive, else `alpha (exp(x) - 1)` (`elu(x, alpha = 1)`). */
export const elu = defineFunction('nn.elu', 1, (x: ArrayLike, ...rest: [alpha?: ArrayLike | { alpha?: ArrayLike }]): Array => eluOf(asArray(x), scalarParam('nn.elu', 'alpha', rest, 1)));
function eluOf(x: Array, alpha: ArrayLike): Array {
  const pos = jnp.greater(x, 0);
  return jnp.where(pos, x, jnp.multiply(alpha, jnp.expm1(jnp.where(pos, wf(0), x))));
}
/** `x` where x ≥ 0, else `negativeSlope x` (`leakyRelu(x, negativeSlope = 0.01)`). */
export const leakyRelu = defineFunction('nn.leakyRelu', 1, (x: ArrayLike, ...rest: [negativeSlope?: ArrayLike | { negativeSlope?: ArrayLike }]): Array => {
  const a = asArray(x);
  return jnp.where(jnp.greaterEqual(a, 0), a, jnp.multiply(scalarParam('nn.leakyRelu', 'negativeSlope', rest, 1e-2), a));
});
/** `max(x, 0) + alpha expm1(min(x, 0) / alpha)` (`celu(x, alpha = 1)`). */
export const celu = defineFunction('nn.celu', 1, (x: ArrayLike, ...rest: [alpha?: ArrayLike | { alpha?: ArrayLike }]): Array => {
  const alpha = scalarParam('nn.celu', 'alpha', rest, 1);
  return jnp.add(jnp.maximum(x, wf(0)), jnp.multiply(alpha, jnp.expm1(jnp.divide(jnp.minimum(x, wf(0)), alpha))));
});
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
/** Scaled exponential linear unit: `scale * elu(x, alpha)` with Klambauer et al.'s constants. */
export const selu: Unary = unary('selu', (x) => jnp.multiply(SELU_SCALE, eluOf(x, SELU_ALPHA)));

/** Gaussian error linear unit: the tanh approximation by default (`approximate = true`, as JAX), or exactly `x Φ(x)`. */
export const gelu = defineFunction('nn.gelu', 1, (x: ArrayLike, ...rest: [approximate?: boolean | { approximate?: boolean }]): Array => {
  const o = bindArgs('nn.gelu', ['approximate'], rest);
  const approx = o.approximate ?? true;
  if (typeof approx !== 'boolean') throw new TypeError(`nn.gelu(): 'approximate' must be true or false, got ${String(approx)}.`);
  const [a] = promoteArgsInexact(x);
  const strong = (v: number) => jnp.asarray(v, a!.dtype);
  if (approx) {
    const inner = jnp.multiply(strong(Math.sqrt(2 / Math.PI)), jnp.add(a!, jnp.multiply(0.044715, jnp.power(a!, 3))));
    return jnp.multiply(a!, jnp.multiply(0.5, jnp.add(wf(1), jnp.tanh(inner))));
  }
  return jnp.multiply(jnp.multiply(0.5, a!), erfc(asArray(jnp.multiply(jnp.negative(a!), strong(Math.sqrt(0.5))))));
});
