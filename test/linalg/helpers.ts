// Shared by the linalg identity tests: readback, a tolerance check, deterministic matrices and
// gradients against central differences.
import { expect } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, grad } = jp;

/** The elements as JS numbers. */
export const vals = (x: jp.Array) => Array.from(x.dataSync() as ArrayLike<number>, Number);

/** Same shape, and every element within `tol` relative (absolute below 1). */
export const close = (got: jp.Array, want: jp.Array, tol: number, what: string) => {
  expect(got.shape, what).toEqual(want.shape);
  const [g, w] = [vals(got), vals(want)];
  g.forEach((v, i) => expect(Math.abs(v - w[i]!), `${what}[${i}]: ${v} vs ${w[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]!))));
};

/** The fractional part of a scaled sine, in [-1, 1). */
const hash = (x: number) => {
  const s = Math.sin(x) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
};

/** A deterministic pseudo-random m×n matrix, entries in [-1, 1). */
export const mat = (m: number, n: number, seed = 1, dtype = 'float32') => jnp.array(Array.from({ length: m * n }, (_, i) => hash(seed * 12.9898 + i * 78.233)), dtype as jp.DTypeLike).reshape(m, n);

/** Central differences of a scalar f at x (float64). */
function fdGrad(f: (x: jp.Array) => jp.Array, x: jp.Array, h = 1e-6): number[] {
  const base = vals(x);
  return base.map((_, i) => {
    const at = (d: number) => {
      const v = base.slice();
      v[i]! += d;
      return Number(f(jnp.array(v, 'float64').reshape(x.shape)).item());
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}

/** grad(f)(x) equals central differences within `tol` relative. */
export const expectGrad = (f: (x: jp.Array) => jp.Array, x: jp.Array, what: string, tol = 1e-5) => {
  const g = vals(grad(f)(x));
  fdGrad(f, x).forEach((fd, i) => expect(Math.abs(g[i]! - fd), `${what}[${i}]: ${g[i]} vs ${fd}`).toBeLessThan(tol * Math.max(1, Math.abs(fd))));
};
