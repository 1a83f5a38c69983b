// Whole programs from the compiler: rendered sources name nothing by identity (variables,
// buffers and symbols are numbered in order), so equal programs give equal source — a structural
// key a kernel cache can use; elementwise outputs of one size share one loop.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { compileJaxpr } from '../../src/compiler/compile.js';
import { programSource } from '../../src/compiler/program.js';

const { numpy: jnp, lax } = jp;
const source = (f: (...xs: jp.Array[]) => unknown, ...xs: jp.Array[]) => programSource(compileJaxpr(jp.jit(f).lower(...xs).jaxpr));

describe('rendered programs', () => {
  it('are the same text for the same program traced twice', () => {
    const f = () => (x: jp.Array, y: jp.Array) => jnp.sum(jnp.sin(x).mul(y.T), 1).add(lax.foriLoop(0, 3, (_i: jp.Array, c: jp.Array) => c.mul(2), x.sum()));
    const [x, y] = [jnp.ones([3, 4]), jnp.ones([4, 3])];
    expect(source(f(), x, y)).toBe(source(f(), x, y));
    expect(source(f(), x, y)).not.toBe(source(f(), jnp.ones([3, 5]), jnp.ones([5, 3])));
  });

  it('compute several same-size elementwise outputs in one loop, each value once', () => {
    const src = source((x: jp.Array) => [jnp.sin(x).add(1), jnp.sin(x).mul(2)], jnp.ones([10]));
    expect(src.split('Math.sin(').length - 1).toBe(1);
    expect(src.split('for (').length - 1).toBe(1);
  });
});
