# The public names of JAX's namespaces (jax 0.10.2), for jaxpool's API-coverage table (npm run coverage).
# Regenerate: python docs/coverage/jax_names.py > docs/coverage/jax_names.json (with jax 0.10.2 installed).
import json, types, jax, jax.numpy as jnp, jax.lax as lax, jax.nn as nn, jax.random as random
import jax.scipy.special as sp, jax.scipy.stats.norm as norm, jax.numpy.linalg as la, jax.numpy.fft as fft, jax.lax.linalg as laxla
def names(mod):
    out = []
    for n in sorted(dir(mod)):
        if n.startswith('_'): continue
        v = getattr(mod, n)
        if isinstance(v, types.ModuleType): continue
        out.append(n)
    return out
spaces = {'numpy': jnp, 'lax': lax, 'nn': nn, 'random': random, 'scipy.special': sp, 'scipy.stats.norm': norm,
          'numpy.linalg': la, 'numpy.fft': fft, 'lax.linalg': laxla}
print(json.dumps({k: names(m) for k, m in spaces.items()}, indent=1))
