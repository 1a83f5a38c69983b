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

/** A JAX result: complex values, real numbers or integers, with its dtype; or the error JAX raised. */
export interface GoldenResult {
  result?: (GComplex | GNum)[];
  shape?: number[];
  dtype?: string;
  error?: string;
}

/** The golden file. */
export const more = JSON.parse(readFileSync(new URL('../golden/complex_more.json', import.meta.url), 'utf8')) as {
  inverse: GoldenInverse;
  inverse128: GoldenInverse;
  ordering: Record<string, GoldenResult>;
  ordering128: Record<string, GoldenResult>;
  ordering_inputs: Record<string, GComplex[]>;
};
