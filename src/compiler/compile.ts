// jaxpr → worker program. Elementwise ops and free index maps (broadcast, reshape, transpose)
// fuse into the loops of their consumers; reductions fuse their producers; kernels (dot,
// callbacks, control flow) read materialised buffers. Scratch buffers are reused after last use.
import { ShapedArray } from '../core/aval.js';
import { type DType, uint8 } from '../core/dtypes.js';
import { type Jaxpr, type JaxprEqn, Lit, Var, type Atom, dce } from '../core/jaxpr.js';
import { JaxpoolError } from '../core/errors.js';
import { offsetTable, sizeOf, stridesOf } from '../core/shape.js';
import type { KernelContext, LowerInfo, Lowering } from './lowering.js';
import type { CompiledProgram, OutputSpec } from './program.js';
import { inlineCalls } from './inline.js';
import { type SplittableReduce, splitReduceStep, worthSplitting } from './splitReduce.js';
import { compileWasmElementwise, WASM_MIN_ELEMENTS } from './wasm/elementwise.js';
import { config } from '../core/config.js';

const VIEW: Record<DType['name'], string> = { float32: 'f32', float64: 'f64', int32: 'i32', uint8: 'u8', bool: 'u8' };
const HEAP_VIEWS = new Set(['f32', 'f64', 'i32', 'u32', 'u8']);
const SHIFT: Record<DType['name'], number> = { float32: 2, float64: 3, int32: 2, uint8: 0, bool: 0 };

/** Round a JS expression to a dtype's value set. */
export function roundTo(d: DType, e: string): string {
  switch (d.name) {
    case 'float32':
      return `Math.fround(${e})`;
    case 'int32':
      return `((${e}) | 0)`;
    case 'uint8':
      return `((${e}) & 255)`;
    case 'bool':
    case 'float64':
      return `(${e})`;
  }
}

export function literal(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${v})` : String(v);
}

function lowering(e: JaxprEqn): Lowering {
  const l = e.primitive.rules.lower;
  if (!l) throw new JaxpoolError(`the compiler has no lowering for '${e.primitive.name}'; it cannot run under jit yet.`);
  return l as Lowering;
}

function info(e: JaxprEqn): LowerInfo<never> {
  return { params: e.params as never, inAvals: e.inputs.map((a) => a.aval), outAvals: e.outBinders.map((v) => v.aval) };
}

interface Step {
  code: string[];
  reads: Set<Var>;
  /** For an elementwise loop: its length (its [LO, HI) range may be split across devices). */
  splitSize?: number;
  /** For a reduction whose partial accumulators combine: its pieces, to split it. */
  reduce?: SplittableReduce;
  /** For a kernel that computes a row range [lo, hi) of n rows (KernelContext.splitRows). */
  rows?: { n: number; work: number; lo: string; hi: string };
}

/** `body`: a loop body or branch, run many times per launch (worth WASM even when small). */
export function compileJaxpr(input: Jaxpr, opts: { body?: boolean } = {}): CompiledProgram {
  const jaxpr = dce(inlineCalls(input));
  return (config.values.wasm ? compileWasmElementwise(jaxpr, opts.body ? 1 : WASM_MIN_ELEMENTS) : null) ?? new Compiler(jaxpr).compile();
}

class Compiler {
  private producer = new Map<Var, JaxprEqn>();
  private consumers = new Map<Var, JaxprEqn[]>();
  private materialized = new Set<Var>();
  /** Scratch regions kernels asked for (KernelContext.scratch). */
  private kernelScratch = new Set<Var>();
  private outputIndex = new Map<Var, number>();
  private inputIndex = new Map<Var, number>();
  private prelude: string[] = [];
  private counter = 0;

  constructor(private jaxpr: Jaxpr) {}

  fresh(prefix: string): string {
    let name: string;
    // Never shadow the heap views (i32, u8, f64...) the generated code reads through.
    do name = `${prefix}${this.counter++}`;
    while (HEAP_VIEWS.has(name));
    return name;
  }

  compile(): CompiledProgram {
    const j = this.jaxpr;
    j.inBinders.forEach((v, i) => this.inputIndex.set(v, i));
    let k = 0;
    for (const o of j.outs) if (o instanceof Var && !this.inputIndex.has(o) && !this.outputIndex.has(o)) this.outputIndex.set(o, k++);
    for (const e of j.eqns) {
      for (const v of e.outBinders) this.producer.set(v, e);
      for (const a of e.inputs) if (a instanceof Var) (this.consumers.get(a) ?? this.consumers.set(a, []).get(a)!).push(e);
    }
    for (const e of j.eqns) for (const v of e.outBinders) if (this.mustMaterialize(v, e)) this.materialized.add(v);
    const steps: Step[] = [];
    for (const e of j.eqns) {
      const kind = lowering(e).kind;
      if (kind === 'kernel' || kind === 'reduce' || e.outBinders.some((v) => this.materialized.has(v))) steps.push(this.emitEqn(e));
    }
    return this.assemble(steps, k);
  }

  private mustMaterialize(v: Var, e: JaxprEqn): boolean {
    const kind = lowering(e).kind;
    if (kind === 'kernel' || kind === 'reduce') return true;
    if (this.outputIndex.has(v)) return true;
    const cs = this.consumers.get(v) ?? [];
    if (cs.length === 0) return false;
    // Fused values are recomputed by each consumer loop; kernels need a buffer.
    return cs.some((c) => lowering(c).kind === 'kernel');
  }

  // --- element access ---
  private base(v: Var): string {
    return `b${v.id}`;
  }
  private read(v: Var, idx: string): string {
    return `${VIEW[v.aval.dtype.name]}[${this.base(v)} + ${idx}]`;
  }

  /** Emit statements computing atom `a` at flat index `idx`; returns an expression naming it. */
  private valueAt(a: Atom, idx: string, st: { code: string[]; memo: Map<string, string>; reads: Set<Var> }): string {
    if (a instanceof Lit) return literal(a.val);
    const key = `${a.id}@${idx}`;
    const hit = st.memo.get(key);
    if (hit) return hit;
    let out: string;
    if (this.materialized.has(a) || this.inputIndex.has(a)) {
      st.reads.add(a);
      out = this.fresh('t');
      st.code.push(`const ${out} = ${this.read(a, idx)};`);
    } else {
      const e = this.producer.get(a)!;
      const l = lowering(e);
      if (l.kind === 'elementwise') {
        const ins = e.inputs.map((x) => this.valueAt(x, idx, st));
        out = this.fresh('t');
        st.code.push(`const ${out} = ${roundTo(a.aval.dtype, l.expr(ins, info(e), idx))};`);
      } else if (l.kind === 'index') {
        const j = l.map(idx, info(e));
        if (/^[\w]+$/.test(j)) out = this.valueAt(e.inputs[0]!, j, st);
        else {
          const jv = this.fresh('j');
          st.code.push(`const ${jv} = ${j};`);
          out = this.valueAt(e.inputs[0]!, jv, st);
        }
      } else throw new JaxpoolError(`internal: ${e.primitive.name} is not fusible`);
    }
    st.memo.set(key, out);
    return out;
  }

  private store(v: Var, idx: string, value: string): string {
    return `${this.read(v, idx)} = ${value};`;
  }

  // --- one step per materialised equation ---
  private emitEqn(e: JaxprEqn): Step {
    const l = lowering(e);
    const reads = new Set<Var>();
    const code: string[] = [];
    const st = () => ({ code: [] as string[], memo: new Map<string, string>(), reads });
    if (l.kind === 'elementwise' || l.kind === 'index') {
      const v = e.outBinders[0]!;
      const s2 = st();
      const value = this.computeOwn(e, 'i', s2);
      code.push(`for (let i = LO; i < HI; i++) {`, ...s2.code.map((c) => '  ' + c), `  ${this.store(v, 'i', value)}`, '}');
      return { code, reads, splitSize: v.aval.size };
    } else if (l.kind === 'reduce') {
      const red = this.emitReduce(e, l, st());
      code.push(...red.nest('0', String(red.redSize), red.store));
      if (l.combines?.(info(e))) return { code, reads, reduce: red };
    } else if (l.kind === 'kernel') {
      let rows: Step['rows'];
      code.push(this.emitKernel(e, l, reads, (r) => (rows = r)));
      return { code, reads, rows };
    }
    return { code, reads };
  }

  /** The value of an equation's (single) output at idx, computed from its inputs. */
  private computeOwn(e: JaxprEqn, idx: string, s: { code: string[]; memo: Map<string, string>; reads: Set<Var> }): string {
    const l = lowering(e);
    const v = e.outBinders[0]!;
    if (l.kind === 'elementwise') {
      const ins = e.inputs.map((x) => this.valueAt(x, idx, s));
      return roundTo(v.aval.dtype, l.expr(ins, info(e), idx));
    }
    if (l.kind === 'index') {
      const jv = this.fresh('j');
      s.code.push(`const ${jv} = ${l.map(idx, info(e))};`);
      return this.valueAt(e.inputs[0]!, jv, s);
    }
    throw new JaxpoolError('internal: computeOwn on a non-fusible equation');
  }

  private emitReduce(e: JaxprEqn, l: Extract<Lowering, { kind: 'reduce' }>, s: { code: string[]; memo: Map<string, string>; reads: Set<Var> }): SplittableReduce {
    const x = e.inputs[0]!;
    const y = e.outBinders[0]!;
    const inShape = x.aval.shape;
    const axes = l.axes(e.params as never);
    const inf = info(e);
    const redSize = sizeOf(axes.map((a) => inShape[a]!));
    const outSize = y.aval.size;
    const acc = this.fresh('acc');
    const i = this.fresh('i');
    const inner = (idxExpr: string, r: string): string[] => {
      s.memo.clear();
      s.code.length = 0;
      const val = this.valueAt(x, i, s);
      return [`const ${i} = ${idxExpr};`, ...s.code, l.step(acc, val, r, inf)];
    };
    const trailing = axes.every((a, k) => a === inShape.length - axes.length + k);
    let baseExpr: (o: string, r: string) => string;
    if (trailing) baseExpr = (o, r) => `${o} * ${redSize} + ${r}`;
    else {
      const strides = stridesOf(inShape);
      const kept = inShape.map((_, d) => d).filter((d) => !axes.includes(d));
      const outT = this.fresh('T');
      const redT = this.fresh('T');
      this.prelude.push(`const ${outT} = new Int32Array(${JSON.stringify(offsetTable(inShape, kept, strides))});`);
      this.prelude.push(`const ${redT} = new Int32Array(${JSON.stringify(offsetTable(inShape, axes, strides))});`);
      baseExpr = (o, r) => `${outT}[${o}] + ${redT}[${r}]`;
    }
    const o = this.fresh('o');
    const r = this.fresh('r');
    const body = inner(baseExpr(o, r), r);
    return {
      outSize,
      redSize,
      init: l.init(inf),
      step: (a, v, k) => l.step(a, v, k, inf),
      nest: (lo, hi, done) => [
        `for (let ${o} = 0; ${o} < ${outSize}; ${o}++) {`,
        `  let ${acc} = ${l.init(inf)};`,
        `  for (let ${r} = ${lo}; ${r} < ${hi}; ${r}++) {`,
        ...body.map((c) => '    ' + c),
        '  }',
        `  ${done(o, acc)}`,
        '}',
      ],
      store: (at, a) => this.store(y, at, roundTo(y.aval.dtype, l.finish ? l.finish(a, inf) : a)),
    };
  }

  private emitKernel(e: JaxprEqn, l: Extract<Lowering, { kind: 'kernel' }>, reads: Set<Var>, onRows: (r: NonNullable<Step['rows']>) => void): string {
    const self = this;
    const lits: string[] = [];
    const ctx: KernelContext = {
      input(k, idx) {
        const a = e.inputs[k]!;
        if (a instanceof Lit) return literal(a.val);
        reads.add(a);
        return self.read(a, idx);
      },
      output(k, idx) {
        return self.read(e.outBinders[k]!, idx);
      },
      store(k, idx, value) {
        const v = e.outBinders[k]!;
        return `${self.read(v, idx)} = ${roundTo(v.aval.dtype, value)};`;
      },
      fresh: (p) => self.fresh(p),
      inputOffset(k) {
        const a = e.inputs[k]!;
        if (a instanceof Lit) {
          // Callbacks need a buffer even for a literal: give it a one-element scratch slot.
          const v = new Var(a.aval);
          self.materialized.add(v);
          reads.add(v);
          lits.push(self.store(v, '0', literal(a.val)));
          return self.offsetExpr(v);
        }
        reads.add(a);
        return self.offsetExpr(a);
      },
      outputOffset(k) {
        return self.offsetExpr(e.outBinders[k]!);
      },
      refresh: 'f32 = rt.f32; f64 = rt.f64; i32 = rt.i32; u8 = rt.u8;',
      prelude(s) {
        self.prelude.push(s);
      },
      scratch(bytes) {
        const v = new Var(new ShapedArray([Math.max(bytes, 1)], uint8));
        self.kernelScratch.add(v);
        self.materialized.add(v);
        reads.add(v);
        return self.offsetExpr(v);
      },
      subprogram(jaxpr) {
        const p = compileJaxpr(jaxpr, { body: true });
        const name = self.fresh('sub');
        self.prelude.push(`const ${name} = (function () {\n${p.prelude.join('\n')}\nreturn function run(args) {\n${p.body}\n};\n})();`);
        return { name, scratchBytes: p.scratchBytes, outputs: p.outputs, numOutputs: p.numOutputs, splitSize: p.splitSize };
      },
      splitRows(n, work) {
        const r = { n, work, lo: self.fresh('lo'), hi: self.fresh('hi') };
        onRows(r);
        return { lo: r.lo, hi: r.hi };
      },
    };
    const code = l.emit(ctx, info(e));
    return [...lits, code].join('\n');
  }

  private offsetExpr(v: Var): string {
    return `o${v.id}`;
  }

  // --- memory plan and final assembly ---
  private assemble(steps: Step[], numOutputs: number): CompiledProgram {
    const nIn = this.jaxpr.inBinders.length;
    const lastUse = new Map<Var, number>();
    steps.forEach((s, k) => s.reads.forEach((v) => lastUse.set(v, k)));
    // Scratch vars: materialised, neither input nor output. Linear scan with a free list.
    const scratchOffset = new Map<Var, number>();
    const free: { off: number; size: number }[] = [];
    let top = 0;
    const allVars = new Set<Var>([...this.materialized]);
    steps.forEach((s) => s.reads.forEach((v) => allVars.add(v)));
    const order = [...allVars].filter((v) => !this.inputIndex.has(v) && !this.outputIndex.has(v));
    // A scratch var lives from the first step that names it (the one writing it) to its last read.
    const defStep = new Map<Var, number>();
    steps.forEach((s, k) => {
      const text = s.code.join('\n');
      for (const v of order) if (!defStep.has(v) && new RegExp(`\\b[bo]${v.id}\\b`).test(text)) defStep.set(v, k);
    });
    const byStep = new Map<number, Var[]>();
    for (const v of order) {
      const d = defStep.get(v) ?? 0;
      (byStep.get(d) ?? byStep.set(d, []).get(d)!).push(v);
    }
    for (let k = 0; k < steps.length; k++) {
      for (const v of byStep.get(k) ?? []) {
        const size = Math.max(8, Math.ceil((v.aval.size * v.aval.dtype.itemsize) / 8) * 8);
        const slot = free.findIndex((f) => f.size >= size);
        if (slot >= 0) {
          const f = free.splice(slot, 1)[0]!;
          scratchOffset.set(v, f.off);
          if (f.size > size) free.push({ off: f.off + size, size: f.size - size });
        } else {
          scratchOffset.set(v, top);
          top += size;
        }
      }
      for (const [v, last] of lastUse)
        if (last === k && scratchOffset.has(v)) {
          const size = Math.max(8, Math.ceil((v.aval.size * v.aval.dtype.itemsize) / 8) * 8);
          free.push({ off: scratchOffset.get(v)!, size });
        }
    }
    // A program of elementwise loops of one length that read only its inputs can run as ranges on
    // several devices at once (intra-op parallelism); the range arrives as args [LO, HI).
    const readsInputs = (s: Step) => [...s.reads].every((v) => this.inputIndex.has(v));
    const n0 = steps[0]?.splitSize;
    const elementwiseSize = n0 !== undefined && steps.every((s) => s.splitSize === n0 && readsInputs(s)) ? n0 : undefined;
    // So can a large reduction of the inputs that comes first, by its reduced range (splitReduce.ts).
    const red = steps[0]?.reduce;
    let splitReduce: CompiledProgram['splitReduce'];
    if (red && readsInputs(steps[0]!) && worthSplitting(red)) {
      const split = splitReduceStep(red, top, (p) => this.fresh(p));
      steps[0]!.code = split.code;
      splitReduce = { counter: top, partBytes: split.partBytes };
      top = split.end;
    }
    // And a kernel that computes row ranges, when it is the only step.
    const rows = steps.length === 1 && [...steps[0]!.reads].every((v) => this.inputIndex.has(v) || this.kernelScratch.has(v)) ? steps[0]!.rows : undefined;
    for (const st of steps)
      if (st.rows) st.code.unshift(st.rows === rows ? `const ${st.rows.lo} = LO, ${st.rows.hi} = HI;` : `const ${st.rows.lo} = 0, ${st.rows.hi} = ${st.rows.n};`);
    const splitSize = splitReduce ? red!.redSize : (elementwiseSize ?? rows?.n);
    const decl: string[] = [
      'let f32 = rt.f32, f64 = rt.f64, i32 = rt.i32, u8 = rt.u8;',
      `const S = args[${nIn + numOutputs}];`,
      splitSize !== undefined ? `const LO = args[${nIn + numOutputs + 1}], HI = args[${nIn + numOutputs + 2}];` : '',
      splitReduce ? `const PART = args[${nIn + numOutputs + 3}], NPARTS = args[${nIn + numOutputs + 4}];` : '',
    ];
    for (const st of steps) if (st.splitSize !== undefined && elementwiseSize === undefined) st.code[0] = st.code[0]!.replace('let i = LO; i < HI;', `let i = 0; i < ${st.splitSize};`);
    const offsetOf = (v: Var): string => {
      const i = this.inputIndex.get(v);
      if (i !== undefined) return `args[${i}]`;
      const o = this.outputIndex.get(v);
      if (o !== undefined) return `args[${nIn + o}]`;
      return `(S + ${scratchOffset.get(v) ?? 0})`;
    };
    const body = steps.flatMap((s) => s.code).join('\n');
    const used = new Set<number>();
    for (const m of body.matchAll(/\b[bo](\d+)\b/g)) used.add(Number(m[1]));
    const vars = new Map<number, Var>();
    for (const v of [...this.jaxpr.inBinders, ...allVars, ...this.outputIndex.keys()]) vars.set(v.id, v);
    for (const id of [...used].sort((a, b) => a - b)) {
      const v = vars.get(id);
      if (!v) continue;
      if (new RegExp(`\\bo${id}\\b`).test(body)) decl.push(`const o${id} = ${offsetOf(v)};`);
      if (new RegExp(`\\bb${id}\\b`).test(body)) decl.push(`const b${id} = ${offsetOf(v)} >>> ${SHIFT[v.aval.dtype.name]};`);
    }
    const outputs: OutputSpec[] = this.jaxpr.outs.map((o) => {
      if (o instanceof Lit) return { kind: 'literal', value: o.val };
      const i = this.inputIndex.get(o);
      if (i !== undefined) return { kind: 'input', index: i };
      return { kind: 'buffer', index: this.outputIndex.get(o)! };
    });
    return { prelude: this.prelude, body: [...decl, body].join('\n'), numInputs: nIn, numOutputs, scratchBytes: top, outputs, splitSize, splitWork: rows?.work, splitReduce };
  }
}
