"""JAX's sorting, order-statistic and set functions on hard inputs (jax 0.10.2).

Writes sorting.json: a list of cases {fn, ns, args, kwargs, out | error}. `fn` is the jaxpool name
(camelCase), `ns` 'numpy' or 'lax'; kwargs use jaxpool's camelCase names. An array is encoded as
{"a": flat values, "shape": [...], "dtype": name} with NaN/inf/-0 as the strings "nan", "inf",
"-inf", "-0"; a tuple result is a list of encoded arrays. `error` is JAX's exception class name.
Run: /work/venv/bin/python test/golden/make_sorting.py
"""
import json
import math
import os
import re

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

nan, inf = float('nan'), float('inf')


def enc_value(v):
    v = v.item() if hasattr(v, 'item') else v
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if v == 0 and math.copysign(1, v) < 0:
            return '-0'
    return v


def enc(x):
    if isinstance(x, (tuple, list)):
        return [enc(y) for y in x]
    if hasattr(x, '_asdict'):
        return [enc(y) for y in x]
    a = np.asarray(x)
    return {'a': [enc_value(v) for v in a.reshape(-1)], 'shape': list(a.shape), 'dtype': str(a.dtype)}


def arr(values, dtype):
    return ('arr', values, dtype)


def to_jax(v):
    if isinstance(v, tuple) and v and v[0] == 'arr':
        return jnp.array(v[1], dtype=v[2])
    if isinstance(v, list):
        return [to_jax(x) for x in v]
    return v


def enc_arg(v):
    if isinstance(v, tuple) and v and v[0] == 'arr':
        return enc(jnp.array(v[1], dtype=v[2]))
    if isinstance(v, list):
        return {'list': [enc_arg(x) for x in v]}
    return v


def snake(name):
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), name)


cases = []


def case(fn, *args, ns='numpy', **kwargs):
    mod = jnp if ns == 'numpy' else lax
    f = getattr(mod, snake(fn))
    c = {'fn': fn, 'ns': ns, 'args': [enc_arg(a) for a in args], 'kwargs': {k: enc_arg(v) for k, v in kwargs.items()}}
    try:
        c['out'] = enc(f(*[to_jax(a) for a in args], **{snake(k): to_jax(v) for k, v in kwargs.items()}))
    except Exception as e:  # noqa: BLE001 - the class name is the golden
        c['error'] = type(e).__name__
    cases.append(c)


F = [3.0, -1.0, nan, 0.0, -0.0, 2.0, -inf, 2.0, inf, 0.0, nan, -1.0]
F2 = [[3.0, 1.0, 2.0, 1.0], [nan, -0.0, 0.0, -2.0], [5.0, 5.0, -5.0, inf]]
I = [3, -1, 7, 0, 3, -5, 7, 2, 2, 0]
I2 = [[4, 1, 4, 0, 1], [2, 2, -3, 9, 0]]
B = [True, False, True, False, False, True]
E = []

# sort / argsort
for dt in ['float32']:
    case('sort', arr(F, dt))
    case('sort', arr(F, dt), descending=True)
    case('argsort', arr(F, dt))
    case('argsort', arr(F, dt), descending=True)
    case('argsort', arr(F, dt), stable=False)
case('sort', arr(I, 'int32'))
case('sort', arr(B, 'bool'))
case('argsort', arr(B, 'bool'))
case('sort', arr(I, 'uint8') if False else arr([3, 250, 0, 7, 7, 1], 'uint8'))
case('sort', arr(F2, 'float32'), 0)
case('sort', arr(F2, 'float32'), -2)
case('sort', arr(F2, 'float32'), None)
case('argsort', arr(F2, 'float32'), axis=0)
case('argsort', arr(I2, 'int32'), descending=True)
case('argsort', arr(I2, 'int32'), 0, descending=True)
case('argsort', arr(I2, 'int32'), None)
case('sort', arr(E, 'float32'))
case('argsort', arr(E, 'float32'))
case('sort', arr(3.0, 'float32'))
case('sort', arr(3.0, 'float32'), None)
case('argsort', arr(3.0, 'float32'), None)
case('sort', arr(F2, 'float32'), 2)
case('sort', arr([[]], 'int32'), 1)

# lax.sort / sortKeyVal / topK
case('sort', arr(F, 'float32'), ns='lax')
case('sort', [arr(I, 'int32'), arr(list(range(10)), 'float32')], ns='lax', numKeys=1)
case('sort', [arr([1, 0, 1, 0, 1, 0], 'int32'), arr([3, 3, 1, 2, 1, 0], 'int32'), arr([0, 1, 2, 3, 4, 5], 'int32')], ns='lax', numKeys=2)
case('sort', arr(F2, 'float32'), 0, ns='lax')
case('sortKeyVal', arr(F, 'float32'), arr(list(range(12)), 'int32'), ns='lax')
case('sortKeyVal', arr(I2, 'int32'), arr(F2[:2] if False else [[1.0, 2, 3, 4, 5], [6, 7, 8, 9, 10]], 'float32'), 0, ns='lax')
case('topK', arr(F, 'float32'), 5, ns='lax')
case('topK', arr(I2, 'int32'), 3, ns='lax')
case('topK', arr([1.0, 3, 3, 2, nan], 'float32'), 3, ns='lax')
case('topK', arr(I2, 'int32'), 0, ns='lax')

# searchsorted / digitize
S = [-inf, -1.0, 0.0, 0.0, 2.0, 2.0, 5.0, nan]
V = [2.0, -2.0, 0.0, -0.0, nan, 10.0, -inf, 5.0, 2.5]
for side in ['left', 'right']:
    case('searchsorted', arr(S, 'float32'), arr(V, 'float32'), side)
    case('searchsorted', arr([1, 3, 3, 5, 9], 'int32'), arr([[0, 3], [9, 10]], 'int32'), side=side)
    for m in ['scan', 'scan_unrolled', 'sort', 'compare_all']:
        case('searchsorted', arr(S, 'float32'), arr(V, 'float32'), side, method=m)
case('searchsorted', arr([5.0, 1.0, 3.0], 'float32'), arr([2.0, 4.0, 0.0, 6.0], 'float32'), sorter=arr([1, 2, 0], 'int32'))
case('searchsorted', arr([1, 2, 3], 'int32'), 2.5)
case('searchsorted', arr([1.0, 2.0], 'float32'), arr(E, 'float32'))
case('searchsorted', arr(E, 'float32'), arr([1.0], 'float32'))
case('digitize', arr([0.2, 6.4, 3.0, 1.6, -1.0, 10.0, nan], 'float32'), arr([0.0, 1.0, 2.5, 4.0, 10.0], 'float32'))
case('digitize', arr([0.2, 6.4, 3.0, 1.6, -1.0, 10.0], 'float32'), arr([0.0, 1.0, 2.5, 4.0, 10.0], 'float32'), True)
case('digitize', arr([0.2, 6.4, 3.0, 1.6, -1.0, 10.0], 'float32'), arr([10.0, 4.0, 2.5, 1.0, 0.0], 'float32'))
case('digitize', arr([0.2, 6.4, 3.0, 1.6, -1.0, 10.0], 'float32'), arr([10.0, 4.0, 2.5, 1.0, 0.0], 'float32'), right=True)
case('digitize', arr([1, 5, 9], 'int32'), arr([0, 5, 10], 'int32'))

# median / quantile family
Q = [[1.0, 7.0, 3.0, 2.5, -4.0], [0.5, 0.5, 9.0, -1.0, 2.0], [3.0, 3.0, 3.0, 3.0, 3.0]]
QN = [[1.0, nan, 3.0, 2.5, -4.0], [nan, nan, nan, nan, nan], [3.0, 1.0, nan, 0.0, 2.0]]
case('median', arr(Q, 'float32'))
case('median', arr(Q, 'float32'), 1)
case('median', arr(Q, 'float32'), 0, keepdims=True)
case('median', arr(Q, 'float32'), -1, keepdims=True)
case('median', arr(I, 'int32'))
case('median', arr(QN, 'float32'), 1)
case('median', arr(E, 'float32'))
case('median', arr(5.0, 'float32'))
case('nanmedian', arr(QN, 'float32'), 1)
case('nanmedian', arr(QN, 'float32'))
case('nanmedian', arr(QN, 'float32'), 0, keepdims=True)
for m in ['linear', 'lower', 'higher', 'midpoint', 'nearest']:
    case('quantile', arr(Q, 'float32'), arr([0.0, 0.1, 0.25, 0.5, 0.625, 0.9, 1.0], 'float32'), 1, method=m)
    case('quantile', arr(I, 'int32'), 0.3, method=m)
    case('nanquantile', arr(QN, 'float32'), arr([0.2, 0.5, 0.75], 'float32'), 1, method=m)
    case('percentile', arr(Q, 'float32'), arr([12.5, 50.0, 99.0], 'float32'), method=m)
    case('nanpercentile', arr(QN, 'float32'), 40.0, 0, method=m)
case('quantile', arr(Q, 'float32'), 0.5, axis=0, keepdims=True)
case('quantile', arr(Q, 'float32'), arr([[0.5, 0.1]], 'float32'), axis=1)
case('quantile', arr(Q, 'float32'), 0.5, (0, 1))
case('quantile', arr(Q, 'float32'), 1.5)
case('quantile', arr(QN, 'float32'), 0.5, 1)
case('quantile', arr(E, 'float32'), 0.5)
case('percentile', arr(I, 'int32'), 50)

# unique family
U = [2.0, nan, 1.0, 2.0, -0.0, 0.0, nan, 1.0, 3.0]
UI = [[1, 2, 1], [3, 2, 1], [1, 2, 1], [0, 0, 0]]
case('unique', arr(U, 'float32'))
case('unique', arr(U, 'float32'), equalNan=False)
case('unique', arr(U, 'float32'), True, True, True)
case('unique', arr(UI, 'int32'), returnIndex=True, returnInverse=True, returnCounts=True)
case('unique', arr(UI, 'int32'), axis=0, returnIndex=True, returnInverse=True, returnCounts=True)
case('unique', arr(UI, 'int32'), axis=1, returnInverse=True)
case('unique', arr(UI, 'int32'), size=6)
case('unique', arr(UI, 'int32'), size=6, fillValue=-7)
case('unique', arr(UI, 'int32'), size=2, returnCounts=True)
case('unique', arr(U, 'float32'), size=8, returnIndex=True, returnCounts=True, returnInverse=True)
case('unique', arr(B, 'bool'))
case('unique', arr(E, 'float32'))
case('unique', arr(7, 'int32'))
case('uniqueValues', arr(U, 'float32'))
case('uniqueCounts', arr(UI, 'int32'))
case('uniqueInverse', arr(UI, 'int32'))
case('uniqueAll', arr(U, 'float32'))
case('uniqueAll', arr(UI, 'int32'), size=5, fillValue=0)

# nonzero family
NZ = [[0.0, 1.5, 0.0], [nan, 0.0, -0.0], [2.0, 0.0, 3.0]]
case('nonzero', arr(NZ, 'float32'))
case('nonzero', arr(B, 'bool'))
case('nonzero', arr(NZ, 'float32'), size=6)
case('nonzero', arr(NZ, 'float32'), size=2)
case('nonzero', arr(NZ, 'float32'), size=6, fillValue=-1)
case('nonzero', arr(E, 'int32'))
case('nonzero', arr(3, 'int32'))
case('argwhere', arr(NZ, 'float32'))
case('argwhere', arr(NZ, 'float32'), size=5, fillValue=9)
case('argwhere', arr(2.0, 'float32'))
case('argwhere', arr(0.0, 'float32'))
case('flatnonzero', arr(NZ, 'float32'))
case('flatnonzero', arr(NZ, 'float32'), size=6, fillValue=-1)

# bincount
case('bincount', arr([0, 1, 1, 3, 2, 1, 7], 'int32'))
case('bincount', arr([0, 1, 1, 3, 2, 1, 7], 'int32'), minlength=10)
case('bincount', arr([0, 1, 1, 3, 2, 1, 7], 'int32'), arr([0.5, 1, 1, 2, 0.25, 1, -3], 'float32'))
case('bincount', arr([0, 1, 1, 3, 2, 1, 7], 'int32'), length=4)
case('bincount', arr([0, 1, 1, 3], 'int32'), arr([1, 2, 3, 4], 'int32'), length=6)
case('bincount', arr([True, False, True], 'bool'))
case('bincount', arr(E, 'int32'), minlength=3)
case('bincount', arr([1.0, 2.0], 'float32'))

# set operations
A1 = [5, 1, 3, 3, 7, 1, 9]
A2 = [3, 4, 9, 9, 0, 5]
FA = [1.0, nan, 2.0, -0.0, 2.0]
FB = [0.0, nan, 5.0, 2.0]
case('isin', arr(A1, 'int32'), arr(A2, 'int32'))
case('isin', arr(A1, 'int32'), arr(A2, 'int32'), invert=True)
case('isin', arr([[1, 2], [3, 4]], 'int32'), arr([4, 1], 'int32'))
case('isin', arr(FA, 'float32'), arr(FB, 'float32'))
case('isin', arr(A1, 'int32'), arr(E, 'int32'))
case('isin', arr(A1, 'int32'), arr(A2, 'float32'), True)
for fn in ['intersect1d', 'union1d', 'setdiff1d', 'setxor1d']:
    case(fn, arr(A1, 'int32'), arr(A2, 'int32'))
    case(fn, arr(FA, 'float32'), arr(FB, 'float32'))
    case(fn, arr([[1, 2], [2, 6]], 'int32'), arr(A2, 'int32'))
    case(fn, arr(A1, 'int32'), arr(E, 'int32'))
    case(fn, arr(A1, 'int32'), arr(A2, 'int32'), size=8)
    case(fn, arr(A1, 'int32'), arr(A2, 'int32'), size=2, fillValue=-1)
case('intersect1d', arr(A1, 'int32'), arr(A2, 'int32'), returnIndices=True)
case('intersect1d', arr([1, 3, 5], 'int32'), arr([5, 3, 0], 'int32'), True)
case('setdiff1d', arr([1, 3, 5], 'int32'), arr([5, 0], 'int32'), True)
case('setxor1d', arr([1, 3, 5], 'int32'), arr([5, 0], 'int32'), True)

# lexsort / partition / argpartition
case('lexsort', [arr([1, 0, 1, 0, 1], 'int32'), arr([2.0, 2.0, 1.0, 1.0, nan], 'float32')])
case('lexsort', [arr([3, 1, 2], 'int32')])
case('lexsort', arr([[1, 1, 0, 0], [0, 1, 0, 1]], 'int32'))
case('lexsort', [arr([[1, 0], [0, 0]], 'int32'), arr([[1, 1], [0, 1]], 'int32')], axis=0)
P = [5.0, 1.0, nan, 4.0, 2.0, 3.0, 0.0]
for k in [0, 2, 3, 6, -1]:
    case('partition', arr(P, 'float32'), k)
    case('argpartition', arr(P, 'float32'), k)
case('partition', arr(I2, 'int32'), 1, 0)
case('argpartition', arr(I2, 'int32'), 2)
case('partition', arr(P, 'float32'), 7)

with open(os.path.join(os.path.dirname(__file__), 'sorting.json'), 'w') as f:
    json.dump({'jax': jax.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases;', sum('error' in c for c in cases), 'errors')
