// Callback results of every accepted kind, converted to the declared dtype as numpy's astype
// does: checked against a BigInt-based reference of numpy's casting rules and against values
// numpy itself produces (x86-64).
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { nj } from '../../src/index.js';

const vals = (a: jp.Array) => Array.from(a.dataSync());
type Declared = 'float32' | 'int32' | 'uint8' | 'bool';

/** An array of the original numjs (0.16): an object holding an `ndarray` selection. */
class LegacyNdArray {
  constructor(readonly selection: ndarray.NdArray<number[] | Float64Array>) {}
}

/** numpy's astype of one element: `float` says the source array has a float dtype. */
function astype(v: number, d: Declared, float: boolean): number {
  if (d === 'float32') return Math.fround(v);
  if (d === 'bool') return v === 0 ? 0 : 1; // NaN is truthy
  if (!float) return Number(d === 'int32' ? BigInt.asIntN(32, BigInt(v)) : BigInt.asUintN(8, BigInt(v)));
  const t = Math.trunc(v);
  if (d === 'int32') return Number.isFinite(t) && t >= -(2 ** 31) && t < 2 ** 31 ? t + 0 : -(2 ** 31); // + 0: integers have no -0
  return Number.isFinite(t) && Math.abs(t) < 2 ** 63 ? Number(BigInt.asUintN(8, BigInt(t))) : 0;
}

/** The same values in one of the forms a callback may return; `float` is the source dtype's kind. */
const forms: Record<string, (xs: number[]) => { value: unknown; float: boolean } | null> = {
  float64Array: (xs) => ({ value: Float64Array.from(xs), float: true }),
  jsNumbers: (xs) => ({ value: xs, float: xs.some((x) => !Number.isInteger(x)) }),
  numjs: (xs) => ({ value: nj.array(Float64Array.from(xs)), float: true }),
  numjsOfJsArray: (xs) => ({ value: nj.array(xs), float: xs.some((x) => !Number.isInteger(x)) }),
  // Reversed storage read through a negative stride: the strided path.
  legacyNumjsStrided: (xs) => ({ value: new LegacyNdArray(ndarray(Float64Array.from(xs).reverse(), [xs.length], [-1], xs.length - 1)), float: true }),
  int32Array: (xs) => (xs.every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31) ? { value: Int32Array.from(xs), float: false } : null),
};

describe('callback results are converted to the declared dtype like numpy astype', () => {
  const value = fc.oneof(
    fc.double({ noDefaultInfinity: false }),
    fc.double({ min: -1000, max: 1000, noNaN: true }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.integer({ min: -300, max: 300 }),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, -0.5, 255.9, 256, 2 ** 31, -(2 ** 31) - 1, 3e9),
  );
  // Outside jit: one compiled program per signature, a fresh host function per case.
  const f = (n: number, ret: unknown, d: Declared) => jp.pureCallback(() => ret, new jp.ShapeDtypeStruct([n], d), []);

  it.each(Object.keys(forms))('from %s', (form) => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), fc.constantFrom<Declared>('float32', 'int32', 'uint8', 'bool'), (xs, d) => {
        const r = forms[form]!(xs);
        if (!r) return;
        const out = f(xs.length, r.value, d);
        expect(out.dtype.name).toBe(d);
        const src = ArrayBuffer.isView(r.value) ? Array.from(r.value as Int32Array) : xs; // as stored
        expect(vals(out)).toEqual(src.map((x) => astype(x, d, r.float)));
      }),
      { numRuns: 40 },
    );
  });

  it('under jit, results passed as static arguments are told apart even when JSON cannot (NaN, ±inf, -0)', () => {
    const g = jp.jit((n: jp.Array, ret: number[]) => jp.pureCallback(() => ret, new jp.ShapeDtypeStruct(n.shape, 'float32'), [n]), { staticArgnums: [1] });
    const z = jp.numpy.zeros([1]);
    for (const v of [Infinity, NaN, -Infinity, 0, -0]) expect(vals(g(z, [v]))).toEqual([v]);
  });

  it('matches values numpy produces on x86-64', () => {
    const xs = [1.7, -1.7, 300.5, -1, NaN, Infinity, 3e9];
    const run = (d: Declared) => vals(jp.pureCallback(() => Float64Array.from(xs), new jp.ShapeDtypeStruct([7], d), []));
    // np.array([1.7, -1.7, 300.5, -1, nan, inf, 3e9]).astype(np.int32 / np.uint8 / bool)
    expect(run('int32')).toEqual([1, -1, 300, -1, -2147483648, -2147483648, -2147483648]);
    expect(run('uint8')).toEqual([1, 255, 44, 255, 0, 0, 0]);
    expect(run('bool')).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // Python ints wrap: np.array([2**32 + 5, -1, 256 + 7]).astype(np.int32 / np.uint8)
    expect(vals(jp.pureCallback(() => [2 ** 32 + 5, -1, 263], new jp.ShapeDtypeStruct([3], 'int32'), []))).toEqual([5, -1, 263]);
    expect(vals(jp.pureCallback(() => [2 ** 32 + 5, -1, 263], new jp.ShapeDtypeStruct([3], 'uint8'), []))).toEqual([5, 255, 7]);
  });

  it('accepts scalars as numbers, booleans or size-1 numjs arrays, and 2-D forms of every kind', () => {
    const scalar = new jp.ShapeDtypeStruct([], 'float32');
    for (const r of [2.5, nj.array([2.5]), new Float32Array([2.5]), [[2.5]]]) expect(vals(jp.pureCallback(() => r, scalar, []))).toEqual([2.5]);
    expect(vals(jp.pureCallback(() => true, new jp.ShapeDtypeStruct([], 'bool'), []))).toEqual([1]);
    const m = new jp.ShapeDtypeStruct([2, 3], 'int32');
    const expected = [0, 1, 2, 3, 4, 5];
    const forms2 = [
      [[0, 1, 2], [3, 4, 5]],
      nj.arange(6).reshape(2, 3),
      nj.arange(6).reshape(2, 3).T.T, // a view
      nj.array([[0, 3], [1, 4], [2, 5]]).T, // non-contiguous
      new LegacyNdArray(ndarray([0, 3, 1, 4, 2, 5], [2, 3], [1, 2], 0)),
      Int32Array.from(expected), // a TypedArray has no shape: its length must match
    ];
    for (const r of forms2) {
      const out = jp.pureCallback(() => r, m, []);
      expect([out.shape, vals(out)]).toEqual([[2, 3], expected]);
    }
    // A jaxpool array computed by the callback itself is read in place.
    const out = jp.pureCallback(() => jp.numpy.arange(6).reshape(2, 3), m, []);
    expect(vals(out)).toEqual(expected);
  });
});
