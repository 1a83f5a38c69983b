// A long chain compiles: the fusion pass, inlining, DCE and both renderers walk programs with
// explicit stacks, so a jit of 10,000 ops neither overflows the call stack nor needs a local per op.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const N = 10_000;

function chain(x: jp.Array): jp.Array {
  let y = x;
  for (let i = 0; i < N; i++) y = i % 3 === 0 ? jnp.sin(y) : i % 3 === 1 ? y.mul(1.0001) : y.add(0.5);
  return y;
}

function reference(v: number): number {
  let y = Math.fround(v);
  for (let i = 0; i < N; i++) y = Math.fround(i % 3 === 0 ? Math.sin(y) : i % 3 === 1 ? y * Math.fround(1.0001) : y + 0.5);
  return y;
}

describe('a 10,000-op chain', () => {
  it('compiles to one kernel and runs, equal to the same chain in plain JS', () => {
    const data = [0, 0.25, -1.5, 3];
    const f = jp.jit(chain);
    expect(f(jnp.array(data)).tolist()).toEqual(data.map(reference));
    jp.transfers.reset();
    f(jnp.array(data)).dataSync();
    expect(jp.transfers.stats().launches).toBe(1);
  }, 120_000);
});
