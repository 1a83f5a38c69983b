// Row programs: when every step of a program is a loop over the same rows (reductions along
// trailing axes, elementwise loops of rows × columns) and each step's row touches only that row
// of the buffers the program writes, the steps run as one loop over rows — softmax's max, sum and
// division of a row one after another while the row is in cache — and the program splits by row
// ranges across devices (each part runs every step on its rows; no part reads another's rows).
import { int32 } from '../core/dtypes.js';
import { type Buf, type Exp, Sym, unlet } from '../ir/exp.js';
import type { Stmt } from '../ir/kernel.js';
import { visit } from '../ir/walk.js';
import type { RowNest, Step } from './fusion.js';
import { type RangeBinding, rangeBinding } from './kernelContext.js';

/** The steps as one loop over their rows, or undefined when they are not all row loops of one count, or a row reads another row's values. */
export function mergeRows(steps: readonly Step[]): { stmts: Stmt[]; range: RangeBinding; work: number } | undefined {
  const nests = steps.map((s) => s.rows);
  const n = nests[0]?.n;
  if (n === undefined || !nests.every((r): r is RowNest => r !== undefined && r.n === n)) return undefined;
  // Buffers some step writes: every access to them must stay in the accessing step's row.
  const written = new Set<Buf>();
  let opaque = false;
  for (const r of nests)
    visit(
      r.body,
      (s) => {
        if (s.kind === 'store') written.add(s.buf);
        else if (s.kind === 'callHost' || s.kind === 'callSub' || s.kind === 'extern' || s.kind === 'copy' || s.kind === 'fill') opaque = true;
      },
      (e) => {
        if (e.op === 'offset' || e.op === 'atomicAdd') opaque = true;
      },
    );
  if (opaque) return undefined;
  let work = 0;
  for (const r of nests) {
    let ok = true;
    let widest = 1;
    const check = (b: Buf, index: Exp) => {
      widest = Math.max(widest, b.size);
      if (written.has(b) && !(b.size % n === 0 && inRow(index, r.sym, b.size / n))) ok = false;
    };
    visit(
      r.body,
      (s) => {
        if (s.kind === 'store') check(s.buf, s.index);
      },
      (e) => {
        if (e.op === 'load') check(e.arg as Buf, e.src[0]!);
      },
    );
    if (!ok) return undefined;
    work += widest;
  }
  const range = rangeBinding(n);
  const row = new Sym('loop', int32, 'row', [0, n - 1]);
  const body: Stmt[] = nests.flatMap((r) => [{ kind: 'let', sym: r.sym, value: row.ref } as Stmt, ...r.body]);
  return { stmts: [range.lo, range.hi, { kind: 'loop', sym: row, lo: range.lo.sym.ref, hi: range.hi.sym.ref, step: 1, body }], range, work };
}

/** Whether `index` lies in row `o` of a buffer with `w` elements per row: o·w + c with 0 ≤ c < w. */
function inRow(index: Exp, o: Sym, w: number): boolean {
  const isRow = (e: Exp) => {
    const u = unlet(e);
    return u.op === 'sym' && u.arg === o;
  };
  const e = unlet(index);
  if (w === 1) return isRow(e);
  const rowStart = (m: Exp) => {
    const u = unlet(m);
    return u.op === 'mul' && !u.wraps && ((u.src[1]!.value === w && isRow(u.src[0]!)) || (u.src[0]!.value === w && isRow(u.src[1]!)));
  };
  if (rowStart(e)) return true;
  if (e.op !== 'add' || e.wraps) return false;
  const [a, b] = e.src as [Exp, Exp];
  const col = (c: Exp) => c.range[0] >= 0 && c.range[1] < w;
  return (rowStart(a) && col(b)) || (rowStart(b) && col(a));
}
