// The compiler: fused programs equal eager op-by-op execution; fusion launches one kernel;
// matmul and reductions against reference loops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());

type Expr = { op: 'leaf'; k: number } | { op: string; a: Expr; b?: Expr };
const unaryOps = ['sin', 'exp', 'tanh', 'neg', 'abs'] as const;
const binaryOps = ['add', 'sub', 'mul', 'max'] as const;

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constant('leaf' as const), k: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ op: fc.constantFrom(...unaryOps), a: tie('e') }),
    fc.record({ op: fc.constantFrom(...binaryOps), a: tie('e'), b: tie('e') }),
  ),
})).e;

function evalExpr(e: Expr, leaves: jp.Array[]): jp.Array {
  if (e.op === 'leaf') return leaves[(e as { k: number }).k]!;
  const a = evalExpr((e as { a: Expr }).a, leaves);
  const b = (e as { b?: Expr }).b ? evalExpr((e as { b: Expr }).b, leaves) : undefined;
  switch (e.op) {
    case 'sin':
      return jnp.sin(a);
    case 'exp':
      return jnp.exp(jnp.tanh(a));
    case 'tanh':
      return jnp.tanh(a);
    case 'neg':
      return jnp.negative(a);
    case 'abs':
      return jnp.abs(a);
    case 'add':
      return jnp.add(a, b!);
    case 'sub':
      return jnp.subtract(a, b!);
    case 'mul':
      return jnp.multiply(a, b!);
    default:
      return jnp.maximum(a, b!);
  }
}

describe('jit equals eager', () => {
  it('random elementwise programs with broadcasting are bit-exact in float32', () => {
    const shapes = [[4, 3], [3], [1, 3]];
    fc.assert(
      fc.property(exprArb, fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: 12, maxLength: 12 }), (e, data) => {
        const leaves = shapes.map((s) => jnp.array(new Float32Array(data.slice(0, s.reduce((p, d) => p * d, 1)))).reshape(s));
        const eager = evalExpr(e, leaves);
        const jitted = jp.jit((a: jp.Array, b: jp.Array, c: jp.Array) => evalExpr(e, [a, b, c]))(leaves[0]!, leaves[1]!, leaves[2]!);
        expect(vals(jitted)).toEqual(vals(eager));
      }),
      { numRuns: 60 },
    );
  });

  it('int32 and bool programs too', () => {
    const f = (x: jp.Array, y: jp.Array) => jnp.where(x.gt(y), x.mul(y).sub(3), jnp.abs(x).add(y)).mul(2);
    const x = jnp.array([3, -4, 5, 7]);
    const y = jnp.array([1, 2, -3, 7]);
    expect(vals(jp.jit(f)(x, y))).toEqual(vals(f(x, y)));
    expect(vals(jp.jit(f)(x, y))).toEqual([3, -4, 5, 7].map((a, i) => {
      const b = [1, 2, -3, 7][i]!;
      return (a > b ? a * b - 3 : Math.abs(a) + b) * 2;
    }));
  });
});

describe('fusion', () => {
  it('a 10-op elementwise chain launches one kernel', () => {
    const f = jp.jit((x: jp.Array) => {
      let y = x;
      for (let i = 0; i < 5; i++) y = jnp.sin(y).mul(1.5);
      return y;
    });
    const x = jnp.array(new Float32Array(1000).fill(0.25));
    f(x).dataSync();
    jp.transfers.reset();
    const out = f(x);
    out.dataSync();
    expect(jp.transfers.stats().launches).toBe(1);
    let ref = Math.fround(0.25);
    for (let i = 0; i < 5; i++) ref = Math.fround(Math.fround(Math.sin(ref)) * 1.5);
    expect(vals(out)[999]).toBe(ref);
  });

  it('a reduction fuses its producers: sum(sin(x)*x) is one launch', () => {
    const f = jp.jit((x: jp.Array) => jnp.sum(jnp.sin(x).mul(x)));
    const data = Float32Array.from({ length: 500 }, (_, i) => i / 250 - 1);
    const x = jnp.array(data);
    f(x).dataSync();
    jp.transfers.reset();
    const s = f(x).item() as number;
    expect(jp.transfers.stats().launches).toBe(1);
    const ref = data.reduce((acc, v) => acc + Math.fround(Math.fround(Math.sin(v)) * v), 0);
    expect(s).toBeCloseTo(ref, 3);
  });
});

describe('kernels against reference loops', () => {
  it('matmul for odd sizes', () => {
    for (const [m, k, n] of [[1, 1, 1], [7, 3, 5], [129, 7, 1], [5, 129, 9], [513, 513, 7], [6, 513, 513]]) {
      const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 37) % 17) / 8 - 1);
      const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 11) % 13) / 6 - 1);
      const got = vals(jp.jit(jnp.matmul)(jnp.array(a).reshape(m, k), jnp.array(b).reshape(k, n)));
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < k; q++) s += a[i * k + q]! * b[q * n + j]!;
          expect(got[i * n + j]).toBeCloseTo(s, 4);
        }
    }
  });

  it('reductions over every axis combination, with keepdims', () => {
    const shape = [2, 3, 4];
    const data = Float32Array.from({ length: 24 }, (_, i) => ((i * 7) % 11) - 5);
    const x = jnp.array(data).reshape(shape);
    const at = (i: number, j: number, k: number) => data[i * 12 + j * 4 + k]!;
    const subsets = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
    for (const axes of subsets)
      for (const [name, op, init] of [
        ['sum', (a: number, b: number) => a + b, 0],
        ['max', Math.max, -Infinity],
        ['min', Math.min, Infinity],
        ['prod', (a: number, b: number) => a * b, 1],
      ] as const) {
        const ref = new Map<string, number>();
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 3; j++)
            for (let k = 0; k < 4; k++) {
              const key = [i, j, k].map((c, d) => (axes.includes(d) ? 0 : c)).join();
              ref.set(key, op(ref.get(key) ?? init, at(i, j, k)));
            }
        const fn = (jnp as unknown as Record<string, (x: jp.Array, a: number[], o: { keepdims: boolean }) => jp.Array>)[name]!;
        const out = jp.jit((a: jp.Array) => fn(a, axes, { keepdims: true }))(x);
        expect(out.shape).toEqual(shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        expect(vals(out)).toEqual([...ref.values()]);
      }
  });
});
