// In-place outputs: a value computed once (stored by a reduction's loop, read by one later
// elementwise loop) may live in that loop's output buffer instead of scratch, when the loop reads
// it only at the index it writes and only before writing — softmax's exp lives in the output the
// division overwrites. Half the memory and traffic, and nothing to allocate.
import type { Buf } from '../ir/exp.js';
import { bufferUses, visit } from '../ir/walk.js';
import type { Step } from './fusion.js';

/** Shared-value buffers that can live in an output buffer: shared → output. */
export function inPlace(steps: readonly Step[], shared: readonly Buf[], outputs: ReadonlySet<Buf>): Map<Buf, Buf> {
  const aliases = new Map<Buf, Buf>();
  const taken = new Set<Buf>();
  const uses = steps.map((s) => bufferUses(s.stmts));
  for (const f of shared) {
    if (outputs.has(f)) continue;
    const users = steps.filter((_, k) => uses[k]!.has(f));
    const g = users[1];
    if (users.length !== 2 || !g?.inner) continue;
    const { body, index } = g.inner;
    let ok = true;
    let lastRead = -1;
    body.forEach((s, k) =>
      visit([s], undefined, (e) => {
        if (e.op !== 'load' || e.arg !== f) return;
        if (e.src[0]!.key !== index.key) ok = false;
        lastRead = k;
      }),
    );
    const at = steps.indexOf(g);
    const y = body.find(
      (s, k): s is Extract<typeof s, { kind: 'store' }> =>
        k > lastRead && s.kind === 'store' && s.index.key === index.key && outputs.has(s.buf) && !taken.has(s.buf) && s.buf.dtype === f.dtype && s.buf.size === f.size && uses.every((u, j) => j === at || !u.has(s.buf)),
    )?.buf;
    if (!ok || !y) continue;
    aliases.set(f, y);
    taken.add(y);
  }
  return aliases;
}
