// Issue 14 item 9: JS coercion of arrays. `x + 1` on a non-scalar array must not silently make a
// string: a TypeError points to x.add(1); a concrete 0-d array is its number (JAX's float(x));
// `${x}` and String(x) print; traced values keep raising ConcretizationError.
// Item 12: arrays iterate over their leading axis, as JAX's do.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
// Coercions written through `unknown` so TypeScript lets the test do what JS users can.
const plus = (a: unknown, b: unknown) => (a as number) + (b as number);
const less = (a: unknown, b: unknown) => (a as number) < (b as number);

describe('JS coercion of arrays', () => {
  it('a non-scalar array in x + 1, x < y, Number(x), x * 2 raises a TypeError pointing to x.add', () => {
    const x = jnp.array([1.5, 2]);
    for (const op of [() => plus(x, 1), () => plus(1, x), () => less(x, x), () => Number(x), () => (x as unknown as number) * 2, () => plus('loss: ', x), () => +(x as unknown as number)]) {
      expect(op).toThrow(TypeError);
      expect(op).toThrow(/x\.add\(1\)/);
    }
    expect(() => jnp.ones([1]).valueOf()).toThrow(TypeError);
  });

  it('a concrete 0-d array converts to its number (JAX float(x)); bools to booleans', () => {
    const s = jnp.array(1.5);
    expect(plus(s, 1)).toBe(2.5);
    expect(Number(s)).toBe(1.5);
    expect(plus('loss: ', s)).toBe('loss: 1.5');
    expect(less(s, 2)).toBe(true);
    expect(less(jnp.array(3), jnp.array(2))).toBe(false);
    expect(Number(jnp.array(true))).toBe(1);
    expect((jnp.array(false) as unknown as boolean) == false).toBe(true);
    expect(Math.sqrt(jnp.sum(jnp.array([4, 5])) as unknown as number)).toBe(3);
  });

  it('template literals and String(x) print any array', () => {
    const x = jnp.array([[1, 2], [3, 4]]);
    expect(`${x}`).toBe('[[1 2]\n [3 4]]');
    expect(String(x)).toBe('[[1 2]\n [3 4]]');
    expect(`${jnp.array(2.5)}`).toBe('2.5');
  });

  it('under tracing the coercions raise ConcretizationError, as before', () => {
    expect(() => jp.jit((x: jp.Array) => plus(x, 1))(jnp.array(1.5))).toThrow(jp.ConcretizationError);
    expect(() => jp.jit((x: jp.Array) => (less(x, 0) ? x : x.neg()))(jnp.array(1.5))).toThrow(jp.ConcretizationError);
    expect(() => jp.grad((x: jp.Array) => jnp.array(Number(x)))(1.5)).toThrow(jp.ConcretizationError);
  });
});

describe('iteration over the leading axis', () => {
  it('for…of gives the rows; destructuring works; a 0-d array is not iterable', () => {
    const x = jnp.array([[1, 2], [3, 4], [5, 6]]);
    const rows: unknown[] = [];
    for (const row of x) rows.push(row.tolist());
    expect(rows).toEqual([[1, 2], [3, 4], [5, 6]]);
    const [a, b] = x;
    expect([a!.tolist(), b!.tolist()]).toEqual([[1, 2], [3, 4]]);
    expect([...jnp.arange(3)].map((v) => v.item())).toEqual([0, 1, 2]);
    expect([...jnp.zeros([0, 2])]).toEqual([]);
    expect(() => [...jnp.array(1)]).toThrow(TypeError);
  });

  it('iterating a traced array unrolls over its (static) leading axis, as in JAX', () => {
    const f = jp.jit((x: jp.Array) => {
      let acc = jnp.zeros(x.shape.slice(1));
      for (const row of x) acc = acc.add(row.mul(row));
      return acc;
    });
    expect(f(jnp.array([[1, 2], [3, 4]])).tolist()).toEqual([10, 20]);
    const g = jp.grad((x: jp.Array) => {
      const [p, q] = x;
      return p!.mul(q!);
    })(jnp.array([2.5, 4]));
    expect((g as jp.Array).tolist()).toEqual([4, 2.5]);
  });
});
