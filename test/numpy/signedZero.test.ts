// A JS -0 operand keeps its sign where it meets a float, as JAX's `x + -0.0` (IEEE: -0 + -0 = -0,
// -0 + +0 = +0); it stays a weak int elsewhere (integer arrays keep their dtype).
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, jit, shutdown } = jp;
const signs = (x: jp.Array) => Array.from(x.dataSync() as Float32Array, (v) => (Object.is(v, -0) ? '-0' : v));

afterAll(() => shutdown());

describe('JS -0 as an operand', () => {
  const x = jnp.array([-0, 0, 1], 'float32');
  it('x + -0 and -0 + x are -0 where x is -0, eagerly and under jit', () => {
    for (const f of [(a: jp.Array) => a.add(-0), (a: jp.Array) => jnp.add(-0, a)]) {
      expect(signs(f(x))).toEqual(['-0', 0, 1]);
      expect(signs(jit(f)(x))).toEqual(['-0', 0, 1]);
    }
  });
  it('x * -0 flips the sign of zero products; x - -0 is x + 0 (IEEE: -0 - -0 = +0)', () => {
    expect(signs(x.mul(-0))).toEqual([0, '-0', '-0']);
    expect(signs(x.sub(-0))).toEqual([0, 0, 1]);
    expect(signs(jnp.maximum(-0, jnp.array([-1], 'float32')))).toEqual(['-0']);
  });
  it('keeps dtypes: float16 stays float16, int32 stays int32 (weak int), a float64 result under x64 stays float64', () => {
    const h = jnp.array([-0, 2], 'float16').add(-0);
    expect(h.dtype.name).toBe('float16');
    expect(signs(h)).toEqual(['-0', 2]);
    const i = jnp.array([1, 2], 'int32').add(-0);
    expect(i.dtype.name).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, 2]);
  });
});
