// The reliability harness (scripts/reliability, `npm run reliability`) in miniature: each section
// runs a few cases and must report no failure; its judges (documented errors, references,
// slopes) are checked on known answers, so a harness that cannot fail would show here.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { Tally, isDocumented } from '../../scripts/reliability/common.js';
import { concurrency } from '../../scripts/reliability/concurrency.js';
import { faults } from '../../scripts/reliability/faults.js';
import { fuzz } from '../../scripts/reliability/fuzz.js';
import { elementwise, reduction } from '../../scripts/reliability/reference.js';
import { verdict } from '../../scripts/reliability/report.js';
import { slope, soak } from '../../scripts/reliability/soak.js';

jp.config.update('numDevices', Math.max(2, jp.config.values.numDevices));

const failures = (t: Tally) => t.failures.map((f) => `${f.kind}: ${f.what} — ${f.repro}`);

describe('the harness judges', () => {
  it('documented errors: JaxpoolError subclasses and the argument-binding TypeError, not errors from inside', () => {
    expect(isDocumented(new jp.ShapeError('bad axis'))).toBe(true);
    expect(isDocumented(new TypeError("sum() got an unexpected option 'x'; its options are 'axis'."))).toBe(true);
    expect(isDocumented(new TypeError("Cannot read properties of undefined (reading 'length')"))).toBe(false);
    expect(isDocumented(new RangeError('Invalid array length'))).toBe(false);
    expect(isDocumented(new jp.JaxpoolError('internal: cannot allocate 12 bytes'))).toBe(false);
  });

  it('references: int32 wrapping, JAX promotion of JS numbers, NaN-first argmax, empty max raises', () => {
    const i32 = { shape: [2], dtype: 'int32' as const, values: [2147483647, -5] };
    expect(elementwise('add', [i32, { weak: 1 }])).toMatchObject({ dtype: 'int32', values: [-2147483648, -4] });
    expect(elementwise('add', [i32, { weak: 0.5 }])).toMatchObject({ dtype: 'float32', values: [2147483648, -4.5] });
    expect(elementwise('subtract', [{ shape: [], dtype: 'bool', values: [1] }, { shape: [], dtype: 'bool', values: [0] }])).toBe('throws');
    expect(elementwise('add', [{ shape: [2], dtype: 'float32', values: [1, 2] }, { shape: [3], dtype: 'float32', values: [1, 2, 3] }])).toBe('throws');
    expect(reduction('argmax', { shape: [3], dtype: 'float32', values: [1, NaN, 5] }, undefined, false)).toMatchObject({ values: [1], dtype: 'int32' });
    expect(reduction('max', { shape: [0, 2], dtype: 'float32', values: [] }, 0, false)).toBe('throws');
    expect(reduction('max', { shape: [0, 2], dtype: 'float32', values: [] }, 1, false)).toMatchObject({ shape: [0], values: [] });
    expect(reduction('sum', { shape: [2, 2], dtype: 'int32', values: [1, 2, 3, 4] }, [0, 0], false)).toBe('throws');
    expect(reduction('sum', { shape: [2, 2], dtype: 'bool', values: [1, 1, 0, 1] }, -1, true)).toMatchObject({ shape: [2, 1], dtype: 'int32', values: [2, 1] });
  });

  it('slopes by least squares, and the verdict names what is over its bound', () => {
    expect(slope([0, 1, 2, 3], [5, 7, 9, 11])).toBeCloseTo(2, 12);
    expect(slope([0, 1, 2], [4, 4, 4])).toBe(0);
    const loop = (rssSlope: number, deviceSlope: number) => ({ iterations: 1e6, samples: 30, rssSlope, deviceSlope, rssMB: [100, 100] as [number, number] });
    const t = new Tally();
    expect(verdict(t, { jit: loop(10, 0), eager: loop(0, 0) })).toEqual([]);
    expect(verdict(t, { jit: loop(2300, 0), eager: loop(0, 16) }).join('\n')).toMatch(/jit: RSS grows 2300[\s\S]*eager: live device bytes grow 16/);
    t.wrongResults = 1;
    expect(verdict(t, { jit: loop(0, 0), eager: loop(0, 0) })).toEqual(['1 wrong results (must be 0)']);
  });
});

describe('each section, a few cases', () => {
  it('fuzz: every case a correct value or a documented error', async () => {
    const t = new Tally();
    await fuzz(t, { runs: 60, seed: 13 });
    expect(failures(t)).toEqual([]);
    expect(t.cases).toBeGreaterThanOrEqual(60);
  }, 300_000);

  it('fault injection: every round survived with a right value or DeviceLostError, the pool whole', async () => {
    const t = new Tally();
    await faults(t, { rounds: 2, seed: 5 });
    expect(failures(t)).toEqual([]);
    expect(t.crashesSurvived).toBe(2);
  }, 300_000);

  it('concurrency: async callers on every device, ordered io, failing callbacks each once', async () => {
    const t = new Tally();
    await concurrency(t, { callers: 12, seed: 3 });
    expect(failures(t)).toEqual([]);
  }, 300_000);

  it('soak: right values throughout, live device bytes flat', async () => {
    const t = new Tally();
    const s = await soak(t, { jitCalls: 100, eagerOps: 400 });
    expect(failures(t)).toEqual([]);
    expect(s.jit.deviceSlope).toBeLessThanOrEqual(1);
    expect(s.eager.deviceSlope).toBeLessThanOrEqual(1);
  }, 300_000);
});
