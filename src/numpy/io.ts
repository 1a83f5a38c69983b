// .npy files (numpy's format: magic, header dict, raw little-endian data): jnp.save / jnp.load.
import { readFileSync, writeFileSync } from 'node:fs';
import { Array, type ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../core/deviceArray.js';
import { type DType, bool, defaultFloat, float32, int32, uint8 } from '../core/dtypes.js';
import { DtypeError, JaxpoolError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { transpose } from '../lax/structural.js';

const MAGIC = '\x93NUMPY';
const DESCR: Record<DType['name'], string> = { float32: '<f4', float64: '<f8', int32: '<i4', uint8: '|u1', bool: '|b1' };

/** `save(path, x)`: write `x` as a version 1.0 .npy file. */
export function save(path: string, x: ArrayLike): void {
  const a = asArray(x);
  const data = (a as DeviceArray).dataSync();
  const shape = `(${a.shape.join(', ')}${a.ndim === 1 ? ',' : ''})`;
  let header = `{'descr': '${DESCR[a.dtype.name]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad so the data starts on a 64-byte boundary, header ending in a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = Buffer.alloc(total + data.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, total);
  writeFileSync(path, out);
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string, path: string): Header {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shape === undefined) throw new JaxpoolError(`${path}: malformed .npy header ${JSON.stringify(text.trim())}.`);
  return {
    descr,
    fortran: fortran === 'True',
    shape: shape
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number),
  };
}

/** `load(path)`: read a .npy file onto the default device. float64 data loads as float32 unless x64 is on. */
export function load(path: string): Array {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 6) !== MAGIC) throw new JaxpoolError(`${path} is not a .npy file (bad magic); save it with numpy.save or jnp.save.`);
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const h = parseHeader(buf.toString('latin1', major === 1 ? 10 : 12, start), path);
  const n = sizeOf(h.shape);
  const bytes = buf.subarray(start);
  const little = h.descr[0] !== '>';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = h.descr.slice(1);
  const readers: Record<string, [number, (o: number) => number, DType]> = {
    f4: [4, (o) => dv.getFloat32(o, little), float32],
    f8: [8, (o) => dv.getFloat64(o, little), defaultFloat()],
    i4: [4, (o) => dv.getInt32(o, little), int32],
    i8: [8, (o) => Number(dv.getBigInt64(o, little)), int32],
    u1: [1, (o) => dv.getUint8(o), uint8],
    b1: [1, (o) => dv.getUint8(o), bool],
  };
  const r = readers[code];
  if (!r) throw new DtypeError(`${path}: dtype '${h.descr}' is not supported; use float32, float64, int32, int64, uint8 or bool.`);
  const [size, read, dtype] = r;
  if (bytes.byteLength < n * size) throw new JaxpoolError(`${path}: truncated data (${bytes.byteLength} bytes for ${n} elements of ${h.descr}).`);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = read(i * size);
  if (code === 'i8' && values.some((v) => v > 2147483647 || v < -2147483648))
    throw new DtypeError(`${path}: int64 values do not fit int32, jaxpool's integer type.`);
  if (!h.fortran) return DeviceArray.fromHost(values, new ShapedArray(h.shape, dtype));
  // Fortran order: the data is the transpose's C-order data.
  const rev = [...h.shape].reverse();
  return transpose(DeviceArray.fromHost(values, new ShapedArray(rev, dtype)), rev.map((_, i) => rev.length - 1 - i));
}

