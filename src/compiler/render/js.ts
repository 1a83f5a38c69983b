// The JavaScript backend: kernel IR → the body of a worker program (program.ts's ABI). Values are
// JS numbers; each op's code comes from a table per dtype family, and results are rounded to their
// dtype (Math.fround for float32 except exact ops, int32 wrapping only where the value range says
// it can overflow), as eager execution rounds every op.
import { type DType, float16, float32, float64, int32, intBounds, uint32, uint8 as uint8Dtype } from '../../core/dtypes.js';
import { FLOAT16_SOURCE, float16Bits } from '../../core/float16.js';
import type { AluOp, Buf, Exp, Sym } from '../../ir/exp.js';
import { type Stmt } from '../../ir/kernel.js';
import { growsHeap, ownFunction } from './functions.js';
import { instantiateRun } from '../wasm/encode.js';

/** The heap view each dtype is read through (float16 as its bits). */
export const VIEW: Record<DType['name'], string> = { float16: 'u16', float32: 'f32', float64: 'f64', int8: 'i8', int16: 'i16', int32: 'i32', uint8: 'u8', uint16: 'u16', uint32: 'u32', bool: 'u8', complex64: 'f32', complex128: 'f64' };
/** log2 of each dtype's size: byte offset → element index. */
export const SHIFT: Record<DType['name'], number> = { float16: 1, float32: 2, float64: 3, int8: 0, int16: 1, int32: 2, uint8: 0, uint16: 1, uint32: 2, bool: 0, complex64: 3, complex128: 4 };
const VIEWS = ['f32', 'f64', 'i8', 'i16', 'i32', 'u8', 'u16', 'u32'];
/** The heap views as a declaration list (`f32 = rt.f32, …`), for a program's `let`. */
export const VIEW_DECLS = VIEWS.map((v) => `${v} = rt.${v}`).join(', ');
/** The statement re-reading heap views after anything that may grow the heap. */
export const REFRESH = `${VIEWS.map((v) => `${v} = rt.${v}`).join('; ')};`;
/** Names generated code must not declare: heap views, launch parameters, helpers. */
const RESERVED = new Set([...VIEWS, 'rt', 'args', 'run', 'S', 'LO', 'HI', 'PART', 'NPARTS']);

/** A JS literal for a number (NaN, ±Infinity, -0 included). */
export function literal(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${v})` : String(v);
}

type Code = (a: readonly string[], e: Exp) => string;
const call = (f: string): Code => (a) => `${f}(${a.join(', ')})`;
const infix = (o: string): Code => ([x, y]) => `(${x} ${o} ${y})`;
const isLeaf = (e: Exp) => e.op === 'const' || e.op === 'sym';
const pick = (o: string, f: string): Code => ([x, y], e) => (e.src.every(isLeaf) ? `(${x} ${o} ${y} ? ${x} : ${y})` : `${f}(${x}, ${y})`);
/** Integer arithmetic that needs wrapping (`wrap`) only when its value range leaves the dtype. */
const wrapping = (o: string, wrap: string): Code => ([x, y], e) => (e.wraps ? `((${x} ${o} ${y})${wrap})` : `(${x} ${o} ${y})`);
const constDivisor = (e: Exp) => e.src[1]!.value !== undefined && e.src[1]!.value !== 0;
const nonNegative = (e: Exp) => e.range[0] >= 0;

// Float ops compute in f64; float32 results are then rounded, except by the ops in EXACT.
const FLOAT: Partial<Record<AluOp, Code>> = {
  neg: ([x]) => `(-${x})`,
  sin: call('Math.sin'),
  cos: call('Math.cos'),
  tan: call('Math.tan'),
  tanh: call('Math.tanh'),
  exp: call('Math.exp'),
  log: call('Math.log'),
  log1p: call('Math.log1p'),
  expm1: call('Math.expm1'),
  sqrt: call('Math.sqrt'),
  abs: call('Math.abs'),
  sign: call('Math.sign'),
  floor: call('Math.floor'),
  ceil: call('Math.ceil'),
  round: call('roundHalfEven'),
  add: infix('+'),
  sub: infix('-'),
  mul: infix('*'),
  div: infix('/'),
  pow: call('powC'),
  max: call('fmax'),
  min: call('fmin'),
  rem: infix('%'),
  asin: call('Math.asin'),
  acos: call('Math.acos'),
  atan: call('Math.atan'),
  sinh: call('Math.sinh'),
  cosh: call('Math.cosh'),
  asinh: call('Math.asinh'),
  acosh: call('Math.acosh'),
  atanh: call('Math.atanh'),
  cbrt: call('Math.cbrt'),
  atan2: call('Math.atan2'),
  nextafter: (a, e) => call(e.dtype.name === 'float32' ? 'nextafter32' : 'nextafter64')(a, e),
};
const EXACT: ReadonlySet<AluOp> = new Set<AluOp>(['neg', 'abs', 'sign', 'floor', 'ceil', 'round', 'max', 'min', 'nextafter']);

const INT32: Partial<Record<AluOp, Code>> = {
  neg: ([x]) => `(-${x} | 0)`,
  abs: ([x], e) => (e.wraps ? `(Math.abs(${x}) | 0)` : `Math.abs(${x})`),
  sign: call('Math.sign'),
  not: ([x]) => `(~${x})`,
  add: wrapping('+', ' | 0'),
  sub: wrapping('-', ' | 0'),
  // A product of non-negative operands in range is a plain product (no -0 to normalise).
  mul: ([x, y], e) => (!e.wraps && e.src.every(nonNegative) ? `(${x} * ${y})` : `Math.imul(${x}, ${y})`),
  div: ([x, y], e) => (constDivisor(e) ? `((${x} / ${y}) | 0)` : `idiv(${x}, ${y})`),
  rem: ([x, y], e) => (constDivisor(e) ? (nonNegative(e.src[0]!) ? `(${x} % ${y})` : `((${x} % ${y}) | 0)`) : `irem(${x}, ${y})`),
  max: pick('>', 'Math.max'),
  min: pick('<', 'Math.min'),
  and: infix('&'),
  or: infix('|'),
  xor: infix('^'),
  shl: call('shl32'),
  shr: call('sar32'),
  shrl: call('shr32'),
  popcnt: call('popcnt32'),
  clz: call('Math.clz32'),
};
const UINT8: Partial<Record<AluOp, Code>> = {
  ...INT32,
  neg: ([x]) => `(-${x} & 255)`,
  abs: ([x]) => x,
  sign: ([x]) => `(${x} > 0 ? 1 : 0)`,
  not: ([x]) => `(~${x} & 255)`,
  add: wrapping('+', ' & 255'),
  sub: wrapping('-', ' & 255'),
  mul: wrapping('*', ' & 255'),
  div: ([x, y], e) => (constDivisor(e) ? `Math.floor(${x} / ${y})` : `udiv(${x}, ${y}, 255)`),
  rem: ([x, y], e) => (constDivisor(e) ? `(${x} % ${y})` : `urem(${x}, ${y})`),
  shl: call('shl8'),
  shr: call('sar8'),
  shrl: call('shr8'),
  clz: ([x]) => `(Math.clz32(${x}) - 24)`,
};
/** Code wrapping an integer in JS's int32 domain (or exact) to dtype `d`'s values. */
export function wrapCode(d: DType, x: string): string {
  switch (d.name) {
    case 'int8':
      return `(${x} << 24 >> 24)`;
    case 'int16':
      return `(${x} << 16 >> 16)`;
    case 'uint8':
      return `(${x} & 255)`;
    case 'uint16':
      return `(${x} & 65535)`;
    case 'uint32':
      return `(${x} >>> 0)`;
    default:
      return `(${x} | 0)`;
  }
}
// The other integer dtypes (int8, int16, uint16, uint32; uint8 too) compute exactly in doubles
// (uint32 products through Math.imul) and are wrapped to their dtype by the renderer: arithmetic
// where the value range says it can leave the dtype, ops of JS's int32 domain (bitwise) always.
const SMALL_INT: Partial<Record<AluOp, Code>> = {
  ...INT32,
  neg: ([x]) => `(-${x})`,
  abs: ([x], e) => (e.dtype.kind === 'u' ? x : `Math.abs(${x})`),
  sign: ([x], e) => (e.dtype.kind === 'u' ? `(${x} > 0 ? 1 : 0)` : `Math.sign(${x})`),
  add: infix('+'),
  sub: infix('-'),
  mul: ([x, y], e) => (e.dtype === uint32 && e.wraps ? `Math.imul(${x}, ${y})` : `(${x} * ${y})`),
  div: ([x, y], e) =>
    e.dtype.kind === 'u' ? (constDivisor(e) ? `Math.floor(${x} / ${y})` : `udiv(${x}, ${y}, ${intBounds(e.dtype)[1]})`) : constDivisor(e) ? `((${x} / ${y}) | 0)` : `idiv(${x}, ${y})`,
  rem: ([x, y], e) => (e.dtype.kind === 'u' ? (constDivisor(e) ? `(${x} % ${y})` : `urem(${x}, ${y})`) : constDivisor(e) ? `((${x} % ${y}) | 0)` : `irem(${x}, ${y})`),
};
/** Ops whose SMALL_INT code gives a value of the dtype whenever the operands are (no wrap needed unless the range says so). */
const EXACT_INT: ReadonlySet<AluOp> = new Set<AluOp>(['neg', 'abs', 'sign', 'add', 'sub', 'mul', 'div', 'rem', 'max', 'min']);
const BOOL: Partial<Record<AluOp, Code>> = {
  not: ([x]) => `(${x} ? 0 : 1)`,
  add: infix('|'),
  mul: infix('&'),
  max: infix('|'),
  min: infix('&'),
  and: infix('&'),
  or: infix('|'),
  xor: infix('^'),
};
const COMPARE: Partial<Record<AluOp, string>> = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' };
const TABLES: Record<DType['kind'], Partial<Record<AluOp, Code>>> = { f: FLOAT, i: INT32, u: UINT8, b: BOOL, c: {} };
/** Integer helpers kernels of the other integer dtypes call (lax: x / 0 is all ones, x % 0 is x). */
const UINT_HELPERS = `function udiv(a, b, m) { return b === 0 ? m : Math.floor(a / b); }
function urem(a, b) { return b === 0 ? a : a % b; }
function sat(x, lo, hi) { return x >= hi ? hi : x > lo ? Math.trunc(x) + 0 : x <= lo ? lo : 0; }`;

/** A rendered program: statements for its prelude (run once per device) and the run body's lines. */
export interface JsCode {
  prelude: string[];
  /** Declarations of the buffers the body uses (their offsets and element bases). */
  decls: string[];
  body: string[];
}

/** Render kernel statements; `location(buf)` is a JS expression of a heap buffer's byte offset. */
export function renderJs(stmts: readonly Stmt[], location: (b: Buf) => string, params: ReadonlyMap<Sym, string>): JsCode {
  const program: ProgramState = { prelude: [], helpers: new Set(), tables: new Map(), shared: new Map(), count: 0 };
  return new JsRenderer(program, { location }, params).render(stmts);
}

/** What a program's run and its kernel functions share: the prelude and the names declared in it. */
interface ProgramState {
  prelude: string[];
  helpers: Set<string>;
  tables: Map<Buf, string>;
  /** Prelude names by the source they are bound to: identical kernels, modules and sub-programs are declared once. */
  shared: Map<string, string>;
  count: number;
}

/** A kernel function's parameter: its name inside, and the caller's expression passed for it. */
interface Param {
  name: string;
  arg: string;
}

/**
 * Renders `run`'s body (`{ location }`: buffers are placed by the compiler) or a kernel function's
 * (`{ outer }`: buffers and symbols from outside become parameters, passed by the outer renderer).
 */
class JsRenderer {
  private names = new Map<Sym, string>();
  private bases = new Map<Buf, string>();
  private offsets = new Map<Buf, string>();
  private decls: string[] = [];
  readonly params: Param[] = [];
  private counter = 0;

  constructor(
    private program: ProgramState,
    private from: { location: (b: Buf) => string } | { outer: JsRenderer },
    params: ReadonlyMap<Sym, string> = new Map(),
  ) {
    for (const [s, n] of params) this.names.set(s, n);
  }

  render(stmts: readonly Stmt[]): JsCode {
    const body: string[] = [];
    this.block(stmts, body, '');
    return { prelude: this.program.prelude, decls: this.decls, body };
  }

  /**
   * `s` as a function of its own (see functions.ts), called here; the same source is declared
   * once (a program's identical kernels share it).
   */
  private kernel(s: Stmt, out: string[], pad: string): void {
    const k = new JsRenderer(this.program, { outer: this });
    const body: string[] = [];
    k.stmt(s, body, '  ');
    const source = `(${k.params.map((p) => p.name).join(', ')}) {\n  let ${VIEW_DECLS};\n${body.join('\n')}\n}`;
    const name = this.preludeName('k', source, (n) => `function ${n}${source}`);
    out.push(`${pad}${name}(${k.params.map((p) => p.arg).join(', ')});`);
    // It may have grown the heap (host callbacks, sub-programs): the caller's views are re-read.
    if (growsHeap(s)) out.push(`${pad}${REFRESH}`);
  }

  /** The prelude name bound to `source` (declared by `declare(name)` the first time). */
  private preludeName(hint: string, source: string, declare: (name: string) => string): string {
    let n = this.program.shared.get(source);
    if (n === undefined) {
      this.program.shared.set(source, (n = `$${hint}${this.program.count++}`));
      this.program.prelude.push(declare(n));
    }
    return n;
  }

  private fresh(hint: string): string {
    let n: string;
    do n = `${hint}${this.counter++}`;
    while (RESERVED.has(n));
    return n;
  }
  /** A name for a value from outside a kernel function: a new parameter. */
  private param(outer: string): string {
    const name = this.fresh('a');
    this.params.push({ name, arg: outer });
    return name;
  }
  /** The name a let, local or loop index is declared by. */
  private declare(s: Sym): string {
    let n = this.names.get(s);
    if (n === undefined) this.names.set(s, (n = this.fresh(s.hint)));
    return n;
  }
  private name(s: Sym): string {
    let n = this.names.get(s);
    if (n === undefined) this.names.set(s, (n = 'outer' in this.from ? this.param(this.from.outer.name(s)) : this.fresh(s.hint)));
    return n;
  }
  /** The element index of `b`'s first element in its heap view (declared once). */
  private base(b: Buf): string {
    let n = this.bases.get(b);
    if (n === undefined) {
      if ('outer' in this.from) n = this.param(this.from.outer.base(b));
      else this.decls.push(`const ${(n = this.fresh('B'))} = ${this.from.location(b)} >>> ${SHIFT[b.dtype.name]};`);
      this.bases.set(b, n);
    }
    return n;
  }
  private offset(b: Buf): string {
    let n = this.offsets.get(b);
    if (n === undefined) {
      if ('outer' in this.from) n = this.param(this.from.outer.offset(b));
      else this.decls.push(`const ${(n = this.fresh('O'))} = ${this.from.location(b)};`);
      this.offsets.set(b, n);
    }
    return n;
  }
  private element(b: Buf, index: Exp): string {
    if (b.data) {
      let t = this.program.tables.get(b);
      if (t === undefined) this.program.tables.set(b, (t = this.preludeName('T', `new Int32Array([${b.data.join(',')}])`, (n) => `const ${n} = new Int32Array([${b.data!.join(',')}]);`)));
      return `${t}[${this.exp(index)}]`;
    }
    const base = this.base(b);
    return `${VIEW[b.dtype.name]}[${index.value === 0 ? base : `${base} + ${this.exp(index)}`}]`;
  }

  /** An expression string for `e`, safe as an operand anywhere. */
  exp(e: Exp): string {
    switch (e.op) {
      case 'const':
        return literal(e.arg as number);
      case 'sym':
        return this.name(e.arg as Sym);
      case 'load':
        if (e.dtype === float16) {
          this.needHelpers(FLOAT16_SOURCE);
          return `f16dec(${this.element(e.arg as Buf, e.src[0]!)})`;
        }
        return this.element(e.arg as Buf, e.src[0]!);
      case 'offset':
        return this.offset(e.arg as Buf);
      case 'atomicAdd':
        return `Atomics.add(i32, ${this.base(e.arg as Buf)} + ${this.exp(e.src[0]!)}, ${this.exp(e.src[1]!)})`;
      case 'where':
        return `(${this.cond(e.src[0]!)} ? ${this.exp(e.src[1]!)} : ${this.exp(e.src[2]!)})`;
      case 'cast':
        return this.cast(e.src[0]!, e.dtype);
    }
    const args = e.src.map((s) => this.exp(s));
    const cmp = COMPARE[e.op];
    if (cmp) return `(${args[0]} ${cmp} ${args[1]} ? 1 : 0)`;
    const d = e.dtype;
    const small = (d.kind === 'i' || d.kind === 'u') && d !== int32 && d !== uint8Dtype;
    const code = small ? SMALL_INT[e.op] : TABLES[d.kind][e.op];
    if (!code) throw new Error(`internal: no JS code for ${e.op} on ${d.name}`);
    if (d.kind === 'u' || d.kind === 'i') this.needHelpers(UINT_HELPERS);
    const c = code(args, e);
    if (small) return !EXACT_INT.has(e.op) || e.wraps ? wrapCode(d, c) : c;
    if (d === float16) {
      this.needHelpers(FLOAT16_SOURCE);
      return EXACT.has(e.op) ? c : `f16r(${c})`;
    }
    return d === float32 && !EXACT.has(e.op) ? `Math.fround(${c})` : c;
  }

  /** Declare helper functions in the prelude once. */
  private needHelpers(source: string): void {
    if (this.program.helpers.has(source)) return;
    this.program.helpers.add(source);
    this.program.prelude.push(source);
  }

  /** `e` as a JS condition (comparisons and bool logic without the 0/1 round trip). */
  private cond(e: Exp): string {
    const cmp = COMPARE[e.op as AluOp];
    if (cmp) return `${this.exp(e.src[0]!)} ${cmp} ${this.exp(e.src[1]!)}`;
    if (e.dtype.kind === 'b' && (e.op === 'and' || e.op === 'or')) return `(${this.cond(e.src[0]!)} ${e.op === 'and' ? '&&' : '||'} ${this.cond(e.src[1]!)})`;
    if (e.op === 'cast' && e.dtype.kind === 'b') return `${this.exp(e.src[0]!)} !== 0`;
    return this.exp(e);
  }

  private cast(x: Exp, to: DType): string {
    const v = this.exp(x);
    const from = x.dtype;
    if (to.kind === 'b') return `(${v} !== 0 ? 1 : 0)`;
    if (to.kind === 'f') {
      // Integers up to 2^11 / 2^24 in magnitude are exact in float16 / float32.
      const [lo, hi] = from.kind === 'f' ? [-Infinity, Infinity] : x.range;
      const exactIn = (m: number) => lo >= -m && hi <= m;
      if (to === float64 || from === to || from === float16 || (to === float32 && exactIn(2 ** 24)) || exactIn(2 ** 11)) return v;
      if (to === float32) return `Math.fround(${v})`;
      this.needHelpers(FLOAT16_SOURCE);
      return `f16r(${v})`;
    }
    const [lo, hi] = intBounds(to);
    if (from.kind === 'f') {
      if (to === int32) return `toI32(${v})`;
      if (to === uint8Dtype) return `toU8(${v})`;
      this.needHelpers(UINT_HELPERS);
      return `sat(${v}, ${lo}, ${hi})`;
    }
    // Integer → integer wraps, unless every value of the source fits.
    return x.range[0] >= lo && x.range[1] <= hi ? v : wrapCode(to, v);
  }

  private block(stmts: readonly Stmt[], out: string[], pad: string): void {
    // In run, every loop nest; inside a function, the loops with much work per call.
    const top = pad === '' && 'location' in this.from;
    for (const s of stmts) (ownFunction(s, top) ? this.kernel(s, out, pad) : this.stmt(s, out, pad));
  }

  private stmt(s: Stmt, out: string[], pad: string): void {
    const inner = pad + '  ';
    switch (s.kind) {
      case 'let':
        out.push(`${pad}const ${this.declare(s.sym)} = ${this.exp(s.value)};`);
        return;
      case 'local':
        out.push(`${pad}let ${this.declare(s.sym)} = ${this.exp(s.init)};`);
        return;
      case 'assign':
        out.push(`${pad}${this.name(s.sym)} = ${this.exp(s.value)};`);
        return;
      case 'store': {
        const value = this.exp(s.value);
        if (s.buf.dtype === float16) this.needHelpers(FLOAT16_SOURCE);
        out.push(`${pad}${this.element(s.buf, s.index)} = ${s.buf.dtype === float16 ? `f16enc(${value})` : value};`);
        return;
      }
      case 'loop': {
        const i = this.declare(s.sym);
        out.push(`${pad}for (let ${i} = ${this.exp(s.lo)}; ${i} < ${this.exp(s.hi)}; ${s.step === 1 ? `${i}++` : `${i} += ${s.step}`}) {`);
        this.block(s.body, out, inner);
        out.push(`${pad}}`);
        return;
      }
      case 'forever':
        out.push(`${pad}for (;;) {`);
        this.block(s.body, out, inner);
        out.push(`${pad}}`);
        return;
      case 'if':
        out.push(`${pad}if (${this.cond(s.cond)}) {`);
        this.block(s.then, out, inner);
        if (s.else.length) {
          out.push(`${pad}} else {`);
          this.block(s.else, out, inner);
        }
        out.push(`${pad}}`);
        return;
      case 'break':
      case 'return':
        out.push(`${pad}${s.kind};`);
        return;
      case 'callHost':
        out.push(`${pad}rt.callHost(${this.exp(s.id)}, [${s.args.map((a) => this.exp(a)).join(', ')}]);`, `${pad}${REFRESH}`);
        return;
      case 'callSub': {
        const p = s.program;
        const source = `(function () {\n${p.prelude.join('\n')}\nreturn function run(args) {\n${p.body}\n};\n})()`;
        const name = this.preludeName('sub', source, (n) => `const ${n} = ${source};`);
        out.push(`${pad}${name}([${s.args.map((a) => this.exp(a)).join(', ')}]);`, `${pad}${REFRESH}`);
        return;
      }
      case 'extern': {
        const source = instantiateRun(s.module.bytes, s.module.imports);
        const name = this.preludeName('mod', source, (n) => `const ${n} = ${source};`);
        out.push(`${pad}${name}(${s.args.map((a) => this.exp(a)).join(', ')});`);
        return;
      }
      case 'copy': {
        const src = this.exp(s.src);
        out.push(`${pad}u8.copyWithin(${this.exp(s.dst)}, ${src}, ${src} + ${s.bytes});`);
        return;
      }
      case 'fill': {
        const at = `(${this.exp(s.at)} >>> ${SHIFT[s.dtype.name]})`;
        const value = s.dtype === float16 ? float16Bits(s.value) : s.value;
        out.push(`${pad}${VIEW[s.dtype.name]}.fill(${literal(value)}, ${at}, ${at} + ${s.count});`);
        return;
      }
    }
  }
}
