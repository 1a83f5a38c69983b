// Issue 20 item 7: arrays and stats as a Node user handles them — JSON, util.inspect,
// structuredClone/postMessage — with values against independent expectations (nested lists built
// here by hand, JAX's repr text).
import { inspect } from 'node:util';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

describe('x.toJSON() and JSON.stringify give nested lists (JAX users expect tolist)', () => {
  it('for every rank, dtype and size, equal to the values laid out by hand', () => {
    const data = Array.from({ length: 24 }, (_, i) => i - 7.5);
    const nest = (flat: number[], shape: number[]): unknown =>
      shape.length === 0 ? flat[0] : Array.from({ length: shape[0]! }, (_, i) => nest(flat.slice((i * flat.length) / shape[0]!, ((i + 1) * flat.length) / shape[0]!), shape.slice(1)));
    for (const shape of [[24], [2, 12], [2, 3, 4], [1, 2, 1, 12]]) {
      const x = jnp.array(data, 'float32').reshape(shape);
      expect(x.toJSON()).toEqual(nest(data, shape));
      expect(JSON.parse(JSON.stringify(x))).toEqual(nest(data, shape));
    }
    expect(JSON.stringify(jnp.asarray(2.5))).toBe('2.5'); // a 0-d array is its number
    expect(JSON.stringify(jnp.array([true, false]))).toBe('[true,false]');
    expect(JSON.stringify(jnp.array([[1, 2]], 'int32'))).toBe('[[1,2]]');
    expect(JSON.stringify(jnp.zeros([0, 3]))).toBe('[]');
    expect(JSON.stringify(jnp.zeros([2, 0]))).toBe('[[],[]]');
    // Inside a pytree (what a server returns): each array becomes its lists.
    expect(JSON.parse(JSON.stringify({ w: jnp.ones([2]), stats: [jnp.asarray(3, 'int32'), null] }))).toEqual({ w: [1, 1], stats: [3, null] });
  });

  it('is a sync point: a tracer raises ConcretizationError instead of serializing garbage', () => {
    expect(() => jp.jit((x: jp.Array) => jnp.asarray(JSON.stringify(x).length))(jnp.ones([2]))).toThrow(jp.ConcretizationError);
  });
});

describe('util.inspect and console.log show JAX repr, nested objects included', () => {
  it('matches JAX 0.10.2 text and indents continuation lines inside containers', () => {
    expect(inspect(jnp.array([1, 2], 'float32'))).toBe('Array([1., 2.], dtype=float32)');
    expect(inspect(jnp.asarray(2.5))).toBe('Array(2.5, dtype=float32, weak_type=True)');
    expect(inspect({ a: jnp.ones([2, 2], 'int32') })).toBe('{\n  a: Array([[1, 1],\n         [1, 1]], dtype=int32)\n}');
  });
});

describe('structuredClone and postMessage of a device array fail clearly', () => {
  it('throws DataCloneError that names x.tolist() and x.data(), alone or inside a pytree', () => {
    const x = jnp.array([1, 2, 3], 'float32');
    for (const v of [x, { w: x }, [1, x]]) {
      let err: unknown;
      try {
        structuredClone(v);
      } catch (e) {
        err = e;
      }
      expect((err as Error).name).toBe('DataCloneError');
      expect((err as Error).message).toMatch(/jaxpool Array.*x\.tolist\(\) or await x\.data\(\)/);
    }
    const { port1, port2 } = new MessageChannel();
    try {
      expect(() => port1.postMessage({ x })).toThrow(/x\.tolist\(\)/);
      // What the message says to do works: the values clone, and a TypedArray copy transfers.
      expect(structuredClone({ x: x.tolist() })).toEqual({ x: [1, 2, 3] });
      const copy = x.dataSync().slice();
      expect(() => port1.postMessage(copy, [copy.buffer])).not.toThrow();
    } finally {
      port1.close();
      port2.close();
    }
    // The array itself is untouched.
    expect(x.tolist()).toEqual([1, 2, 3]);
  });
});

describe('stats are plain data', () => {
  it('transfers.stats() clones, serializes and counts a device→host read', () => {
    jp.transfers.reset();
    const x = jp.devicePut(jnp.array([1, 2, 3, 4], 'float32').dataSync());
    jnp.add(x, 1).dataSync();
    const s = jp.transfers.stats();
    expect(structuredClone(s)).toEqual(s);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.deviceToHost.bytes).toBeGreaterThanOrEqual(16);
    expect(s.deviceToHost.count).toBeGreaterThanOrEqual(1);
  });

  it('memoryStats(), where exported, clones and serializes', () => {
    const memoryStats = (jp as Record<string, unknown>).memoryStats as (() => object) | undefined;
    if (!memoryStats) return expect('memoryStats' in jp).toBe(false);
    const m = memoryStats();
    expect(structuredClone(m)).toEqual(m);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});
