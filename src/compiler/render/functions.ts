// Which loop nests the JavaScript backend renders as functions of their own (called where they
// stood). V8 optimises a small function as soon as one of its loops is hot, but not a large one: a
// program of many kernels rendered as one function stayed unoptimised for many calls (blocked LU),
// and code after a hot loop that has not run yet deoptimises the function when reached (an FFT's
// stages, one after the other, each recompiled the whole function).
import type { Sym } from '../../ir/exp.js';
import type { Stmt } from '../../ir/kernel.js';
import { visit } from '../../ir/walk.js';

/** Statements a nested loop runs per call (about), from its bounds' ranges, for a function of its own. */
const FUNCTION_MIN_WORK = 4096;

/**
 * Whether `s` renders as a function of its own: a loop nest (or, in run, a branch) that neither
 * leaves the program nor assigns a local declared outside it; nested in a loop, only one with
 * FUNCTION_MIN_WORK statements to run per call (the call costs nothing next to them).
 */
export function ownFunction(s: Stmt, top: boolean): boolean {
  if (!(s.kind === 'loop' || (top && (s.kind === 'forever' || s.kind === 'if')))) return false;
  if (!top && work([s]) < FUNCTION_MIN_WORK) return false;
  const declared = new Set<Sym>();
  let ok = true;
  visit([s], (t) => {
    if (t.kind === 'let' || t.kind === 'local' || t.kind === 'loop') declared.add(t.sym);
    else if (t.kind === 'return' || (t.kind === 'assign' && !declared.has(t.sym))) ok = false;
  });
  return ok;
}

/** Statements run by `stmts` at most, as far as loop bounds' ranges tell (a loop until break counts once). */
function work(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) {
    if (s.kind === 'loop') n += Math.max(0, Math.ceil((s.hi.range[1] - s.lo.range[0]) / s.step)) * work(s.body);
    else if (s.kind === 'forever') n += work(s.body);
    else if (s.kind === 'if') n += 1 + Math.max(work(s.then), work(s.else));
    else n += 1;
  }
  return n;
}

/** Whether a statement may grow the heap (a host callback or a sub-program runs). */
export function growsHeap(s: Stmt): boolean {
  let grows = false;
  visit([s], (t) => {
    if (t.kind === 'callHost' || t.kind === 'callSub') grows = true;
  });
  return grows;
}
