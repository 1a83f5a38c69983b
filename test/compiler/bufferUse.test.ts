// Which buffers a kernel uses is read from its IR: loads, stores, offsets passed to calls and
// atomics, at any nesting; scratch placement and loop-invariant hoisting follow from it.
import { describe, expect, it } from 'vitest';
import { float32, float64, int32 } from '../../src/core/dtypes.js';
import { alu, atomicAdd, Buf, constant, i32, ix, load, offsetOf, table } from '../../src/ir/exp.js';
import { Builder, type Stmt } from '../../src/ir/kernel.js';
import { bufferUses, visit } from '../../src/ir/walk.js';
import { planScratch } from '../../src/compiler/memoryPlan.js';
import { hoistInvariants } from '../../src/compiler/hoist.js';
import { runKernel } from './harness.js';

describe('buffer use from the IR', () => {
  it('loads, stores, offsets and atomics at any depth', () => {
    const [a, b, c, d, unused] = [new Buf(float32, 8), new Buf(float32, 8), new Buf(float64, 2), new Buf(int32, 1), new Buf(float32, 3)];
    const t = table([0, 2, 4]);
    const k = new Builder();
    k.loop(0, 3, (i) =>
      k.if(alu('lt', i, i32(2)), () =>
        k.loop(0, 2, (j) => {
          const v = k.let(load(a, ix.add(load(t, i), j)));
          k.store(b, ix.add(ix.mul(i, 2), j), v);
        }),
      ),
    );
    k.callHost(i32(7), [offsetOf(c)]);
    k.if(alu('gt', k.let(atomicAdd(d, 0, 1)), i32(0)), () => k.return());
    const uses = bufferUses(k.stmts);
    expect(uses.get(a)).toEqual({ read: true, write: false, offset: false });
    expect(uses.get(b)).toEqual({ read: false, write: true, offset: false });
    expect(uses.get(c)).toEqual({ read: false, write: false, offset: true });
    expect(uses.get(d)).toEqual({ read: true, write: true, offset: false });
    expect(uses.get(t)).toEqual({ read: true, write: false, offset: false });
    expect(uses.has(unused)).toBe(false);
  });

  it('scratch regions are reused once no later step uses them', () => {
    const [s1, s2, s3] = [new Buf(float32, 10), new Buf(float64, 3), new Buf(float32, 2)];
    // s1 lives in steps 0-1, s2 in step 1, s3 in step 2 (after s1 died): s3 reuses s1's region.
    const plan = planScratch([[s1], [s1, s2], [s3]], () => true);
    expect(plan.offsets.get(s1)).toBe(0);
    expect(plan.offsets.get(s2)).toBe(40);
    expect(plan.offsets.get(s3)).toBe(0);
    expect(plan.top).toBe(64);
  });

  it('loop-invariant lets move before the loop, unless the loop writes what they read', () => {
    const [x, s, y] = [new Buf(float32, 16), new Buf(float32, 1), new Buf(float32, 16)];
    const k = new Builder();
    k.loop(0, 16, (i) => {
      const scalar = k.let(alu('exp', load(s, 0)), 's');
      k.store(y, i, alu('mul', k.let(load(x, i)), scalar));
      k.store(s, 0, alu('add', k.let(load(y, 0), 'w'), constant(1, float32)));
    });
    const hoisted = hoistInvariants(k.stmts);
    expect(hoisted.map((st) => st.kind)).toEqual(['loop']); // s is written in the loop: nothing moves
    const k2 = new Builder();
    k2.loop(0, 16, (i) => k2.store(y, i, alu('mul', k2.let(load(x, i)), k2.let(alu('exp', load(s, 0)), 's'))));
    const h2 = hoistInvariants(k2.stmts);
    expect(h2.map((st) => st.kind)).toEqual(['let', 'loop']);
    const loop = h2[1] as Extract<Stmt, { kind: 'loop' }>;
    let loadsInLoop = 0;
    visit(loop.body, undefined, (e) => void (e.op === 'load' && loadsInLoop++));
    expect(loadsInLoop).toBe(1);
    // Same results either way.
    const xs = Array.from({ length: 16 }, (_, i) => i / 3);
    for (const backend of ['js', 'wasm'] as const) {
      const before = runKernel(backend, k2.stmts, [x, s, y], [xs, [0.5]])![2]!;
      expect(Array.from(runKernel(backend, h2, [x, s, y], [xs, [0.5]])![2]!)).toEqual(Array.from(before));
      expect(before[3]).toBe(Math.fround(Math.fround(1) * Math.fround(Math.exp(0.5))));
    }
  });
});
