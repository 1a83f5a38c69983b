// binomial as JAX draws it (as TensorFlow): by inversion (summing geometric waiting times) where
// n·min(p, 1−p) ≤ 10, else Hörmann's BTRS transformed rejection with Stirling tail corrections,
// each a whole-array while loop; p > ½ is drawn as n − Binomial(n, 1 − p). NaN or negative n and
// NaN or negative p give NaN; infinite n gives inf. The result has a float dtype, as JAX's.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { type DType, type DTypeLike, bool, defaultFloat, dtype as toDtype, float32, int32 } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { whileLoop } from '../control/whileLoop.js';
import { scan } from '../control/scan.js';
import { cumsum } from '../lax/cumulative.js';
import { convertElementType } from '../lax/elementwise.js';
import { indexAlong } from '../lax/slicing.js';
import { full } from '../lax/structural.js';
import * as jnp from '../numpy/index.js';
import { jit } from '../transforms/jit.js';
import { sampleShape } from './continuous.js';
import { shapeOf } from './prng.js';
import { fma } from './fma.js';
import { type KeyLike, unwrapKey } from './keys.js';
import { splitData } from './prng.js';
import { floatDtype, uniformData } from './uniform.js';

const STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287];

/** log k! − Stirling's approximation of it: tabulated for k ≤ 9, else its series. */
function stirlingTail(k: Array): Array {
  const d = k.dtype;
  const table = jnp.array(STIRLING_TAIL, d);
  const useTable = jnp.lessEqual(k, 9);
  const kc = jnp.clip(k, 0, 9);
  const kp1 = jnp.add(kc, 1);
  const kp1sq = jnp.multiply(kp1, kp1);
  const approx = jnp.divide(jnp.subtract(1 / 12, jnp.divide(jnp.subtract(1 / 360, jnp.divide(1 / 1260, kp1sq)), kp1sq)), kp1);
  return jnp.where(useTable, jnp.take(table, jnp.astype(jnp.floor(kc), int32)), approx);
}

type S = [Array, Array, Array, Array];

function inversion(data: Array, count: Array, prob: Array, shape: number[], dtype: DType): Array {
  const log1mp = jnp.log1p(jnp.negative(prob));
  const [, k] = whileLoop(
    ([i, , geomSum]: S) => jnp.logicalAnd(jnp.any(jnp.lessEqual(geomSum, count)), jnp.less(i, 2147483647)),
    ([i, numGeom, geomSum, key]: S): S => {
      const ks = splitData(key, [2]);
      const next = jnp.where(jnp.lessEqual(geomSum, count), jnp.add(numGeom, 1), numGeom);
      const u = uniformData(indexAlong(ks, 0, 0), shape, prob.dtype);
      const geom = jnp.ceil(jnp.divide(jnp.log(u), log1mp));
      return [jnp.add(i, 1), next, jnp.add(geomSum, geom), indexAlong(ks, 0, 1)];
    },
    [full([], 0, int32), full(shape, 0, prob.dtype), full(shape, 0, prob.dtype), data] as S,
  );
  return jnp.astype(jnp.subtract(k, 1), dtype);
}

function btrs(data: Array, count: Array, prob: Array, shape: number[], dtype: DType): Array {
  const d = prob.dtype;
  const c0 = (v: number) => full(shape, v, d);
  const stddev = jnp.sqrt(jnp.multiply(jnp.multiply(count, prob), jnp.subtract(1, prob)));
  // Multiply-adds fused as XLA:CPU does.
  const b = fma(c0(2.53), stddev, c0(1.15));
  const a = fma(c0(0.01), prob, fma(c0(0.0248), b, c0(-0.0873)));
  const c = fma(count, prob, c0(0.5));
  const vr = jnp.subtract(0.92, jnp.divide(4.2, b));
  const r = jnp.divide(prob, jnp.subtract(1, prob));
  const alpha = jnp.multiply(jnp.add(2.83, jnp.divide(5.1, b)), stddev);
  const m = jnp.floor(jnp.multiply(jnp.add(count, 1), prob));
  const [, kOut] = whileLoop(
    ([i, , accepted]: S) => jnp.logicalAnd(jnp.any(jnp.logicalNot(accepted)), jnp.less(i, 2147483647)),
    ([i, kOut, accepted, key]: S): S => {
      const ks = splitData(key, [3]);
      let u = uniformData(indexAlong(ks, 0, 1), shape, d);
      let v = uniformData(indexAlong(ks, 0, 2), shape, d);
      u = jnp.subtract(u, 0.5);
      const us = jnp.subtract(0.5, jnp.abs(u));
      const accept1 = jnp.logicalAnd(jnp.greaterEqual(us, 0.07), jnp.lessEqual(v, vr));
      const k = jnp.floor(fma(jnp.add(jnp.divide(jnp.multiply(2, a), us), b), u, c));
      const reject = jnp.logicalOr(jnp.less(k, 0), jnp.greater(k, count));
      v = jnp.log(jnp.divide(jnp.multiply(v, alpha), jnp.add(jnp.divide(a, jnp.multiply(us, us)), b)));
      const cm1 = jnp.add(jnp.subtract(count, m), 1);
      const ck1 = jnp.add(jnp.subtract(count, k), 1);
      let ub = jnp.multiply(jnp.add(m, 0.5), jnp.log(jnp.divide(jnp.add(m, 1), jnp.multiply(r, cm1))));
      ub = jnp.add(ub, jnp.multiply(jnp.add(count, 1), jnp.log(jnp.divide(cm1, ck1))));
      ub = jnp.add(ub, jnp.multiply(jnp.add(k, 0.5), jnp.log(jnp.divide(jnp.multiply(r, ck1), jnp.add(k, 1)))));
      ub = jnp.add(ub, stirlingTail(m));
      ub = jnp.add(ub, stirlingTail(jnp.subtract(count, m)));
      ub = jnp.subtract(ub, stirlingTail(k));
      ub = jnp.subtract(ub, stirlingTail(jnp.subtract(count, k)));
      const accept = jnp.logicalOr(accept1, jnp.logicalAnd(jnp.logicalNot(reject), jnp.lessEqual(v, ub)));
      return [jnp.add(i, 1), jnp.where(accept, k, kOut), jnp.logicalOr(accepted, accept), indexAlong(ks, 0, 0)];
    },
    [full([], 0, int32), c0(-1), full(shape, false, bool), data] as S,
  );
  return jnp.astype(kOut, dtype);
}

const binomialJit = jit(
  (data: Array, countIn: Array, probIn: Array, shape: number[], dtype: DType) => {
    let count = jnp.broadcastTo(convertElementType(countIn, probIn.dtype), shape);
    const prob = jnp.broadcastTo(probIn, shape);
    const d = prob.dtype;
    const pLtHalf = jnp.less(prob, 0.5);
    let q = jnp.where(pLtHalf, prob, jnp.subtract(1, prob));
    const countBad = jnp.logicalOr(jnp.isnan(count), jnp.less(count, 0));
    const countInf = jnp.isinf(count);
    const qNan = jnp.isnan(q);
    const qNeg = jnp.less(q, 0);
    q = jnp.where(jnp.logicalOr(qNan, qNeg), full(shape, 0.01, d), q);
    const useInversion = jnp.logicalOr(countBad, jnp.lessEqual(jnp.multiply(count, q), 10));
    count = jnp.floor(count);
    const countInv = jnp.where(useInversion, count, full(shape, 0, d));
    const countBtrs = jnp.where(useInversion, full(shape, 1e4, d), count);
    const qBtrs = jnp.where(useInversion, full(shape, 0.5, d), q);
    let samples = jnp.where(useInversion, inversion(data, countInv, q, shape, dtype), btrs(data, countBtrs, qBtrs, shape, dtype));
    const invalid = jnp.logicalOr(jnp.logicalOr(qNeg, qNan), countBad);
    samples = jnp.where(invalid, full(shape, NaN, dtype), samples);
    samples = jnp.where(jnp.logicalAnd(countInf, jnp.logicalNot(invalid)), full(shape, Infinity, dtype), samples);
    const keep = jnp.logicalOr(jnp.logicalOr(pLtHalf, countBad), jnp.logicalOr(qNan, countInf));
    return jnp.where(keep, samples, jnp.subtract(jnp.astype(count, dtype), samples));
  },
  { staticArgnums: [3, 4] },
);

/** Binomial(n, p) samples as floats (JAX's `random.binomial(key, n, p, shape=None, dtype=float)`). */
export function binomial(key: KeyLike, n: ArrayLike, p: ArrayLike, ...rest: [shape?: number | readonly number[] | null, dtype?: DTypeLike | null, options?: { shape?: readonly number[] | null; dtype?: DTypeLike | null }] | [options: { shape?: readonly number[] | null; dtype?: DTypeLike | null }]): Array {
  const o = bindArgs('random.binomial', ['shape', 'dtype'], rest);
  const [data] = unwrapKey('binomial', key);
  const d = floatDtype('binomial', o.dtype);
  const s = sampleShape('binomial', o.shape, n, p);
  let pa = asArray(p);
  if (pa.dtype.kind !== 'f') pa = convertElementType(pa, pa.weakType ? defaultFloat() : float32);
  if (d.kind !== 'f') throw new DtypeError(`random.binomial(): dtype must be a float dtype, got ${d}.`);
  return binomialJit(data, asArray(n), pa, s, d);
}

/** `x` as a float array (JAX's promote_dtypes_inexact for one value). */
const inexact = (x: Array): Array => (x.dtype.kind === 'f' ? x : convertElementType(x, x.weakType ? defaultFloat() : float32));

/**
 * Counts of n trials over the categories of p's last axis (JAX's `random.multinomial(key, n, p,
 * *, shape=None, dtype=float)`): a scan of conditional binomials over the categories.
 */
export function multinomial(key: KeyLike, n: ArrayLike, p: ArrayLike, options: { shape?: readonly number[] | null; dtype?: DTypeLike | null } = {}): Array {
  const o = bindArgs('random.multinomial', ['shape', 'dtype'], [options], ['shape', 'dtype']);
  const [data] = unwrapKey('multinomial', key);
  let na = inexact(asArray(n));
  let pa = inexact(asArray(p));
  const common = jnp.resultType(na, pa);
  na = convertElementType(na, common);
  pa = convertElementType(pa, common);
  if (pa.ndim < 1) throw new DtypeError('random.multinomial(): p must have at least one dimension (the categories).');
  const shape = o.shape === undefined || o.shape === null ? pa.shape : shapeOf('multinomial', o.shape);
  na = jnp.broadcastTo(na, shape.slice(0, -1));
  pa = jnp.moveaxis(jnp.broadcastTo(pa, shape), -1, 0);
  const remaining = cumsum(pa, 0, true);
  const ratios = jnp.divide(pa, jnp.where(jnp.equal(remaining, 0), 1, remaining));
  const keys = splitData(data, [ratios.shape[0]!]);
  const [, counts] = scan(
    (rem: Array, [ratio, k]: [Array, Array]) => {
      const count = binomialJit(k, rem, jnp.clip(ratio, 0, 1), [...jnp.broadcastShapes(rem.shape, ratio.shape)], rem.dtype);
      return [jnp.subtract(rem, count), count] as const;
    },
    na,
    [ratios, keys] as [Array, Array],
  );
  const d = o.dtype === undefined || o.dtype === null ? defaultFloat() : toDtype(o.dtype as DTypeLike);
  return jnp.astype(jnp.moveaxis(counts as Array, 0, -1), d);
}
