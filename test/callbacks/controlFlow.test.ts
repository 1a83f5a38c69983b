// Callbacks in batched control flow (issue 14 item 5), as JAX: under vmap an ioCallback inside
// cond/switch, or inside a whileLoop whose predicate is batched, is refused with JAX's error;
// debug.print in a batched whileLoop prints what JAX prints, in JAX's order (goldens from
// test/golden/make_debug_prints.py), while the loop's values stay right.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { vals } from './helpers.js';

const { numpy: jnp, lax } = jp;
const f32 = new jp.ShapeDtypeStruct([], 'float32');

describe('ioCallback in batched control flow', () => {
  const io = (v: jp.Array) => jp.ioCallback((a: NdArray) => a, f32, [v]);

  it('inside cond or switch under vmap: JAX’s “IO effect not supported in vmap-of-cond”', () => {
    const c = (x: jp.Array, p: jp.ArrayLike) => lax.cond(p, io, (v: jp.Array) => v, x);
    const s = (x: jp.Array, i: jp.Array) => lax.switch(i, [io, (v: jp.Array) => v.neg()], x);
    const xs = jnp.array([0, 1, 2], { dtype: 'float32' });
    const cases = [
      () => jp.vmap(c)(xs, jnp.array([true, false, true])),
      () => jp.vmap(c, { inAxes: [0, null] })(xs, true), // an unbatched predicate too, as JAX
      () => jp.jit(jp.vmap(c))(xs, jnp.array([true, false, true])),
      () => jp.vmap(s)(xs, jnp.array([0, 1, 0], { dtype: 'int32' })),
    ];
    for (const run of cases) expect(run).toThrow(/^IO effect not supported in vmap-of-cond\./);
    for (const run of cases) expect(run).toThrow(jp.TransformError);
    // Without vmap, and with nothing batched, it runs.
    expect(vals(jp.jit(c)(jnp.array(2.5), true))).toEqual([2.5]);
  });

  it('inside whileLoop with a batched predicate: refused; with an unbatched one: runs once per lane and iteration', async () => {
    const log: number[] = [];
    const rec = (v: jp.Array) => jp.ioCallback((a: NdArray) => void log.push(+a), null, [v]);
    const batchedPred = (n: jp.Array) => lax.whileLoop((c: jp.Array) => c.lt(n), (c: jp.Array) => (rec(c), c.add(1)), jnp.array(0.0));
    expect(() => jp.vmap(batchedPred)(jnp.array([1.0, 2.0]))).toThrow(/^Unordered IO effects not supported in while_loop with batched predicate/);
    expect(() => jp.jit(jp.vmap(batchedPred))(jnp.array([1.0, 2.0]))).toThrow(jp.TransformError);
    // The counter decides alone: every lane runs three iterations (JAX gives [3 3 3], [0 8 16]).
    const unbatchedPred = (x: jp.Array) =>
      lax.whileLoop(
        ([i]: [jp.Array, jp.Array]) => i.lt(3),
        ([i, v]: [jp.Array, jp.Array]) => (rec(v), [i.add(1), v.mul(2)] as [jp.Array, jp.Array]),
        [jnp.array(0, { dtype: 'int32' }), x] as [jp.Array, jp.Array],
      );
    for (const run of [jp.vmap(unbatchedPred), jp.jit(jp.vmap(unbatchedPred))]) {
      log.length = 0;
      const [i, v] = run(jnp.array([0, 1, 2], { dtype: 'float32' }));
      expect([vals(i), vals(v)]).toEqual([[3, 3, 3], [0, 8, 16]]);
      await jp.effectsBarrier();
      expect(log).toEqual([0, 1, 2, 0, 2, 4, 0, 4, 8]);
    }
    const ordered = (x: jp.Array) =>
      lax.whileLoop((c: jp.Array) => c.lt(3), (c: jp.Array) => (jp.ioCallback(() => undefined, null, [c], { ordered: true }), c.add(1)), x);
    expect(() => jp.vmap(ordered)(jnp.array([0, 1, 2], { dtype: 'float32' }))).toThrow(/^Ordered IO effects not supported in vmap\./);
  });
});

interface WhileCase {
  ordered: boolean;
  where: ('cond' | 'body')[];
  xs: number[];
  lines: string[];
  i: number[];
  v: number[];
}
const goldens = JSON.parse(readFileSync(new URL('../golden/debug_prints.json', import.meta.url), 'utf8')) as { batchedWhile: WhileCase[] };

/** JAX's f of make_debug_prints.py: i, v = 0, 1.0 doubled while i < x, printing in cond and/or body. */
function loop(c: WhileCase) {
  return (x: jp.Array) =>
    lax.whileLoop(
      ([i, v]: [jp.Array, jp.Array]) => {
        if (c.where.includes('cond')) jp.debug.print({ ordered: c.ordered }, 'cond i={} v={}', i, v);
        return i.lt(x);
      },
      ([i, v]: [jp.Array, jp.Array]) => {
        if (c.where.includes('body')) jp.debug.print({ ordered: c.ordered }, 'body i={} v={}', i, v);
        return [i.add(1), v.mul(2.0)] as [jp.Array, jp.Array];
      },
      [0, jnp.array(1, { dtype: 'float32' })] as unknown as [jp.Array, jp.Array],
    );
}

/**
 * JAX's schedule for a condition with ordered effects (the condition once before the loop, then
 * after each body), with finished lanes keeping their carry. JAX 0.10.2 itself lets finished lanes
 * run on in this case (it returns i = [3 3] for xs = [1 3]), so lanes that finish at different
 * times are checked against this reference instead of its lines.
 */
function orderedCondReference(c: WhileCase): string[] {
  const lines: string[] = [];
  const show = (i: number, v: number) => `i=${i} v=${v.toFixed(1)}`;
  let lanes = c.xs.map(() => ({ i: 0, v: 1 }));
  const conds = () => {
    if (c.where.includes('cond')) lanes.forEach((l) => lines.push(`cond ${show(l.i, l.v)}`));
    return lanes.map((l, k) => l.i < c.xs[k]!);
  };
  let pred = conds();
  while (pred.some(Boolean)) {
    if (c.where.includes('body')) lanes.forEach((l) => lines.push(`body ${show(l.i, l.v)}`));
    lanes = lanes.map((l, k) => (pred[k] ? { i: l.i + 1, v: l.v * 2 } : l));
    pred = conds();
  }
  return lines;
}

describe('debug.print in a batched whileLoop', () => {
  let spy: MockInstance<typeof console.log>;
  const printed = () => spy.mock.calls.map((c) => c.join(' '));
  beforeEach(() => {
    spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => spy.mockRestore());

  it.each(goldens.batchedWhile.map((c) => [c.ordered ? 'ordered' : 'unordered', c.where.join('+'), c.xs, c] as const))(
    '%s, printing in %s, xs = %j: JAX’s lines in JAX’s order, right values',
    async (_o, _w, xs, c) => {
      const finishTogether = new Set(xs).size === 1;
      for (const run of [jp.vmap(loop(c)), jp.jit(jp.vmap(loop(c)))]) {
        spy.mockClear();
        const [i, v] = run(jnp.array(xs, { dtype: 'int32' }));
        expect([vals(i), vals(v)]).toEqual([xs, xs.map((x) => 2 ** x)]);
        await jp.effectsBarrier();
        if (c.ordered && c.where.includes('cond') && !finishTogether) {
          // JAX's own values are wrong here (see orderedCondReference); its lines agree until a lane finishes.
          expect([c.i, printed().slice(0, 2 * xs.length)]).toEqual([[3, 3], c.lines.slice(0, 2 * xs.length)]);
          expect(printed()).toEqual(orderedCondReference(c));
        } else if (!c.ordered && c.where.length === 2) {
          // Unordered prints of the body and of the condition it masks with: XLA interleaves the
          // two per lane (JAX promises no order between unordered effects); each keeps its own order.
          const from = (lines: string[], w: string) => lines.filter((l) => l.startsWith(w));
          expect(from(printed(), 'cond')).toEqual(from(c.lines, 'cond'));
          expect(from(printed(), 'body')).toEqual(from(c.lines, 'body'));
        } else expect(printed()).toEqual(c.lines);
      }
    },
  );
});
