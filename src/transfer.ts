// Explicit transfers: devicePut and deviceGet (always allowed by the transfer guard).
import type { NdArray } from '@d4c/numjs';
import { Array, type ArrayLike as JaxArrayLike, type TypedArray } from './core/array.js';
import { asArray } from './core/convert.js';
import { DeviceArray } from './runtime/deviceArray.js';
import { ConcretizationError } from './core/errors.js';
import { ComplexNdArray, type ComplexDtypeName } from './callbacks/complexNdArray.js';
import { treeMap } from './core/pytree.js';
import { copyOf, logTransfer, NdArray as NdArrayClass } from './callbacks/hostArrays.js';
import { NdArray0d } from './callbacks/ndarray0d.js';
import { isProfiling, nowUs } from './runtime/profiler.js';
import type { WorkerDevice } from './runtime/device.js';
import { defaultDevice } from './runtime/devices.js';

function putOne(x: unknown, dev: WorkerDevice): unknown {
  // asArray reads numjs arrays too (dtype from numjs, canonicalised as JAX does).
  const a = asArray(x as JaxArrayLike);
  if (!(a instanceof DeviceArray)) return a; // a tracer: device placement means nothing under a transformation
  // The same buffer, held by both arrays (freed when both let go); a JS scalar's stays the scalar cache's.
  if (a.scalarValue !== undefined) return new DeviceArray(a.aval, null, dev, a.scalarValue);
  return new DeviceArray(a.aval, a.buffer().share(), dev);
}

/**
 * Put a value (an array, number, TypedArray or numjs array) on a device (default: device 0),
 * committing it there. Plain JS arrays and objects are pytrees, as in JAX: each leaf is put.
 */
export function devicePut(x: Array | number | boolean | TypedArray | NdArray, device?: WorkerDevice): Array;
export function devicePut(tree: unknown, device?: WorkerDevice): unknown;
export function devicePut(x: unknown, device?: WorkerDevice): unknown {
  const dev = device ?? defaultDevice();
  return treeMap((leaf) => putOne(leaf, dev), x);
}

function getOne(x: unknown): unknown {
  if (!(x instanceof Array)) return x;
  if (!(x instanceof DeviceArray))
    throw new ConcretizationError('deviceGet() needs a concrete array, but got a traced value; inside jit/grad/vmap use debug.callback or ioCallback to see runtime values.');
  const view = x.viewSync('deviceGet()');
  const t0 = isProfiling() ? nowUs() : 0;
  if (x.dtype.kind === 'c') {
    // numjs has no complex dtype: the parts, split into a ComplexNdArray (a copy as well).
    const z = ComplexNdArray.fromInterleaved(view, x.shape, x.dtype.name as ComplexDtypeName);
    logTransfer('deviceToHost', view.byteLength, true, t0);
    return z;
  }
  // Always a copy: JS cannot make a view read-only, and a numjs array the user may write into
  // (in-place ops) or keep after delete() must never alias an immutable device array.
  const data = copyOf(view, x.aval);
  const nd = x.ndim === 0 ? new NdArray0d(data, x.dtype.name) : new NdArrayClass(data, [...x.shape]);
  logTransfer('deviceToHost', view.byteLength, true, t0);
  return nd;
}

/**
 * The value as a numjs array (or a pytree of them): always a host copy, in both transfer modes
 * (JAX's `device_get`). A shape-[] array comes back as a 0-d `NdArray0d`, a complex array as a
 * `ComplexNdArray` (numjs has no complex dtype).
 */
export function deviceGet(x: Array): NdArray;
export function deviceGet(tree: unknown): unknown;
export function deviceGet(x: unknown): unknown {
  return treeMap(getOne, x);
}

/**
 * JAX's `jax.default_backend()`: always `'cpu'` (the devices are worker threads on this machine).
 *
 * @example
 * ```ts
 * defaultBackend();   // 'cpu'
 * ```
 */
export function defaultBackend(): 'cpu' {
  return 'cpu';
}
