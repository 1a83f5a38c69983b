// What kernel lowerings build with: an IR Builder over one equation's input and output buffers,
// with scratch, sub-programs and row ranges (lowering.ts's KernelContext).
import { type DType, int32 } from '../core/dtypes.js';
import { type Jaxpr, type JaxprEqn, Lit, type Var } from '../core/jaxpr.js';
import { Buf, constant, type Exp, i32, load, offsetOf, Sym } from '../ir/exp.js';
import { Builder, type Stmt } from '../ir/kernel.js';
import type { KernelContext } from './lowering.js';
import type { CompiledProgram } from './program.js';

/** A range [lo, hi) of `n` elements or rows, as two lets the assembler binds to the launch's [LO, HI) or to [0, n). */
export interface RangeBinding {
  n: number;
  lo: Extract<Stmt, { kind: 'let' }>;
  hi: Extract<Stmt, { kind: 'let' }>;
}

/** The KernelContext of one equation. */
export class KernelCtx extends Builder implements KernelContext {
  /** Set when the kernel offered row ranges (splitRows). */
  rows?: RangeBinding;
  work?: number;
  private literalBufs = new Map<number, Buf>();

  constructor(
    private eqn: JaxprEqn,
    private bufOf: (v: Var) => Buf,
    private scratchSet: Set<Buf>,
    private compileSub: (j: Jaxpr) => CompiledProgram,
  ) {
    super();
  }

  read(k: number, index: Exp | number): Exp {
    const a = this.eqn.inputs[k]!;
    return a instanceof Lit ? constant(a.val, a.aval.dtype) : load(this.bufOf(a), index);
  }
  write(k: number, index: Exp | number, value: Exp): void {
    this.store(this.outputBuf(k), index, value);
  }
  inputBuf(k: number): Buf {
    const a = this.eqn.inputs[k]!;
    if (!(a instanceof Lit)) return this.bufOf(a);
    // Callbacks and sub-programs need a buffer even for a literal: a one-element scratch slot.
    let b = this.literalBufs.get(k);
    if (!b) {
      this.literalBufs.set(k, (b = this.scratch(a.aval.dtype, 1)));
      this.store(b, 0, constant(a.val, a.aval.dtype));
    }
    return b;
  }
  outputBuf(k: number): Buf {
    return this.bufOf(this.eqn.outBinders[k]!);
  }
  inputOffset(k: number): Exp {
    return offsetOf(this.inputBuf(k));
  }
  outputOffset(k: number): Exp {
    return offsetOf(this.outputBuf(k));
  }
  scratch(dtype: DType, count: number): Buf {
    const b = new Buf(dtype, Math.max(1, count), 's');
    this.scratchSet.add(b);
    return b;
  }
  subprogram(jaxpr: Jaxpr): CompiledProgram {
    return this.compileSub(jaxpr);
  }
  splitRows(n: number, work: number): { lo: Exp; hi: Exp } {
    const rows = rangeBinding(n);
    this.emit(rows.lo);
    this.emit(rows.hi);
    this.rows = rows;
    this.work = work;
    return { lo: rows.lo.sym.ref, hi: rows.hi.sym.ref };
  }
}

/** Two lets naming a range [lo, hi) within [0, n), bound later by the assembler (initially the whole). */
export function rangeBinding(n: number): RangeBinding {
  const bound = (hint: string, value: number): Extract<Stmt, { kind: 'let' }> => ({ kind: 'let', sym: new Sym('let', int32, hint, [0, n]), value: i32(value) });
  return { n, lo: bound('lo', 0), hi: bound('hi', n) };
}
