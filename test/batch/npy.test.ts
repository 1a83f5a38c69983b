// The .npy module against files NumPy wrote (fixtures/make_npy.py): jnp.load reads them, jnp.save
// and the streaming writer reproduce np.save's bytes exactly (so NumPy reads ours back), and the
// streaming reader returns any row range.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { config, DtypeError, numpy as jnp } from '../../src/index.js';
import { formatHeader, NpyReader, NpyWriter, parseHeader } from '../../src/io/npy.js';

const dir = fileURLToPath(new URL('./fixtures/npy/', import.meta.url));
interface Fixture {
  dtype: string;
  shape: number[];
  /** C-order values (complex: interleaved re, im); non-finite ones as 'NaN', 'Infinity', '-Infinity'. */
  values: (number | string)[] | null;
  npSave: boolean;
  note: string;
}
const fixtures = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Fixture>;
const file = (name: string) => join(dir, `${name}.npy`);
const tmp = mkdtempSync(join(tmpdir(), 'jaxpool-npy-'));

afterEach(() => config.update('enableX64', false));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fixture's values as numbers. */
const values = (f: Fixture): number[] => f.values!.map(Number);

/** The values jaxpool loads: float64 (complex128) rounds to float32 (complex64) without x64, bools are 0/1. */
function loaded(f: Fixture, x64: boolean): number[] {
  return values(f).map((v) => ((f.dtype === 'float64' || f.dtype === 'complex128') && !x64 ? Math.fround(v) : v));
}

describe('jnp.load of files written by NumPy', () => {
  const readable = Object.entries(fixtures).filter(([, f]) => f.values !== null);
  it.each(readable)('%s', (name, f) => {
    for (const x64 of [false, true]) {
      config.update('enableX64', x64);
      const a = jnp.load(file(name));
      expect(a.shape).toEqual(f.shape);
      const want = { float64: x64 ? 'float64' : 'float32', complex128: x64 ? 'complex128' : 'complex64', int64: 'int32' }[f.dtype] ?? f.dtype;
      expect(a.dtype.name).toBe(want);
      expect(Array.from(a.dataSync() as ArrayLike<number>)).toEqual(loaded(f, x64));
    }
  });

  it('rejects an unsupported dtype, a non-.npy file and a truncated file with a clear error', () => {
    expect(() => jnp.load(file('u3_1d'))).toThrow(DtypeError);
    expect(() => jnp.load(file('u3_1d'))).toThrow(/'<U2' is not supported/);
    const notNpy = join(tmp, 'not.npy');
    writeFileSync(notNpy, 'a,b,c\n1,2,3\n');
    expect(() => jnp.load(notNpy)).toThrow(/not a \.npy file/);
    const cut = join(tmp, 'cut.npy');
    writeFileSync(cut, readFileSync(file('f4_2d')).subarray(0, 150));
    expect(() => jnp.load(cut)).toThrow(/truncated/);
  });

  it('rejects int64 values outside int32 instead of wrapping them', () => {
    const big = Buffer.from(readFileSync(file('i8_1d')));
    big.writeBigInt64LE(2n ** 40n, big.length - 8);
    const p = join(tmp, 'big.npy');
    writeFileSync(p, big);
    expect(() => jnp.load(p)).toThrow(/does not fit int32/);
  });
});

describe('writing .npy exactly as np.save does', () => {
  const saved = Object.entries(fixtures).filter(([, f]) => f.npSave && f.values !== null && f.dtype !== 'int64');
  it.each(saved)('jnp.save(load(%s)) reproduces the file byte for byte', (name) => {
    config.update('enableX64', true);
    const out = join(tmp, `${name}.npy`);
    jnp.save(out, jnp.load(file(name)));
    expect(readFileSync(out).equals(readFileSync(file(name)))).toBe(true);
  });

  it('the streaming writer, rows written out of order in pieces, reproduces np.save too', async () => {
    const f = fixtures.i4_3d!;
    const out = join(tmp, 'stream_i4.npy');
    const w = await NpyWriter.create(out, 'int32', f.shape);
    const row = 12;
    await w.writeRows(1, Int32Array.from(values(f).slice(row)));
    await w.writeRows(0, Int32Array.from(values(f).slice(0, row)));
    await w.close();
    expect(readFileSync(out).equals(readFileSync(file('i4_3d')))).toBe(true);
  });

  it('headers are 64-byte aligned, numpy-padded, and parse back (property)', () => {
    const dtypes = ['float32', 'float64', 'int32', 'uint8', 'bool', 'complex64', 'complex128'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...dtypes), fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 6 }), (dtype, shape) => {
        const h = Buffer.from(formatHeader(dtype, shape));
        expect(h.length % 64).toBe(0);
        expect(h[h.length - 1]).toBe(0x0a);
        const p = parseHeader(h, 'x.npy');
        expect(p.shape).toEqual(shape);
        expect(p.dtype).toBe(dtype);
        expect(p.dataOffset).toBe(h.length);
      }),
    );
  });
});

describe('NpyReader: row ranges by byte offset', () => {
  it('reads any range of a 3-d int32 file', async () => {
    const f = fixtures.i4_3d!;
    const r = await NpyReader.open(file('i4_3d'));
    expect([r.rows, r.rowShape, r.rowSize]).toEqual([2, [3, 4], 12]);
    expect(Array.from(await r.readRows(1, 1))).toEqual(values(f).slice(12));
    expect(Array.from(await r.readRows(0, 2))).toEqual(values(f));
    expect(Array.from(await r.readRows(2, 0))).toEqual([]);
    await r.close();
  });

  it('byte-swaps big-endian data and converts int64', async () => {
    const be = await NpyReader.open(file('f4_big_endian'));
    expect(Array.from(await be.readRows(1, 2))).toEqual(values(fixtures.f4_big_endian!).slice(2));
    await be.close();
    const i8 = await NpyReader.open(file('i8_1d'));
    const got = await i8.readRows(0, 4);
    expect(got).toBeInstanceOf(Int32Array);
    expect(Array.from(got)).toEqual(values(fixtures.i8_1d!));
    await i8.close();
  });

  it('reads version 2.0 headers and bools', async () => {
    const v2 = await NpyReader.open(file('f4_v2'));
    expect(Array.from(await v2.readRows(0, 2))).toEqual(values(fixtures.f4_v2!));
    await v2.close();
    const b = await NpyReader.open(file('b1_1d'));
    expect(Array.from(await b.readRows(3, 4))).toEqual(values(fixtures.b1_1d!).slice(3, 7));
    await b.close();
  });

  it('reads complex rows as interleaved (re, im) parts, big-endian parts swapped one by one', async () => {
    const c = await NpyReader.open(file('c8_2d'));
    expect([c.rows, c.rowShape, c.header.itemsize]).toEqual([4, [3], 8]);
    const rows = await c.readRows(1, 2);
    expect(rows).toBeInstanceOf(Float32Array);
    expect(Array.from(rows)).toEqual(values(fixtures.c8_2d!).slice(6, 18));
    await c.close();
    const be = await NpyReader.open(file('c8_big_endian'));
    expect(Array.from(await be.readRows(2, 1))).toEqual(values(fixtures.c8_big_endian!).slice(8));
    await be.close();
    const c16 = await NpyReader.open(file('c16_1d'));
    expect(Array.from(await c16.readRows(0, 3))).toEqual(values(fixtures.c16_1d!).slice(0, 6));
    await c16.close();
  });

  it('refuses what cannot be streamed by rows', async () => {
    await expect(NpyReader.open(file('f4_fortran'))).rejects.toThrow(/Fortran order/);
    await expect(NpyReader.open(file('f4_0d'))).rejects.toThrow(/0-d array/);
    const cut = join(tmp, 'cut_rows.npy');
    writeFileSync(cut, readFileSync(file('f4_2d')).subarray(0, 160));
    await expect(NpyReader.open(cut)).rejects.toThrow(/truncated/);
  });

  it('writer and reader agree on random shapes, dtypes and chunkings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('float32', 'float64', 'int32', 'uint8', 'bool' as const),
        fc.integer({ min: 0, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
        fc.integer({ min: 1, max: 4 }),
        async (dtype, rows, rowShape, chunk) => {
          const rowSize = rowShape.reduce((a, b) => a * b, 1);
          const n = rows * rowSize;
          const make = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array, bool: Uint8Array }[dtype] as Float64ArrayConstructor;
          const data = make.from({ length: n }, (_: unknown, i: number) => (dtype === 'bool' ? i % 2 : dtype === 'uint8' ? (i * 37) % 256 : (i * 7919) % 1000 - 500.25 * (dtype[0] === 'f' ? 1 : 0)));
          const p = join(tmp, `prop.npy`);
          const w = await NpyWriter.create(p, dtype, [rows, ...rowShape]);
          const starts = Array.from({ length: Math.ceil(rows / chunk) }, (_, i) => i * chunk).reverse();
          for (const s of starts) await w.writeRows(s, data.subarray(s * rowSize, Math.min(rows, s + chunk) * rowSize));
          await w.close();
          const r = await NpyReader.open(p);
          expect(Array.from(await r.readRows(0, rows))).toEqual(Array.from(data));
          await r.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
