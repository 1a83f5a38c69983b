// Complex values at the host boundary beyond the callbacks' values: results of the wrong kind for
// their declared dtype raise CallbackResultError and leave the pool usable (never a silent +0j or
// a dropped imaginary part); debug.print prints complex values exactly as JAX does
// (test/golden/make_complex_prints.py); deviceGet/devicePut/jnp.save of complex arrays.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';
import { CallbackResultError, ComplexNdArray, type Complex } from '../../src/index.js';

const { numpy: jnp } = jp;
const c = (re: number, im: number): Complex => ({ re, im });
const vals = (a: jp.Array): number[] => Array.from(a.dataSync() as ArrayLike<number>);

function readError(a: jp.Array): unknown {
  try {
    a.dataSync();
    return null;
  } catch (e) {
    return e;
  }
}

describe('a callback result of the wrong kind for its declared dtype raises CallbackResultError', () => {
  const complex2 = new jp.ShapeDtypeStruct([2], 'complex64');
  const real2 = new jp.ShapeDtypeStruct([2], 'float32');
  const cases: [string, jp.ShapeDtypeStruct, unknown, RegExp][] = [
    ['a real numjs array for complex', complex2, jp.nj.array([1, 2]), /is a NdArray, but the declared result dtype is complex64/],
    ['interleaved floats for complex', complex2, new Float32Array([1, 2, 3, 4]), /is a Float32Array, but the declared result dtype is complex64/],
    ['real numbers for complex', complex2, [1, 2], /is an Array, but the declared result dtype is complex64/],
    ['a real jaxpool array for complex', complex2, jnp.array([1, 2]), /is an int32 Array, but the declared result dtype is complex64/],
    ['a complex array of the wrong shape', complex2, new ComplexNdArray([1, 2, 3], [0, 0, 0]), /has shape \(3,\), but the declared result shape is \(2,\)/],
    ['a ragged complex list', complex2, [c(1, 2), [c(3, 4)]], /ragged/],
    ['a ComplexNdArray for real', real2, new ComplexNdArray([1, 2], [0, 1]), /is complex, but the declared result dtype is real/],
    ['{re, im} numbers for real', real2, [c(1, 0), c(2, 0)], /is complex, but the declared result dtype is real/],
    ['a complex jaxpool array for real', real2, jnp.array([c(1, 0), c(2, 3)]), /is complex, but the declared result dtype is real/],
  ];

  it.each(cases)('%s (eager and jit), and the pool stays usable', (_, shape, value, msg) => {
    const f = () => jp.pureCallback(() => value, shape, []);
    for (const g of [f, jp.jit(f)]) {
      const err = readError(g());
      expect(err).toBeInstanceOf(CallbackResultError);
      expect((err as Error).message).toMatch(msg);
      const ok = jp.pureCallback(() => [c(5, -6)], new jp.ShapeDtypeStruct([1], 'complex64'), []);
      expect(vals(ok)).toEqual([5, -6]);
    }
  });
});

describe('debug.print of complex values prints what JAX prints', () => {
  type Spec = { array: number[] | unknown[]; dtype: string } | { py: [number, number] } | { list: Spec[] };
  const golden = JSON.parse(readFileSync(new URL('../golden/complex_prints.json', import.meta.url), 'utf8')) as {
    cases: { fmt: string; args: Spec[]; eager: string[]; jit: string[]; vmap?: string[] }[];
  };
  const toComplex = (v: unknown[]): unknown => (Array.isArray(v[0]) ? v.map((e) => toComplex(e as unknown[])) : c(Number(v[0]), Number(v[1])));
  /** The JS argument: a Python complex is a weak `{re, im}` (an array of it under jit, where a plain object would be a pytree). */
  function build(s: Spec, traced: boolean): unknown {
    if ('array' in s) return jnp.array(toComplex(s.array) as Complex[], { dtype: s.dtype as 'complex64' });
    if ('py' in s) return traced ? jnp.asarray(c(...s.py)) : c(...s.py);
    return s.list.map((e) => build(e, traced));
  }

  let log: MockInstance<typeof console.log>;
  beforeEach(() => void (log = vi.spyOn(console, 'log').mockImplementation(() => {})));
  afterEach(() => log.mockRestore());
  const printed = () => log.mock.calls.flatMap((call) => String(call[0]).split('\n'));

  it.each(golden.cases.map((k) => [k.fmt, k] as const))('%s', async (_, k) => {
    jp.debug.print(k.fmt, ...k.args.map((s) => build(s, false)));
    await jp.effectsBarrier();
    expect(printed()).toEqual(k.eager);
    log.mockClear();
    jp.jit((...a: unknown[]) => jp.debug.print(k.fmt, ...a))(...k.args.map((s) => build(s, true)));
    await jp.effectsBarrier();
    expect(printed()).toEqual(k.jit);
    if (!k.vmap) return;
    log.mockClear();
    jp.vmap((...a: unknown[]) => jp.debug.print(k.fmt, ...a))(...k.args.map((s) => build(s, true)));
    await jp.effectsBarrier();
    expect(printed()).toEqual(k.vmap);
  });

  it('a format spec on a complex array (not a scalar) is refused before anything runs', () => {
    expect(() => jp.debug.print('{:.3f}', jnp.array([c(1, 2), c(3, 4)]))).toThrow(/applies to scalars/);
    expect(() => jp.debug.print('{:05.1f}', jnp.array(c(1, 2)))).toThrow(/Zero padding is not allowed in complex format specifier/);
  });
});

describe('ComplexNdArray', () => {
  const golden = JSON.parse(readFileSync(new URL('../golden/complex_prints.json', import.meta.url), 'utf8')) as {
    host: { values: [number, number][]; shape: number[]; dtype: 'complex64' | 'complex128'; str: string; repr: string }[];
  };
  it.each(golden.host.map((h) => [`${h.dtype}[${h.shape}]`, h] as const))('%s prints as numpy (str, repr)', (_, h) => {
    const z = ComplexNdArray.fromInterleaved(h.values.flat(), h.shape, h.dtype);
    expect([String(z), inspect(z)]).toEqual([h.str, h.repr]);
    expect(z.clone().tolist()).toEqual(z.tolist());
  });

  it('parts of different shapes, a wrong number of interleaved values or of indices raise ShapeError', () => {
    expect(() => new ComplexNdArray([1, 2], [1])).toThrow(jp.ShapeError);
    expect(() => ComplexNdArray.fromInterleaved([1, 2, 3], [2])).toThrow(/3 numbers cannot be 2 \(re, im\) pairs/);
    expect(() => ComplexNdArray.fromInterleaved([1, 2, 3, 4], [2]).get()).toThrow(/give 1 indices/);
  });
});

describe('deviceGet, devicePut and jnp.save of complex arrays', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jaxpool-cplx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deviceGet gives a ComplexNdArray copy; devicePut and jnp.asarray take it back unchanged', () => {
    const x = jnp.array([[c(1, -2), c(0.5, 3)], [c(-0, 1e-3), c(7, 0)]]);
    const before = jp.transfers.stats().deviceToHost.bytes;
    const z = jp.deviceGet(x) as unknown as ComplexNdArray;
    expect(z).toBeInstanceOf(ComplexNdArray);
    expect(jp.transfers.stats().deviceToHost.bytes - before).toBe(4 * 8);
    expect([z.dtype, z.shape, z.re.tolist(), z.tolist()]).toEqual(['complex64', [2, 2], [[1, 0.5], [-0, 7]], x.tolist()]);
    expect(String(z)).toBe(String(x));
    z.re.set(0, 0, 99); // a copy: the device array is unchanged
    expect(vals(x)[0]).toBe(1);
    const back = jp.devicePut(jp.deviceGet(x), jp.devices()[0]!) as jp.Array;
    expect([back.dtype.name, back.shape, vals(back)]).toEqual(['complex64', [2, 2], vals(x)]);
    expect(() => jnp.asarray(z as unknown as jp.ArrayLike, 'float32')).toThrow(jp.DtypeError);
  });

  it('jnp.save writes NumPy\'s bytes (numpy reads them back: see test/batch/npy.test.ts) and jnp.load reads them', () => {
    const x = jnp.array([c(1, 2), c(-3.5, 0.25)]);
    const p = join(dir, 'z.npy');
    jnp.save(p, x);
    const bytes = readFileSync(p);
    expect(bytes.toString('latin1', 0, 70)).toContain("'descr': '<c8'");
    const y = jnp.load(p);
    expect([y.dtype.name, vals(y)]).toEqual(['complex64', [1, 2, -3.5, 0.25]]);
  });
});
