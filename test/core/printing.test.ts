import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatRepr, formatStr, type PrintDtype } from '../../src/core/printing.js';
import { FormatError, formatPrint, formatScalarSpec } from '../../src/core/pyFormat.js';

// ------------------------------------------------------------------------------------------------
// Golden data from numpy, and the numpy → JAX repr transformation
// ------------------------------------------------------------------------------------------------

interface GoldenCase {
  dtype: PrintDtype;
  shape: number[];
  data: (number | boolean | 'nan' | 'inf' | '-inf')[];
  str: string;
  repr: string;
}

const golden = JSON.parse(readFileSync(new URL('../golden/print.json', import.meta.url), 'utf8')) as {
  source: string;
  cases: GoldenCase[];
};

/** Golden data is row-major; non-finite floats are strings and bools are JSON booleans. */
function decode(data: GoldenCase['data']): number[] {
  return data.map((v) => {
    if (v === 'nan') return NaN;
    if (v === 'inf') return Infinity;
    if (v === '-inf') return -Infinity;
    return typeof v === 'boolean' ? Number(v) : v;
  });
}

const pyTuple = (shape: number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

/**
 * Derives JAX's repr from numpy's. jax.Array.__repr__ (jax/_src/array.py) prints the body with
 * `np.array2string(x, prefix='Array(', suffix=',', separator=', ')`, which is exactly the body
 * of numpy's repr: same separator, a prefix of the same length ('array(' vs 'Array('), and the
 * same 74-column limit (numpy subtracts its ')' suffix, JAX its ','). Only the tail differs:
 *  - JAX always prints `dtype=<name>` (numpy omits it for float64 and bool), then
 *    `, weak_type=True` for weakly typed arrays;
 *  - JAX shows `shape=` only for empty arrays, and then always (numpy omits it for shape (0,)
 *    but adds it to summarized arrays);
 *  - when the tail does not fit, JAX does not break the line as numpy does: it separates with
 *    six spaces, deciding with `len(s) - s.rfind('\n') + 1 + len(tail) + 1 > 75`, i.e. the last
 *    body line's length plus two.
 */
function jaxReprFromNumpy(npRepr: string, dtype: PrintDtype, shape: number[], weakType = false): string {
  const m = /^array\(([\s\S]*?)(?:,(?: |\n {6})(?:shape=\([\d, ]*\)(?:, )?)?(?:dtype=\w+)?)?\)$/.exec(npRepr);
  if (!m) throw new Error(`unexpected numpy repr: ${npRepr}`);
  const body = shape.includes(0) ? `[], shape=${pyTuple(shape)}` : m[1];
  const tail = `dtype=${dtype}${weakType ? ', weak_type=True' : ''})`;
  const lastLine = body.length - (body.lastIndexOf('\n') + 1);
  const sep = lastLine + 2 + tail.length + 1 > 75 ? ' '.repeat(6) : ' ';
  return `Array(${body},${sep}${tail}`;
}

describe('golden numpy str/repr', () => {
  it('has cases', () => {
    expect(golden.cases.length).toBeGreaterThan(10);
  });

  for (const [i, c] of golden.cases.entries()) {
    const label = `#${i} ${c.dtype}${pyTuple(c.shape)}`;
    const data = decode(c.data);

    it(`str ${label}`, () => {
      expect(formatStr(data, c.shape, c.dtype)).toBe(c.str);
    });

    it(`repr ${label}`, () => {
      expect(formatRepr(data, c.shape, c.dtype, false)).toBe(jaxReprFromNumpy(c.repr, c.dtype, c.shape));
      expect(formatRepr(data, c.shape, c.dtype, true)).toBe(jaxReprFromNumpy(c.repr, c.dtype, c.shape, true));
    });

    // Where numpy itself prints dtype= (not float64/bool) the numpy layout is numpy's repr verbatim.
    if (c.repr.includes('dtype=')) {
      it(`repr ${label} with numpy's dtype layout`, () => {
        const expected = c.repr.replace(/^array\(/, 'Array(');
        expect(formatRepr(data, c.shape, c.dtype, false, { dtypeLayout: 'numpy' })).toBe(expected);
      });
    }
  }
});

// More numpy 2.4.6 output, captured with str()/repr() for behaviour the golden file lacks.
interface ExtraCase {
  name: string;
  dtype: PrintDtype;
  shape: number[];
  data: ArrayLike<number>;
  str: string;
  repr: string;
}

const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

const extraCases: ExtraCase[] = [
  {
    name: 'summarized 1-d (size > 1000)',
    dtype: 'int32',
    shape: [2000],
    data: range(2000),
    str: '[   0    1    2 ... 1997 1998 1999]',
    repr: 'array([   0,    1,    2, ..., 1997, 1998, 1999],\n      shape=(2000,), dtype=int32)',
  },
  {
    name: 'summarized 3-d keeps short axes whole',
    dtype: 'int32',
    shape: [2, 3, 400],
    data: range(2400),
    str:
      '[[[   0    1    2 ...  397  398  399]\n  [ 400  401  402 ...  797  798  799]\n  [ 800  801  802 ... 1197 1198 1199]]\n\n' +
      ' [[1200 1201 1202 ... 1597 1598 1599]\n  [1600 1601 1602 ... 1997 1998 1999]\n  [2000 2001 2002 ... 2397 2398 2399]]]',
    repr:
      'array([[[   0,    1,    2, ...,  397,  398,  399],\n        [ 400,  401,  402, ...,  797,  798,  799],\n' +
      '        [ 800,  801,  802, ..., 1197, 1198, 1199]],\n\n       [[1200, 1201, 1202, ..., 1597, 1598, 1599],\n' +
      '        [1600, 1601, 1602, ..., 1997, 1998, 1999],\n        [2000, 2001, 2002, ..., 2397, 2398, 2399]]],\n' +
      '      shape=(2, 3, 400), dtype=int32)',
  },
  {
    name: 'summarized 2-d float32 in exponent form, wrapped rows',
    dtype: 'float32',
    shape: [40, 50],
    data: range(2000, (i) => Math.fround(i / 7)),
    str:
      '[[0.0000000e+00 1.4285715e-01 2.8571430e-01 ... 6.7142859e+00\n  6.8571429e+00 7.0000000e+00]\n' +
      ' [7.1428571e+00 7.2857141e+00 7.4285712e+00 ... 1.3857142e+01\n  1.4000000e+01 1.4142858e+01]\n' +
      ' [1.4285714e+01 1.4428572e+01 1.4571428e+01 ... 2.1000000e+01\n  2.1142857e+01 2.1285715e+01]\n ...\n' +
      ' [2.6428571e+02 2.6442856e+02 2.6457144e+02 ... 2.7100000e+02\n  2.7114285e+02 2.7128571e+02]\n' +
      ' [2.7142856e+02 2.7157144e+02 2.7171429e+02 ... 2.7814285e+02\n  2.7828571e+02 2.7842856e+02]\n' +
      ' [2.7857144e+02 2.7871429e+02 2.7885715e+02 ... 2.8528571e+02\n  2.8542856e+02 2.8557144e+02]]',
    repr:
      'array([[0.0000000e+00, 1.4285715e-01, 2.8571430e-01, ..., 6.7142859e+00,\n        6.8571429e+00, 7.0000000e+00],\n' +
      '       [7.1428571e+00, 7.2857141e+00, 7.4285712e+00, ..., 1.3857142e+01,\n        1.4000000e+01, 1.4142858e+01],\n' +
      '       [1.4285714e+01, 1.4428572e+01, 1.4571428e+01, ..., 2.1000000e+01,\n        2.1142857e+01, 2.1285715e+01],\n' +
      '       ...,\n' +
      '       [2.6428571e+02, 2.6442856e+02, 2.6457144e+02, ..., 2.7100000e+02,\n        2.7114285e+02, 2.7128571e+02],\n' +
      '       [2.7142856e+02, 2.7157144e+02, 2.7171429e+02, ..., 2.7814285e+02,\n        2.7828571e+02, 2.7842856e+02],\n' +
      '       [2.7857144e+02, 2.7871429e+02, 2.7885715e+02, ..., 2.8528571e+02,\n        2.8542856e+02, 2.8557144e+02]], shape=(40, 50), dtype=float32)',
  },
  {
    name: 'nan widens the integer part',
    dtype: 'float32',
    shape: [2],
    data: [NaN, 1],
    str: '[nan  1.]',
    repr: 'array([nan,  1.], dtype=float32)',
  },
  {
    name: 'only non-finite values',
    dtype: 'float32',
    shape: [3],
    data: [NaN, Infinity, -Infinity],
    str: '[ nan  inf -inf]',
    repr: 'array([ nan,  inf, -inf], dtype=float32)',
  },
  {
    name: 'negative zero',
    dtype: 'float32',
    shape: [2],
    data: [-0, 1.5],
    str: '[-0.   1.5]',
    repr: 'array([-0. ,  1.5], dtype=float32)',
  },
  {
    name: 'exponent form pads with the exact digits, not zeros',
    dtype: 'float32',
    shape: [2],
    data: [1e-5, 1.2345678],
    str: '[9.9999997e-06 1.2345678e+00]',
    repr: 'array([9.9999997e-06, 1.2345678e+00], dtype=float32)',
  },
  {
    name: 'precision cutoff rounds half to even',
    dtype: 'float64',
    shape: [2],
    data: [0.001953125, 0.5],
    str: '[0.00195312 0.5       ]',
    repr: 'array([0.00195312, 0.5       ])',
  },
  {
    name: 'float32 switches to exponent form at 1e6',
    dtype: 'float32',
    shape: [2],
    data: [1e6, 1],
    str: '[1.e+06 1.e+00]',
    repr: 'array([1.e+06, 1.e+00], dtype=float32)',
  },
  {
    name: 'float64 cutoff is 1e8 but the ratio rule still applies',
    dtype: 'float64',
    shape: [2],
    data: [1e6, 1],
    str: '[1.e+06 1.e+00]',
    repr: 'array([1.e+06, 1.e+00])',
  },
  {
    name: 'float64 rounding at precision 8',
    dtype: 'float64',
    shape: [3],
    data: [1 / 3, -2 / 3, 10],
    str: '[ 0.33333333 -0.66666667 10.        ]',
    repr: 'array([ 0.33333333, -0.66666667, 10.        ])',
  },
  {
    name: 'uint8',
    dtype: 'uint8',
    shape: [4],
    data: [0, 7, 255, 12],
    str: '[  0   7 255  12]',
    repr: 'array([  0,   7, 255,  12], dtype=uint8)',
  },
  {
    name: 'line wrapping (str at 75 columns, repr at 74 after the prefix)',
    dtype: 'int32',
    shape: [30],
    data: range(30, (i) => i * 1000),
    str:
      '[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n' +
      ' 12000 13000 14000 15000 16000 17000 18000 19000 20000 21000 22000 23000\n' +
      ' 24000 25000 26000 27000 28000 29000]',
    repr:
      'array([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,\n' +
      '        9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000,\n' +
      '       18000, 19000, 20000, 21000, 22000, 23000, 24000, 25000, 26000,\n' +
      '       27000, 28000, 29000], dtype=int32)',
  },
  {
    name: '3-d bool',
    dtype: 'bool',
    shape: [2, 2, 2],
    data: [1, 0, 1, 1, 0, 0, 1, 0],
    str: '[[[ True False]\n  [ True  True]]\n\n [[False False]\n  [ True False]]]',
    repr: 'array([[[ True, False],\n        [ True,  True]],\n\n       [[False, False],\n        [ True, False]]])',
  },
  // 0-d arrays: str is the scalar's str, repr goes through the array formatter.
  { name: '0-d float32 1e6', dtype: 'float32', shape: [], data: [1e6], str: '1e+06', repr: 'array(1.e+06, dtype=float32)' },
  { name: '0-d float64 1e6', dtype: 'float64', shape: [], data: [1e6], str: '1000000.0', repr: 'array(1000000.)' },
  // float32(1e-4) < 1e-4: the scalar compares in double, the array formatter in float32.
  { name: '0-d float32 1e-4', dtype: 'float32', shape: [], data: [1e-4], str: '1e-04', repr: 'array(0.0001, dtype=float32)' },
  { name: '0-d float32 0.1', dtype: 'float32', shape: [], data: [0.1], str: '0.1', repr: 'array(0.1, dtype=float32)' },
  {
    name: '0-d float32 2^24',
    dtype: 'float32',
    shape: [],
    data: [16777216],
    str: '1.6777216e+07',
    repr: 'array(1.6777216e+07, dtype=float32)',
  },
  { name: '0-d nan', dtype: 'float32', shape: [], data: [NaN], str: 'nan', repr: 'array(nan, dtype=float32)' },
  { name: '0-d -inf', dtype: 'float32', shape: [], data: [-Infinity], str: '-inf', repr: 'array(-inf, dtype=float32)' },
  { name: '0-d float64 1e16', dtype: 'float64', shape: [], data: [1e16], str: '1e+16', repr: 'array(1.e+16)' },
  { name: '0-d -0.0', dtype: 'float32', shape: [], data: [-0], str: '-0.0', repr: 'array(-0., dtype=float32)' },
  { name: '0-d bool', dtype: 'bool', shape: [], data: [1], str: 'True', repr: 'array(True)' },
  { name: 'empty 1-d', dtype: 'float32', shape: [0], data: [], str: '[]', repr: 'array([], dtype=float32)' },
];

describe('more numpy 2.4.6 cases', () => {
  for (const c of extraCases) {
    it(c.name, () => {
      expect(formatStr(c.data, c.shape, c.dtype)).toBe(c.str);
      expect(formatRepr(c.data, c.shape, c.dtype, false)).toBe(jaxReprFromNumpy(c.repr, c.dtype, c.shape));
    });
  }

  it('accepts typed arrays and rounds float32 data given as doubles', () => {
    const asDoubles = [0, 0.44005057215690613, 0.5767248272895813];
    expect(formatStr(asDoubles, [3], 'float32')).toBe(formatStr(Float32Array.from(asDoubles), [3], 'float32'));
    expect(formatStr(Int32Array.from([1, -2]), [2], 'int32')).toBe('[ 1 -2]');
  });
});

describe('JAX repr, literally', () => {
  const f32 = (xs: number[]) => Float32Array.from(xs);

  it('matches known jax outputs', () => {
    expect(formatRepr(f32([-0.4003078043460846]), [], 'float32', true)).toBe(
      'Array(-0.4003078, dtype=float32, weak_type=True)',
    );
    expect(formatRepr(f32([1]), [], 'float32', true)).toBe('Array(1., dtype=float32, weak_type=True)');
    expect(formatRepr(f32([0, 1, 2, 3, 4]), [5], 'float32', false)).toBe('Array([0., 1., 2., 3., 4.], dtype=float32)');
    expect(formatRepr([0, 1, 2, 3, 4, 5], [2, 3], 'int32', false)).toBe(
      'Array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32)',
    );
    expect(formatRepr([], [2, 0], 'float32', false)).toBe('Array([], shape=(2, 0), dtype=float32)');
    expect(formatRepr([], [0], 'float32', false)).toBe('Array([], shape=(0,), dtype=float32)');
    expect(formatRepr([1, 0, 1], [3], 'bool', false)).toBe('Array([ True, False,  True], dtype=bool)');
    expect(formatRepr([1.5, -2.25, 3.125], [3], 'float64', false)).toBe('Array([ 1.5  , -2.25 ,  3.125], dtype=float64)');
    expect(formatRepr([7], [], 'int32', true)).toBe('Array(7, dtype=int32, weak_type=True)');
  });

  it('keeps dtype on the last line after six spaces when it does not fit (jax.Array.__repr__)', () => {
    const data = f32([0, 0.44005057215690613, 0.5767248272895813, 0.3390589654445648, -0.06604331731796265]);
    expect(formatRepr(data, [5], 'float32', false)).toBe(
      'Array([ 0.        ,  0.44005057,  0.5767248 ,  0.33905897, -0.06604332],      dtype=float32)',
    );
    expect(formatRepr(data, [5], 'float32', false, { dtypeLayout: 'numpy' })).toBe(
      'Array([ 0.        ,  0.44005057,  0.5767248 ,  0.33905897, -0.06604332],\n      dtype=float32)',
    );
    const linspace = f32(range(7, (i) => i / 6));
    expect(formatRepr(linspace, [7], 'float32', false)).toBe(
      'Array([0.        , 0.16666667, 0.33333334, 0.5       , 0.6666667 ,\n       0.8333333 , 1.        ], dtype=float32)',
    );
  });

  it('does not add shape= to summarized arrays', () => {
    expect(formatRepr(range(2000), [2000], 'int32', false)).toBe(
      'Array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)',
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Properties
// ------------------------------------------------------------------------------------------------

/** Significant digits of a printed number: '0.000125' → '125', '1.5e+20' → '15', '100.0' → '1'. */
function significantDigits(s: string): string {
  return s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
}

/** Whether some decimal with p significant digits reads back as float32 x (x > 0). */
function float32FitsInDigits(x: number, p: number): boolean {
  const [mantissa, exp] = x.toExponential(p - 1).split('e');
  const n = Number(mantissa.replace('.', ''));
  const scale = Number(exp) - (p - 1);
  // The nearest p-digit decimal and its neighbours (the interval is lopsided at powers of two).
  return [n - 1, n, n + 1].some((m) => Math.fround(Number(`${m}e${scale}`)) === x);
}

describe('properties', () => {
  it('float32 scalar str round-trips with the fewest digits', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatStr([x], [], 'float32');
        expect(Object.is(Math.fround(Number(s)), x)).toBe(true);
        const digits = significantDigits(s);
        if (digits.length > 1) expect(float32FitsInDigits(Math.abs(x), digits.length - 1)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('float32 shortest repr: 0.1f prints 0.1, and float32 digits not float64 ones', () => {
    expect(formatStr([0.1], [], 'float32')).toBe('0.1');
    expect(formatStr([0.44005057215690613], [], 'float32')).toBe('0.44005057');
    expect(formatStr([Math.fround(0.1)], [], 'float64')).toBe('0.10000000149011612');
  });

  it('float64 scalar str round-trips and agrees with JS shortest digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatStr([x], [], 'float64');
        expect(Object.is(Number(s), x)).toBe(true);
        expect(significantDigits(s)).toBe(significantDigits(Math.abs(x).toExponential()));
      }),
      { numRuns: 2000 },
    );
  });

  it('1-d str stays within 75 columns and shows every element', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 80 }), (xs) => {
        const s = formatStr(xs, [xs.length], 'float32');
        for (const line of s.split('\n')) expect(line.length).toBeLessThanOrEqual(75);
        expect(s.replace(/[[\]]/g, '').trim().split(/\s+/)).toHaveLength(xs.length);
      }),
      { numRuns: 300 },
    );
  });

  it("formatScalarSpec '' and '.17g' round-trip doubles", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatScalarSpec(x, 'float64', '')), x)).toBe(true);
        expect(Number(formatScalarSpec(x, 'float64', '.17g'))).toBe(x);
      }),
      { numRuns: 1000 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Python format specs: expected strings are Python 3.11 / numpy 2.4 `format(np.<dtype>(v), spec)`
// ------------------------------------------------------------------------------------------------

describe('formatScalarSpec', () => {
  const cases: [number, PrintDtype, string, string][] = [
    [3.14159, 'float64', '.3f', '3.142'],
    [2.5, 'float64', '>8.2f', '    2.50'],
    [1234.5, 'float64', '.2e', '1.23e+03'],
    [0.125, 'float64', '.2f', '0.12'], // exact ties round half to even
    [0.375, 'float64', '.2f', '0.38'],
    [1234567.891, 'float64', ',.2f', '1,234,567.89'],
    [-1.5, 'float64', '010.2f', '-000001.50'],
    [2.5, 'float64', '%', '250.000000%'],
    [0.25, 'float64', '.1%', '25.0%'],
    [123456789, 'float64', 'g', '1.23457e+08'],
    [1e-5, 'float64', 'g', '1e-05'],
    [0.0001, 'float64', 'g', '0.0001'],
    [0, 'float64', '#g', '0.00000'],
    [12, 'float64', '.2', '1.2e+01'], // no type + precision: 'g' that keeps '.0'
    [1.5, 'float64', '.2', '1.5'],
    [0, 'float64', '.3', '0.0'],
    [123.456, 'float64', '.4', '123.5'],
    [1.5, 'float64', '=+8', '+    1.5'],
    [1.5, 'float64', '*^9', '***1.5***'],
    [1.5, 'float64', '<6', '1.5   '],
    [1.5, 'float64', ' ', ' 1.5'],
    [1, 'float64', '', '1.0'],
    [1e16, 'float64', '', '1e+16'],
    [1e16, 'float64', '#', '1.e+16'],
    [1, 'float64', '#.0f', '1.'],
    [1, 'float64', '#.0e', '1.e+00'],
    [1e22, 'float64', '.1E', '1.0E+22'],
    [-0, 'float64', '.2f', '-0.00'],
    [-0, 'float64', 'z.2f', '0.00'],
    [-0.001, 'float64', 'z.1f', '0.0'],
    [NaN, 'float64', '>6', '   nan'],
    [Infinity, 'float64', 'F', 'INF'],
    [-Infinity, 'float64', 'e', '-inf'],
    [NaN, 'float64', '010', '0000000nan'],
    // numpy turns float32 scalars into Python floats: the double's digits show.
    [0.1, 'float32', '', '0.10000000149011612'],
    [0.1, 'float32', '>10', '0.10000000149011612'],
    [0.1, 'float32', '.3f', '0.100'],
    [0.1, 'float32', 'g', '0.1'],
    [7, 'int32', '', '7'],
    [7, 'int32', 'd', '7'],
    [7, 'int32', '>5', '    7'],
    [7, 'int32', '.2f', '7.00'],
    [-3, 'int32', '^7', '  -3   '],
    [5, 'int32', '<05', '50000'],
    [1234, 'int32', ',', '1,234'],
    [1234, 'int32', '09,', '0,001,234'],
    [1234, 'int32', '010,', '00,001,234'],
    [255, 'uint8', '#x', '0xff'],
    [255, 'uint8', 'X', 'FF'],
    [255, 'uint8', '_b', '1111_1111'],
    [8, 'uint8', '#o', '0o10'],
    [65, 'int32', 'c', 'A'],
    [1, 'bool', '', 'True'],
    [0, 'bool', '', 'False'],
    [1, 'bool', 'd', '1'],
    [1, 'bool', '>6', '     1'],
    [1, 'bool', '.2f', '1.00'],
  ];

  for (const [value, dtype, spec, expected] of cases) {
    it(`format(np.${dtype}(${value}), ${JSON.stringify(spec)}) == ${JSON.stringify(expected)}`, () => {
      expect(formatScalarSpec(value, dtype, spec)).toBe(expected);
    });
  }

  it('raises ValueError where Python does', () => {
    const bad: [number, PrintDtype, string][] = [
      [1.5, 'float64', 'd'],
      [1.5, 'float64', 'x'],
      [7, 'int32', '.2'],
      [7, 'int32', ',x'],
      [65, 'int32', '+c'],
      [1.5, 'float64', '.2q'],
    ];
    for (const [value, dtype, spec] of bad) {
      const attempt = () => formatScalarSpec(value, dtype, spec);
      expect(attempt).toThrow(FormatError);
      try {
        attempt();
      } catch (e) {
        expect((e as FormatError).pythonType).toBe('ValueError');
      }
    }
    expect(() => formatScalarSpec(1.5, 'float64', 'd')).toThrow("Unknown format code 'd' for object of type 'float'");
  });
});

// ------------------------------------------------------------------------------------------------
// str.format subset for jax.debug.print
// ------------------------------------------------------------------------------------------------

describe('formatPrint', () => {
  /** Echoes what the formatter was asked for, to check the value/spec plumbing. */
  const echo = (v: unknown, spec: string) => `<${String(v)}|${spec}>`;
  /** Formats numbers the Python way. */
  const numbers = (v: unknown, spec: string) =>
    typeof v === 'number' ? formatScalarSpec(v, Number.isInteger(v) ? 'int32' : 'float64', spec) : String(v);

  it('passes each value and its spec to fmtValue', () => {
    expect(formatPrint('x = {}', [1], {}, echo)).toBe('x = <1|>');
    expect(formatPrint('{0} {0}', [7], {}, echo)).toBe('<7|> <7|>');
    expect(formatPrint('{a:.3f}', [], { a: 3.14159 }, echo)).toBe('<3.14159|.3f>');
    expect(formatPrint('{} and {}', ['p', 'q'], {}, echo)).toBe('<p|> and <q|>');
    expect(formatPrint('{1}{0}', ['p', 'q'], {}, echo)).toBe('<q|><p|>');
    expect(formatPrint('{:>8}', [2], {}, echo)).toBe('<2|>8>');
  });

  it('formats like Python str.format', () => {
    expect(formatPrint('x = {}', [1], {}, numbers)).toBe('x = 1');
    expect(formatPrint('{0} {0}', [7], {}, numbers)).toBe('7 7');
    expect(formatPrint('{a:.3f}', [], { a: 3.14159 }, numbers)).toBe('3.142');
    expect(formatPrint('{:.3f}', [2], {}, numbers)).toBe('2.000');
    expect(formatPrint('{0:.3f}', [2.5], {}, numbers)).toBe('2.500');
    expect(formatPrint('{name:>8}|', [], { name: 42 }, numbers)).toBe('      42|');
    expect(formatPrint('{x:{w}.{p}f}', [], { x: 3.14159, w: 10, p: 2 }, numbers)).toBe('      3.14');
    expect(formatPrint('{:{}}', [3, 5], {}, numbers)).toBe('    3');
    expect(formatPrint('{0[1]} {d[k]}', [[1, 2]], { d: { k: 9 } }, numbers)).toBe('2 9');
    expect(formatPrint('a{}b{}c', [1, 2], {}, numbers)).toBe('a1b2c');
    expect(formatPrint('no fields', [], {}, numbers)).toBe('no fields');
  });

  it('handles {{ and }} escapes', () => {
    expect(formatPrint('{{}}', [], {}, numbers)).toBe('{}');
    expect(formatPrint('{{{0}}}', [1], {}, numbers)).toBe('{1}');
    expect(formatPrint('}}{{', [], {}, numbers)).toBe('}{');
  });

  const raises = (fmt: string, args: unknown[], kwargs: Record<string, unknown>, type: string, message: string) => {
    let error: unknown;
    try {
      formatPrint(fmt, args, kwargs, numbers);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toBeInstanceOf(Error);
    expect((error as FormatError).pythonType).toBe(type);
    expect((error as FormatError).message).toBe(`${type}: ${message}`);
  };

  it('reports missing fields like Python', () => {
    raises('{1}', [0], {}, 'IndexError', 'Replacement index 1 out of range for positional args tuple');
    raises('{} {}', [0], {}, 'IndexError', 'Replacement index 1 out of range for positional args tuple');
    raises('{a}', [], { b: 1 }, 'KeyError', "'a'");
    raises('{x:{y}}', [], { x: 1 }, 'KeyError', "'y'");
    raises('{0[5]}', [[1]], {}, 'IndexError', 'list index out of range');
    raises('{a.b}', [], { a: 1 }, 'AttributeError', "'int' object has no attribute 'b'");
  });

  it('reports malformed format strings like Python', () => {
    raises('{', [], {}, 'ValueError', "Single '{' encountered in format string");
    raises('}', [], {}, 'ValueError', "Single '}' encountered in format string");
    raises('{0', [1], {}, 'ValueError', "expected '}' before end of string");
    raises('{0:}}', [1], {}, 'ValueError', "Single '}' encountered in format string");
    raises('{} {0}', [1], {}, 'ValueError', 'cannot switch from automatic field numbering to manual field specification');
    raises('{0} {}', [1], {}, 'ValueError', 'cannot switch from manual field specification to automatic field numbering');
    raises('{0!x}', [1], {}, 'ValueError', 'Unknown conversion specifier x');
    raises('{:{:{}}}', [1, 2, 3], {}, 'ValueError', 'Max string recursion exceeded');
  });
});
