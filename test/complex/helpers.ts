// Shared helpers of the complex-number tests: the JAX golden file and comparisons of complex values.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

/** A golden number: finite, or 'NaN' / 'Infinity' / '-Infinity' / '-0'. */
export type GNum = number | string;
/** A golden complex value [re, im]. */
export type GComplex = [GNum, GNum];

export const num = (v: GNum): number => (v === '-0' ? -0 : Number(v));

/** JAX's elementwise functions and arithmetic on one complex dtype. */
export interface GoldenFunctions {
  values: GComplex[];
  unary: Record<string, { result?: (GComplex | GNum)[]; dtype?: string; error?: string }>;
  binary_values: [GComplex[], GComplex[]];
  binary: Record<string, { result: (GComplex | GNum)[]; dtype: string }>;
  int_power: Record<string, GComplex[]>;
}

/** test/golden/complex.json (written by make_complex.py). */
export const golden = JSON.parse(readFileSync(new URL('../golden/complex.json', import.meta.url), 'utf8')) as {
  functions: GoldenFunctions;
  functions128: GoldenFunctions;
  promotion32: { kinds: string[]; add: Record<string, { dtype: string; weak: boolean }> };
  promotion64: { kinds: string[]; add: Record<string, { dtype: string; weak: boolean }> };
  printing: { values: GComplex[]; dtype: string; shape: number[]; str: string; repr: string }[];
  gradients: {
    points: [number, number][];
    real: Record<string, GComplex[]>;
    holomorphic: Record<string, GComplex[]>;
    real_input: GNum[];
  };
};

/** A complex64 (or `dtype`) array of golden values. */
export function carray(values: GComplex[], dtype: jp.DTypeLike = 'complex64'): jp.Array {
  return jnp.array(
    values.map(([re, im]) => ({ re: num(re), im: num(im) })),
    { dtype },
  );
}

/**
 * `a` and `b` agree as float32 results of one op: equal non-finite values, equal signs of zero
 * where `signedZeros`, else within `rtol` of the larger magnitude (or `atol` near zero).
 */
export function closeNumber(a: number, b: number, rtol: number, atol = 0, signedZeros = false): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  if (signedZeros && b === 0 && a === 0) return Object.is(a, b);
  return Math.abs(a - b) <= Math.max(atol, rtol * Math.max(Math.abs(a), Math.abs(b)));
}

/** A complex value as text, -0 parts shown as -0. */
const part = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
const show = (re: number, im: number) => `${part(re)}${im < 0 || Object.is(im, -0) ? '' : '+'}${part(im)}j`;

/** Interleaved host data of `got` against golden complex values, part by part. */
export function expectComplexClose(got: jp.Array, want: GComplex[], what: string, rtol = 2e-6, atol = 0, signedZeros = false): void {
  const d = Array.from(got.dataSync() as ArrayLike<number>);
  expect(d.length, what).toBe(2 * want.length);
  const bad: string[] = [];
  want.forEach(([re, im], i) => {
    const [gr, gi] = [d[2 * i]!, d[2 * i + 1]!];
    // A part's error is measured against the value's magnitude (as the parts of one computation share it).
    const scale = Math.max(Math.abs(num(re)), Math.abs(num(im)));
    const tol = (x: number, w: number) => closeNumber(x, w, rtol, Number.isFinite(scale) ? Math.max(atol, rtol * scale) : atol, signedZeros);
    if (!tol(gr, num(re)) || !tol(gi, num(im))) bad.push(`#${i}: got ${show(gr, gi)}, want ${show(num(re), num(im))}`);
  });
  expect(bad, what).toEqual([]);
}

/** Real host data of `got` against golden numbers. */
export function expectRealClose(got: jp.Array, want: GNum[], what: string, rtol = 2e-6, atol = 0): void {
  const d = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const bad: string[] = [];
  want.forEach((w, i) => {
    if (!closeNumber(d[i]!, num(w), rtol, atol)) bad.push(`#${i}: got ${d[i]}, want ${num(w)}`);
  });
  expect(bad, what).toEqual([]);
}

/** The jnp inverse trigonometric and hyperbolic functions, by golden name. */
export const INVERSE_TRIG: Record<string, (x: jp.Array) => jp.Array> = {
  arcsin: jnp.arcsin,
  arccos: jnp.arccos,
  arctan: jnp.arctan,
  arcsinh: jnp.arcsinh,
  arccosh: jnp.arccosh,
  arctanh: jnp.arctanh,
};

/** Around a describe block of `dtype`: x64 on for complex128 (beforeAll, then `setup` makes the inputs), off again afterAll. */
export function complexSuite(dtype: 'complex64' | 'complex128', setup: () => void): void {
  const x64 = dtype === 'complex128';
  beforeAll(() => {
    if (x64) jp.config.update('enableX64', true);
    setup();
  });
  afterAll(() => {
    if (x64) jp.config.update('enableX64', false);
  });
}
