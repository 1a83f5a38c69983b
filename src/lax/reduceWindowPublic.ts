// lax.reduceWindow with JAX's signature: the computation is lax.add, lax.max or lax.min, run as
// the matching windowed primitive; an init value other than the monoid's identity is combined
// once into every window's result (XLA skips padding and dilation holes, so that is what it gives).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { bind1 } from '../core/trace.js';
import { dilateDim, type PaddingLike, padtypeToPads, positiveList } from './convDims.js';
import { add, convertElementType, max, min } from './elementwise.js';
import { reduceWindowMaxP, reduceWindowMinP, reduceWindowShape, reduceWindowSumP, type WindowParams } from './reduceWindow.js';
import { broadcastInDim, full } from './structural.js';

export { reduceWindowMaxP, reduceWindowMinP, reduceWindowSumP } from './reduceWindow.js';

/** The computations reduceWindow runs as primitives, with their identities. */
const MONOIDS = [
  { op: add, prim: reduceWindowSumP, identity: 0 },
  { op: max, prim: reduceWindowMaxP, identity: -Infinity },
  { op: min, prim: reduceWindowMinP, identity: Infinity },
] as const;

/** reduceWindow's options (JAX's keyword arguments). */
export interface ReduceWindowOptions {
  windowStrides?: readonly number[] | null;
  padding?: PaddingLike;
  baseDilation?: readonly number[] | null;
  windowDilation?: readonly number[] | null;
}

/** Resolve reduceWindow's window arguments (JAX resolves a padding string against the undilated operand shape and the dilated window). */
function windowParams(fn: string, shape: readonly number[], windowDimensions: unknown, o: { windowStrides?: unknown; padding?: unknown; baseDilation?: unknown; windowDilation?: unknown }): WindowParams {
  const n = shape.length;
  if (!globalThis.Array.isArray(windowDimensions) || windowDimensions.some((d) => !Number.isInteger(d) || d <= 0))
    throw new ShapeError(`${fn}: 'windowDimensions' must be a list of positive integers, got ${describe(windowDimensions)}.`);
  if (windowDimensions.length !== n)
    throw new ShapeError(`${fn} got the wrong number of windowDimensions for the operand: operand shape [${shape}] with windowDimensions [${windowDimensions}].`);
  const windowStrides = positiveList(fn, 'windowStrides', o.windowStrides, n);
  const baseDilation = positiveList(fn, 'baseDilation', o.baseDilation, n);
  const windowDilation = positiveList(fn, 'windowDilation', o.windowDilation, n);
  const dilated = (windowDimensions as number[]).map((w, i) => dilateDim(w, windowDilation[i]!));
  const padding = padtypeToPads(shape, dilated, windowStrides, (o.padding ?? 'VALID') as PaddingLike, fn);
  const p: WindowParams = { windowDimensions: [...(windowDimensions as number[])], windowStrides, padding, baseDilation, windowDilation };
  reduceWindowShape(fn, shape, p);
  return p;
}

/**
 * Reduction over padded, dilated windows (`lax.reduceWindow(operand, initValue, computation,
 * windowDimensions, windowStrides?, padding = 'VALID', baseDilation?, windowDilation?)`), for
 * `computation` lax.add, lax.max or lax.min.
 */
export function reduceWindow(operand: ArrayLike, initValue: ArrayLike, computation: (x: Array, y: Array) => Array, windowDimensions: readonly number[], ...rest: unknown[]): Array {
  const fn = 'lax.reduceWindow';
  const o = bindArgs(fn, ['windowStrides', 'padding', 'baseDilation', 'windowDilation'], rest);
  const m = MONOIDS.find((k) => k.op === computation);
  if (!m) throw new TypeError(`${fn}: computation must be lax.add, lax.max or lax.min (run as reduce_window_sum/max/min), got ${describe(computation)}.`);
  if (globalThis.Array.isArray(operand) && operand.some((x) => typeof x === 'object' && x !== null && !globalThis.Array.isArray(x)))
    throw new TypeError(`${fn}: a tree of operands is not supported; reduce each array separately.`);
  const x = asArray(operand);
  const init = asArray(initValue);
  if (init.ndim !== 0) throw new ShapeError(`${fn}: initValue must be a scalar, got shape [${init.shape}].`);
  if (!init.weakType && init.dtype !== x.dtype)
    throw new DtypeError(`${fn}: initValue's dtype ${init.dtype.name} must be the operand's ${x.dtype.name}.`);
  const y = bind1(m.prim, [x], windowParams(fn, x.shape, windowDimensions, o));
  // The identity changes nothing; a concrete one is skipped (a traced init is always combined).
  if (typeof initValue === 'number' && initValue === m.identity) return y;
  const initFull = typeof initValue === 'number' ? full(y.shape, initValue, y.dtype, y.weakType) : broadcastInDim(init.weakType ? convertElementType(init, y.dtype, false) : init, y.shape, []);
  return m.op(y, initFull);
}
