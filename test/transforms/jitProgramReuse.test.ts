// Fresh jits of one computation reuse its compiled program (issue 19 item 4: trace-50): programs
// are cached by the structure of their jaxpr, so what differs — a literal, a dtype, a shape, an
// operation, the wiring of variables, the function's name — must give another program.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());

describe('programs shared across jits by structure', () => {
  it('a fresh jit of the same function loads no new program on the workers', () => {
    const x = jnp.arange(1 << 12, { dtype: 'float32' }); // large enough to run on a worker
    const f = (a: jp.Array) => jnp.sin(a).mul(2).add(a);
    const ref = vals(jp.jit(f)(x));
    const before = jp.testing.memoryStats().loadedPrograms;
    for (let i = 0; i < 5; i++) expect(vals(jp.jit(f)(x))).toEqual(ref);
    expect(jp.testing.memoryStats().loadedPrograms).toBe(before);
  });

  it('what differs gives its own program: literals, dtypes, shapes, ops, wiring, names', () => {
    const x = jnp.array([1, 2, 3], { dtype: 'float32' });
    const y = jnp.array([10, 20, 30], { dtype: 'float32' });
    for (let k = 0; k < 2; k++) {
      expect(vals(jp.jit((a: jp.Array) => a.add(1))(x))).toEqual([2, 3, 4]);
      expect(vals(jp.jit((a: jp.Array) => a.add(2))(x))).toEqual([3, 4, 5]);
      expect(vals(jp.jit((a: jp.Array) => a.add(-1))(jnp.array([-0], { dtype: 'float32' })))).toEqual([-1]);
      expect(vals(jp.jit((a: jp.Array) => a.add(0))(jnp.array([-0], { dtype: 'float32' })))).toEqual([0]);
      expect(vals(jp.jit((a: jp.Array) => a.add(1))(jnp.array([1, 2, 3], { dtype: 'int32' })))).toEqual([2, 3, 4]);
      expect(jp.jit((a: jp.Array) => a.add(1))(jnp.array([1.5], { dtype: 'float32' })).dtype.name).toBe('float32');
      expect(vals(jp.jit((a: jp.Array) => a.add(1))(jnp.array([1, 2], { dtype: 'float32' })))).toEqual([2, 3]);
      expect(vals(jp.jit((a: jp.Array) => a.mul(2))(x))).toEqual([2, 4, 6]);
      expect(vals(jp.jit((a: jp.Array, b: jp.Array) => a.sub(b))(x, y))).toEqual([-9, -18, -27]);
      expect(vals(jp.jit((a: jp.Array, b: jp.Array) => b.sub(a))(x, y))).toEqual([9, 18, 27]);
      expect(vals(jp.jit((a: jp.Array) => jnp.sum(a, { axis: 0 }))(jnp.ones([2, 3])))).toEqual([2, 2, 2]);
      expect(vals(jp.jit((a: jp.Array) => jnp.sum(a, { axis: 1 }))(jnp.ones([2, 3])))).toEqual([3, 3]);
    }
  });

  it('errors name the function that was jitted, not another with the same body', () => {
    const before = jp.config.values.syncTimeoutMs;
    jp.config.update('syncTimeoutMs', 300);
    try {
      const body = (x: jp.Array) => jp.lax.whileLoop((c: jp.Array) => c.lt(10), (c: jp.Array) => c.mul(1), x);
      for (const f of [function loopsFirst(x: jp.Array) { return body(x); }, function loopsSecond(x: jp.Array) { return body(x); }]) {
        let err: unknown = null;
        try {
          jp.jit(f)(jnp.array(0)).dataSync();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(jp.TimeoutError);
        expect((err as Error).message).toContain(`program '${f.name}'`);
      }
    } finally {
      jp.config.update('syncTimeoutMs', before);
    }
  });
});
