// Every elementwise op and cast of the kernel IR, rendered by both backends, against a plain-JS
// reference of its semantics over dense grids (signed zeros, infinities, NaN, subnormals,
// integer extremes): the JS and WebAssembly results are the same bits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bool, type DType, float16, float32, float64, int16, int32, int8, intBounds, uint16, uint32, uint8 } from '../../src/core/dtypes.js';
import { float16Round } from '../../src/core/float16.js';
import { alu, type AluOp, BINARY_OPS, Buf, cast, load, UNARY_OPS, where } from '../../src/ir/exp.js';
import { Builder } from '../../src/ir/kernel.js';
import { runKernel } from './harness.js';
import * as jp from '../../src/index.js';

const f32 = Math.fround;
const specials = [0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3, 0.1, -0.7, 1e-40, -1e-42, 1.17549435e-38, 5e-324, 2.2250738585072014e-308, 3.4028234e38, -3.4e38, 1e300, Infinity, -Infinity, NaN];
specials.push(Math.PI, -Math.PI, 0.78539819, 0.3, 0.78125, 2 ** -27, 16777217, 123.456, -1e-7, 100, 1e10, -1e10, 2147483647, -2147483648, 2147483648, 255.5, 256, -256.7, 88.7, -103.9, 710);
const dense = Array.from({ length: 401 }, (_, i) => (i - 200) / 20);

/** Values of dtype `d` to test on. */
function grid(d: DType, small: boolean): number[] {
  if (d.kind === 'f') {
    const vals = small ? specials : [...specials, ...dense];
    // float16: also its subnormals, largest finite and values rounding to ties.
    const more = d === float16 ? [5.960464477539063e-8, 1e-7, 6.1e-5, 65504, 65519, 65520, 1 + 2 ** -11, 2049, 2051] : [];
    return [...vals, ...more].map((v) => toDtype(v, d));
  }
  if (d === bool) return [0, 1];
  if (d === uint8 || d === int8) return small ? [0, 1, 2, 3, 7, 100, 127, 128, 200, 254, 255].map((v) => toDtype(v, d)) : Array.from({ length: 256 }, (_, i) => toDtype(i, d));
  const ints = [0, 1, -1, 2, -2, 3, -3, 7, -8, 100, -100, 255, 256, 32767, 32768, 65535, -65536, 46341, 2147483647, -2147483648, -2147483647, 1 << 30, 4294967295];
  const all = small ? ints : [...ints, ...Array.from({ length: 300 }, (_, i) => (i * 7919 - 1_000_000) | 0)];
  return [...new Set(all.map((v) => toDtype(v, d)))];
}

// --- the reference: each op's meaning, written independently of the renderers' tables ---
const roundHalfEven = (x: number) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
const fmax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b);
const fmin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b);
const FLOAT_REF: Partial<Record<AluOp, (a: number, b: number) => number>> = {
  neg: (a) => -a,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  // C's pow: a base of 1 gives 1 for any exponent, and -1 to ±inf gives 1 (Math.pow: NaN).
  pow: (a, b) => (a === 1 || (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) ? 1 : Math.pow(a, b)),
  max: fmax,
  min: fmin,
  rem: (a, b) => a % b,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  cbrt: Math.cbrt,
  atan2: Math.atan2,
};
// Integer ops on exact values, then wrapped to the dtype; lax's x / 0 = -1 (all ones), x % 0 = x.
const INT_REF: Partial<Record<AluOp, (a: number, b: number) => number>> = {
  neg: (a) => -a,
  abs: Math.abs,
  sign: Math.sign,
  not: (a) => -a - 1,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => Number(BigInt(a) * BigInt(b) % 2n ** 32n),
  div: (a, b) => (b === 0 ? -1 : Math.trunc(a / b)),
  rem: (a, b) => (b === 0 ? a : a % b),
  max: Math.max,
  min: Math.min,
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
};
const BOOL_REF: Partial<Record<AluOp, (a: number, b: number) => number>> = {
  not: (a) => 1 - a,
  add: (a, b) => a | b,
  mul: (a, b) => a & b,
  max: Math.max,
  min: Math.min,
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
};
const COMPARE_REF: Partial<Record<AluOp, (a: number, b: number) => boolean>> = { eq: (a, b) => a === b, ne: (a, b) => a !== b, lt: (a, b) => a < b, le: (a, b) => a <= b, gt: (a, b) => a > b, ge: (a, b) => a >= b };

/** Wrap or round an exact value to dtype `d`'s value set. */
function toDtype(v: number, d: DType): number {
  switch (d.name) {
    case 'float32':
      return f32(v);
    case 'float64':
      return v;
    case 'float16':
      return float16Round(v);
    case 'bool':
      return v ? 1 : 0;
    default:
      return Number((d.kind === 'u' ? BigInt.asUintN : BigInt.asIntN)(8 * d.itemsize, BigInt(v))) || 0;
  }
}

/** XLA's shifts and bit counts on the `bits`-bit pattern, with BigInt: amounts read as unsigned. */
function bitsReference(op: AluOp, d: DType, a: number, b: number): number {
  const bits = d === uint8 ? 8 : 32;
  const x = BigInt.asUintN(bits, BigInt(a));
  const n = BigInt.asUintN(bits, BigInt(b));
  const signed = BigInt.asIntN(bits, x);
  const r = {
    shl: n >= bits ? 0n : x << n,
    shr: signed >> (n >= bits ? BigInt(bits - 1) : n),
    shrl: n >= bits ? 0n : x >> n,
    popcnt: BigInt([...x.toString(2)].filter((c) => c === '1').length),
    clz: BigInt(bits - (x === 0n ? 0 : x.toString(2).length)),
  }[op as 'shl'];
  return toDtype(Number(BigInt.asUintN(bits, r)), d);
}

/** One step from a toward b through the values of dtype d: ±1 on the float's bits, as integers. */
function nextafterReference(d: DType, a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return b;
  const up = (b > a) === (a > 0);
  if (d === float32) {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    if (a === 0) u[0] = b > 0 ? 1 : 0x80000001;
    else (f[0] = a), (u[0] = u[0]! + (up ? 1 : -1));
    return f[0]!;
  }
  const f = new Float64Array(1);
  const u = new BigUint64Array(f.buffer);
  if (a === 0) u[0] = b > 0 ? 1n : 0x8000000000000001n;
  else (f[0] = a), (u[0] = u[0]! + (up ? 1n : -1n));
  return f[0]!;
}

function reference(op: AluOp, d: DType, a: number, b: number): number {
  if (['shl', 'shr', 'shrl', 'popcnt', 'clz'].includes(op)) return bitsReference(op, d, a, b);
  if (op === 'nextafter') return nextafterReference(d, a, b);
  const cmp = COMPARE_REF[op];
  if (cmp) return cmp(a, b) ? 1 : 0;
  const table = d.kind === 'f' ? FLOAT_REF : d.kind === 'b' ? BOOL_REF : INT_REF;
  return toDtype(table[op]!(a, b), d);
}

/** A cast's reference: float → int truncates and saturates, NaN → 0; int → int wraps; → bool is x != 0. */
function castReference(v: number, from: DType, to: DType): number {
  if (to === bool) return v !== 0 ? 1 : 0;
  if (to.kind === 'f') return toDtype(v, to);
  if (from.kind !== 'f') return toDtype(v, to);
  if (Number.isNaN(v)) return 0;
  const [lo, hi] = intBounds(to);
  return Math.min(hi, Math.max(lo, Math.trunc(v))) || 0; // no -0 in an integer type
}

const DTYPES = [float16, float32, float64, int8, int16, int32, uint8, uint16, uint32, bool];
const FLOAT_ONLY = new Set<AluOp>(['sin', 'cos', 'tan', 'tanh', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'floor', 'ceil', 'round', 'pow']);
for (const op of ['asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'cbrt', 'atan2', 'nextafter'] as const) FLOAT_ONLY.add(op);
const INT_ONLY = new Set<AluOp>(['not', 'and', 'or', 'xor', 'shl', 'shr', 'shrl', 'popcnt', 'clz']);
const BOOL_OPS = new Set<AluOp>(['not', 'add', 'mul', 'max', 'min', 'and', 'or', 'xor', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);
// Shifts and bit counts are refused by lax for other integer widths, nextafter for float16 (tested below).
const BIT_OPS = new Set<AluOp>(['shl', 'shr', 'shrl', 'popcnt', 'clz']);
const supported = (op: AluOp, d: DType) => (BIT_OPS.has(op) ? d === int32 || d === uint32 || d === uint8 : op === 'nextafter' ? d !== float16 : true);
const valid = (op: AluOp, d: DType) => supported(op, d) && (d.kind === 'f' ? !INT_ONLY.has(op) : d.kind === 'b' ? BOOL_OPS.has(op) : !FLOAT_ONLY.has(op));

/** Same value, and for floats the same bits (any NaN matches any NaN: payloads carry no meaning). */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: (i: number) => string): void {
  const bits = (v: number) => {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return b.getBigUint64(0);
  };
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (bits(g) !== bits(w)) expect(`${what(i)} = ${Object.is(g, -0) ? '-0' : g}`).toBe(`${what(i)} = ${Object.is(w, -0) ? '-0' : w}`);
  }
}

/** Run one elementwise kernel `out[i] = f(x[i], y[i])` on both backends. */
function runBoth(d: DType, outDtype: DType, xs: number[], ys: number[], f: (x: ReturnType<typeof load>, y: ReturnType<typeof load>) => ReturnType<typeof load>) {
  const n = xs.length;
  const [x, y, out] = [new Buf(d, n), new Buf(d, n), new Buf(outDtype, n)];
  const b = new Builder();
  b.loop(0, n, (i) => b.store(out, i, f(load(x, i), load(y, i))));
  const js = runKernel('js', b.stmts, [x, y, out], [xs, ys])!;
  const wasm = runKernel('wasm', b.stmts, [x, y, out], [xs, ys]);
  // float16 is not rendered in WebAssembly: such kernels stay JS (null), never compute wrongly.
  if (d === float16 || outDtype === float16) {
    expect(wasm).toBeNull();
    return { js: js[2]!, wasm: js[2]!, xs: js[0]!, ys: js[1]! };
  }
  expect(wasm).not.toBeNull();
  return { js: js[2]!, wasm: wasm![2]!, xs: js[0]!, ys: js[1]! };
}

describe('every op on both backends equals the reference', () => {
  const cases = [...UNARY_OPS, ...BINARY_OPS].flatMap((op) => DTYPES.filter((d) => valid(op, d)).map((d) => [op, d.name, d] as const));
  it.each(cases)('%s on %s', (op, _name, d) => {
    const unary = (UNARY_OPS as readonly string[]).includes(op);
    const g = grid(d, !unary);
    const xs = unary ? g : g.flatMap((a) => g.map(() => a));
    const ys = unary ? g : g.flatMap(() => g);
    const outDtype = COMPARE_REF[op] ? bool : d;
    const r = runBoth(d, outDtype, xs, ys, (x, y) => (unary ? alu(op, x) : alu(op, x, y)));
    const want = Array.from(r.xs, (a, i) => reference(op, d, a, r.ys[i]!));
    const what = (i: number) => `${op}(${r.xs[i]}${unary ? '' : `, ${r.ys[i]}`})`;
    expectSame(r.js, want, (i) => `js ${what(i)}`);
    expectSame(r.wasm, r.js, (i) => `wasm ${what(i)}`);
  });
});

describe('casts and selects on both backends', () => {
  const pairs = DTYPES.flatMap((from) => DTYPES.filter((to) => to !== from).map((to) => [from.name, to.name, from, to] as const));
  it.each(pairs)('%s → %s', (_f, _t, from, to) => {
    const g = grid(from, false);
    const r = runBoth(from, to, g, g, (x) => cast(x, to));
    expectSame(r.js, Array.from(r.xs, (v) => castReference(v, from, to)), (i) => `js cast(${r.xs[i]})`);
    expectSame(r.wasm, r.js, (i) => `wasm cast(${r.xs[i]})`);
  });

  it.each(DTYPES.map((d) => [d.name, d] as const))('where on %s', (_n, d) => {
    const g = grid(d, true);
    const xs = g.flatMap((a) => g.map(() => a));
    const ys = g.flatMap(() => g);
    const r = runBoth(d, d, xs, ys, (x, y) => where(alu('lt', x, y), x, y));
    expectSame(r.js, Array.from(r.xs, (a, i) => (a < r.ys[i]! ? a : r.ys[i]!)), (i) => `js where(${r.xs[i]} < ${r.ys[i]})`);
    expectSame(r.wasm, r.js, (i) => `wasm where(${r.xs[i]} < ${r.ys[i]})`);
  });
});

describe("narrow integers' shifts and bit counts (lax widens them to 32 bits and wraps back)", () => {
  const { lax, numpy: jnp } = jp;
  const narrow = [int8, int16, uint16] as const;
  /** XLA's result on the `8 * itemsize`-bit pattern, with BigInt. */
  function narrowReference(op: 'shl' | 'shr' | 'shrl' | 'popcnt' | 'clz', d: DType, a: number, b: number): number {
    const bits = 8 * d.itemsize;
    const x = BigInt.asUintN(bits, BigInt(a));
    const n = BigInt.asUintN(bits, BigInt(b));
    const r = {
      shl: n >= bits ? 0n : x << n,
      shr: BigInt.asIntN(bits, x) >> (n >= bits ? BigInt(bits - 1) : n),
      shrl: n >= bits ? 0n : x >> n,
      popcnt: BigInt([...x.toString(2)].filter((c) => c === '1').length),
      clz: BigInt(bits - (x === 0n ? 0 : x.toString(2).length)),
    }[op];
    return toDtype(Number(BigInt.asUintN(bits, r)), d);
  }
  const FNS = {
    shl: (x: jp.Array, y: jp.Array) => lax.shiftLeft(x, y),
    shr: (x: jp.Array, y: jp.Array) => lax.shiftRightArithmetic(x, y),
    shrl: (x: jp.Array, y: jp.Array) => lax.shiftRightLogical(x, y),
    popcnt: (x: jp.Array) => lax.populationCount(x),
    clz: (x: jp.Array) => lax.clz(x),
  };
  it.each(narrow.map((d) => [d.name, d] as const))('%s: every op equals the bit-pattern reference, eager and jitted on both backends', (_n, d) => {
    const [lo, hi] = intBounds(d);
    const values = [lo, lo + 1, -129, -128, -127, -2, -1, 0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 127, 128, 255, 256, 1000, 32767, 40000, hi - 1, hi].filter((v) => v >= lo && v <= hi);
    const xs = values.flatMap((a) => values.map(() => a));
    const ys = values.flatMap(() => values);
    const x = jnp.array(xs, d.name);
    const y = jnp.array(ys, d.name);
    for (const [op, f] of Object.entries(FNS) as [keyof typeof FNS, (a: jp.Array, b: jp.Array) => jp.Array][]) {
      const want = xs.map((a, i) => narrowReference(op, d, a, ys[i]!));
      const check = (r: jp.Array, how: string) => {
        expect(r.dtype.name).toBe(d.name);
        const got = Array.from(r.dataSync() as ArrayLike<number>, Number);
        const bad = got.findIndex((g, i) => g !== want[i]);
        expect(bad, `${how} ${op}(${xs[bad]}, ${ys[bad]}) = ${got[bad]}, want ${want[bad]}`).toBe(-1);
      };
      check(f(x, y), 'eager');
      for (const wasm of [false, true]) {
        jp.config.update('wasm', wasm);
        check(jp.jit((a: jp.Array, b: jp.Array) => f(a, b))(x, y), wasm ? 'wasm' : 'js');
      }
      jp.config.update('wasm', true);
    }
  });
  it('bool is refused', () => {
    const b = jnp.array([true, false]);
    for (const f of [() => lax.shiftLeft(b, b), () => lax.populationCount(b), () => lax.clz(b)]) expect(f).toThrow(jp.DtypeError);
  });
  it("nextafter on float16 gives JAX's bits (test/golden/make_nextafter16.py), eager and jitted; on float32 it steps one ulp", () => {
    const g = JSON.parse(readFileSync(new URL('../golden/nextafter16.json', import.meta.url), 'utf8')) as { x: (number | string | null)[]; y: (number | string | null)[]; wantBits: number[] };
    const num = (v: number | string | null) => (v === null ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));
    const x = jnp.array(g.x.map(num), 'float16');
    const y = jnp.array(g.y.map(num), 'float16');
    for (const r of [lax.nextafter(x, y), jp.jit((a: jp.Array, b: jp.Array) => jnp.nextafter(a, b))(x, y)]) {
      expect(r.dtype.name).toBe('float16');
      const got = Array.from(lax.bitcastConvertType(r, 'uint16').dataSync() as ArrayLike<number>, Number);
      // Any NaN matches any NaN (payloads carry no meaning).
      const isNan = (b: number) => (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0;
      got.forEach((b, i) => {
        const w = g.wantBits[i]!;
        if (!(isNan(b) && isNan(w))) expect(b, `nextafter(${g.x[i]}, ${g.y[i]})`).toBe(w);
      });
    }
    expect(lax.nextafter(jnp.array([1], 'float32'), jnp.array([2], 'float32')).tolist()).toEqual([1 + 2 ** -23]);
  });
});
