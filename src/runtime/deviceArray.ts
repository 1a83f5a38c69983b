// Concrete arrays: an abstract value plus a buffer in the shared device heap.
import { inspect } from 'node:util';
import { Array, type NestedNumbers, type TypedArray } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { type DType, type TypedArrayOf, castScalar, float16, lanes, storageArrayClass, typedArrayFor, typedArrayToFill } from '../core/dtypes.js';
import { decodeFloat16, encodeFloat16 } from '../core/float16.js';
import { DeletedArrayError, DtypeError, ShapeError } from '../core/errors.js';
import { formatRepr, formatStr } from '../core/printing.js';
import { allocate, forgetWhenCollected, heapViews, noteHostCopy, recycleHostMemory, releaseWhenCollected, type HeapBuffer } from './heap.js';
import type { WorkerDevice } from './device.js';
import { defaultDevice } from './devices.js';
import { waitFor, whenDone } from './sync.js';
import { recordTransfer } from './transfers.js';
import { isDone, type Ticket } from './ticket.js';
import { settle } from './failures.js';
import { CHUNKED_READ_BYTES, ChunkedCopy } from './chunkProgress.js';
import { checkImplicitTransfer } from '../core/transferGuard.js';
import { config } from '../core/config.js';
import { installConcreteArrays } from '../core/concrete.js';

/** A concrete array's elements on the host (float16 as a Float32Array of its values, complex as interleaved (re, im) pairs). */
export type HostData = TypedArrayOf;

/** A copy out under way: the wait still to do, and the chunks being copied meanwhile. */
interface PendingCopy {
  producer: Ticket | null;
  chunked: ChunkedCopy<HostData> | null;
}

/**
 * A computation not launched yet (an eager op deferred to fuse with the ops after it, see
 * numpy/lazy.ts). The array launches it when its value or buffer is first needed.
 */
export interface Deferred {
  /** Where it will run, and whether it is committed there (from its inputs). */
  readonly device: WorkerDevice | null;
  readonly committed: boolean;
  /** Launch it for `array`: an array of the same aval whose buffer `array` then shares. */
  launch(array: DeviceArray): DeviceArray;
}

/** A symbol cannot be cloned: its description is the DataCloneError's message. */
const NOT_CLONEABLE = Symbol(
  'a jaxpool Array (a handle to device memory) cannot be cloned or posted; copy its values with x.tolist() or await x.data()',
);

export class DeviceArray extends Array {
  #buffer: HeapBuffer | null;
  #deleted = false;
  #device: WorkerDevice | null;
  readonly #committed: boolean;
  /** Set while the value is a deferred computation not launched yet. */
  #deferred: Deferred | null = null;
  /** Set once a read raised the failure of the program that computed it: its value is that error. */
  #failure: Error | null = null;
  /** For arrays made from a JS scalar: the value, so tracing can inline it as a literal. */
  readonly scalarValue: number | undefined;
  /**
   * Makes `structuredClone(x)` and `postMessage(x)` throw a DataCloneError naming what to do (they
   * copy own fields, and a copy of the handle would be a plain object that is no array).
   * @internal
   */
  readonly cloneGuard = NOT_CLONEABLE;

  readonly #aval: ShapedArray;

  /**
   * `committed`: placed on `device` on purpose (devicePut, or computed from such arrays), so later
   * work on it stays there; by default, whenever a device is given.
   */
  constructor(
    aval: ShapedArray,
    buffer: HeapBuffer | null,
    device: WorkerDevice | null,
    scalarValue?: number,
    committed = device !== null,
  ) {
    super();
    this.#aval = aval;
    this.#buffer = buffer;
    this.#device = device;
    this.#committed = committed;
    this.scalarValue = scalarValue;
    // delete() releases early and unregisters: each holder of a buffer releases it once.
    if (buffer) releaseWhenCollected(this, buffer);
  }

  /** Copy host data into a new device buffer (a host→device transfer). */
  static fromHost(data: ArrayLike<number>, aval: ShapedArray, device: WorkerDevice | null = null): DeviceArray {
    const buf = allocate(aval.size * aval.dtype.itemsize);
    writeHeap(buf, aval.dtype, data);
    recordTransfer('hostToDevice', buf.nbytes, true);
    return new DeviceArray(aval, buf, device);
  }

  /** An array whose value `deferred` computes when it is first needed. */
  static deferred(aval: ShapedArray, deferred: Deferred): DeviceArray {
    const a = new DeviceArray(aval, null, deferred.device, undefined, deferred.committed);
    a.#deferred = deferred;
    return a;
  }

  /** Whether its value is a deferred computation not launched yet. */
  get isDeferred(): boolean {
    return this.#deferred !== null;
  }

  /** A scalar from a JS value (for a complex dtype: value + 0j); its buffer is made when a kernel first needs it. */
  static scalar(value: number | boolean, dtype: DType, weak: boolean): DeviceArray {
    return new DeviceArray(new ShapedArray([], dtype, weak), null, null, castScalar(value, dtype));
  }

  get aval(): ShapedArray {
    return this.#aval;
  }

  get device(): WorkerDevice | null {
    return this.#device;
  }
  /** Work on it stays on its device (JAX's committed arrays). */
  get committed(): boolean {
    return this.#committed;
  }
  get isDeleted(): boolean {
    return this.#deleted;
  }

  /** The device buffer, materialising a scalar's on first use. */
  buffer(): HeapBuffer {
    this.checkAlive();
    if (!this.#buffer) this.#buffer = scalarBuffer(this.aval.dtype, this.scalarValue!);
    return this.#buffer;
  }

  /** Raise if deleted or failed; launch a deferred computation (every use of the value comes here first). */
  private checkAlive(): void {
    if (this.#failure) throw this.#failure;
    if (this.#deleted)
      throw new DeletedArrayError(`this ${this.aval.str()} array was deleted (delete() frees its device buffer); compute or devicePut it again.`);
    if (this.#deferred) this.launchDeferred(this.#deferred);
  }

  private launchDeferred(d: Deferred): void {
    const out = d.launch(this);
    this.#deferred = null;
    this.#buffer = out.buffer().share();
    this.#device = out.device;
    releaseWhenCollected(this, this.#buffer);
  }

  /**
   * A read raised `e`. When it is the failure of the program that computed this array (not a wait
   * that could not finish), the array holds that error from now on and its buffer is freed.
   */
  private failed(producer: Ticket, e: unknown): never {
    if (producer.settled && producer.failure === e && !this.#failure) {
      this.#failure = producer.failure;
      this.letGo();
    }
    throw e;
  }

  /** Block until the value is ready (raising the failure that computed it, if any). */
  private block(producer: Ticket, what: string, onWake?: () => void): void {
    // Computed cleanly already (the common case after a host run): no wait, no message to build.
    if (isDone(producer) && settle(producer) === null) return;
    try {
      waitFor(producer, `${what} of a ${this.aval.str()} array`, onWake);
    } catch (e) {
      this.failed(producer, e);
    }
  }

  /** Wait through the event loop until the value is ready. */
  private async awaitReady(producer: Ticket, what: string, onWake?: () => void): Promise<void> {
    try {
      await whenDone(producer, `${what} of a ${this.aval.str()} array`, onWake);
    } catch (e) {
      this.failed(producer, e);
    }
  }

  /** Wait for the value. */
  private sync(what: string): void {
    this.checkAlive();
    const producer = this.#buffer?.producer;
    if (producer) this.block(producer, what);
  }

  /** Wait for the value and copy it out (a device→host transfer). */
  dataSync(): HostData {
    checkImplicitTransfer('dataSync()', this.aval);
    return this.readSync('dataSync()');
  }

  async data(): Promise<HostData> {
    const copy = this.startCopy();
    if (copy.producer) await this.awaitReady(copy.producer, 'data()', copy.chunked?.copyFinished);
    return this.finishCopy(copy);
  }

  private readSync(what: string): HostData {
    const copy = this.startCopy();
    if (copy.producer) this.block(copy.producer, what, copy.chunked?.copyFinished);
    return this.finishCopy(copy);
  }

  /**
   * Begin a copy out. First collect dropped host copies (while the devices compute, if they still
   * do), so this one reuses their memory; a large output of a shared launch still being computed
   * is then copied chunk by chunk as the parts finish them, while the wait for the rest goes on.
   */
  private startCopy(): PendingCopy {
    this.checkAlive();
    const buf = this.#buffer;
    if (!buf) return { producer: null, chunked: null };
    recycleHostMemory(buf.nbytes);
    const running = buf.producer !== null && !isDone(buf.producer);
    if (!running || !buf.progress || buf.nbytes < CHUNKED_READ_BYTES || this.aval.dtype === float16) return { producer: buf.producer, chunked: null };
    const out = typedArrayToFill(this.aval.dtype, this.aval.size) as HostData;
    return { producer: buf.producer, chunked: new ChunkedCopy(buf, buf.progress, out) };
  }

  private finishCopy(copy: PendingCopy): HostData {
    return copy.chunked ? this.copied(copy.chunked.finish()) : this.copyOut();
  }

  /** A view over device memory (zero-copy), valid while this array is alive and not deleted. */
  viewSync(what: string): HostData {
    this.sync(what);
    return this.heapView();
  }

  heapView(): HostData {
    this.checkAlive();
    // float16 is stored as bits: the host sees its values, decoded (a copy).
    if (this.aval.dtype === float16 && this.#buffer) return decodeFloat16(heapSlice(this.#buffer, float16, this.aval.size));
    if (!this.#buffer) {
      const out = typedArrayFor(this.aval.dtype, 1);
      out[0] = this.scalarValue!;
      return out;
    }
    return heapSlice(this.#buffer, this.aval.dtype, this.aval.size);
  }

  private copyOut(): HostData {
    const view = this.heapView();
    if (this.aval.dtype === float16) return this.copied(view); // already a fresh copy
    // set() copies a shared buffer with memcpy; slice() does not (measured ~4x slower).
    const out = typedArrayToFill(this.aval.dtype, this.aval.size) as HostData;
    out.set(view);
    return this.copied(out);
  }

  private copied(out: HostData): HostData {
    noteHostCopy(out.byteLength);
    if (this.#buffer) recordTransfer('deviceToHost', out.byteLength, true);
    return out;
  }

  item(): number | boolean {
    if (this.aval.size !== 1)
      throw new ShapeError(`item() needs an array of size 1, got shape [${this.shape.join(', ')}]; index or reduce it first.`);
    if (this.aval.dtype.kind === 'c')
      throw new DtypeError(`item() of a ${this.aval.dtype} array: a complex value is no JS number; use x.tolist() (which gives {re, im}) or jnp.real(x).item() / jnp.imag(x).item().`);
    const v = this.dataSync()[0]!;
    return this.aval.dtype.name === 'bool' ? v !== 0 : v;
  }

  tolist(): NestedNumbers {
    checkImplicitTransfer('tolist()', this.aval);
    // One implicit transfer, guarded (and logged) once.
    const data = this.readSync('tolist()');
    const isBool = this.aval.dtype.name === 'bool';
    const isComplex = this.aval.dtype.kind === 'c';
    const shape = this.aval.shape;
    let i = 0;
    const go = (d: number): NestedNumbers => {
      if (d === shape.length) {
        if (isComplex) return { re: data[i++]!, im: data[i++]! };
        const v = data[i++]!;
        return isBool ? v !== 0 : v;
      }
      return globalThis.Array.from({ length: shape[d]! }, () => go(d + 1));
    };
    return go(0);
  }

  async blockUntilReady(): Promise<this> {
    this.checkAlive();
    const buf = this.#buffer;
    if (buf?.producer) await this.awaitReady(buf.producer, 'blockUntilReady()');
    return this;
  }

  delete(): void {
    if (this.#deleted) return;
    this.#deleted = true;
    this.#deferred = null;
    this.letGo();
  }

  /** Release the buffer this array holds (a JS scalar's belongs to the scalar cache: only owned buffers). */
  private letGo(): void {
    if (this.#buffer && this.scalarValue === undefined) {
      forgetWhenCollected(this);
      this.#buffer.release();
    }
    this.#buffer = null;
  }

  toString(): string {
    return formatStr(this.dataSync(), this.aval.shape as number[], this.aval.dtype.name);
  }

  [inspect.custom](): string {
    if (this.#deleted) return `Array(<deleted>, dtype=${this.aval.dtype.name})`;
    if (this.#failure) return `Array(<failed: ${this.#failure.message}>, dtype=${this.aval.dtype.name})`;
    return formatRepr(this.dataSync(), this.aval.shape as number[], this.aval.dtype.name, this.aval.weakType);
  }

  /** Where the next kernel using this array should run. */
  preferredDevice(): WorkerDevice {
    return this.#device ?? defaultDevice();
  }
}

// Scalars from JS values are common and repeat (x.add(1)): their device copies are shared and
// kept, up to a bound, instead of allocated and transferred on every use.
const scalarCache = new Map<string, HeapBuffer>();
const SCALAR_CACHE_SIZE = 1024;

function scalarBuffer(d: DType, value: number): HeapBuffer {
  const key = `${d.name}:${Object.is(value, -0) ? '-0' : value}`;
  const hit = scalarCache.get(key);
  if (hit) return hit;
  const buf = allocate(d.itemsize);
  writeHeap(buf, d, d.kind === 'c' ? [value, 0] : [value]);
  recordTransfer('hostToDevice', buf.nbytes, true);
  if (scalarCache.size >= SCALAR_CACHE_SIZE) {
    const [oldKey, old] = scalarCache.entries().next().value!;
    scalarCache.delete(oldKey);
    old.release();
  }
  scalarCache.set(key, buf);
  return buf;
}

/** A view of `length` elements of `buf` as stored (float16 as its Uint16Array bits; complex as 2·length interleaved parts). */
export function heapSlice(buf: HeapBuffer, d: DType, length: number): HostData {
  const T = storageArrayClass(d);
  return new T(heapViews().u8.buffer, buf.offset, length * lanes(d));
}

/** Write host values into `buf` as dtype `d` (cast per element unless already of the storage class; float16 rounded to bits; complex: interleaved parts). */
export function writeHeap(buf: HeapBuffer, d: DType, data: ArrayLike<number> | TypedArray): void {
  const n = (buf.nbytes / d.itemsize) * lanes(d);
  const dst = heapSlice(buf, d, n / lanes(d));
  if (d === float16) encodeFloat16(data as ArrayLike<number>, dst as Uint16Array);
  else if (ArrayBuffer.isView(data) && data.constructor === dst.constructor) dst.set(data as HostData);
  else for (let i = 0; i < n; i++) dst[i] = castScalar(Number(data[i]), d);
}

export function transferMode(): 'zero-copy' | 'copy' {
  return config.values.transferMode;
}

export { typedArrayFor };

installConcreteArrays({
  scalar: (value, dtype, weak) => DeviceArray.scalar(value, dtype, weak),
  fromHost: (data, aval) => DeviceArray.fromHost(data, aval),
});
