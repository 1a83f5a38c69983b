// Gamma draws as JAX's random_gamma_p: one key per element (split of the key), and per element
// Marsaglia and Tsang's rejection loop ("A simple method for generating gamma variables", ACM
// TOMS 2000) in lax.whileLoop, with JAX's boost for a < 1 (log space for loggamma), vmapped over
// the elements. Then beta, dirichlet, chisquare, t, generalizedNormal and ball built on it.
// Gradients w.r.t. the shape parameter (JAX's implicit reparameterisation through
// random_gamma_grad) are not implemented: differentiating raises a TransformError.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, intArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike } from '../core/dtypes.js';
import { ShapeError, TransformError } from '../core/errors.js';
import { whileLoop } from '../control/whileLoop.js';
import { add, bitwiseAnd, bitwiseOr, div, eq, ge, le, log, mul, neg, pow, select, sqrt, sub } from '../lax/elementwise.js';
import { indexAlong } from '../lax/slicing.js';
import { full, reshape } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { customJvp } from '../transforms/customJvp.js';
import { vmap } from '../transforms/vmap.js';
import { exponentialData, finfo, param, sampleShape } from './continuous.js';
import { fma } from './fma.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { shapeOf, splitData } from './prng.js';
import { floatDtype, normalData, uniformData } from './uniform.js';

/** One Gamma(alpha, 1) draw (or its log) from one key, as JAX's _gamma_one. */
function gammaOne(key: Array, alpha: Array, logSpace: boolean): Array {
  const d0 = alpha.dtype;
  const c = (v: number) => full([], v, d0);
  const [zero, one] = [c(0), c(1)];
  const boost = ge(alpha, one);
  const alphaOrig = alpha;
  alpha = select(boost, alpha, add(alpha, one));
  const d = sub(alpha, c(1 / 3));
  const cc = div(c(1 / 3), sqrt(d));
  const ks = splitData(key, [2]);
  const subkey = indexAlong(ks, 0, 1);
  type State = [Array, Array, Array, Array];
  const [, , V] = whileLoop(
    ([, X, V, U]: State) =>
      bitwiseAnd(
        ge(U, sub(one, mul(c(0.0331), mul(X, X)))),
        ge(log(U), add(mul(X, c(0.5)), mul(d, add(sub(one, V), log(V))))),
      ),
    ([k]: State): State => {
      const k3 = splitData(k, [3]);
      const [, x, v] = whileLoop(
        ([, , v]: [Array, Array, Array]) => le(v, zero),
        ([kk]: [Array, Array, Array]): [Array, Array, Array] => {
          const k2 = splitData(kk, [2]);
          const x = normalData(indexAlong(k2, 0, 1), [], d0);
          return [indexAlong(k2, 0, 0), x, fma(x, cc, one)];
        },
        [indexAlong(k3, 0, 1), zero, c(-1)] as [Array, Array, Array],
      );
      const U = uniformData(indexAlong(k3, 0, 2), [], d0);
      return [indexAlong(k3, 0, 0), mul(x, x), mul(mul(v, v), v), U];
    },
    [indexAlong(ks, 0, 0), zero, one, c(2)] as State,
  );
  if (logSpace) {
    const logSamples = neg(exponentialData(subkey, [], d0));
    const logBoost = select(bitwiseOr(boost, eq(logSamples, zero)), zero, mul(logSamples, div(one, alphaOrig)));
    return add(add(log(d), log(V)), logBoost);
  }
  const samples = sub(one, uniformData(subkey, [], d0));
  return mul(mul(d, V), select(boost, one, pow(samples, div(one, alphaOrig))));
}

const gammaJit = jit(
  (data: Array, a: Array, logSpace: boolean) => {
    const n = a.size;
    const keys = splitData(data, [n]);
    const out = vmap((k: Array, al: Array) => gammaOne(k, al, logSpace))(keys, reshape(a, [n]));
    return reshape(out, a.shape);
  },
  { staticArgnums: [2] },
);

// Differentiating w.r.t. `a` would otherwise go through the rejection loop and give a plausible
// but wrong derivative (not JAX's implicit one): refuse it.
const gammaDiff = customJvp((data: Array, a: Array, logSpace: boolean) => (a.size === 0 ? a : gammaJit(data, a, logSpace)), { nondiffArgnums: [2] });
gammaDiff.defjvp(() => {
  throw new TransformError("random.gamma's derivative w.r.t. its shape parameter (JAX's implicit reparameterisation gradient) is not implemented in jaxpool; stopGradient(a) if you do not need it.");
});

/** Gamma (or log-gamma) draws with shape parameter `a` broadcast to `shape`, on an unwrapped key. */
export function gammaData(data: Array, a: ArrayLike, shape: readonly number[], dtype: DType, logSpace = false): Array {
  let al = param(a, dtype);
  if (al.shape.join() !== shape.join()) al = jnp.broadcastTo(al, [...shape]);
  return gammaDiff(data, al, logSpace) as Array;
}

type Opts = { shape?: number | readonly number[] | null; dtype?: DTypeLike | null };

function gammaLike(fn: string, key: KeyLike, a: ArrayLike, rest: unknown[], logSpace: boolean): Array {
  const o = bindArgs(`random.${fn}`, ['shape', 'dtype'], rest);
  const [data] = unwrapKey(fn, key);
  const d = floatDtype(fn, o.dtype);
  return gammaData(data, a, sampleShape(fn, o.shape, a), d, logSpace);
}

/** Gamma(a, 1) samples by Marsaglia–Tsang (JAX's `random.gamma(key, a, shape=None, dtype=float)`). */
export function gamma(key: KeyLike, a: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  return gammaLike('gamma', key, a, rest, false);
}

/** The log of Gamma(a, 1) samples, accurate for small a (JAX's `random.loggamma`). */
export function loggamma(key: KeyLike, a: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  return gammaLike('loggamma', key, a, rest, true);
}

/** Beta(a, b) samples from two log-gamma draws (JAX's `random.beta(key, a, b, shape=None, dtype=float)`). */
export function beta(key: KeyLike, a: ArrayLike, b: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.beta', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('beta', key);
  const d = floatDtype('beta', o.dtype);
  const s = sampleShape('beta', o.shape, a, b);
  const keys = splitData(data, [2]);
  const la = gammaData(indexAlong(keys, 0, 0), jnp.broadcastTo(param(a, d), s), s, d, true);
  const lb = gammaData(indexAlong(keys, 0, 1), jnp.broadcastTo(param(b, d), s), s, d, true);
  const m = jnp.maximum(la, lb);
  const ga = jnp.exp(jnp.subtract(la, m));
  const gb = jnp.exp(jnp.subtract(lb, m));
  return jnp.divide(ga, jnp.add(ga, gb));
}

/** Dirichlet(alpha) samples along alpha's last axis: softmax of log-gamma draws (JAX's `random.dirichlet`). */
export function dirichlet(key: KeyLike, alpha: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.dirichlet', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('dirichlet', key);
  const d = floatDtype('dirichlet', o.dtype);
  const al = asArray(alpha);
  if (al.ndim < 1) throw new ShapeError(`random.dirichlet(): alpha must have at least one dimension, got a 0-d array.`);
  const batch = al.shape.slice(0, -1);
  const s = o.shape === undefined || o.shape === null ? batch : sampleShape('dirichlet', o.shape, jnp.zeros(batch));
  const lg = gammaData(data, param(al, d), [...s, al.shape[al.ndim - 1]!], d, true);
  // softmax(lg, -1) as jax.nn.softmax: exp(x − max) / sum.
  const unnorm = jnp.exp(jnp.subtract(lg, jnp.max(lg, -1, { keepdims: true })));
  return jnp.divide(unnorm, jnp.sum(unnorm, -1, { keepdims: true }));
}

/** Chi-square(df) samples: 2·Gamma(df/2) via its log (JAX's `random.chisquare(key, df, shape=None, dtype=float)`). */
export function chisquare(key: KeyLike, df: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.chisquare', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('chisquare', key);
  const d = floatDtype('chisquare', o.dtype);
  return chisquareData(data, df, sampleShape('chisquare', o.shape, df), d);
}
function chisquareData(data: Array, df: ArrayLike, s: number[], d: DType): Array {
  const two = full([], 2, d);
  const lg = gammaData(data, jnp.broadcastTo(div(param(df, d), two), s), s, d, true);
  return jnp.multiply(jnp.exp(lg), two);
}

/** F(dfnum, dfden) samples: a ratio of scaled chi-squares (JAX's `random.f(key, dfnum, dfden, shape=None, dtype=float)`). */
export function f(key: KeyLike, dfnum: ArrayLike, dfden: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.f', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('f', key);
  const d = floatDtype('f', o.dtype);
  const s = sampleShape('f', o.shape, dfnum, dfden);
  const keys = splitData(data, [2]);
  const num = jnp.divide(chisquareData(indexAlong(keys, 0, 1), dfnum, s, d), param(dfnum, d));
  const den = jnp.divide(chisquareData(indexAlong(keys, 0, 0), dfden, s, d), param(dfden, d));
  return jnp.divide(num, den);
}

/** Student's t(df) samples: N·√((df/2)/G), G ~ Gamma(df/2) (JAX's `random.t(key, df, shape=(), dtype=float)`). */
export function t(key: KeyLike, df: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.t', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('t', key);
  const d = floatDtype('t', o.dtype);
  const s = sampleShape('t', o.shape, df);
  const keys = splitData(data, [2]);
  const n = normalData(indexAlong(keys, 0, 0), s, d);
  const half = div(param(df, d), full([], 2, d));
  const g = gammaData(indexAlong(keys, 0, 1), jnp.broadcastTo(half, s), s, d);
  return jnp.multiply(n, jnp.sqrt(jnp.divide(half, g)));
}

/** Generalized normal samples with exponent p: ±G^(1/p), G ~ Gamma(1/p) (JAX's `random.generalized_normal`). */
export function generalizedNormal(key: KeyLike, p: number, ...rest: [shape?: number | readonly number[], dtype?: DTypeLike | null, options?: Opts] | [options: Opts]): Array {
  const o = bindArgs('random.generalizedNormal', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('generalizedNormal', key);
  return generalizedNormalData(data, p, shapeOf('generalizedNormal', o.shape ?? []), floatDtype('generalizedNormal', o.dtype));
}
function generalizedNormalData(data: Array, p: number, s: readonly number[], d: DType): Array {
  const keys = splitData(data, [2]);
  const g = gammaData(indexAlong(keys, 0, 0), 1 / p, s, d);
  const u = uniformData(indexAlong(keys, 0, 1), s, floatDtype('rademacher', null));
  const r = jnp.astype(jnp.subtract(jnp.multiply(2, jnp.astype(jnp.less(u, 0.5), d)), 1), d);
  return jnp.multiply(r, jnp.power(g, 1 / p));
}

/** Points uniform in the unit p-norm ball of dimension d (JAX's `random.ball(key, d, p=2, shape=(), dtype=float)`). */
export function ball(key: KeyLike, d: number, ...rest: [p?: number, shape?: number | readonly number[], dtype?: DTypeLike | null, options?: { p?: number } & Opts] | [options: { p?: number } & Opts]): Array {
  const o = bindArgs('random.ball', ['p', 'shape', 'dtype'], rest);
  const [data] = unwrapKey('ball', key);
  const dim = intArg('random.ball', 'd', d);
  const p = (o.p ?? 2) as number;
  const dt = floatDtype('ball', o.dtype);
  const s = shapeOf('ball', o.shape ?? []);
  const keys = splitData(data, [2]);
  const g = generalizedNormalData(indexAlong(keys, 0, 0), p, [...s, dim], dt);
  const e = exponentialData(indexAlong(keys, 0, 1), s, dt);
  const norm = jnp.power(jnp.add(jnp.sum(jnp.power(jnp.abs(g), p), -1), e), 1 / p);
  return jnp.divide(g, jnp.expandDims(norm, -1));
}

export { finfo };
