// Walking kernel IR: every statement and expression node, and from them which buffers a kernel
// reads, writes or passes by offset — what the compiler plans memory and splits programs by.
import type { Buf, Exp } from './exp.js';
import { children, operands, type Stmt } from './kernel.js';

/** Call `onStmt` on every statement (outer before inner) and `onExp` on every expression node, once per occurrence. */
export function visit(stmts: readonly Stmt[], onStmt?: (s: Stmt) => void, onExp?: (e: Exp, s: Stmt) => void): void {
  const todo: Stmt[] = [...stmts].reverse();
  const exps: Exp[] = [];
  while (todo.length) {
    const s = todo.pop()!;
    onStmt?.(s);
    if (onExp) {
      exps.push(...operands(s));
      while (exps.length) {
        const e = exps.pop()!;
        onExp(e, s);
        for (const x of e.src) exps.push(x);
      }
    }
    const kids = children(s);
    for (let k = kids.length - 1; k >= 0; k--) for (let j = kids[k]!.length - 1; j >= 0; j--) todo.push(kids[k]![j]!);
  }
}

/** How a kernel uses one buffer. */
export interface BufferUse {
  /** Elements are loaded. */
  read: boolean;
  /** Elements are stored. */
  write: boolean;
  /** Its byte offset is passed on (to a host callback, a sub-program, a copy): any access. */
  offset: boolean;
}

/** The buffers `stmts` use, and how. */
export function bufferUses(stmts: readonly Stmt[]): Map<Buf, BufferUse> {
  const uses = new Map<Buf, BufferUse>();
  const use = (b: Buf): BufferUse => {
    let u = uses.get(b);
    if (!u) uses.set(b, (u = { read: false, write: false, offset: false }));
    return u;
  };
  visit(
    stmts,
    (s) => {
      if (s.kind === 'store') use(s.buf).write = true;
    },
    (e) => {
      if (e.op === 'load') use(e.arg as Buf).read = true;
      else if (e.op === 'offset') use(e.arg as Buf).offset = true;
      else if (e.op === 'atomicAdd') Object.assign(use(e.arg as Buf), { read: true, write: true });
    },
  );
  return uses;
}
