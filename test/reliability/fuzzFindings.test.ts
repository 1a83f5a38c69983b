// jnp bugs the reliability fuzzer found (npm run reliability), each with the fuzzer's reproduction:
// arguments silently dropped, and crashes inside on bad input instead of a documented error.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
const x = () => jnp.array([-2.5, 1.5], { dtype: 'float32' });

describe('extra or bad arguments raise instead of being dropped', () => {
  it('expandDims and broadcastTo with a third argument: TypeError naming the function', () => {
    expect(() => jnp.expandDims(jnp.array(-2, { dtype: 'float32' }), 0, '0' as never)).toThrow(/^expandDims\(\) takes 1 optional positional argument/);
    expect(() => jnp.broadcastTo(x(), [2, 2], 'zz' as never)).toThrow(/^broadcastTo\(\) takes 1/);
    // The accepted forms still work.
    expect(jnp.expandDims(x(), 0).shape).toEqual([1, 2]);
    expect(jnp.expandDims(x(), { axis: [0, 2] }).shape).toEqual([1, 2, 1]);
    expect(jnp.broadcastTo(x(), { shape: [3, 2] }).shape).toEqual([3, 2]);
    expect(Array.from(jnp.broadcastTo(x(), [2, 2]).dataSync())).toEqual([-2.5, 1.5, -2.5, 1.5]);
  });

  it('squeeze with a second options object, issubdtype with a third argument or a non-dtype: raise', () => {
    expect(() => jnp.squeeze(jnp.array(1, { dtype: 'int32' }), {}, { axis: 'zz' } as never)).toThrow(/^squeeze\(\) got 'axis' both/);
    expect(jnp.squeeze(jnp.ones([1, 2, 1]), { axis: 0 }).shape).toEqual([2, 1]);
    expect(() => jnp.issubdtype('int32', 'float32', '0' as never)).toThrow(/^issubdtype\(\) takes 2 arguments/);
    expect(() => jnp.issubdtype({ dtype: 'int32' } as never, 'float32')).toThrow(jp.DtypeError);
    expect(() => jnp.issubdtype(null as never, jnp.integer)).toThrow(jp.DtypeError);
    expect(jnp.issubdtype('int32', jnp.integer)).toBe(true);
    expect(jnp.issubdtype(jnp.float32, 'int32')).toBe(false);
  });

  it("round with an 'out' or a fourth argument: TypeError; decimals positionally or as an option still work", () => {
    expect(() => jnp.round(x(), undefined, 'zz' as never)).toThrow(/^round\(\): 'out' is not supported/);
    expect(() => jnp.round(x(), 0, null, 3 as never)).toThrow(/^round\(\) takes 2/);
    // Half to even, as JAX.
    expect(Array.from(jnp.round(x()).dataSync())).toEqual([-2, 2]);
    expect(Array.from(jnp.round(jnp.array([0.25, 0.35], { dtype: 'float32' }), 1).dataSync())).toEqual([Math.fround(0.2), Math.fround(0.4)]);
    expect(Array.from(jnp.round(x(), { decimals: 0 }).dataSync())).toEqual([-2, 2]);
    expect(Array.from(jnp.round(x(), 0, null).dataSync())).toEqual([-2, 2]);
  });

  it('broadcastShapes of non-shapes: ShapeError (was a RangeError or TypeError from inside)', () => {
    for (const bad of [[undefined], ['zz'], [3, null], [[-1]], [{}, 0], [true]])
      expect(() => jnp.broadcastShapes(...(bad as number[][])), JSON.stringify(bad)).toThrow(jp.ShapeError);
    expect(jnp.broadcastShapes([2, 1], [3])).toEqual([2, 3]);
    expect(jnp.broadcastShapes(3, [2, 1])).toEqual([2, 3]);
    expect(jnp.broadcastShapes()).toEqual([]);
  });
});
