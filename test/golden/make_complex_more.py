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
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_complex import enc, num, run_x64  # noqa: E402

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


N = NAN
Z = [[(1, 2), (1, -1), (-1, 5), (1, 2)], [(0, 0), (3, 0), (-2, -2), (3, -1)], [(0.5, 0.5), (-1, 5), (2, 0), (-0.5, 1)]]
W = [[(1, 1), (2, -1), (-1, 6), (1, 2)], [(0, 0), (2, 9), (-2, -3), (3, 1)], [(0.5, -0.5), (-1, 4), (1, 7), (-0.5, 1)]]
# NaN in either part, infinities and a signed zero, for the binary ordering functions.
ZN = [(N, 0), (1, N), (1, 0), (INF, 1), (-INF, 0), (2, 2), (N, N), (0, 0), (1, 2)]
WN = [(1, 0), (1, 0), (N, 0), (INF, 0), (1, 1), (2, N), (3, 0), (0, -0.0), (1, 2)]
# Z with NaNs, one row all NaN, for the NaN-ignoring reductions.
ZNAN = [[(1, 2), (N, 0), (-1, 5), (1, 2)], [(0, 0), (3, 0), (1, N), (3, -1)], [(N, 0), (N, 1), (0, N), (N, N)]]
# NaNs (sorted last, by real part then imaginary part), ±0 and infinities, for sort.
SORTN = [(N, 0), (1, 0), (1, N), (-0.0, 1), (0, 1), (N, N), (-INF, 0), (1, -1), (INF, -INF), (0, -1)]
A = [(1, 2), (-1, 0.5), (3, -1), (0, 1), (2, 2)]
V = [(0.5, -1), (2, 0), (-1, 1)]
INPUTS = {'z': Z, 'w': W, 'zn': ZN, 'wn': WN, 'znan': ZNAN, 'sortn': SORTN, 'a': A, 'v': V}


def carr(v, dtype):
    import numpy as np
    a = np.array(v, dtype=float)
    z = np.empty(a.shape[:-1], dtype=dtype)
    z.real, z.imag = a[..., 0], a[..., 1]
    return z


def ordering_cases(jnp, lax, x, dtype):
    """name -> thunk; the TS test computes each name the same way (test/complex/ordering.test.ts)."""
    z, w, zn, wn, znan, sortn, a, v = (x[k] for k in ['z', 'w', 'zn', 'wn', 'znan', 'sortn', 'a', 'v'])
    wr = jnp.arange(1.0, 13.0, dtype=jnp.real(z).dtype).reshape(3, 4)
    return {
        'lax.max': lambda: lax.max(zn, wn), 'lax.min': lambda: lax.min(zn, wn),
        'maximum': lambda: jnp.maximum(z, w), 'minimum': lambda: jnp.minimum(z, w),
        'maximum_nan': lambda: jnp.maximum(zn, wn), 'minimum_nan': lambda: jnp.minimum(zn, wn),
        'fmax': lambda: jnp.fmax(zn, wn), 'fmin': lambda: jnp.fmin(zn, wn),
        'less': lambda: jnp.less(zn, wn), 'less_equal': lambda: jnp.less_equal(zn, wn),
        'greater': lambda: jnp.greater(zn, wn), 'greater_equal': lambda: jnp.greater_equal(zn, wn),
        'max': lambda: jnp.max(z), 'max0': lambda: jnp.max(z, axis=0), 'max1k': lambda: jnp.max(z, axis=1, keepdims=True),
        'min': lambda: jnp.min(z), 'min0': lambda: jnp.min(z, axis=0), 'min1': lambda: jnp.min(z, axis=1),
        'max_initial': lambda: jnp.max(z, axis=1, initial=2 + 0j),
        'nanmax': lambda: jnp.nanmax(znan, axis=1), 'nanmin': lambda: jnp.nanmin(znan, axis=1), 'nanmax0': lambda: jnp.nanmax(znan, axis=0),
        'ptp': lambda: jnp.ptp(z), 'ptp0': lambda: jnp.ptp(z, axis=0), 'ptp1': lambda: jnp.ptp(z, axis=1),
        'sort': lambda: jnp.sort(z), 'sort0': lambda: jnp.sort(z, axis=0), 'sort_none': lambda: jnp.sort(z, axis=None),
        'sort_desc': lambda: jnp.sort(z, axis=1, descending=True), 'sort_nan': lambda: jnp.sort(sortn),
        'argsort': lambda: jnp.argsort(z), 'argsort0': lambda: jnp.argsort(z, axis=0), 'argsort_nan': lambda: jnp.argsort(sortn),
        'argsort_desc': lambda: jnp.argsort(z, axis=1, descending=True),
        'searchsorted': lambda: jnp.searchsorted(jnp.sort(z, axis=None), zn), 'searchsorted_right': lambda: jnp.searchsorted(jnp.sort(z, axis=None), zn, side='right'),
        'searchsorted_small': lambda: jnp.searchsorted(jnp.sort(sortn), sortn, side='right'),
        'searchsorted_sorter': lambda: jnp.searchsorted(z[0], w[0], sorter=jnp.argsort(z[0])),
        'lax.sort': lambda: lax.sort(sortn), 'lexsort': lambda: jnp.lexsort([z[0], w[0]]), 'lexsort2': lambda: jnp.lexsort([w, z], axis=0),
        'cummax': lambda: lax.cummax(z, axis=1), 'cummin': lambda: lax.cummin(z, axis=1),
        'cummax0r': lambda: lax.cummax(z, axis=0, reverse=True), 'cummin0': lambda: lax.cummin(z, axis=0),
        'var': lambda: jnp.var(z), 'var0': lambda: jnp.var(z, axis=0), 'var1d': lambda: jnp.var(z, axis=1, ddof=1),
        'std': lambda: jnp.std(z), 'std1': lambda: jnp.std(z, axis=1, keepdims=True),
        'var_cdtype': lambda: jnp.var(z, axis=0, dtype=dtype),
        'nanvar': lambda: jnp.nanvar(znan, axis=1), 'nanvar_all': lambda: jnp.nanvar(znan), 'nanstd': lambda: jnp.nanstd(znan, axis=0),
        'nansum': lambda: jnp.nansum(znan, axis=1), 'nansum_all': lambda: jnp.nansum(znan),
        'nanmean': lambda: jnp.nanmean(znan, axis=1), 'nanmean0': lambda: jnp.nanmean(znan, axis=0), 'nanprod': lambda: jnp.nanprod(znan, axis=1),
        'average': lambda: jnp.average(z), 'average_rw': lambda: jnp.average(z, axis=1, weights=wr),
        'average_cw': lambda: jnp.average(z, axis=0, weights=w), 'average_returned': lambda: jnp.average(z, axis=1, weights=w, returned=True),
        'cumprod': lambda: jnp.cumprod(z, axis=1), 'cumprod0': lambda: jnp.cumprod(z, axis=0), 'cumprod_flat': lambda: jnp.cumprod(z),
        'nancumprod': lambda: jnp.nancumprod(znan, axis=1), 'nancumsum': lambda: jnp.nancumsum(znan, axis=1),
        'cumulative_prod': lambda: jnp.cumulative_prod(z, axis=1), 'cumulative_sum': lambda: jnp.cumulative_sum(z, axis=0, include_initial=True),
        'diff': lambda: jnp.diff(z), 'diff2': lambda: jnp.diff(z, n=2, axis=1), 'diff0': lambda: jnp.diff(z, axis=0, prepend=1j),
        'ediff1d': lambda: jnp.ediff1d(z, to_begin=jnp.array([5j])),
        'convolve': lambda: jnp.convolve(a, v), 'convolve_same': lambda: jnp.convolve(a, v, mode='same'),
        'convolve_valid_swapped': lambda: jnp.convolve(v, a, mode='valid'),
        'correlate': lambda: jnp.correlate(a, v), 'correlate_full': lambda: jnp.correlate(a, v, mode='full'),
        'correlate_swapped': lambda: jnp.correlate(v, a, mode='full'), 'correlate_same': lambda: jnp.correlate(a, v, mode='same'),
        'correlate_real_complex': lambda: jnp.correlate(jnp.real(a), v, mode='full'),
        # JAX rejects these for complex input.
        'argmax': lambda: jnp.argmax(z), 'argmin': lambda: jnp.argmin(z), 'nanargmax': lambda: jnp.nanargmax(z), 'nanargmin': lambda: jnp.nanargmin(z),
        'clip': lambda: jnp.clip(z, 0, 1), 'median': lambda: jnp.median(z), 'nanmedian': lambda: jnp.nanmedian(z),
        'quantile': lambda: jnp.quantile(z, 0.5), 'nanquantile': lambda: jnp.nanquantile(z, 0.5),
        'percentile': lambda: jnp.percentile(z, 50), 'nanpercentile': lambda: jnp.nanpercentile(z, 50),
        'partition': lambda: jnp.partition(z, 1), 'argpartition': lambda: jnp.argpartition(z, 1),
    }


def ordering_grads(jax, jnp, lax, x):
    z, w, a, v = x['z'], x['w'], x['a'], x['v']
    c = (jnp.arange(12.0).reshape(3, 4) + 1j * jnp.arange(12.0, 0, -1).reshape(3, 4)).astype(z.dtype)
    real = {
        'max': (lambda q: jnp.real(jnp.max(q) * (1 + 2j)), z),
        'min0': (lambda q: jnp.sum(jnp.imag(jnp.min(q, axis=0))), z),
        'maximum_ties': (lambda q: jnp.sum(jnp.abs(jnp.maximum(q, w)) ** 2), z),
        'sort': (lambda q: jnp.real(jnp.sum(jnp.sort(q, axis=1) * c)), z),
        'var': (jnp.var, z),
        'std0': (lambda q: jnp.sum(jnp.std(q, axis=0)), z),
        'cumprod': (lambda q: jnp.real(jnp.sum(jnp.cumprod(q, axis=1) * c)), z),
        'cummax': (lambda q: jnp.real(jnp.sum(lax.cummax(q, axis=1) * c)), z),
        'nanmean': (lambda q: jnp.real(jnp.nanmean(q) * (1 - 1j)), z),
        'correlate': (lambda q: jnp.sum(jnp.abs(jnp.correlate(q, v, mode='full')) ** 2), a),
        'convolve': (lambda q: jnp.sum(jnp.abs(jnp.convolve(q, v)) ** 2), a),
    }
    out = {k: enc(jax.grad(f)(p)) for k, (f, p) in real.items()}
    out['holo_cumprod'] = enc(jax.grad(lambda q: jnp.sum(jnp.cumprod(q)), holomorphic=True)(a))
    out['holo_correlate'] = enc(jax.grad(lambda q: jnp.sum(jnp.correlate(q, v, mode='same') * (1 + 1j)), holomorphic=True)(a))
    return out


def ordering(dtype='complex64'):
    import jax
    import jax.numpy as jnp
    from jax import lax
    x = {k: jnp.asarray(carr(val, dtype)) for k, val in INPUTS.items()}
    out = {}
    for name, f in ordering_cases(jnp, lax, x, dtype).items():
        try:
            r = f()
        except Exception as e:  # noqa: BLE001 - JAX's rejection is the golden
            out[name] = {'error': type(e).__name__}
            continue
        rs = list(r) if isinstance(r, (tuple, list)) else [r]
        out[name] = {'results': [{'result': enc(q), 'shape': list(q.shape), 'dtype': str(q.dtype)} for q in rs]}
    out['grads'] = ordering_grads(jax, jnp, lax, x)
    return out


def ordering128():
    return ordering('complex128')


def inputs():
    import numpy as np
    return {k: {'values': enc(carr(v, 'complex128')), 'shape': list(np.shape(v))[:-1]} for k, v in INPUTS.items()}



def minmax_jvp():
    """lax.max/min tangents of real operands with ties and NaNs (JAX's _balanced_eq: halves at ties, none at a NaN result)."""
    import jax
    import jax.numpy as jnp
    from jax import lax
    x = jnp.array([1.0, NAN, 2.0, 3.0, NAN, -0.0])
    y = jnp.array([1.0, 1.0, NAN, 2.0, NAN, 0.0])
    out = {'x': enc(x), 'y': enc(y)}
    for name, f in [('max', lax.max), ('min', lax.min)]:
        out[name] = enc(jax.jvp(f, (x, y), (jnp.ones(6), 10 * jnp.ones(6)))[1])
    return out


if __name__ == '__main__':
    import jax
    out = {'jax': jax.__version__, 'inverse': inverse(), 'inverse128': run_x64('inverse128', 'make_complex_more'), 'ordering_inputs': inputs(),
           'ordering': ordering(), 'ordering128': run_x64('ordering128', 'make_complex_more'),
           'minmax_jvp': minmax_jvp()}
    with open(os.path.join(os.path.dirname(__file__), 'complex_more.json'), 'w') as f:
        json.dump(out, f, indent=0)
