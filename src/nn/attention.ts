// jax.nn.dot_product_attention, the XLA implementation: softmax(scale · q kᵀ + bias, masked) v over
// [batch, length, heads, head dim] arrays, with grouped-query attention (query heads a multiple of
// the key/value heads), causal, padding and local-window masks, as JAX computes it (logits in at
// least float32, the softmax in float32, probabilities cast to the keys' dtype).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, boolArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, float32, float64, int32, promoteTypes } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import * as lax from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { full } from '../lax/structural.js';
import { stopGradient } from '../lax/stopGradient.js';
import * as jnp from '../numpy/index.js';
import { broadcastArray } from '../numpy/promote.js';
import { defineFunction } from '../scipy/define.js';
import { logsumexpParts } from '../scipy/special/logsumexp.js';
import { softmax } from './softmax.js';

/** dotProductAttention's keyword options (JAX's keyword-only parameters). */
export interface AttentionOptions {
  bias?: ArrayLike | null;
  mask?: ArrayLike | null;
  scale?: number | null;
  isCausal?: boolean;
  querySeqLengths?: ArrayLike | null;
  keyValueSeqLengths?: ArrayLike | null;
  localWindowSize?: number | [number, number] | null;
  implementation?: 'xla' | null;
  returnResidual?: boolean;
}

const F32_MAX = 3.4028234663852886e38;
const F64_MAX = Number.MAX_VALUE;

function ensure4d(t: Array): Array {
  let a = t;
  while (a.ndim < 4) a = jnp.expandDims(a, 0);
  return a;
}

function check(t: Array | undefined, shape: number[], dtype: string | null, name: string): void {
  if (!t) return;
  if (t.ndim !== shape.length) throw new ShapeError(`nn.dotProductAttention(): ${name} must have ${shape.length} dimensions, got shape [${t.shape}].`);
  if (dtype !== null && t.dtype.name !== dtype) throw new DtypeError(`nn.dotProductAttention(): ${name} must be ${dtype}, got ${t.dtype.name}.`);
  shape.forEach((d, i) => {
    if (d !== -1 && t.shape[i] !== d) throw new ShapeError(`nn.dotProductAttention(): ${name} must have shape [${shape.map((v) => (v === -1 ? '_' : v))}], got [${t.shape}].`);
  });
}

/** A bias or mask [tB, tN, tT, tS] as [tB, K, G, tT, tS] (or [tB, 1, 1, tT, tS] for one head) over the grouped logits. */
function grouped(t: Array, n: number, k: number): Array {
  const [tb, tn, tt, ts] = t.shape as [number, number, number, number];
  if (tn === 1) return jnp.reshape(t, [tb, 1, 1, tt, ts]);
  if (tn !== n) throw new ShapeError(`nn.dotProductAttention(): a bias or mask has ${tn} heads; it needs 1 or the query's ${n}.`);
  return jnp.reshape(t, [tb, k, n / k, tt, ts]);
}

function attention(query: ArrayLike, key: ArrayLike, value: ArrayLike, rest: unknown[]): Array | [Array, Array] {
  const fn = 'nn.dotProductAttention';
  const o = bindArgs(fn, ['bias', 'mask', 'scale', 'isCausal', 'querySeqLengths', 'keyValueSeqLengths', 'localWindowSize', 'implementation', 'returnResidual'], rest, [
    'scale',
    'isCausal',
    'querySeqLengths',
    'keyValueSeqLengths',
    'localWindowSize',
    'implementation',
    'returnResidual',
  ]);
  if (o.implementation !== undefined && o.implementation !== null && o.implementation !== 'xla')
    throw new TypeError(`${fn}(): implementation ${describe(o.implementation)} is not available; jaxpool has the 'xla' implementation (the default).`);
  const isCausal = boolArg(fn, 'isCausal', o.isCausal, false);
  const returnResidual = boolArg(fn, 'returnResidual', o.returnResidual, false);
  const q0 = asArray(query);
  const outShape = q0.shape;
  const q = ensure4d(q0);
  const kk = ensure4d(asArray(key));
  const v = ensure4d(asArray(value));
  const opt = (x: unknown) => (x === undefined || x === null ? undefined : asArray(x as ArrayLike));
  const bias = opt(o.bias) && ensure4d(opt(o.bias)!);
  const mask = opt(o.mask) && ensure4d(opt(o.mask)!);
  const qLen = opt(o.querySeqLengths);
  const kvLen = opt(o.keyValueSeqLengths);
  const [B, S, K, H] = kk.shape as [number, number, number, number];
  check(v, [B, S, K, H], kk.dtype.name, 'value');
  check(q, [B, -1, -1, H], kk.dtype.name, 'query');
  check(mask, [-1, -1, -1, -1], 'bool', 'mask');
  check(bias, [-1, -1, -1, -1], null, 'bias');
  check(qLen, [B], 'int32', 'querySeqLengths');
  check(kvLen, [B], 'int32', 'keyValueSeqLengths');
  if (kk.dtype.kind !== 'f') throw new DtypeError(`${fn}(): query, key and value must be floating point, got ${kk.dtype.name}.`);
  const T = q.shape[1]!;
  const N = q.shape[2]!;
  if (N % K !== 0) throw new ShapeError(`${fn}(): the number of query heads must be a multiple of the key/value heads, got ${N} vs ${K}.`);
  const G = N / K;
  const scale = o.scale === undefined || o.scale === null ? 1 / Math.sqrt(H) : (o.scale as number);
  if (typeof scale !== 'number') throw new TypeError(`${fn}(): 'scale' must be a number, got ${describe(scale)}.`);
  let window: [number, number] | undefined;
  if (o.localWindowSize !== undefined && o.localWindowSize !== null) {
    const w = o.localWindowSize;
    window = typeof w === 'number' ? [w, w] : (w as [number, number]);
    if (!globalThis.Array.isArray(window) || window.length !== 2 || window.some((x) => !Number.isInteger(x)))
      throw new TypeError(`${fn}(): 'localWindowSize' must be an integer or a pair of integers, got ${describe(w)}.`);
  }

  const logitsDtype = promoteTypes(q.dtype, float32);
  const qg = jnp.reshape(jnp.astype(q, logitsDtype), [B, T, K, G, H]);
  let logits = jnp.einsum('BTKGH,BSKH->BKGTS', qg, jnp.astype(kk, logitsDtype));
  logits = jnp.multiply(logits, jnp.asarray(scale, logitsDtype));
  if (bias) logits = jnp.astype(jnp.add(logits, grouped(bias, N, K)), logitsDtype);
  const shape5 = logits.shape;
  let combined: Array | undefined;
  const and = (m: Array) => (combined = combined ? jnp.logicalAnd(combined, m) : broadcastArray(m, shape5));
  if (mask) and(grouped(mask, N, K));
  const qPos = iota(int32, [T, S], 0);
  const kPos = iota(int32, [T, S], 1);
  if (isCausal) and(lax.le(kPos, qPos));
  if (window) {
    const [left, right] = window;
    and(lax.bitwiseAnd(lax.ge(qPos, lax.sub(kPos, full([T, S], right, int32))), lax.le(qPos, lax.add(kPos, full([T, S], left, int32)))));
  }
  if (qLen || kvLen) {
    let pad = full([B, T, S], true, bool);
    if (qLen) pad = jnp.logicalAnd(pad, jnp.less(jnp.reshape(iota(int32, [T], 0), [1, T, 1]), jnp.reshape(qLen, [B, 1, 1])));
    if (kvLen) pad = jnp.logicalAnd(pad, jnp.less(jnp.reshape(iota(int32, [S], 0), [1, 1, S]), jnp.reshape(kvLen, [B, 1, 1])));
    and(jnp.reshape(pad, [B, 1, 1, T, S]));
  }
  if (combined) {
    const big = -0.7 * Math.min(logitsDtype === float64 ? F64_MAX : F32_MAX, F32_MAX);
    logits = jnp.where(combined, logits, jnp.asarray(big, logitsDtype));
  }
  const padded = jnp.astype(logits, float32);
  const probs = jnp.astype(softmax(padded, -1), kk.dtype);
  let encoded = jnp.einsum('BKGTS,BSKH->BTKGH', probs, v);
  encoded = jnp.reshape(encoded, [B, T, N, H]);
  if (qLen) encoded = jnp.multiply(encoded, jnp.astype(jnp.reshape(jnp.less(jnp.reshape(iota(int32, [T], 0), [1, T]), jnp.reshape(qLen, [B, 1])), [B, T, 1, 1]), encoded.dtype));
  const out = jnp.reshape(encoded, outShape);
  if (!returnResidual) return out;
  const [lse] = logsumexpParts(fn, padded, [{ axis: -1 }]);
  const residual = jnp.reshape(jnp.astype(jnp.transpose(jnp.reshape(lse, [B, N, T]), [0, 2, 1]), kk.dtype), outShape.slice(0, -1));
  return [out, stopGradient(residual)];
}

/** Scaled dot-product attention over [batch, length, heads, head dim] (JAX's dot_product_attention, the XLA implementation). */
export const dotProductAttention = defineFunction(
  'nn.dotProductAttention',
  3,
  (query: ArrayLike, key: ArrayLike, value: ArrayLike, ...rest: [bias?: ArrayLike | null | AttentionOptions, mask?: ArrayLike | null | AttentionOptions, options?: AttentionOptions]): Array =>
    attention(query, key, value, rest) as Array,
);
