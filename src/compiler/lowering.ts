// How primitives describe their code to the compiler. Four kinds, from most to least fusible:
// elementwise expressions, index maps (free reshapes/broadcasts/transposes), reductions, and
// whole kernels that write their output from materialised inputs.
import type { ShapedArray } from '../core/aval.js';
import type { Params } from '../core/primitive.js';

export interface LowerInfo<P> {
  params: P;
  inAvals: ShapedArray[];
  outAvals: ShapedArray[];
}

/**
 * A JS expression of the scalar inputs, e.g. `Math.sin(${x})`; `index` names the flat output
 * index (for ops like iota). The compiler rounds the result to the output dtype.
 */
export interface ElementwiseLowering<P> {
  kind: 'elementwise';
  expr(ins: string[], info: LowerInfo<P>, index: string): string;
  /** The same op for the WebAssembly backend (float dtypes), when it has one. */
  wasm?(info: LowerInfo<P>): WasmOp | null;
}

/**
 * An elementwise op in WebAssembly, giving the same bits as its JS expression rounded to the
 * dtype: a native instruction per float type (IEEE-exact ops only), an imported `Math` function
 * computed in f64 and rounded, or a float-to-float conversion.
 */
export type WasmOp = { native: { f32: number; f64: number } } | { math: string } | 'convert';

/** One input read at a remapped position: returns the input's flat index for the output's flat index `i`. */
export interface IndexMapLowering<P> {
  kind: 'index';
  map(i: string, info: LowerInfo<P>): string;
}

/** A reduction over `params.axes` of one input. */
export interface ReduceLowering<P> {
  kind: 'reduce';
  axes(params: P): number[];
  /** Initial accumulator (a JS expression). */
  init(info: LowerInfo<P>): string;
  /** Accumulate element `x` (a variable name) at reduced-position counter `k` into `acc`: a statement. */
  step(acc: string, x: string, k: string, info: LowerInfo<P>): string;
  /** The output value from the final accumulator (default: acc). */
  finish?(acc: string, info: LowerInfo<P>): string;
  /**
   * Whether `step` also combines the accumulators of disjoint ranges (one passed as `x`), in range
   * order, so a large reduction may be split across devices: true when that is exact or only
   * reassociates floating-point rounding (allowed, as in XLA).
   */
  combines?(info: LowerInfo<P>): boolean;
}

/** A kernel emitted as statements; inputs are materialised buffers. */
export interface KernelLowering<P> {
  kind: 'kernel';
  emit(ctx: KernelContext, info: LowerInfo<P>): string;
}

/** The sub-jaxpr in `params.jaxpr` is inlined (nested jit, custom derivative calls). */
export interface InlineLowering {
  kind: 'inline';
}

export type Lowering<P = Params> = ElementwiseLowering<P> | IndexMapLowering<P> | ReduceLowering<P> | KernelLowering<P> | InlineLowering;

/** What a kernel emitter can name: element accessors for its inputs and outputs, and fresh locals. */
export interface KernelContext {
  /** JS expression reading input `k` at flat index expression `idx`. */
  input(k: number, idx: string): string;
  /** JS lvalue for output `k` at flat index `idx` (assignments are rounded by `store`). */
  output(k: number, idx: string): string;
  /** A statement storing `value` into output `k` at `idx`, rounded to the output dtype. */
  store(k: number, idx: string, value: string): string;
  /** A fresh local variable name. */
  fresh(prefix: string): string;
  /** Byte offset expression of input `k`'s buffer (a literal input gets a scratch buffer). */
  inputOffset(k: number): string;
  /** Byte offset expression of output `k`'s buffer. */
  outputOffset(k: number): string;
  /** Statement re-reading the heap views (after anything that may grow the heap, e.g. a host call). */
  refresh: string;
  /** Add a statement run once when the program loads (tables, constants). */
  prelude(stmt: string): void;
  /** Byte offset expression of a scratch region of `bytes` bytes, live during this kernel. */
  scratch(bytes: number): string;
  /**
   * Compile a sub-jaxpr (a loop body, a branch; WASM even when small) into a function of this program. Call it with
   * `${name}([in offsets..., out offsets..., scratch offset])`, then `refresh`. Outputs that are
   * inputs or literals in `outputs` are not written by it: the caller copies or fills them.
   */
  subprogram(jaxpr: import('../core/jaxpr.js').Jaxpr): SubProgram;
  /**
   * Offer to run as ranges of `n` rows (about `work` element operations in all): returns the
   * names of the range [lo, hi) this kernel must compute. When the kernel is its program's only
   * step, large ones are split across idle devices; otherwise the range is [0, n).
   */
  splitRows(n: number, work: number): { lo: string; hi: string };
}

export interface SubProgram {
  name: string;
  /** Set when the sub-program's loops take their range from args (pass [0, splitSize)). */
  splitSize?: number;
  scratchBytes: number;
  outputs: import('./program.js').OutputSpec[];
  numOutputs: number;
}
