// Scratch memory of a program: each scratch buffer lives from the first step that uses it to the
// last (read from the IR); a linear scan with a free list reuses regions after their last use.
import type { Buf } from '../ir/exp.js';

/** Bytes a scratch buffer takes: 8-byte aligned, at least 8. */
const slotBytes = (b: Buf) => Math.max(8, Math.ceil((b.size * b.dtype.itemsize) / 8) * 8);

/** Byte offsets (from the scratch base) of the scratch buffers each step uses, and the scratch size. */
export function planScratch(stepBufs: readonly Iterable<Buf>[], isScratch: (b: Buf) => boolean): { offsets: Map<Buf, number>; top: number } {
  const last = new Map<Buf, number>();
  const startAt: Buf[][] = stepBufs.map(() => []);
  const endAt: Buf[][] = stepBufs.map(() => []);
  stepBufs.forEach((bufs, k) => {
    for (const b of bufs)
      if (isScratch(b)) {
        if (!last.has(b)) startAt[k]!.push(b);
        last.set(b, k);
      }
  });
  for (const [b, k] of last) endAt[k]!.push(b);
  const offsets = new Map<Buf, number>();
  const free: { off: number; size: number }[] = [];
  let top = 0;
  for (let k = 0; k < stepBufs.length; k++) {
    for (const b of startAt[k]!) {
      const size = slotBytes(b);
      const slot = free.findIndex((s) => s.size >= size);
      if (slot >= 0) {
        const s = free.splice(slot, 1)[0]!;
        offsets.set(b, s.off);
        if (s.size > size) free.push({ off: s.off + size, size: s.size - size });
      } else {
        offsets.set(b, top);
        top += size;
      }
    }
    for (const b of endAt[k]!) free.push({ off: offsets.get(b)!, size: slotBytes(b) });
  }
  return { offsets, top };
}
