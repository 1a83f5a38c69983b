// lax control flow against plain JS loops, finite differences and loops of calls.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;
const f32 = Math.fround;
const vals = (a: jp.Array) => Array.from(a.dataSync());
const finite = fc.float({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }).map(f32);

describe('forward semantics vs JS loops', () => {
  it('scan computes running sums and products, forward and reverse', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 12 }), finite, fc.boolean(), (xs, c0, reverse) => {
        const [c, ys] = lax.scan((c: jp.Array, x: jp.Array) => {
          const n = c.mul(0.5).add(x);
          return [n, n.mul(n)];
        }, jnp.array(c0, { dtype: 'float32' }), jnp.array(new Float32Array(xs)), { reverse });
        let acc = c0;
        const ref = new Array<number>(xs.length);
        const order = reverse ? [...xs.keys()].reverse() : [...xs.keys()];
        for (const i of order) {
          acc = f32(f32(acc * 0.5) + xs[i]!);
          ref[i] = f32(acc * acc);
        }
        expect(vals(c as jp.Array)[0]).toBe(acc);
        expect(vals(ys as jp.Array)).toEqual(ref);
      }),
      { numRuns: 25 },
    );
  });

  it('whileLoop and foriLoop (static and traced bounds) match a JS loop', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.float({ min: Math.fround(0.1), max: 2, noNaN: true }).map(f32), (n, v0) => {
        let ref = v0;
        for (let i = 0; i < n; i++) ref = f32(f32(ref * f32(1.1)) + i); // 1.1 is a weak float32 literal
        const body = (i: jp.Array, v: jp.Array) => v.mul(1.1).add(i.astype('float32'));
        expect(vals(lax.foriLoop(0, n, body, jnp.array(v0, { dtype: 'float32' })))[0]).toBe(ref);
        const traced = jp.jit((k: jp.Array) => lax.foriLoop(0, k, body, jnp.array(v0, { dtype: 'float32' })));
        expect(vals(traced(jnp.array(n)))[0]).toBe(ref);
        const w = lax.whileLoop(([i]: jp.Array[]) => i.lt(n), ([i, v]: jp.Array[]) => [i.add(1), body(i!, v!)], [jnp.array(0), jnp.array(v0, { dtype: 'float32' })]);
        expect(vals(w[1]!)[0]).toBe(ref);
      }),
      { numRuns: 20 },
    );
  });

  it('cond and switch take only the chosen branch', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: -2, max: 5 }), (x, k) => {
        const branches = [(a: jp.Array) => a.add(1), (a: jp.Array) => a.mul(2), (a: jp.Array) => a.mul(a)];
        const refs = [f32(x + 1), f32(x * 2), f32(x * x)];
        const xa = jnp.array(x, { dtype: 'float32' });
        expect(vals(lax.switch(k, branches, xa))[0]).toBe(refs[Math.min(Math.max(k, 0), 2)]);
        expect(vals(jp.jit((a: jp.Array) => lax.cond(a.gt(0), branches[1]!, branches[2]!, a))(xa))[0]).toBe(x > 0 ? refs[1] : refs[2]);
      }),
      { numRuns: 25 },
    );
  });

  it('nests: scan inside whileLoop inside cond', () => {
    const f = (x: jp.Array) =>
      lax.cond(
        x.gt(0),
        (a: jp.Array) => lax.whileLoop((v: jp.Array) => v.lt(50), (v: jp.Array) => lax.scan((c: jp.Array, y: jp.Array) => [c.add(y), null], v, jnp.array([1.5, 2.5]))[0] as jp.Array, a),
        (a: jp.Array) => a,
        x,
      );
    const ref = (x: number) => {
      if (!(x > 0)) return x;
      let v = x;
      while (v < 50) v = v + 1.5 + 2.5;
      return v;
    };
    for (const x of [3, -1, 49.5]) expect(vals(jp.jit(f)(jnp.array(x, { dtype: 'float32' })))[0]).toBe(ref(x));
  });
});

describe('differentiation', () => {
  const fd = (f: (x: number) => number, x: number, h = 1e-3) => (f(x + h) - f(x - h)) / (2 * h);

  it('grad through scan, foriLoop and cond matches central differences', () => {
    const xs = [0.3, -0.7, 1.1];
    const scanF = (a: jp.Array) => lax.scan((c: jp.Array, x: jp.Array) => [jnp.sin(c.mul(x)).add(c), null], a, jnp.array(new Float32Array(xs)))[0] as jp.Array;
    const scanRef = (a: number) => xs.reduce((c, x) => Math.sin(c * x) + c, a);
    const foriF = (a: jp.Array) => lax.foriLoop(0, 4, (_i: jp.Array, v: jp.Array) => jnp.tanh(v).mul(1.3), a);
    const foriRef = (a: number) => [0, 1, 2, 3].reduce((v) => Math.tanh(v) * 1.3, a);
    const condF = (a: jp.Array) => lax.cond(a.gt(0.5), (b: jp.Array) => jnp.exp(b), (b: jp.Array) => b.mul(b).mul(3), a);
    const condRef = (a: number) => (a > 0.5 ? Math.exp(a) : 3 * a * a);
    for (const [f, ref] of [
      [scanF, scanRef],
      [foriF, foriRef],
      [condF, condRef],
    ] as const)
      for (const x of [0.2, 0.9, 1.4]) {
        const g = (jp.grad(f)(x) as jp.Array).item() as number;
        expect(g).toBeCloseTo(fd(ref, x), 2);
        expect((jp.jit(jp.grad(f))(x) as jp.Array).item()).toBeCloseTo(g, 5);
      }
  });

  it('grad with respect to scanned xs', () => {
    const xs = [0.5, 1, 2];
    const f = (v: jp.Array) => lax.scan((c: jp.Array, x: jp.Array) => [c.mul(jnp.sin(x)), null], jnp.array(1.5), v)[0] as jp.Array;
    const g = vals(jp.grad(f)(jnp.array(new Float32Array(xs))) as jp.Array);
    xs.forEach((_, i) => {
      const ref = fd((t) => 1.5 * xs.map((x, j) => Math.sin(j === i ? t : x)).reduce((a, b) => a * b), xs[i]!);
      expect(g[i]).toBeCloseTo(ref, 3);
    });
  });

  it('jvp through whileLoop; reverse mode raises JAX error', () => {
    const f = (a: jp.Array) => lax.whileLoop((v: jp.Array) => v.lt(10), (v: jp.Array) => v.mul(v).add(1), a);
    const [y, t] = jp.jvp(f, [jnp.array(1.5, { dtype: 'float32' })], [jnp.array(1, { dtype: 'float32' })]) as [jp.Array, jp.Array];
    // 1.5 -> 3.25 -> 11.5625: derivative (2v) at each step.
    expect(vals(y)[0]).toBe(f32(f32(f32(3.25) * f32(3.25)) + 1));
    expect(vals(t)[0]).toBeCloseTo(2 * 1.5 * 2 * 3.25, 4);
    expect(() => jp.grad(f)(1.5)).toThrow(/Reverse-mode differentiation does not work for lax.whileLoop/);
  });
});

describe('vmap', () => {
  it('matches a loop of calls, including batched predicates and while', () => {
    const f = (x: jp.Array) =>
      // A batched predicate runs both branches on every lane (as in JAX), so the loop must end for all inputs.
      lax.cond(x.gt(0), (a: jp.Array) => lax.whileLoop((v: jp.Array) => v.lt(20), (v: jp.Array) => v.mul(v).add(1), a), (a: jp.Array) => a.sub(1), x);
    const xs = [1.5, -2, 0.25, 30, 7];
    const batched = vals(jp.vmap(f)(jnp.array(new Float32Array(xs))));
    expect(batched).toEqual(xs.map((x) => vals(f(jnp.array(x, { dtype: 'float32' })))[0]));
    const s = (c0: jp.Array) => lax.scan((c: jp.Array, x: jp.Array) => [c.mul(x), c], c0, jnp.array([1.5, 2, 3]));
    const outs = jp.vmap(s)(jnp.array(new Float32Array(xs))) as [jp.Array, jp.Array];
    expect(vals(outs[0])).toEqual(xs.map((x) => vals((s(jnp.array(x, { dtype: 'float32' })) as jp.Array[])[0]!)[0]));
  });
});

describe('callbacks inside control flow', () => {
  it('run once per iteration and only on the taken branch', async () => {
    let perIter = 0;
    let taken = 0;
    let notTaken = 0;
    const f = jp.jit((x: jp.Array) => {
      const y = lax.foriLoop(0, 7, (_i: jp.Array, v: jp.Array) => {
        jp.debug.callback(() => void perIter++, [v]);
        return v.add(1);
      }, x);
      return lax.cond(
        y.gt(0),
        (a: jp.Array) => {
          jp.debug.callback(() => void taken++, [a]);
          return a;
        },
        (a: jp.Array) => {
          jp.debug.callback(() => void notTaken++, [a]);
          return a;
        },
        y,
      );
    });
    expect(vals(f(jnp.array(0.5, { dtype: 'float32' })))[0]).toBe(7.5);
    await jp.effectsBarrier();
    expect([perIter, taken, notTaken]).toEqual([7, 1, 0]);
  });
});

describe('effects in loops', () => {
  it('ordered ioCallback keeps order across iterations; debug.print prints each scan step', async () => {
    const log: number[] = [];
    const f = jp.jit((xs: jp.Array) =>
      lax.scan((c: jp.Array, x: jp.Array) => {
        jp.ioCallback((a: jp.NdArray) => void log.push((a.selection.data as Float32Array)[0]!), null, [c.add(x)], { ordered: true });
        return [c.add(x), c];
      }, jnp.array(0, { dtype: 'float32' }), xs)[0] as jp.Array,
    );
    expect(vals(f(jnp.array([1.5, 2, 3])))[0]).toBe(6.5);
    expect(log).toEqual([1.5, 3.5, 6.5]);
    const lines: string[] = [];
    const orig = console.log;
    console.log = (s: string) => void lines.push(s);
    try {
      lax.scan((c: jp.Array, x: jp.Array) => {
        jp.debug.print('step {}', x);
        return [c, null];
      }, jnp.array(0), jnp.array([4, 5, 6]));
      await jp.effectsBarrier();
    } finally {
      console.log = orig;
    }
    expect(lines).toEqual(['step 4', 'step 5', 'step 6']);
  });
});
