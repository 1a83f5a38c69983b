"""Goldens for jaxpool's extra dtypes (int8, int16, uint16, uint32, float16) from JAX itself.

Writes dtypes.json: lax integer arithmetic per dtype (wrapping, division by zero), casts between
every pair of dtypes (out-of-range and non-finite floats included), float16 rounding of many
float64 values (numpy's float16), float16 arithmetic, bitcasts and Array.view, printing, iinfo /
finfo, and grad through float16.
Run: /work/venv/bin/python test/golden/make_dtypes.py   (jax 0.10.2, x64 off)
"""
import json
import os

os.environ.setdefault('JAX_PLATFORMS', 'cpu')
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

INTS = ['int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32']
FLOATS = ['float16', 'float32']
ALL = ['bool'] + INTS + FLOATS


def num(v):
    v = float(v)
    if np.isnan(v):
        return 'nan'
    if np.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def vals(a):
    return [num(v) for v in np.asarray(a).ravel().tolist()]


def int_grid(d):
    info = np.iinfo(d)
    base = [0, 1, 2, 3, 7, -1, -2, -7, 100, -100, 127, -128, 255, 256, 1000, -1000, 32767, -32768, 65535, 2**31 - 1, -2**31, 2**32 - 1, 3_000_000_000]
    return sorted({v for v in base if info.min <= v <= info.max} | {int(info.min), int(info.max), int(info.min) + 1, int(info.max) - 1})


def arithmetic():
    out = {}
    ops = {'add': lax.add, 'sub': lax.sub, 'mul': lax.mul, 'div': lax.div, 'rem': lax.rem, 'max': lax.max, 'min': lax.min,
           'lt': lax.lt, 'eq': lax.eq, 'ge': lax.ge}
    for d in INTS:
        g = int_grid(d)
        xs = np.array([a for a in g for _ in g], dtype=d)
        ys = np.array([b for _ in g for b in g], dtype=d)
        row = {'x': vals(xs), 'y': vals(ys)}
        for name, f in ops.items():
            row[name] = vals(f(jnp.asarray(xs), jnp.asarray(ys)))
        row['neg'] = vals(lax.neg(jnp.asarray(np.array(g, dtype=d))))
        row['abs'] = vals(lax.abs(jnp.asarray(np.array(g, dtype=d)))) if d.startswith('int') else None
        row['sign'] = vals(lax.sign(jnp.asarray(np.array(g, dtype=d))))
        row['not'] = vals(lax.bitwise_not(jnp.asarray(np.array(g, dtype=d))))
        row['and'] = vals(lax.bitwise_and(jnp.asarray(xs), jnp.asarray(ys)))
        row['or'] = vals(lax.bitwise_or(jnp.asarray(xs), jnp.asarray(ys)))
        row['grid'] = g
        row['sum_dtype'] = str(jnp.sum(jnp.asarray(xs)).dtype)
        out[d] = row
    return out


CAST_SOURCE = [0.0, -0.0, 0.4, -0.6, 1.5, -1.5, 2.5, 100.7, -100.7, 127.5, 128.0, -129.0, 255.9, 256.0, 300.0, -300.0,
               32767.4, 32768.0, -32769.0, 65535.0, 65536.0, 65504.0, 65520.0, 70000.0, 1e-8, 6e-5, 2147483520.0,
               3e9, 4294967040.0, 5e9, -5e9, 1e20, float('inf'), float('-inf'), float('nan')]


def casts():
    out = {}
    for src in ALL:
        if src in FLOATS:
            data = np.array(CAST_SOURCE, dtype=np.float64).astype(src)
        elif src == 'bool':
            data = np.array([True, False])
        else:
            data = np.array(int_grid(src), dtype=src)
        for dst in ALL:
            r = jnp.asarray(data).astype(dst)
            out[f'{src},{dst}'] = {'x': vals(data), 'y': vals(r), 'dtype': str(r.dtype)}
    return out


def f16_rounding():
    r = np.random.default_rng(7)
    xs = list(r.standard_normal(3000) * np.exp(r.uniform(-20, 12, 3000)))
    h = np.arange(0, 31744, dtype=np.uint16).view(np.float16).astype(np.float64)
    mids = [(float(a) + float(b)) / 2 for a, b in zip(h[:-1:37], h[1::37])]
    xs += mids + [-m for m in mids] + [65504.0, 65519.0, 65520.0, 65536.0, 2**-24, 2**-25, 3 * 2**-26, 2**-26, 1e-9, 6.1e-5]
    x = np.array(xs, dtype=np.float64)
    return {'x': x.tolist(), 'bits': x.astype(np.float16).view(np.uint16).astype(int).tolist()}


def f16_math():
    a = np.array([0.1, 1.0, 2.5, -3.3, 1000.0, 60000.0, 6e-5, 1e-7, 0.0, -7.0], dtype=np.float16)
    b = np.array([0.2, 3.0, -0.5, 3.3, 0.001, 10.0, 0.5, 3.0, 2.0, 7.0], dtype=np.float16)
    ja, jb = jnp.asarray(a), jnp.asarray(b)
    return {'a': vals(a), 'b': vals(b), 'add': vals(ja + jb), 'sub': vals(ja - jb), 'mul': vals(ja * jb), 'div': vals(ja / jb),
            'sqrt_abs': vals(jnp.sqrt(jnp.abs(ja))), 'max': vals(jnp.maximum(ja, jb)),
            'mixed_f32': {'values': vals(ja + jnp.asarray(b, jnp.float32)), 'dtype': str((ja + jnp.asarray(b, jnp.float32)).dtype)},
            'weak_float': {'values': vals(ja * 1.1), 'dtype': str((ja * 1.1).dtype), 'weak': bool((ja * 1.1).weak_type)},
            'grad': {'x': vals(a[:4]), 'values': vals(jax.grad(lambda x: (jnp.sin(x) * x).sum())(ja[:4])), 'dtype': str(jax.grad(lambda x: (jnp.sin(x) * x).sum())(ja[:4]).dtype)}}


def bitcasts():
    out = []
    cases = [
        ('float32', [1.0, -2.5, 0.0, 3.4e38], 'uint32'),
        ('float32', [1.0, -2.5, 0.0, 3.4e38], 'int32'),
        ('float32', [1.0, -2.5], 'uint16'),
        ('float32', [1.0, -2.5], 'int8'),
        ('float16', [1.0, -2.5, 65504.0, 6e-8], 'uint16'),
        ('float16', [1.0, -2.5, 65504.0, 6e-8], 'int16'),
        ('float16', [1.0, -2.5], 'uint8'),
        ('uint32', [1065353216, 3223322624], 'float32'),
        ('int32', [-1, 7], 'uint32'),
        ('uint16', [15360, 49408, 31744, 1], 'float16'),
        ('int8', [-1, 2, 127, -128], 'uint8'),
    ]
    for src, data, dst in cases:
        x = jnp.asarray(np.array(data, dtype=src))
        r = lax.bitcast_convert_type(x, dst)
        out.append({'op': 'bitcast', 'from': src, 'x': vals(x), 'shape': list(x.shape), 'to': dst, 'y': vals(r), 'yshape': list(r.shape)})
    # wider: the last axis is consumed
    for src, data, shape, dst in [('uint8', [0, 0, 128, 63, 0, 0, 32, 192], [2, 4], 'float32'), ('uint16', [0, 16256, 0, 49184], [2, 2], 'float32'), ('int8', [1, 2, 3, 4, 5, 6], [3, 2], 'int16')]:
        x = jnp.asarray(np.array(data, dtype=src).reshape(shape))
        r = lax.bitcast_convert_type(x, dst)
        out.append({'op': 'bitcast', 'from': src, 'x': vals(x), 'shape': shape, 'to': dst, 'y': vals(r), 'yshape': list(r.shape)})
    for src, data, shape, dst in [('float32', [1.0, 2.0, 3.0], [3], 'uint16'), ('uint8', [0, 0, 128, 63, 0, 0, 32, 192], [2, 4], 'float32'), ('bool', [True, False, True], [3], 'uint8'),
                                  ('uint8', [1, 2, 0, 0], [4], 'bool'), ('float16', [1.0, 2.0], [2], 'uint8'), ('int16', [1, 2, 3, 4], [2, 2], 'float32'), ('float32', 1.0, [], 'int32')]:
        x = jnp.asarray(np.array(data, dtype=src).reshape(shape))
        r = x.view(dst)
        out.append({'op': 'view', 'from': src, 'x': vals(x), 'shape': shape, 'to': dst, 'y': vals(r), 'yshape': list(r.shape)})
    return out


def printing():
    out = []
    samples = {
        'int8': [[1, -2, 127], [-128, 0, 5]], 'int16': [300, -32768], 'uint16': [0, 65535, 7], 'uint32': [0, 4294967295, 12],
        'float16': [0.1, 1.0, 2.5], 'float16_exp': [0.1, 1000.0, 65504.0, 1e-7], 'float16_big': [999.0, 1.0], 'float16_nan': [float('nan'), -float('inf'), 0.5],
    }
    for key, data in samples.items():
        d = key.split('_')[0]
        x = jnp.asarray(np.array(data, dtype=d))
        out.append({'dtype': d, 'x': vals(x), 'shape': list(x.shape), 'str': str(x), 'repr': repr(x)})
    for d, v in [('float16', 0.1), ('float16', 1000.0), ('float16', 6e-8), ('int8', -5), ('uint32', 4000000000)]:
        x = jnp.asarray(np.array(v, dtype=d))
        out.append({'dtype': d, 'x': vals(x), 'shape': [], 'str': str(x), 'repr': repr(x)})
    return out


def infos():
    out = {'iinfo': {}, 'finfo': {}}
    for d in INTS:
        i = jnp.iinfo(d)
        out['iinfo'][d] = {'min': int(i.min), 'max': int(i.max), 'bits': int(i.bits)}
    for d in FLOATS:
        f = jnp.finfo(d)
        out['finfo'][d] = {k: num(getattr(f, k)) for k in ['bits', 'eps', 'epsneg', 'max', 'min', 'tiny', 'smallest_normal', 'smallest_subnormal', 'resolution', 'precision', 'nmant', 'nexp', 'maxexp', 'minexp']}
    return out


if __name__ == '__main__':
    result = {'jax': jax.__version__, 'numpy': np.__version__, 'arithmetic': arithmetic(), 'casts': casts(), 'f16_rounding': f16_rounding(),
              'f16_math': f16_math(), 'bitcasts': bitcasts(), 'printing': printing(), 'infos': infos()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dtypes.json')
    with open(path, 'w') as f:
        json.dump(result, f, sort_keys=True, separators=(',', ':'))
    print('wrote', path)
