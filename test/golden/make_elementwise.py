"""JAX's results for the elementwise family (elementwise.json), over grids per dtype.

Each case: {fn, args, kwargs, x64, out} where args are {dtype, values} arrays or JS numbers
({scalar}), and out is {dtype, weak, values} (a list of them for tuple results) or {error}.
Floats are encoded as numbers or the strings 'nan', 'inf', '-inf', '-0'. Subnormal inputs are left
out: XLA on CPU flushes them (DAZ), which jaxpool's backends do not; test/numpy/elementwiseMore
checks those against NumPy's exact values instead.
The TypeScript test (test/numpy/elementwiseGolden.test.ts) makes each call and compares.
Run: /work/venv/bin/python test/golden/make_elementwise.py   (jax 0.10.2)
"""
import itertools
import json
import math
import os

import jax
import jax.numpy as jnp
import numpy as np

F = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.5, -2.5, 3.0, 0.1, -0.7, 0.9999, -0.3, 7.25, 100.0, -1000.0, 1e10, 3.4e38, -3.4e38, 1e-30, math.inf, -math.inf, math.nan]
F64_EXTRA = [1e300, -1e-300, 123456789.123]
I32 = [0, 1, -1, 2, -2, 3, -7, 7, 12, 18, 100, -100, 255, 256, 65535, 46341, 2147483647, -2147483648, -2147483647]
U8 = [0, 1, 2, 3, 7, 12, 18, 100, 127, 128, 200, 254, 255]
B = [False, True]
FB = [0.0, -0.0, 0.5, -1.0, 2.5, -2.5, 3.0, -0.7, 7.25, 1e10, math.inf, -math.inf, math.nan]
IB = [0, 1, -1, 2, -7, 7, 12, 18, 31, 32, 33, -100, 2147483647, -2147483648]
UB = [0, 1, 2, 7, 8, 9, 12, 18, 128, 200, 255]

GRIDS = {'float32': F, 'float64': F + F64_EXTRA, 'int32': I32, 'uint8': U8, 'bool': B}
PAIR_GRIDS = {'float32': FB, 'float64': FB + [1e300], 'int32': IB, 'uint8': UB, 'bool': B}

UNARY = ['arcsin', 'asin', 'arccos', 'acos', 'arctan', 'atan', 'sinh', 'cosh', 'arcsinh', 'asinh', 'arccosh', 'acosh', 'arctanh', 'atanh',
         'exp2', 'log2', 'log10', 'square', 'reciprocal', 'cbrt', 'sinc', 'rint', 'trunc', 'signbit', 'deg2rad', 'radians', 'rad2deg', 'degrees',
         'isnan', 'isinf', 'isfinite', 'isposinf', 'isneginf', 'nan_to_num', 'positive', 'absolute', 'bitwise_not', 'bitwise_invert', 'invert',
         'bitwise_count', 'frexp', 'modf']
BINARY = ['arctan2', 'atan2', 'logaddexp', 'logaddexp2', 'copysign', 'fmod', 'remainder', 'mod', 'floor_divide', 'divmod', 'fmax', 'fmin', 'float_power',
          'hypot', 'heaviside', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift', 'right_shift', 'bitwise_left_shift', 'bitwise_right_shift',
          'logical_xor', 'gcd', 'lcm', 'nextafter']
# Integer division by zero is implementation-defined in XLA (jaxpool: lax's 0, as NumPy); JAX's
# fmod guards integer divisors but not bool ones (XLA's x % 0 = x there).
INT_DIV = {'floor_divide', 'divmod'}


def enc(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if v != v:
        return 'nan'
    if v == math.inf:
        return 'inf'
    if v == -math.inf:
        return '-inf'
    if v == 0 and math.copysign(1, v) < 0:
        return '-0'
    return v


def describe(r):
    if isinstance(r, tuple):
        return [describe(x) for x in r]
    a = np.asarray(r)
    return {'dtype': str(r.dtype), 'weak': bool(getattr(r, 'weak_type', False)), 'shape': list(a.shape), 'values': [enc(v) for v in a.ravel().tolist()]}


def call(fn, args, kwargs):
    try:
        return describe(getattr(jnp, fn)(*args, **kwargs))
    except Exception as e:
        return {'error': type(e).__name__, 'message': str(e).split('\n')[0]}


def arr(values, dtype):
    return {'dtype': dtype, 'values': [enc(v) for v in values]}


cases = []


def add(fn, args, kwargs=None, x64=False, jargs=None):
    kwargs = kwargs or {}
    jax.config.update('jax_enable_x64', x64)
    jax_args = [jnp.asarray(np.array(a['values_py'], a['dtype'])) if isinstance(a, dict) else a for a in args]
    out = call(fn, jax_args, kwargs)
    enc_args = [arr(a['values_py'], a['dtype']) if isinstance(a, dict) else {'scalar': enc(a)} for a in args]
    cases.append({'fn': fn, 'args': enc_args, 'kwargs': kwargs, 'x64': x64, 'out': out})


def A(values, dtype):
    return {'values_py': values, 'dtype': dtype}


for fn in UNARY:
    for d, g in GRIDS.items():
        add(fn, [A(g, d)], x64=d == 'float64')
    for s in [2, 2.5, True]:
        add(fn, [s])
for fn in BINARY:
    for d, g in PAIR_GRIDS.items():
        pairs = list(itertools.product(g, g))
        if (fn in INT_DIV and d in ('int32', 'uint8', 'bool')) or (fn == 'fmod' and d == 'bool'):
            pairs = [(x, y) for x, y in pairs if y != 0]
        if fn in ('gcd', 'lcm'):
            pairs = [(x, y) for x, y in pairs if x != -2147483648 and y != -2147483648]
        add(fn, [A([p[0] for p in pairs], d), A([p[1] for p in pairs], d)], x64=d == 'float64')
    for s, t in [(2, 3), (2.5, 3), (7, -2), (True, 3)]:
        add(fn, [s, t])
    add(fn, [A([1.5, -2.0, 4.0], 'float32'), 2])
    add(fn, [A([3, -9, 100], 'int32'), 2])
    add(fn, [A([3, 9, 100], 'uint8'), 2])
    add(fn, [A([3, -9, 100], 'int32'), 2.5])

# Options, mixed dtypes and ldexp's integer exponent.
xs = [1.0, math.nan, math.inf, -math.inf, -2.0]
add('nan_to_num', [A(xs, 'float32')], {'nan': 5.0, 'posinf': 9.0, 'neginf': -9.0})
add('nan_to_num', [A(xs, 'float32')], {'posinf': 1e30})
add('nan_to_num', [A(xs, 'float64')], {}, x64=True)
add('nan_to_num', [A(xs, 'float64')], {'nan': -1.0}, x64=True)
lx = [0.0, -0.0, 1.0, -1.5, 3.0, 0.75, 1e-30, 3e38, math.inf, -math.inf, math.nan, 123.456]
ln = [0, 1, -1, 5, -5, 126, -126, -140, -149, -150, 127, 128, 300, -300, 2147483647, -2147483648]
pairs = list(itertools.product(lx, ln))
add('ldexp', [A([p[0] for p in pairs], 'float32'), A([p[1] for p in pairs], 'int32')])
add('ldexp', [A([p[0] for p in pairs], 'float64'), A([p[1] for p in pairs], 'int32')], x64=True)
add('ldexp', [A([1, 2, -3], 'int32'), A([3, -1, 2], 'int32')])
add('ldexp', [A([1.5, 2.0], 'float32'), A([1.0, 2.0], 'float32')])
add('ldexp', [2.5, 3])
add('ldexp', [A([1.5, 2.0], 'float32'), 3])
add('left_shift', [A([1, 3, -5], 'int32'), A([1, 2, 3], 'uint8')])
add('right_shift', [A([200, 3], 'uint8'), A([1, 9], 'int32')])
add('heaviside', [A([-1.0, 0.0, 2.0, math.nan], 'float32'), 0.5])
add('arctan2', [A([1, -2, 0], 'int32'), A([1.5, 0.5, -1.0], 'float32')])
add('logaddexp', [A([1.0, math.inf, -math.inf, math.nan], 'float32'), A([math.inf, math.inf, -math.inf, 1.0], 'float32')])
add('gcd', [A([12, 18], 'int32'), A([1.5, 2.0], 'float32')])
add('bitwise_and', [A([1.0], 'float32'), A([1.0], 'float32')])

out = {'jax': jax.__version__, 'cases': cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'elementwise.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print(len(cases), 'cases')
