// Failures of io callbacks and debug callbacks inside jit are never lost and surface exactly once
// (issue 13 item 8, API.md section 5): at a read that raises them, at the next effectsBarrier(),
// or — when the program ends first — printed, with a non-zero exit code. Pending prints are
// printed at exit and by shutdown().
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { readError, vals } from './helpers.js';

const { numpy: jnp } = jp;
const barrierError = () => jp.effectsBarrier().then(() => null, (e: unknown) => e);

describe('a failing io or debug callback surfaces exactly once', () => {
  it('at the next effectsBarrier() when nothing reads a result, with the original as cause', async () => {
    const boom = new RangeError('io boom');
    const f = jp.jit((x: jp.Array) => (jp.ioCallback(() => { throw boom; }, null, [x]), x.mul(0)));
    f(jnp.array([1.5])); // its result is never read
    const err = await barrierError();
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect((err as Error).cause).toBe(boom);
    expect(await barrierError()).toBe(null); // not twice
    expect(vals(jnp.array([2]).add(1))).toEqual([3]);
  });

  it('at a read of a result of the failed program, and then not again at the barrier', async () => {
    for (const effect of ['io', 'debug'] as const) {
      const boom = new TypeError(`${effect} boom`);
      const f = jp.jit((x: jp.Array) => {
        if (effect === 'io') jp.ioCallback(() => { throw boom; }, null, [x]);
        else jp.debug.callback(() => { throw boom; }, [x]);
        return x.add(1);
      });
      const y = f(jnp.array([1.5]));
      const err = readError(y);
      expect(err).toBeInstanceOf(jp.CallbackError);
      expect((err as Error).cause).toBe(boom);
      // A failed result keeps raising (it has no value), but the failure was reported: the barrier is clean.
      expect(readError(y)).toBe(err);
      expect(await barrierError()).toBe(null);
    }
  });

  it('through work that depends on the failed program, once', async () => {
    const boom = new Error('dep boom');
    const f = jp.jit((x: jp.Array) => jp.ioCallback(() => { throw boom; }, new jp.ShapeDtypeStruct([1], 'float32'), [x]));
    const z = f(jnp.array([1])).mul(2);
    expect((readError(z) as Error).cause).toBe(boom);
    expect(await barrierError()).toBe(null);
  });

  it('several failures at once: one CallbackError at the barrier holding each, in dispatch order', async () => {
    const f = jp.jit((x: jp.Array) => (jp.ioCallback((a: NdArray) => { throw new Error(`bad ${a.tolist()}`); }, null, [x], { ordered: true }), x));
    for (let i = 0; i < 10; i++) f(jnp.array(i, { dtype: 'int32' }));
    const err = (await barrierError()) as Error;
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect(err.message).toMatch(/^10 host callbacks with effects failed since the last effectsBarrier\(\)/);
    const each = (err.cause as AggregateError).errors as Error[];
    expect(each.map((e) => (e.cause as Error).message)).toEqual(Array.from({ length: 10 }, (_, i) => `bad ${i}`));
    expect(await barrierError()).toBe(null);
    // The pool is still usable.
    expect(vals(jnp.arange(3).add(1))).toEqual([1, 2, 3]);
  });

  it('eagerly too: an eager io callback at the barrier, an eager debug.print failure at the call', async () => {
    const boom = new Error('eager boom');
    jp.ioCallback(() => { throw boom; }, null, [jnp.array(1)]);
    expect(((await barrierError()) as Error).cause).toBe(boom);
    expect(await barrierError()).toBe(null);
  });
});

const index = JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)));
function runScript(body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    import * as jp from ${index};
    const { numpy: jnp } = jp;
    process.on('unhandledRejection', (e) => { console.log('UNHANDLED', String(e)); });
    ${body}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(r.error).toBeUndefined();
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('at the end of the program', () => {
  it('an io callback failure nothing awaited is printed and the exit code is non-zero; prints still run', () => {
    const r = runScript(`
      const f = jp.jit((x) => { jp.debug.print('before {}', x); jp.ioCallback(() => { throw new RangeError('lost at exit'); }, null, [x]); return x; });
      f(jnp.array(7));
      console.log('script done');
    `);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toEqual(['script done', 'before 7', '']);
    expect(r.stderr).toMatch(/host callback with effects failed, and nothing read its results or awaited effectsBarrier\(\)/);
    expect(r.stderr).toMatch(/CallbackError: host callback .* raised: lost at exit/);
    expect(r.stderr).toMatch(/\[cause\]: RangeError: lost at exit/);
  });

  it('a clean run: eager prints in program order, failures raised by a read or the barrier not reported again, shutdown() flushing', () => {
    const r = runScript(`
      jp.debug.print('first {}', jnp.array([1, 2]));
      console.log('second');
      const f = jp.jit((x) => { jp.ioCallback(() => { throw new Error('seen'); }, null, [x]); return x.add(1); });
      try { f(jnp.array(1)).dataSync(); } catch (e) { console.log('read:', e.cause.message); }
      f(jnp.array(2));
      await jp.effectsBarrier().catch((e) => console.log('barrier:', e.cause.message));
      const log = [];
      const g = jp.jit((x) => { jp.debug.print('print {}', x); jp.ioCallback((a) => void log.push(a.tolist()), null, [x], { ordered: true }); return x; });
      for (let i = 0; i < 3; i++) g(jnp.array(i));
      await jp.shutdown();
      console.log('io', JSON.stringify(log));
      await jp.shutdown(); // idempotent
    `);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('\n')).toEqual(['first [1 2]', 'second', 'read: seen', 'barrier: seen', 'print 0', 'print 1', 'print 2', 'io [0,1,2]', '']);
  });
});
