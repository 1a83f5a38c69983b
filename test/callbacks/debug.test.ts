// debug.callback and debug.print (API.md section 5, rows 3 and 4): what the host sees is recorded
// here; printed text is compared with numpy's own str() output (test/golden/print.json) and
// Python's str.format results.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

const { numpy: jnp } = jp;
const host = (a: NdArray) => Array.from(a.selection.data as ArrayLike<number>);

describe('debug.callback', () => {
  it('is never removed: runs once per call, eagerly and under jit, though it has no result', async () => {
    const seen: number[][] = [];
    const rec = (a: NdArray) => void seen.push(host(a));
    const f = jp.jit((x: jp.Array) => {
      jp.debug.callback(rec, [x.mul(2)]);
      return x;
    });
    f(jnp.array([1.5, 2]));
    f(jnp.array([3, 4], { dtype: 'float32' }));
    jp.debug.callback(rec, [jnp.array(7)]);
    await jp.effectsBarrier();
    expect(seen).toEqual([[3, 4], [6, 8], [7]]);
  });

  it('runs once per batch element under vmap, with that element’s values', async () => {
    const seen: [number[], number[]][] = [];
    const f = (x: jp.Array, y: jp.Array) => {
      jp.debug.callback((a: NdArray, b: NdArray) => void seen.push([host(a), host(b)]), [x, y]);
      return x.add(y);
    };
    const xs = jnp.array([[1, 2], [3, 4], [5, 6]], { dtype: 'float32' });
    jp.vmap(f, { inAxes: [0, null] })(xs, jnp.array(10));
    await jp.effectsBarrier();
    expect(seen).toEqual([[[1, 2], [10]], [[3, 4], [10]], [[5, 6], [10]]]);
    seen.length = 0;
    // Nested, under jit: one call per element of both batch axes. The inner vmap (over xs's rows)
    // loops first and the outer one (over its columns) loops each of those calls: xs[i, j], j fastest.
    jp.jit(jp.vmap(jp.vmap(f, { inAxes: [0, null] }), { inAxes: [1, null] }))(xs, jnp.array(0)).dataSync();
    await jp.effectsBarrier();
    expect(seen.map(([a]) => a)).toEqual([[1], [2], [3], [4], [5], [6]]);
  });

  it('sees primal values only, once, under jvp, grad, jit(grad) and vmap(grad)', async () => {
    const seen: number[] = [];
    const f = (x: jp.Array) => {
      jp.debug.callback((a: NdArray) => void seen.push(host(a)[0]!), [x]);
      return jnp.sin(x).mul(x);
    };
    const [y, t] = jp.jvp(f, [jnp.array(0.5)], [jnp.array(100)]) as [jp.Array, jp.Array];
    expect(y.item()).toBeCloseTo(Math.sin(0.5) * 0.5, 6);
    expect(t.item()).toBeCloseTo(100 * (Math.cos(0.5) * 0.5 + Math.sin(0.5)), 4);
    expect((jp.grad(f)(1.25) as jp.Array).item()).toBeCloseTo(Math.cos(1.25) * 1.25 + Math.sin(1.25), 6);
    (jp.jit(jp.grad(f))(2.5) as jp.Array).dataSync();
    (jp.vmap(jp.grad(f))(jnp.array([0.25, 0.75])) as jp.Array).dataSync();
    const [, vjpFn] = jp.vjp(f, jnp.array(3.5));
    vjpFn(jnp.array(1.5));
    await jp.effectsBarrier();
    expect(seen).toEqual([0.5, 1.25, 2.5, 0.25, 0.75, 3.5]);
  });

  it('a throwing callback surfaces as CallbackError at the effects barrier; later calls work', async () => {
    const boom = new TypeError('bad value');
    jp.jit((x: jp.Array) => (jp.debug.callback(() => { throw boom; }, [x]), x))(jnp.array(1));
    const err = await jp.effectsBarrier().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(jp.CallbackError);
    expect((err as Error).cause).toBe(boom);
    const seen: number[] = [];
    jp.debug.callback((a: NdArray) => void seen.push(...host(a)), [jnp.array([2, 3])]);
    await jp.effectsBarrier();
    expect(seen).toEqual([2, 3]);
  });
});

describe('debug.print', () => {
  let spy: MockInstance<typeof console.log>;
  const printed = () => spy.mock.calls.map((c) => c.join(' '));
  beforeEach(() => {
    spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => spy.mockRestore());

  it('prints arrays as numpy’s str() does (numpy goldens), from inside jit at run time', async () => {
    const golden = JSON.parse(readFileSync(new URL('../golden/print.json', import.meta.url), 'utf8')) as {
      cases: { dtype: string; shape: number[]; data: (number | string)[]; str: string }[];
    };
    const cases = golden.cases.filter((c) => c.dtype !== 'float64');
    const f = jp.jit((x: jp.Array) => (jp.debug.print('{}', x), x));
    for (const c of cases) {
      const data = c.data.map((v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
      f(jnp.array(data, { dtype: c.dtype as 'float32' }).reshape(c.shape));
    }
    await jp.effectsBarrier();
    expect(cases.length).toBeGreaterThan(5);
    expect(printed()).toEqual(cases.map((c) => c.str));
  });

  it('formats {} {0} {name} and {:.3f} as Python’s str.format, float32 scalars like numpy str', async () => {
    const x = jnp.array([1.5, 2]);
    jp.jit((v: jp.Array) => {
      jp.debug.print('x={0} again={0} s={s:.3f} v={v} i={i:>4d}', v, { s: jnp.sum(v), v: jnp.array(0.1, { dtype: 'float32' }), i: jnp.array(7) });
      jp.debug.print('{} + {} = {:.2f}; {{literal}}', jnp.array(0.1, { dtype: 'float32' }), 0.2, jnp.array(0.1, { dtype: 'float32' }).add(0.2));
      jp.debug.print('flags {} bytes {}', jnp.array([true, false]), jnp.array([1, 255], { dtype: 'uint8' }));
      jp.debug.print('{label}: {}', v.mul(2), { label: 'doubled' });
      return v;
    })(x);
    await jp.effectsBarrier();
    expect(printed()).toEqual([
      'x=[1.5 2. ] again=[1.5 2. ] s=3.500 v=0.1 i=   7',
      '0.1 + 0.2 = 0.30; {literal}',
      'flags [ True False] bytes [  1 255]',
      'doubled: [3. 4.]',
    ]);
  });

  it('prints one line per batch element under vmap, primal values under grad, in program order', async () => {
    const f = (x: jp.Array) => {
      jp.debug.print({ ordered: true }, 'x={x}', { x });
      return jnp.sin(x);
    };
    jp.vmap(f)(jnp.array([0.5, 1.5, 2.5]));
    jp.grad(f)(0.25);
    jp.jit(jp.vmap(f))(jnp.array([[1, 2], [3, 4]], { dtype: 'float32' }));
    await jp.effectsBarrier();
    expect(printed()).toEqual(['x=0.5', 'x=1.5', 'x=2.5', 'x=0.25', 'x=[1. 2.]', 'x=[3. 4.]']);
  });

  it('pytrees and strings: {p[0]} indexes a list, containers print as Python lists', async () => {
    jp.debug.print('{p[1]} {p[0]} {q} {}', 'tag', { p: [jnp.array(1), jnp.array([2, 3])], q: [jnp.array(0.5, { dtype: 'float32' })] });
    await jp.effectsBarrier();
    expect(printed()).toEqual(['[2 3] 1 [array(0.5, dtype=float32)] tag']);
  });

  it('bad format strings, specs on arrays and unused arguments fail at the call, as in JAX', () => {
    const x = jnp.array([1.5, 2]);
    expect(() => jp.debug.print('{}', x, x)).toThrow(/Unused positional arguments to `debug.print`: 1/);
    expect(() => jp.debug.print('{a}', { a: x, b: x })).toThrow(/Unused keyword arguments to `debug.print`: b/);
    expect(() => jp.debug.print('{:.3f}', x)).toThrow(/applies to scalars.*shape \(2,\)/);
    expect(() => jp.debug.print('{', x)).toThrow(/bad format string/);
    expect(() => jp.debug.print('{name}', x)).toThrow(/KeyError: 'name'/);
    expect(() => jp.jit((v: jp.Array) => (jp.debug.print('{} {}', v), v))(x)).toThrow(/IndexError/);
    expect(spy).not.toHaveBeenCalled();
  });
});
