# Goldens for nextafter on float16 from JAX itself:
# python3 test/golden/make_nextafter16.py > test/golden/nextafter16.json
import json
import jax.numpy as jnp
import numpy as np

vals = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, -0.5, 65504.0, -65504.0, 6.1e-5, 6.0e-8, -6.0e-8, 1e-7, 3.14, -2.5, float("inf"), float("-inf"), float("nan")]
x = np.array([a for a in vals for _ in vals], dtype=np.float16)
y = np.array([b for _ in vals for b in vals], dtype=np.float16)
r = np.asarray(jnp.nextafter(jnp.asarray(x), jnp.asarray(y)))
enc = lambda a: [None if np.isnan(v) else ("inf" if v == np.inf else "-inf" if v == -np.inf else float(v)) for v in a.astype(np.float64)]
bits = lambda a: a.view(np.uint16).tolist()
print(json.dumps({"x": enc(x), "y": enc(y), "wantBits": bits(r)}))
