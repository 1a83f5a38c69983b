// test/golden/complex_more.json (written by make_complex_more.py), typed for the tests that read it.
import { readFileSync } from 'node:fs';
import type { GComplex, GNum } from './helpers.js';

/** JAX's inverse trigonometric and hyperbolic functions on one complex dtype. */
export interface GoldenInverse {
  values: GComplex[];
  jnp: Record<string, { result: GComplex[]; dtype: string }>;
  lax: Record<string, GComplex[]>;
  grad_points: [number, number][];
  holomorphic: Record<string, GComplex[]>;
  real_grad: Record<string, GComplex[]>;
}

/** One JAX result array: complex values, or real numbers (integers and bools as numbers), with its shape and dtype. */
export interface GoldenArray {
  result: (GComplex | GNum)[];
  shape: number[];
  dtype: string;
}

/** A function's JAX results (several for a tuple), or the class of the error JAX raised. */
export interface GoldenCase {
  results?: GoldenArray[];
  error?: string;
}

/** The golden file. */
export const more = JSON.parse(readFileSync(new URL('../golden/complex_more.json', import.meta.url), 'utf8')) as {
  inverse: GoldenInverse;
  inverse128: GoldenInverse;
  ordering: Record<string, GoldenCase> & { grads: Record<string, GComplex[]> };
  ordering128: Record<string, GoldenCase> & { grads: Record<string, GComplex[]> };
  ordering_inputs: Record<string, { values: GComplex[]; shape: number[] }>;
};
