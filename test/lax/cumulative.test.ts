// lax's cumulative reductions and associativeScan against JS loops, laws (fast-check), finite
// differences in float64, vmap against a loop of calls, and jit against eager.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync() as ArrayLike<number>, Number);

beforeAll(() => jp.config.update('enableX64', true));
afterAll(() => jp.config.update('enableX64', false));

type Op = 'cumsum' | 'cumprod' | 'cummax' | 'cummin' | 'cumlogsumexp';
const OPS: Op[] = ['cumsum', 'cumprod', 'cummax', 'cummin', 'cumlogsumexp'];
/** The running value in JS doubles. */
const COMBINE: Record<Op, (a: number, b: number) => number> = {
  cumsum: (a, b) => a + b,
  cumprod: (a, b) => a * b,
  cummax: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  cummin: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  cumlogsumexp: (a, b) => {
    const m = Math.max(a, b);
    return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  },
};

/** The cumulative op along `axis` of a row-major array, by a JS loop. */
function reference(op: Op, data: number[], shape: number[], axis: number, reverse: boolean): number[] {
  const out = new Array<number>(data.length);
  const n = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      let acc = NaN;
      for (let k = 0; k < n; k++) {
        const r = reverse ? n - 1 - k : k;
        const at = (o * n + r) * inner + j;
        acc = k === 0 ? data[at]! : COMBINE[op](acc, data[at]!);
        out[at] = acc;
      }
    }
  return out;
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 });
const caseArb = shapeArb.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    data: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: shape.reduce((p, d) => p * d, 1), maxLength: shape.reduce((p, d) => p * d, 1) }),
    axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
    reverse: fc.boolean(),
  }),
);

describe('the scan kernels against a JS loop', () => {
  it('every op, any axis (negative too), both directions, empty axes, float64', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...OPS), ({ shape, data, axis, reverse }, op) => {
        const x = jnp.array(data, 'float64').reshape(shape);
        const ax = axis < 0 ? axis + shape.length : axis;
        const ref = reference(op, data, shape, ax, reverse);
        const got = lax[op](x, axis, reverse);
        expect(got.shape).toEqual(shape);
        const jitted = jp.jit((a: jp.Array) => lax[op](a, { axis, reverse }))(x);
        for (const g of [vals(got), vals(jitted)]) g.forEach((v, k) => expect(Math.abs(v - ref[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[k]!))));
      }),
      { numRuns: 30 },
    );
  });

  it('int32 sums and products wrap as int32; NaN propagates through cummax/cummin', () => {
    const big = jnp.array([2 ** 30, 2 ** 30, 2 ** 30, 5], 'int32');
    expect(vals(lax.cumsum(big))).toEqual([2 ** 30, 2 ** 31 | 0, (3 * 2 ** 30) | 0, ((3 * 2 ** 30) | 0) + 5]);
    expect(vals(lax.cumprod(jnp.array([65536, 65536, 3], 'int32')))).toEqual([65536, 0, 0]);
    expect(vals(lax.cumsum(jnp.array([200, 100, 7], 'uint8')))).toEqual([200, 44, 51]);
    expect(vals(lax.cummax(jnp.array([1, NaN, 5], 'float32')))).toEqual([1, NaN, NaN]);
    expect(vals(lax.cummin(jnp.array([3, 1, 2], 'int32'), { reverse: true }))).toEqual([1, 1, 2]);
  });

  it('bad input: bools, integer logsumexp, bad axes', () => {
    expect(() => lax.cumsum(jnp.array([true, false]))).toThrow(jp.DtypeError);
    expect(() => lax.cumlogsumexp(jnp.array([1, 2], 'int32'))).toThrow(jp.DtypeError);
    expect(() => lax.cumsum(jnp.ones([2, 3]), 2)).toThrow(jp.ShapeError);
    expect(() => lax.cumsum(jnp.ones([2, 3]), 0.5)).toThrow(jp.ShapeError);
    // @ts-expect-error reverse is a boolean
    expect(() => lax.cumsum(jnp.ones([2]), 0, 'yes')).toThrow(TypeError);
  });
});

describe('laws', () => {
  const ints = (n: number) => fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n });
  it("cumsum's last element is the sum; diff of cumsum is the array; associativeScan(add) is cumsum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((n) => ints(n)), fc.boolean(), (data, reverse) => {
        const x = jnp.array(data, 'int32');
        const c = lax.cumsum(x, 0, reverse);
        expect(vals(c)[reverse ? 0 : data.length - 1]).toBe(data.reduce((a, b) => a + b, 0));
        if (!reverse) expect(vals(jnp.diff(c, { prepend: 0 }))).toEqual(data);
        expect(vals(lax.associativeScan((a: jp.Array, b: jp.Array) => a.add(b), x, reverse))).toEqual(vals(c));
      }),
      { numRuns: 40 },
    );
  });

  it('associativeScan of max/min/mul matches cummax/cummin/cumprod along any axis', () => {
    fc.assert(
      fc.property(caseArb.filter((c) => c.shape.every((d) => d > 0)), ({ shape, data, axis, reverse }) => {
        const x = jnp.array(data, 'float64').reshape(shape);
        for (const [op, fn] of [['cummax', jnp.maximum], ['cummin', jnp.minimum], ['cumprod', jnp.multiply]] as const) {
          const scanned = lax.associativeScan((a: jp.Array, b: jp.Array) => fn(a, b), x, { axis, reverse });
          const want = vals(lax[op](x, axis, reverse));
          vals(scanned).forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[k]!))));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('associativeScan of a pytree: the linear recurrence h = a·h + b, against a JS loop, eagerly, under jit and vmap', () => {
    // (a1, b1) then (a2, b2): h ↦ a2(a1 h + b1) + b2, an associative combination.
    const fn = ([a1, b1]: jp.Array[], [a2, b2]: jp.Array[]) => [a1!.mul(a2!), a2!.mul(b1!).add(b2!)];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 17 }).chain((n) => fc.tuple(fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }))), ([as, bs]) => {
        const ref: number[] = [];
        let h = 0;
        as.forEach((a, k) => ref.push((h = a * h + bs[k]!)));
        const [A, B] = [jnp.array(as, 'float64'), jnp.array(bs, 'float64')];
        const eager = lax.associativeScan(fn, [A, B])[1]!;
        const jitted = jp.jit((a: jp.Array, b: jp.Array) => lax.associativeScan(fn, [a, b])[1]!)(A, B);
        // vmap over a batch of two sequences (the second doubled): each row is its own recurrence.
        const batched = jp.vmap((a: jp.Array, b: jp.Array) => lax.associativeScan(fn, [a, b])[1]!)(jnp.stack([A, A]), jnp.stack([B, B.mul(2)]));
        for (const got of [vals(eager), vals(jitted), vals(batched).slice(0, as.length), vals(batched).slice(as.length).map((v) => v / 2)])
          got.forEach((v, k) => expect(Math.abs(v - ref[k]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref[k]!))));
      }),
      { numRuns: 25 },
    );
  });

  it('associativeScan: bad elems are a clear error', () => {
    const add = (a: jp.Array, b: jp.Array) => a.add(b);
    expect(() => lax.associativeScan(add, [jnp.ones([3]), jnp.ones([4])] as unknown as jp.Array)).toThrow(jp.ShapeError);
    expect(() => lax.associativeScan(add, jnp.ones([3]), { axis: 1 })).toThrow(jp.ShapeError);
    expect(() => lax.associativeScan((a: jp.Array) => a.sum(), jnp.ones([4]))).toThrow(jp.ShapeError);
    expect(() => lax.associativeScan((a: jp.Array) => a.astype('int32'), jnp.ones([4]))).toThrow(jp.DtypeError);
  });
});

describe('derivatives against central differences (float64)', () => {
  const w = () => jnp.array([1.0, -2.0, 0.5, 3.0, 1.5, -0.75], 'float64');
  const fns: [string, (x: jp.Array) => jp.Array][] = [
    ['cumsum', (x) => lax.cumsum(x).mul(w()).sum()],
    ['cumsum reverse', (x) => lax.cumsum(x, 0, true).mul(lax.cumsum(x)).sum()],
    ['cumprod', (x) => lax.cumprod(x).mul(w()).sum()],
    ['cumprod reverse', (x) => lax.cumprod(x, { reverse: true }).mul(w()).sum()],
    ['cummax', (x) => lax.cummax(x).mul(w()).sum()],
    ['cummin reverse', (x) => lax.cummin(x, 0, true).mul(w()).sum()],
    ['cumlogsumexp', (x) => lax.cumlogsumexp(x).mul(w()).sum()],
    ['associativeScan of a product', (x) => lax.associativeScan((a: jp.Array, b: jp.Array) => a.mul(b), x).mul(w()).sum()],
  ];
  // Distinct values, built rather than filtered (a filter retries until it passes; near-ties are likely).
  const xArb = fc.shuffledSubarray(Array.from({ length: 41 }, (_, k) => -2 + k / 10), { minLength: 6, maxLength: 6 }).chain((g) => fc.tuple(...g.map((v) => fc.double({ min: v - 0.02, max: v + 0.02, noNaN: true }))));
  for (const [name, f] of fns)
    it(`${name}: grad and jvp with a random tangent (jitted, so each compiles once)`, () => {
      const fj = jp.jit(f);
      const gj = jp.jit(jp.grad(f));
      const tj = jp.jit((x: jp.Array, t: jp.Array) => jp.jvp(f, [x], [t])[1] as jp.Array);
      fc.assert(
        fc.property(xArb, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), (xs, ts) => {
          const x = jnp.array(xs, 'float64');
          const t = jnp.array(ts, 'float64');
          const h = 1e-6;
          const fd = ((fj(x.add(t.mul(h))).item() as number) - (fj(x.sub(t.mul(h))).item() as number)) / (2 * h);
          const viaGrad = vals(gj(x)).reduce((s, v, k) => s + v * ts[k]!, 0);
          for (const v of [viaGrad, tj(x, t).item() as number]) expect(Math.abs(v - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        }),
        { numRuns: 6 },
      );
      // Eagerly (op by op) once.
      const x = jnp.array([0.5, -1.25, 1.5, 0.75, -0.3, 1.1], 'float64');
      expect(vals(jp.grad(f)(x))).toEqual(vals(gj(x)).map((v) => expect.closeTo(v, 12)) as unknown as number[]);
    });

  it('cumprod with zeros: the gradient is the product of the others (exact, one and two zeros)', () => {
    const f = (x: jp.Array) => lax.cumprod(x).sum();
    const ref = (xs: number[]) => xs.map((_, i) => {
      // d/dx_i of sum_k prod_{j≤k} x_j = sum_{k≥i} prod_{j≤k, j≠i} x_j
      let s = 0;
      for (let k = i; k < xs.length; k++) s += xs.slice(0, k + 1).reduce((p, v, j) => (j === i ? p : p * v), 1);
      return s;
    });
    for (const xs of [[2, 0, 3, 4], [0, 2, 0, 5], [1.5, -2, 0, 0.5]]) expect(vals(jp.grad(f)(jnp.array(xs, 'float64')))).toEqual(ref(xs));
  });

  it("cumsum's transpose is the reverse cumsum (vjp of a cotangent)", () => {
    const [, pullback] = jp.vjp((x: jp.Array) => lax.cumsum(x, 1), jnp.ones([2, 3], 'float64'));
    const ct = jnp.array([[1, 2, 3], [4, 5, 6]], 'float64');
    expect(vals(pullback(ct)[0] as jp.Array)).toEqual(vals(lax.cumsum(ct, 1, true)));
  });
});

describe('vmap against a loop of calls', () => {
  it('every op, batched along any axis, scanning any axis of the rest', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPS), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.boolean(), (op, inAxis, axis, reverse) => {
        const X = jnp.array(Array.from({ length: 24 }, (_, k) => Math.sin(k * 1.7) * 2), 'float64').reshape(2, 3, 4);
        const f = (a: jp.Array) => lax[op](a, axis, reverse);
        const got = jp.vmap(f, { inAxes: inAxis })(X);
        const rows = Array.from({ length: X.shape[inAxis]! }, (_, k) => f(jnp.take(X, k, { axis: inAxis })));
        expect(vals(got)).toEqual(vals(jnp.stack(rows)));
      }),
      { numRuns: 25 },
    );
  });
});
