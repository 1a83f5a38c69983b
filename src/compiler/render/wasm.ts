// The WebAssembly backend: kernel IR → one module whose `run` takes launch arguments as i32
// parameters. Symbols live in locals, loops are block/loop pairs, buffers are addressed from
// their offset parameters; ops and casts come from the table in wasmOps.ts. Statements that call
// out (host callbacks, sub-programs, copies) and constant tables are not rendered: such programs
// stay JS.
import { float16 } from '../../core/dtypes.js';
import type { Buf, Exp, Sym } from '../../ir/exp.js';
import type { Stmt } from '../../ir/kernel.js';
import { visit } from '../../ir/walk.js';
import { encodeModule, floatConst, IMPORT_ARITY, get, I32, i32c, op, set, uleb, type ValType } from '../wasm/encode.js';
import { aluCode, castCode, Unsupported, valType, type WasmEmitter } from './wasmOps.js';
import { type VectorHost, vectorLoop } from './wasmVector.js';

/** How a program's buffers and launch parameters map to `run`'s parameters. */
export interface WasmLayout {
  /** How many i32 parameters `run` takes. */
  numParams: number;
  /** A heap buffer's address: parameter `param` (a byte offset) plus `plus` bytes. */
  location(b: Buf): { param: number; plus: number };
  /** The parameter holding each launch-parameter symbol (LO, HI). */
  params: ReadonlyMap<Sym, number>;
  /**
   * Run innermost float32 loops four lanes at a time (wasmVector.ts): 'exact' with lane ops that
   * give the scalar code's bits, 'exp' also with the SIMD exp and log (≤ 1 ulp) and tanh (≤ 2 ulp)
   * and reassociated sums.
   */
  vector?: 'exact' | 'exp';
}

/** A rendered module: its bytes and the functions it imports by name. */
export interface WasmCode {
  bytes: Uint8Array;
  imports: string[];
}

// [opcode, log2 of alignment] of each dtype's load and store: integers live in i32 values (sign- or
// zero-extended as loaded; uint32 as its bits). float16 is not rendered: such programs stay JS.
const LOAD: Record<string, [number, number]> = {
  float32: [op.f32Load, 2],
  float64: [op.f64Load, 3],
  int8: [0x2c, 0],
  int16: [0x2e, 1],
  int32: [op.i32Load, 2],
  uint8: [op.i32Load8U, 0],
  uint16: [0x2f, 1],
  uint32: [op.i32Load, 2],
  bool: [op.i32Load8U, 0],
};
const STORE: Record<string, [number, number]> = {
  float32: [op.f32Store, 2],
  float64: [op.f64Store, 3],
  int8: [op.i32Store8, 0],
  int16: [0x3b, 1],
  int32: [op.i32Store, 2],
  uint8: [op.i32Store8, 0],
  uint16: [0x3b, 1],
  uint32: [op.i32Store, 2],
  bool: [op.i32Store8, 0],
};
/** log2 of each dtype's size: element index → byte offset. */
const SHIFT: Record<string, number> = Object.fromEntries(Object.entries(LOAD).map(([d, [, align]]) => [d, align]));

/** The module for `stmts`, or null when they use something this backend does not render. */
export function renderWasm(stmts: readonly Stmt[], layout: WasmLayout): WasmCode | null {
  try {
    return new WasmRenderer(layout).render(stmts);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

class WasmRenderer implements WasmEmitter, VectorHost {
  private locals: ValType[] = [];
  /** Locals free for reuse, by type: a long chain needs as many locals as values live at once, not one per value. */
  private pool = new Map<ValType, number[]>();
  private symLocals = new Map<Sym, number>();
  private imports: string[] = [];
  private globals: number[][] = [];
  /** Open labels, innermost last: a loop's exit block, its loop, or an if. */
  private labels: ('exit' | 'loop' | 'if')[] = [];
  /** Loops rendered one element at a time (a vectorised loop's remainder). */
  private scalar = new Set<Stmt>();

  constructor(private layout: WasmLayout) {}

  render(stmts: readonly Stmt[]): WasmCode {
    const body: number[] = [];
    this.block(stmts, body);
    const imports = this.imports.map((name) => ({ name, arity: IMPORT_ARITY[name] ?? 1 }));
    const params = Array.from({ length: this.layout.numParams }, (): ValType => I32);
    return { bytes: encodeModule({ imports, params, locals: this.locals, body, globals: this.globals }), imports: this.imports };
  }

  local(t: ValType): number {
    const reused = this.pool.get(t)?.pop();
    if (reused !== undefined) return reused;
    this.locals.push(t);
    return this.layout.numParams + this.locals.length - 1;
  }
  free(local: number): void {
    const t = this.locals[local - this.layout.numParams]!;
    (this.pool.get(t) ?? this.pool.set(t, []).get(t)!).push(local);
  }
  global(init: number[]): number {
    return this.globals.push(init) - 1;
  }
  importOf(name: string): number {
    const k = this.imports.indexOf(name);
    return k >= 0 ? k : this.imports.push(name) - 1;
  }
  symLocal(s: Sym): number {
    const p = this.layout.params.get(s);
    if (p !== undefined) return p;
    let l = this.symLocals.get(s);
    if (l === undefined) this.symLocals.set(s, (l = this.local(valType(s.dtype))));
    return l;
  }

  /** Instructions leaving `b`'s element `index`'s byte address on the stack, and a constant offset for the memory access. */
  address(b: Buf, index: Exp): [number[], number] {
    if (b.data) throw new Unsupported('constant tables');
    const { param, plus } = this.layout.location(b);
    const shift = SHIFT[b.dtype.name];
    if (shift === undefined) throw new Unsupported(`${b.dtype.name} buffers`);
    const c = index.value;
    if (c !== undefined) return [get(param), plus + c * 2 ** shift];
    const scaled = shift ? [...this.exp(index), ...i32c(shift), op.i32Shl] : this.exp(index);
    return [[...get(param), ...scaled, op.i32Add], plus];
  }

  exp(e: Exp): number[] {
    if (e.dtype === float16) throw new Unsupported('float16');
    switch (e.op) {
      case 'const':
        // Integer constants as their 32 bits (a uint32 above 2^31 is a negative i32).
        return e.dtype.kind === 'f' ? floatConst(valType(e.dtype), e.arg as number) : i32c((e.arg as number) | 0);
      case 'sym':
        return get(this.symLocal(e.arg as Sym));
      case 'load': {
        const b = e.arg as Buf;
        const [addr, at] = this.address(b, e.src[0]!);
        const [code, align] = LOAD[b.dtype.name]!;
        return [...addr, code, align, ...uleb(at)];
      }
      case 'where':
        return [...this.exp(e.src[1]!), ...this.exp(e.src[2]!), ...this.exp(e.src[0]!), op.select];
      case 'cast':
        return castCode(e.src[0]!, e.dtype, this);
      case 'offset':
      case 'atomicAdd':
        throw new Unsupported(e.op);
      default:
        return aluCode(e, this);
    }
  }

  /** Render a block; a let's local is reused after the block's last statement that reads it. */
  private block(stmts: readonly Stmt[], out: number[]): void {
    const lastUse = new Map<Sym, number>();
    stmts.forEach((s, k) => {
      if (s.kind === 'let') lastUse.set(s.sym, k);
    });
    stmts.forEach((s, k) =>
      visit([s], undefined, (e) => {
        if (e.op === 'sym' && lastUse.has(e.arg as Sym)) lastUse.set(e.arg as Sym, k);
      }),
    );
    const dying: Sym[][] = stmts.map(() => []);
    for (const [sym, k] of lastUse) dying[k]!.push(sym);
    stmts.forEach((s, k) => {
      append(out, this.stmt(s));
      for (const sym of dying[k]!) this.free(this.symLocals.get(sym)!);
    });
  }

  /** A loop body, inside the loop's exit block and loop label. */
  private loopBody(stmts: readonly Stmt[]): number[] {
    const out: number[] = [];
    this.labels.push('exit', 'loop');
    this.block(stmts, out);
    this.labels.length -= 2;
    return out;
  }

  scalarLoop(s: Extract<Stmt, { kind: 'loop' }>): number[] {
    this.scalar.add(s);
    return this.stmt(s);
  }

  private branch(stmts: readonly Stmt[]): number[] {
    const out: number[] = [];
    this.labels.push('if');
    this.block(stmts, out);
    this.labels.pop();
    return out;
  }

  private stmt(s: Stmt): number[] {
    switch (s.kind) {
      case 'let':
      case 'assign':
        return [...this.exp(s.value), ...set(this.symLocal(s.sym))];
      case 'local':
        return [...this.exp(s.init), ...set(this.symLocal(s.sym))];
      case 'store': {
        const [addr, at] = this.address(s.buf, s.index);
        const [code, align] = STORE[s.buf.dtype.name]!;
        return [...addr, ...this.exp(s.value), code, align, ...uleb(at)];
      }
      case 'loop': {
        const v = this.layout.vector && !this.scalar.has(s) ? vectorLoop(s, this, this.layout.vector === 'exp') : null;
        if (v) return v;
        const i = this.symLocal(s.sym);
        const out = this.loopBody(s.body);
        return [
          ...this.exp(s.lo), ...set(i),
          op.block, 0x40, op.loop, 0x40,
          ...get(i), ...this.exp(s.hi), op.i32GeS, op.brIf, 1,
          ...out,
          ...get(i), ...i32c(s.step), op.i32Add, ...set(i),
          op.br, 0, op.end, op.end,
        ];
      }
      case 'forever':
        return [op.block, 0x40, op.loop, 0x40, ...this.loopBody(s.body), op.br, 0, op.end, op.end];
      case 'if': {
        const then = this.branch(s.then);
        const otherwise = this.branch(s.else);
        return [...this.exp(s.cond), op.if, 0x40, ...then, ...(otherwise.length ? [op.else, ...otherwise] : []), op.end];
      }
      case 'break':
        return [op.br, ...uleb(this.labels.length - 1 - this.labels.lastIndexOf('exit'))];
      case 'return':
        return [op.return];
      default:
        throw new Unsupported(s.kind);
    }
  }
}

/** Append without spreading into arguments (a large kernel body would overflow the call stack). */
function append(out: number[], code: readonly number[]): void {
  for (let k = 0; k < code.length; k++) out.push(code[k]!);
}
