"""JAX's x[idx] for many index expressions, and jnp.take in each mode (jax 0.10.2).

Writes indexing.json. An index entry is encoded as JSON: an int; null (None, newaxis); "..."
(Ellipsis); {"slice": [start, stop, step]} (null parts omitted); {"array": nested, "dtype": d}
(a jnp array index); {"list": nested} (a Python list inside the index tuple).
Run: /work/venv/bin/python test/golden/make_indexing.py
"""
import json
import os
import random

import jax
import jax.numpy as jnp
import numpy as np

SHAPE = (3, 4, 5)
X = jnp.arange(np.prod(SHAPE), dtype=jnp.float32).reshape(SHAPE)


def decode(e):
    if e is None or isinstance(e, int) or isinstance(e, bool):
        return e
    if e == '...':
        return Ellipsis
    if 'slice' in e:
        return slice(*e['slice'])
    if 'array' in e:
        return jnp.array(e['array'], dtype=e['dtype'])
    if 'list' in e:
        return e['list']
    raise ValueError(e)


FIXED = [
    [0], [-1], [1, 2], [1, -1, 3], [{'slice': [1, None]}], [{'slice': [None, None, -1]}],
    [{'slice': [None, None, 2]}, {'slice': [3, 0, -2]}], [{'slice': [-2, None]}, 0],
    [None], [None, 0, None], ['...', 1], [1, '...'], [0, '...', None], ['...'],
    [{'slice': [10, 20]}], [{'slice': [-10, 2]}], [{'slice': [2, 1]}],
    [{'array': [1, 2, 0], 'dtype': 'int32'}], [{'array': [-1, -3], 'dtype': 'int32'}],
    [{'array': [[0, 1], [2, 2]], 'dtype': 'int32'}],
    [{'slice': [None]}, {'array': [0, 2], 'dtype': 'int32'}, {'array': [1, 3], 'dtype': 'int32'}],
    [{'array': [0, 1], 'dtype': 'int32'}, {'slice': [None]}, {'array': [1, 3], 'dtype': 'int32'}],
    [0, {'slice': [None]}, {'array': [1, 3], 'dtype': 'int32'}],
    [1, None, {'array': [1, 2], 'dtype': 'int32'}],
    [{'array': [0, 2], 'dtype': 'int32'}, 1],
    [{'array': [0, 2], 'dtype': 'int32'}, {'array': [[1], [3]], 'dtype': 'int32'}],
    ['...', {'array': [4, 0], 'dtype': 'int32'}],
    [{'array': [True, False, True], 'dtype': 'bool'}],
    [{'slice': [None]}, {'array': [True, False, True, True], 'dtype': 'bool'}],
    [{'array': [[True, False, True, False], [False, False, True, True], [True, True, True, True]], 'dtype': 'bool'}],
    [{'array': [True, False, True], 'dtype': 'bool'}, {'slice': [None]}, 2],
    [{'list': [0, 2]}], [1, {'list': [3, 0]}], [{'list': [True, False, True]}],
    [{'array': [7, -9], 'dtype': 'int32'}],  # out of bounds: JAX clamps
    [{'array': 1, 'dtype': 'int32'}], [{'array': -1, 'dtype': 'int32'}, 2],
    [{'array': [], 'dtype': 'int32'}], [{'list': []}, 0],
    [True], [False], [None, None, '...', None],
]


def random_index(rng):
    """A random mix of ints, slices, newaxis, Ellipsis and int arrays within bounds."""
    entries = []
    dims = list(SHAPE)
    used_ellipsis = False
    d = 0
    while d < len(dims) and len(entries) < 5:
        r = rng.random()
        n = dims[d]
        if r < 0.2:
            entries.append(rng.randrange(-n, n)); d += 1
        elif r < 0.5:
            parts = [rng.choice([None, rng.randrange(-n - 1, n + 2)]) for _ in range(2)]
            step = rng.choice([None, 1, 2, -1, -2, 3])
            entries.append({'slice': parts + [step]}); d += 1
        elif r < 0.6:
            entries.append(None)
        elif r < 0.65 and not used_ellipsis:
            entries.append('...'); used_ellipsis = True; d = len(dims)
        else:
            shape = rng.choice([[2], [3], [1], [2, 2], []])
            vals = np.array([rng.randrange(-n, n) for _ in range(int(np.prod(shape)))]).reshape(shape).tolist()
            entries.append({'array': vals, 'dtype': 'int32'}); d += 1
    return entries


def main():
    rng = random.Random(14)
    cases = []
    for idx in FIXED + [random_index(rng) for _ in range(120)]:
        t = tuple(decode(e) for e in idx)
        try:
            r = X[t]
            cases.append({'index': idx, 'shape': list(r.shape), 'values': np.asarray(r).ravel().tolist()})
        except Exception as e:  # jaxpool must raise too
            cases.append({'index': idx, 'error': type(e).__name__})
    a = jnp.array([[1.5, 7, 3], [9, 2, 8]], dtype=jnp.float32)
    ai = jnp.array([[1, 7, 3], [9, 2, 8]], dtype=jnp.int32)
    au = jnp.array([[1, 7, 3], [9, 2, 8]], dtype=jnp.uint8)
    ab = jnp.array([[True, False, True], [False, True, True]])
    take = []
    for name, arr in (('float32', a), ('int32', ai), ('uint8', au), ('bool', ab)):
        for mode in (None, 'fill', 'clip', 'wrap'):
            for axis in (None, 0, 1, -1):
                idx = [2, -1, 5, -7, 0]
                r = jnp.take(arr, jnp.array(idx), axis=axis, mode=mode)
                take.append({'dtype': name, 'mode': mode, 'axis': axis, 'indices': idx, 'shape': list(r.shape),
                             'values': [v if not (isinstance(v, float) and v != v) else 'nan' for v in np.asarray(r).ravel().tolist()]})
        r = jnp.take(arr, jnp.array([[0, 9], [1, -1]]), axis=1, fill_value=5)
        take.append({'dtype': name, 'mode': None, 'axis': 1, 'indices': [[0, 9], [1, -1]], 'fill_value': 5, 'shape': list(r.shape),
                     'values': np.asarray(r).ravel().tolist()})
    out = {'jax': jax.__version__, 'shape': list(SHAPE), 'cases': cases, 'take': take}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'indexing.json')
    with open(path, 'w') as f:
        json.dump(out, f)
    print('wrote', path, len(cases), 'cases', sum('error' in c for c in cases), 'errors')


if __name__ == '__main__':
    main()
