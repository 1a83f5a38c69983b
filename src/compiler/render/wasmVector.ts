// Vectorised innermost loops for the WebAssembly backend: a loop whose body is float32 lets,
// stores at consecutive indices and reductions (sum, max, min) into float64 accumulators runs four
// elements per step in f32x4 lanes, then the remaining elements one at a time as before. Index
// lets are kept as scalars (lane 0's); every load or store a varying index reaches must be
// consecutive in the loop index (x[base + i]), and loop-invariant operands are splatted. Lane ops
// are IEEE's (the same bits as the scalar code) except exp, log (≤ 1 ulp) and tanh (≤ 2 ulp)
// (simd.ts, simdMath.ts; only where the program allows them) and the order of a sum's additions
// (lanes accumulate apart, then combine: reassociation, as a split reduction). Anything else
// leaves the loop scalar.
import { float32, float64 } from '../../core/dtypes.js';
import type { Buf, Exp, Sym } from '../../ir/exp.js';
import type { Stmt } from '../../ir/kernel.js';
import { visit } from '../../ir/walk.js';
import { F64, floatConst, get, I32, i32c, op, set, uleb, type ValType, V128 } from '../wasm/encode.js';
import { expF32x4, type LaneScratch, V } from '../wasm/simd.js';
import { logF32x4, tanhF32x4 } from '../wasm/simdMath.js';

type Loop = Extract<Stmt, { kind: 'loop' }>;

/** What the vectoriser needs from the scalar renderer. */
export interface VectorHost {
  /** Scalar instructions for `e`. */
  exp(e: Exp): number[];
  local(t: ValType): number;
  free(local: number): void;
  /** The local holding a symbol's scalar value. */
  symLocal(s: Sym): number;
  /** Address instructions and constant offset of `b[index]`. */
  address(b: Buf, index: Exp): [number[], number];
  /** A new mutable v128 global initialised by the v128.const `init`; its index. */
  global(init: number[]): number;
  /** The scalar loop `s` (not vectorised again). */
  scalarLoop(s: Loop): number[];
}

class NoVector extends Error {}

/** Ops whose f32x4 lane results equal the scalar float32 ones. */
const LANE: Partial<Record<string, number[]>> = {
  add: V.f32x4Add,
  sub: V.f32x4Sub,
  mul: V.f32x4Mul,
  div: V.f32x4Div,
  neg: V.f32x4Neg,
  abs: V.f32x4Abs,
  sqrt: V.f32x4Sqrt,
};

/** Transcendental functions in lanes (≤ 1–2 ulp), where the program allows them. */
const LANE_FUNCTIONS = { exp: expF32x4, log: logF32x4, tanh: tanhF32x4 };

type Reduction = { acc: Sym; kind: 'sum' | 'max' | 'min'; value: Exp; lanes: number[] };

/** The loop four lanes at a time and then its scalar remainder, or null when it cannot be vectorised. `transcendental`: allow exp, log and tanh. */
export function vectorLoop(s: Loop, host: VectorHost, transcendental: boolean): number[] | null {
  if (s.step !== 1 || !s.body.every((x) => x.kind === 'let' || x.kind === 'store' || x.kind === 'assign')) return null;
  const locals: number[] = [];
  try {
    return new Vectoriser(s, host, transcendental, locals).render();
  } catch (e) {
    if (e instanceof NoVector) return null;
    throw e;
  } finally {
    for (const l of locals) host.free(l);
  }
}

/**
 * Steps per iteration of the first loop (a second one runs the last few steps of four lanes):
 * eight measured 1.15x faster than one on softmax's row loops (1.6 -> 1.4 ms per 1e6; four 1.5,
 * sixteen no better) — the f64 accumulators' chains and the loop's own instructions (bounds,
 * V8's interrupt check) are spread over more work.
 */
const UNROLL = 8;

/** A loop running `step` (four lanes from i, then i += 4) `times` times per iteration while they fit below hi. */
function lanesLoop(i: number, hi: number, times: number, step: number[]): number[] {
  const out = [op.block, 0x40, op.loop, 0x40, ...get(i), ...i32c(4 * times), op.i32Add, ...get(hi), op.i32GtS, op.brIf, 1];
  for (let k = 0; k < times; k++) out.push(...step);
  out.push(op.br, 0, op.end, op.end);
  return out;
}

class Vectoriser {
  private varying = new Set<Sym>();
  /** Varying integer lets that are consecutive in the loop index (their lane 0 value is kept). */
  private consecutive = new Set<Sym>();
  private vec = new Map<Sym, number>();
  private reductions: Reduction[] = [];
  /** v128 constants, each in a local set once before the loop. */
  private consts = new Map<string, number>();
  private preamble: number[] = [];

  constructor(
    private s: Loop,
    private host: VectorHost,
    private transcendental: boolean,
    private locals: number[],
  ) {}

  private local(t: ValType): number {
    const l = this.host.local(t);
    this.locals.push(l);
    return l;
  }

  /**
   * Instructions reading the v128 constant `code` builds. V8 rematerialises a v128.const at each
   * use inside the loop (several instructions each, even from a local), so the value comes from a
   * mutable global, read once before the loop: opaque to the compiler, it stays in a register.
   */
  private konst(code: number[]): number[] {
    const key = code.join(',');
    let l = this.consts.get(key);
    if (l === undefined) {
      this.consts.set(key, (l = this.local(V128)));
      this.preamble.push(op.globalGet, ...uleb(this.host.global(code)), ...set(l));
    }
    return get(l);
  }

  private varies(e: Exp): boolean {
    let v = false;
    visit([{ kind: 'let', sym: this.s.sym, value: e }], undefined, (x) => {
      if (x.op === 'sym' && this.varying.has(x.arg as Sym)) v = true;
    });
    return v;
  }

  /** Whether integer `e` is lane 0's index of four consecutive ones: i, a consecutive let, or one plus an invariant. */
  private isConsecutive(e: Exp): boolean {
    if (e.op === 'sym') return e.arg === this.s.sym || this.consecutive.has(e.arg as Sym);
    if (e.op !== 'add' || e.wraps) return false;
    const [a, b] = e.src as [Exp, Exp];
    return (this.isConsecutive(a) && !this.varies(b)) || (this.isConsecutive(b) && !this.varies(a));
  }

  render(): number[] {
    const { s, host } = this;
    this.varying.add(s.sym);
    const assigned = new Set<Sym>();
    for (const x of s.body) {
      if (x.kind === 'let' && this.varies(x.value)) {
        this.varying.add(x.sym);
        if (x.sym.dtype.kind !== 'f') {
          if (!this.isConsecutive(x.value)) throw new NoVector();
          this.consecutive.add(x.sym);
        } else if (x.sym.dtype !== float32) throw new NoVector();
      } else if (x.kind === 'assign') {
        if (assigned.has(x.sym)) throw new NoVector();
        assigned.add(x.sym);
        this.reductions.push(this.reduction(x.sym, x.value));
      } else if (x.kind === 'store' && (x.buf.dtype !== float32 || !this.isConsecutive(x.index))) throw new NoVector();
    }
    // An accumulator is read only by its own update; a stored buffer is loaded only at the index it is stored at.
    const stored = new Map<Buf, string>();
    for (const x of s.body) if (x.kind === 'store') stored.set(x.buf, x.index.key);
    for (const x of s.body) {
      const own = x.kind === 'assign' ? x.sym : undefined;
      visit([x], undefined, (e) => {
        if (e.op === 'sym' && assigned.has(e.arg as Sym) && e.arg !== own) throw new NoVector();
        if (e.op === 'load' && stored.has(e.arg as Buf) && stored.get(e.arg as Buf) !== e.src[0]!.key) throw new NoVector();
      });
    }
    const i = host.symLocal(s.sym);
    const hi = this.local(I32);
    const body: number[] = [];
    for (const x of s.body) body.push(...this.stmt(x));
    for (const r of this.reductions) {
      r.lanes = [this.local(V128), this.local(V128)];
    }
    const init = this.reductions.flatMap((r) => {
      const [a, b] = r.lanes as [number, number];
      if (r.kind === 'sum') return [...V.f64x2Const(0), ...set(a), ...V.f64x2Const(0), ...set(b)];
      return [...V.f32x4Const(r.kind === 'max' ? -Infinity : Infinity), ...set(a), ...V.i32x4Const(0), ...set(b)];
    });
    const updates = this.reductions.flatMap((r) => this.update(r));
    const step = [...body, ...updates, ...get(i), ...i32c(4), op.i32Add, ...set(i)];
    const finish = this.reductions.flatMap((r) => this.finish(r));
    return [
      ...host.exp(s.lo), ...set(i),
      ...host.exp(s.hi), ...set(hi),
      ...this.preamble,
      ...init,
      ...lanesLoop(i, hi, UNROLL, step),
      ...lanesLoop(i, hi, 1, step),
      ...finish,
      ...host.scalarLoop({ ...s, lo: s.sym.ref }),
    ];
  }

  /** The accumulator update `acc = combine(acc, cast(v))` as a lane reduction of v. */
  private reduction(acc: Sym, value: Exp): Reduction {
    if (acc.kind !== 'local' || acc.dtype !== float64) throw new NoVector();
    const isAcc = (e: Exp) => e.op === 'sym' && e.arg === acc;
    const lane = (e: Exp): Exp => {
      if (e.op !== 'cast' || e.src[0]!.dtype !== float32 || !this.varies(e)) throw new NoVector();
      return e.src[0]!;
    };
    if (value.op === 'add') {
      const [a, b] = value.src as [Exp, Exp];
      if (isAcc(a)) return { acc, kind: 'sum', value: lane(b), lanes: [] };
      if (isAcc(b)) return { acc, kind: 'sum', value: lane(a), lanes: [] };
    }
    // where(or(x > acc, x != x), x, acc) (max) or with x < acc (min): reductions.ts's extremum.
    if (value.op === 'where' && isAcc(value.src[2]!)) {
      const [cond, x] = value.src as [Exp, Exp];
      const [better, nan] = cond.src as [Exp, Exp];
      if (cond.op === 'or' && (better.op === 'gt' || better.op === 'lt') && better.src[0]!.key === x.key && isAcc(better.src[1]!) && nan.op === 'ne' && nan.src[0]!.key === x.key && nan.src[1]!.key === x.key)
        return { acc, kind: better.op === 'gt' ? 'max' : 'min', value: lane(x), lanes: [] };
    }
    throw new NoVector();
  }

  private update(r: Reduction): number[] {
    const v = this.vexp(r.value);
    if (r.kind !== 'sum') {
      // acc < v ? v : acc lane by lane (pmax; pmin: v < acc), as the scalar code: one instruction on
      // the loop-carried chain where f32x4.max takes eight. NaNs are tracked apart and win at the end.
      const [acc, nan] = r.lanes as [number, number];
      const t = this.local(V128);
      return [
        ...v, ...set(t),
        ...get(acc), ...get(t), ...(r.kind === 'max' ? V.f32x4Pmax : V.f32x4Pmin), ...set(acc),
        ...get(nan), ...get(t), ...get(t), ...V.f32x4Ne, ...V.or, ...set(nan),
      ];
    }
    const t = this.local(V128);
    const [lo, hi] = r.lanes as [number, number];
    return [
      ...v, ...set(t),
      ...get(lo), ...get(t), ...V.f64x2PromoteLow, ...V.f64x2Add, ...set(lo),
      ...get(hi), ...get(t), ...get(t), ...V.high, ...V.f64x2PromoteLow, ...V.f64x2Add, ...set(hi),
    ];
  }

  /** Fold the lanes into the scalar accumulator, with the scalar combine (NaN wins for max/min). */
  private finish(r: Reduction): number[] {
    const acc = this.host.symLocal(r.acc);
    if (r.kind === 'sum') {
      const [lo, hi] = r.lanes as [number, number];
      return [...get(lo), ...get(hi), ...V.f64x2Add, ...set(lo), ...get(acc), ...get(lo), ...V.f64x2Extract(0), ...get(lo), ...V.f64x2Extract(1), op.f64Add, op.f64Add, ...set(acc)];
    }
    const m = this.local(F64);
    const [l, nan] = r.lanes as [number, number];
    const pick = r.kind === 'max' ? 0x64 : 0x63; // f64.gt / f64.lt
    const lane = (k: number) => [...get(l), ...V.f32x4Extract(k)];
    const fold = r.kind === 'max' ? 0x97 : 0x96; // f32.max / f32.min: NaN if either is
    return [
      ...floatConst(F64, NaN), ...lane(0), ...lane(1), fold, ...lane(2), ...lane(3), fold, fold, op.f64PromoteF32, ...get(nan), ...V.anyTrue, op.select, ...set(m),
      ...get(m), ...get(acc), ...get(m), ...get(acc), pick, ...get(m), ...get(m), 0x62 /* f64.ne */, op.i32Or, op.select, ...set(acc),
    ];
  }

  private stmt(x: Stmt): number[] {
    switch (x.kind) {
      case 'let': {
        if (x.sym.dtype.kind === 'f' && this.varying.has(x.sym)) {
          const l = this.local(V128);
          this.vec.set(x.sym, l);
          return [...this.vexp(x.value), ...set(l)];
        }
        return [...this.host.exp(x.value), ...set(this.host.symLocal(x.sym))];
      }
      case 'store': {
        const [addr, at] = this.host.address(x.buf, x.index);
        return [...addr, ...this.vexp(x.value), ...V.store(at)];
      }
      default:
        return []; // reductions update after the body
    }
  }

  /** f32x4 instructions for float32 `e`. */
  private vexp(e: Exp): number[] {
    if (e.dtype !== float32) throw new NoVector();
    if (!this.varies(e)) return [...this.host.exp(e), ...V.f32x4Splat];
    switch (e.op) {
      case 'sym': {
        const l = this.vec.get(e.arg as Sym);
        if (l === undefined) throw new NoVector();
        return get(l);
      }
      case 'load': {
        if (!this.isConsecutive(e.src[0]!)) throw new NoVector();
        const [addr, at] = this.host.address(e.arg as Buf, e.src[0]!);
        return [...addr, ...V.load(at)];
      }
      case 'max':
      case 'min': {
        // JS's fmax/fmin: NaN if either is, else a > b ? a : b (signed zeros as the scalar code).
        const [a, b] = [this.local(V128), this.local(V128)];
        return [
          ...this.vexp(e.src[0]!), ...set(a), ...this.vexp(e.src[1]!), ...set(b),
          ...this.konst(V.f32x4Const(NaN)),
          ...get(a), ...get(b), ...get(a), ...get(b), ...(e.op === 'max' ? V.f32x4Gt : V.f32x4Lt), ...V.bitselect,
          ...get(a), ...get(a), ...V.f32x4Ne, ...get(b), ...get(b), ...V.f32x4Ne, ...V.or,
          ...V.bitselect,
        ];
      }
      case 'exp':
      case 'log':
      case 'tanh': {
        if (!this.transcendental) throw new NoVector();
        // Scratch locals stay taken until the loop is rendered (vectorLoop frees them).
        const scratch: LaneScratch = { local: (t) => this.local(t), free: () => {}, konst: (c) => this.konst(c) };
        return [...this.vexp(e.src[0]!), ...LANE_FUNCTIONS[e.op](scratch)];
      }
      default: {
        const code = LANE[e.op];
        if (!code) throw new NoVector();
        return [...e.src.flatMap((x) => this.vexp(x)), ...code];
      }
    }
  }
}
