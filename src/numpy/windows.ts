// Window functions: bartlett, blackman, hamming, hanning, kaiser — constants of a static length,
// computed in float64 on the host (NumPy's formulas) and rounded once to the default float.
import type { Array } from '../core/array.js';
import { countArg, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { defaultFloat } from '../core/dtypes.js';
import { declare } from './declare.js';

function window(fn: string, M: unknown, f: (n: number, m: number) => number): Array {
  const m = countArg(fn, 'M', M);
  const vals = globalThis.Array.from({ length: m }, (_, n) => (m === 1 ? 1 : f(n, m)));
  return asArray(vals.length ? vals : [], defaultFloat());
}

const cosTerm = (k: number, n: number, m: number) => Math.cos((2 * Math.PI * k * n) / (m - 1));

/** Return a Bartlett (triangular) window of size M. */
export const bartlett = declare('bartlett', {
  arity: 1, arrays: 0, impl: (M: number): Array => window('bartlett', M, (n, m) => 1 - Math.abs((2 * n) / (m - 1) - 1)) });
/** Return a Blackman window of size M. */
export const blackman = declare('blackman', {
  arity: 1, arrays: 0, impl: (M: number): Array => window('blackman', M, (n, m) => 0.42 - 0.5 * cosTerm(1, n, m) + 0.08 * cosTerm(2, n, m)) });
/** Return a Hamming window of size M. */
export const hamming = declare('hamming', {
  arity: 1, arrays: 0, impl: (M: number): Array => window('hamming', M, (n, m) => 0.54 - 0.46 * cosTerm(1, n, m)) });
/** Return a Hanning window of size M. */
export const hanning = declare('hanning', {
  arity: 1, arrays: 0, impl: (M: number): Array => window('hanning', M, (n, m) => 0.5 - 0.5 * cosTerm(1, n, m)) });

/** The modified Bessel function of the first kind of order 0, by its power series (converges for every real x). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Return a Kaiser window of size M with shape parameter `beta` (a JS number). */
export const kaiser = declare('kaiser', {
  arity: 2,
  arrays: 0,
  impl: (M: number, beta: number): Array => {
    if (typeof beta !== 'number') throw new TypeError(`kaiser(): 'beta' must be a number, got ${describe(beta)}.`);
    return window('kaiser', M, (n, m) => {
      const alpha = (m - 1) / 2;
      const r = (n - alpha) / alpha;
      return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta);
    });
  },
});
