// debug.callback and debug.print (API.md section 5, rows 3 and 4): what the host sees is recorded
// here; printed text is compared with numpy's own str() output (test/golden/print.json) and
// Python's str.format results.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { host } from './helpers.js';

const { numpy: jnp } = jp;

/** JAX's output for debug.print cases (test/golden/make_debug_prints.py). */
type Spec = { array: unknown; dtype: string } | { py: number | boolean } | { str: string } | { none: true } | { list: Spec[] } | { dict: Record<string, Spec> };
const goldens = JSON.parse(readFileSync(new URL('../golden/debug_prints.json', import.meta.url), 'utf8')) as {
  format: { fmt: string; args: Spec[]; kwargs: Record<string, Spec>; mode: 'eager' | 'jit'; lines: string[] }[];
};

/** The JS value for a golden argument spec: Python scalars are JS numbers (weakly typed, as in JAX). */
function build(s: Spec): unknown {
  if ('array' in s) return jnp.array(s.array as number[], { dtype: s.dtype as 'float32' });
  if ('py' in s) return s.py;
  if ('str' in s) return s.str;
  if ('none' in s) return null;
  if ('list' in s) return s.list.map(build);
  return Object.fromEntries(Object.entries(s.dict).map(([k, v]) => [k, build(v)]));
}

/** The tree with its array and number leaves replaced by slots (pushed onto `leaves`). */
const SLOT = Symbol('slot');
function treeOf(v: unknown, leaves: unknown[]): unknown {
  if (Array.isArray(v)) return v.map((e) => treeOf(e, leaves));
  if (v instanceof jp.Array || typeof v === 'number' || typeof v === 'boolean') return (leaves.push(v), SLOT);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, treeOf(e, leaves)]));
  return v;
}
function fill(t: unknown, xs: unknown[], at = { i: 0 }): unknown {
  if (t === SLOT) return xs[at.i++];
  if (Array.isArray(t)) return t.map((e) => fill(e, xs, at));
  if (t !== null && typeof t === 'object') return Object.fromEntries(Object.entries(t).map(([k, e]) => [k, fill(e, xs, at)]));
  return t;
}

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

describe('debug.callback forms', () => {
  it('a non-callable first argument is a TypeError at the call, mentioning callable', () => {
    for (const bad of [3, 'f', null, [() => 1], new Map()]) {
      const call = () => (jp.debug.callback as (...a: unknown[]) => unknown)(bad, [jnp.array(1)]);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/^first argument to debug\.callback must be callable, but got an object of type/);
    }
    expect(() => (jp.debug.callback({ ordered: true }) as (...a: unknown[]) => unknown)('nope', [])).toThrow(/must be callable/);
    expect(() => jp.jit((x: jp.Array) => ((jp.debug.callback as (...a: unknown[]) => unknown)(7, [x]), x))(jnp.array(1))).toThrow(TypeError);
  });

  it('the two-call form debug.callback({ ordered })(fn, args) works beside debug.callback(fn, args, { ordered })', async () => {
    const seen: number[] = [];
    const rec = (a: NdArray) => void seen.push(...host(a));
    const f = jp.jit((x: jp.Array) => {
      jp.debug.callback({ ordered: true })(rec, [x]);
      jp.debug.callback(rec, [x.add(1)], { ordered: true });
      jp.debug.callback({})(rec, [x.add(2)]);
      return x;
    });
    f(jnp.array([10], { dtype: 'int32' }));
    jp.debug.callback({ ordered: true })(rec, [jnp.array([20], { dtype: 'int32' })]);
    jp.debug.callback({ ordered: true })(() => void seen.push(-1));
    await jp.effectsBarrier();
    expect(seen).toEqual([10, 11, 12, 20, -1]);
    // Options go in the first call only, as in JAX.
    expect(() => (jp.debug.callback as (...a: unknown[]) => unknown)({ ordered: true }, [jnp.array(1)])).toThrow(/unexpected arguments in the two-call form/);
    expect(() => (jp.debug.callback({ ordered: true }) as (...a: unknown[]) => unknown)(rec, [jnp.array(1)], { ordered: false })).toThrow(/unexpected arguments in the two-call form/);
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

  it('pytrees and strings: {p[0]} indexes a list, containers print as Python lists of Array reprs', async () => {
    jp.debug.print('{p[1]} {p[0]} {q} {}', 'tag', { p: [jnp.array(1, { dtype: 'int32' }), jnp.array([2, 3], { dtype: 'int32' })], q: [jnp.array(0.5, { dtype: 'float32' })] });
    await jp.effectsBarrier();
    expect(printed()).toEqual(['[2 3] 1 [Array(0.5, dtype=float32)] tag']);
  });

  it.each(goldens.format.map((c) => [c.mode, c.fmt, c] as const))('%s, %j: prints what JAX prints (debug_prints.json)', async (mode, _fmt, c) => {
    const args = c.args.map(build);
    const kwargs = build({ dict: c.kwargs }) as Record<string, unknown>;
    if (mode === 'eager') jp.debug.print(c.fmt, ...args, kwargs);
    else {
      // Under jit every array and number leaf is an argument; strings and null stay static.
      const leaves: unknown[] = [];
      const skeleton = treeOf([args, kwargs], leaves);
      const f = jp.jit((...xs: jp.Array[]) => {
        const [a, k] = fill(skeleton, xs) as [unknown[], Record<string, unknown>];
        jp.debug.print(c.fmt, ...a, k);
        return xs[0] ?? null;
      });
      f(...(leaves as jp.Array[]));
    }
    await jp.effectsBarrier();
    expect(printed()).toEqual([c.lines.join('\n')]);
  });

  it('the two-call form debug.print({ordered})(fmt, ...args) prints in program order', async () => {
    const f = jp.jit((x: jp.Array) => {
      jp.debug.print({ ordered: true })('first {}', x);
      jp.debug.print({ ordered: true }, 'second {}', x.add(1));
      return x;
    });
    f(jnp.array(1, { dtype: 'int32' }));
    jp.debug.print({ ordered: true })('third');
    await jp.effectsBarrier();
    expect(printed()).toEqual(['first 1', 'second 2', 'third']);
  });

  it('an eager print appears in program order, before a console.log that follows it', () => {
    const x = jnp.array([1, 2], { dtype: 'int32' });
    jp.debug.print('eager {}', x);
    console.log('after');
    jp.vmap((v: jp.Array) => jp.debug.print('row {}', v))(jnp.array([[1, 2], [3, 4]], { dtype: 'int32' }));
    console.log('end');
    expect(printed()).toEqual(['eager [1 2]', 'after', 'row [1 2]', 'row [3 4]', 'end']);
  });

  it('bad format strings, specs on arrays and unused arguments fail at the call, as in JAX', () => {
    const x = jnp.array([1.5, 2]);
    expect(() => jp.debug.print('{}', x, 2)).toThrow(/^Unused positional arguments to `debug.print`: \[2\]\. You may be passing a template literal/);
    expect(() => jp.debug.print(`x = ${2}`, x)).toThrow(/^Unused positional arguments to `debug.print`: \[Array\(shape=\(2,\), dtype=float32\)\]\. You may be passing a template literal \(`\$\{x\}`\) into `debug.print` and instead should pass in a regular string/);
    expect(() => jp.debug.print('{a}', { a: x, b: x })).toThrow(/^Unused keyword arguments to `debug.print`: \['b'\]\. You may be passing a template literal/);
    expect(() => jp.jit((v: jp.Array) => (jp.debug.print('y', v), v))(x)).toThrow(/Unused positional arguments to `debug.print`: \[Traced<ShapedArray\(float32\[2\]\)>/);
    expect(() => jp.debug.print('{:.3f}', x)).toThrow(/applies to scalars.*shape \(2,\)/);
    expect(() => jp.debug.print('{', x)).toThrow(/bad format string/);
    expect(() => jp.debug.print('{name}', x)).toThrow(/KeyError: 'name'/);
    expect(() => jp.jit((v: jp.Array) => (jp.debug.print('{} {}', v), v))(x)).toThrow(/IndexError/);
    expect(spy).not.toHaveBeenCalled();
  });
});
