"""Encoding shared by the golden scripts that store arrays as {a, shape, dtype} (make_special.py,
make_statistics.py): NaN and infinities as strings, the result's dtype and weak type kept."""
import math

import jax.numpy as jnp
import numpy as np

nan, inf = float('nan'), float('inf')


def enc(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
    return v


def arr(values, dtype='float32', shape=None):
    a = np.array(values, dtype=dtype)
    if shape is not None:
        a = a.reshape(shape)
    return {'a': [enc(float(x)) if a.dtype.kind == 'f' else (bool(x) if a.dtype.kind == 'b' else int(x)) for x in a.ravel()], 'shape': list(a.shape), 'dtype': dtype}


def dec(v):
    if isinstance(v, dict) and 'a' in v:
        vals = [float(x) if isinstance(x, str) else x for x in v['a']]
        return jnp.asarray(np.array(vals, dtype=v['dtype']).reshape(v['shape']))
    if isinstance(v, list):
        return [dec(x) for x in v]
    return v


def out(r):
    if isinstance(r, (tuple, list)):
        return [out(x) for x in r]
    r = jnp.asarray(r)
    vals = np.asarray(r).ravel().tolist()
    return {'shape': list(r.shape), 'dtype': str(r.dtype), 'weak': bool(r.weak_type), 'a': [enc(float(x)) if r.dtype.kind == 'f' else x for x in vals]}
