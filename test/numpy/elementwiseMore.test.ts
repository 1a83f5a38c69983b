// The elementwise family's transformations and hard cases: grad against central finite
// differences (float64) and closed forms, vmap against a loop of calls, jit against eager,
// subnormals against their exact values (XLA flushes them, so the JAX goldens leave them out),
// and bad input.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, config } = jp;
type Fn = (x: jp.Array, y: jp.Array) => jp.Array;
const f64 = (v: number) => jnp.array(v, 'float64');
const val = (x: unknown) => (x as jp.Array).item() as number;
const vals = (x: unknown) => Array.from((x as jp.Array).dataSync() as ArrayLike<number>);
const central = (f: (t: number) => number, x: number, h = 1e-6) => (f(x + h) - f(x - h)) / (2 * h);

beforeAll(() => config.update('enableX64', true));
afterAll(() => config.update('enableX64', false));

// name → function of one or two arrays, and the domain each argument is drawn from.
const UNARY: [string, (x: jp.Array) => jp.Array, number, number][] = [
  ['arcsin', jnp.arcsin, -0.9, 0.9],
  ['arccos', jnp.arccos, -0.9, 0.9],
  ['arctan', jnp.arctan, -3, 3],
  ['sinh', jnp.sinh, -3, 3],
  ['cosh', jnp.cosh, -3, 3],
  ['arcsinh', jnp.arcsinh, -3, 3],
  ['arccosh', jnp.arccosh, 1.1, 4],
  ['arctanh', jnp.arctanh, -0.9, 0.9],
  ['cbrt', jnp.cbrt, 0.2, 5],
  ['exp2', jnp.exp2, -3, 3],
  ['log2', jnp.log2, 0.1, 5],
  ['log10', jnp.log10, 0.1, 5],
  ['reciprocal', jnp.reciprocal, 0.2, 5],
  ['square', jnp.square, -3, 3],
  ['sinc', jnp.sinc, -2, 2],
  ['deg2rad', jnp.deg2rad, -200, 200],
  ['rad2deg', jnp.rad2deg, -3, 3],
  ['modf[0]', (x) => jnp.modf(x)[0], 0.1, 0.9],
  ['frexp[0]', (x) => jnp.frexp(x)[0], 0.6, 0.9],
  ['ldexp(x, 3)', (x) => jnp.ldexp(x, 3), -3, 3],
  ['nanToNum', (x) => jnp.nanToNum(x), -3, 3],
  ['lax.rsqrt', (x) => jp.lax.rsqrt(x), 0.2, 5],
  ['lax.integerPow(x, 5)', (x) => jp.lax.integerPow(x, 5), -2, 2],
  ['lax.integerPow(x, -3)', (x) => jp.lax.integerPow(x, -3), 0.5, 2],
];
const BINARY: [string, Fn, number, number, number, number][] = [
  ['arctan2', jnp.arctan2, -3, 3, 0.5, 3],
  ['logaddexp', jnp.logaddexp, -5, 5, -5, 5],
  ['logaddexp2', jnp.logaddexp2, -5, 5, -5, 5],
  ['hypot', jnp.hypot, 0.5, 3, -3, -0.5],
  ['floatPower', jnp.floatPower, 0.5, 3, -2, 2],
  ['copysign', jnp.copysign, 0.5, 3, -3, -0.5],
  ['fmod', jnp.fmod, 0.5, 2.9, 3.1, 4],
  ['remainder', jnp.remainder, -2.9, -0.5, 3.1, 4],
  ['fmax', jnp.fmax, -3, -0.5, 0.5, 3],
  ['fmin', jnp.fmin, -3, -0.5, 0.5, 3],
];

describe('grad against central finite differences (float64)', () => {
  it.each(UNARY)('%s', (_n, f, lo, hi) => {
    fc.assert(
      // Away from subnormals, where x² in any quotient rule underflows (in JAX too).
      fc.property(fc.double({ min: lo, max: hi, noNaN: true }).filter((x) => Math.abs(x) > 1e-3), (x) => {
        const g = val(jp.grad((a: jp.Array) => f(a))(f64(x)));
        const ref = central((t) => val(f(f64(t))), x, 1e-6 * Math.max(1, Math.abs(x)));
        expect(Math.abs(g - ref)).toBeLessThan(2e-5 * Math.max(1, Math.abs(ref)));
      }),
      { numRuns: 6 },
    );
  });
  it.each(BINARY)('%s (both arguments)', (_n, f, lo1, hi1, lo2, hi2) => {
    fc.assert(
      fc.property(fc.double({ min: lo1, max: hi1, noNaN: true }), fc.double({ min: lo2, max: hi2, noNaN: true }), (x, y) => {
        const [gx, gy] = jp.grad((a: jp.Array, b: jp.Array) => f(a, b), { argnums: [0, 1] })(f64(x), f64(y)) as jp.Array[];
        const rx = central((t) => val(f(f64(t), f64(y))), x);
        const ry = central((t) => val(f(f64(x), f64(t))), y);
        expect(Math.abs(val(gx) - rx)).toBeLessThan(2e-5 * Math.max(1, Math.abs(rx)));
        expect(Math.abs(val(gy) - ry)).toBeLessThan(2e-5 * Math.max(1, Math.abs(ry)));
      }),
      { numRuns: 6 },
    );
  });
});

describe('derivatives at the special points, as JAX', () => {
  it('sinc at 0: 0, and -π²/3 for the second derivative', () => {
    expect(val(jp.grad(jnp.sinc)(f64(0)))).toBe(0);
    expect(val(jp.grad(jp.grad(jnp.sinc))(f64(0)))).toBeCloseTo(-(Math.PI ** 2) / 3, 12);
  });
  it('logaddexp with infinite operands: finite tangents (JAX replaces +inf by 0)', () => {
    const [gx, gy] = jp.grad((a: jp.Array, b: jp.Array) => jnp.logaddexp(a, b), { argnums: [0, 1] })(f64(-Infinity), f64(1)) as jp.Array[];
    expect([val(gx), val(gy)]).toEqual([0, 1]);
    const big = jp.grad((a: jp.Array) => jnp.logaddexp(a, f64(-1000)))(f64(1000));
    expect(val(big)).toBe(1);
  });
  it('nextafter is not differentiable (as in JAX): a TransformError, not a zero', () => {
    expect(() => jp.grad((a: jp.Array) => jnp.nextafter(a, 2))(f64(1))).toThrow(jp.TransformError);
  });
  it('integer-valued functions have zero derivatives: trunc, rint, floorDivide, signbit-based copysign in x2', () => {
    expect(val(jp.grad((a: jp.Array) => jnp.trunc(a))(f64(2.5)))).toBe(0);
    expect(val(jp.grad((a: jp.Array) => jnp.rint(a))(f64(2.5)))).toBe(0);
    expect(val(jp.grad((a: jp.Array) => jnp.floorDivide(a, 2))(f64(5.5)))).toBe(0);
    expect(val(jp.grad((b: jp.Array) => jnp.copysign(f64(3), b))(f64(-2)))).toBe(0);
  });
});

describe('vmap against a loop of calls, jit against eager', () => {
  const rows = (lo: number, hi: number) => jnp.array(Array.from({ length: 12 }, (_, k) => lo + ((hi - lo) * k) / 11), 'float64').reshape(3, 4);
  it.each(UNARY)('%s', (_n, f, lo, hi) => {
    const xs = rows(lo, hi);
    const loop = [0, 1, 2].flatMap((i) => vals(f(xs.index(i))));
    expect(vals(jp.vmap((a: jp.Array) => f(a))(xs))).toEqual(loop);
    expect(vals(jp.jit((a: jp.Array) => f(a))(xs))).toEqual(vals(f(xs)));
  });
  it.each(BINARY)('%s, one operand batched and both', (_n, f, lo1, hi1, lo2, hi2) => {
    const [xs, ys] = [rows(lo1, hi1), rows(lo2, hi2)];
    const y0 = ys.index(0);
    expect(vals(jp.vmap((a: jp.Array, b: jp.Array) => f(a, b))(xs, ys))).toEqual([0, 1, 2].flatMap((i) => vals(f(xs.index(i), ys.index(i)))));
    expect(vals(jp.vmap((a: jp.Array, b: jp.Array) => f(a, b), { inAxes: [0, null] })(xs, y0))).toEqual([0, 1, 2].flatMap((i) => vals(f(xs.index(i), y0))));
    expect(vals(jp.jit((a: jp.Array, b: jp.Array) => f(a, b))(xs, ys))).toEqual(vals(f(xs, ys)));
  });
  it('integer functions: gcd, lcm, shifts, bitwiseCount, floorDivide, divmod', () => {
    const a = jnp.array([[12, -18, 35, 0], [7, 100, -64, 2147483647]], 'int32');
    const b = jnp.array([[18, 12, -21, 5], [0, 75, 3, 31]], 'int32');
    const fns: Fn[] = [jnp.gcd, jnp.lcm, jnp.leftShift, jnp.rightShift, (x, y) => jnp.bitwiseXor(x, y), jnp.floorDivide, (x, y) => jnp.divmod(x, y)[1], (x) => jnp.bitwiseCount(x)];
    for (const f of fns) {
      expect(vals(jp.vmap((x: jp.Array, y: jp.Array) => f(x, y))(a, b))).toEqual([0, 1].flatMap((i) => vals(f(a.index(i), b.index(i)))));
      expect(vals(jp.jit((x: jp.Array, y: jp.Array) => f(x, y))(a, b))).toEqual(vals(f(a, b)));
    }
  });
});

describe('closed forms and exact values', () => {
  it('gcd and lcm against Euclid in JS, on random int32 pairs (Fibonacci neighbours are the slowest)', () => {
    const g = (x: number, y: number): number => (y === 0 ? Math.abs(x) : g(y, x % y));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 })), { minLength: 1, maxLength: 20 }), (pairs) => {
        pairs.push([1836311903, 1134903170]); // F(46), F(45): 44 steps
        const [xs, ys] = [jnp.array(pairs.map((p) => p[0]), 'int32'), jnp.array(pairs.map((p) => p[1]), 'int32')];
        expect(vals(jnp.gcd(xs, ys))).toEqual(pairs.map(([x, y]) => g(x, y)));
        const small = pairs.filter(([x, y]) => Math.abs(x) < 4e4 && Math.abs(y) < 4e4);
        const l = jnp.lcm(jnp.array(small.map((p) => p[0]), 'int32'), jnp.array(small.map((p) => p[1]), 'int32'));
        expect(vals(l)).toEqual(small.map(([x, y]) => (x === 0 || y === 0 ? 0 : Math.abs(x * y) / g(x, y))));
      }),
      { numRuns: 10 },
    );
  });
  it('floorDivide and remainder follow Python: x == q·y + r, r has the sign of y (ints and floats)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -50, max: 50 }).filter((y) => y !== 0), (x, y) => {
        const [q, r] = jnp.divmod(jnp.array([x], 'int32'), jnp.array([y], 'int32')).map(vals);
        expect(q![0]).toBe(Math.floor(x / y) + 0); // an int32 has no -0
        expect(q![0]! * y + r![0]!).toBe(x);
        expect(val(jnp.remainder(f64(x / 8), f64(y / 4)))).toBeCloseTo(x / 8 - Math.floor(x / 8 / (y / 4)) * (y / 4), 12);
      }),
      { numRuns: 30 },
    );
  });
  it('subnormals (XLA flushes them; these are the exact IEEE values NumPy gives)', () => {
    config.update('enableX64', false);
    try {
      subnormals32();
    } finally {
      config.update('enableX64', true);
    }
    expect(jnp.frexp(f64(5e-324)).map(val)).toEqual([0.5, -1073]);
    expect(val(jnp.ldexp(f64(1.5), -1074))).toBe(1e-323); // 1.5·2^-1074 rounds to even: 2·2^-1074
    expect(val(jnp.nextafter(f64(1), f64(2)))).toBe(1 + 2 ** -52);
  });
  function subnormals32(): void {
    const t = (e: number) => 2 ** e;
    expect(jnp.frexp(jnp.array([t(-140), 3 * t(-149), -t(-149)], 'float32')).map(vals)).toEqual([[0.5, 0.75, -0.5], [-139, -147, -148]]);
    expect(vals(jnp.ldexp(jnp.array([1, 1.5, 1, 3], 'float32'), jnp.array([-149, -149, -150, -150], 'int32')))).toEqual([t(-149), t(-148), 0, t(-148)]);
    expect(vals(jnp.nextafter(jnp.array([0, 0, t(-149)], 'float32'), jnp.array([1, -1, 0], 'float32')))).toEqual([t(-149), -t(-149), 0]);
    expect(vals(jnp.isfinite(jnp.array([t(-149)], 'float32')))).toEqual([1]);
    expect(vals(jnp.signbit(jnp.array([-t(-149), -0, 0], 'float32')))).toEqual([1, 1, 0]);
  }
  it('shifts by the bit width or more, and negative amounts: XLA results, not JS masking', () => {
    const x = jnp.array([1, -8, 5, -1], 'int32');
    const n = jnp.array([32, 33, -1, 100], 'int32');
    expect(vals(jp.lax.shiftLeft(x, n))).toEqual([0, 0, 0, 0]);
    expect(vals(jp.lax.shiftRightArithmetic(x, n))).toEqual([0, -1, 0, -1]);
    expect(vals(jp.lax.shiftRightLogical(x, n))).toEqual([0, 0, 0, 0]);
    expect(vals(jnp.rightShift(jnp.array([200, 255], 'uint8'), jnp.array([1, 8], 'uint8')))).toEqual([100, 0]);
    expect(vals(jp.lax.shiftRightArithmetic(jnp.array([200], 'uint8'), jnp.array([1], 'uint8')))).toEqual([228]);
  });
  it('0-d and empty arrays keep their shapes; options by name', () => {
    expect(jnp.hypot(3, 4).shape).toEqual([]);
    expect(val(jnp.hypot(3, 4))).toBe(5);
    expect(jnp.gcd(jnp.zeros([0], 'int32'), 3).shape).toEqual([0]);
    expect(jnp.frexp(jnp.zeros([2, 0])).map((a) => a.shape)).toEqual([[2, 0], [2, 0]]);
    expect(vals(jnp.nanToNum(jnp.array([NaN, Infinity, -Infinity]), { nan: 1, posinf: 2, neginf: 3 }))).toEqual([1, 2, 3]);
    expect(vals(jnp.nanToNum(jnp.array([NaN, Infinity]), true, 7))).toEqual([7, Number.MAX_VALUE]);
  });
});

describe('bad input: a clear error, never a number', () => {
  it('bitwise and shift functions reject floats; gcd rejects floats; ldexp needs an integer exponent', () => {
    expect(() => jnp.bitwiseAnd(jnp.array([1.5]), 1)).toThrow(jp.DtypeError);
    expect(() => jnp.leftShift(jnp.array([1.5]), 1)).toThrow(jp.DtypeError);
    expect(() => jnp.invert(jnp.array([1.5]))).toThrow(jp.DtypeError);
    expect(() => jnp.gcd(jnp.array([1.5]), 2)).toThrow(jp.DtypeError);
    expect(() => jnp.ldexp(jnp.array([1.5]), jnp.array([1.5]))).toThrow(jp.DtypeError);
    expect(() => jnp.hypot(jnp.ones([2]), jnp.ones([3]))).toThrow(jp.ShapeError);
    expect(() => jnp.nanToNum(jnp.array([NaN]), { nan: 'x' as unknown as number })).toThrow(TypeError);
  });
  it('lax: float-only ops reject integers; integerPow rejects negative powers of integers and non-integer powers', () => {
    expect(() => jp.lax.asin(jnp.array([1], 'int32'))).toThrow(jp.DtypeError);
    expect(() => jp.lax.integerPow(jnp.array([2], 'int32'), -1)).toThrow(jp.DtypeError);
    expect(() => jp.lax.integerPow(jnp.array([2.5]), 1.5)).toThrow(TypeError);
    expect(() => jp.lax.shiftLeft(jnp.array([1], 'int32'), jnp.array([1], 'uint8'))).toThrow(jp.DtypeError);
  });
});
