// Loop-invariant code motion: a let in a loop body whose value does not depend on anything the
// loop changes (its index, locals it assigns, lets it defines, buffers it writes) moves before
// the loop — e.g. a scalar input read once instead of per element. Values are pure, so this
// changes no result; a hoisted load must be safe to run even if the loop runs zero times.
import type { Buf, Exp, Sym } from '../ir/exp.js';
import type { Stmt } from '../ir/kernel.js';
import { bufferUses, visit } from '../ir/walk.js';

/** `stmts` with loop-invariant lets hoisted out of loops (inner loops first). */
export function hoistInvariants(stmts: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    if (s.kind === 'loop') {
      const body = hoistInvariants(s.body);
      const { kept, hoisted } = splitInvariant(s, body);
      out.push(...hoisted, { ...s, body: kept });
    } else if (s.kind === 'forever') out.push({ ...s, body: hoistInvariants(s.body) });
    else if (s.kind === 'if') out.push({ ...s, then: hoistInvariants(s.then), else: hoistInvariants(s.else) });
    else out.push(s);
  }
  return out;
}

function splitInvariant(loop: Extract<Stmt, { kind: 'loop' }>, body: Stmt[]): { kept: Stmt[]; hoisted: Stmt[] } {
  // What the loop changes: its index and every symbol its body binds or assigns; buffers it may write.
  const variant = new Set<Sym>([loop.sym]);
  visit(body, (s) => {
    if (s.kind === 'let' || s.kind === 'local' || s.kind === 'assign' || s.kind === 'loop') variant.add(s.sym);
  });
  const written = new Set<Buf>();
  for (const [b, u] of bufferUses(body)) if (u.write || u.offset) written.add(b);
  const runsAtLeastOnce = loop.lo.range[1] < loop.hi.range[0];
  const kept: Stmt[] = [];
  const hoisted: Stmt[] = [];
  for (const s of body) {
    if (s.kind === 'let' && invariant(s.value, variant, written, runsAtLeastOnce)) {
      hoisted.push(s);
      variant.delete(s.sym);
    } else kept.push(s);
  }
  return { kept, hoisted };
}

function invariant(e: Exp, variant: ReadonlySet<Sym>, written: ReadonlySet<Buf>, runsAtLeastOnce: boolean): boolean {
  const todo = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.op === 'sym' && variant.has(x.arg as Sym)) return false;
    if (x.op === 'atomicAdd') return false;
    if (x.op === 'load') {
      const b = x.arg as Buf;
      const i = x.src[0]!.value;
      // A load moved before a loop that may not run must stay inside its buffer.
      if (written.has(b) || !(runsAtLeastOnce || (i !== undefined && i >= 0 && i < b.size))) return false;
    }
    todo.push(...x.src);
  }
  return true;
}
