// Callback results of every accepted kind, converted to the declared dtype when it holds them
// (API.md section 5): float64 rounds to float32, integers and bools are taken exactly, and a value
// the dtype cannot hold (a fraction, NaN, ±inf or an out-of-range integer for int32/uint8, anything
// but 0/1 for bool) raises CallbackResultError — never numpy's silent truncation or wrap-around.
import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { nj } from '../../src/index.js';
import { vals } from './helpers.js';

type Declared = 'float32' | 'int32' | 'uint8' | 'bool';

/** An array of the original numjs (0.16): an object holding an `ndarray` selection. */
class LegacyNdArray {
  constructor(readonly selection: ndarray.NdArray<number[] | Float64Array>) {}
}

const RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], uint8: [0, 255], bool: [0, 1] } as const;

/** The declared dtype's value for `v`, or null where it cannot hold `v` (an error is expected). */
function held(v: number, d: Declared): number | null {
  if (d === 'float32') return Math.fround(v);
  const [lo, hi] = RANGE[d];
  return Number.isInteger(v) && v >= lo && v <= hi ? v + 0 : null; // + 0: integers have no -0
}

/** The same values in one of the forms a callback may return; `float` is the source dtype's kind. */
const forms: Record<string, (xs: number[]) => unknown> = {
  float64Array: (xs) => Float64Array.from(xs),
  jsNumbers: (xs) => xs,
  numjs: (xs) => nj.array(Float64Array.from(xs)),
  numjsOfJsArray: (xs) => nj.array(xs),
  // Reversed storage read through a negative stride: the strided path.
  legacyNumjsStrided: (xs) => new LegacyNdArray(ndarray(Float64Array.from(xs).reverse(), [xs.length], [-1], xs.length - 1)),
  int32Array: (xs) => (xs.every((x) => Number.isInteger(x) && Math.abs(x) < 2 ** 31) ? Int32Array.from(xs) : null),
  uint8Array: (xs) => (xs.every((x) => Number.isInteger(x) && x >= 0 && x < 256) ? Uint8Array.from(xs) : null),
};

describe('callback results are converted to the declared dtype when it holds them, else raise', () => {
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
        if (r === null) return;
        const src = ArrayBuffer.isView(r) ? Array.from(r as Int32Array) : xs; // as stored
        const expected = src.map((x) => held(x, d));
        const out = f(xs.length, r, d);
        expect(out.dtype.name).toBe(d);
        if (expected.includes(null)) expect(() => out.dataSync()).toThrow(jp.CallbackResultError);
        else expect(vals(out)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('under jit, results passed as static arguments are told apart even when JSON cannot (NaN, ±inf, -0)', () => {
    const g = jp.jit((n: jp.Array, ret: number[]) => jp.pureCallback(() => ret, new jp.ShapeDtypeStruct(n.shape, 'float32'), [n]), { staticArgnums: [1] });
    const z = jp.numpy.zeros([1]);
    for (const v of [Infinity, NaN, -Infinity, 0, -0]) expect(vals(g(z, [v]))).toEqual([v]);
  });

  it('raises CallbackResultError for values the declared dtype cannot hold, eagerly and under jit, naming the value', () => {
    const eager = (ret: unknown, d: Declared, shape = [1]) => jp.pureCallback(() => ret, new jp.ShapeDtypeStruct(shape, d), []);
    const jitted = (ret: unknown, d: Declared, shape = [1]) => jp.jit(() => jp.pureCallback(() => ret, new jp.ShapeDtypeStruct(shape, d), []))();
    for (const call of [eager, jitted]) {
      for (const [ret, d, shown] of [
        [[1.5], 'int32', '1.5'],
        [[3e10], 'int32', '30000000000'],
        [[NaN], 'int32', 'NaN'],
        [[-Infinity], 'int32', '-Infinity'],
        [new Float32Array([2 ** 31]), 'int32', '2147483648'],
        [[256], 'uint8', '256'],
        [[-1], 'uint8', '-1'],
        [new Int32Array([300]), 'uint8', '300'],
        [[2], 'bool', '2'],
        [[0.5], 'bool', '0.5'],
        [nj.array([7.25]), 'int32', '7.25'],
      ] as const) {
        let err: unknown = null;
        try {
          call(ret, d).dataSync();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(jp.CallbackResultError);
        expect((err as Error).message).toContain(`holds ${shown} at flat index 0, which the declared dtype ${d} cannot hold`);
      }
      // Values the dtype holds are taken exactly; float64 rounds to float32 (and overflows to inf, as IEEE).
      expect(vals(call([2 ** 31 - 1, -(2 ** 31), 3.0], 'int32', [3]))).toEqual([2 ** 31 - 1, -(2 ** 31), 3]);
      expect(vals(call(new Float64Array([0.1, 1e300, -1e-50]), 'float32', [3]))).toEqual([Math.fround(0.1), Infinity, -0]);
      expect(vals(call([true, 0, 1], 'bool', [3]))).toEqual([1, 0, 1]);
      expect(vals(call(new Uint8Array([0, 1]), 'bool', [2]))).toEqual([0, 1]);
    }
    // The pool stays usable.
    expect(vals(jp.numpy.arange(3).add(1))).toEqual([1, 2, 3]);
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

  // Every accepted form of a 2×3 float32 result [[0.5, 1, 2], [3, 4, 5]].
  const m23 = [[0.5, 1, 2], [3, 4, 5]];
  const resultForms: Record<string, () => unknown> = {
    nestedNumbers: () => m23,
    numjs: () => nj.array(m23),
    numjsFloat32: () => nj.array(Float32Array.from(m23.flat())).reshape(2, 3),
    numjsTransposedView: () => nj.array([[0.5, 3], [1, 4], [2, 5]]).T,
    legacyNumjs: () => new LegacyNdArray(ndarray(m23.flat(), [2, 3])),
    ndarrayItself: () => ndarray(Float64Array.from(m23.flat()), [2, 3]),
    float64Array: () => Float64Array.from(m23.flat()),
    float32Array: () => Float32Array.from(m23.flat()),
    rowsOfTypedArrays: () => m23.map((r) => Float64Array.from(r)),
    rowsOfNumjs: () => m23.map((r) => nj.array(r)),
    rowsOfLegacyNumjs: () => m23.map((r) => new LegacyNdArray(ndarray(r, [3]))),
    nestedWithZeroD: () => m23.map((r) => r.map((v) => nj.array([v]).reshape([]))),
    jaxpoolArray: () => jp.numpy.array(m23, { dtype: 'float32' }),
    promiseOfNumjs: () => Promise.resolve(nj.array(m23)),
  };
  const flat = m23.flat();

  it.each(Object.keys(resultForms))('a %s result works from pureCallback and ioCallback, eagerly, under jit and vmap, and as a pytree leaf', async (form) => {
    const make = resultForms[form]!;
    const s23 = new jp.ShapeDtypeStruct([2, 3], 'float32');
    const read = async (a: jp.Array) => Array.from(await a.data());
    const x = jp.numpy.zeros([4]);
    const pure = (v: jp.Array) => jp.pureCallback(() => make(), s23, [v], { vmapMethod: 'sequential' });
    const io = (v: jp.Array) => jp.ioCallback(() => make(), s23, [v]);
    for (const f of [pure, io]) {
      expect(await read(f(x))).toEqual(flat);
      expect(await read(jp.jit(f)(x))).toEqual(flat);
      const batched = jp.vmap(f)(jp.numpy.zeros([2, 4]));
      expect([batched.shape, await read(batched)]).toEqual([[2, 2, 3], [...flat, ...flat]]);
    }
    const tree = jp.jit((v: jp.Array) =>
      jp.pureCallback(async () => ({ a: [await make(), 1.5], b: await make() }), { a: [s23, new jp.ShapeDtypeStruct([], 'float32')], b: s23 }, [v]),
    )(x);
    expect([await read(tree.a[0]), await read(tree.a[1]), await read(tree.b)]).toEqual([flat, [1.5], flat]);
  });
});
