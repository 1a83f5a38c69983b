// argmax/argmin/any/all, iota-based creation and .npy files, against plain JS references.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const vals = (a: jp.Array) => Array.from(a.dataSync());

describe('arg reductions and boolean reductions', () => {
  it('argmax/argmin along each axis match a JS scan (first occurrence wins)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 25, maxLength: 25 }), (r, c, pool) => {
        const data = pool.slice(0, r * c);
        const m = jnp.array(new Float32Array(data)).reshape(r, c);
        const best = (xs: number[], cmp: (a: number, b: number) => boolean) => xs.reduce((bi, v, i) => (cmp(v, xs[bi]!) ? i : bi), 0);
        const rows = Array.from({ length: r }, (_, i) => data.slice(i * c, i * c + c));
        const cols = Array.from({ length: c }, (_, j) => rows.map((row) => row[j]!));
        expect(vals(jnp.argmax(m, 1))).toEqual(rows.map((x) => best(x, (a, b) => a > b)));
        expect(vals(jnp.argmin(m, 0))).toEqual(cols.map((x) => best(x, (a, b) => a < b)));
        expect(jnp.argmax(m).item()).toBe(best(data, (a, b) => a > b));
        expect(vals(jnp.any(m.gt(1), 1)).map(Boolean)).toEqual(rows.map((x) => x.some((v) => v > 1)));
        expect(vals(jnp.all(m.gt(-2), 0)).map(Boolean)).toEqual(cols.map((x) => x.every((v) => v > -2)));
      }),
      { numRuns: 30 },
    );
  });

  it('any/all of an empty axis are False/True; vmap of argmax is a loop', () => {
    expect(jnp.all(jnp.zeros([0])).item()).toBe(true);
    expect(jnp.any(jnp.zeros([0])).item()).toBe(false);
    const m = jnp.array([[1.5, 7, 3], [9, 2, 9]]);
    expect(vals(jp.vmap((row: jp.Array) => jnp.argmax(row))(m))).toEqual([vals(jnp.argmax(m.index(0)))[0], vals(jnp.argmax(m.index(1)))[0]]);
  });
});

describe('creation on the device', () => {
  it('arange, linspace and eye match JS references', () => {
    expect(vals(jnp.arange(2, 11, 3))).toEqual([2, 5, 8]);
    expect(vals(jnp.arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    // numpy computes linspace in float64 and rounds once.
    expect(vals(jnp.linspace(0, 1, 7))).toEqual(Array.from({ length: 7 }, (_, i) => Math.fround(i === 6 ? 1 : i / 6)));
    expect(vals(jnp.eye(2, 3))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(() => jnp.arange(0, 1, 0)).toThrow(jp.ShapeError);
  });
});

describe('.npy files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaxpool-npy-'));
  it('round-trips every dtype and shape', () => {
    const cases: [jp.Array, string][] = [
      [jnp.array([[1.5, -2], [3.25, 4]]), 'float32'],
      [jnp.arange(7).reshape(7), 'int32'],
      [jnp.array(new Uint8Array([0, 200, 255])), 'uint8'],
      [jnp.array([true, false, true]), 'bool'],
      [jnp.array(2.5, { dtype: 'float32' }), 'float32'],
    ];
    cases.forEach(([a, dtype], k) => {
      const p = join(dir, `x${k}.npy`);
      jnp.save(p, a);
      const b = jnp.load(p);
      expect(b.dtype.name).toBe(dtype);
      expect(b.shape).toEqual(a.shape);
      expect(vals(b)).toEqual(vals(a));
    });
  });

  it('reads a hand-built header: int64, Fortran order', () => {
    const header = "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }";
    const total = Math.ceil((10 + header.length + 1) / 64) * 64;
    const padded = header.padEnd(total - 10 - 1, ' ') + '\n';
    const buf = Buffer.alloc(total + 6 * 8);
    buf.write('\x93NUMPY', 0, 'latin1');
    buf[6] = 1;
    buf.writeUInt16LE(padded.length, 8);
    buf.write(padded, 10, 'latin1');
    // Fortran order: column-major data of [[0, 1, 2], [3, 4, 5]].
    [0, 3, 1, 4, 2, 5].forEach((v, i) => buf.writeBigInt64LE(BigInt(v), total + i * 8));
    const p = join(dir, 'f.npy');
    writeFileSync(p, buf);
    const a = jnp.load(p);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype.name).toBe('int32');
    expect(vals(a)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('take (gather) with index arrays', () => {
  it("matches JS indexing with clamped indices (mode 'clip', negatives clamp to 0 as in JAX); grad scatters back", () => {
    const data = [1.5, 7, 3, 9, 2, 9];
    const m = jnp.array(new Float32Array(data)).reshape(2, 3);
    const idx = [2, 0, -1, 5];
    const clampIdx = (i: number, n: number) => Math.min(Math.max(i, 0), n - 1);
    const got = vals(jnp.take(m, jnp.array(idx), 1, { mode: 'clip' }));
    const ref = [0, 1].flatMap((r) => idx.map((i) => data[r * 3 + clampIdx(i, 3)]!));
    expect(got).toEqual(ref);
    const g = vals(jp.grad((a: jp.Array) => jnp.sum(jnp.take(a, jnp.array(idx), 1, { mode: 'clip' })))(m) as jp.Array);
    const counts = [0, 0, 0];
    for (const i of idx) counts[clampIdx(i, 3)]!++;
    expect(g).toEqual([...counts, ...counts]);
    // vmap over the indices equals a loop of calls.
    const rows = [[0, 1], [2, 2]];
    expect(vals(jp.vmap((i: jp.Array) => jnp.take(m, i, 1))(jnp.array(rows)))).toEqual(rows.flatMap((r) => vals(jnp.take(m, jnp.array(r), 1))));
  });
});
