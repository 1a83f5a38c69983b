# Goldens for jnp.unwrap from JAX itself: python3 test/golden/make_unwrap.py > test/golden/unwrap.json
import json
import jax
jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp
import numpy as np

rng = np.random.default_rng(7)
phase = np.cumsum(rng.uniform(-2.5, 2.5, 40))
wrapped = np.angle(np.exp(1j * phase))
cases = [
    ("wrapped phase f64", wrapped.tolist(), "float64", {}),
    ("wrapped phase f32", wrapped.tolist(), "float32", {}),
    ("2-d axis 0", rng.uniform(-4, 4, (5, 3)).tolist(), "float64", {"axis": 0}),
    ("discont 1", wrapped[:12].tolist(), "float64", {"discont": 1.0}),
    ("period 360", [0, 170, 350, 10, 190, -170, 359], "float64", {"period": 360.0}),
    ("ints, int period", [0, 3, 7, 1, 9, 2, 5], "int32", {"period": 6}),
    ("ints, default period", [0, 3, 7, 1, 9, 2, 5], "int32", {}),
    ("exact half period jumps", [0.0, np.pi, 0.0, -np.pi, 0.0], "float64", {}),
    ("single", [2.5], "float64", {}),
]
out = []
for name, x, dt, kw in cases:
    r = jnp.unwrap(jnp.asarray(x, dtype=dt), **kw)
    out.append({"name": name, "x": x, "dtype": dt, "kw": kw, "want": np.asarray(r).tolist(), "wantDtype": str(r.dtype), "shape": list(r.shape)})
g = jax.grad(lambda p: jnp.sum(jnp.unwrap(p) ** 2))(jnp.asarray(wrapped[:10]))
print(json.dumps({"cases": out, "grad": {"x": wrapped[:10].tolist(), "want": np.asarray(g).tolist()}}, indent=1))
