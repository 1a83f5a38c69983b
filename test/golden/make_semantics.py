"""JAX's results for assorted jnp semantics that jaxpool tests by name (semantics.json).

Each entry: name → {dtype, weak, shape, values} or {error}. The TypeScript test
(test/numpy/semantics.test.ts) makes the same call for each name.
Run: /work/venv/bin/python test/golden/make_semantics.py   (jax 0.10.2)
"""
import json
import os

import jax
import jax.numpy as jnp
import numpy as np

rng = np.random.default_rng(13)
PROD_INTS = rng.integers(-70000, 70000, size=(4, 6)).astype(np.int32)
PROD_U8 = rng.integers(0, 256, size=(3, 5)).astype(np.uint8)

CASES = {
    'round_2': lambda: jnp.round(jnp.array([1.2345, 2.5, 3.5, -2.5, 0.125, -0.005, 1e10], jnp.float32), 2),
    'round_0': lambda: jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5, -1.5], jnp.float32)),
    'round_neg2': lambda: jnp.round(jnp.array([1234.5678, -1250.0, 149.9], jnp.float32), -2),
    'round_int': lambda: jnp.round(jnp.array([15, 25], jnp.int32), 1),
    'round_int_neg': lambda: jnp.round(jnp.array([15, 25], jnp.int32), -1),
    'prod_int32_wraps': lambda: jnp.prod(jnp.array([65536, 65536, 3], jnp.int32)),
    'prod_int32_rows': lambda: jnp.prod(jnp.asarray(PROD_INTS), axis=1),
    'prod_int32_all': lambda: jnp.prod(jnp.asarray(PROD_INTS)),
    'prod_bool': lambda: jnp.prod(jnp.array([True, True, False])),
    'logical_and': lambda: jnp.logical_and(jnp.array([0, 1, 2, 3]), jnp.array([1.0, 0.0, np.nan, -0.5])),
    'logical_or': lambda: jnp.logical_or(jnp.array([[0], [2]]), jnp.array([0.0, np.nan])),
    'logical_not': lambda: jnp.logical_not(jnp.array([0.0, 1.0, np.nan, -0.0])),
    'logical_and_scalar': lambda: jnp.logical_and(jnp.array([0, 5]), 3),
    'where_int_cond': lambda: jnp.where(jnp.array([0, 2, -1]), 1, 0),
    'where_float_cond': lambda: jnp.where(jnp.array([[0.0], [np.nan]]), jnp.array([1.5, 2.5]), -1),
    'max_empty': lambda: jnp.max(jnp.zeros(0)),
    'max_empty_initial': lambda: jnp.max(jnp.zeros(0), initial=3.0),
    'min_empty_axis0': lambda: jnp.min(jnp.zeros((0, 3)), axis=0),
    'min_empty_axis1': lambda: jnp.min(jnp.zeros((0, 3)), axis=1),
    'max_where': lambda: jnp.max(jnp.arange(4.0), where=jnp.array([True, False, True, False]), initial=-1.0),
    'max_initial': lambda: jnp.max(jnp.array([1.0, 5.0]), initial=7.0),
    'sum_where': lambda: jnp.sum(jnp.arange(6.0).reshape(2, 3), axis=1, where=jnp.array([True, False, True])),
    'sum_initial': lambda: jnp.sum(jnp.arange(3), initial=5),
    'mean_where': lambda: jnp.mean(jnp.arange(4.0), where=jnp.array([True, False, True, False])),
    'mean_int_dtype': lambda: jnp.mean(jnp.array([1, 2, 4]), dtype=jnp.int32),
    'sum_float_dtype': lambda: jnp.sum(jnp.array([[1, 2], [3, 4]]), 0, jnp.float32),
    'sum_weak': lambda: jnp.sum(jnp.asarray(2.5)),
    'any_where': lambda: jnp.any(jnp.array([0, 0, 3]), where=jnp.array([True, True, False])),
    'expand_dims_0_3': lambda: jnp.expand_dims(jnp.ones((2, 3)), (0, 3)),
    'expand_dims_neg': lambda: jnp.expand_dims(jnp.ones((2, 3)), (-1, 0)),
    'expand_dims_dup': lambda: jnp.expand_dims(jnp.ones((2, 3)), (0, 0)),
    'clip': lambda: jnp.clip(jnp.array([1, 5, 9]), 2, 6.5),
    'argmax_keepdims': lambda: jnp.argmax(jnp.array([[1, 9, 3], [7, 2, 8]]), axis=1, keepdims=True),
    'concat_none': lambda: jnp.concatenate([jnp.ones((2, 2)), jnp.zeros(3)], axis=None),
    'stack_axis1': lambda: jnp.stack([jnp.arange(3), jnp.arange(3) * 2], axis=1),
    'reshape_F': lambda: jnp.reshape(jnp.arange(6), (3, 2), order='F'),
    'array_of_arrays': lambda: jnp.array([jnp.array(1, jnp.uint8), 2]),
    'array_mixed_bool_int': lambda: jnp.asarray([True, 2]),
    'power_int': lambda: jnp.power(jnp.array([3, -3, 2, 0, 5, 1, -1], jnp.int32), jnp.array([20, 3, -1, 0, 31, -5, -3])),
    'power_uint8': lambda: jnp.power(jnp.array([3, 2, 0], jnp.uint8), jnp.array([5, 9, 0], jnp.uint8)),
    'power_int_scalar': lambda: jnp.power(jnp.array([3, 7, -2], jnp.int32), 12),
    'power_bool': lambda: jnp.power(jnp.array([True, False]), jnp.array([True, True])),
    'power_float_int': lambda: jnp.power(jnp.array([1.5, -2.0], jnp.float32), 3),
}


def describe(r):
    a = np.asarray(r)
    vals = [None if (isinstance(v, float) and v != v) else v for v in a.ravel().tolist()]
    return {'dtype': str(r.dtype), 'weak': bool(getattr(r, 'weak_type', False)), 'shape': list(a.shape), 'values': vals}


def main():
    out = {'jax': jax.__version__, 'inputs': {'prod_ints': PROD_INTS.tolist(), 'prod_u8': PROD_U8.tolist()}, 'cases': {}}
    for name, fn in CASES.items():
        try:
            out['cases'][name] = describe(fn())
        except Exception as e:
            out['cases'][name] = {'error': type(e).__name__, 'message': str(e).split('\n')[0]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'semantics.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', path)


if __name__ == '__main__':
    main()
