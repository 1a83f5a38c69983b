// The WebAssembly op table: instructions for each elementwise op and cast, per dtype, giving the
// same bits as the JS backend. Float ops that IEEE defines exactly are native instructions (an
// f32 op equals Math.fround of the f64 op); transcendental functions call the imported `Math`
// functions in f64 (sin/cos of small operands inline, sincos.ts); integer ops run in i32 and wrap
// to their dtype (sign-extend for int8/int16, mask for uint8/uint16; uint32 compares and divides
// unsigned), with lax's x / 0 = all ones and x % 0 = x; JS's fmax/fmin and Math.sign are built
// from selects. float16 is not rendered (Unsupported): its programs stay JS.
import { type DType, intBounds, uint32 } from '../../core/dtypes.js';
import type { AluOp, Exp } from '../../ir/exp.js';
import { inlineSinCos } from '../wasm/sincos.js';
import { F32, F64, floatConst, get, I32, i32c, op, set, uleb, type ValType } from '../wasm/encode.js';

/** An op or dtype the WebAssembly backend does not render; the program stays JS. */
export class Unsupported extends Error {}

/** What the op table needs from the renderer. */
export interface WasmEmitter {
  /** Instructions leaving `e`'s value on the stack. */
  exp(e: Exp): number[];
  /** A local no live value holds; give it back with `free` once its value is dead. */
  local(t: ValType): number;
  /** Return a local to the pool. */
  free(local: number): void;
  /** The function index of an imported f64 function (`Math[name]`, or fmod). */
  importOf(name: string): number;
}

/** The value type holding a dtype's values (float16 is not rendered). */
export function valType(d: DType): ValType {
  if (d.name === 'float16') throw new Unsupported('float16');
  return d.name === 'float32' ? F32 : d.name === 'float64' ? F64 : I32;
}

// Opcodes encode.ts does not name.
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_LE_U = 0x4d;
const I32_GE_U = 0x4f;
const I32_DIV_U = 0x6e;
const I32_REM_U = 0x70;
const I32_EXTEND8_S = 0xc0;
const I32_EXTEND16_S = 0xc1;
const F32_CONVERT_I32_U = 0xb3;
const F64_CONVERT_I32_U = 0xb8;

/** Instructions wrapping an i32 on the stack to integer dtype `d`'s values (as the JS backend's wrapCode). */
function wrapTo(d: DType): number[] {
  switch (d.name) {
    case 'int8':
      return [I32_EXTEND8_S];
    case 'int16':
      return [I32_EXTEND16_S];
    case 'uint8':
      return [...i32c(255), op.i32And];
    case 'uint16':
      return [...i32c(65535), op.i32And];
    default:
      return []; // int32 and uint32 are all 32 bits
  }
}

// [f32, f64] opcodes of IEEE-exact ops and comparisons.
const NATIVE: Partial<Record<AluOp, [number, number]>> = {
  neg: [0x8c, 0x9a],
  abs: [0x8b, 0x99],
  sqrt: [0x91, 0x9f],
  floor: [0x8e, 0x9c],
  ceil: [0x8d, 0x9b],
  round: [0x90, 0x9e], // nearest: ties to even, as roundHalfEven
  add: [0x92, 0xa0],
  sub: [0x93, 0xa1],
  mul: [0x94, 0xa2],
  div: [0x95, 0xa3],
  eq: [0x5b, 0x61],
  ne: [0x5c, 0x62],
  lt: [0x5d, 0x63],
  gt: [0x5e, 0x64],
  le: [0x5f, 0x65],
  ge: [0x60, 0x66],
};
const MATH: Partial<Record<AluOp, string>> = { sin: 'sin', cos: 'cos', tan: 'tan', tanh: 'tanh', exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1', pow: 'pow', rem: 'fmod',
  asin: 'asin', acos: 'acos', atan: 'atan', sinh: 'sinh', cosh: 'cosh', asinh: 'asinh', acosh: 'acosh', atanh: 'atanh', cbrt: 'cbrt', atan2: 'atan2' };
const I32_COMPARE: Partial<Record<AluOp, number>> = { eq: op.i32Eq, ne: op.i32Ne, lt: op.i32LtS, gt: op.i32GtS, le: op.i32LeS, ge: op.i32GeS };
const U32_COMPARE: Partial<Record<AluOp, number>> = { eq: op.i32Eq, ne: op.i32Ne, lt: I32_LT_U, gt: I32_GT_U, le: I32_LE_U, ge: I32_GE_U };

const select = (a: number[], b: number[], cond: number[]): number[] => [...a, ...b, ...cond, op.select];

/** Evaluate operands into fresh locals; `body` gets `get` sequences for them. */
function withLocals(w: WasmEmitter, t: ValType, src: readonly Exp[], body: (...xs: number[][]) => number[]): number[] {
  const code: number[] = [];
  const locals: number[] = [];
  for (const s of src) {
    code.push(...w.exp(s));
    locals.push(w.local(t));
    code.push(...set(locals[locals.length - 1]!));
  }
  const out = [...code, ...body(...locals.map(get))];
  // Dead once the op's value is on the stack: later ops may reuse them.
  for (const l of locals) w.free(l);
  return out;
}

/** Instructions computing the elementwise op `e`. */
export function aluCode(e: Exp, w: WasmEmitter): number[] {
  const src = e.src;
  const d = src[0]!.dtype;
  return d.kind === 'f' ? floatCode(e.op as AluOp, valType(d), src, w) : intCode(e.op as AluOp, d, src, w);
}

function floatCode(o: AluOp, t: ValType, src: readonly Exp[], w: WasmEmitter): number[] {
  const k = t === F32 ? 0 : 1;
  const native = NATIVE[o];
  if (native) return [...src.flatMap((s) => w.exp(s)), native[k]];
  const fn = o === 'nextafter' ? (t === F32 ? 'nextafter32' : 'nextafter64') : MATH[o];
  if (fn) {
    const code = src.flatMap((s) => [...w.exp(s), ...(t === F32 ? [op.f64PromoteF32] : [])]);
    const temps: number[] = [];
    const inline = fn === 'sin' || fn === 'cos' ? inlineSinCos(fn, (lt) => temps[temps.push(w.local(lt)) - 1]!, w.importOf(fn)) : null;
    for (const l of temps) w.free(l);
    return [...code, ...(inline ?? [op.call, ...uleb(w.importOf(fn))]), ...(t === F32 ? [op.f32DemoteF64] : [])];
  }
  const c = (v: number) => floatConst(t, v);
  const [gt, lt, ne] = [NATIVE.gt![k], NATIVE.lt![k], NATIVE.ne![k]];
  switch (o) {
    case 'sign': // x > 0 ? 1 : x < 0 ? -1 : x (keeps ±0 and NaN)
      return withLocals(w, t, src, (x) => select(c(1), select(c(-1), x, [...x, ...c(0), lt]), [...x, ...c(0), gt]));
    case 'max': // fmax: NaN if either is, else a > b ? a : b
    case 'min':
      return withLocals(w, t, src, (a, b) => select(c(NaN), select(a, b, [...a, ...b, o === 'max' ? gt : lt]), [...a, ...a, ne, ...b, ...b, ne, op.i32Or]));
    default:
      throw new Unsupported(o);
  }
}

function intCode(o: AluOp, d: DType, src: readonly Exp[], w: WasmEmitter): number[] {
  const unsigned = d.kind === 'u';
  const cmp = (unsigned ? U32_COMPARE : I32_COMPARE)[o];
  if (cmp !== undefined) return [...src.flatMap((s) => w.exp(s)), cmp];
  if (d.kind === 'b') {
    const logic: Partial<Record<AluOp, number[]>> = { add: [op.i32Or], or: [op.i32Or], max: [op.i32Or], mul: [op.i32And], and: [op.i32And], min: [op.i32And], not: [op.i32Eqz], xor: [op.i32Xor] };
    const code = logic[o];
    if (!code) throw new Unsupported(`${o} on bool`);
    return [...src.flatMap((s) => w.exp(s)), ...code];
  }
  const wrap = wrapTo(d);
  const both = () => src.flatMap((s) => w.exp(s));
  const u8 = d.name === 'uint8';
  // Bit counts and shifts are defined for int32, uint32 (the same 32 bits; shr reads them as
  // int32, as XLA's arithmetic shift) and uint8 (lax/bitwise.ts refuses other widths).
  if ((o === 'popcnt' || o === 'clz' || o === 'shl' || o === 'shr' || o === 'shrl') && !u8 && d.name !== 'int32' && d.name !== 'uint32') throw new Unsupported(`${o} on ${d.name}`);
  switch (o) {
    case 'add':
      return [...both(), op.i32Add, ...wrap];
    case 'sub':
      return [...both(), op.i32Sub, ...wrap];
    case 'mul':
      return [...both(), op.i32Mul, ...wrap];
    case 'neg':
      return [...i32c(0), ...both(), op.i32Sub, ...wrap];
    case 'not':
      return [...both(), ...i32c(-1), op.i32Xor, ...wrap];
    case 'and':
      return [...both(), op.i32And];
    case 'or':
      return [...both(), op.i32Or];
    case 'abs':
      return unsigned ? both() : withLocals(w, I32, src, (x) => [...select([...i32c(0), ...x, op.i32Sub], x, [...x, ...i32c(0), op.i32LtS]), ...wrap]);
    case 'sign':
      return unsigned
        ? [...both(), ...i32c(0), op.i32Ne]
        : withLocals(w, I32, src, (x) => select(i32c(1), select(i32c(-1), i32c(0), [...x, ...i32c(0), op.i32LtS]), [...x, ...i32c(0), op.i32GtS]));
    case 'max':
    case 'min': {
      const [gt, lt] = unsigned ? [I32_GT_U, I32_LT_U] : [op.i32GtS, op.i32LtS];
      return withLocals(w, I32, src, (a, b) => select(a, b, [...a, ...b, o === 'max' ? gt : lt]));
    }
    case 'div':
    case 'rem':
      return [...divide(o, d, src, w), ...(o === 'div' ? wrap : [])];
    case 'xor':
      return [...both(), op.i32Xor];
    case 'popcnt':
      return [...both(), op.i32Popcnt];
    case 'clz':
      return [...both(), op.i32Clz, ...(u8 ? [...i32c(24), op.i32Sub] : [])];
    case 'shl':
    case 'shr':
    case 'shrl':
      return shift(o, u8, src, w);
    default:
      throw new Unsupported(`${o} on ${d.name}`);
  }
}

/**
 * XLA's shifts without WebAssembly's masking of the amount: an amount of at least the bit width
 * (unsigned) gives 0, or the sign for an arithmetic right shift; uint8 shifts its 8 bits (shr as int8).
 */
function shift(o: 'shl' | 'shr' | 'shrl', u8: boolean, src: readonly Exp[], w: WasmEmitter): number[] {
  const bits = u8 ? 8 : 32;
  return withLocals(w, I32, src, (a, b) => {
    const big = [...b, ...i32c(bits), op.i32GeU];
    if (o === 'shr') {
      const x = u8 ? [...a, ...i32c(24), op.i32Shl, ...i32c(24), op.i32ShrS] : a;
      const amount = select(i32c(bits - 1), b, big);
      return [...x, ...amount, op.i32ShrS, ...(u8 ? [...i32c(255), op.i32And] : [])];
    }
    const shifted = o === 'shl' ? [...a, ...b, op.i32Shl, ...(u8 ? [...i32c(255), op.i32And] : [])] : [...a, ...b, op.i32ShrU];
    return select(i32c(0), shifted, big);
  });
}

/**
 * lax's integer division and remainder without WebAssembly's traps: truncating; x / 0 is all ones
 * (-1, or the unsigned maximum once wrapped), x % 0 is x; -2^31 / -1 wraps.
 */
function divide(o: 'div' | 'rem', d: DType, src: readonly Exp[], w: WasmEmitter): number[] {
  const c = src[1]!.value;
  const unsigned = d.kind === 'u';
  const ins = unsigned ? (o === 'div' ? I32_DIV_U : I32_REM_U) : o === 'div' ? op.i32DivS : op.i32RemS;
  if (c !== undefined && c !== 0 && !(o === 'div' && c === -1 && !unsigned)) return [...w.exp(src[0]!), ...w.exp(src[1]!), ins];
  return withLocals(w, I32, src, (a, b) => {
    const quotient = o === 'div' && !unsigned ? [...b, ...i32c(-1), op.i32Eq, op.if, I32, ...i32c(0), ...a, op.i32Sub, op.else, ...a, ...b, ins, op.end] : [...a, ...b, ins];
    return [...b, op.i32Eqz, op.if, I32, ...(o === 'div' ? i32c(-1) : a), op.else, ...quotient, op.end];
  });
}

/** Instructions converting `x` (value on the stack after `w.exp(x)`) to dtype `to`, as the JS backend's casts. */
export function castCode(x: Exp, to: DType, w: WasmEmitter): number[] {
  const from = x.dtype;
  const v = w.exp(x);
  valType(to); // float16 targets stay JS
  const unsigned = from.kind === 'u';
  if (from.kind === 'f' && to.kind === 'f') return [...v, to.name === 'float32' ? op.f32DemoteF64 : op.f64PromoteF32];
  if (to.kind === 'f') return [...v, to.name === 'float32' ? (unsigned ? F32_CONVERT_I32_U : op.f32ConvertI32S) : unsigned ? F64_CONVERT_I32_U : op.f64ConvertI32S];
  if (to.kind === 'b') return from.kind === 'f' ? [...v, ...floatConst(valType(from), 0), NATIVE.ne![from.name === 'float32' ? 0 : 1]] : [...v, ...i32c(0), op.i32Ne];
  // Integer → integer wraps, unless every value of the source fits.
  const [lo, hi] = intBounds(to);
  if (from.kind !== 'f') return x.range[0] >= lo && x.range[1] <= hi ? v : [...v, ...wrapTo(to)];
  // Float → int: truncate, saturating (NaN → 0): i32.trunc_sat_f32/f64_s or _u, then clamp to a narrower dtype's range.
  const trunc = [...v, 0xfc, ...uleb((from.name === 'float32' ? 0 : 2) + (to === uint32 ? 1 : 0))];
  if (to.itemsize === 4) return trunc;
  const t = w.local(I32);
  w.free(t);
  return [...trunc, ...set(t), ...select(i32c(lo), select(i32c(hi), get(t), [...get(t), ...i32c(hi), op.i32GtS]), [...get(t), ...i32c(lo), op.i32LtS])];
}
