// Issue 17 (jnp.fft): identities of the transforms — ifft(fft(x)) = x, irfft(rfft(x)) = x,
// Parseval (with norm 'ortho' unitary), rfft = the first n/2+1 bins of fft, fftn = fft along each
// axis, hfft/ihfft inverses — against a naive float64 DFT; gradients with complex inputs by finite
// differences (JAX's convention: grad = ∂L/∂re − i·∂L/∂im); vmap against a loop; lax.fft's
// checks; JAX's errors for bad n, s, axes and norm.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { maxDiff, naiveDft, randoms, vals } from './helpers.js';

const { numpy: jnp, lax, jit, vmap, vjp, config } = jp;

beforeAll(() => config.update('enableX64', true));
afterAll(() => config.update('enableX64', false));

const c128 = (re: number[], im: number[], shape: number[]) => lax.complex(jnp.array(re, 'float64').reshape(shape), jnp.array(im, 'float64').reshape(shape));
const re = (a: jp.Array) => vals(lax.real(a));
const im = (a: jp.Array) => vals(lax.imag(a));

describe('jnp.fft identities (complex128)', () => {
  it('fft matches a naive DFT; ifft(fft(x)) = x; Parseval; ortho is unitary (fast-check over lengths)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const [xr, xi] = [randoms(seed, 2 * n), randoms(seed + 1, 2 * n)];
        const x = c128(xr, xi, [2, n]);
        const X = jnp.fft.fft(x);
        const [er, ei] = naiveDft(xr, xi, n);
        expect(maxDiff(re(X), er) + maxDiff(im(X), ei)).toBeLessThan(1e-12 * n);
        const back = jnp.fft.ifft(X);
        expect(maxDiff(re(back), xr) + maxDiff(im(back), xi)).toBeLessThan(1e-13 * n);
        const energy = (r: number[], i: number[]) => r.reduce((s, v, k) => s + v * v + i[k]! ** 2, 0);
        expect(Math.abs(energy(re(X), im(X)) / n - energy(xr, xi))).toBeLessThan(1e-11 * n * energy(xr, xi));
        const U = jnp.fft.fft(x, { norm: 'ortho' });
        expect(Math.abs(energy(re(U), im(U)) - energy(xr, xi))).toBeLessThan(1e-11 * n * energy(xr, xi));
      }),
      { numRuns: 25 },
    );
  });

  it('rfft is the first n/2+1 bins of fft; irfft(rfft(x), n) = x for odd and even n; hfft / ihfft invert each other', () => {
    for (const n of [1, 2, 5, 8, 9, 16, 17, 30]) {
      const xr = randoms(n + 100, 3 * n);
      const x = jnp.array(xr, 'float64').reshape([3, n]);
      const R = jnp.fft.rfft(x);
      const F = jnp.fft.fft(x);
      const h = Math.floor(n / 2) + 1;
      expect(R.shape).toEqual([3, h]);
      const head = (a: number[]) => a.filter((_, k) => k % n < h);
      expect(maxDiff(re(R), head(re(F))) + maxDiff(im(R), head(im(F)))).toBeLessThan(1e-12 * n);
      expect(maxDiff(vals(jnp.fft.irfft(R, n)), xr)).toBeLessThan(1e-13 * n);
      const H = jnp.fft.ihfft(x);
      expect(maxDiff(vals(jnp.fft.hfft(H, n)), xr)).toBeLessThan(1e-13 * n);
    }
  });

  it('fftn is fft along each axis; s crops and zero-pads; axes move the transform; irfftn(rfftn(x)) = x', () => {
    const shape = [3, 4, 5];
    const [xr, xi] = [randoms(7, 60), randoms(8, 60)];
    const x = c128(xr, xi, shape);
    const byAxes = jnp.fft.fft(jnp.fft.fft(jnp.fft.fft(x, { axis: 0 }), { axis: 1 }), { axis: 2 });
    const N = jnp.fft.fftn(x);
    expect(maxDiff(re(N), re(byAxes)) + maxDiff(im(N), im(byAxes))).toBeLessThan(1e-12);
    // s = [6] on axis 0 zero-pads it to 6; on [2] it crops.
    const padded = jnp.fft.fftn(x, { s: [6], axes: [0] });
    const manual = jnp.fft.fft(lax.slice(jnp.concatenate([x, jnp.zeros([3, 4, 5], 'complex128')], 0), [0, 0, 0], [6, 4, 5]), { axis: 0 });
    expect(padded.shape).toEqual([6, 4, 5]);
    expect(maxDiff(re(padded), re(manual)) + maxDiff(im(padded), im(manual))).toBeLessThan(1e-12);
    const cropped = jnp.fft.fft2(x, { s: [2, 3] });
    expect(cropped.shape).toEqual([3, 2, 3]);
    const r = jnp.array(xr, 'float64').reshape(shape);
    expect(maxDiff(vals(jnp.fft.irfftn(jnp.fft.rfftn(r), { s: shape })), xr)).toBeLessThan(1e-13);
    expect(maxDiff(vals(jnp.fft.irfft2(jnp.fft.rfft2(r, { axes: [0, 2] }), { s: [3, 5], axes: [0, 2] })), xr)).toBeLessThan(1e-13);
  });

  it('more than three axes run in steps, as JAX does for XLA', () => {
    const shape = [2, 3, 2, 3, 2];
    const [xr, xi] = [randoms(9, 72), randoms(10, 72)];
    const x = c128(xr, xi, shape);
    const N = jnp.fft.fftn(x);
    let y = x;
    for (let a = 0; a < 5; a++) y = jnp.fft.fft(y, { axis: a });
    expect(maxDiff(re(N), re(y)) + maxDiff(im(N), im(y))).toBeLessThan(1e-12);
    expect(maxDiff(re(jnp.fft.ifftn(N)), xr)).toBeLessThan(1e-13);
    const r = jnp.array(xr, 'float64').reshape(shape);
    expect(maxDiff(vals(jnp.fft.irfftn(jnp.fft.rfftn(r), { s: shape })), xr)).toBeLessThan(1e-13);
  });
});

describe('jnp.fft under transformations', () => {
  it('grad with complex inputs matches finite differences (JAX: ∂L/∂re − i·∂L/∂im)', () => {
    const n = 7;
    const ct = jnp.array(randoms(40, 2 * (n - 1)), 'float64');
    const cases: [string, (z: jp.Array) => jp.Array][] = [
      ['irfft', (z) => jnp.sum(jnp.fft.irfft(z).mul(ct))],
      ['hfft', (z) => jnp.sum(jnp.fft.hfft(z, { norm: 'ortho' }).mul(ct))],
      ['fft', (z) => jnp.sum(lax.real(jnp.fft.fft(z)).mul(lax.slice(ct, [0], [n])).add(lax.imag(jnp.fft.fft(z)).mul(lax.slice(ct, [n - 2], [2 * n - 2]))))],
    ];
    for (const [name, L] of cases) {
      const [zr, zi] = [randoms(41, n), randoms(42, n)];
      // grad(L)(z) is vjp(L, z)'s pullback of 1.
      const [, pullback] = vjp(L, c128(zr, zi, [n]));
      const [g] = pullback(jnp.array(1, 'float64'));
      const h = 1e-6;
      const at = (k: number, dr: number, di: number) => {
        const [a, b] = [[...zr], [...zi]];
        a[k]! += dr;
        b[k]! += di;
        return vals(L(c128(a, b, [n])))[0]!;
      };
      for (let k = 0; k < n; k++) {
        const dRe = (at(k, h, 0) - at(k, -h, 0)) / (2 * h);
        const dIm = (at(k, 0, h) - at(k, 0, -h)) / (2 * h);
        expect(Math.abs(re(g)[k]! - dRe), `${name} re[${k}]`).toBeLessThan(1e-6);
        expect(Math.abs(im(g)[k]! + dIm), `${name} im[${k}]`).toBeLessThan(1e-6);
      }
    }
  });

  it('vmap equals a loop (batch axis in front, in the middle and transformed over)', () => {
    const [xr, xi] = [randoms(50, 4 * 6 * 5), randoms(51, 4 * 6 * 5)];
    const x = c128(xr, xi, [4, 6, 5]);
    for (const [axis, f] of [
      [0, (a: jp.Array) => jnp.fft.fft(a)],
      [1, (a: jp.Array) => jnp.fft.rfft(lax.real(a), { n: 8 })],
      [2, (a: jp.Array) => jnp.fft.ifft2(a)],
    ] as const) {
      const batched = vmap(f, { inAxes: axis })(x);
      for (let i = 0; i < x.shape[axis]!; i++) {
        const one = f(jnp.take(x, i, { axis }));
        const got = jnp.take(batched, i, { axis: 0 });
        expect(maxDiff(re(got), re(one)) + maxDiff(im(got), im(one))).toBeLessThan(1e-14);
      }
    }
  });

  it('jit gives the eager values; complex64 from float32 and int32 inputs', () => {
    config.update('enableX64', false);
    const x = jnp.array(randoms(60, 24), 'float32').reshape([4, 6]);
    const f = (a: jp.Array) => jnp.fft.fft2(a, { norm: 'forward' });
    expect(vals(lax.real(jit(f)(x)))).toEqual(vals(lax.real(f(x))));
    expect(f(x).dtype.name).toBe('complex64');
    expect(jnp.fft.fft(jnp.arange(5)).dtype.name).toBe('complex64');
    expect(jnp.fft.rfft(jnp.arange(5)).dtype.name).toBe('complex64');
    expect(jnp.fft.irfft(jnp.fft.rfft(jnp.arange(6))).dtype.name).toBe('float32');
    config.update('enableX64', true);
  });
});

describe('jnp.fft and lax.fft reject bad input', () => {
  it("JAX's errors for n, s, axes and norm", () => {
    const x = jnp.arange(6.0).reshape([2, 3]);
    expect(() => jnp.fft.fft(x, 0)).toThrow(/Shape should be positive/);
    expect(() => jnp.fft.fft(x, -2)).toThrow(jp.ShapeError);
    expect(() => jnp.fft.irfft(x, { n: 0 })).toThrow(/Shape should be positive/);
    expect(() => jnp.fft.fft(x, { n: 2.5 })).toThrow(jp.ShapeError);
    expect(() => jnp.fft.fft(x, { axis: 2 })).toThrow(jp.ShapeError);
    expect(() => jnp.fft.fft2(x, { axes: [0, 0] })).toThrow(/repeated axes/);
    expect(() => jnp.fft.fftn(x, { s: [2], axes: [0, 1] })).toThrow(/different lengths/);
    expect(() => jnp.fft.fft(x, { norm: 'bad' as never })).toThrow(/norm/);
    expect(() => jnp.fft.fft(jnp.array(1.0))).toThrow(jp.ShapeError);
    expect(() => jnp.fft.fft2(jnp.arange(3.0))).toThrow(jp.ShapeError);
    expect(() => jnp.fft.fft2(x, { axes: [0] })).toThrow(/only supports 2 axes/);
    expect(() => jnp.fft.rfft(lax.complex(x, x))).toThrow(/real valued/);
    expect(() => jnp.fft.fft(x, { axis: [0, 1] as never })).toThrow(/multiple axes/);
    expect(() => jnp.fft.fft(x, { bogus: 1 } as never)).toThrow(TypeError);
  });

  it('any n ≤ 0 is rejected and any n > 0 crops or zero-pads to n (fast-check)', () => {
    const x = jnp.arange(12.0).reshape([2, 6]);
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 0 }), fc.constantFrom('fft', 'ifft', 'rfft', 'irfft', 'hfft', 'ihfft'), (n, fn) => {
        expect(() => (jnp.fft as unknown as Record<string, (a: jp.Array, o: object) => jp.Array>)[fn]!(x, { n })).toThrow(/Shape should be positive/);
      }),
      { numRuns: 20 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (n) => {
        expect(jnp.fft.fft(x, n).shape).toEqual([2, n]);
        expect(jnp.fft.rfft(x, { n }).shape).toEqual([2, Math.floor(n / 2) + 1]);
        expect(jnp.fft.irfft(x, { n }).shape).toEqual([2, n]);
      }),
      { numRuns: 10 },
    );
  });

  it('lax.fft checks fftLengths and dtypes; empty lengths only convert', () => {
    const x = jnp.zeros([2, 3]);
    expect(() => lax.fft(x, 'FFT', [4])).toThrow(/minor dimensions/);
    expect(() => lax.fft(x, 'RFFT', [2, 3, 1, 1])).toThrow(/at least as many/);
    expect(() => lax.fft(lax.complex(x, x), 'IRFFT', [6])).toThrow(/fftLengths\[-1\]\/2\+1/);
    expect(() => lax.fft(x, 'DCT' as never, [3])).toThrow(/unknown FFT type/);
    expect(lax.fft(x, 'fft', []).dtype.name).toBe('complex128');
    expect(jnp.fft.fft(jnp.zeros([2, 0])).shape).toEqual([2, 0]);
    expect(jnp.fft.irfft(jnp.zeros([2, 1])).shape).toEqual([2, 0]);
  });
});
