// .npy files (NumPy's format: magic, version, a Python-dict header, raw data), one module for
// whole files (jnp.load / jnp.save) and for streaming row ranges by byte offset (batch jobs).
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Array, type ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { ALL_DTYPES, defaultComplex, defaultFloat, type DType, type DTypeName, float16 } from '../core/dtypes.js';
import { decodeFloat16, encodeFloat16 } from '../core/float16.js';
import { DtypeError, JaxpoolError } from '../core/errors.js';
import { transpose } from '../lax/structural.js';

const MAGIC = '\x93NUMPY';
/** numpy aligns the data to 64 bytes and leaves room for the leading axis to grow to 21 digits. */
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;
/** How far into a file a header may reach before we call the file malformed. */
const MAX_HEADER = 1 << 20;

/** The element types batch jobs stream row by row, and how .npy spells them (little-endian, as numpy writes them). */
export const NPY_DESCR: Partial<Record<DTypeName, string>> = { float32: '<f4', float64: '<f8', int32: '<i4', uint8: '|u1', bool: '|b1', complex64: '<c8', complex128: '<c16' };

/** How .npy spells every jaxpool dtype (jnp.save / jnp.load). */
const DESCR: Record<DTypeName, string> = { ...NPY_DESCR, int8: '|i1', int16: '<i2', uint16: '<u2', uint32: '<u4', float16: '<f2' } as Record<DTypeName, string>;

/** Element types read from files: each maps to the jaxpool dtype its values load as. */
const READABLE: Record<string, { itemsize: number; dtype: DTypeName }> = {
  f2: { itemsize: 2, dtype: 'float16' },
  i1: { itemsize: 1, dtype: 'int8' },
  i2: { itemsize: 2, dtype: 'int16' },
  u2: { itemsize: 2, dtype: 'uint16' },
  u4: { itemsize: 4, dtype: 'uint32' },
  f4: { itemsize: 4, dtype: 'float32' },
  f8: { itemsize: 8, dtype: 'float64' },
  i4: { itemsize: 4, dtype: 'int32' },
  i8: { itemsize: 8, dtype: 'int32' }, // numpy's default int; values must fit int32
  u1: { itemsize: 1, dtype: 'uint8' },
  b1: { itemsize: 1, dtype: 'bool' },
  c8: { itemsize: 8, dtype: 'complex64' },
  c16: { itemsize: 16, dtype: 'complex128' },
};

/** Bytes per element of `dtype` in a .npy file (as in device memory: complex is two parts). */
export const npyItemsize = (dtype: DTypeName): number => ALL_DTYPES.find((d) => d.name === dtype)!.itemsize;

/** Host data of a dtype: bool is stored as 0/1 bytes, float16 as its values in a Float32Array, complex as interleaved (re, im) parts. */
export type NpyData = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array;

/** A parsed .npy header. */
export interface NpyHeader {
  path: string;
  /** The descr as written, e.g. '<f4', '>i8', '|b1'. */
  descr: string;
  /** The jaxpool dtype the values load as (int64 loads as int32). */
  dtype: DTypeName;
  /** Bytes per element in the file. */
  itemsize: number;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the data. */
  dataOffset: number;
}

/** The header bytes numpy's `np.save` writes for a C-order array (version 1.0, or 2.0 when long). */
export function formatHeader(dtype: DTypeName, shape: readonly number[]): Uint8Array {
  const descr = DESCR[dtype];
  if (!descr) throw new DtypeError(`cannot write dtype '${dtype}' to .npy; use one of ${Object.keys(NPY_DESCR).join(', ')}.`);
  const tuple = `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  // As numpy: spare room so the leading axis can grow in place.
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const wrap = (prefix: number) => {
    const hlen = header.length + 1; // the closing newline
    const pad = ALIGN - ((MAGIC.length + 2 + prefix + hlen) % ALIGN); // 64 when aligned, as numpy
    return { hlen: hlen + pad, pad };
  };
  let major = 1;
  let { hlen, pad } = wrap(2);
  if (hlen >= 65536) {
    major = 2;
    ({ hlen, pad } = wrap(4));
  }
  const prefix = major === 1 ? 10 : 12;
  const out = Buffer.alloc(prefix + hlen);
  out.write(MAGIC, 0, 'latin1');
  out[6] = major;
  out[7] = 0;
  if (major === 1) out.writeUInt16LE(hlen, 8);
  else out.writeUInt32LE(hlen, 8);
  out.write(header + ' '.repeat(pad) + '\n', prefix, 'latin1');
  return out;
}

/** How many bytes of the header's prefix are needed to know its length, and that length. */
function headerExtent(head: Buffer, path: string): { start: number; end: number } {
  if (head.length < 10 || head.toString('latin1', 0, 6) !== MAGIC)
    throw new JaxpoolError(`${path} is not a .npy file (no NumPy magic at its start); write it with numpy.save or jnp.save.`);
  const major = head[6]!;
  if (major < 1 || major > 3) throw new JaxpoolError(`${path}: .npy format version ${major}.${head[7]} is not supported (1.0 to 3.0 are).`);
  if (major === 1) return { start: 10, end: 10 + head.readUInt16LE(8) };
  if (head.length < 12) throw new JaxpoolError(`${path}: truncated .npy header.`);
  return { start: 12, end: 12 + head.readUInt32LE(8) };
}

/** Parse the header dict (a Python literal) of a .npy file. */
export function parseHeader(head: Buffer, path: string): NpyHeader {
  const { start, end } = headerExtent(head, path);
  if (end > head.length) throw new JaxpoolError(`${path}: truncated .npy header.`);
  const text = head.toString(head[6] === 3 ? 'utf8' : 'latin1', start, end);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (/'descr'\s*:\s*\[/.test(text)) throw new DtypeError(`${path}: structured (record) dtypes are not supported; save each field as its own array.`);
  if (!descr || !fortran || shapeText === undefined) throw new JaxpoolError(`${path}: malformed .npy header ${JSON.stringify(text.trim())}.`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new JaxpoolError(`${path}: malformed shape (${shapeText}) in the .npy header.`);
  const kind = READABLE[descr.slice(1)];
  if (!kind || !'<>|='.includes(descr[0]!))
    throw new DtypeError(`${path}: dtype '${descr}' is not supported; use float16/32/64, int8/16/32, int64 (within int32's range), uint8/16/32, bool, complex64 or complex128.`);
  return { path, descr, dtype: kind.dtype, itemsize: kind.itemsize, shape, fortranOrder: fortran === 'True', dataOffset: end };
}

function bigEndian(h: NpyHeader): boolean {
  return h.descr[0] === '>' && h.itemsize > 1;
}

/** Bytes per number swapped for byte order: a complex element is two floats, each swapped alone. */
const wordSize = (h: NpyHeader): number => (h.descr.slice(1, 2) === 'c' ? h.itemsize / 2 : h.itemsize);

/** Turn raw file bytes (a fresh, aligned buffer) into host data of `h.dtype`: byte order, int64 → int32. */
function decode(h: NpyHeader, raw: Uint8Array, count: number): NpyData {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const word = wordSize(h);
  if (bigEndian(h)) (word === 8 ? buf.swap64() : word === 4 ? buf.swap32() : buf.swap16());
  const ab = raw.buffer as ArrayBuffer;
  switch (h.descr.slice(1)) {
    case 'f2':
      return decodeFloat16(new Uint16Array(ab, raw.byteOffset, count));
    case 'i1':
      return new Int8Array(ab, raw.byteOffset, count);
    case 'i2':
      return new Int16Array(ab, raw.byteOffset, count);
    case 'u2':
      return new Uint16Array(ab, raw.byteOffset, count);
    case 'u4':
      return new Uint32Array(ab, raw.byteOffset, count);
    case 'f4':
      return new Float32Array(ab, raw.byteOffset, count);
    case 'f8':
      return new Float64Array(ab, raw.byteOffset, count);
    case 'c8':
      return new Float32Array(ab, raw.byteOffset, 2 * count);
    case 'c16':
      return new Float64Array(ab, raw.byteOffset, 2 * count);
    case 'i4':
      return new Int32Array(ab, raw.byteOffset, count);
    case 'i8': {
      const wide = new BigInt64Array(ab, raw.byteOffset, count);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = wide[i]!;
        if (v > 2147483647n || v < -2147483648n)
          throw new DtypeError(`${h.path}: int64 value ${v} does not fit int32, jaxpool's integer type; convert the file with numpy (astype) first.`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      return new Uint8Array(ab, raw.byteOffset, count);
  }
}

/** Read a file's header through an open file descriptor. */
function readHeaderSync(fd: number, path: string): NpyHeader {
  const first = Buffer.alloc(12);
  const got = readSync(fd, first, 0, 12, 0);
  const { end } = headerExtent(first.subarray(0, got), path);
  if (end > MAX_HEADER) throw new JaxpoolError(`${path}: .npy header of ${end} bytes is implausibly long; the file is damaged.`);
  const head = Buffer.alloc(end);
  return parseHeader(head.subarray(0, readSync(fd, head, 0, end, 0)), path);
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A .npy file opened for reading row ranges along its leading axis, by byte offset: memory stays
 * that of the rows asked for, whatever the file's size.
 */
export class NpyReader {
  private constructor(
    readonly header: NpyHeader,
    private readonly file: FileHandle,
    /** Elements per row (the product of the trailing axes). */
    readonly rowSize: number,
  ) {}

  /** Open `path` and check it can be streamed by rows (C order, at least one axis, complete). */
  static async open(path: string): Promise<NpyReader> {
    const fd = openSync(path, 'r');
    let header: NpyHeader;
    try {
      header = readHeaderSync(fd, path);
    } finally {
      closeSync(fd);
    }
    if (header.shape.length === 0) throw new JaxpoolError(`${path} holds a 0-d array; a batch job maps over the leading axis, so each input needs one.`);
    if (header.fortranOrder && header.shape.filter((d) => d !== 1).length > 1)
      throw new JaxpoolError(`${path} is in Fortran order; save it in C order (numpy.ascontiguousarray) to stream it by rows.`);
    const file = await open(path, 'r');
    const reader = new NpyReader(header, file, elements(header.shape.slice(1)));
    const size = (await file.stat()).size;
    const need = header.dataOffset + elements(header.shape) * header.itemsize;
    if (size < need) {
      await file.close();
      throw new JaxpoolError(`${path} is truncated: its header promises ${need} bytes, the file has ${size}.`);
    }
    return reader;
  }

  /** Rows along the leading axis. */
  get rows(): number {
    return this.header.shape[0]!;
  }

  /** The shape of one row. */
  get rowShape(): number[] {
    return this.header.shape.slice(1);
  }

  /** Rows [start, start + count) as host data of the header's dtype, in a fresh buffer. */
  async readRows(start: number, count: number): Promise<NpyData> {
    const n = count * this.rowSize;
    const bytes = n * this.header.itemsize;
    const raw = new Uint8Array(new ArrayBuffer(bytes));
    let done = 0;
    while (done < bytes) {
      const { bytesRead } = await this.file.read(raw, done, bytes - done, this.header.dataOffset + start * this.rowSize * this.header.itemsize + done);
      if (bytesRead === 0) throw new JaxpoolError(`${this.header.path} ended early while reading rows ${start}..${start + count}; was it changed during the run?`);
      done += bytesRead;
    }
    return decode(this.header, raw, n);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * A .npy file written in row ranges at their byte offsets (any order, any number of times): the
 * header and the full size are laid down at creation, so a half-written file reopens to continue.
 */
export class NpyWriter {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly dataOffset: number,
    /** Bytes per row. */
    readonly rowBytes: number,
  ) {}

  /** Create (or, with `reuse`, reopen an existing partial) file for an array of `dtype` and `shape`. */
  static async create(path: string, dtype: DTypeName, shape: readonly number[], reuse = false): Promise<NpyWriter> {
    const header = formatHeader(dtype, shape);
    const rowBytes = elements(shape.slice(1)) * npyItemsize(dtype);
    const file = await open(path, reuse ? 'r+' : 'w');
    try {
      await file.write(header, 0, header.length, 0);
      await file.truncate(header.length + (shape[0] ?? 1) * rowBytes);
    } catch (e) {
      await file.close();
      throw e;
    }
    return new NpyWriter(path, file, header.length, rowBytes);
  }

  /** Write whole rows starting at row `start`. */
  async writeRows(start: number, data: ArrayBufferView): Promise<void> {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, this.dataOffset + start * this.rowBytes + done);
      done += bytesWritten;
    }
  }

  /** Flush to disk (before an atomic rename makes the file the output). */
  async sync(): Promise<void> {
    await this.file.sync();
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** `save(path, x)`: write `x` as numpy's `np.save` would, byte for byte (complex64 as '<c8', complex128 as '<c16'). */
export function save(path: string, x: ArrayLike): void {
  const a = asArray(x);
  const values = (a as DeviceArray).dataSync();
  // float16 is written as its bits (the host holds its values).
  const data = a.dtype === float16 ? encodeFloat16(values, new Uint16Array(values.length)) : values;
  const header = formatHeader(a.dtype.name, a.shape);
  const out = Buffer.alloc(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  writeFileSync(path, out);
}

const DTYPES: Record<DTypeName, () => DType> = {
  ...(Object.fromEntries(ALL_DTYPES.map((d) => [d.name, () => d])) as Record<DTypeName, () => DType>),
  float64: defaultFloat,
  complex128: defaultComplex,
};

/** `load(path)`: read a .npy file onto the default device. float64 (complex128) data loads as float32 (complex64) unless x64 is on. */
export function load(path: string): Array {
  const fd = openSync(path, 'r');
  try {
    const h = readHeaderSync(fd, path);
    const n = elements(h.shape);
    const raw = new Uint8Array(new ArrayBuffer(n * h.itemsize));
    const got = raw.length ? readSync(fd, raw, 0, raw.length, h.dataOffset) : 0;
    if (got < raw.length) throw new JaxpoolError(`${path}: truncated data (${got} bytes for ${n} elements of ${h.descr}).`);
    const values = decode(h, raw, n);
    const dtype = DTYPES[h.dtype]();
    if (!h.fortranOrder) return DeviceArray.fromHost(values, new ShapedArray(h.shape, dtype));
    // Fortran order: the data is the transpose's C-order data.
    const rev = [...h.shape].reverse();
    return transpose(DeviceArray.fromHost(values, new ShapedArray(rev, dtype)), rev.map((_, i) => rev.length - 1 - i));
  } finally {
    closeSync(fd);
  }
}
