// jnp semantics checked against JAX 0.10.2 by name (test/golden/make_semantics.py writes
// semantics.json): round(x, decimals) (issue 14 item 12), int32 prod wrapping, NumPy truthiness
// in logical ops and where, empty max/min (issue 13 item 9), reductions' options (item 10).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;
interface Result {
  dtype?: string;
  weak?: boolean;
  shape?: number[];
  values?: (number | boolean | null)[];
  error?: string;
}
const golden = JSON.parse(readFileSync(new URL('../golden/semantics.json', import.meta.url), 'utf8')) as {
  inputs: { prod_ints: number[][] };
  cases: Record<string, Result>;
};
const nan = NaN;
const PROD = jnp.array(golden.inputs.prod_ints, 'int32');

const CALLS: Record<string, () => jp.Array> = {
  round_2: () => jnp.round(jnp.array([1.2345, 2.5, 3.5, -2.5, 0.125, -0.005, 1e10], 'float32'), 2),
  round_0: () => jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5, -1.5], 'float32')),
  round_neg2: () => jnp.round(jnp.array([1234.5678, -1250.0, 149.9], 'float32'), { decimals: -2 }),
  round_int: () => jnp.round(jnp.array([15, 25], 'int32'), 1),
  round_int_neg: () => jnp.round(jnp.array([15, 25], 'int32'), -1),
  prod_int32_wraps: () => jnp.prod(jnp.array([65536, 65536, 3], 'int32')),
  prod_int32_rows: () => jnp.prod(PROD, 1),
  prod_int32_all: () => jnp.prod(PROD),
  prod_bool: () => jnp.prod(jnp.array([true, true, false])),
  logical_and: () => jnp.logicalAnd(jnp.array([0, 1, 2, 3]), jnp.array([1.0, 0.0, nan, -0.5])),
  logical_or: () => jnp.logicalOr(jnp.array([[0], [2]]), jnp.array([0.0, nan])),
  logical_not: () => jnp.logicalNot(jnp.array([0.0, 1.0, nan, -0.0])),
  logical_and_scalar: () => jnp.logicalAnd(jnp.array([0, 5]), 3),
  where_int_cond: () => jnp.where(jnp.array([0, 2, -1]), 1, 0),
  where_float_cond: () => jnp.where(jnp.array([[0.0], [nan]]), jnp.array([1.5, 2.5]), -1),
  max_empty: () => jnp.max(jnp.zeros([0])),
  max_empty_initial: () => jnp.max(jnp.zeros([0]), { initial: 3.0 }),
  min_empty_axis0: () => jnp.min(jnp.zeros([0, 3]), 0),
  min_empty_axis1: () => jnp.min(jnp.zeros([0, 3]), { axis: 1 }),
  max_where: () => jnp.max(jnp.arange(4, { dtype: 'float32' }), { where: jnp.array([true, false, true, false]), initial: -1 }),
  max_initial: () => jnp.max(jnp.array([1.0, 5.0], 'float32'), { initial: 7 }),
  sum_where: () => jnp.sum(jnp.arange(6, { dtype: 'float32' }).reshape(2, 3), { axis: 1, where: [true, false, true] }),
  sum_initial: () => jnp.sum(jnp.arange(3), { initial: 5 }),
  mean_where: () => jnp.mean(jnp.arange(4, { dtype: 'float32' }), { where: jnp.array([true, false, true, false]) }),
  mean_int_dtype: () => jnp.mean(jnp.array([1, 2, 4]), { dtype: 'int32' }),
  sum_float_dtype: () => jnp.sum(jnp.array([[1, 2], [3, 4]]), 0, 'float32'),
  sum_weak: () => jnp.sum(jnp.asarray(2.5)),
  any_where: () => jnp.any(jnp.array([0, 0, 3]), { where: jnp.array([true, true, false]) }),
  expand_dims_0_3: () => jnp.expandDims(jnp.ones([2, 3]), [0, 3]),
  expand_dims_neg: () => jnp.expandDims(jnp.ones([2, 3]), { axis: [-1, 0] }),
  expand_dims_dup: () => jnp.expandDims(jnp.ones([2, 3]), [0, 0]),
  clip: () => jnp.clip(jnp.array([1, 5, 9]), 2, 6.5),
  argmax_keepdims: () => jnp.argmax(jnp.array([[1, 9, 3], [7, 2, 8]]), { axis: 1, keepdims: true }),
  concat_none: () => jnp.concatenate([jnp.ones([2, 2]), jnp.zeros([3])], { axis: null }),
  stack_axis1: () => jnp.stack([jnp.arange(3), jnp.arange(3).mul(2)], { axis: 1 }),
  reshape_F: () => jnp.reshape(jnp.arange(6), [3, 2], 'F'),
  array_of_arrays: () => jnp.array([jnp.array(1, 'uint8'), 2]),
  array_mixed_bool_int: () => jnp.asarray([true, 2]),
  power_int: () => jnp.power(jnp.array([3, -3, 2, 0, 5, 1, -1], 'int32'), jnp.array([20, 3, -1, 0, 31, -5, -3])),
  power_uint8: () => jnp.power(jnp.array([3, 2, 0], 'uint8'), jnp.array([5, 9, 0], 'uint8')),
  power_int_scalar: () => jnp.power(jnp.array([3, 7, -2], 'int32'), 12),
  power_bool: () => jnp.power(jnp.array([true, false]), jnp.array([true, true])),
  power_float_int: () => jnp.power(jnp.array([1.5, -2.0], 'float32'), 3),
};

describe('jnp semantics against JAX', () => {
  it('has a call for every golden case', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(golden.cases).sort());
  });

  for (const [name, want] of Object.entries(golden.cases)) {
    it(name, () => {
      const call = CALLS[name]!;
      if (want.error) {
        expect(call).toThrow(want.error === 'NotImplementedError' ? jp.DtypeError : jp.ShapeError);
        return;
      }
      for (const [how, r] of [
        ['eager', call()],
        ['jit', jp.jit(call)()],
      ] as const) {
        expect([r.dtype.name, r.weakType, r.shape], `${name} ${how}`).toEqual([want.dtype, want.weak, want.shape]);
        const got = Array.from(r.dataSync(), (v) => (r.dtype.name === 'bool' ? v !== 0 : Number.isNaN(v) ? null : v));
        expect(got, `${name} ${how}`).toEqual(want.values!.map((v) => (typeof v === 'number' && r.dtype.name === 'float32' ? Math.fround(v) : v)));
      }
    });
  }

  it('int32 products wrap exactly for any values (a BigInt reference mod 2^32)', () => {
    const data = golden.inputs.prod_ints.flat();
    const wrap = (vals: number[]) => Number(BigInt.asIntN(32, vals.reduce((p, v) => p * BigInt(v), 1n)));
    expect(jnp.prod(PROD).item()).toBe(wrap(data));
    expect(jnp.prod(PROD, 1).tolist()).toEqual(golden.inputs.prod_ints.map(wrap));
    const big = jnp.array(Array.from({ length: 40 }, (_, i) => 3 + i), 'int32');
    expect(jnp.prod(big).item()).toBe(wrap(Array.from({ length: 40 }, (_, i) => 3 + i)));
  });
});
