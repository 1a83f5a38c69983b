// jnp.einsum against JAX 0.10.2 (test/golden/make_products.py): subscripts, ellipses, repeated
// labels, implicit output, size-1 broadcasting, mixed dtypes; the sublist form, optimize paths,
// jit, vmap against a loop, grad against a closed form, and malformed subscripts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { decode, expectClose, loadGolden } from './golden.js';

const { numpy: jnp, jit, vmap, grad } = jp;
const cases = loadGolden('products.json').cases.filter((c) => c.fn === 'einsum');

describe('einsum against JAX', () => {
  it.each(cases.map((c) => [c.subscripts!, c] as const))('%s', (sub, c) => {
    const xs = c.args.map(decode);
    expectClose(jnp.einsum(sub, ...xs), c.out, `eager ${sub}`);
    expectClose(jit((...a: jp.Array[]) => jnp.einsum(sub, ...a))(...xs), c.out, `jit ${sub}`);
    for (const optimize of [false, 'greedy'] as const) expectClose(jnp.einsum(sub, ...xs, { optimize }), c.out, `${sub} optimize=${optimize}`);
  });
  it("covers the golden cases", () => expect(cases.length).toBeGreaterThan(15));
});

describe('einsum forms and options', () => {
  const a = jnp.arange(6, { dtype: 'float32' }).reshape(2, 3);
  const b = jnp.arange(12, { dtype: 'float32' }).reshape(3, 4);
  it('the sublist form is the subscripts form', () => {
    expect(jnp.einsum(a, [0, 1], b, [1, 2], [0, 2]).tolist()).toEqual(jnp.matmul(a, b).tolist());
    expect(jnp.einsum(a, [0, 1], b, [1, 2]).tolist()).toEqual(jnp.matmul(a, b).tolist());
    expect(jnp.einsum(jnp.ones([2, 3, 3]), ['...', 0, 0], [0]).tolist()).toEqual([2, 2, 2]);
  });
  it('an explicit path and preferredElementType', () => {
    const c = jnp.ones([4, 2]);
    const want = jnp.matmul(jnp.matmul(a, b), c).tolist();
    expect(jnp.einsum('ij,jk,kl->il', a, b, c, { optimize: ['einsum_path', [1, 2], [0, 1]] }).tolist()).toEqual(want);
    const r = jnp.einsum('ij,jk->ik', a.astype('int32'), b.astype('int32'), { preferredElementType: 'float32' });
    expect(r.dtype.name).toBe('float32');
    expect(r.tolist()).toEqual(jnp.matmul(a, b).tolist());
  });
  it('bool operands give bool, as JAX', () => {
    const r = jnp.einsum('i,i', jnp.array([true, false, true]), jnp.array([false, false, true]));
    expect([r.dtype.name, r.item()]).toEqual(['bool', true]);
  });
  it('bad subscripts raise ShapeErrors', () => {
    expect(() => jnp.einsum('ij,jk', a)).toThrow(jp.ShapeError);
    expect(() => jnp.einsum('ij,jk', a, a)).toThrow(/label 'j'/);
    expect(() => jnp.einsum('ijk', a)).toThrow(jp.ShapeError);
    expect(() => jnp.einsum('ij->k', a)).toThrow(/output label 'k'/);
    expect(() => jnp.einsum('ij->ii', a)).toThrow(/repeated/);
    expect(() => jnp.einsum('i1', a)).toThrow(/invalid subscript/);
    expect(() => jnp.einsum('ii', a)).toThrow(/sizes 2 and 3/);
    expect(() => jnp.einsum('ij', a, { optimize: 'fast' })).toThrow(jp.ShapeError);
    expect(() => jnp.einsum('ij', a, { bogus: 1 } as never)).toThrow(TypeError);
  });
});

describe('einsum under transformations', () => {
  it('vmap matches a loop over the batch', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: 24, maxLength: 24 }), (v) => {
        const x = jnp.array(v, 'float32').reshape(2, 3, 4);
        const y = jnp.array(v.slice(0, 12), 'float32').reshape(4, 3);
        const f = (p: jp.Array) => jnp.einsum('ij,jk->ki', p, y);
        const got = vmap(f)(x);
        const want = jnp.stack([f(x.index(0)), f(x.index(1))]);
        expect(got.tolist()).toEqual(want.tolist());
      }),
      { numRuns: 5 },
    );
  });
  it('grad of a trace and of a bilinear form are their closed forms', () => {
    const m = jnp.arange(9, { dtype: 'float32' }).reshape(3, 3);
    expect(grad((p: jp.Array) => jnp.einsum('ii', p))(m).tolist()).toEqual(jnp.eye(3).tolist());
    const u = jnp.array([1, 2, 3], 'float32');
    const w = jnp.array([-1, 0.5, 2], 'float32');
    // d/dM uᵀ M w = u wᵀ
    expect(grad((p: jp.Array) => jnp.einsum('i,ij,j', u, p, w))(m).tolist()).toEqual(jnp.outer(u, w).tolist());
  });
});
