// The extra dtypes on the host side: printing (numpy's, float16's shortest digits), .npy round
// trips with numpy's descrs, callbacks' operands and results, deviceGet and sums' dtypes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { float16Bits, float16FromBits } from '../../src/core/float16.js';

const { numpy: jnp } = jp;
type Num = number | 'nan' | 'inf' | '-inf';
const golden = JSON.parse(readFileSync(new URL('../golden/dtypes.json', import.meta.url), 'utf8'));
const num = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const f16 = (v: number) => float16FromBits(float16Bits(v));

describe('printing as numpy/JAX print the new dtypes', () => {
  const cases = (golden.printing as { dtype: string; x: Num[]; shape: number[]; str: string; repr: string }[]).map((c, i) => [c.dtype, c.str, i] as const);
  it.each(cases)('%s %s', (_d, _s, i) => {
    const c = golden.printing[i];
    const x = jnp.reshape(jnp.array(c.x.map(num), c.dtype), c.shape);
    expect(String(x)).toBe(c.str);
    expect(inspect(x)).toBe(c.repr);
  });
});

describe('.npy round trip with numpy descrs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaxpool-dtypes-'));
  const cases: [jp.DTypeName, string, number[]][] = [
    ['int8', '|i1', [1, -128, 127]],
    ['int16', '<i2', [-32768, 5, 32767]],
    ['uint16', '<u2', [0, 65535, 3]],
    ['uint32', '<u4', [0, 4294967295, 7]],
    ['float16', '<f2', [0.1, -65504, 6e-8]],
  ];
  it.each(cases)('%s as %s', (d, descr, values) => {
    const path = join(dir, `${d}.npy`);
    const x = jnp.array(values, d);
    jnp.save(path, x);
    const bytes = readFileSync(path);
    expect(bytes.toString('latin1')).toContain(`'descr': '${descr}'`);
    const back = jnp.load(path);
    expect(back.dtype.name).toBe(d);
    expect(back.tolist()).toEqual(x.tolist());
    // The data is the dtype's own bytes (float16: its bits, as numpy writes them).
    const dataBytes = bytes.subarray(bytes.length - values.length * x.dtype.itemsize);
    const raw = d === 'float16' ? Array.from(new Uint16Array(dataBytes.buffer.slice(dataBytes.byteOffset, dataBytes.byteOffset + dataBytes.length))) : null;
    if (raw) expect(raw).toEqual(values.map(float16Bits));
  });
  it('reads a big-endian float16 file numpy wrote', () => {
    // np.array([1.0, -2.5], '>f2') saved by numpy: header then bytes 3c 00 c1 00
    const header = "{'descr': '>f2', 'fortran_order': False, 'shape': (2,), }";
    const pad = 64 - ((10 + header.length + 1) % 64);
    const h = Buffer.from(`\x93NUMPY\x01\x00${String.fromCharCode((header.length + pad + 1) & 255, (header.length + pad + 1) >> 8)}${header}${' '.repeat(pad)}\n`, 'latin1');
    const path = join(dir, 'be.npy');
    writeFileSync(path, Buffer.concat([h, Buffer.from([0x3c, 0x00, 0xc1, 0x00])]));
    const x = jnp.load(path);
    expect([x.dtype.name, x.tolist()]).toEqual(['float16', [1, -2.5]]);
  });
});

describe('callbacks see the new dtypes', () => {
  it('pureCallback gets float16 values and int8 arrays, and its results are stored in the declared dtype', () => {
    let seen: unknown[] = [];
    const f = jp.jit((h: jp.Array, i: jp.Array) =>
      jp.pureCallback(
        (a: jp.NdArray, b: jp.NdArray) => {
          const [av, bv] = [a.tolist() as number[], b.tolist() as number[]];
          seen = [av, bv];
          return [av.map((v) => v * 3), bv.map((v) => v * 2)];
        },
        [new jp.ShapeDtypeStruct([2], 'float16'), new jp.ShapeDtypeStruct([2], 'int8')],
        [h, i],
      ),
    );
    const [a, b] = f(jnp.array([0.1, 2], 'float16'), jnp.array([-3, 60], 'int8')) as jp.Array[];
    expect([a!.dtype.name, a!.tolist()]).toEqual(['float16', [f16(f16(0.1) * 3), 6]]);
    expect([b!.dtype.name, b!.tolist()]).toEqual(['int8', [-6, 120]]);
    expect(seen).toEqual([[f16(0.1), 2], [-3, 60]]);
  });

  it('a result out of the declared integer range raises CallbackResultError (never wraps)', () => {
    const f = jp.jit((x: jp.Array) => jp.pureCallback(() => [1000], new jp.ShapeDtypeStruct([1], 'int8'), [x]));
    expect(() => f(jnp.array([1], 'int8')).tolist()).toThrow(jp.CallbackResultError);
  });

  it('deviceGet gives the values (float16 decoded)', () => {
    expect(jp.deviceGet(jnp.array([0.1, 1], 'float16')).tolist()).toEqual([f16(0.1), 1]);
    expect(jp.deviceGet(jnp.array([4294967295], 'uint32')).tolist()).toEqual([4294967295]);
  });
});

describe('reductions of the new dtypes', () => {
  it.each(['int8', 'int16', 'uint8', 'uint16', 'uint32'] as const)('sum of %s has JAX’s dtype', (d) => {
    const want = golden.arithmetic[d].sum_dtype;
    expect(jnp.sum(jnp.array([1, 2, 3], d)).dtype.name).toBe(want);
  });
  it('sum of float16 accumulates in float32, as JAX (3000 × 0.1 is 300)', () => {
    const r = jnp.sum(jnp.full([3000], 0.1, 'float16'));
    expect([r.dtype.name, r.item()]).toEqual(['float16', f16(3000 * f16(0.1))]);
  });
});
