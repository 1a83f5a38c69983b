// How primitives describe themselves to the compiler, in the kernel IR (src/ir). Kinds, from most
// to least fusible: elementwise meanings, index maps (free reshapes/broadcasts/transposes/slices),
// reductions, kernels built from IR statements, kernels the compiler provides, and inlined calls.
import type { ShapedArray } from '../core/aval.js';
import type { DType } from '../core/dtypes.js';
import type { Jaxpr } from '../core/jaxpr.js';
import type { Params } from '../core/primitive.js';
import type { Buf, Exp } from '../ir/exp.js';
import type { Builder } from '../ir/kernel.js';
import type { CompiledProgram } from './program.js';

/** What a lowering rule sees of its equation. */
export interface LowerInfo<P> {
  params: P;
  inAvals: ShapedArray[];
  outAvals: ShapedArray[];
}

/**
 * The op's value from its operands' values, in IR terms (`alu('exp', x)`); `index` is the flat
 * output index (for ops like iota). The compiler casts the result to the output dtype; both
 * backends render it from their op tables.
 */
export interface ElementwiseLowering<P> {
  kind: 'elementwise';
  ir(ins: Exp[], info: LowerInfo<P>, index: Exp): Exp;
}

/** One input read at a remapped position: the input's flat index for the output's flat index `i`. */
export interface IndexMapLowering<P> {
  kind: 'index';
  map(i: Exp, info: LowerInfo<P>): Exp;
}

/** A reduction over `axes` of one input, by an accumulator. */
export interface ReduceLowering<P> {
  kind: 'reduce';
  axes(params: P): number[];
  /** The accumulator's dtype and initial value. */
  accumulator(info: LowerInfo<P>): { dtype: DType; init: number };
  /** The accumulator after element `x` (both of the accumulator's dtype). */
  combine(acc: Exp, x: Exp, info: LowerInfo<P>): Exp;
  /**
   * Whether `combine` also merges the accumulators of disjoint ranges (one passed as `x`), in
   * range order, so a large reduction may be split across devices: true when that is exact or
   * only reassociates floating-point rounding (allowed, as in XLA).
   */
  combines?(info: LowerInfo<P>): boolean;
}

/** A kernel built from IR statements; its inputs are materialised buffers. */
export interface KernelLowering<P> {
  kind: 'kernel';
  build(ctx: KernelContext, info: LowerInfo<P>): void;
}

/** A kernel the compiler provides (src/compiler/kernels): its fast forms are backend work, as XLA's dot is. */
export interface BuiltinLowering {
  kind: 'builtin';
  kernel: 'dot_general' | 'sort' | 'conv_general_dilated' | 'fft';
}

/** The sub-jaxpr in `params.jaxpr` is inlined (nested jit, custom derivative calls). */
export interface InlineLowering {
  kind: 'inline';
}

/** A primitive's lowering rule. */
export type Lowering<P = Params> = ElementwiseLowering<P> | IndexMapLowering<P> | ReduceLowering<P> | KernelLowering<P> | BuiltinLowering | InlineLowering;

/** What a kernel builds with: IR statements (Builder) over its equation's inputs and outputs. */
export interface KernelContext extends Builder {
  /** Input `k` at flat index `index` (a constant for a literal input). */
  read(k: number, index: Exp | number): Exp;
  /** Store `value` into output `k` at flat index `index`, cast to its dtype. */
  write(k: number, index: Exp | number, value: Exp): void;
  /** Input `k`'s buffer (a literal input gets a one-element scratch buffer holding it). */
  inputBuf(k: number): Buf;
  /** Output `k`'s buffer. */
  outputBuf(k: number): Buf;
  /** Byte offset of input `k`'s buffer. */
  inputOffset(k: number): Exp;
  /** Byte offset of output `k`'s buffer. */
  outputOffset(k: number): Exp;
  /** A scratch buffer of `count` elements of `dtype`, live during this kernel. */
  scratch(dtype: DType, count: number): Buf;
  /**
   * Compile a sub-jaxpr (a loop body, a branch; WASM even when small), to call with `callSub`:
   * launch arguments [input offsets..., output offsets..., scratch offset, LO, HI, PART, NPARTS].
   * Outputs that are inputs or literals in its `outputs` are not written by it: the caller copies
   * or fills them.
   */
  subprogram(jaxpr: Jaxpr): CompiledProgram;
  /**
   * Offer to run as ranges of `n` rows (about `work` element operations in all): the range
   * [lo, hi) this kernel must compute. When the kernel is its program's only step, large ones are
   * split across idle devices; otherwise the range is [0, n).
   */
  splitRows(n: number, work: number): { lo: Exp; hi: Exp };
}
