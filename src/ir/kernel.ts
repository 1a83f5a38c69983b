// Kernel statements and the builder that makes them: lets, mutable locals, stores, counted and
// open loops, branches, and the calls a kernel can make — host callbacks, compiled sub-programs
// (loop bodies, branches) and hand-written WebAssembly modules — plus byte copies and fills.
// Every buffer a statement touches is an IR node (a Buf), so the compiler reads which buffers a
// kernel uses from here, never from generated text.
import type { DType } from '../core/dtypes.js';
import { type Buf, cast, type Exp, i32, immutable, Sym } from './exp.js';

/** A WebAssembly module whose exported `run` takes the call's arguments (e.g. the SIMD matmul). */
export interface ExternModule {
  readonly bytes: Uint8Array;
  /** Math functions it imports by name. */
  readonly imports: readonly string[];
}

/** A compiled sub-program as a JS kernel embeds it: statements run once when loaded, and the body of its `run(args)`. */
export interface SubProgramCode {
  readonly prelude: readonly string[];
  readonly body: string;
}

/** One kernel statement. */
export type Stmt =
  | { kind: 'let'; sym: Sym; value: Exp }
  | { kind: 'local'; sym: Sym; init: Exp }
  | { kind: 'assign'; sym: Sym; value: Exp }
  | { kind: 'store'; buf: Buf; index: Exp; value: Exp }
  | { kind: 'loop'; sym: Sym; lo: Exp; hi: Exp; step: number; body: Stmt[] }
  | { kind: 'forever'; body: Stmt[] }
  | { kind: 'if'; cond: Exp; then: Stmt[]; else: Stmt[] }
  | { kind: 'break' }
  | { kind: 'return' }
  | { kind: 'callHost'; id: Exp; args: Exp[] }
  | { kind: 'callSub'; program: SubProgramCode; args: Exp[] }
  | { kind: 'extern'; module: ExternModule; args: Exp[] }
  | { kind: 'copy'; dst: Exp; src: Exp; bytes: number }
  | { kind: 'fill'; at: Exp; dtype: DType; count: number; value: number };

/** The statement kinds that contain nested statement lists. */
export function children(s: Stmt): Stmt[][] {
  return s.kind === 'loop' || s.kind === 'forever' ? [s.body] : s.kind === 'if' ? [s.then, s.else] : [];
}

/** The expressions a statement evaluates (not those of nested statements). */
export function operands(s: Stmt): Exp[] {
  switch (s.kind) {
    case 'let':
    case 'assign':
      return [s.value];
    case 'local':
      return [s.init];
    case 'store':
      return [s.index, s.value];
    case 'loop':
      return [s.lo, s.hi];
    case 'if':
      return [s.cond];
    case 'callHost':
      return [s.id, ...s.args];
    case 'callSub':
    case 'extern':
      return s.args;
    case 'copy':
      return [s.dst, s.src];
    case 'fill':
      return [s.at];
    default:
      return [];
  }
}

/** Appends statements to the innermost open block; loops and branches open nested ones. */
export class Builder {
  private blocks: Stmt[][] = [[]];

  /** The statements built so far (the outermost block). */
  get stmts(): Stmt[] {
    return this.blocks[0]!;
  }

  /** Append a statement. */
  emit(s: Stmt): void {
    this.blocks[this.blocks.length - 1]!.push(s);
  }

  /** Statements `fn` builds, in a block of their own (not appended). */
  block(fn: () => void): Stmt[] {
    const b: Stmt[] = [];
    this.blocks.push(b);
    try {
      fn();
    } finally {
      this.blocks.pop();
    }
    return b;
  }

  /** Bind `value` once; constants and symbols are returned as they are. */
  let(value: Exp, hint = 't'): Exp {
    if (value.op === 'const' || value.op === 'sym') return value;
    const int = value.dtype.kind !== 'f';
    const sym = new Sym('let', value.dtype, hint, int ? value.range : undefined, int && immutable(value) ? value : undefined);
    this.emit({ kind: 'let', sym, value });
    return sym.ref;
  }

  /** A mutable local of `init`'s dtype. */
  local(init: Exp, hint = 'acc'): Sym {
    const sym = new Sym('local', init.dtype, hint);
    this.emit({ kind: 'local', sym, init });
    return sym;
  }

  /** `sym = value` (cast to the local's dtype). */
  assign(sym: Sym, value: Exp): void {
    this.emit({ kind: 'assign', sym, value: cast(value, sym.dtype) });
  }

  /** `buf[index] = value`, cast to the buffer's dtype. */
  store(buf: Buf, index: Exp | number, value: Exp): void {
    this.emit({ kind: 'store', buf, index: typeof index === 'number' ? i32(index) : index, value: cast(value, buf.dtype) });
  }

  /** `for (i = lo; i < hi; i += step) body(i)`; the index's bounds come from lo's and hi's ranges. */
  loop(lo: Exp | number, hi: Exp | number, body: (i: Exp) => void, hint = 'i', step = 1): void {
    const [l, h] = [typeof lo === 'number' ? i32(lo) : lo, typeof hi === 'number' ? i32(hi) : hi];
    const sym = new Sym('loop', l.dtype, hint, [l.range[0], Math.max(l.range[0], h.range[1] - 1)]);
    this.emit({ kind: 'loop', sym, lo: l, hi: h, step, body: this.block(() => body(sym.ref)) });
  }

  /** A loop that runs until a `break`. */
  forever(body: () => void): void {
    this.emit({ kind: 'forever', body: this.block(body) });
  }

  /** `if (cond) then() else otherwise()`. */
  if(cond: Exp, then: () => void, otherwise?: () => void): void {
    this.emit({ kind: 'if', cond, then: this.block(then), else: otherwise ? this.block(otherwise) : [] });
  }

  /** Leave the innermost loop. */
  break(): void {
    this.emit({ kind: 'break' });
  }

  /** Leave the program. */
  return(): void {
    this.emit({ kind: 'return' });
  }

  /** Run host callback `id` on buffers at byte offsets `args`; the heap may grow meanwhile. */
  callHost(id: Exp, args: Exp[]): void {
    this.emit({ kind: 'callHost', id, args });
  }

  /** Run a compiled sub-program on launch arguments `args` (see program.ts); the heap may grow meanwhile. */
  callSub(program: SubProgramCode, args: Exp[]): void {
    this.emit({ kind: 'callSub', program, args });
  }

  /** Call a WebAssembly module's `run` with `args`. */
  extern(module: ExternModule, args: Exp[]): void {
    this.emit({ kind: 'extern', module, args });
  }

  /** Copy `bytes` bytes between byte offsets. */
  copy(dst: Exp, src: Exp, bytes: number): void {
    if (bytes > 0) this.emit({ kind: 'copy', dst, src, bytes });
  }

  /** Fill `count` elements of `dtype` from byte offset `at` with `value`. */
  fill(at: Exp, dtype: DType, count: number, value: number): void {
    if (count > 0) this.emit({ kind: 'fill', at, dtype, count, value });
  }
}
