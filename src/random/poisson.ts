// poisson as JAX draws it (as TensorFlow and NumPy): Knuth's product of uniforms for λ < 10 and
// Hörmann's transformed rejection (PTRS) otherwise, each a whole-array while loop that draws a
// fresh uniform array per round; λ is float32. log Γ for the acceptance test is jaxpool's own
// (Stirling's series after a shift of 10, in float64), XLA's lgamma in JAX: the integer
// samples match JAX's unless an acceptance test lands within an ulp of its threshold.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, bool, dtype as toDtype, float32, float64, int32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { whileLoop } from '../control/whileLoop.js';
import { add, convertElementType, div, log, mul, neg, sub } from '../lax/elementwise.js';
import { indexAlong } from '../lax/slicing.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { fma } from './fma.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { shapeOf, splitData } from './prng.js';
import { uniformData } from './uniform.js';

/** log Γ(x) for x ≥ 1 elementwise: Stirling's series at x + 10, less Σ log(x + i), in float64. */
function lgamma(x: Array): Array {
  const z = convertElementType(x, float64);
  const c = (v: number) => full(z.shape, v, float64);
  let shift = c(0);
  for (let i = 0; i < 10; i++) shift = add(shift, log(add(z, c(i))));
  const y = add(z, c(10));
  const r = div(c(1), mul(y, y));
  // 1/(12y) − 1/(360y³) + 1/(1260y⁵) − 1/(1680y⁷)
  const series = div(sub(c(1 / 12), mul(r, sub(c(1 / 360), mul(r, sub(c(1 / 1260), mul(r, c(1 / 1680))))))), y);
  const stirling = add(add(sub(mul(sub(y, c(0.5)), log(y)), y), c(0.5 * Math.log(2 * Math.PI))), series);
  return convertElementType(sub(stirling, shift), x.dtype);
}

function knuth(data: Array, lam: Array, shape: number[], dtype: DType): Array {
  const negLam = neg(lam);
  type S = [Array, Array, Array, Array];
  const [, k] = whileLoop(
    ([i, , , logProd]: S) => jnp.logicalAnd(jnp.any(jnp.greater(logProd, negLam)), jnp.less(i, 2147483647)),
    ([i, kk, rng, logProd]: S): S => {
      const ks = splitData(rng, [2]);
      const next = jnp.where(jnp.greater(logProd, negLam), jnp.add(kk, 1), kk);
      const u = uniformData(indexAlong(ks, 0, 1), shape, float32);
      return [jnp.add(i, 1), next, indexAlong(ks, 0, 0), jnp.add(logProd, jnp.log(u))];
    },
    [full([], 0, int32), full(shape, 0, dtype), data, full(shape, 0, float32)] as S,
  );
  return jnp.astype(jnp.subtract(k, 1), dtype);
}

function rejection(data: Array, lam: Array, shape: number[], dtype: DType): Array {
  const c = (v: number) => full(shape, v, float32);
  const logLam = log(lam);
  // JAX's constants in float32; XLA:CPU fuses each multiply-add.
  const b = fma(c(2.53), jnp.sqrt(lam), c(0.931));
  const a = fma(c(0.02483), b, c(-0.059));
  const invAlpha = add(c(1.1239), div(c(1.1328), sub(b, c(3.4))));
  const vr = sub(c(0.9277), div(c(3.6224), sub(b, c(2))));
  type S = [Array, Array, Array, Array];
  const [, kOut] = whileLoop(
    ([i, , accepted]: S) => jnp.logicalAnd(jnp.any(jnp.logicalNot(accepted)), jnp.less(i, 2147483647)),
    ([i, kOut, accepted, key]: S): S => {
      const ks = splitData(key, [3]);
      const u = sub(uniformData(indexAlong(ks, 0, 1), shape, float32), c(0.5));
      const v = uniformData(indexAlong(ks, 0, 2), shape, float32);
      const us = sub(c(0.5), jnp.abs(u));
      const k = jnp.floor(add(fma(add(div(mul(c(2), a), us), b), u, lam), c(0.43)));
      const s = log(div(mul(v, invAlpha), add(div(a, mul(us, us)), b)));
      const t = sub(fma(k, logLam, neg(lam)), lgamma(add(k, c(1))));
      const accept1 = jnp.logicalAnd(jnp.greaterEqual(us, 0.07), jnp.lessEqual(v, vr));
      const reject = jnp.logicalOr(jnp.less(k, 0), jnp.logicalAnd(jnp.less(us, 0.013), jnp.greater(v, us)));
      const accept = jnp.logicalOr(accept1, jnp.logicalAnd(jnp.logicalNot(reject), jnp.lessEqual(s, t)));
      return [jnp.add(i, 1), jnp.where(accept, k, kOut), jnp.logicalOr(accepted, accept), indexAlong(ks, 0, 0)];
    },
    [full([], 0, int32), c(-1), full(shape, false, bool), data] as S,
  );
  return jnp.astype(kOut, dtype);
}

const poissonJit = jit(
  (data: Array, lam: Array, shape: number[], dtype: DType) => {
    const useKnuth = jnp.logicalOr(jnp.isnan(lam), jnp.less(lam, 10));
    const lamKnuth = jnp.where(useKnuth, lam, full(shape, 0, float32));
    const lamRejection = jnp.where(useKnuth, full(shape, 1e5, float32), lam);
    const result = jnp.where(useKnuth, knuth(data, lamKnuth, shape, dtype), rejection(data, lamRejection, shape, dtype));
    return jnp.where(jnp.equal(lam, 0), full(shape, 0, dtype), result);
  },
  { staticArgnums: [2, 3] },
);

/** Poisson(λ) samples (JAX's `random.poisson(key, lam, shape=None, dtype=int)`); λ is taken as float32, as JAX. */
export function poisson(key: KeyLike, lam: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: { shape?: readonly number[] | null; dtype?: DTypeLike | null }] | [options: { shape?: readonly number[] | null; dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.poisson', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('poisson', key);
  const d = o.dtype === undefined || o.dtype === null ? int32 : toDtype(o.dtype as DTypeLike);
  if (d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`random.poisson(): dtype must be an integer dtype, got ${d}.`);
  const l = asArray(lam);
  const s = o.shape === undefined || o.shape === null ? l.shape : shapeOf('poisson', o.shape);
  const lb = convertElementType(jnp.broadcastTo(l, s), float32);
  return poissonJit(data, lb, [...s], d);
}
