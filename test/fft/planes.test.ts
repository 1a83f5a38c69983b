// Issue 17 (jnp.fft): fft_planes, the planar DFT that complex FFTs decompose into, against a naive
// float64 DFT for every length 1…64 and the lengths of each algorithm (powers of two, mixed radix,
// Bluestein primes), forward and inverse, float64 and float32 (documented bound); jit against
// eager; vmap against a loop; the transpose by the dot-product identity <F x, y> = <x, Fᵀ y>; the
// jvp by finite differences; bad input.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { fftPlanes } from '../../src/lax/fftPlanes.js';
import { maxAbs, maxDiff, naiveDft, randoms, vals } from './helpers.js';

const { numpy: jnp, jit, vmap, vjp, jvp, config } = jp;

beforeAll(() => config.update('enableX64', true));
afterAll(() => config.update('enableX64', false));

const planesOf = (re: number[], im: number[], shape: number[], dtype: 'float32' | 'float64') => [jnp.array(re, dtype).reshape(shape), jnp.array(im, dtype).reshape(shape)] as const;

/** float64 error bound of the brief: 1e-12·log2(n)·max|x| (with log2(1) read as 1). */
const bound64 = (n: number, x: number[]) => 1e-12 * Math.max(1, Math.log2(n)) * Math.max(1, maxAbs(x));

function check64(n: number, rows: number, inverse: boolean) {
  const re = randoms(n * 7 + 1, rows * n);
  const im = randoms(n * 7 + 2, rows * n);
  const [a, b] = fftPlanes(...planesOf(re, im, [rows, n], 'float64'), inverse);
  expect(a.shape).toEqual([rows, n]);
  expect(a.dtype.name).toBe('float64');
  const [er, ei] = naiveDft(re, im, n, inverse);
  const err = Math.max(maxDiff(vals(a), er), maxDiff(vals(b), ei));
  expect(err).toBeLessThanOrEqual(bound64(n, [...re, ...im]));
}

describe('fft_planes against a naive float64 DFT', () => {
  it('every length 1…64, forward and inverse, 3 rows, float64', () => {
    for (let n = 1; n <= 64; n++) for (const inverse of [false, true]) check64(n, 3, inverse);
  });

  it('powers of two, 3·2^k, products of small primes, and Bluestein lengths (primes, 2·prime, prime²)', () => {
    for (const n of [128, 256, 1024, 4096, 96, 384, 3072, 210, 143, 1001, 97, 101, 1009, 2018, 289, 4 * 17, 3 * 19 * 2])
      for (const inverse of [false, true]) check64(n, 2, inverse);
  });

  it('a larger prime (4099, Bluestein through 2^13) and mixed length (3·2^11)', () => {
    check64(4099, 1, false);
    check64(3 * 2048, 1, true);
  });

  it('empty batches and a zero-length axis give empty results', () => {
    for (const shape of [[0, 8], [3, 0], [0, 0], [0]]) {
      const z = jnp.zeros(shape, 'float64');
      const [a, b] = fftPlanes(z, z);
      expect(a.shape).toEqual(shape);
      expect(b.shape).toEqual(shape);
    }
  });

  it('a 1-d and a 3-d operand transform along the last axis', () => {
    const n = 12;
    const re = randoms(5, 2 * 3 * n);
    const im = randoms(6, 2 * 3 * n);
    const [a, b] = fftPlanes(...planesOf(re, im, [2, 3, n], 'float64'));
    const [er, ei] = naiveDft(re, im, n);
    expect(maxDiff(vals(a), er) + maxDiff(vals(b), ei)).toBeLessThan(1e-13);
    const [c] = fftPlanes(...planesOf(re.slice(0, n), im.slice(0, n), [n], 'float64'));
    expect(maxDiff(vals(c), er.slice(0, n))).toBeLessThan(1e-13);
  });

  it('float32: the float64 transform rounded, |err_k| ≤ 2^-24·|X_k| + 1e-12·log2(n)·max|x| per component', () => {
    for (const n of [1, 2, 3, 5, 8, 12, 16, 31, 64, 97, 360, 1024, 1009]) {
      const re = randoms(n + 11, 2 * n).map(Math.fround);
      const im = randoms(n + 12, 2 * n).map(Math.fround);
      const [a, b] = fftPlanes(...planesOf(re, im, [2, n], 'float32'));
      expect(a.dtype.name).toBe('float32');
      const [er, ei] = naiveDft(re, im, n);
      const slack = bound64(n, [...re, ...im]);
      vals(a).forEach((v, k) => expect(Math.abs(v - er[k]!)).toBeLessThanOrEqual(2 ** -24 * Math.abs(er[k]!) + slack));
      vals(b).forEach((v, k) => expect(Math.abs(v - ei[k]!)).toBeLessThanOrEqual(2 ** -24 * Math.abs(ei[k]!) + slack));
    }
  });

  it('many rows (split across devices when large) agree with the naive DFT row by row', () => {
    for (const n of [1009, 256]) {
      const rows = 64;
      const re = randoms(n + 21, rows * n);
      const im = randoms(n + 22, rows * n);
      const [a, b] = fftPlanes(...planesOf(re, im, [rows, n], 'float64'));
      const [ar, bi] = [vals(a), vals(b)];
      for (const r of [0, 1, 31, 32, 63]) {
        const [er, ei] = naiveDft(re.slice(r * n, (r + 1) * n), im.slice(r * n, (r + 1) * n), n);
        expect(maxDiff(ar.slice(r * n, (r + 1) * n), er) + maxDiff(bi.slice(r * n, (r + 1) * n), ei)).toBeLessThan(bound64(n, re));
      }
    }
  });
});

describe('fft_planes under transformations', () => {
  it('jit gives the eager bits', () => {
    for (const n of [7, 16, 60, 97]) {
      const [x, y] = planesOf(randoms(n, 3 * n), randoms(n + 1, 3 * n), [3, n], 'float32');
      const f = (p: jp.Array, q: jp.Array) => fftPlanes(p, q, n % 2 === 1);
      const [e0, e1] = f(x, y);
      const [j0, j1] = jit(f)(x, y);
      expect(vals(j0)).toEqual(vals(e0));
      expect(vals(j1)).toEqual(vals(e1));
    }
  });

  it('vmap over a leading, a middle and the last axis equals a loop', () => {
    const n = 10;
    const [x, y] = planesOf(randoms(1, 4 * 3 * n), randoms(2, 4 * 3 * n), [4, 3, n], 'float64');
    const f = (p: jp.Array, q: jp.Array) => fftPlanes(p, q);
    for (const axis of [0, 1, 2]) {
      const [xs, ys] = [jnp.moveaxis(x, 0, axis), jnp.moveaxis(y, 0, axis)];
      const [a, b] = vmap(f, { inAxes: [axis, axis] })(xs, ys);
      for (let i = 0; i < 4; i++) {
        const [la, lb] = f(jnp.take(xs, i, { axis }), jnp.take(ys, i, { axis }));
        expect(maxDiff(vals(jnp.take(a, i, { axis: 0 })), vals(la))).toBeLessThan(1e-14);
        expect(maxDiff(vals(jnp.take(b, i, { axis: 0 })), vals(lb))).toBeLessThan(1e-14);
      }
    }
    // One plane batched, the other not (broadcast).
    const [a] = vmap(f, { inAxes: [0, null] })(x, jnp.take(y, 0, { axis: 0 }));
    const [la] = f(jnp.take(x, 2, { axis: 0 }), jnp.take(y, 0, { axis: 0 }));
    expect(maxDiff(vals(jnp.take(a, 2, { axis: 0 })), vals(la))).toBeLessThan(1e-14);
  });

  it('transpose: <F x, y> = <x, Fᵀ y> for both directions, and Fᵀ of the forward DFT is the unnormalised inverse', () => {
    for (const n of [1, 6, 16, 17, 45]) {
      for (const inverse of [false, true]) {
        const [xr, xi] = planesOf(randoms(n, 2 * n), randoms(n + 1, 2 * n), [2, n], 'float64');
        const [yr, yi] = [randoms(n + 2, 2 * n), randoms(n + 3, 2 * n)];
        const [out, pullback] = vjp((p: jp.Array, q: jp.Array) => fftPlanes(p, q, inverse), xr, xi);
        const [tr, ti] = pullback([jnp.array(yr, 'float64').reshape([2, n]), jnp.array(yi, 'float64').reshape([2, n])]);
        const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);
        const lhs = dot(vals(out[0]!), yr) + dot(vals(out[1]!), yi);
        const rhs = dot(vals(xr), vals(tr)) + dot(vals(xi), vals(ti));
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-10 * Math.max(1, Math.abs(lhs)));
        const [er, ei] = naiveDft(yr, yi, n, !inverse);
        expect(maxDiff(vals(tr), er) + maxDiff(vals(ti), ei)).toBeLessThan(1e-12 * n);
      }
    }
  });

  it('jvp is the transform of the tangent and matches finite differences (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (n, seed, inverse) => {
        const [xr, xi] = planesOf(randoms(seed, n), randoms(seed + 1, n), [n], 'float64');
        const [tr, ti] = planesOf(randoms(seed + 2, n), randoms(seed + 3, n), [n], 'float64');
        const f = (p: jp.Array, q: jp.Array) => fftPlanes(p, q, inverse);
        const [, tangents] = jvp(f, [xr, xi], [tr, ti]);
        const h = 1e-6;
        const [pr, pi] = f(xr.add(tr.mul(h)), xi.add(ti.mul(h)));
        const [mr, mi] = f(xr.sub(tr.mul(h)), xi.sub(ti.mul(h)));
        const fd = (p: jp.Array, m: jp.Array) => vals(p).map((v, k) => (v - vals(m)[k]!) / (2 * h));
        expect(maxDiff(vals(tangents[0]!), fd(pr, mr))).toBeLessThan(1e-7 * n);
        expect(maxDiff(vals(tangents[1]!), fd(pi, mi))).toBeLessThan(1e-7 * n);
      }),
      { numRuns: 15 },
    );
  });
});

describe('fft_planes rejects bad input', () => {
  it('integer planes, mismatched planes and 0-d planes', () => {
    expect(() => fftPlanes(jnp.zeros([4], 'int32'), jnp.zeros([4], 'int32'))).toThrow(jp.DtypeError);
    expect(() => fftPlanes(jnp.zeros([4], 'float32'), jnp.zeros([5], 'float32'))).toThrow(jp.ShapeError);
    expect(() => fftPlanes(jnp.zeros([4], 'float32'), jnp.zeros([4], 'float64'))).toThrow(jp.ShapeError);
    expect(() => fftPlanes(jnp.zeros([], 'float32'), jnp.zeros([], 'float32'))).toThrow(jp.ShapeError);
  });
});
