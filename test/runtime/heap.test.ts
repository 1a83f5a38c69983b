// The device heap allocator: live buffers never overlap, freed space is reused, stats add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, heapStats, heapViews, type HeapBuffer } from '../../src/runtime/heap.js';

describe('heap allocator', () => {
  it('random allocate/release sequences keep live buffers disjoint and intact', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 120 }), (ops) => {
        const before = heapStats();
        const live: { buf: HeapBuffer; tag: number }[] = [];
        const u8 = () => heapViews().u8;
        let tag = 1;
        for (const [alloc, n] of ops) {
          if (alloc || live.length === 0) {
            const buf = allocate(n);
            u8().fill(tag & 255, buf.offset, buf.offset + buf.nbytes);
            live.push({ buf, tag: tag++ });
          } else {
            const [{ buf }] = live.splice(n % live.length, 1);
            buf!.release();
          }
        }
        // Every live buffer still holds its own tag (nothing overlapped it).
        for (const { buf, tag: t } of live) for (let i = buf.offset; i < buf.offset + buf.nbytes; i++) expect(u8()[i]).toBe(t & 255);
        const spans = live.filter((l) => l.buf.nbytes > 0).map((l) => [l.buf.offset, l.buf.offset + l.buf.nbytes] as const).sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
        const mid = heapStats();
        expect(mid.liveBytes - before.liveBytes).toBe(live.reduce((s, l) => s + l.buf.nbytes, 0));
        for (const { buf } of live) buf.release();
        expect(heapStats().liveBytes).toBe(before.liveBytes);
      }),
      { numRuns: 40 },
    );
  });

  it('reuses released space instead of growing', () => {
    const a = allocate(1 << 20);
    const off = a.offset;
    a.release();
    const b = allocate(1 << 20);
    expect(b.offset).toBe(off);
    b.release();
  });

  it('grows the shared memory for large buffers and keeps earlier data', () => {
    const small = allocate(64);
    heapViews().u8.fill(7, small.offset, small.offset + 64);
    const big = allocate(64 << 20);
    heapViews().u8[big.offset + big.nbytes - 1] = 9;
    expect(heapViews().u8[small.offset + 63]).toBe(7);
    expect(heapViews().u8[big.offset + big.nbytes - 1]).toBe(9);
    expect(heapStats().capacity).toBeGreaterThanOrEqual(big.offset + big.nbytes);
    big.release();
    small.release();
  });
});
