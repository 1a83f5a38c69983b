"""jax.random samples from known keys (jax 0.10.2, threefry2x32, jax_threefry_partitionable=True).

Writes random.json: {"x32": [case...], "x64": [case...]} — x64 cases are drawn with
jax_enable_x64. A case is {fn, seed, args, kwargs, out} or {..., error}: `fn` is the jaxpool
name (camelCase), the key is PRNGKey(seed) (the TS test also draws through typed keys), `args`
the positional arguments after the key, `kwargs` jaxpool's option names. Arrays are encoded as
{"a": flat values, "shape": [...], "dtype": name} (non-finite floats as "nan"/"inf"/"-inf");
keys returned by split/foldIn as their uint32 data.
Run: /work/venv/bin/python test/golden/make_random.py
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np

assert jax.config.jax_threefry_partitionable


def enc_value(v):
    v = v.item() if hasattr(v, 'item') else v
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
    return v


def enc(x):
    if hasattr(x, 'dtype') and jax.dtypes.issubdtype(x.dtype, jax.dtypes.prng_key):
        x = jax.random.key_data(x)
    a = np.asarray(x)
    return {'a': [enc_value(v) for v in a.reshape(-1)], 'shape': list(a.shape), 'dtype': str(a.dtype)}


def arr(values, dtype):
    return ('arr', values, dtype)


def to_jax(v):
    if isinstance(v, tuple) and v and v[0] == 'arr':
        return jnp.array(v[1], dtype=v[2])
    if isinstance(v, list):
        return tuple(to_jax(x) for x in v)
    return v


def enc_arg(v):
    if isinstance(v, tuple) and v and v[0] == 'arr':
        return enc(jnp.array(v[1], dtype=v[2]))
    return v


JAX_NAME = {
    'foldIn': 'fold_in', 'truncatedNormal': 'truncated_normal', 'doubleSidedMaxwell': 'double_sided_maxwell',
    'weibullMin': 'weibull_min', 'multivariateNormal': 'multivariate_normal', 'generalizedNormal': 'generalized_normal',
}
KW_NAME = {}


def case(fn, seed, *args, **kwargs):
    f = getattr(jax.random, JAX_NAME.get(fn, fn))
    key = jax.random.PRNGKey(seed)
    out = {'fn': fn, 'seed': seed, 'args': [enc_arg(a) for a in args], 'kwargs': {KW_NAME.get(k, k): enc_arg(v) for k, v in kwargs.items()}}
    try:
        out['out'] = enc(f(key, *[to_jax(a) for a in args], **{k: to_jax(v) for k, v in kwargs.items()}))
    except Exception as e:  # noqa: BLE001 - the golden records JAX's exception class
        out['error'] = type(e).__name__
    return out


def key_case(seed):
    return {'fn': 'PRNGKey', 'seed': seed, 'args': [], 'kwargs': {}, 'out': enc(jax.random.PRNGKey(seed))}


SEEDS = [0, 42, 2**31 - 1, 123456789]
SHAPES = [[], [1], [3], [5], [2, 3], [4, 5, 3], [0], [7, 1]]


def common(float_dtype):
    cs = []
    for s in SEEDS:
        cs.append(case('split', s))
        cs.append(case('split', s, 3))
        cs.append(case('split', s, [2, 3]))
        cs.append(case('split', s, 1))
        for d in [0, 1, 7, 2**31, 2**32 - 1]:
            cs.append(case('foldIn', s, d))
        for sh in SHAPES:
            cs.append(case('bits', s, sh, 'uint32'))
            cs.append(case('uniform', s, sh, float_dtype))
            cs.append(case('normal', s, sh, float_dtype))
            cs.append(case('randint', s, sh, 0, 10, 'int32'))
    for s in SEEDS[:2]:
        cs.append(case('bits', s, [5], 'uint8'))
        cs.append(case('bits', s, [2, 3], 'uint16'))
        cs.append(case('uniform', s, [6], 'float32'))
        cs.append(case('uniform', s, [5], 'float16'))
        cs.append(case('normal', s, [6], 'float32'))
        cs.append(case('normal', s, [5], 'float16'))
        cs.append(case('uniform', s, [2, 3], float_dtype, -3, 5.5))
        cs.append(case('uniform', s, [2, 3], minval=arr([0, -1, 2], float_dtype), maxval=arr([1, 1, 10], float_dtype)))
        cs.append(case('uniform', s, [4], float_dtype, 2, 1))  # minval > maxval: JAX returns minval
        cs.append(case('uniform', s, [3], float_dtype, 0, 0))
        for lo, hi, dt in [(-5, 5, 'int32'), (0, 2**31 - 1, 'int32'), (-2**31, 2**31 - 1, 'int32'), (5, 2, 'int32'), (3, 3, 'int32'), (-7, 100000, 'int32'),
                           (0, 256, 'uint8'), (-128, 128, 'int8'), (0, 2**31 - 1, 'uint32'), (10, 1000, 'uint32'), (-300, 300, 'int16'), (0, 65536, 'uint16'), (0, 7, 'uint8')]:
            cs.append(case('randint', s, [7], lo, hi, dt))
        cs.append(case('randint', s, [2, 3], arr([0, 5, -10], 'int32'), arr([3, 100, 10], 'int32')))
        cs.append(case('randint', s, [4], 1.5, 9.7))
        for sh in [[], [5], [2, 3]]:
            cs.append(case('bernoulli', s, 0.3, sh))
        cs.append(case('bernoulli', s, arr([0.0, 0.2, 0.5, 0.9, 1.0], 'float32')))
        cs.append(case('bernoulli', s))
        cs.append(case('categorical', s, arr([[0.1, 0.5, -1.0, 2.0], [1.0, 1.0, 1.0, 1.0]], float_dtype)))
        cs.append(case('categorical', s, arr([[0.1, 0.5, -1.0], [2.0, 1.0, 1.0]], float_dtype), 0))
        cs.append(case('categorical', s, arr([0.0, 1.0, 2.0, 3.0], float_dtype), shape=[3, 2]))
        cs.append(case('categorical', s, arr([[0.1, 0.5, -1.0, 2.0], [1.0, 1.0, 1.0, 1.0]], float_dtype), shape=[5, 2]))
        cs.append(case('categorical', s, arr([0.0, 1.0, 2.0, 3.0, -1.0], float_dtype), replace=False, shape=[3]))
        cs.append(case('choice', s, 10, [4]))
        cs.append(case('choice', s, 10, [2, 3], False))
        cs.append(case('choice', s, arr([5, 6, 7, 8], 'int32'), [3]))
        cs.append(case('choice', s, arr([[1, 2], [3, 4], [5, 6]], 'int32'), [2], axis=1))
        cs.append(case('choice', s, 5, [6], True, arr([0.1, 0.2, 0.3, 0.0, 0.4], float_dtype)))
        cs.append(case('choice', s, 5, [3], False, arr([0.1, 0.2, 0.3, 0.0, 0.4], float_dtype)))
        cs.append(case('choice', s, 3, [5], False))
        cs.append(case('permutation', s, 10))
        cs.append(case('permutation', s, arr([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], 'int32')))
        cs.append(case('permutation', s, arr([[1, 2, 3], [4, 5, 6]], 'int32'), 1))
        cs.append(case('permutation', s, arr([[1, 2, 3], [4, 5, 6]], 'int32'), 1, True))
        cs.append(case('permutation', s, 1))
        cs.append(case('permutation', s, 0))
    return cs


def continuous(float_dtype):
    cs = []
    for s in SEEDS[:2]:
        for sh in [[5], [2, 3]]:
            cs.append(case('truncatedNormal', s, -1.0, 2.0, sh, float_dtype))
            cs.append(case('exponential', s, sh, float_dtype))
            cs.append(case('laplace', s, sh, float_dtype))
            cs.append(case('logistic', s, sh, float_dtype))
            cs.append(case('cauchy', s, sh, float_dtype))
            cs.append(case('gumbel', s, sh, float_dtype))
            cs.append(case('lognormal', s, 0.5, sh, float_dtype))
            cs.append(case('pareto', s, 3.0, sh, float_dtype))
            cs.append(case('maxwell', s, sh, float_dtype))
            cs.append(case('doubleSidedMaxwell', s, 1.0, 2.0, sh, float_dtype))
            cs.append(case('rayleigh', s, 2.0, sh, float_dtype))
            cs.append(case('weibullMin', s, 2.0, 1.5, sh, float_dtype))
            cs.append(case('triangular', s, 0.0, 1.0, 3.0, sh, float_dtype))
            cs.append(case('geometric', s, 0.3, sh, 'int32'))
            cs.append(case('rademacher', s, sh, 'int32'))
            cs.append(case('gamma', s, 2.5, sh, float_dtype))
            cs.append(case('gamma', s, 0.3, sh, float_dtype))
            cs.append(case('beta', s, 2.0, 3.0, sh, float_dtype))
            cs.append(case('chisquare', s, 3.0, sh, float_dtype))
            cs.append(case('t', s, 4.0, sh, float_dtype))
            cs.append(case('poisson', s, 3.5, sh, 'int32'))
            cs.append(case('poisson', s, 25.0, sh, 'int32'))
            cs.append(case('f', s, 3.0, 5.0, sh, float_dtype))
            cs.append(case('wald', s, 1.5, sh, float_dtype))
            cs.append(case('gumbel', s, sh, float_dtype))
            cs.append(case('gumbel', s, sh, float_dtype, 'high'))
            cs.append(case('loggamma', s, 0.3, sh, float_dtype))
            cs.append(case('generalizedNormal', s, 1.5, sh, float_dtype))
            cs.append(case('bernoulli', s, 0.3, sh, 'high'))
        cs.append(case('gamma', s, arr([0.5, 1.0, 4.0, 20.0], float_dtype), None, float_dtype))
        for n, p in [(20, 0.3), (100, 0.4), (100, 0.7), (5, 0.9)]:
            cs.append(case('binomial', s, n, p, [6], float_dtype))
        cs.append(case('binomial', s, arr([3.0, 50.0, 200.0], float_dtype), arr([0.5, 0.25, 0.6], float_dtype)))
        cs.append(case('multinomial', s, 10.0, arr([0.2, 0.3, 0.5], float_dtype)))
        cs.append(case('multinomial', s, 30.0, arr([0.1, 0.6, 0.3], float_dtype), shape=[4, 3]))
        cs.append(case('dirichlet', s, arr([1.0, 2.0, 3.0], float_dtype), [4], float_dtype))
        cs.append(case('ball', s, 3, 2, [4], float_dtype))
        cs.append(case('multivariateNormal', s, arr([1.0, -1.0], float_dtype), arr([[2.0, 0.5], [0.5, 1.0]], float_dtype), [3], float_dtype))
        cs.append(case('truncatedNormal', s, arr([-1.0, 0.0, 1.0], float_dtype), 3.0, [2, 3], float_dtype))
    return cs


def errors():
    cs = []
    cs.append(case('uniform', 0, [3], 'int32'))
    cs.append(case('bits', 0, [3], 'int32'))
    cs.append(case('randint', 0, [3], 0, 5, 'float32'))
    cs.append(case('uniform', 0, [3], minval=arr([0.0, 1.0], 'float32')))
    return cs


out = {}
out['x32'] = [key_case(s) for s in [0, 1, 42, -1, 2**31 - 1, 2**31, 2**32 + 5, -2**31 - 1]] + common('float32') + continuous('float32') + errors()
jax.config.update('jax_enable_x64', True)
out['x64'] = [key_case(s) for s in [0, -1, 2**32, 2**40 + 3, -2**40, 2**53 - 1]] + common('float64') + continuous('float64')
jax.config.update('jax_enable_x64', False)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'random.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print(path, {k: len(v) for k, v in out.items()}, sum('error' in c for v in out.values() for c in v), 'errors')
