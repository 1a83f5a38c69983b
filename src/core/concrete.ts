// How core makes concrete arrays (from JS numbers and host data) without importing the runtime,
// which sits above core: the runtime's DeviceArray installs the factory when it loads (the
// package entry loads it before any user code runs).
import type { Array } from './array.js';
import type { ShapedArray } from './aval.js';
import type { DType } from './dtypes.js';

/** Makers of concrete (device) arrays, installed by runtime/deviceArray.ts. */
export interface ConcreteArrays {
  /** A 0-d array holding `value`. */
  scalar(value: number | boolean, dtype: DType, weak: boolean): Array;
  /** An array of `aval` holding `data` (row-major, already checked to fit the dtype). */
  fromHost(data: globalThis.ArrayLike<number>, aval: ShapedArray): Array;
}

const notLoaded = (): never => {
  throw new Error('internal: jaxpool/runtime/deviceArray.js is not loaded; import jaxpool from its package entry.');
};

/** The installed makers (see ConcreteArrays). */
export const concreteArrays: ConcreteArrays = { scalar: notLoaded, fromHost: notLoaded };

/** Installs the runtime's makers of concrete arrays. */
export function installConcreteArrays(impl: ConcreteArrays): void {
  Object.assign(concreteArrays, impl);
}
