"""The attributes of JAX's Array: its public methods and properties, and its operator dunders.

Writes array_methods.json, which test/numpy/declarations.test.ts reads to check that every jnp
declaration with an Array method names one JAX's Array has (jaxpool spells the operators as
methods: `x.mul(y)` for `x * y`), and that every JAX method with a declared jnp function has one.
Run: /work/venv/bin/python test/golden/make_array_methods.py   (jax 0.10.2)
"""
import json
import os

import jax

names = sorted(dir(jax.Array))
out = {
    'jax': jax.__version__,
    'public': [n for n in names if not n.startswith('_')],
    'operators': [n for n in names if n.startswith('__') and n.endswith('__')],
}
with open(os.path.join(os.path.dirname(__file__), 'array_methods.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
