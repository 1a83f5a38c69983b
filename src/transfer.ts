// Explicit transfers: devicePut and deviceGet (always allowed by the transfer guard).
import type { NdArray } from '@d4c/numjs';
import { Array, type ArrayLike as JaxArrayLike, type TypedArray } from './core/array.js';
import { ShapedArray } from './core/aval.js';
import { asArray } from './core/convert.js';
import { DeviceArray } from './core/deviceArray.js';
import { config } from './core/config.js';
import { defaultFloat, type DType, float32, int32, uint8 } from './core/dtypes.js';
import { ConcretizationError } from './core/errors.js';
import { treeMap } from './core/pytree.js';
import { copyOf, logTransfer, NdArray as NdArrayClass, ndarrayValues } from './callbacks/hostArrays.js';
import { isProfiling, nowUs } from './runtime/profiler.js';
import type { WorkerDevice } from './runtime/device.js';
import { defaultDevice } from './runtime/devices.js';

/** The jaxpool dtype of a numjs array, canonicalised as JAX does (float64 → float32 without x64). */
function njDtype(x: NdArray, data: ArrayLike<number>): DType {
  switch (x.dtype as string) {
    case 'float32':
      return float32;
    case 'uint8':
    case 'uint8_clamped':
      return uint8;
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return int32;
    case 'array':
      // A numjs array over a JS Array: integers stay integers, as numpy's array() infers.
      for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i])) return defaultFloat();
      return int32;
    default:
      return defaultFloat();
  }
}

function fromNdArray(x: NdArray): DeviceArray {
  const { data } = ndarrayValues(x); // row-major, whatever the view's strides
  return DeviceArray.fromHost(data, new ShapedArray(x.shape, njDtype(x, data)));
}

function putOne(x: unknown, dev: WorkerDevice): unknown {
  if (x instanceof NdArrayClass) {
    const a = fromNdArray(x);
    return new DeviceArray(a.aval, a.buffer(), dev);
  }
  const a = asArray(x as JaxArrayLike);
  if (!(a instanceof DeviceArray)) return a; // a tracer: device placement means nothing under a transformation
  return new DeviceArray(a.aval, a.buffer(), dev, a.scalarValue);
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
  const copy = config.values.transferMode === 'copy';
  const nd = new NdArrayClass(copy ? copyOf(view, x.aval) : view, [...x.shape]);
  logTransfer('deviceToHost', view.byteLength, copy, t0);
  // A view keeps its array (and so the device buffer) alive while it is reachable.
  if (!copy) keepAlive.set(nd, x);
  return nd;
}

/**
 * The value as a numjs array (or a pytree of them). In zero-copy mode it is a view over device
 * memory (keeping the array alive while the view is reachable); in copy mode, a copy.
 */
export function deviceGet(x: Array): NdArray;
export function deviceGet(tree: unknown): unknown;
export function deviceGet(x: unknown): unknown {
  return treeMap(getOne, x);
}

const keepAlive = new WeakMap<NdArray, Array>();

export function defaultBackend(): 'cpu' {
  return 'cpu';
}
