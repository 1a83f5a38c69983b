// dot_general's transpose rule with batch dimensions that are not leading and contracting
// dimensions out of order (grouped-query attention's 'BTKGH,BSKH->BKGTS'): the cotangent of each
// operand has the operand's shape, and <vjp(ct), t> = <ct, jvp(t)> for random values (a layout
// mistake in either rule breaks the identity).
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, lax } = jp;

function rand(shape: number[], seed: number): jp.Array {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
  return jnp.array(v).reshape(shape);
}
const dot = (a: jp.Array, b: jp.Array) => jnp.sum(jnp.multiply(a, b)).item() as number;

const CASES: [string, number[], number[], Parameters<typeof lax.dotGeneral>[2]][] = [
  ['batch (0, 2), contracting (4, 3)', [2, 3, 2, 4, 5], [2, 6, 2, 5], [[[4], [3]], [[0, 2], [0, 2]]]],
  ['batch (1,), two contracting dims out of order', [3, 2, 4, 5], [5, 2, 4, 6], [[[3, 2], [0, 2]], [[1], [1]]]],
  ['no batch, square free dims', [3, 4], [4, 3], [[[1], [0]], [[], []]]],
];

describe('dot_general transpose', () => {
  for (const [name, ls, rs, dn] of CASES)
    it(name, () => {
      const l = rand(ls, 3);
      const r = rand(rs, 7);
      const out = lax.dotGeneral(l, r, dn);
      const ct = rand(out.shape, 11);
      const [, vjp] = jp.vjp((a: jp.Array, b: jp.Array) => lax.dotGeneral(a, b, dn), l, r);
      const [gl, gr] = vjp(ct) as [jp.Array, jp.Array];
      expect(gl.shape).toEqual(ls);
      expect(gr.shape).toEqual(rs);
      const tl = rand(ls, 13);
      const tr = rand(rs, 17);
      const jl = jp.jvp((a: jp.Array) => lax.dotGeneral(a, r, dn), [l], [tl])[1];
      const jr = jp.jvp((b: jp.Array) => lax.dotGeneral(l, b, dn), [r], [tr])[1];
      expect(dot(gl, tl)).toBeCloseTo(dot(ct, jl), 4);
      expect(dot(gr, tr)).toBeCloseTo(dot(ct, jr), 4);
    });
});
