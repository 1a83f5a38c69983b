// jax.nn against independent references: gradients against finite differences in float64, JAX's
// custom derivatives at the kinks, dot-product attention against a JS loop over batch, heads,
// queries and keys (grouped-query, causal, masked, biased), vmap against a loop, and the errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, nn } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as Float64Array, Number);

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

const ACTS: [string, (x: jp.Array) => jp.Array][] = [
  ['gelu', (x) => nn.gelu(x)],
  ['gelu exact', (x) => nn.gelu(x, false)],
  ['silu', (x) => nn.silu(x)],
  ['mish', (x) => nn.mish(x)],
  ['softplus', (x) => nn.softplus(x)],
  ['logSigmoid', (x) => nn.logSigmoid(x)],
  ['selu', (x) => nn.selu(x)],
  ['celu', (x) => nn.celu(x, 0.7)],
  ['elu', (x) => nn.elu(x, 1.3)],
  ['squareplus', (x) => nn.squareplus(x, 2)],
  ['softSign', (x) => nn.softSign(x)],
  ['log1mexp', (x) => nn.log1mexp(jnp.abs(x))],
  ['softmax', (x) => nn.softmax(x).mul(jnp.arange(x.shape[0]!, undefined, undefined, 'float64'))],
  ['logSoftmax', (x) => nn.logSoftmax(x).mul(jnp.arange(x.shape[0]!, undefined, undefined, 'float64'))],
  ['logsumexp', (x) => nn.logsumexp(x.mul(x))],
  ['standardize', (x) => nn.standardize(x).mul(jnp.arange(x.shape[0]!, undefined, undefined, 'float64'))],
];
const PTS = [-2.3, -0.7, 0.4, 1.9];

describe('gradients against central differences (float64)', () => {
  for (const [name, f] of ACTS)
    it(name, () => {
      const g = vals(jp.grad((v: jp.Array) => jnp.sum(f(v)))(jnp.array(PTS, 'float64')));
      const h = 1e-4;
      const total = (xs: number[]) => vals(jnp.sum(f(jnp.array(xs, 'float64'))))[0]!;
      PTS.forEach((p, i) => {
        const at = (d: number) => total(PTS.map((q, j) => (j === i ? p + d : q)));
        const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
        expect(Math.abs(g[i]! - fd), `${name} at ${p}: ${g[i]} vs ${fd}`).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(fd)));
      });
    });
  it("JAX's custom derivatives at the kinks: relu'(0) = 0, relu6'(0) = relu6'(6) = 0, hardTanh'(±1) from its where", () => {
    const d = (f: (x: jp.Array) => jp.Array, xs: number[]) => vals(jp.grad((v: jp.Array) => jnp.sum(f(v)))(jnp.array(xs, 'float64')));
    expect(d(nn.relu, [-1, 0, 2])).toEqual([0, 0, 1]);
    expect(d(nn.relu6, [0, 3, 6, 7])).toEqual([0, 1, 0, 0]);
    expect(d(nn.hardSigmoid, [-3, 0, 3])).toEqual([0, 1 / 6, 0]);
    expect(d(nn.leakyRelu, [-1, 0, 1])).toEqual([0.01, 1, 1]);
  });
});

/** Attention by loops: out[b,t,n,:] = Σ_s softmax_s(scale q·k + bias, masked) v[b,s,n/G,:]. */
function naiveAttention(q: number[][][][], k: number[][][][], v: number[][][][], opts: { causal?: boolean; bias?: number[][][][]; mask?: boolean[][][][]; scale?: number }) {
  const [B, T, N, H] = [q.length, q[0]!.length, q[0]![0]!.length, q[0]![0]![0]!.length];
  const [S, K] = [k[0]!.length, k[0]![0]!.length];
  const G = N / K;
  const scale = opts.scale ?? 1 / Math.sqrt(H);
  const out: number[][][][] = [];
  for (let b = 0; b < B; b++) {
    out.push([]);
    for (let t = 0; t < T; t++) {
      out[b]!.push([]);
      for (let n = 0; n < N; n++) {
        const kh = Math.floor(n / G);
        const logits = [];
        for (let s = 0; s < S; s++) {
          let l = 0;
          for (let h = 0; h < H; h++) l += q[b]![t]![n]![h]! * k[b]![s]![kh]![h]!;
          l *= scale;
          if (opts.bias) l += opts.bias[b]![n]![t]![s]!;
          const keep = (!opts.causal || s <= t) && (!opts.mask || opts.mask[b]![n]![t]![s]!);
          logits.push(keep ? l : -Infinity);
        }
        const m = Math.max(...logits);
        const w = logits.map((l) => Math.exp(l - m));
        const z = w.reduce((a, c) => a + c, 0);
        const o = new Array<number>(H).fill(0);
        for (let s = 0; s < S; s++) for (let h = 0; h < H; h++) o[h]! += (w[s]! / z) * v[b]![s]![kh]![h]!;
        out[b]![t]!.push(o);
      }
    }
  }
  return out;
}

describe('dotProductAttention against a JS loop', () => {
  let seed = 5;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const nest = (shape: number[]): unknown => (shape.length === 0 ? rnd() : Array.from({ length: shape[0]! }, () => nest(shape.slice(1))));
  const close = (got: jp.Array, want: unknown) => {
    const w = (want as number[]).flat(4) as number[];
    // float32 softmax inside (as JAX's), so float32-level agreement.
    vals(got).forEach((g, i) => expect(Math.abs(g - w[i]!)).toBeLessThan(2e-6));
  };
  it('grouped-query heads (4 over 2), plain, causal, scaled, biased, masked', () => {
    const q = nest([2, 3, 4, 5]) as number[][][][];
    const k = nest([2, 6, 2, 5]) as number[][][][];
    const v = nest([2, 6, 2, 5]) as number[][][][];
    const bias = nest([2, 4, 3, 6]) as number[][][][];
    const mask = (nest([2, 4, 3, 6]) as number[][][][]).map((a) => a.map((b) => b.map((c) => c.map((x) => x > -0.6))));
    const [Q, Kk, V] = [q, k, v].map((a) => jnp.array(a, 'float64'));
    close(nn.dotProductAttention(Q!, Kk!, V!), naiveAttention(q, k, v, {}));
    close(nn.dotProductAttention(Q!, Kk!, V!, { isCausal: true }), naiveAttention(q, k, v, { causal: true }));
    close(nn.dotProductAttention(Q!, Kk!, V!, { scale: 0.3 }), naiveAttention(q, k, v, { scale: 0.3 }));
    close(nn.dotProductAttention(Q!, Kk!, V!, jnp.array(bias, 'float64')), naiveAttention(q, k, v, { bias }));
    close(nn.dotProductAttention(Q!, Kk!, V!, null, jnp.array(mask)), naiveAttention(q, k, v, { mask }));
  });
  it('vmap over a leading axis equals a loop', () => {
    const qs = jnp.array(nest([3, 2, 4, 2, 3]) as number[][][][][], 'float64');
    const ks = jnp.array(nest([3, 2, 5, 2, 3]) as number[][][][][], 'float64');
    const f = (q: jp.Array, k: jp.Array) => nn.dotProductAttention(q, k, k, { isCausal: true });
    const batched = vals(jp.vmap(f)(qs, ks));
    const loop = [0, 1, 2].flatMap((i) => vals(f(jnp.take(qs, i, 0), jnp.take(ks, i, 0))));
    batched.forEach((b, i) => expect(Math.abs(b - loop[i]!)).toBeLessThan(1e-12));
  });
});

describe('errors', () => {
  it('bad arguments raise', () => {
    const x = jnp.ones([2, 3]);
    expect(() => nn.glu(x)).toThrow(jp.ShapeError);
    expect(() => nn.softmax(x, 2)).toThrow(jp.ShapeError);
    expect(() => nn.oneHot(jnp.array([1, 2]), -1)).toThrow(jp.ShapeError);
    expect(() => nn.oneHot(jnp.array([1, 2]), 3, { axis: 2 })).toThrow(jp.ShapeError);
    expect(() => nn.gelu(x, 'yes' as unknown as boolean)).toThrow(TypeError);
    expect(() => (nn.relu as (...a: unknown[]) => unknown)(x, 1)).toThrow(TypeError);
    expect(() => nn.sigmoid(jnp.array([1, 2]))).toThrow(jp.DtypeError);
    expect(() => nn.standardize(x, { algorithm: 'slow' as 'fast' })).toThrow(/algorithm/);
    const q = jnp.ones([1, 2, 3, 4]);
    expect(() => nn.dotProductAttention(q, jnp.ones([1, 2, 2, 4]), jnp.ones([1, 2, 2, 4]))).toThrow(/multiple/);
    expect(() => nn.dotProductAttention(q, jnp.ones([1, 2, 3, 4]), jnp.ones([1, 2, 3, 5]))).toThrow(jp.ShapeError);
    expect(() => nn.dotProductAttention(q, q, q, null, jnp.ones([1, 1, 2, 2]))).toThrow(jp.DtypeError);
    expect(() => nn.dotProductAttention(q, q, q, { implementation: 'cudnn' as 'xla' })).toThrow(/cudnn/);
  });
});
