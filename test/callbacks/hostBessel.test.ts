// The seed example's host Bessel function against scipy.special.jv, plus hostJv's broadcasting.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import njModule, { NdArray } from '@d4c/numjs';
import { besselJn, hostJv } from '../../examples/bessel/host-bessel.js';

type Nj = typeof njModule.default;
/** The numjs namespace: Node's CJS interop puts it on `.default`, vitest's on the import itself. */
const nj: Nj = (njModule as { default?: Nj }).default ?? (njModule as unknown as Nj);

const golden = JSON.parse(readFileSync(new URL('../golden/jv.json', import.meta.url), 'utf8')) as {
  source: string;
  orders: number[];
  z: number[];
  jv: Record<string, number[]>;
};

const values = (a: NdArray): number[] => Array.from(a.selection.data as ArrayLike<number>);

describe('besselJn against scipy.special.jv', () => {
  it('matches every (order, z) of the golden file', () => {
    expect(golden.orders.length).toBeGreaterThan(10);
    let checked = 0;
    for (const n of golden.orders) {
      const row = golden.jv[String(n)]!;
      expect(row).toHaveLength(golden.z.length);
      golden.z.forEach((z, i) => {
        const ref = row[i]!;
        const err = Math.abs(besselJn(n, z) - ref);
        expect(err, `J_${n}(${z})`).toBeLessThanOrEqual(1e-13 + 1e-12 * Math.abs(ref));
        checked++;
      });
    }
    expect(checked).toBe(golden.orders.length * golden.z.length);
  });

  it("reproduces the seed's float32 line for J_1(0..4)", () => {
    // The seed's line is numpy's float32 print (shortest digits, capped at 8 decimals), which need not
    // round-trip (-0.06604332 does not): exactness is against the golden value rounded to float32, and
    // the printed digits are checked to within half a float32 ulp.
    const seed = [0, 0.44005057, 0.5767248, 0.33905897, -0.06604332];
    for (let z = 0; z <= 4; z++) {
      const ref = golden.jv['1']![golden.z.indexOf(z)]!;
      const f32 = Math.fround(besselJn(1, z));
      expect(f32).toBe(Math.fround(ref));
      expect(Math.abs(f32 - seed[z]!)).toBeLessThan(2 ** -25);
    }
  });

  it('J_2(2) to 1e-15', () => {
    expect(Math.abs(besselJn(2, 2) - 0.35283402861563771915)).toBeLessThan(1e-15);
  });

  it('handles signs, zero, NaN and tiny arguments', () => {
    expect(besselJn(0, 0)).toBe(1);
    expect(besselJn(3, 0)).toBe(0);
    expect(besselJn(-4, 0)).toBe(0);
    expect(besselJn(2, NaN)).toBeNaN();
    expect(besselJn(0, NaN)).toBeNaN();
    expect(besselJn(-3, 2)).toBe(-besselJn(3, 2));
    expect(besselJn(3, -2)).toBe(-besselJn(3, 2));
    expect(besselJn(-3, -2)).toBe(besselJn(3, 2));
    expect(besselJn(4, -2)).toBe(besselJn(4, 2));
    // Leading series term (x/2)^n / n! dominates for tiny x; underflow gives 0, not NaN.
    expect(besselJn(2, 1e-150) / 1.25e-301).toBeCloseTo(1, 14);
    expect(besselJn(5, 1e-320)).toBe(0);
  });

  it('satisfies J_{n-1}(x) + J_{n+1}(x) = (2n/x) J_n(x)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.1, max: 50, noNaN: true, minExcluded: true }),
        (n, x) => {
          const [a, b, c] = [besselJn(n - 1, x), besselJn(n + 1, x), ((2 * n) / x) * besselJn(n, x)];
          // Rounding scale: relative to the terms, since the identity cancels near zeros of J_n.
          return Math.abs(a + b - c) <= 1e-13 * (Math.abs(a) + Math.abs(b) + Math.abs(c));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('hostJv', () => {
  it('broadcasts a scalar order against z: shapes [] and [1] with [5]', () => {
    const z = nj.array([0, 1, 2, 3, 4], 'float64');
    const expected = [0, 1, 2, 3, 4].map((x) => besselJn(1, x));
    for (const v of [1, nj.array(1 as unknown as number[]), new NdArray(new Int32Array([1]), [])]) {
      const out = hostJv(v, z);
      expect(out.shape).toEqual([5]);
      expect(out.dtype).toBe('float64');
      expect(values(out)).toEqual(expected);
    }
  });

  it('broadcasts [5,1] orders with [3] arguments to [5,3]', () => {
    const v = nj.array([[0], [1], [2], [-3], [10]], 'int32');
    const z = nj.array([0.5, 2, 7.25], 'float64');
    const out = hostJv(v, z);
    expect(out.shape).toEqual([5, 3]);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 3; j++) expect(out.get(i, j)).toBe(besselJn(v.get(i, 0), z.get(j)));
  });

  it('pairs [3] with [3] elementwise and reads strided views', () => {
    const out = hostJv(nj.array([2, 3, 4], 'int32'), nj.array([1, 2, 3], 'float64'));
    expect(out.shape).toEqual([3]);
    expect(values(out)).toEqual([besselJn(2, 1), besselJn(3, 2), besselJn(4, 3)]);
    // A transposed view: hostJv must follow strides, not the raw data order.
    const zt = nj.arange(6).reshape(2, 3).T;
    const t = hostJv(2, zt);
    expect(t.shape).toEqual([3, 2]);
    expect(t.tolist()).toEqual([
      [besselJn(2, 0), besselJn(2, 3)],
      [besselJn(2, 1), besselJn(2, 4)],
      [besselJn(2, 2), besselJn(2, 5)],
    ]);
  });

  it('keeps a 0-d result 0-d', () => {
    const out = hostJv(new NdArray(new Int32Array([2]), []), new NdArray(new Float64Array([2]), []));
    expect(out.shape).toEqual([]);
    expect(values(out)).toEqual([besselJn(2, 2)]);
    expect(hostJv(2, 2).shape).toEqual([]);
  });

  it('rejects non-integer orders and incompatible shapes', () => {
    expect(() => hostJv(nj.array([1, 1.5], 'float64'), nj.array([1, 2], 'float64'))).toThrow(
      new TypeError('order v must be an integer'),
    );
    expect(() => hostJv(0.5, 1)).toThrow(TypeError);
    expect(() => besselJn(NaN, 1)).toThrow('order v must be an integer');
    expect(() => hostJv(nj.array([1, 2], 'int32'), nj.array([1, 2, 3], 'float64'))).toThrow(RangeError);
  });
});
