// jnp.pad: NumPy's padding modes, axis by axis, as JAX builds them (slices, reversals,
// broadcasts and concatenations, so gradients and batching follow).
import { Array, type ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { ConcretizationError, DtypeError, ShapeError } from '../core/errors.js';
import { defaultFloat } from '../core/dtypes.js';
import { add, convertElementType, div, floor, mul, sub } from '../lax/elementwise.js';
import { iota } from '../lax/iota.js';
import { reduceMax, reduceMin, reduceSum } from '../lax/reductions.js';
import { concatenateAlong, rev, slice } from '../lax/slicing.js';
import { broadcastInDim, full, reshape } from '../lax/structural.js';
import { range } from './axes.js';
import { declare } from './declare.js';
import { round as jnpRound } from './elementwise.js';

/** pad's modes (a callable mode is not supported). */
export type PadMode = 'constant' | 'edge' | 'linear_ramp' | 'maximum' | 'mean' | 'minimum' | 'reflect' | 'symmetric' | 'wrap' | 'empty';
type PairsLike = number | readonly number[] | readonly (readonly number[])[] | Array;

/** pad's options (JAX's keyword arguments). */
export interface PadOptions {
  mode?: PadMode;
  constantValues?: ArrayLike;
  statLength?: PairsLike | null;
  endValues?: PairsLike;
  reflectType?: 'even' | 'odd';
}

/** NumPy's forms of a per-axis (before, after) argument: a scalar, [v], [before, after], [[before, after]] or one pair per axis. */
function pairs(name: string, v: unknown, nd: number): [number, number][] {
  let a = v;
  if (a instanceof Array) {
    if (!(a instanceof DeviceArray)) throw new ConcretizationError(`pad(): '${name}' must be concrete (it sets the output shape), got a traced array.`);
    a = a.tolist();
  }
  const bad = () => new ShapeError(`pad(): '${name}' with ${nd} dimensions has an unsupported shape: ${describe(v)}. Valid shapes are (${nd}, 2), (1, 2), (2,), (1,) or ().`);
  const num = (x: unknown) => {
    if (typeof x !== 'number' && typeof x !== 'boolean') throw new TypeError(`pad(): '${name}' entries must be numbers, got ${describe(x)}.`);
    return Number(x);
  };
  if (typeof a === 'number') return range(0, nd).map(() => [a as number, a as number]);
  if (!globalThis.Array.isArray(a)) throw bad();
  if (a.every((x) => !globalThis.Array.isArray(x))) {
    if (a.length === 1) return range(0, nd).map(() => [num(a[0]), num(a[0])]);
    if (a.length === 2) return range(0, nd).map(() => [num(a[0]), num(a[1])]);
    throw bad();
  }
  if (!a.every((x) => globalThis.Array.isArray(x) && x.length === 2)) throw bad();
  const rows = a as unknown[][];
  if (rows.length === 1) return range(0, nd).map(() => [num(rows[0]![0]), num(rows[0]![1])]);
  if (rows.length === nd) return rows.map((r) => [num(r[0]), num(r[1])]);
  throw bad();
}

const sliceIn = (x: Array, ax: number, lo: number, hi: number) => slice(x, x.shape.map((_, k) => (k === ax ? lo : 0)), x.shape.map((d, k) => (k === ax ? hi : d)));
const spread = (x: Array, ax: number, n: number) => broadcastInDim(x, x.shape.map((d, k) => (k === ax ? n : d)), range(0, x.ndim));
const blockOf = (x: Array, ax: number, n: number, v: Array) => broadcastInDim(v, x.shape.map((d, k) => (k === ax ? n : d)), []);
const join = (parts: Array[], ax: number) => concatenateAlong(parts.filter((p) => p.shape[ax] !== 0 || parts.length === 1), ax);

function noPaddingOfEmpty(mode: string, x: Array, ax: number, [b, a]: [number, number]): boolean {
  if (x.shape[ax] !== 0) return false;
  if (b > 0 || a > 0) throw new ShapeError(`pad(): cannot apply '${mode}' padding to an empty axis (axis ${ax}).`);
  return true;
}

/** A constant value per axis and side, in `x`'s dtype: NumPy's forms of `constantValues` / `endValues`. */
function values(name: string, v: unknown, x: Array): Array[][] {
  const c = convertElementType(asArray(v as ArrayLike), x.dtype, x.weakType);
  if (c.ndim === 0) return range(0, x.ndim).map(() => [c, c]);
  if (c.ndim > 2 || c.shape[c.ndim - 1]! > 2) throw new ShapeError(`pad(): '${name}' has an unsupported shape [${c.shape}]; the last dimension must be of size 1 or 2.`);
  const b = broadcastInDim(c, [x.ndim, 2], c.ndim === 1 ? [1] : [0, 1]);
  return range(0, x.ndim).map((i) => [0, 1].map((j) => reshape(slice(b, [i, j], [i + 1, j + 1]), [])));
}

/** Pad reflecting (`reflect`, edge excluded) or mirroring (`symmetric`) chunk by chunk; 'odd' reflects through the edge value. */
function reflectAxis(x0: Array, ax: number, [before, after]: [number, number], symmetric: boolean, odd: boolean): Array {
  const n = x0.shape[ax]!;
  const offset = !symmetric && n > 1 ? 1 : 0;
  let x = x0;
  for (const side of [0, 1] as const) {
    let padding = side === 0 ? before : after;
    let edge = side === 0 ? sliceIn(x, ax, 0, 1) : sliceIn(x, ax, x.shape[ax]! - 1, x.shape[ax]!);
    while (padding > 0) {
      const cur = Math.min(padding, n - offset);
      padding -= cur;
      const m = x.shape[ax]!;
      let chunk = side === 0 ? sliceIn(x, ax, offset, offset + cur) : sliceIn(x, ax, m - cur - offset, symmetric || n === 1 ? m : m - 1);
      chunk = rev(chunk, [ax]);
      if (odd) {
        chunk = sub(mul(full(chunk.shape, 2, x.dtype, x.weakType), spread(edge, ax, cur)), chunk);
        if (n > 1) edge = side === 0 ? sliceIn(chunk, ax, 0, 1) : sliceIn(chunk, ax, cur - 1, cur);
      }
      x = side === 0 ? join([chunk, x], ax) : join([x, chunk], ax);
    }
  }
  return x;
}

/** A linear ramp of `n` values from `end` towards `edge` (excluded), along `ax`, in `x`'s dtype (integers truncated, as jnp.linspace). */
function ramp(x: Array, ax: number, n: number, end: Array, edge: Array): Array {
  const f = x.dtype.kind === 'f' ? x.dtype : undefined;
  const fd = f ?? defaultFloat();
  const shape = x.shape.map((d, k) => (k === ax ? n : d));
  const e0 = convertElementType(end, fd);
  const e1 = convertElementType(edge, fd);
  const t = div(convertElementType(iota(fd, [n]), fd), full([n], n, fd));
  const tt = broadcastInDim(t, shape, [ax]);
  // jnp.linspace's form: start·(1 - t) + stop·t.
  const v = add(mul(blockOf(x, ax, n, e0), sub(full(shape, 1, fd), tt)), mul(spread(e1, ax, n), tt));
  // Integer dtypes floor the float ramp, as jnp.linspace does.
  return convertElementType(f ? v : floor(v), x.dtype, x.weakType);
}

/** Add padding to an array (`pad(array, padWidth, mode = 'constant', { constantValues, statLength, endValues, reflectType })`). */
export const pad = declare('pad', {
  arity: 4,
  arrays: 1,
  impl: (array: ArrayLike, padWidth: PairsLike, mode?: PadMode | PadOptions, opts?: PadOptions): Array => {
    const o = bindArgs('pad', ['mode', 'constantValues', 'statLength', 'endValues', 'reflectType'], [mode, opts], ['constantValues', 'statLength', 'endValues', 'reflectType']);
    let x = asArray(array);
    const m = (o.mode ?? 'constant') as string;
    if (typeof m === 'function') throw new TypeError('pad(): a function as mode is not supported; use one of the named modes.');
    if (m === 'median') throw new TypeError("pad(): mode 'median' is not supported yet; use 'mean', 'maximum' or 'minimum'.");
    const modes = ['constant', 'edge', 'linear_ramp', 'maximum', 'mean', 'minimum', 'reflect', 'symmetric', 'wrap', 'empty'];
    if (!modes.includes(m)) throw new TypeError(`pad(): unimplemented padding mode '${String(m)}'; use one of ${modes.join(', ')}.`);
    for (const k of ['statLength', 'endValues', 'reflectType', 'constantValues'] as const) {
      const allowed = { constantValues: ['constant'], statLength: ['maximum', 'mean', 'minimum'], endValues: ['linear_ramp'], reflectType: ['reflect', 'symmetric'] }[k];
      if (o[k] !== undefined && !allowed.includes(m)) throw new TypeError(`pad(): unsupported option '${k}' for mode '${m}'.`);
    }
    if (m === 'linear_ramp' && x.dtype.kind !== 'f')
      throw new DtypeError(`pad(): mode 'linear_ramp' of ${x.dtype.name} arrays is not supported (its rounding of the float ramp can differ from JAX's by one); pad x.astype('float32') and convert back.`);
    if (x.ndim === 0) return x;
    const pw = pairs('padWidth', padWidth, x.ndim);
    if (pw.some(([b, a]) => !Number.isInteger(b) || !Number.isInteger(a))) throw new TypeError(`pad(): 'padWidth' must be integers, got ${describe(padWidth)}.`);
    if (pw.some(([b, a]) => b < 0 || a < 0)) throw new ShapeError(`pad(): 'padWidth' can't contain negative values, got ${describe(padWidth)}.`);
    const reflectType = o.reflectType ?? 'even';
    if (reflectType !== 'even' && reflectType !== 'odd') throw new TypeError(`pad(): 'reflectType' must be 'even' or 'odd', got ${describe(reflectType)}.`);
    const cvs = m === 'constant' ? values('constantValues', o.constantValues ?? 0, x) : m === 'empty' ? values('constantValues', 0, x) : undefined;
    const evs = m === 'linear_ramp' ? values('endValues', o.endValues ?? 0, x) : undefined;
    const stat = o.statLength === undefined || o.statLength === null ? undefined : pairs('statLength', o.statLength, x.ndim);
    for (let ax = 0; ax < x.ndim; ax++) {
      const [b, a] = pw[ax]!;
      if (b === 0 && a === 0) continue;
      if (cvs) {
        x = join([blockOf(x, ax, b, cvs[ax]![0]!), x, blockOf(x, ax, a, cvs[ax]![1]!)], ax);
      } else if (m === 'reflect' || m === 'symmetric') {
        if (!noPaddingOfEmpty(m, x, ax, [b, a])) x = reflectAxis(x, ax, [b, a], m === 'symmetric', reflectType === 'odd');
      } else if (m === 'wrap') {
        if (noPaddingOfEmpty(m, x, ax, [b, a])) continue;
        const n = x.shape[ax]!;
        const parts: Array[] = [];
        if (b % n > 0) parts.push(sliceIn(x, ax, n - (b % n), n));
        for (let r = 0; r < Math.floor(b / n) + Math.floor(a / n) + 1; r++) parts.push(x);
        if (a % n > 0) parts.push(sliceIn(x, ax, 0, a % n));
        x = join(parts, ax);
      } else if (m === 'edge') {
        if (noPaddingOfEmpty(m, x, ax, [b, a])) continue;
        const n = x.shape[ax]!;
        x = join([spread(sliceIn(x, ax, 0, 1), ax, b), x, spread(sliceIn(x, ax, n - 1, n), ax, a)], ax);
      } else if (m === 'linear_ramp') {
        const n = x.shape[ax]!;
        if (noPaddingOfEmpty(m, x, ax, [b, a])) continue;
        const first = reshape(sliceIn(x, ax, 0, 1), x.shape.filter((_, k) => k !== ax));
        const last = reshape(sliceIn(x, ax, n - 1, n), x.shape.filter((_, k) => k !== ax));
        const dims = range(0, x.ndim).filter((k) => k !== ax);
        const edgeB = broadcastInDim(first, x.shape.map((d, k) => (k === ax ? 1 : d)), dims);
        const edgeA = broadcastInDim(last, x.shape.map((d, k) => (k === ax ? 1 : d)), dims);
        x = join([ramp(x, ax, b, evs![ax]![0]!, edgeB), x, rev(ramp(x, ax, a, evs![ax]![1]!, edgeA), [ax])], ax);
      } else {
        const n = x.shape[ax]!;
        const statOf = (lo: number, hi: number) => {
          const part = sliceIn(x, ax, lo, hi);
          if (part.shape[ax] === 0) throw new ShapeError(`pad(): mode '${m}' of an empty axis (axis ${ax}) yields no value for padding.`);
          if (m === 'maximum') return reduceMax(part, [ax]);
          if (m === 'minimum') return reduceMin(part, [ax]);
          const fd = x.dtype.kind === 'f' ? x.dtype : defaultFloat();
          const total = reduceSum(convertElementType(part, fd), [ax]);
          const mean = div(total, full(total.shape, hi - lo, fd));
          return convertElementType(x.dtype.kind === 'f' ? mean : jnpRound(mean), x.dtype, x.weakType);
        };
        let [lb, la] = stat ? stat[ax]! : [n, n];
        if (lb === 0 || la === 0) throw new ShapeError("pad(): 'statLength' of 0 yields no value for padding.");
        lb = Math.min(lb, n);
        la = Math.min(la, n);
        const dims = range(0, x.ndim).filter((k) => k !== ax);
        const sb = broadcastInDim(statOf(0, lb), x.shape.map((d, k) => (k === ax ? b : d)), dims);
        const sa = broadcastInDim(statOf(n - la, n), x.shape.map((d, k) => (k === ax ? a : d)), dims);
        x = join([sb, x, sa], ax);
      }
    }
    return x;
  },
});
