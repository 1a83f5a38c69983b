// Callbacks cannot corrupt device arrays (issue 13 item 4): a host function that writes into its
// arguments — numjs in-place ops, or stores through the typed array — changes neither the arrays
// it was given nor any other array, nor the cached device copies of JS scalars. Every check
// compares against values computed before the callback ran (or a plain JS reference).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { sds, vals } from './helpers.js';

const { numpy: jnp, lax } = jp;

/** Overwrite every element of `a` through its typed array, then add 1000 in place with numjs. */
function vandalize(a: NdArray): void {
  const s = a.selection;
  const data = s.data as unknown as { [i: number]: number; length: number };
  for (let i = 0; i < a.size; i++) data[s.offset + i] = 77;
  if (a.size > 0) a.add(1000, false);
}
/** A host function that vandalizes all its arguments and returns fixed values. */
const writer = (...args: NdArray[]) => {
  const sizes = args.map((a) => a.size);
  args.forEach(vandalize);
  return sizes.length ? sizes[0]! : 0;
};

afterEach(() => jp.config.update('transferMode', 'zero-copy'));

describe.each(['zero-copy', 'copy'] as const)('writes into callback arguments (%s)', (mode) => {
  const setMode = () => jp.config.update('transferMode', mode);

  it('leave jit inputs, outputs and temporaries that are used again unchanged', async () => {
    setMode();
    const x = jnp.array([1.5, -2, 3]);
    const f = jp.jit((a: jp.Array) => {
      const t = a.mul(2); // a fused temporary, read again below
      jp.ioCallback(writer, null, [a, t]);
      const r = jp.pureCallback(writer, new jp.ShapeDtypeStruct([], 'int32'), [t]);
      return [t.add(1), t, r] as const;
    });
    const [u, t, r] = f(x);
    expect([vals(u), vals(t), vals(r), vals(x)]).toEqual([[4, -3, 7], [3, -4, 6], [3], [1.5, -2, 3]]);
    await jp.effectsBarrier();
  });

  it('leave eager arguments unchanged, including one passed twice', () => {
    setMode();
    const x = jnp.array([[1, 2], [3, 4]], { dtype: 'int32' });
    const b = jnp.array([true, false]);
    const r = jp.pureCallback(writer, new jp.ShapeDtypeStruct([], 'int32'), [x, x, b]);
    expect([vals(r), vals(x), vals(b)]).toEqual([[4], [1, 2, 3, 4], [1, 0]]);
  });

  it('leave the cached device copy of a JS scalar unchanged', () => {
    setMode();
    // 2.5 and 7 become cached scalar buffers: the callback sees exactly those buffers' values.
    jp.pureCallback(writer, new jp.ShapeDtypeStruct([], 'int32'), [2.5, 7]).dataSync();
    const g = jp.jit((a: jp.Array, b: jp.Array) => jp.pureCallback(writer, new jp.ShapeDtypeStruct([], 'int32'), [a, b])) as (...a: unknown[]) => jp.Array;
    g(2.5, 7).dataSync();
    const add = jp.jit((a: jp.Array, b: jp.ArrayLike) => a.add(b));
    expect(vals(add(jnp.array([1], { dtype: 'float32' }), 2.5))).toEqual([3.5]);
    expect(vals(add(jnp.array([1], { dtype: 'int32' }), 7))).toEqual([8]);
    expect(vals(jp.jit((a: jp.Array) => a.mul(2.5).add(7))(jnp.array([2], { dtype: 'float32' })))).toEqual([12]);
  });

  it('leave loop carries and branch operands unchanged', () => {
    setMode();
    const one = new jp.ShapeDtypeStruct([], 'int32');
    const s = jp.jit((x: jp.Array) =>
      lax.scan((c: jp.Array, e: jp.Array) => [c.add(e).add(jp.pureCallback(writer, one, [c, e]).mul(0)), c], x, jnp.arange(4.0)),
    );
    const [c, ys] = s(jnp.array(10.0)) as [jp.Array, jp.Array];
    expect([vals(c), vals(ys)]).toEqual([[16], [10, 10, 11, 13]]);
    const w = jp.jit((x: jp.Array) =>
      lax.whileLoop((v: jp.Array) => v.lt(5), (v: jp.Array) => v.add(1).add(jp.pureCallback(writer, one, [v]).mul(0)), x),
    );
    expect(vals(w(jnp.array(0.5)))).toEqual([5.5]);
    const c2 = jp.jit((p: jp.ArrayLike, x: jp.Array) =>
      lax.cond(p, (v: jp.Array) => v.add(jp.pureCallback(writer, one, [v]).mul(0)), (v: jp.Array) => v.neg(), x),
    );
    const x = jnp.array([1, 2], { dtype: 'float32' });
    expect([vals(c2(true, x)), vals(x)]).toEqual([[1, 2], [1, 2]]);
  });

  it('leave vmapped operands unchanged, for every vmapMethod', () => {
    setMode();
    const xs = jnp.arange(6.0).reshape(3, 2);
    const y = jnp.array(1.0);
    const zeros = (a: NdArray, b: NdArray) => {
      const shape = [...a.shape];
      vandalize(a);
      vandalize(b);
      return new jp.NdArray(new Float32Array(a.size), shape);
    };
    for (const vmapMethod of ['sequential', 'expand_dims', 'broadcast_all', 'legacy_vectorized'] as const) {
      const h = (x: jp.Array, v: jp.Array) => x.add(v).add(jp.pureCallback(zeros, sds(x), [x, v], { vmapMethod }));
      expect(vals(jp.jit(jp.vmap(h, { inAxes: [0, null] }))(xs, y))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(vals(jp.vmap(h, { inAxes: [0, null] })(xs, y))).toEqual([1, 2, 3, 4, 5, 6]);
      expect([vals(xs), vals(y)]).toEqual([[0, 1, 2, 3, 4, 5], [1]]);
    }
  });

  it('never change any array, whatever the shapes and dtypes (property)', () => {
    setMode();
    const dtypes = ['float32', 'int32', 'uint8', 'bool'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
        fc.constantFrom(...dtypes),
        fc.boolean(),
        (shape, dtype, jitted) => {
          const n = shape.reduce((p, d) => p * d, 1);
          const data = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 2 : (i * 7) % 13));
          const x = jnp.array(data, { dtype }).reshape(shape);
          const call = (a: jp.Array) => jp.pureCallback(writer, new jp.ShapeDtypeStruct([], 'int32'), [a, a.astype('float32')]);
          const r = jitted ? jp.jit(call)(x) : call(x);
          expect(vals(r)).toEqual([n]);
          expect(vals(x)).toEqual(data);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('zero-copy arguments after the call', () => {
  it('a numjs argument kept past the call raises a clear error instead of reading reused memory', async () => {
    const kept: NdArray[] = [];
    const f = jp.jit((x: jp.Array) => (jp.debug.callback((a: NdArray) => void kept.push(a), [x]), x.add(1)));
    expect(vals(f(jnp.array([1.5, 2])))).toEqual([2.5, 3]);
    await jp.effectsBarrier();
    expect(() => kept[0]!.tolist()).toThrow(/only valid during the call.*clone\(\)/);
    // A clone made during the call stays valid.
    const clones: NdArray[] = [];
    jp.jit((x: jp.Array) => (jp.debug.callback((a: NdArray) => void clones.push(a.clone()), [x]), x))(jnp.array([4, 5], { dtype: 'int32' }));
    await jp.effectsBarrier();
    expect(clones[0]!.tolist()).toEqual([4, 5]);
  });

  it('copy mode hands out plain copies that stay valid', async () => {
    jp.config.update('transferMode', 'copy');
    const kept: NdArray[] = [];
    jp.jit((x: jp.Array) => (jp.debug.callback((a: NdArray) => void kept.push(a), [x]), x))(jnp.array([1.5, 2]));
    await jp.effectsBarrier();
    expect(kept[0]!.tolist()).toEqual([1.5, 2]);
  });
});
