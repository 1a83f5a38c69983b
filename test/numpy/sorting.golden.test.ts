// Issue 16 (Sorting family and the order-statistic and set functions): every case of
// test/golden/sorting.json (JAX 0.10.2 on ties, NaNs, ±0, ints, bools, empty and 0-d arrays,
// negative axes) eagerly and under jit — dtypes, shapes and values — or, where JAX raises, an error.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Case, caseName, cases, decode, expectGolden, fnOf } from './sortingGolden.js';

const { jit } = jp;

/** Functions whose result shape depends on values: under jit only with `size` (else a ConcretizationError). */
const DATA_DEPENDENT = new Set(['unique', 'uniqueValues', 'uniqueCounts', 'uniqueInverse', 'uniqueAll', 'nonzero', 'argwhere', 'flatnonzero', 'intersect1d', 'union1d', 'setdiff1d', 'setxor1d']);

function call(c: Case, traced: boolean): unknown {
  const f = fnOf(c);
  const args = c.args.map(decode);
  const kw = Object.keys(c.kwargs).length ? [Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v as never)]))] : [];
  if (!traced) return f(...args, ...kw);
  const dyn = args.map((a) => a instanceof jp.Array);
  return jit((...xs: jp.Array[]) => {
    let k = 0;
    return f(...args.map((a, n) => (dyn[n] ? xs[k++] : a)), ...kw) as jp.Array;
  })(...(args.filter((_, n) => dyn[n]) as jp.Array[]));
}

const needsConcrete = (c: Case) => (DATA_DEPENDENT.has(c.fn) && c.kwargs.size === undefined) || (c.fn === 'bincount' && c.kwargs.length === undefined);

describe('sorting, order statistics and set functions against JAX', () => {
  cases.forEach((c, i) => {
    it(caseName(c, i), () => {
      if (c.error !== undefined) {
        let thrown: unknown;
        try {
          call(c, false);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `JAX raises ${c.error}`).toBeInstanceOf(Error);
        expect(thrown instanceof jp.JaxpoolError || thrown instanceof TypeError, String(thrown)).toBe(true);
        return;
      }
      expectGolden(call(c, false), c, 'eager');
      if (needsConcrete(c)) expect(() => call(c, true)).toThrow(jp.ConcretizationError);
      else expectGolden(call(c, true), c, 'jit');
    });
  });
});
