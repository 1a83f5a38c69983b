// Index arithmetic in the IR: folding by value ranges, int32 wrapping where a range can overflow,
// and the index maps of broadcast/transpose/slice — each rendered on both backends against a
// plain reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { int32 } from '../../src/core/dtypes.js';
import { stridesOf } from '../../src/core/shape.js';
import { alu, Buf, type Exp, i32, ix, Sym } from '../../src/ir/exp.js';
import { Builder } from '../../src/ir/kernel.js';
import { broadcastIndex } from '../../src/lax/structural.js';
import '../../src/index.js';
import { sliceP } from '../../src/lax/slicing.js';
import { transposeP } from '../../src/lax/structural.js';
import { ShapedArray } from '../../src/core/aval.js';
import { float32 } from '../../src/core/dtypes.js';
import type { IndexMapLowering } from '../../src/compiler/lowering.js';
import { runKernel } from './harness.js';

/** out[i] = index(i) for i < n, on both backends (which must agree). */
function evalIndex(n: number, index: (i: Exp) => Exp): number[] {
  const out = new Buf(int32, n);
  const b = new Builder();
  b.loop(0, n, (i) => b.store(out, i, index(i)));
  const js = Array.from(runKernel('js', b.stmts, [out])![0]!);
  expect(Array.from(runKernel('wasm', b.stmts, [out])![0]!)).toEqual(js);
  return js;
}

const unravel = (i: number, shape: readonly number[]) => shape.map((n, k) => Math.floor(i / stridesOf(shape)[k]!) % n);
const ravel = (c: readonly number[], shape: readonly number[]) => c.reduce((acc, v, k) => acc + v * stridesOf(shape)[k]!, 0);
const shapeArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 });
const info = (inShape: number[], outShape: number[], params: object) => ({ inAvals: [new ShapedArray(inShape, float32)], outAvals: [new ShapedArray(outShape, float32)], params: params as never });

describe('index maps', () => {
  it('transpose: output i reads the input at the permuted coordinates', () => {
    fc.assert(
      fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, k) => k), { minLength: s.length, maxLength: s.length }))), ([shape, perm]) => {
        const outShape = perm.map((p) => shape[p]!);
        const n = outShape.reduce((a, b) => a * b, 1);
        const map = (transposeP.rules.lower as IndexMapLowering<never>).map;
        const got = evalIndex(n, (i) => map(i, info(shape, outShape, { permutation: perm })));
        const want = Array.from({ length: n }, (_, i) => {
          const c = unravel(i, outShape);
          const inC = shape.map((_, d) => c[perm.indexOf(d)]!);
          return ravel(inC, shape);
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('broadcast_in_dim: size-1 and new axes read coordinate 0', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (outShape, keep, squash) => {
        const bd = outShape.map((_, k) => k).filter((k) => keep[k]);
        const inShape = bd.map((d, j) => (squash[j] ? 1 : outShape[d]!));
        const n = outShape.reduce((a, b) => a * b, 1);
        const got = evalIndex(n, (i) => broadcastIndex(i, inShape, outShape, bd));
        const want = Array.from({ length: n }, (_, i) => {
          const c = unravel(i, outShape);
          return ravel(bd.map((d, j) => (inShape[j] === 1 ? 0 : c[d]!)), inShape);
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('slice with strides', () => {
    const shape = [5, 7, 3];
    const [start, limit, strides] = [[1, 0, 2], [5, 7, 3], [2, 3, 1]];
    const outShape = shape.map((_, k) => Math.ceil((limit[k]! - start[k]!) / strides[k]!));
    const n = outShape.reduce((a, b) => a * b, 1);
    const map = (sliceP.rules.lower as IndexMapLowering<never>).map;
    const got = evalIndex(n, (i) => map(i, info(shape, outShape, { startIndices: start, limitIndices: limit, strides })));
    expect(got).toEqual(Array.from({ length: n }, (_, i) => ravel(unravel(i, outShape).map((c, k) => start[k]! + c * strides[k]!), shape)));
  });
});

describe('folding by value ranges', () => {
  const i = new Sym('loop', int32, 'i', [0, 9]).ref;
  it('drops what the ranges decide', () => {
    expect(ix.rem(i, 10)).toBe(i);
    expect(ix.div(i, 10).value).toBe(0);
    expect(ix.add(ix.mul(i, 1), 0)).toBe(i);
    expect(ix.max(i, 0)).toBe(i);
    expect(ix.min(i, 9)).toBe(i);
    expect(alu('lt', i, i32(10)).value).toBe(1);
    expect(ix.mul(new Sym('loop', int32, 'o', [0, 0]).ref, 100).value).toBe(0);
    expect(ix.rem(i, 9)).not.toBe(i);
    // A flat index from a rows × columns nest maps back to the loop indices.
    const [r, c] = [new Sym('loop', int32, 'r', [0, 99]).ref, new Sym('loop', int32, 'c', [0, 6]).ref];
    expect(ix.div(ix.add(ix.mul(r, 7), c), 7)).toBe(r);
    expect(ix.rem(ix.add(c, ix.mul(7, r)), 7)).toBe(c);
    expect(ix.div(ix.add(ix.mul(r, 7), c), 6).op).toBe('div');
  });

  it('knows when int32 arithmetic cannot wrap, and when it can', () => {
    expect(ix.add(ix.mul(i, 4), 3).wraps).toBe(false);
    expect(ix.add(ix.mul(i, 4), 3).range).toEqual([3, 39]);
    const big = new Sym('loop', int32, 'k', [0, 2 ** 30]).ref;
    expect(ix.mul(big, 4).wraps).toBe(true);
  });

  // Random int32 expressions over two loop indices: whatever folds and whatever the renderers
  // leave unwrapped, every value equals int32 arithmetic done step by step.
  type Tree = { leaf: 'i' | 'j' | number } | { op: 'add' | 'sub' | 'mul' | 'div' | 'rem' | 'max' | 'min'; a: Tree; b: Tree } | { op: 'neg' | 'abs'; a: Tree };
  const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ leaf: fc.oneof(fc.constantFrom<'i' | 'j'>('i', 'j'), fc.integer({ min: -5, max: 12 }), fc.constantFrom(2 ** 30, -(2 ** 31), 2 ** 31 - 1, 65536)) }),
      fc.record({ op: fc.constantFrom('add', 'sub', 'mul', 'div', 'rem', 'max', 'min') as fc.Arbitrary<'add'>, a: tie('t'), b: tie('t') }),
      fc.record({ op: fc.constantFrom('neg', 'abs') as fc.Arbitrary<'neg'>, a: tie('t') }),
    ),
  })).t;
  const wrap = (v: bigint) => Number(BigInt.asIntN(32, v));
  function reference(t: Tree, i: number, j: number): number {
    if ('leaf' in t) return t.leaf === 'i' ? i : t.leaf === 'j' ? j : t.leaf;
    const a = BigInt(reference(t.a, i, j));
    if (!('b' in t)) return wrap(t.op === 'neg' || a < 0n ? -a : a);
    const b = BigInt(reference(t.b, i, j));
    switch (t.op) {
      case 'add':
        return wrap(a + b);
      case 'sub':
        return wrap(a - b);
      case 'mul':
        return wrap(a * b);
      // lax (XLA): x / 0 = -1, x % 0 = x
      case 'div':
        return b === 0n ? -1 : wrap(a / b);
      case 'rem':
        return b === 0n ? wrap(a) : wrap(a % b);
      case 'max':
        return Number(a > b ? a : b);
      case 'min':
        return Number(a < b ? a : b);
    }
  }
  function build(t: Tree, i: Exp, j: Exp): Exp {
    if ('leaf' in t) return t.leaf === 'i' ? i : t.leaf === 'j' ? j : i32(t.leaf);
    return 'b' in t ? alu(t.op, build(t.a, i, j), build(t.b, i, j)) : alu(t.op, build(t.a, i, j));
  }

  it('random index expressions equal step-by-step int32 arithmetic', () => {
    fc.assert(
      fc.property(treeArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: -3, max: 3 }), (t, n, jlo) => {
        const m = 5;
        const out = new Buf(int32, n * m);
        const b = new Builder();
        b.loop(0, n, (ii) => b.loop(jlo, jlo + m, (jj) => b.store(out, ix.add(ix.mul(ii, m), ix.sub(jj, jlo)), build(t, ii, jj)), 'j'));
        const js = Array.from(runKernel('js', b.stmts, [out])![0]!);
        expect(Array.from(runKernel('wasm', b.stmts, [out])![0]!)).toEqual(js);
        expect(js).toEqual(Array.from({ length: n * m }, (_, k) => reference(t, Math.floor(k / m), (k % m) + jlo)));
      }),
      { numRuns: 300 },
    );
  });
});
