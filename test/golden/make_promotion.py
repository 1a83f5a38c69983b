"""JAX's type promotion for every pair of jaxpool's dtypes, strong and weak (JS numbers): bool,
int8/16/32, uint8/16/32, float16/32(/64).

Writes promotion.json: for x64 off and on, the dtype, weak_type and values of jnp ops over
every ordered pair of operands, and jnp.promote_types / jnp.result_type.
Run: /work/venv/bin/python test/golden/make_promotion.py   (jax 0.10.2)
"""
import json
import math
import os
import subprocess
import sys

KINDS_32 = ['bool', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32', 'float16', 'float32', 'weak_int', 'weak_float']
KINDS_64 = KINDS_32 + ['float64']
# Values chosen so results show wrapping (uint8 200 + 100, int8 100 * 100) and rounding (float16 0.1).
VALUES = {'bool': True, 'int8': 100, 'int16': -30000, 'uint8': 200, 'uint16': 60000, 'uint32': 4000000000, 'int32': -3, 'float16': 0.1,
          'float32': 1.5, 'float64': 1 / 3, 'weak_int': 100, 'weak_float': 2.5}
OPS = ['add', 'multiply', 'maximum', 'divide', 'where']


def finite(v):
    # JSON has no inf/nan: written as the strings JS's Number() reads back.
    return v if math.isfinite(v) else ('NaN' if math.isnan(v) else ('Infinity' if v > 0 else '-Infinity'))


def table():
    import jax
    import jax.numpy as jnp

    x64 = jax.config.jax_enable_x64
    kinds = KINDS_64 if x64 else KINDS_32

    def operand(k):
        v = VALUES[k]
        if k.startswith('weak'):
            return v  # a Python scalar: weakly typed
        return jnp.array([v, v], dtype=k)

    def apply(op, a, b):
        if op == 'where':
            return jnp.where(True, a, b)
        return getattr(jnp, op)(a, b)

    def describe(r):
        flat = r.ravel().tolist()
        return {'dtype': str(r.dtype), 'weak': bool(r.weak_type), 'shape': list(r.shape), 'values': [v if isinstance(v, bool) else finite(float(v)) for v in flat]}

    out = {'kinds': kinds, 'ops': {}, 'promote_types': {}, 'result_type': {}}
    for op in OPS:
        rows = {}
        for a in kinds:
            for b in kinds:
                try:
                    rows[f'{a},{b}'] = describe(apply(op, operand(a), operand(b)))
                except Exception as e:  # recorded: jaxpool must raise too
                    rows[f'{a},{b}'] = {'error': type(e).__name__}
        out['ops'][op] = rows
    strong = [k for k in kinds if not k.startswith('weak')]
    for a in strong:
        for b in strong:
            out['promote_types'][f'{a},{b}'] = str(jnp.promote_types(a, b))
    for a in kinds:
        for b in kinds:
            r = jnp.result_type(operand(a), operand(b))
            out['result_type'][f'{a},{b}'] = str(r)
    return out


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--table':
        print(json.dumps(table()))
        sys.exit(0)
    result = {'jax': None}
    for name, flag in (('x32', '0'), ('x64', '1')):
        env = dict(os.environ, JAX_ENABLE_X64=flag, JAX_PLATFORMS='cpu')
        text = subprocess.run([sys.executable, __file__, '--table'], env=env, check=True, capture_output=True, text=True).stdout
        result[name] = json.loads(text)
    import jax
    result['jax'] = jax.__version__
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'promotion.json')
    with open(path, 'w') as f:
        json.dump(result, f, indent=1, sort_keys=True)
    print('wrote', path)
