"""JAX's complex numbers (jax 0.10.2 on CPU): elementwise functions and arithmetic (complex64, and
complex128 under x64), promotion, printing and gradients, for test/complex/*.test.ts.

Writes complex.json. A complex value is [re, im]; non-finite parts are the strings JS's Number()
reads back ('NaN', 'Infinity', '-Infinity'); -0.0 is written as the string '-0'.
Run: /work/venv/bin/python test/golden/make_complex.py
"""
import json
import math
import os
import subprocess
import sys
import warnings

warnings.simplefilter('ignore')


def num(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    if v == 0 and math.copysign(1, v) < 0:
        return '-0'
    return v


def enc(a):
    import numpy as np
    a = np.asarray(a)
    if np.iscomplexobj(a):
        return [[num(z.real), num(z.imag)] for z in a.ravel()]
    return [num(v) for v in a.ravel().astype(np.float64)]


INF = float('inf')
NAN = float('nan')
# Ordinary values, both signs of zero, branch cuts (negative reals with ±0 imaginary parts), huge
# and tiny magnitudes (abs and division must not overflow), infinities and NaN.
VALUES = [
    (1.0, 2.0), (-1.5, 0.5), (0.25, -3.0), (-2.0, -1.0), (3.0, 0.0), (0.0, 1.0), (0.0, -1.0),
    (0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (-4.0, 0.0), (-4.0, -0.0), (-1.0, 0.0),
    (0.5, 0.0), (1e-20, 1e-20), (3e37, 4e37), (-3e37, 4e37), (1e30, 1e-30), (1e-30, 1e30),
    (INF, 0.0), (-INF, 0.0), (0.0, INF), (INF, INF), (NAN, 0.0), (0.0, NAN), (1.0, INF), (INF, 1.0),
    (1e-7, 0.0), (0.0, 1e-7), (-1e-7, 2e-7), (10.0, 5.0), (-10.0, 80.0), (100.0, -0.5),
]
UNARY = ['abs', 'exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'expm1', 'log1p', 'sign', 'square',
         'reciprocal', 'angle', 'conj', 'real', 'imag', 'negative', 'isfinite', 'isnan', 'isinf', 'log10', 'log2', 'exp2',
         'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh']
BINARY_VALUES = [(1.0, 2.0), (-1.5, 0.5), (0.0, 0.0), (-0.0, 1.0), (3e37, -4e37), (1e-30, 1e-30), (2.0, 0.0), (0.0, -3.0),
                 (INF, 0.0), (NAN, 1.0), (1.0, -INF), (1e30, 1e30)]
BINARY = ['add', 'subtract', 'multiply', 'divide', 'equal', 'not_equal', 'power']
INT_POWERS = [0, 1, 2, 3, 5, -1, -2]


def functions(dtype='complex64'):
    import jax.numpy as jnp
    import numpy as np
    z = np.array([complex(*v) for v in VALUES], dtype=dtype)
    out = {'values': enc(z), 'unary': {}, 'binary': {}, 'int_power': {}}
    for name in UNARY:
        try:
            out['unary'][name] = {'result': enc(getattr(jnp, name)(z)), 'dtype': str(getattr(jnp, name)(z).dtype)}
        except Exception as e:
            out['unary'][name] = {'error': type(e).__name__}
    b = np.array([complex(*v) for v in BINARY_VALUES], dtype=dtype)
    x = np.repeat(b, len(b))
    y = np.tile(b, len(b))
    out['binary_values'] = [enc(x), enc(y)]
    for name in BINARY:
        r = getattr(jnp, name)(x, y)
        out['binary'][name] = {'result': enc(r), 'dtype': str(r.dtype)}
    for n in INT_POWERS:
        out['int_power'][str(n)] = enc(jnp.asarray(z) ** n)
    return out


def functions128():
    return functions('complex128')


KINDS = ['bool', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32', 'float16', 'float32', 'complex64',
         'weak_int', 'weak_float', 'weak_complex']
KINDS_64 = KINDS + ['float64', 'complex128']


def promotion():
    import jax
    import jax.numpy as jnp
    kinds = KINDS_64 if jax.config.jax_enable_x64 else KINDS
    weak = {'weak_int': 1, 'weak_float': 1.0, 'weak_complex': 1j}
    operand = lambda k: weak[k] if k in weak else jnp.ones(2, dtype=k)
    table = {}
    for a in kinds:
        for b in kinds:
            r = jnp.add(operand(a), operand(b))
            table[f'{a},{b}'] = {'dtype': str(r.dtype), 'weak': bool(getattr(r, 'weak_type', False))}
    return {'kinds': kinds, 'add': table}


PRINT_CASES = [
    ([(1, 2), (3, -0.0)], 'complex64', [2]),
    ([(1.5, 2), (NAN, INF), (-INF, -0.5)], 'complex64', [3]),
    ([(1e10, 2), (0, 1e-5)], 'complex64', [2]),
    ([(-1, -1), (100, 0.5)], 'complex128', [2]),
    ([(1, 1), (2, 1e-9)], 'complex128', [2]),
    ([(0.1, 0.2), (0.3, -0.4), (5, 6), (-7, 8)], 'complex64', [2, 2]),
    ([(1, 2)], 'complex64', []),
    ([(0, 2)], 'complex64', []),
    ([(-0.0, -0.0)], 'complex64', []),
    ([(1e7, 1)], 'complex64', []),
    ([(123456789, 1)], 'complex128', []),
    ([(NAN, INF)], 'complex64', []),
    ([(0.1, 0.2)], 'complex128', []),
    ([(i, -i / 3) for i in range(12)], 'complex64', [12]),
    ([], 'complex64', [0]),
]


def printing():
    import jax.numpy as jnp
    import numpy as np
    rows = []
    for vals, dt, shape in PRINT_CASES:
        if dt == 'complex128':
            continue  # printed under x64 (second pass)
        x = jnp.asarray(np.array([complex(*v) for v in vals], dtype=dt).reshape(shape))
        rows.append({'values': [[num(a), num(b)] for a, b in vals], 'dtype': dt, 'shape': shape, 'str': str(x), 'repr': repr(x)})
    return rows


def printing64():
    import jax.numpy as jnp
    import numpy as np
    rows = []
    for vals, dt, shape in PRINT_CASES:
        if dt != 'complex128':
            continue
        x = jnp.asarray(np.array([complex(*v) for v in vals], dtype=dt).reshape(shape))
        rows.append({'values': [[num(a), num(b)] for a, b in vals], 'dtype': dt, 'shape': shape, 'str': str(x), 'repr': repr(x)})
    return rows


GRAD_POINTS = [(1.0, 2.0), (-0.5, 0.25), (2.0, -1.0)]


def gradients():
    import jax
    import jax.numpy as jnp
    real_fns = {
        'abs2': lambda z: jnp.abs(z) ** 2,
        'abs': lambda z: jnp.abs(z),
        'real_sq': lambda z: jnp.real(z * z),
        'imag_exp': lambda z: jnp.imag(jnp.exp(z)),
        'abs_sin': lambda z: jnp.abs(jnp.sin(z)),
        'real_div': lambda z: jnp.real(z / (1 + z * z)),
        'abs_log': lambda z: jnp.abs(jnp.log(z)),
        'real_sqrt': lambda z: jnp.real(jnp.sqrt(z)),
        'angle': lambda z: jnp.angle(z),
        'conj_mul': lambda z: jnp.real(jnp.conj(z) * (2 + 1j) * z * z),
    }
    holo = {
        'sq_exp': lambda z: z * z + jnp.exp(z),
        'recip': lambda z: 1 / z,
        'tanh': lambda z: jnp.tanh(z),
        'log_sqrt': lambda z: jnp.log(z) * jnp.sqrt(z),
        'cube': lambda z: z ** 3,
    }
    out = {'points': [[a, b] for a, b in GRAD_POINTS], 'real': {}, 'holomorphic': {}}
    zs = [jnp.complex64(complex(*p)) for p in GRAD_POINTS]
    for name, f in real_fns.items():
        out['real'][name] = [enc(jax.grad(f)(z))[0] for z in zs]
    for name, f in holo.items():
        out['holomorphic'][name] = [enc(jax.grad(f, holomorphic=True)(z))[0] for z in zs]
    # grad of a real function of a real input through complex intermediates.
    out['real_input'] = [num(jax.grad(lambda x: jnp.abs(jnp.exp(1j * x) * (x + 2j)) ** 2)(x)) for x in [0.5, -1.25]]
    return out


def run_x64(fn, module='make_complex'):
    """`module`.`fn`() run in a fresh process with x64 enabled (JAX reads the flag at start-up)."""
    env = dict(os.environ, JAX_ENABLE_X64='1')
    code = f'import json, sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); import {module} as m; print(json.dumps(m.{fn}()))'
    return json.loads(subprocess.check_output([sys.executable, '-c', code], env=env))


if __name__ == '__main__':
    import jax
    out = {
        'jax': jax.__version__,
        'functions': functions(),
        'functions128': run_x64('functions128'),
        'promotion32': promotion(),
        'promotion64': run_x64('promotion'),
        'printing': printing() + run_x64('printing64'),
        'gradients': gradients(),
    }
    with open(os.path.join(os.path.dirname(__file__), 'complex.json'), 'w') as f:
        json.dump(out, f, indent=0)
