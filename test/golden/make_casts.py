"""Goldens for float->int casts (convert_element_type): what JAX on CPU gives for out-of-range
values, NaN and infinities. Run: /work/venv/bin/python test/golden/make_casts.py"""
import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)

F32 = [0.0, -0.0, 0.4, -0.4, 0.5, -0.5, 0.9999, -0.9999, 1.5, -1.5, 2.5, -2.5, 7.99, 127.5, 128.0, 254.9,
       255.0, 255.5, 256.0, 300.0, -1.0, -5.7, -255.0, -256.0, 1e9, -1e9, 2147483520.0, 2147483647.0,
       2147483648.0, -2147483648.0, -2147483904.0, 3e9, -3e9, 1e30, -1e30, 3.4028234e38, -3.4028234e38,
       1e-40, -1e-40, float("inf"), float("-inf"), float("nan")]
F64 = F32 + [2147483646.5, 2147483647.0, 2147483647.5, 2147483647.9999998, 2147483648.0, -2147483648.5,
             -2147483648.9999998, -2147483649.0, 255.99999999999997, 5e-324, 1e300, -1e300]
I32 = [0, 1, -1, 127, 128, 255, 256, 257, -128, -255, -256, 300, 65535, 2147483647, -2147483648, 123456789, -123456789]


def enc(v):
    """JSON has no NaN or infinities, and loses -0: strings for those."""
    v = float(v)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")) or (v == 0 and np.signbit(v)):
        return repr(v)
    return v


cases = []
for src, vals in (("float32", F32), ("float64", F64), ("int32", I32)):
    x = jnp.array(vals, dtype=src)
    for dst in ("int32", "uint8", "bool"):
        if src == dst:
            continue
        out = jax.jit(lambda a: a.astype(dst))(x)
        cases.append({"from": src, "to": dst, "x": [enc(v) for v in np.asarray(x)], "y": [int(v) for v in np.asarray(out)]})

out = {"source": f"jax {jax.__version__} on CPU: jit(lambda a: a.astype(to))(x)", "cases": cases}
pathlib.Path(__file__).with_name("casts.json").write_text(json.dumps(out) + "\n")
