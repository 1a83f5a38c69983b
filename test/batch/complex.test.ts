// Batch jobs over complex rows: a complex64 input written by NumPy (fixtures/make_npy.py) mapped
// through a function with a complex host callback into a complex64 output, with batch.run and with
// the `jaxpool batch` bin; values against the same rows computed in plain JS, the ledger's bytes
// counting 8 per complex64 element.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { type Array as JArray, batch, config, numpy as jnp, shutdown } from '../../src/index.js';
import { parseHeader } from '../../src/io/npy.js';
import { jaxpoolDone, model, npyValues, summaryOf, tempDir } from './helpers.js';

const dir = tempDir();
const input = join(import.meta.dirname, 'fixtures', 'npy', 'c8_2d.npy');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'npy', 'expected.json'), 'utf8')) as Record<string, { values: (number | string)[] }>;

afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** `cplx` of model.ts for one element, in float64: i·(z² + conj z). */
function cplxRef(re: number, im: number): [number, number] {
  const [wr, wi] = [re * re - im * im + re, 2 * re * im - im];
  return [-wi, wr];
}

/** The reference output (interleaved), from the input's values. */
const want = (() => {
  const v = expected.c8_2d!.values.map(Number);
  const out: number[] = [];
  for (let k = 0; k < v.length; k += 2) out.push(...cplxRef(v[k]!, v[k + 1]!));
  return out;
})();

function expectClose(got: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  const bad = want.flatMap((w, i) => (Math.abs(got[i]! - w) <= 1e-5 * Math.max(1, Math.abs(w)) ? [] : [`#${i}: got ${got[i]}, want ${w}`]));
  expect(bad, what).toEqual([]);
}

describe('batch jobs with complex rows', () => {
  it('batch.run: complex64 in and out, values, ledger bytes, any batch size the same bytes', async () => {
    const outs: Buffer[] = [];
    for (const batchSize of [4, 3, 1]) {
      const out = join(dir, `cplx-${batchSize}.npy`);
      const s = await batch.run({ module: model, fn: 'cplx', inputs: [input], out, batchSize, devices: 2 });
      expect(s.outputs).toEqual([{ path: out, dtype: 'complex64', shape: [4, 3] }]);
      // 12 elements of 8 bytes, twice each way: the input up and the callback's result up; the
      // callback's argument down and the output down.
      expect([s.hostToDeviceBytes, s.deviceToHostBytes]).toEqual([2 * 96, 2 * 96]);
      expect(parseHeader(readFileSync(out), out).descr).toBe('<c8');
      expectClose(npyValues(out, Float32Array), `batch size ${batchSize}`);
      outs.push(readFileSync(out));
    }
    for (const o of outs) expect(o.equals(outs[0]!)).toBe(true);
    // The output loads back as the complex array it is.
    const loaded = jnp.load(join(dir, 'cplx-4.npy'));
    expect([loaded.dtype.name, loaded.shape]).toEqual(['complex64', [4, 3]]);
  });

  it('the jaxpool bin writes the same bytes, and its --json ledger counts them', async () => {
    const out = join(dir, 'cli.npy');
    const r = await jaxpoolDone(['batch', model, '--fn', 'cplx', '--in', input, '--out', out, '--batch-size', '2', '--devices', '1', '--json']);
    expect([r.code, r.stderr.split('\n').filter((l) => l && !/ rows \(/.test(l))]).toEqual([0, []]);
    expect(summaryOf(r.stdout)).toMatchObject({ rows: 4, batches: 2, hostToDeviceBytes: 192, deviceToHostBytes: 192 });
    expect(readFileSync(out).equals(readFileSync(join(dir, 'cplx-4.npy')))).toBe(true);
  });

  it('complex128 inputs need x64, and with it stream exactly (infinities, NaN and signed zeros kept)', async () => {
    const input16 = join(import.meta.dirname, 'fixtures', 'npy', 'c16_1d.npy');
    const out = join(dir, 'c16.npy');
    const conj = (v: JArray) => jnp.conj(v);
    await expect(batch.run({ fn: conj, inputs: [input16], out })).rejects.toThrow(/complex128, which needs x64/);
    expect(existsSync(out)).toBe(false);
    config.update('enableX64', true);
    try {
      const s = await batch.run({ fn: conj, inputs: [input16], out, batchSize: 4 });
      expect(s.outputs[0]).toMatchObject({ dtype: 'complex128', shape: [6] });
      const want = expected.c16_1d!.values.map((v, i) => (i % 2 ? -Number(v) : Number(v)));
      expect(Array.from(npyValues(out, Float64Array))).toEqual(want);
    } finally {
      config.update('enableX64', false);
    }
  });
});
