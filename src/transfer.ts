// Explicit transfers: devicePut and deviceGet (always allowed by the transfer guard).
import type { NdArray } from '@d4c/numjs';
import { Array, type ArrayLike } from './core/array.js';
import { ShapedArray } from './core/aval.js';
import { asArray } from './core/convert.js';
import { DeviceArray } from './core/deviceArray.js';
import { config } from './core/config.js';
import { dtype as toDtype } from './core/dtypes.js';
import { NdArray as NdArrayClass } from './callbacks/hostArrays.js';
import { defaultDevice, type WorkerDevice } from './runtime/device.js';
import { recordTransfer } from './runtime/transfers.js';

/** Put a value on a device (default: device 0), committing it there. */
export function devicePut(x: ArrayLike | NdArray, device?: WorkerDevice): Array {
  const dev = device ?? defaultDevice();
  if (x instanceof NdArrayClass) {
    const data = Float64Array.from(x.flatten().tolist() as number[]);
    const d = x.dtype === 'float32' ? 'float32' : x.dtype === 'int32' ? 'int32' : x.dtype === 'uint8' ? 'uint8' : 'float32';
    const a = DeviceArray.fromHost(data, new ShapedArray(x.shape, toDtype(d)));
    return new DeviceArray(a.aval, a.buffer(), dev);
  }
  const a = asArray(x as ArrayLike) as DeviceArray;
  if (!(a instanceof DeviceArray)) return a;
  return new DeviceArray(a.aval, a.buffer(), dev, a.scalarValue);
}

/**
 * The value as a numjs array. In zero-copy mode it is a view over device memory (keeping the
 * array alive while the view is reachable); in copy mode, a copy.
 */
export function deviceGet(x: Array): NdArray {
  const a = x as DeviceArray;
  if (config.values.transferMode === 'copy') {
    const data = a.viewSync('deviceGet()').slice();
    recordTransfer('deviceToHost', data.byteLength, true);
    return new NdArrayClass(data, [...a.shape]);
  }
  const view = a.viewSync('deviceGet()');
  recordTransfer('deviceToHost', view.byteLength, false);
  const nd = new NdArrayClass(view, [...a.shape]);
  keepAlive.set(nd, a);
  return nd;
}

const keepAlive = new WeakMap<NdArray, Array>();

export function defaultBackend(): 'cpu' {
  return 'cpu';
}
