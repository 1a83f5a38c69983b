// The fusion pass: jaxpr → kernel IR steps. Elementwise ops and free index maps fuse into the
// loops of their consumers (each value computed once per index, as a let); consecutive
// elementwise outputs of one size share a loop; reductions fuse their producers; kernels read
// materialised buffers. Values are computed with an explicit stack, so a chain of any length
// compiles.
import { type Atom, type Jaxpr, type JaxprEqn, Lit, Var } from '../core/jaxpr.js';
import { JaxpoolError } from '../core/errors.js';
import { offsetTable, sizeOf, stridesOf } from '../core/shape.js';
import { int32 } from '../core/dtypes.js';
import { Buf, cast, constant, type Exp, i32, ix, load, Sym, table } from '../ir/exp.js';
import { Builder, type Stmt } from '../ir/kernel.js';
import type { LowerInfo, Lowering, ReduceLowering } from './lowering.js';
import type { CompiledProgram, OutputSpec } from './program.js';
import { KernelCtx, rangeBinding, type RangeBinding } from './kernelContext.js';
import { builtinKernels } from './kernels/index.js';

/** One step of a program: an elementwise loop, a reduction or a kernel, in IR. */
export interface Step {
  kind: 'elementwise' | 'reduce' | 'kernel';
  stmts: Stmt[];
  /** A range of elements or rows the assembler binds to the launch's [LO, HI) or to the whole. */
  range?: RangeBinding;
  /** For a row-range kernel: its element operations in all. */
  work?: number;
  /** For a reduction whose partial accumulators combine: its pieces, to split it (splitReduce.ts). */
  reduce?: ReduceNest;
  /** Set when `stmts` is one loop over rows: its index and body, so steps of one row count can run as one row loop (rows.ts). */
  rows?: RowNest;
  /** For an elementwise step: the innermost loop body and the flat index it computes (inPlace.ts). */
  inner?: { body: Stmt[]; index: Exp };
}

/** A step as a loop over `n` rows: `body` computes row `sym`. */
export interface RowNest {
  n: number;
  sym: Sym;
  body: Stmt[];
}

/** A reduction in the pieces the compiler re-assembles to split it. */
export interface ReduceNest {
  outSize: number;
  /** Elements reduced into each output. */
  redSize: number;
  accDtype: Exp['dtype'];
  init: number;
  combine(acc: Exp, x: Exp): Exp;
  /** The loop nest accumulating reduced positions [lo, hi) of every output; `done(o, acc)` takes output o's accumulator. */
  nest(b: Builder, lo: Exp, hi: Exp, done: (o: Exp, acc: Exp) => void): void;
  /** Store output `o` from its final accumulator. */
  finish(b: Builder, o: Exp, acc: Exp): void;
}

/** A fused program: its steps and the buffers of its inputs and outputs. */
export interface Fused {
  steps: Step[];
  inputs: Buf[];
  /** By output buffer index. */
  outputs: Buf[];
  outputSpecs: OutputSpec[];
  /** Scratch buffers that kernels asked for (live in their step). */
  kernelScratch: Set<Buf>;
  /** Buffers of values computed once (a reduction stores them, a later loop reads them). */
  shared: Buf[];
}

function lowering(e: JaxprEqn): Lowering {
  const l = e.primitive.rules.lower;
  if (!l) throw new JaxpoolError(`the compiler has no lowering for '${e.primitive.name}'; it cannot run under jit yet.`);
  return l as Lowering;
}

function info(e: JaxprEqn): LowerInfo<never> {
  return { params: e.params as never, inAvals: e.inputs.map((a) => a.aval), outAvals: e.outBinders.map((v) => v.aval) };
}

/** Thrown when an elementwise output would read a buffer its own loop writes at another index. */
class Hazard extends Error {}

interface Group {
  size: number;
  body: Builder;
  index: Exp;
  memo: Map<string, Exp>;
  written: Set<Buf>;
}

const memoKey = (v: Var, idx: Exp) => `${v.id}@${idx.key}`;

/** Fuse an inlined, dead-code-free jaxpr into steps; `compileSub` compiles kernels' sub-jaxprs. */
export function fuse(jaxpr: Jaxpr, compileSub: (j: Jaxpr) => CompiledProgram): Fused {
  return new Fusion(jaxpr, compileSub).run();
}

class Fusion {
  private producer = new Map<Var, JaxprEqn>();
  private consumers = new Map<Var, JaxprEqn[]>();
  private bufs = new Map<Var, Buf>();
  private outputIndex = new Map<Var, number>();
  private inputIndex = new Map<Var, number>();
  private steps: Step[] = [];
  private kernelScratch = new Set<Buf>();
  private group: Group | undefined;
  /** Rows of the program's first reduction along trailing axes: elementwise loops of a multiple of it run rows × columns. */
  private rowCount: number | undefined;
  /** Elementwise values a later reduction computes and stores in its loop (computeOnce), by that reduction. */
  private storedBy = new Map<JaxprEqn, Var>();
  private deferred = new Set<JaxprEqn>();

  constructor(
    private jaxpr: Jaxpr,
    private compileSub: (j: Jaxpr) => CompiledProgram,
  ) {}

  run(): Fused {
    const j = this.jaxpr;
    j.inBinders.forEach((v, i) => {
      this.inputIndex.set(v, i);
      this.bufs.set(v, new Buf(v.aval.dtype, v.aval.size, 'x'));
    });
    for (const o of j.outs) if (o instanceof Var && !this.inputIndex.has(o) && !this.outputIndex.has(o)) this.outputIndex.set(o, this.outputIndex.size);
    for (const e of j.eqns) {
      for (const v of e.outBinders) this.producer.set(v, e);
      for (const a of e.inputs) if (a instanceof Var) (this.consumers.get(a) ?? this.consumers.set(a, []).get(a)!).push(e);
    }
    for (const e of j.eqns) {
      const l = lowering(e);
      if (l.kind !== 'reduce' || !this.trailing(e, l)) continue;
      if (e.outBinders[0]!.aval.size > 1) this.rowCount ??= e.outBinders[0]!.aval.size;
      this.computeOnce(e);
    }
    for (const e of j.eqns) for (const v of e.outBinders) if (this.deferred.has(e) || this.mustMaterialize(v, e)) this.bufs.set(v, new Buf(v.aval.dtype, v.aval.size, 'y'));
    for (const e of j.eqns) {
      const l = lowering(e);
      if (l.kind === 'elementwise' || l.kind === 'index') {
        if (this.bufs.has(e.outBinders[0]!) && !this.deferred.has(e)) this.elementwise(e);
        continue;
      }
      this.group = undefined;
      this.steps.push(l.kind === 'reduce' ? this.reduceStep(e, l) : this.kernelStep(e, l));
    }
    const outputs: Buf[] = [];
    for (const [v, k] of this.outputIndex) outputs[k] = this.bufs.get(v)!;
    const outputSpecs: OutputSpec[] = j.outs.map((o) => {
      if (o instanceof Lit) return { kind: 'literal', value: o.val };
      const i = this.inputIndex.get(o);
      return i !== undefined ? { kind: 'input', index: i } : { kind: 'buffer', index: this.outputIndex.get(o)! };
    });
    return { steps: this.steps, inputs: j.inBinders.map((v) => this.bufs.get(v)!), outputs, outputSpecs, kernelScratch: this.kernelScratch, shared: [...this.storedBy.values()].map((v) => this.bufs.get(v)!) };
  }

  private mustMaterialize(v: Var, e: JaxprEqn): boolean {
    const kind = lowering(e).kind;
    if (kind !== 'elementwise' && kind !== 'index') return true;
    if (this.outputIndex.has(v)) return true;
    // Fused values are recomputed by each consumer loop; kernels need a buffer.
    return (this.consumers.get(v) ?? []).some((c) => {
      const k = lowering(c).kind;
      return k === 'kernel' || k === 'builtin';
    });
  }

  private trailing(e: JaxprEqn, l: ReduceLowering<never>): boolean {
    const axes = l.axes(e.params as never);
    const nd = e.inputs[0]!.aval.ndim;
    return e.inputs[0] instanceof Var && axes.every((a, k) => a === nd - axes.length + k);
  }

  /**
   * A fused value that feeds reduction `r` (along trailing axes, so its loop visits every element
   * once) and a later loop is computed once: materialised, stored by `r`'s loop, read after —
   * instead of recomputed by each consumer (softmax's exp feeds the sum and the division).
   */
  private computeOnce(r: JaxprEqn): void {
    const v = r.inputs[0] as Var;
    const e = this.producer.get(v);
    if (!e || this.deferred.has(e)) return;
    const kind = lowering(e).kind;
    if ((kind !== 'elementwise' && kind !== 'index') || e.outBinders.length !== 1) return;
    const users = [...new Set(this.consumers.get(v) ?? [])];
    if (users[0] !== r || (users.length < 2 && !this.outputIndex.has(v))) return;
    // consumers are listed in equation order: every other one runs after r.
    this.storedBy.set(r, v);
    this.deferred.add(e);
  }

  // --- elementwise outputs: one loop per run of same-size outputs ---
  private elementwise(e: JaxprEqn): void {
    const n = e.outBinders[0]!.aval.size;
    if (this.group?.size === n && this.append(this.group, e)) return;
    this.group = this.newGroup(n);
    if (!this.append(this.group, e)) throw new JaxpoolError('internal: an elementwise loop reads what it writes');
  }

  private newGroup(n: number): Group {
    const R = this.rowCount;
    if (R !== undefined && n >= R && n % R === 0) return this.rowGroup(n, R);
    const range = rangeBinding(n);
    const i = new Sym('loop', range.lo.sym.dtype, 'i', [0, Math.max(0, n - 1)]);
    const body = new Builder();
    this.steps.push({ kind: 'elementwise', stmts: [range.lo, range.hi, { kind: 'loop', sym: i, lo: range.lo.sym.ref, hi: range.hi.sym.ref, step: 1, body: body.stmts }], range, inner: { body: body.stmts, index: i.ref } });
    return { size: n, body, index: i.ref, memo: new Map(), written: new Set() };
  }

  /** A loop over R rows × n/R columns: broadcasts of per-row values fold to the row index, no division per element. */
  private rowGroup(n: number, R: number): Group {
    const C = n / R;
    const range = rangeBinding(R);
    const o = new Sym('loop', int32, 'o', [0, R - 1]);
    const body = new Builder();
    let rowBody = body.stmts;
    let index = o.ref;
    if (C > 1) {
      const c = new Sym('loop', int32, 'c', [0, C - 1]);
      index = body.let(ix.add(ix.mul(o.ref, C), c.ref), 'i');
      rowBody = [{ kind: 'loop', sym: c, lo: i32(0), hi: i32(C), step: 1, body: body.stmts }];
    }
    const loop: Stmt = { kind: 'loop', sym: o, lo: range.lo.sym.ref, hi: range.hi.sym.ref, step: 1, body: rowBody };
    this.steps.push({ kind: 'elementwise', stmts: [range.lo, range.hi, loop], range, rows: { n: R, sym: o, body: rowBody }, inner: { body: body.stmts, index } });
    return { size: n, body, index, memo: new Map(), written: new Set() };
  }

  /** Compute `e`'s output in the group's loop and store it; false (nothing added) on a hazard. */
  private append(g: Group, e: JaxprEqn): boolean {
    const v = e.outBinders[0]!;
    const mark = g.body.stmts.length;
    const added: string[] = [];
    let value: Exp;
    try {
      value = this.valueAt(g.body, v, g.index, g.memo, { own: true, hazard: g.written, added });
    } catch (err) {
      if (!(err instanceof Hazard)) throw err;
      g.body.stmts.length = mark;
      for (const k of added) g.memo.delete(k);
      return false;
    }
    const buf = this.bufs.get(v)!;
    g.body.store(buf, g.index, value);
    g.written.add(buf);
    return true;
  }

  /**
   * Let statements computing atom `root` at flat index `idx` into `b`; an expression naming it.
   * `own`: compute root's equation even though it has a buffer (the step that writes it).
   */
  private valueAt(b: Builder, root: Atom, idx: Exp, memo: Map<string, Exp>, opts: { own?: boolean; hazard?: Set<Buf>; added?: string[] } = {}): Exp {
    if (root instanceof Lit) return constant(root.val, root.aval.dtype);
    interface Task {
      v: Var;
      idx: Exp;
      key: string;
      own: boolean;
      args?: { atom: Atom; idx: Exp }[];
    }
    const task = (v: Var, at: Exp, own = false): Task => ({ v, idx: at, key: memoKey(v, at), own });
    const remember = (k: string, value: Exp) => {
      memo.set(k, value);
      opts.added?.push(k);
    };
    const stack: Task[] = [task(root, idx, opts.own)];
    for (;;) {
      const t = stack[stack.length - 1]!;
      let value = t.own ? undefined : memo.get(t.key);
      const buf = t.own || value ? undefined : this.bufs.get(t.v);
      if (buf) {
        if (opts.hazard?.has(buf)) throw new Hazard();
        remember(t.key, (value = b.let(load(buf, t.idx))));
      } else if (!value) {
        const e = this.producer.get(t.v)!;
        const l = lowering(e);
        if (!t.args) {
          if (l.kind === 'elementwise') t.args = e.inputs.map((atom) => ({ atom, idx: t.idx }));
          else if (l.kind === 'index') t.args = [{ atom: e.inputs[0]!, idx: b.let(l.map(t.idx, info(e)), 'j') }];
          else throw new JaxpoolError(`internal: ${e.primitive.name} is not fusible`);
          for (let k = t.args.length - 1; k >= 0; k--) {
            const a = t.args[k]!;
            if (a.atom instanceof Var && !memo.has(memoKey(a.atom, a.idx))) stack.push(task(a.atom, a.idx));
          }
          continue;
        }
        const vals = t.args.map((a) => (a.atom instanceof Lit ? constant(a.atom.val, a.atom.aval.dtype) : memo.get(memoKey(a.atom, a.idx))!));
        if (l.kind === 'elementwise') {
          // Equal expressions of equal operands are one value (jaxprs repeat work, e.g. sin(x) traced twice).
          const exp = cast(l.ir(vals, info(e), t.idx), t.v.aval.dtype);
          const k = `=${exp.key}`;
          value = memo.get(k);
          if (!value) remember(k, (value = b.let(exp)));
        } else value = vals[0]!;
        remember(t.key, value);
      }
      stack.pop();
      if (stack.length === 0) return value;
    }
  }

  // --- reductions ---
  private reduceStep(e: JaxprEqn, l: ReduceLowering<never>): Step {
    const x = e.inputs[0]!;
    const y = this.bufs.get(e.outBinders[0]!)!;
    const inShape = x.aval.shape;
    const axes = l.axes(e.params as never);
    const inf = info(e);
    const redSize = sizeOf(axes.map((a) => inShape[a]!));
    const { dtype: accDtype, init } = l.accumulator(inf);
    const trailing = axes.every((a, k) => a === inShape.length - axes.length + k);
    const strides = stridesOf(inShape);
    const kept = inShape.map((_, d) => d).filter((d) => !axes.includes(d));
    const [outT, redT] = trailing ? [] : [table(offsetTable(inShape, kept, strides)), table(offsetTable(inShape, axes, strides))];
    const combine = (acc: Exp, v: Exp) => l.combine(acc, v, inf);
    const stored = this.storedBy.get(e);
    const nest: ReduceNest = {
      outSize: y.size,
      redSize,
      accDtype,
      init,
      combine,
      nest: (b, lo, hi, done) =>
        b.loop(
          0,
          y.size,
          (o) => {
            const acc = b.local(constant(init, accDtype));
            b.loop(
              lo,
              hi,
              (r) => {
                const at = b.let(outT ? ix.add(load(outT, o), load(redT!, r)) : ix.add(ix.mul(o, redSize), r), 'j');
                const value = this.valueAt(b, x, at, new Map(), { own: stored !== undefined });
                if (stored) b.store(this.bufs.get(stored)!, at, value);
                b.assign(acc, combine(acc.ref, cast(value, accDtype)));
              },
              'r',
            );
            done(o, acc.ref);
          },
          'o',
        ),
      finish: (b, o, acc) => b.store(y, o, acc),
    };
    const b = new Builder();
    nest.nest(b, i32(0), i32(redSize), (o, acc) => nest.finish(b, o, acc));
    const loop = b.stmts[0]!;
    const rows = trailing && loop.kind === 'loop' ? { n: y.size, sym: loop.sym, body: loop.body } : undefined;
    return { kind: 'reduce', stmts: b.stmts, reduce: l.combines?.(inf) ? nest : undefined, rows };
  }

  // --- kernels ---
  private kernelStep(e: JaxprEqn, l: Extract<Lowering, { kind: 'kernel' | 'builtin' | 'inline' }>): Step {
    if (l.kind === 'inline') throw new JaxpoolError(`internal: ${e.primitive.name} should have been inlined`);
    const ctx = new KernelCtx(e, (v) => this.bufs.get(v)!, this.kernelScratch, this.compileSub);
    if (l.kind === 'kernel') l.build(ctx, info(e));
    else builtinKernels[l.kernel](ctx, info(e));
    return { kind: 'kernel', stmts: ctx.stmts, range: ctx.rows, work: ctx.work };
  }
}
