// Issue 17: typed key arrays (JAX's key<fry>) and raw keys: data round trips, shapes, indexing,
// printing, and the key helpers (keyImpl, keyDtype, clone); typed keys are pytree nodes.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, random, treeUtil } = jp;

describe('typed keys', () => {
  it('key(seed) wraps PRNGKey(seed); keyData and wrapKeyData round-trip', () => {
    const k = random.key(42);
    expect(k.shape).toEqual([]);
    expect(k.ndim).toBe(0);
    expect(k.dtype).toBe('key<fry>');
    expect(random.keyData(k).tolist()).toEqual(random.PRNGKey(42).tolist());
    expect(random.keyData(random.PRNGKey(42)).tolist()).toEqual([0, 42]);
    const w = random.wrapKeyData(jnp.array([[0, 1], [2, 3]], 'uint32'));
    expect(w.shape).toEqual([2]);
    expect(random.keyData(w).tolist()).toEqual([[0, 1], [2, 3]]);
  });
  it('split keys index and iterate like arrays', () => {
    const ks = random.split(random.key(0), [2, 3]) as jp.random.PRNGKeyArray;
    expect(ks.shape).toEqual([2, 3]);
    expect(ks.size).toBe(6);
    const raw = random.split(random.PRNGKey(0), [2, 3]) as jp.Array;
    expect(random.keyData(ks.index(1, 2)).tolist()).toEqual(raw.index(1, 2).tolist());
    const [a, b] = ks;
    expect(random.keyData(b!).tolist()).toEqual(raw.index(1).tolist());
    expect(a!.shape).toEqual([3]);
    expect(() => [...random.key(0)]).toThrow(TypeError);
    expect((random.split(random.PRNGKey(0), 0) as jp.Array).shape).toEqual([0, 2]);
    expect((random.split(random.key(0), 0) as jp.random.PRNGKeyArray).shape).toEqual([0]);
    expect(() => ks.index(0, 0, 0)).toThrow(jp.ShapeError);
  });
  it('print as JAX does', () => {
    expect(String(random.key(0))).toBe('Array((), dtype=key<fry>) overlaying:\n[0 0]');
    expect(String(random.split(random.key(0))).split('\n')[0]).toBe('Array((2,), dtype=key<fry>) overlaying:');
  });
  it('are pytree nodes: one leaf, rebuilt by unflatten', () => {
    const k = random.split(random.key(1), 3);
    const [leaves, def] = treeUtil.treeFlatten({ k, x: 1 });
    expect(leaves.length).toBe(2);
    expect(String(def)).toBe('{k: PRNGKeyArray(*), x: *}');
    const back = treeUtil.treeUnflatten<{ k: jp.random.PRNGKeyArray }>(def, leaves);
    expect(back.k).toBeInstanceOf(random.PRNGKeyArray);
    expect(random.keyData(back.k).tolist()).toEqual(random.keyData(k).tolist());
  });
  it('keyImpl, keyDtype, clone', () => {
    expect(random.keyImpl(random.key(0))).toBe('threefry2x32');
    expect(random.keyImpl(random.PRNGKey(0))).toBe('threefry2x32');
    expect(random.keyDtype()).toBe('key<fry>');
    expect(() => random.keyDtype('rbg')).toThrow(TypeError);
    expect(random.clone(random.key(3))).toBeInstanceOf(random.PRNGKeyArray);
    expect((random.clone(random.PRNGKey(3)) as jp.Array).tolist()).toEqual([0, 3]);
  });
  it('seeds: 64-bit under x64 (high word), wrapped to 32 bits without it, as JAX', () => {
    expect(random.PRNGKey(-1).tolist()).toEqual([0, 4294967295]);
    expect(random.PRNGKey(2 ** 32 + 5).tolist()).toEqual([0, 5]);
    jp.config.update('enableX64', true);
    try {
      expect(random.PRNGKey(-1).tolist()).toEqual([4294967295, 4294967295]);
      expect(random.PRNGKey(2 ** 32 + 5).tolist()).toEqual([1, 5]);
    } finally {
      jp.config.update('enableX64', false);
    }
    expect(random.keyData(random.key(jnp.array(-2, 'int8'))).tolist()).toEqual([0, 4294967294]);
  });
});
