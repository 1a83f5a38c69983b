// Independent references for the fuzzer: plain-JS float64 arithmetic, JAX's type promotion for
// the dtypes jaxpool has (bool < uint8 < int32 < float32, JS numbers weak), and reductions over
// axes written as loops. A reference returns the expected shape, dtype and values, or 'throws'
// when NumPy/JAX raise for that input; `undefined` means "no reference for this case".

export type DtypeName = 'bool' | 'uint8' | 'int32' | 'float32';
/** A concrete operand: an array (flat row-major values) or a JS number (weak typed). */
export type Operand = { shape: number[]; dtype: DtypeName; values: number[] } | { weak: number };
/** What a case must produce. */
export interface Expected {
  shape: number[];
  dtype: DtypeName;
  values: number[];
  /** Per-element absolute tolerance (a transcendental's or a sum's rounding); 0 when exact. */
  tol: number[];
}
export type Reference = Expected | 'throws' | undefined;

const RANK: Record<DtypeName, number> = { bool: 0, uint8: 1, int32: 2, float32: 3 };
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Cast a float64 value to `d` as JAX's convert_element_type does (float→int saturates, NaN→0). */
export function castTo(v: number, d: DtypeName): number {
  if (d === 'float32') return Math.fround(v);
  if (d === 'bool') return v !== 0 ? 1 : 0; // NaN is truthy
  if (Number.isNaN(v)) return 0;
  const t = Math.trunc(v);
  if (d === 'int32') return Math.max(-2147483648, Math.min(2147483647, t));
  return Math.max(0, Math.min(255, t));
}

/** Wrap an exact integer result into `d` (integer arithmetic overflows modulo 2^bits in JAX). */
function wrap(v: number, d: DtypeName): number {
  if (d === 'float32') return Math.fround(v);
  if (d === 'bool') return v !== 0 ? 1 : 0;
  if (d === 'int32') return Number(BigInt.asIntN(32, BigInt(Math.trunc(v))));
  return Number(BigInt.asUintN(8, BigInt(Math.trunc(v))));
}

/** JAX's result dtype of operands (weak JS numbers: an int takes the array's type, a float at least float32). */
export function promote(ops: readonly Operand[]): DtypeName {
  // A JS integer beyond int32 is a float (there is no int64).
  const isInt = (v: number) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
  const strong = ops.filter((o): o is Exclude<Operand, { weak: number }> => !('weak' in o));
  const weakFloat = ops.some((o) => 'weak' in o && !isInt(o.weak));
  if (strong.length === 0) return weakFloat ? 'float32' : 'int32';
  let d = strong.reduce<DtypeName>((a, o) => (RANK[o.dtype] > RANK[a] ? o.dtype : a), 'bool');
  const weakInt = ops.some((o) => 'weak' in o && isInt(o.weak));
  if (weakFloat && d !== 'float32') d = 'float32';
  else if (weakInt && d === 'bool') d = 'int32';
  return d;
}

/** NumPy broadcasting of shapes, or null when they do not broadcast. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | null {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - n + i;
      const e = k < 0 ? 1 : s[k]!;
      if (e === 1) continue;
      if (d !== 1 && d !== e) return null;
      d = e;
    }
    out.push(d);
  }
  return out;
}

/** Element `flat` of `shape`, read from an operand broadcast to it. */
function at(o: Operand, shape: readonly number[], flat: number): number {
  if ('weak' in o) return o.weak;
  let idx = 0;
  let stride = 1;
  let rest = flat;
  const coords: number[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    coords[i] = rest % shape[i]!;
    rest = Math.floor(rest / shape[i]!);
  }
  for (let i = o.shape.length - 1; i >= 0; i--) {
    const c = coords[shape.length - o.shape.length + i]!;
    idx += (o.shape[i] === 1 ? 0 : c) * stride;
    stride *= o.shape[i]!;
  }
  return o.values[idx]!;
}

const shapeOf = (o: Operand): number[] => ('weak' in o ? [] : o.shape);

/** How a unary or binary elementwise function computes, in float64, and its output dtype. */
interface ElementwiseSpec {
  /** The dtype of the result from the promoted operand dtype, or 'throws' (e.g. negative of bool). */
  out: (d: DtypeName) => DtypeName | 'throws';
  /** Operands are first cast to this dtype (the promoted one, or float32 for float functions). */
  compute: (d: DtypeName) => DtypeName;
  f: (...x: number[]) => number;
  /** Transcendental: allow a few float32 ulps and the function's conditioning. */
  approx?: boolean;
  /** Integer results wrap modulo 2^bits (add, subtract, multiply). */
  wraps?: boolean;
}

const floatFn = (f: (x: number) => number): ElementwiseSpec => ({ out: () => 'float32', compute: () => 'float32', f, approx: true });
const same = (f: (...x: number[]) => number, opts: Partial<ElementwiseSpec> = {}): ElementwiseSpec => ({ out: (d) => d, compute: (d) => d, f, ...opts });
const toBool = (f: (...x: number[]) => boolean, truthy = false): ElementwiseSpec => ({
  out: () => 'bool',
  compute: (d) => (truthy ? 'float32' : d),
  f: (...x) => (f(...x) ? 1 : 0),
});
const noBool = (s: ElementwiseSpec): ElementwiseSpec => ({ ...s, out: (d) => (d === 'bool' ? 'throws' : s.out(d)) });
const truthy = (x: number) => x !== 0; // NaN is truthy

function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The elementwise functions with a reference, by jnp name. */
export const ELEMENTWISE: Record<string, ElementwiseSpec> = {
  sin: floatFn(Math.sin),
  cos: floatFn(Math.cos),
  tan: floatFn(Math.tan),
  tanh: floatFn(Math.tanh),
  exp: floatFn(Math.exp),
  log: floatFn(Math.log),
  log1p: floatFn(Math.log1p),
  expm1: floatFn(Math.expm1),
  sqrt: floatFn(Math.sqrt),
  negative: noBool(same((x) => -x, { wraps: true })),
  abs: same((x) => Math.abs(x), { wraps: true }),
  sign: noBool(same((x) => (Number.isNaN(x) ? NaN : Math.sign(x)))),
  // JAX returns bool and integer arrays unchanged.
  floor: same(Math.floor),
  ceil: same(Math.ceil),
  round: noBool(same(roundHalfEven)),
  logicalNot: toBool((x) => !truthy(x), true),
  add: same((a, b) => a + b, { wraps: true }),
  subtract: noBool(same((a, b) => a - b, { wraps: true })),
  multiply: same((a, b) => a * b, { wraps: true }),
  divide: { out: () => 'float32', compute: () => 'float32', f: (a, b) => a / b },
  maximum: same((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))),
  minimum: same((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))),
  equal: toBool((a, b) => a === b),
  notEqual: toBool((a, b) => a !== b),
  less: toBool((a, b) => a < b),
  lessEqual: toBool((a, b) => a <= b),
  greater: toBool((a, b) => a > b),
  greaterEqual: toBool((a, b) => a >= b),
  logicalAnd: toBool((a, b) => truthy(a) && truthy(b), true),
  logicalOr: toBool((a, b) => truthy(a) || truthy(b), true),
};
ELEMENTWISE.trueDivide = ELEMENTWISE.divide!;
ELEMENTWISE.around = ELEMENTWISE.round!;

/** The reference of elementwise function `name` on `ops`. */
export function elementwise(name: string, ops: readonly Operand[]): Reference {
  const spec = ELEMENTWISE[name];
  if (!spec) return undefined;
  const shape = broadcastShapes(ops.map(shapeOf));
  if (shape === null) return 'throws';
  const d = promote(ops);
  const out = spec.out(d);
  if (out === 'throws') return 'throws';
  const cd = spec.compute(d);
  // A JS integer outside an integer operand's range: JAX's handling varies by version (skip).
  const lim = d === 'uint8' ? [0, 255] : d === 'int32' ? [-2147483648, 2147483647] : null;
  if (lim && ops.some((o) => 'weak' in o && (o.weak < lim[0]! || o.weak > lim[1]!))) return undefined;
  const n = size(shape);
  const values: number[] = [];
  const tol: number[] = [];
  for (let i = 0; i < n; i++) {
    const xs = ops.map((o) => castTo(at(o, shape, i), cd));
    const v = spec.f(...xs);
    values.push(spec.wraps && out !== 'float32' ? wrap(v, out) : castTo(v, out));
    tol.push(spec.approx ? conditioned(spec.f, xs[0]!, v) : 0);
  }
  return { shape, dtype: out, values, tol };
}

/**
 * Tolerance of a float32 transcendental at x: a few ulps of the result plus how much the function
 * moves when x moves by one float32 ulp (its conditioning).
 */
function conditioned(f: (x: number) => number, x: number, v: number): number {
  if (!Number.isFinite(v)) return 0;
  const ulp = Math.max(Math.abs(x) * 2 ** -23, 2 ** -149);
  let spread = 0;
  for (const y of [f(x - ulp), f(x + ulp)]) if (Number.isFinite(y)) spread = Math.max(spread, Math.abs(y - v));
  return spread + 4 * 2 ** -23 * Math.abs(v) + 1e-37;
}

/** Normalised reduction axes of rank `ndim`, or 'throws' (out of range, duplicated, not integers). */
export function normAxes(axis: unknown, ndim: number): number[] | 'throws' {
  if (axis === undefined || axis === null) return [...Array(ndim).keys()];
  const list = Array.isArray(axis) ? axis : [axis];
  const out: number[] = [];
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -ndim || a >= ndim) return 'throws';
    const k = a < 0 ? a + ndim : a;
    if (out.includes(k)) return 'throws';
    out.push(k);
  }
  return out;
}

type ReduceName = 'sum' | 'prod' | 'max' | 'min' | 'mean' | 'any' | 'all' | 'argmax' | 'argmin';
export const REDUCTIONS: readonly ReduceName[] = ['sum', 'prod', 'max', 'min', 'mean', 'any', 'all', 'argmax', 'argmin'];

/** The reference of reduction `name` of array `x` over `axis` (keepdims as given). */
export function reduction(name: string, x: Operand, axis: unknown, keepdims: boolean): Reference {
  if (!(REDUCTIONS as readonly string[]).includes(name) || 'weak' in x) return undefined;
  const isArg = name === 'argmax' || name === 'argmin';
  // argmax/argmin take one axis or none (JAX: an int or None).
  if (isArg && Array.isArray(axis)) return 'throws';
  const axes = normAxes(axis, x.shape.length);
  if (axes === 'throws') return 'throws';
  const reduced = x.shape.map((_, i) => axes.includes(i));
  const groupSize = size(x.shape.filter((_, i) => reduced[i]));
  const outShape = x.shape.flatMap((s, i) => (reduced[i] ? (keepdims ? [1] : []) : [s]));
  const n = size(outShape);
  // max/min/argmax/argmin of an empty group raise (no identity), as in NumPy and JAX.
  if (groupSize === 0 && n > 0 && (name === 'max' || name === 'min' || isArg)) return 'throws';
  if (isArg && groupSize === 0) return 'throws';
  const d = x.dtype;
  // JAX sums uint8 as uint32, which jaxpool does not have.
  if (d === 'uint8' && (name === 'sum' || name === 'prod')) return undefined;
  const dtype: DtypeName =
    name === 'any' || name === 'all' ? 'bool' : isArg ? 'int32' : name === 'mean' ? 'float32' : (name === 'sum' || name === 'prod') && d !== 'float32' ? 'int32' : d;
  const groups: number[][] = Array.from({ length: n }, () => []);
  const strides: number[] = [];
  let s = 1;
  for (let i = x.shape.length - 1; i >= 0; i--) [strides[i], s] = [s, s * x.shape[i]!];
  for (let flat = 0; flat < x.values.length; flat++) {
    let o = 0;
    for (let i = 0; i < x.shape.length; i++) if (!reduced[i]) o = o * x.shape[i]! + (Math.floor(flat / strides[i]!) % x.shape[i]!);
    groups[o]!.push(x.values[flat]!);
  }
  const values: number[] = [];
  const tol: number[] = [];
  for (const g of groups) {
    const abs = g.reduce((a, v) => a + Math.abs(v), 0);
    let v: number;
    let t = 0;
    switch (name) {
      case 'sum':
        v = dtype === 'float32' ? g.reduce((a, b) => a + b, 0) : Number(BigInt.asIntN(32, g.reduce((a, b) => a + BigInt(b), 0n)));
        t = 1e-6 * abs * Math.max(1, g.length);
        break;
      case 'prod':
        v = dtype === 'float32' ? g.reduce((a, b) => a * b, 1) : Number(BigInt.asIntN(32, g.reduce((a, b) => a * BigInt(b), 1n)));
        t = 1e-6 * Math.abs(v) * Math.max(1, g.length);
        break;
      case 'mean':
        v = g.reduce((a, b) => a + b, 0) / g.length;
        t = (1e-6 * abs * Math.max(1, g.length)) / Math.max(1, g.length) + 1e-6 * Math.abs(v);
        break;
      case 'max':
        v = g.some(Number.isNaN) ? NaN : Math.max(...g);
        break;
      case 'min':
        v = g.some(Number.isNaN) ? NaN : Math.min(...g);
        break;
      case 'any':
        v = g.some(truthy) ? 1 : 0;
        break;
      case 'all':
        v = g.every(truthy) ? 1 : 0;
        break;
      default: {
        const nan = g.findIndex(Number.isNaN);
        let best = 0;
        for (let i = 1; i < g.length; i++) if (name === 'argmax' ? g[i]! > g[best]! : g[i]! < g[best]!) best = i;
        v = nan >= 0 ? nan : best;
      }
    }
    values.push(name === 'sum' || name === 'prod' ? wrap(v, dtype) : castTo(v, dtype));
    tol.push(dtype === 'float32' ? t : 0);
  }
  return { shape: outShape, dtype, values, tol };
}
