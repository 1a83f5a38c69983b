"""JAX's results for jaxpool's statistics, NaN reductions, cumulative functions and lax scans.

Writes statistics.json: a list of cases {ns, fn, args, kwargs, out} (or {..., grad} for
derivatives), read by test/numpy/statistics.golden.test.ts. Arrays are {"a": flat values, "shape",
"dtype"}; plain JSON numbers are Python scalars (weak types, as JS numbers are in jaxpool: only
non-integer floats, since JS cannot tell 2.0 from 2). NaN and infinities are the strings
"nan", "inf", "-inf". Outputs record shape, dtype, weak_type and values; a tuple is a list.
Run: /work/venv/bin/python test/golden/make_statistics.py   (jax 0.10.2)
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np

from goldencases import arr, dec, enc, inf, nan, out  # noqa: F401

cases = []


def case(fn, *args, ns='numpy', **kwargs):
    mod = jnp if ns == 'numpy' else jax.lax
    py = getattr(mod, fn)
    try:
        res = out(py(*[dec(a) for a in args], **{k: dec(v) for k, v in kwargs.items()}))
        cases.append({'ns': ns, 'fn': fn, 'args': list(args), 'kwargs': kwargs, 'out': res})
    except Exception as e:  # JAX raises: jaxpool must raise too
        cases.append({'ns': ns, 'fn': fn, 'args': list(args), 'kwargs': kwargs, 'error': type(e).__name__})


def grad_case(name, fn, x):
    g = jax.grad(fn)(dec(x))
    cases.append({'ns': 'grad', 'fn': name, 'args': [x], 'kwargs': {}, 'out': out(g)})


F = arr([[1.5, nan, -2.0], [4.0, 0.5, nan], [nan, nan, nan]])  # NaNs, an all-NaN row
G = arr([[1.5, 2.25, -2.0, 0.0], [4.0, 0.5, -1.0, 3.0], [2.0, -7.0, 0.25, 1.0]])
I = arr([[3, -1, 4], [1, -5, 9]], 'int32')
B = arr([[True, False, True], [True, True, False]], 'bool')
U = arr([200, 100, 7, 3], 'uint8')
E = arr([], 'float32', (2, 0))
V = arr([1.0, 3.0, 7.0, -2.0, 0.5])

# --- cumulative (jnp) ---
for fn in ['cumsum', 'cumprod', 'nancumsum', 'nancumprod']:
    for x in [F, G, I, B, U, E]:
        case(fn, x)
        case(fn, x, axis=0)
        case(fn, x, axis=-1)
    case(fn, G, axis=1, dtype='int32')
    case(fn, I, axis=1, dtype='bool')
    case(fn, I, dtype='float32')
    case(fn, 2.5)
    case(fn, 3)
for fn in ['cumulative_sum', 'cumulative_prod']:
    case(fn, V)
    case(fn, I, axis=1)
    case(fn, I, axis=0, include_initial=True)
    case(fn, B, axis=1, include_initial=True)
    case(fn, U, include_initial=True)
    case(fn, G)  # axis needed for rank 2
case('diff', V)
case('diff', G, 2)
case('diff', G, 1, 0)
case('diff', G, n=5)
case('diff', G, n=0)
case('diff', B)
case('diff', I, prepend=10, append=arr([[1], [2]], 'int32'))
case('diff', V, prepend=2.5)
case('diff', I, axis=0, append=arr([[7, 7, 7]], 'float32'))
case('diff', 3.5)
case('ediff1d', G)
case('ediff1d', I, to_end=arr([9, 8], 'int32'), to_begin=2.5)
case('ediff1d', V, to_begin=arr([[1.5, 2.5]]))

# --- statistics ---
for fn in ['var', 'std']:
    for x in [G, I, B, F]:
        case(fn, x)
        case(fn, x, axis=0)
        case(fn, x, axis=-1, keepdims=True)
    case(fn, G, axis=(0, 1), ddof=1)
    case(fn, G, 1, ddof=4)
    case(fn, G, 1, ddof=5)
    case(fn, G, correction=1.5)
    case(fn, G, 0, where=arr([[True, False, True, True], [True, True, False, True], [False, True, True, True]], 'bool'))
    case(fn, I, dtype='float32')
    case(fn, E, axis=1)
    case(fn, E, axis=0)
    case(fn, 2.5)
case('average', G)
case('average', G, 1)
case('average', I, 0, arr([1, 2], 'int32'))
case('average', G, 1, arr([1.0, 2.0, 0.5, 0.25]), True)
case('average', G, None, G, True)
case('average', G, axis=0, weights=arr([3, 1, 2], 'int32'), returned=True, keepdims=True)
case('average', G, weights=arr([1.0, 2.0]))
case('average', B, returned=True)
for x in [G, I, U, F]:
    case('ptp', x)
    case('ptp', x, 1, keepdims=True)
case('ptp', B)
for x in [F, I, B, G]:
    case('count_nonzero', x)
    case('count_nonzero', x, 0, keepdims=True)
case('trapezoid', V)
case('trapezoid', G, dx=0.5)
case('trapezoid', G, axis=0)
case('trapezoid', G, arr([0.0, 0.5, 2.0, 2.25]))
case('trapezoid', I, arr([[0, 1, 3], [1, 2, 5]], 'int32'), axis=1)
case('trapezoid', G, dx=arr([0.5, 2.0, 1.0]), axis=0)
X = arr([[0.5, 1.0, 2.5, -1.0, 3.0], [1.0, 0.25, 2.0, 0.0, 4.5], [-2.0, 1.0, 0.0, 1.5, 2.0]])
case('cov', X)
case('cov', X, rowvar=False)
case('cov', X, bias=True)
case('cov', X, ddof=2)
case('cov', V)
case('cov', V, arr([2.0, 1.0, 0.5, 4.0, 3.0]))
case('cov', X, fweights=arr([1, 2, 1, 3, 1], 'int32'))
case('cov', X, aweights=arr([0.5, 1.0, 2.0, 1.0, 0.25]))
case('cov', X, fweights=arr([1, 2, 1, 3, 1], 'int32'), aweights=arr([0.5, 1.0, 2.0, 1.0, 0.25]))
case('cov', X, fweights=arr([1, 2, 1, 3, 1], 'int32'), aweights=arr([0.5, 1.0, 2.0, 1.0, 0.25]), ddof=0)
case('cov', arr([[1, 2, 4], [3, 1, 0]], 'int32'))
case('cov', arr([], 'float32', (3, 0)))
case('corrcoef', X)
case('corrcoef', X, rowvar=False)
case('corrcoef', V, arr([2.0, 1.0, 0.5, 4.0, 3.0]))
case('corrcoef', V)
A1 = arr([1.0, 1.0 + 1e-6, nan, inf, -inf, 1e10, 0.0])
A2 = arr([1.0, 1.0, nan, inf, inf, 1.00001e10, 1e-9])
case('isclose', A1, A2)
case('isclose', A1, A2, equal_nan=True)
case('isclose', A1, A2, 0.0, 0.0)
case('isclose', A1, A2, rtol=1e-3, atol=1e-2)
case('isclose', I, arr([3, 0, 4], 'int32'))
case('isclose', G, 2.25)
case('allclose', A1, A2)
case('allclose', G, G)
case('allclose', arr([nan]), arr([nan]), equal_nan=True)
case('array_equal', G, G)
case('array_equal', F, F)
case('array_equal', F, F, equal_nan=True)
case('array_equal', I, arr([[3, -1, 4]], 'int32'))
case('array_equal', I, arr([[3.0, -1.0, 4.0], [1.0, -5.0, 9.0]]))
case('array_equiv', I, arr([[3, -1, 4]], 'int32'))
case('array_equiv', arr([[1, 1, 1], [1, 1, 1]], 'int32'), 1)
case('array_equiv', I, arr([1, 2], 'int32'))

# --- NaN reductions ---
for fn in ['nansum', 'nanprod', 'nanmean', 'nanvar', 'nanstd', 'nanmax', 'nanmin', 'nanargmax', 'nanargmin']:
    for x in [F, G, I, B]:
        case(fn, x)
        case(fn, x, axis=1)
        case(fn, x, axis=0, keepdims=True)
    case(fn, F, -1)
for fn in ['nansum', 'nanprod', 'nanmean', 'nanvar', 'nanstd', 'nanmax', 'nanmin']:
    case(fn, F, 1, where=arr([[True, True, False], [False, True, True], [True, True, True]], 'bool'))
case('nanmax', F, 1, initial=-5.0)
case('nanmin', F, axis=1, initial=0.5)
case('nansum', F, 1, dtype='float32', initial=2.5)
case('nanvar', F, 1, ddof=1)
case('nanstd', F, ddof=1, axis=0)
case('nanmean', I, 1, dtype='float32')

# --- lax cumulative reductions ---
L = arr([[1.5, -2.0, 3.0, 0.0, 2.0], [4.0, nan, -1.0, 5.0, -inf]])
for fn in ['cumsum', 'cumprod', 'cummax', 'cummin', 'cumlogsumexp']:
    for x in [L, G, I, U]:
        case(fn, x, ns='lax')
        case(fn, x, axis=1, ns='lax')
        case(fn, x, axis=0, reverse=True, ns='lax')
        case(fn, x, 1, True, ns='lax')
    case(fn, B, ns='lax')
    case(fn, E, axis=1, ns='lax')
case('cumlogsumexp', arr([-inf, -inf, 0.0, inf, inf]), ns='lax')

# --- derivatives (JAX's rules, which jaxpool's follow) ---
W = np.array([1.0, -2.0, 0.5, 3.0, 1.5], dtype=np.float32)
grad_case('cumsum', lambda x: jnp.sum(jax.lax.cumsum(x) * W), arr([1.0, 2.0, 3.0, 4.0, 5.0]))
grad_case('cumsum_reverse', lambda x: jnp.sum(jax.lax.cumsum(x, reverse=True) * W), arr([1.0, 2.0, 3.0, 4.0, 5.0]))
grad_case('cumprod', lambda x: jnp.sum(jax.lax.cumprod(x) * W), arr([1.5, -2.0, 0.5, 3.0, 1.25]))
grad_case('cumprod_zero', lambda x: jnp.sum(jax.lax.cumprod(x) * W), arr([1.5, 0.0, 0.5, 3.0, 1.25]))
grad_case('cumprod_zeros', lambda x: jnp.sum(jax.lax.cumprod(x, reverse=True) * W), arr([1.5, 0.0, 0.5, 0.0, 1.25]))
grad_case('cummax', lambda x: jnp.sum(jax.lax.cummax(x) * W), arr([1.0, 3.0, 2.0, 3.0, 5.0]))
grad_case('cummax_ties', lambda x: jnp.sum(jax.lax.cummax(x) * W), arr([2.0, 2.0, 2.0, 1.0, 2.0]))
grad_case('cummin_reverse', lambda x: jnp.sum(jax.lax.cummin(x, reverse=True) * W), arr([1.0, 3.0, 2.0, 3.0, 0.5]))
grad_case('cumlogsumexp', lambda x: jnp.sum(jax.lax.cumlogsumexp(x) * W), arr([1.0, 3.0, -2.0, 0.5, 0.0]))
grad_case('cumlogsumexp_neginf', lambda x: jnp.sum(jax.lax.cumlogsumexp(x) * W), arr([-inf, 1.0, -inf, 0.5, 2.0]))
grad_case('var', lambda x: jnp.var(x), arr([1.0, 3.0, -2.0, 0.5, 0.0]))
grad_case('std_ddof', lambda x: jnp.std(x, ddof=1), arr([1.0, 3.0, -2.0, 0.5, 0.0]))
grad_case('nanvar', lambda x: jnp.nanvar(x), arr([1.0, nan, -2.0, 0.5, 0.0]))
grad_case('nanmean', lambda x: jnp.nanmean(x), arr([1.0, nan, -2.0, 0.5, 0.0]))
grad_case('nanmax', lambda x: jnp.nanmax(x), arr([1.0, nan, 2.0, 0.5, 2.0]))
grad_case('cumsum_jnp', lambda x: jnp.sum(jnp.cumsum(x) ** 2), arr([1.0, 2.0, -1.0, 0.5, 0.0]))
grad_case('trapezoid', lambda x: jnp.trapezoid(x ** 2, dx=0.5), arr([1.0, 2.0, -1.0, 0.5, 0.0]))
grad_case('average', lambda x: jnp.average(x, weights=W), arr([1.0, 2.0, -1.0, 0.5, 0.0]))

with open(os.path.join(os.path.dirname(__file__), 'statistics.json'), 'w') as f:
    json.dump({'jax': jax.__version__, 'cases': cases}, f, separators=(',', ':'))
    f.write('\n')
print(len(cases), 'cases;', sum('error' in c for c in cases), 'errors')
