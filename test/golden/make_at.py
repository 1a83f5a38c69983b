"""JAX's x.at[idx].<op>(values, mode=...) for many index expressions (jax 0.10.2).

Writes at.json. Index entries are encoded as in make_indexing.py: an int; null (None); "...";
{"slice": [start, stop, step]}; {"array": nested, "dtype": d}. Indices may be out of bounds
(each mode's handling is what is checked), and may repeat (add/multiply/min/max accumulate;
set's winner is unspecified in JAX, so set cases use distinct indices).
Run: /work/venv/bin/python test/golden/make_at.py
"""
import json
import os
import random
import warnings

import jax
import jax.numpy as jnp
import numpy as np

warnings.simplefilter('ignore')
SHAPE = (3, 4, 5)


def decode(e):
    if e is None or isinstance(e, int) or isinstance(e, bool):
        return e
    if e == '...':
        return Ellipsis
    if 'slice' in e:
        return slice(*e['slice'])
    if 'array' in e:
        return jnp.array(e['array'], dtype=e['dtype'])
    raise ValueError(e)


def enc(v):
    return [x if not (isinstance(x, float) and x != x) else 'nan' for x in np.asarray(v).ravel().tolist()]


def random_index(rng, unique):
    entries = []
    d = 0
    used_ellipsis = False
    n_arrays = 0
    while d < len(SHAPE) and len(entries) < 4:
        r = rng.random()
        n = SHAPE[d]
        if r < 0.2:
            entries.append(rng.randrange(-n - 2, n + 2)); d += 1
        elif r < 0.5:
            parts = [rng.choice([None, rng.randrange(-n - 1, n + 2)]) for _ in range(2)]
            entries.append({'slice': parts + [rng.choice([None, 1, 2, -1, -2])]}); d += 1
        elif r < 0.58:
            entries.append(None)
        elif r < 0.63 and not used_ellipsis:
            entries.append('...'); used_ellipsis = True; d = len(SHAPE)
        elif not (unique and n_arrays):
            shape = rng.choice([[2], [3], [1], [2, 2], []])
            k = int(np.prod(shape))
            if unique:
                vals = rng.sample(range(n), min(k, n)) if k <= n else None
                if vals is None:
                    continue
            else:
                vals = [rng.randrange(-n - 2, n + 2) for _ in range(k)]
            entries.append({'array': np.array(vals).reshape(shape).tolist(), 'dtype': 'int32'}); d += 1; n_arrays += 1
    return entries


def main():
    rng = random.Random(16)
    x = jnp.arange(np.prod(SHAPE), dtype=jnp.float32).reshape(SHAPE) - 20
    xi = jnp.arange(np.prod(SHAPE), dtype=jnp.int32).reshape(SHAPE) - 20
    cases = []
    fixed = [
        [0], [-1], [7], [-9], [1, 2, 3], [{'slice': [1, None]}], [{'slice': [None, None, -1]}, 1],
        [None, 0], ['...', 2], [{'array': [0, 2], 'dtype': 'int32'}], [{'array': [0, 0, 2, 2, 2], 'dtype': 'int32'}],
        [{'array': [5, -1, -5, 1], 'dtype': 'int32'}], [{'slice': [None]}, {'array': [3, 0], 'dtype': 'int32'}, 1],
        [{'array': [0, 1], 'dtype': 'int32'}, {'slice': [None]}, {'array': [4, 4], 'dtype': 'int32'}],
        [{'array': [[0], [2]], 'dtype': 'int32'}, {'array': [1, 3, 3], 'dtype': 'int32'}],
        [{'array': [True, False, True], 'dtype': 'bool'}], [{'slice': [None]}, {'array': [True, False, True, True], 'dtype': 'bool'}],
        [{'array': [], 'dtype': 'int32'}], [{'slice': [2, 1]}],
    ]
    idxs = [(i, False) for i in fixed] + [(random_index(rng, False), False) for _ in range(12)] + [(random_index(rng, True), True) for _ in range(8)]
    for idx, unique in idxs:
        t = tuple(decode(e) for e in idx)
        for op in ['get', 'set', 'add', 'subtract', 'multiply', 'divide', 'power', 'min', 'max']:
            if op == 'set' and not unique and any(isinstance(e, dict) and 'array' in e and e['dtype'] == 'int32' for e in idx):
                continue
            for mode in ([None, 'clip', 'drop', 'fill', 'promise_in_bounds'] if op == 'get' else [None, 'clip'] if op in ('add', 'set', 'min') else [None]):
                if mode in ('promise_in_bounds', 'fill') and op != 'get':
                    continue
                for name, arr in (('float32', x), ('int32', xi)):
                    if (op in ('divide', 'power') or mode in ('drop', 'clip') and op in ('subtract', 'max')) and name == 'int32':
                        continue
                    case = {'index': idx, 'op': op, 'mode': mode, 'dtype': name}
                    try:
                        ref = arr.at[t]
                        if op == 'get':
                            r = ref.get(mode=mode)
                        else:
                            shape = arr[t].shape
                            vals = (np.arange(int(np.prod(shape))) % 7 - 3 + (0.5 if name == 'float32' else 0)).reshape(shape)
                            if op == 'power':
                                vals = np.abs(vals) % 3
                            case['values'] = vals.ravel().tolist()
                            case['valuesShape'] = list(shape)
                            r = getattr(ref, op)(jnp.array(vals, dtype=arr.dtype), mode=mode)
                        case['shape'] = list(r.shape)
                        case['outDtype'] = str(r.dtype)
                        case['result'] = enc(r)
                    except Exception as e:
                        case['error'] = type(e).__name__
                    cases.append(case)
    out = {'jax': jax.__version__, 'shape': list(SHAPE), 'cases': cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'at.json')
    with open(path, 'w') as f:
        json.dump(out, f)
    print('wrote', path, len(cases), 'cases', sum('error' in c for c in cases), 'errors')


if __name__ == '__main__':
    main()
