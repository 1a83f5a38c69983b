"""Goldens for debug.print of complex values, from JAX itself (jax 0.10 in /work/venv):

  /work/venv/bin/python test/golden/make_complex_prints.py > test/golden/complex_prints.json

"host": numpy's str and repr of complex arrays (what a ComplexNdArray prints). "cases": a format
string and arguments, with the lines jax.debug.print prints eagerly, under
jit, and (for "vmap" cases) under vmap over the first argument's leading axis. Argument specs:
{"array": [[re, im], ...] or [re, im] (non-finite parts as "NaN", "Infinity"), "dtype": "complex64"} (a strong jnp.array), {"py": [re, im]}
(a Python complex, weakly typed), {"list": [specs]}.
"""
import json

import jax
import jax.numpy as jnp
import numpy as np

from make_debug_prints import captured  # the script's folder is on sys.path


def to_complex(v):
    return [to_complex(e) for e in v] if isinstance(v[0], list) else complex(float(v[0]), float(v[1]))


def build(spec):
    if "array" in spec:
        return jnp.array(np.array(to_complex(spec["array"]), dtype=spec["dtype"]))
    if "py" in spec:
        return complex(*spec["py"])
    return [build(s) for s in spec["list"]]


def A(values, dtype="complex64"):
    return {"array": values, "dtype": dtype}


CASES = [
    {"fmt": "{}", "args": [A([[1, 2], [3, -4], [0.5, 0]])]},
    {"fmt": "z={} w={}", "args": [A([[1.5, -0.25], [-2, 1e-3]]), A([0, 0])]},
    {"fmt": "{:.3f} {:.2e} {:>14.1f} {:+g}", "args": [A([1, 2]), A([-1.5, -0.25]), A([0.125, -8]), A([3, 0])]},
    {"fmt": "{}", "args": [{"list": [A([[1, 2]]), A([0, -1])]}]},
    {"fmt": "{} {}", "args": [{"py": [1, 2]}, {"list": [{"py": [0.5, -1]}]}]},
    {"fmt": "{}", "args": [A([[[1, 1], [2, -2]], [[1e6, 1e-6], ["NaN", "Infinity"]]])]},
    {"fmt": "row {}", "args": [A([[1, 2], [3, 4], [5, -6]])], "vmap": True},
]


def run(case):
    args = [build(s) for s in case["args"]]
    out = {"eager": captured(lambda: jax.debug.print(case["fmt"], *args))}
    out["jit"] = captured(lambda: jax.jit(lambda *a: jax.debug.print(case["fmt"], *a))(*args))
    if case.get("vmap"):
        out["vmap"] = captured(lambda: jax.vmap(lambda *a: jax.debug.print(case["fmt"], *a))(*args))
    return {**case, **out}


HOST = [
    ([[1, 2], [3, -4]], [2], "complex64"),
    ([[1, 2], [0.5, -1e-3]], [2, 1], "complex128"),
    ([[1, 2]], [], "complex64"),
    ([[0.1, -1 / 3]], [], "complex128"),
]


def host(values, shape, dtype):
    a = np.array(to_complex(values), dtype=dtype).reshape(shape)
    return {"values": values, "shape": shape, "dtype": dtype, "str": str(a), "repr": repr(a)}


print(json.dumps({"jax": jax.__version__, "host": [host(*h) for h in HOST], "cases": [run(c) for c in CASES]}, indent=1))
