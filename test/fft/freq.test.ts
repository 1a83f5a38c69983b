// Issue 17 (jnp.fft): fftfreq, rfftfreq, fftshift and ifftshift against JAX's goldens
// (test/golden/make_fft.py) over lengths, spacings, dtypes (x64 on and off), shapes and axes;
// closed forms; shift ∘ ishift = identity; jit; bad input.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { decode, type Enc, loadGolden } from '../numpy/golden.js';
import { vals } from './helpers.js';

const { numpy: jnp, jit, config } = jp;

interface FreqCase {
  fn: 'fftfreq' | 'rfftfreq';
  n: number;
  d: number;
  dtype: string | null;
  x64: boolean;
  out: Enc;
}
interface ShiftCase {
  fn: 'fftshift' | 'ifftshift';
  x: Enc;
  axes: number | number[] | null;
  out: Enc;
}
const golden = loadGolden<{ freq: FreqCase[]; shift: ShiftCase[] }>('fft.json');

beforeEach(() => config.update('enableX64', false));
afterAll(() => config.update('enableX64', false));

describe('fftfreq and rfftfreq', () => {
  it("match JAX's values and dtypes (lengths 0…16, spacings, default / float / int dtypes, x64 on and off)", () => {
    for (const c of golden.freq) {
      config.update('enableX64', c.x64);
      const got = jnp.fft[c.fn](c.n, c.d, c.dtype === null ? {} : { dtype: c.dtype as jp.DTypeLike });
      const what = `${c.fn}(${c.n}, ${c.d}, ${c.dtype}) x64=${c.x64}`;
      expect([got.shape, got.dtype.name], what).toEqual([c.out.shape, c.out.dtype]);
      const want = c.out.data.map((v) => (typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : c.out.dtype === 'float32' ? Math.fround(v) : v));
      // Within an ulp: both compute k / (d·n) in the output's dtype, but XLA multiplies by the
      // reciprocal of a constant divisor (JAX's fftfreq(8, 2.5)[3] is 0.15000000000000002).
      const ulp = c.out.dtype === 'float64' ? 2 ** -52 : c.out.dtype === 'float32' ? 2 ** -23 : 0;
      vals(got).forEach((g, k) => {
        if (Number.isFinite(want[k]!)) expect(Math.abs(g - want[k]!), what).toBeLessThanOrEqual(ulp * Math.abs(want[k]!));
        else expect(g, what).toBe(want[k]);
      });
    }
    config.update('enableX64', false);
  });

  it('closed forms: fftfreq(n, d)[k] = k/(n·d) then negative; rfftfreq has ⌊n/2⌋+1 values; d as an array; jit', () => {
    expect(vals(jnp.fft.fftfreq(8, 0.5))).toEqual([0, 1, 2, 3, -4, -3, -2, -1].map((k) => Math.fround(k / 4)));
    expect(vals(jnp.fft.rfftfreq(9, { d: 2 }))).toEqual([0, 1, 2, 3, 4].map((k) => Math.fround(k / 18)));
    expect(vals(jnp.fft.fftfreq(4, jnp.array(0.5)))).toEqual([0, 0.5, -1, -0.5]);
    const f = jit((d: jp.Array) => jnp.fft.fftfreq(6, d));
    expect(vals(f(jnp.array(2)))).toEqual([0, 1, 2, -3, -2, -1].map((k) => Math.fround(k / 12)));
  });

  it('reject a non-integer or list n, a list d and dtype bool', () => {
    expect(() => jnp.fft.fftfreq(2.5)).toThrow(jp.ShapeError);
    expect(() => jnp.fft.fftfreq([4] as unknown as number)).toThrow(/only takes an int/);
    expect(() => jnp.fft.rfftfreq(4, [1, 2] as unknown as number)).toThrow(/single value/);
    expect(() => jnp.fft.fftfreq(4, { dtype: 'bool' })).toThrow(jp.DtypeError);
    expect(() => jnp.fft.fftfreq(4, 1, { bogus: 1 } as never)).toThrow(TypeError);
  });
});

describe('fftshift and ifftshift', () => {
  it("match JAX's over shapes and axes", () => {
    for (const c of golden.shift) {
      const got = jnp.fft[c.fn](decode(c.x), c.axes);
      expect([got.shape, got.dtype.name]).toEqual([c.out.shape, c.out.dtype]);
      expect(vals(got), `${c.fn}(${c.x.shape}, ${c.axes})`).toEqual(c.out.data.map((v) => Math.fround(Number(v))));
    }
  });

  it('ifftshift undoes fftshift on odd and even axes, eagerly and under jit; 0-d and empty arrays pass through', () => {
    const x = jnp.arange(3 * 4 * 5).reshape([3, 4, 5]);
    expect(vals(jnp.fft.ifftshift(jnp.fft.fftshift(x)))).toEqual(vals(x));
    expect(vals(jit((a: jp.Array) => jnp.fft.fftshift(a, { axes: [0, 2] }))(x))).toEqual(vals(jnp.fft.fftshift(x, [0, 2])));
    expect(vals(jnp.fft.fftshift(jnp.array(3)))).toEqual([3]);
    expect(jnp.fft.fftshift(jnp.zeros([0, 3])).shape).toEqual([0, 3]);
    expect(() => jnp.fft.fftshift(x, 3)).toThrow(jp.ShapeError);
  });
});
