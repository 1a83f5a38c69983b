// Issue 17: truncatedNormal and multivariateNormal against JAX 0.10 (goldens of make_random.py,
// x32 and x64, raw and typed keys, eager and jit). truncatedNormal's bounds go through erf —
// jaxpool's own (float64 series / continued fraction, rounded), XLA's in JAX — and
// multivariateNormal through a Cholesky factor and a matrix product summed in a possibly
// different order, so both agree to a few ulp, not bit for bit.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { erf } from '../../src/random/normals.js';
import { goldenSuite } from './golden.js';

goldenSuite('truncatedNormal, multivariateNormal', ['truncatedNormal', 'multivariateNormal'], { truncatedNormal: 4, multivariateNormal: 4 });

describe('erf (for truncatedNormal)', () => {
  // erf at points as Python's math.erf gives them (correctly rounded there).
  const known: [number, number][] = [
    [0, 0], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [1.4, 0.9522851197626487], [1.5, 0.9661051464753108],
    [2, 0.9953222650189527], [2.5, 0.999593047982555], [3, 0.9999779095030014], [3.5, 0.9999992569016276], [4, 0.9999999845827421],
    [5, 0.9999999999984626], [6, 1], [-0.5, -0.5204998778130465], [-3, -0.9999779095030014], [Infinity, 1], [-Infinity, -1],
  ];
  it('matches reference values (as math.erf in Python) within 2.3e-16 in float64', () => {
    jp.config.update('enableX64', true);
    try {
      const got = erf(jp.numpy.array(known.map((k) => k[0]), 'float64')).tolist() as number[];
      got.forEach((g, i) => expect(Math.abs(g - known[i]![1]), `erf(${known[i]![0]}) = ${g}`).toBeLessThanOrEqual(2.3e-16));
    } finally {
      jp.config.update('enableX64', false);
    }
  });
  it('is NaN for NaN', () => {
    expect((erf(jp.numpy.array([NaN])).tolist() as number[])[0]).toBeNaN();
  });
});
