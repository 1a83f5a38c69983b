// batch.run on this machine: values against independent JS loops, any batch size giving the same
// bytes, pytree outputs, dtypes, ordered callbacks in row order, the ledger in the summary, bad
// input refused before anything is written, and an interrupted run resumed to the same bytes.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Array as JArray, batch, CallbackError, config, debug, devices, type NdArray, numpy as jnp, profiler, shutdown } from '../../src/index.js';
import { model, npyData, npyValues, ramp, tempDir, writeNpy } from './helpers.js';

const dir = tempDir();
const N = 1000;
const x = ramp(N, 3);
const y = new Float32Array(N * 3).map((_, i) => Math.fround(1 - i / 1500));
const xPath = writeNpy(join(dir, 'x.npy'), 'float32', [N, 3], x);
const yPath = writeNpy(join(dir, 'y.npy'), 'float32', [N, 3], y);

afterAll(async () => {
  config.update('enableX64', false);
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** float32 W1 the way the kernels compute it: every op rounded to float32. */
function poly32(v: number): number {
  const f = Math.fround;
  return f(f(f(f(Math.sin(v)) * 2) + f(v * v)) - 1);
}

const f32 = (p: string) => npyValues(p, Float32Array);

describe('batch.run on this machine', () => {
  it('maps a one-row function over every row; any batch size gives the same bytes', async () => {
    const outs: Buffer[] = [];
    for (const batchSize of [1000, 3, 7, 333, 5000]) {
      const out = join(dir, `poly-${batchSize}.npy`);
      const s = await batch.run({ module: model, fn: 'poly', inputs: [xPath], out, batchSize, devices: 2 });
      expect(s.rows).toBe(N);
      expect(s.batches).toBe(Math.ceil(N / batchSize));
      expect(s.outputs).toEqual([{ path: out, dtype: 'float32', shape: [N, 3] }]);
      // The ledger: the rows go up once, the results come back once.
      expect(s.hostToDeviceBytes).toBe(N * 3 * 4);
      expect(s.deviceToHostBytes).toBe(N * 3 * 4);
      outs.push(readFileSync(out));
    }
    for (const o of outs) expect(o.equals(outs[0]!)).toBe(true);
    const got = f32(join(dir, 'poly-7.npy'));
    const want = Float32Array.from(x, poly32);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst).toBeLessThan(2e-6);
  });

  it('spreads batches over every device (small batches: no program is split by the runtime itself)', async () => {
    if (config.values.numDevices !== 2) {
      await shutdown();
      config.update('numDevices', 2);
    }
    expect(devices()).toHaveLength(2); // the pool is up before tracing starts
    await profiler.startTrace();
    await batch.run({ module: model, fn: 'poly', inputs: [xPath], out: join(dir, 'traced.npy'), batchSize: 50, devices: 2 });
    const trace = join(dir, 'trace.json');
    await profiler.stopTrace(trace);
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents?: { ph: string; tid: number; name: string }[] }).traceEvents ?? [];
    const kernelsOn = (tid: number) => events.filter((e) => e.ph === 'X' && e.tid === tid && !/^(compile|wait)/.test(e.name)).length;
    expect(kernelsOn(100)).toBeGreaterThan(0);
    expect(kernelsOn(101)).toBeGreaterThan(0);
    expect(kernelsOn(100) + kernelsOn(101)).toBeGreaterThanOrEqual(N / 50);
  });

  it('writes one file per leaf of a pytree result (treeFlatten order: keys sorted)', async () => {
    const outs = ['diff', 'dot', 'pos'].map((k) => join(dir, `pair-${k}.npy`));
    const s = await batch.run({ module: model, fn: 'pair', inputs: [xPath, yPath], out: outs, batchSize: 64 });
    expect(s.outputs.map((o) => [o.dtype, o.shape])).toEqual([
      ['float32', [N, 3]],
      ['float32', [N]],
      ['bool', [N, 3]],
    ]);
    const diff = f32(outs[0]!);
    const dot = f32(outs[1]!);
    const pos = npyData(outs[2]!);
    for (let r = 0; r < N; r++) {
      let d = 0;
      for (let c = 0; c < 3; c++) {
        const i = r * 3 + c;
        d += x[i]! * y[i]!;
        expect(diff[i]).toBe(Math.fround(x[i]! - y[i]!));
        expect(pos[i]).toBe(x[i]! > y[i]! ? 1 : 0);
      }
      expect(Math.abs(dot[r]! - d)).toBeLessThan(1e-5);
    }
  });

  it('int32, uint8 and bool inputs keep their dtypes; a scalar per row gives shape [N]', async () => {
    const n = 50;
    const i32 = Int32Array.from({ length: n * 2 }, (_, i) => (i * 2654435761) | 0);
    const u8 = Uint8Array.from({ length: n * 2 }, (_, i) => (i * 37) % 256);
    const b = Uint8Array.from({ length: n * 2 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const paths = [writeNpy(join(dir, 'i.npy'), 'int32', [n, 2], i32), writeNpy(join(dir, 'u.npy'), 'uint8', [n, 2], u8), writeNpy(join(dir, 'b.npy'), 'bool', [n, 2], b)];
    const out = ['o_i', 'o_u', 'o_w'].map((k) => join(dir, `${k}.npy`));
    const fn = (a: JArray, c: JArray, w: JArray) => [jnp.sum(a), c.add(1), jnp.where(w, c, 0).astype('int32')];
    const s = await batch.run({ fn, inputs: paths, out, batchSize: 16 });
    expect(s.outputs.map((o) => [o.dtype, o.shape])).toEqual([
      ['int32', [n]],
      ['uint8', [n, 2]],
      ['int32', [n, 2]],
    ]);
    const sum = npyValues(out[0]!, Int32Array);
    for (let r = 0; r < n; r++) expect(sum[r]).toBe((i32[2 * r]! + i32[2 * r + 1]!) | 0); // int32 wraps, as in JAX
    expect(Array.from(npyData(out[1]!))).toEqual(Array.from(u8, (v) => (v + 1) % 256));
  });

  it('float64 inputs need x64, and with it compute in float64', async () => {
    const p = writeNpy(join(dir, 'f8.npy'), 'float64', [4], Float64Array.of(0.1, 0.2, 1e-300, 3));
    const out = join(dir, 'f8o.npy');
    await expect(batch.run({ fn: (v: JArray) => v.mul(3), inputs: [p], out })).rejects.toThrow(/float64, which needs x64/);
    expect(existsSync(out)).toBe(false);
    config.update('enableX64', true);
    try {
      const s = await batch.run({ fn: (v: JArray) => v.mul(3), inputs: [p], out });
      expect(s.outputs[0]!.dtype).toBe('float64');
      expect(Array.from(npyValues(out, Float64Array))).toEqual([0.1 * 3, 0.2 * 3, 1e-300 * 3, 9]);
    } finally {
      config.update('enableX64', false);
    }
  });

  it('an empty input gives an empty output with the right shape', async () => {
    const p = writeNpy(join(dir, 'empty.npy'), 'float32', [0, 3], new Float32Array(0));
    const out = join(dir, 'empty-out.npy');
    const s = await batch.run({ module: model, fn: 'pair', inputs: [p, p], out: [out, join(dir, 'e2.npy'), join(dir, 'e3.npy')] });
    expect([s.rows, s.batches]).toEqual([0, 0]);
    expect(s.outputs[1]!.shape).toEqual([0]);
    expect(readFileSync(out).toString('latin1')).toContain("'shape': (0, 3)");
  });

  it('ordered debug callbacks run in row order across batches and devices', async () => {
    const seen: number[] = [];
    const fn = (v: JArray) => {
      debug.callback((r: NdArray) => void seen.push(r.get(0) as number), [v], { ordered: true });
      return v.mul(2);
    };
    const s = await batch.run({ fn, inputs: [xPath], out: join(dir, 'ordered.npy'), batchSize: 37, devices: 2 });
    expect(s.batches).toBe(Math.ceil(N / 37));
    expect(seen).toEqual(Array.from({ length: N }, (_, r) => x[r * 3]));
  });
});

describe('batch.run refuses bad input before writing anything', () => {
  const out = join(dir, 'bad.npy');
  const textPath = join(dir, 't.npy');
  writeFileSync(textPath, 'x,y\n');
  const shortPath = writeNpy(join(dir, 's.npy'), 'float32', [9, 3], new Float32Array(27));
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['a missing input', () => batch.run({ module: model, fn: 'poly', inputs: [join(dir, 'nope.npy')], out }), /does not exist/],
    ['a non-.npy input', () => batch.run({ module: model, fn: 'poly', inputs: [textPath], out }), /not a \.npy file/],
    ['leading axes that differ', () => batch.run({ module: model, fn: 'pair', inputs: [xPath, shortPath], out }), /leading axes differ.*1000.*9/],
    ['a missing module', () => batch.run({ module: join(dir, 'nomodule.js'), fn: 'poly', inputs: [xPath], out }), /module .* not found/],
    ['a missing export', () => batch.run({ module: model, fn: 'nope', inputs: [xPath], out }), /has no export 'nope'.*poly/],
    ['an export that is not a function', () => batch.run({ module: model, fn: 'notAFunction', inputs: [xPath], out }), /is a number, not a function/],
    ['a function that throws while tracing', () => batch.run({ module: model, fn: 'broken', inputs: [xPath], out }), /TypeError: cannot handle 1-d rows/],
    ['too few outputs for the leaves', () => batch.run({ module: model, fn: 'pair', inputs: [xPath, yPath], out }), /returns 3 arrays per row but 1 --out file was given/],
    ['an output in a missing directory', () => batch.run({ module: model, fn: 'poly', inputs: [xPath], out: join(dir, 'no', 'dir', 'o.npy') }), /does not exist/],
    ['an output that is an input', () => batch.run({ module: model, fn: 'poly', inputs: [xPath], out: xPath }), /is also an input/],
    ['a bad batch size', () => batch.run({ module: model, fn: 'poly', inputs: [xPath], out, batchSize: 0 }), /not a positive integer/],
  ];
  it.each(cases)('%s', async (_, go, msg) => {
    const before = new Set(readdirSync(dir));
    const err = await go().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(batch.BatchInputError);
    expect((err as Error).message).toMatch(msg);
    expect(readdirSync(dir).filter((f) => !before.has(f))).toEqual([]);
  });

  it('an unsupported dtype (strings from NumPy) is named', async () => {
    const p = join(import.meta.dirname, 'fixtures', 'npy', 'u3_1d.npy');
    await expect(batch.run({ fn: (v: JArray) => v, inputs: [p], out })).rejects.toThrow(/'<U2' is not supported/);
  });

  it('a failure while computing leaves no output and the old output untouched', async () => {
    writeFileSync(out, 'previous result');
    const err = await batch.run({ module: model, fn: 'explode', inputs: [xPath], out, batchSize: 100 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CallbackError);
    expect(err).not.toBeInstanceOf(batch.BatchInputError);
    expect(readFileSync(out, 'utf8')).toBe('previous result');
    expect(readdirSync(dir).filter((f) => f.includes('jaxpool-partial'))).toEqual([]);
  });
});

describe('interrupting and resuming', () => {
  it('an aborted run keeps what finished; resume computes the rest, to the same bytes', async () => {
    const ref = join(dir, 'ref.npy');
    await batch.run({ module: model, fn: 'poly', inputs: [xPath], out: ref, batchSize: 10 });
    const out = join(dir, 'resumed.npy');
    const ac = new AbortController();
    const first = await batch
      .run({ module: model, fn: 'poly', inputs: [xPath], out, batchSize: 10, signal: ac.signal, onProgress: (p) => p.rowsDone >= 300 && ac.abort() })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(first).toBeInstanceOf(batch.BatchInterruptedError);
    expect((first as Error).message).toMatch(/--resume/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.jaxpool-partial`)).toBe(true);
    // Other arguments: refused, and the state is kept.
    await expect(batch.run({ module: model, fn: 'poly', inputs: [xPath], out, batchSize: 20, resume: true })).rejects.toThrow(/batchSize differ/);
    const s = await batch.run({ module: model, fn: 'poly', inputs: [xPath], out, batchSize: 10, resume: true });
    expect(s.rowsResumed).toBeGreaterThanOrEqual(300);
    expect(s.rows + s.rowsResumed).toBe(N);
    expect(readFileSync(out).equals(readFileSync(ref))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('resumed.npy.'))).toEqual([]);
  });

  it('a journal line cut short by a kill is ignored; a journal without its header starts over', async () => {
    const ref = readFileSync(join(dir, 'ref.npy'));
    const out = join(dir, 'torn.npy');
    const journal = `${out}.jaxpool-partial.journal`;
    const stopAt = (rows: number) => {
      const ac = new AbortController();
      return { signal: ac.signal, onProgress: (p: { rowsDone: number }) => p.rowsDone >= rows && ac.abort() };
    };
    const opts = { module: model, fn: 'poly', inputs: [xPath], out, batchSize: 10 };
    await expect(batch.run({ ...opts, ...stopAt(200) })).rejects.toThrow(batch.BatchInterruptedError);
    appendFileSync(journal, '99'); // a kill in the middle of writing "990 10\n"
    const s = await batch.run({ ...opts, resume: true });
    expect(s.rowsResumed).toBeGreaterThanOrEqual(200);
    expect(readFileSync(out).equals(ref)).toBe(true);
    rmSync(out);
    await expect(batch.run({ ...opts, ...stopAt(200) })).rejects.toThrow(batch.BatchInterruptedError);
    writeFileSync(journal, '{"format":"jaxpool-batch-jour'); // killed while writing the header
    const fresh = await batch.run({ ...opts, resume: true });
    expect([fresh.rowsResumed, fresh.rows]).toEqual([0, N]);
    expect(readFileSync(out).equals(ref)).toBe(true);
  });
});
