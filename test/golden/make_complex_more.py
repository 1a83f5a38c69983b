"""JAX's complex numbers beyond make_complex.py (jax 0.10.2 on CPU): the inverse trigonometric and
hyperbolic functions on a grid of the plane (axes and branch cuts with both signs of zero, tiny
and huge magnitudes, infinities, NaN) with their gradients, and the ordering and statistics
functions on complex input (lexicographic order, real-valued variances, and which ones raise),
for test/complex/inverse.test.ts and test/complex/ordering.test.ts.

Writes complex_more.json. Values are encoded as in make_complex.py: a complex value is [re, im];
non-finite parts are 'NaN', 'Infinity', '-Infinity'; -0.0 is '-0'. A function JAX rejects is
{'error': exception class name}.
Run: /work/venv/bin/python test/golden/make_complex_more.py
"""
import json
import os
import subprocess
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_complex import enc, num  # noqa: E402

warnings.simplefilter('ignore')

INF = float('inf')
NAN = float('nan')
# Parts of the grid: both zeros, tiny, ordinary, the branch points ±1, huge, infinite and NaN.
PARTS = [0.0, -0.0, 1e-30, -1e-30, 1e-7, 0.5, -0.5, 1.0, -1.0, 1.5, -2.0, 10.0, -10.0, 1e30, -1e30, INF, -INF, NAN]
# complex128 adds magnitudes only float64 holds.
PARTS_64 = PARTS + [1e-200, -1e-200, 1e200, -1e200]
INVERSE = ['arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh']
# Points off the branch cuts, for derivatives.
GRAD_POINTS = [(0.3, 0.4), (-0.7, 0.2), (2.0, -1.0), (-1.5, -2.5), (0.1, 3.0)]



def cgrid(parts, dtype):
    """The grid with exact parts (complex(a, b) keeps -0.0 and NaN in either part)."""
    import numpy as np
    z = np.empty(len(parts) ** 2, dtype=dtype)
    z.real = np.repeat(np.array(parts), len(parts))
    z.imag = np.tile(np.array(parts), len(parts))
    return z


def inverse(dtype='complex64'):
    import jax
    import jax.numpy as jnp
    from jax import lax
    parts = PARTS_64 if dtype == 'complex128' else PARTS
    z = cgrid(parts, dtype)
    out = {'values': enc(z), 'jnp': {}, 'lax': {}}
    for name in INVERSE:
        r = getattr(jnp, name)(z)
        out['jnp'][name] = {'result': enc(r), 'dtype': str(r.dtype)}
    for name in ['asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh']:
        out['lax'][name] = enc(getattr(lax, name)(jnp.asarray(z)))
    zs = [jnp.asarray(complex(*p), dtype=dtype) for p in GRAD_POINTS]
    out['grad_points'] = [list(p) for p in GRAD_POINTS]
    out['holomorphic'] = {n: [enc(jax.grad(getattr(jnp, n), holomorphic=True)(x))[0] for x in zs] for n in INVERSE}
    # Real-valued functions of complex input: JAX's convention (the conjugate of df/dz̄'s double).
    out['real_grad'] = {n: [enc(jax.grad(lambda x, f=getattr(jnp, n): jnp.abs(f(x)) ** 2)(x))[0] for x in zs] for n in INVERSE}
    return out


def inverse128():
    return inverse('complex128')


def run_x64(fn):
    env = dict(os.environ, JAX_ENABLE_X64='1')
    code = f'import json, sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); import make_complex_more as m; print(json.dumps(m.{fn}()))'
    return json.loads(subprocess.check_output([sys.executable, '-c', code], env=env))


if __name__ == '__main__':
    import jax
    out = {'jax': jax.__version__, 'inverse': inverse(), 'inverse128': run_x64('inverse128')}
    with open(os.path.join(os.path.dirname(__file__), 'complex_more.json'), 'w') as f:
        json.dump(out, f, indent=0)
