// The scalar expressions kernels are made of (jax-js's AluExp, tinygrad's UOp): constants,
// symbols (loop indices, let-bound values, mutable locals, launch parameters), loads, byte
// offsets of buffers, casts, selects and the elementwise ops, each with its result dtype.
// Primitives state their elementwise meaning in these terms once; each backend renders them from
// its op table. Integer expressions know the interval of their exact value (range.ts), which folds
// index arithmetic and tells renderers when an int32 result cannot wrap.
import { type DType, bool, castScalar, float64, int32 } from '../core/dtypes.js';
import { exactRange, foldInt, isIntDtype, typeRange } from './range.js';

// Shifts are XLA's: the amount is read as unsigned, and one of at least the bit width gives 0
// (shr, arithmetic: the sign); uint8's shr is arithmetic on its bits read as int8, as XLA's.
// popcnt and clz count the dtype's bits; nextafter steps one representable value of the dtype.
/** Elementwise ops of one operand. */
export const UNARY_OPS = ['neg', 'sin', 'cos', 'tan', 'tanh', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'abs', 'sign', 'floor', 'ceil', 'round', 'not', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'cbrt', 'popcnt', 'clz'] as const;
/** Elementwise ops of two operands of one dtype; comparisons give bool. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'rem', 'and', 'or', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'atan2', 'nextafter', 'xor', 'shl', 'shr', 'shrl'] as const;
/** An elementwise op of one operand. */
export type UnaryOp = (typeof UNARY_OPS)[number];
/** An elementwise op of two operands. */
export type BinaryOp = (typeof BINARY_OPS)[number];
/** Any elementwise op. */
export type AluOp = UnaryOp | BinaryOp;
/** Every expression node kind. */
export type Op = AluOp | 'const' | 'sym' | 'load' | 'offset' | 'cast' | 'where' | 'atomicAdd';

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
/** Whether `op` compares (its result is bool). */
export const isComparison = (op: Op): boolean => COMPARISONS.has(op);

/** What a symbol names: a loop index, an immutable value, a mutable local, or a launch parameter. */
export type SymKind = 'loop' | 'let' | 'local' | 'param';

let nextSym = 0;
/**
 * A named scalar. `bounds` is the interval of its values, when known (loop indices, lets of index
 * arithmetic); `def` is the value of a let of integer arithmetic on loop indices, parameters and
 * other lets (never a mutable local), so index folding can see through it (see `unlet`).
 */
export class Sym {
  readonly id = nextSym++;
  private refExp?: Exp;
  constructor(
    readonly kind: SymKind,
    readonly dtype: DType,
    readonly hint: string,
    readonly bounds?: readonly [number, number],
    readonly def?: Exp,
  ) {}
  /** The expression reading this symbol. */
  get ref(): Exp {
    return (this.refExp ??= new Exp('sym', this.dtype, [], this));
  }
}

let nextBuf = 0;
/**
 * An array a kernel reads or writes, `size` elements of `dtype`. Where it lives (a program input,
 * output or scratch region) is the compiler's business; `data` makes it a constant table.
 */
export class Buf {
  readonly id = nextBuf++;
  constructor(
    readonly dtype: DType,
    readonly size: number,
    readonly hint = 'b',
    readonly data?: readonly number[],
  ) {}
}

/** `e` with let-bound integer symbols replaced by their definitions, at its top only (`o * n + r` for a let of it). */
export function unlet(e: Exp): Exp {
  while (e.op === 'sym' && (e.arg as Sym).def) e = (e.arg as Sym).def!;
  return e;
}

/** Whether `e` reads no mutable local (so its value at a later point in the same scope is unchanged). */
export function immutable(e: Exp): boolean {
  const todo = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.op === 'sym' && (x.arg as Sym).kind === 'local') return false;
    if (x.op === 'load' || x.op === 'atomicAdd') return false;
    todo.push(...x.src);
  }
  return true;
}

/** A constant int32 table (e.g. offsets of reduced positions), emitted once per program. */
export function table(data: readonly number[]): Buf {
  return new Buf(int32, data.length, 'T', data);
}

/** A scalar expression node: `op` of `src`, with `arg` a constant's value, a symbol or a buffer. */
export class Exp {
  private keyStr?: string;
  private exactBounds?: readonly [number, number];
  constructor(
    readonly op: Op,
    readonly dtype: DType,
    readonly src: readonly Exp[] = [],
    readonly arg?: number | Sym | Buf,
  ) {}

  /** A structural key: equal keys compute equal values (at the same program point). */
  get key(): string {
    if (this.keyStr === undefined) {
      const a = this.arg;
      const arg = a === undefined ? '' : typeof a === 'number' ? (Object.is(a, -0) ? '-0' : String(a)) : `${a instanceof Sym ? 's' : 'b'}${a.id}`;
      this.keyStr = `${this.op}:${this.dtype.short}:${arg}${this.src.length ? `(${this.src.map((s) => s.key).join(',')})` : ''}`;
    }
    return this.keyStr;
  }

  /** The interval of the exact (unwrapped) result, for integer dtypes; ±Infinity for floats. */
  get exact(): readonly [number, number] {
    return (this.exactBounds ??= exactRange(this));
  }
  /** The interval of the value after wrapping to the dtype. */
  get range(): readonly [number, number] {
    return this.wraps ? typeRange(this.dtype) : this.exact;
  }
  /** Whether the exact integer result may leave the dtype's range (so a renderer must wrap it). */
  get wraps(): boolean {
    if (!isIntDtype(this.dtype)) return false;
    const [lo, hi] = this.exact;
    const [tlo, thi] = typeRange(this.dtype);
    return lo < tlo || hi > thi;
  }
  /** The constant value, when this is a constant. */
  get value(): number | undefined {
    return this.op === 'const' ? (this.arg as number) : undefined;
  }
  toString(): string {
    return this.key;
  }
}

/** A constant of dtype `d` (the value is cast to it). */
export function constant(v: number | boolean, d: DType): Exp {
  return new Exp('const', d, [], castScalar(v, d));
}

/** An int32 constant. */
export const i32 = (v: number): Exp => constant(v, int32);

/** Element `index` of `buf`. */
export function load(buf: Buf, index: Exp | number): Exp {
  return new Exp('load', buf.dtype, [asIndex(index)], buf);
}

/**
 * The byte offset of `buf` in the heap (for host calls, sub-programs and copies): a float64, as
 * offsets reach 4 GiB, past int32.
 */
export function offsetOf(buf: Buf): Exp {
  return new Exp('offset', float64, [], buf);
}

/** Atomically add `value` to int32 element `index` of `buf`; the old value. Not pure: bind it with a let. */
export function atomicAdd(buf: Buf, index: Exp | number, value: Exp | number): Exp {
  return new Exp('atomicAdd', int32, [asIndex(index), asIndex(value)], buf);
}

/** `x` converted to dtype `d`: float→int truncates and saturates (NaN → 0), int→int wraps, →bool is `x != 0`. */
export function cast(x: Exp, d: DType): Exp {
  if (x.dtype === d) return x;
  if (x.op === 'const') return new Exp('const', d, [], castScalar(x.arg as number, d, x.dtype));
  return new Exp('cast', d, [x], undefined);
}

/** `cond ? a : b` (lax.select_n with a bool predicate). */
export function where(cond: Exp, a: Exp, b: Exp): Exp {
  if (cond.op === 'const') return cond.arg ? a : b;
  if (a.key === b.key) return a;
  return new Exp('where', a.dtype, [cond, a, b]);
}

/**
 * The elementwise op `op` of `src` (one dtype; comparisons give bool), e.g. `alu('exp', x)`.
 * Integer arithmetic folds constants and what the operands' ranges decide.
 */
export function alu(op: AluOp, ...src: Exp[]): Exp {
  const d = isComparison(op) ? bool : src[0]!.dtype;
  if (src[0]!.dtype === int32) {
    const folded = foldInt(op, src);
    if (folded !== undefined) return typeof folded === 'number' ? constant(folded, d) : folded;
  }
  const e = new Exp(op, d, src);
  // An integer result whose operands' ranges leave one value is that value (e.g. o * n in a loop of one o).
  if (d.kind !== 'f' && e.range[0] === e.range[1]) return constant(e.range[0], d);
  return e;
}

/** Index arithmetic on int32 expressions or numbers: what index maps and kernels compute offsets with. */
export const ix = {
  add: (a: Exp | number, b: Exp | number): Exp => alu('add', asIndex(a), asIndex(b)),
  sub: (a: Exp | number, b: Exp | number): Exp => alu('sub', asIndex(a), asIndex(b)),
  mul: (a: Exp | number, b: Exp | number): Exp => alu('mul', asIndex(a), asIndex(b)),
  /** Truncating division (floor for the non-negative indices it is used on). */
  div: (a: Exp | number, b: Exp | number): Exp => alu('div', asIndex(a), asIndex(b)),
  rem: (a: Exp | number, b: Exp | number): Exp => alu('rem', asIndex(a), asIndex(b)),
  min: (a: Exp | number, b: Exp | number): Exp => alu('min', asIndex(a), asIndex(b)),
  max: (a: Exp | number, b: Exp | number): Exp => alu('max', asIndex(a), asIndex(b)),
  /** Coordinate along a dimension of size `n` and row-major stride `stride`, from a flat index. */
  coord: (flat: Exp, stride: number, n: number): Exp => ix.rem(ix.div(flat, stride), n),
  /** Σ coords[k] · strides[k] + base. */
  flat: (coords: readonly Exp[], strides: readonly number[], base = 0): Exp => coords.reduce((acc, c, k) => ix.add(acc, ix.mul(c, strides[k]!)), i32(base)),
};

function asIndex(x: Exp | number): Exp {
  return typeof x === 'number' ? i32(x) : x;
}
