// tensordot, inner, outer, vdot, vecdot, matvec, vecmat, kron, cross against JAX 0.10.2
// (test/golden/make_products.py), eagerly and under jit; vmap against a loop, grad against
// closed forms, and bad shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { decode, expectClose, loadGolden } from './golden.js';

const { numpy: jnp, jit, vmap, grad } = jp;
const PRODUCTS = ['tensordot', 'inner', 'outer', 'vdot', 'vecdot', 'matvec', 'vecmat', 'kron', 'cross'];
const cases = loadGolden('products.json').cases.filter((c) => PRODUCTS.includes(c.fn));
type Fn = (...a: unknown[]) => jp.Array;
const fnOf = (name: string) => (jnp as unknown as Record<string, Fn>)[name]!;

describe('products against JAX', () => {
  it.each(cases.map((c, k) => [`${c.fn} #${k} ${JSON.stringify(c.kwargs)}`, c] as const))('%s', (_, c) => {
    const xs = c.args.map(decode);
    const f = fnOf(c.fn);
    const opts = Object.keys(c.kwargs).length ? [c.kwargs] : [];
    expectClose(f(...xs, ...opts), c.out, `eager ${c.fn}`);
    expectClose(jit((a: jp.Array, b: jp.Array) => f(a, b, ...opts))(xs[0]!, xs[1]!), c.out, `jit ${c.fn}`);
  });
  it('covers every product', () => expect(new Set(cases.map((c) => c.fn)).size).toBe(PRODUCTS.length));
});

describe('products: options, dtypes, errors', () => {
  const a = jnp.arange(6, { dtype: 'float32' }).reshape(2, 3);
  it('tensordot takes axes positionally and as an option; cross its axes positionally', () => {
    const b = jnp.ones([3, 2]);
    expect(jnp.tensordot(a, b, 1).tolist()).toEqual(jnp.tensordot(a, b, { axes: 1 }).tolist());
    expect(jnp.tensordot(a, b, [[1], [0]]).tolist()).toEqual(jnp.matmul(a, b).tolist());
    const u = jnp.array([[1, 0, 0], [0, 1, 0]], 'float32');
    expect(jnp.cross(u, jnp.array([0, 0, 1], 'float32'), -1, -1, -1).tolist()).toEqual([[0, -1, 0], [1, 0, 0]]);
  });
  it('JS numbers are weak: an int32 array with 2 stays int32; preferredElementType', () => {
    expect(jnp.inner(jnp.array([1, 2], 'int32'), 2).dtype.name).toBe('int32');
    expect(jnp.vdot(jnp.array([1, 2], 'int32'), jnp.array([3, 4], 'int32'), { preferredElementType: 'float32' }).dtype.name).toBe('float32');
    expect(jnp.kron(jnp.array([1, 2], 'int32'), jnp.array([1.5], 'float32')).dtype.name).toBe('float32');
  });
  it('empty and 0-d operands', () => {
    expect(jnp.tensordot(jnp.zeros([2, 0]), jnp.zeros([0, 3]), 1).tolist()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(jnp.outer(jnp.zeros([0]), jnp.ones([2])).shape).toEqual([0, 2]);
    expect(jnp.inner(3, jnp.array([1, 2], 'float32')).tolist()).toEqual([3, 6]);
    expect(jnp.kron(2, jnp.array([1, 2], 'int32')).tolist()).toEqual([2, 4]);
  });
  it('bad shapes raise ShapeErrors', () => {
    expect(() => jnp.tensordot(a, a, 1)).toThrow(/axis 1 of a \(size 3\)/);
    expect(() => jnp.tensordot(a, a, 3)).toThrow(jp.ShapeError);
    expect(() => jnp.tensordot(a, a, [[0], [0, 1]])).toThrow(jp.ShapeError);
    expect(() => jnp.vdot(a, jnp.ones([5]))).toThrow(jp.ShapeError);
    expect(() => jnp.cross(jnp.ones([4]), jnp.ones([4]))).toThrow(/2 or 3 components/);
    expect(() => jnp.cross(1, 2)).toThrow(jp.ShapeError);
    expect(() => jnp.matvec(a, jnp.ones([2]))).toThrow(jp.ShapeError);
    expect(() => jnp.vecmat(jnp.ones([3]), jnp.ones([2]))).toThrow(jp.ShapeError);
    expect(() => jnp.inner(a, jnp.ones([2]))).toThrow(jp.ShapeError);
  });
});

describe('products under transformations', () => {
  const vec = (n: number) => fc.array(fc.float({ min: -2, max: 2, noNaN: true }).map(Math.fround), { minLength: n, maxLength: n });
  it('vmap of cross, kron and vdot matches a loop', () => {
    fc.assert(
      fc.property(vec(12), vec(6), (u, v) => {
        const x = jnp.array(u, 'float32').reshape(4, 3);
        const y = jnp.array(v, 'float32').reshape(2, 3);
        for (const f of [(p: jp.Array) => jnp.cross(p, y), (p: jp.Array) => jnp.kron(p, y), (p: jp.Array) => jnp.vdot(p, jnp.ones([3]))]) {
          const want = jnp.stack([0, 1, 2, 3].map((i) => f(x.index(i))));
          expect(vmap(f)(x).tolist()).toEqual(want.tolist());
        }
      }),
      { numRuns: 4 },
    );
  });
  it('grad: d(a·b)/da = b, d|a×b|²/da = 2 b × (a × b), d tensordot = the other factor', () => {
    const a = jnp.array([1, -2, 0.5], 'float32');
    const b = jnp.array([0.25, 3, -1], 'float32');
    expect(grad((p: jp.Array) => jnp.vdot(p, b))(a).tolist()).toEqual(b.tolist());
    const g = grad((p: jp.Array) => jnp.sum(jnp.cross(p, b).mul(jnp.cross(p, b))))(a);
    const want = jnp.cross(b, jnp.cross(a, b)).mul(2);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(Number(want.dataSync()[i]), 4));
    const m = jnp.arange(6, { dtype: 'float32' }).reshape(2, 3);
    expect(grad((p: jp.Array) => jnp.sum(jnp.tensordot(p, jnp.ones([3, 4]), 1)))(m).tolist()).toEqual(jnp.full([2, 3], 4).tolist());
  });
});
