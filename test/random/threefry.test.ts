// Issue 17: the Threefry-2x32 hash against the Random123 known-answer vectors (Salmon et al.,
// SC'11; the same ones JAX's tests use), eagerly, under jit and on arrays large enough for the
// WebAssembly backend; and the uint32 lax ops it is built from wrap as XLA's do.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { threefry2x32 } from '../../src/random/threefry.js';

const { numpy: jnp, lax } = jp;
const u32 = (v: number | number[]) => jnp.array(v, 'uint32');

// [key0, key1, counter0, counter1] → [out0, out1] (Random123 kat_vectors, threefry2x32 20 rounds).
const KAT: [number[], number[]][] = [
  [[0, 0, 0, 0], [0x6b200159, 0x99ba4efe]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
  [[0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
];

describe('threefry2x32 known-answer vectors', () => {
  it.each(KAT.map((k, i) => [i, ...k] as const))('vector %i eagerly and under jit', (_i, [k0, k1, c0, c1], want) => {
    const out = threefry2x32(u32(k0!), u32(k1!), u32([c0!]), u32([c1!]));
    expect(out.map((o) => o.tolist())).toEqual([[want[0]], [want[1]]]);
    const f = jp.jit((a: jp.Array, b: jp.Array, x: jp.Array, y: jp.Array) => threefry2x32(a, b, x, y));
    expect(f(u32(k0!), u32(k1!), u32([c0!]), u32([c1!])).map((o) => o.tolist())).toEqual([[want[0]], [want[1]]]);
  });
  it('the same values for each element of a large batch (WebAssembly-sized kernels)', () => {
    const n = 5000;
    const [k0, k1, c0, c1] = KAT[2]![0];
    const x = jnp.full([n], c0!, 'uint32');
    const y = jnp.full([n], c1!, 'uint32');
    const [a, b] = jp.jit((p: jp.Array, q: jp.Array) => threefry2x32(u32(k0!), u32(k1!), p, q))(x, y);
    expect(new Set(a!.tolist() as number[])).toEqual(new Set([0xc4923a9c]));
    expect(new Set(b!.tolist() as number[])).toEqual(new Set([0x483df7a0]));
  });
  it('refuses non-uint32 words', () => {
    expect(() => threefry2x32(jnp.array(0, 'int32'), u32(0), u32([0]), u32([0]))).toThrow(jp.DtypeError);
    expect(() => threefry2x32(u32(0), u32(0), jnp.array([0], 'int32'), u32([0]))).toThrow(jp.DtypeError);
  });
});

describe('uint32 lax ops wrap as XLA (the hash relies on it)', () => {
  const cases: [string, (x: jp.Array, y: jp.Array) => jp.Array, number[], number[], number[]][] = [
    ['add', lax.add, [0xffffffff, 0x80000000, 5], [2, 0x80000000, 7], [1, 0, 12]],
    ['bitwiseXor', lax.bitwiseXor, [0xffffffff, 0x12345678], [0x0f0f0f0f, 0xffffffff], [0xf0f0f0f0, 0xedcba987]],
    ['shiftLeft', lax.shiftLeft, [0x80000001, 1, 0xffffffff, 3], [1, 31, 32, 0xffffffff], [2, 0x80000000, 0, 0]],
    ['shiftRightLogical', lax.shiftRightLogical, [0x80000000, 0xffffffff, 0xffffffff], [31, 4, 32], [1, 0x0fffffff, 0]],
    // XLA reads the bits as int32 for an arithmetic shift (JAX: 0x80000000 >> 1 is 0xc0000000).
    ['shiftRightArithmetic', lax.shiftRightArithmetic, [0x80000000, 0x40000000, 0xffffffff], [1, 1, 40], [0xc0000000, 0x20000000, 0xffffffff]],
    ['populationCount', (x) => lax.populationCount(x), [0xffffffff, 0x80000001, 0], [0, 0, 0], [32, 2, 0]],
    ['clz', (x) => lax.clz(x), [0x80000000, 1, 0], [0, 0, 0], [0, 31, 32]],
  ];
  it.each(cases)('%s on uint32, eagerly, under jit and in a 5000-element kernel', (_n, f, xs, ys, want) => {
    expect(f(u32(xs), u32(ys)).tolist()).toEqual(want);
    expect(jp.jit(f)(u32(xs), u32(ys)).tolist()).toEqual(want);
    const rep = (v: number[]) => u32(Array.from({ length: 5000 }, (_, i) => v[i % v.length]!));
    const got = jp.jit(f)(rep(xs), rep(ys)).tolist() as number[];
    expect(got.slice(0, want.length)).toEqual(want);
    expect(got.every((v, i) => v === want[i % want.length])).toBe(true);
  });
  it('a rotation (shl | shr) of uint32 words', () => {
    const x = u32([0x80000001, 0x12345678]);
    const rot = (v: jp.Array, r: number) => lax.bitwiseOr(lax.shiftLeft(v, u32([r, r])), lax.shiftRightLogical(v, u32([32 - r, 32 - r])));
    expect(rot(x, 13).tolist()).toEqual([((0x80000001 << 13) | (0x80000001 >>> 19)) >>> 0, ((0x12345678 << 13) | (0x12345678 >>> 19)) >>> 0]);
  });
});
