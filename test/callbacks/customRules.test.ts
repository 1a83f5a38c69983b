// Effects inside custom derivative rules (issue 14 item 7): debug.print and ioCallback inside
// customJvp / customVjp functions and their rules print exactly what JAX prints — the primal
// function under jit, only the rule under jvp, fwd and bwd under vjp — in order, and are flushed
// by effectsBarrier(). Expected lines come from JAX (test/golden/make_debug_prints.py).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import * as jp from '../../src/index.js';
import type { NdArray } from '../../src/index.js';

const { numpy: jnp } = jp;
const goldens = JSON.parse(readFileSync(new URL('../golden/debug_prints.json', import.meta.url), 'utf8')) as {
  customRules: { run: string; lines: string[] }[];
};

/** JAX's f (custom_jvp) and g (custom_vjp) of make_debug_prints.py, printing as they run. */
function makeFunctions() {
  const f = jp.customJvp((x: jp.Array) => {
    jp.debug.print('f primal x={}', x);
    return jnp.sin(x);
  });
  f.defjvp(([x], [t]) => {
    jp.debug.print('f rule x={} t={}', x, t);
    return [jnp.sin(x), jnp.cos(x).mul(t)];
  });
  const g = jp.customVjp((x: jp.Array) => {
    jp.debug.print('g primal x={}', x);
    return x.mul(x);
  });
  g.defvjp(
    (x: jp.Array) => {
      jp.debug.print('g fwd x={}', x);
      return [x.mul(x), x];
    },
    (x: jp.Array, ct: jp.Array) => {
      jp.debug.print('g bwd x={} ct={}', x, ct);
      return [x.mul(2).mul(ct)];
    },
  );
  return { f, g };
}

describe('debug.print inside customJvp / customVjp functions and rules', () => {
  let spy: MockInstance<typeof console.log>;
  beforeEach(() => {
    spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => spy.mockRestore());

  const x = jnp.array(0.5, { dtype: 'float32' });
  const t = jnp.array(2.0, { dtype: 'float32' });
  const { f, g } = makeFunctions();
  const runs: Record<string, () => unknown> = {
    f: () => f(x),
    'jit(f)': () => jp.jit(f)(x),
    'jvp(f)': () => jp.jvp(f, [x], [t]),
    'jit(jvp(f))': () => jp.jit((a: jp.Array, b: jp.Array) => jp.jvp(f, [a], [b]))(x, t),
    'grad(f)': () => jp.grad(f)(x),
    'jit(grad(f))': () => jp.jit(jp.grad(f))(x),
    'vmap(f)': () => jp.vmap(f)(jnp.array([0.5, 1.5], { dtype: 'float32' })),
    g: () => g(x),
    'jit(g)': () => jp.jit(g)(x),
    'vjp(g)': () => jp.vjp(g, x)[1](t),
    'jit(vjp(g))': () => jp.jit((a: jp.Array, b: jp.Array) => jp.vjp(g, a)[1](b))(x, t),
    'grad(g)': () => jp.grad(g)(x),
    'jit(grad(g))': () => jp.jit(jp.grad(g))(x),
    'jit(grad(f+g))': () => jp.jit(jp.grad((a: jp.Array) => f(a).add(g(a))))(x),
  };

  it('covers every golden run', () => {
    expect(Object.keys(runs)).toEqual(goldens.customRules.map((c) => c.run));
  });

  it.each(goldens.customRules.map((c) => [c.run, c.lines] as const))('%s prints %j', async (run, lines) => {
    runs[run]!();
    await jp.effectsBarrier();
    expect(spy.mock.calls.map((c) => c.join(' '))).toEqual(lines);
  });
});

describe('ioCallback inside custom rules under jit', () => {
  it('runs in program order and is flushed by effectsBarrier(), even when the results are unused', async () => {
    const log: string[] = [];
    const note = (tag: string) => (a: NdArray) => void log.push(`${tag} ${a}`);
    const h = jp.customVjp((x: jp.Array) => (jp.ioCallback(note('primal'), null, [x], { ordered: true }), x.mul(3)));
    h.defvjp(
      (x: jp.Array) => (jp.ioCallback(note('fwd'), null, [x], { ordered: true }), [x.mul(3), x]),
      (_x: jp.Array, ct: jp.Array) => (jp.ioCallback(note('bwd'), null, [ct], { ordered: true }), [ct.mul(3)]),
    );
    const k = jp.customJvp((x: jp.Array) => (jp.ioCallback(note('k'), null, [x], { ordered: true }), x));
    k.defjvp(([x], [dx]) => [k(x), dx]);
    // The custom functions' outputs are unused: only their effects keep them.
    jp.jit((x: jp.Array) => (h(x), k(x.add(1)), x))(jnp.array(1, { dtype: 'int32' }));
    jp.jit(jp.grad((x: jp.Array) => h(x)))(jnp.array(2, { dtype: 'float32' }));
    await jp.effectsBarrier();
    expect(log).toEqual(['primal 1', 'k 2', 'fwd 2.0', 'bwd 1.0']);
  });
});
