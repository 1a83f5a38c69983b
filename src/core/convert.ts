// Turning JS values into arrays: numbers are weakly typed, like Python scalars in JAX.
import { Array, type ArrayLike, type NestedNumbers } from './array.js';
import { ShapedArray } from './aval.js';
import { DeviceArray } from './deviceArray.js';
import { type DType, bool, defaultFloat, dtype as toDtype, float32, float64, int32, uint8, type DTypeLike } from './dtypes.js';
import { DtypeError, ShapeError } from './errors.js';

/** The dtype JAX gives a JS scalar: bool for booleans, weak int for integers, weak float otherwise. */
export function scalarType(x: number | boolean): { dtype: DType; weak: boolean } {
  if (typeof x === 'boolean') return { dtype: bool, weak: false };
  if (Number.isInteger(x) && Math.abs(x) <= 2147483647) return { dtype: int32, weak: true };
  return { dtype: defaultFloat(), weak: true };
}

function typedDtype(t: ArrayBufferView): DType {
  if (t instanceof Float32Array) return float32;
  if (t instanceof Float64Array) return toDtype(float64);
  if (t instanceof Uint8Array || t instanceof Uint8ClampedArray) return uint8;
  return int32;
}

function flattenNested(x: NestedNumbers[]): { shape: number[]; flat: (number | boolean)[] } {
  const shape: number[] = [];
  let level: unknown = x;
  while (globalThis.Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const flat: (number | boolean)[] = [];
  const go = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean')
        throw new DtypeError(`array data must be numbers or booleans, got ${typeof v} (${String(v)}); convert it first.`);
      flat.push(v);
      return;
    }
    if (!globalThis.Array.isArray(v) || v.length !== shape[d])
      throw new ShapeError(`ragged nested array: expected length ${shape[d]} at depth ${d}; every row must have the same length.`);
    for (const e of v) go(e, d + 1);
  };
  go(x, 0);
  return { shape, flat };
}

/** jnp.asarray: arrays pass through (cast if a dtype is given); JS values are transferred. */
export function asArray(x: ArrayLike, dt?: DTypeLike): Array {
  if (x instanceof Array) return x;
  if (typeof x === 'number' || typeof x === 'boolean') {
    const t = scalarType(x);
    return DeviceArray.scalar(x, dt ? toDtype(dt) : t.dtype, dt ? false : t.weak);
  }
  if (ArrayBuffer.isView(x)) {
    const d = dt ? toDtype(dt) : typedDtype(x);
    const data = x as unknown as globalThis.ArrayLike<number>;
    return DeviceArray.fromHost(data, new ShapedArray([data.length], d));
  }
  if (globalThis.Array.isArray(x)) {
    const { shape, flat } = flattenNested(x);
    let d: DType;
    if (dt) d = toDtype(dt);
    else if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) d = bool;
    else if (flat.every((v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2147483647)) d = int32;
    else d = defaultFloat();
    return DeviceArray.fromHost(flat.map(Number), new ShapedArray(shape, d));
  }
  throw new DtypeError(`cannot convert ${typeof x} to an array; pass an Array, a number, a boolean, a (nested) JS array or a TypedArray.`);
}

/** For differentiation: a JS number argument is taken as a (weak) float, since integers have no tangents. */
export function asFloatArg(x: unknown): unknown {
  if (typeof x === 'number') return DeviceArray.scalar(x, defaultFloat(), true);
  return x;
}
