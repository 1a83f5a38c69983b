"""Goldens for debug.print / debug.callback from JAX itself (jax 0.10.2 in /work/venv):

  /work/venv/bin/python test/golden/make_debug_prints.py > test/golden/debug_prints.json

Sections (each mirrored case by case in test/callbacks/*.test.ts):
  format        -- what jax.debug.print prints for pytree arguments, eagerly and under jit.
  batchedWhile  -- debug.print in a vmapped while_loop's cond/body: lines in JAX's order.
  customRules   -- debug.print inside custom_jvp / custom_vjp functions and their rules.
Argument specs: {"array": values, "dtype": d} (a strong jnp.array), {"py": v} (a Python scalar,
weakly typed), {"str": s}, {"none": true}, {"list": [specs]}, {"dict": {key: spec}}.
"""
import contextlib
import io
import json
import sys

import jax
import jax.numpy as jnp
from jax import lax

DTYPES = {"float32": jnp.float32, "int32": jnp.int32, "uint8": jnp.uint8, "bool": jnp.bool_}


def build(spec):
    if "array" in spec:
        return jnp.array(spec["array"], dtype=DTYPES[spec["dtype"]])
    if "py" in spec:
        return spec["py"]
    if "str" in spec:
        return spec["str"]
    if "none" in spec:
        return None
    if "list" in spec:
        return [build(s) for s in spec["list"]]
    return {k: build(s) for k, s in spec["dict"].items()}


def captured(fn):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
        jax.effects_barrier()
    return out.getvalue().splitlines()


def is_dynamic(x):
    return not isinstance(x, (str, type(None)))


def run_format(case, mode):
    args = build({"list": case["args"]})
    kwargs = build({"dict": case["kwargs"]})
    if mode == "eager":
        return captured(lambda: jax.debug.print(case["fmt"], *args, **kwargs))
    # Under jit every array and Python scalar leaf is an argument; strings and None stay static.
    leaves, tree = jax.tree_util.tree_flatten((args, kwargs), is_leaf=lambda x: x is None)
    dyn = [l for l in leaves if is_dynamic(l)]

    def f(*d):
        it = iter(d)
        a, k = jax.tree_util.tree_unflatten(tree, [next(it) if is_dynamic(l) else l for l in leaves])
        jax.debug.print(case["fmt"], *a, **k)

    return captured(lambda: jax.jit(f)(*dyn))


def A(values, dtype):
    return {"array": values, "dtype": dtype}


FORMAT_CASES = [
    {"fmt": "{}", "args": [{"list": [A([1, 2, 3], "int32"), {"py": 1.5}]}], "kwargs": {}},
    {"fmt": "{} {}", "args": [{"dict": {"b": A(2.5, "float32"), "a": {"list": [{"py": 2}, {"str": "tag"}]}}}, {"none": True}], "kwargs": {}},
    {"fmt": "{x}", "args": [], "kwargs": {"x": {"list": [A(True, "bool"), A([1, 255], "uint8")]}}},
    {"fmt": "{p[0]} and {p[1]}", "args": [], "kwargs": {"p": {"list": [A([[1, 2], [3, 4]], "float32"), {"py": 7}]}}},
    {"fmt": "{} {}", "args": [{"list": []}, {"dict": {}}], "kwargs": {}},
    {"fmt": "{:.2f} {}", "args": [A(0.125, "float32"), {"list": [A(0.1, "float32")]}], "kwargs": {}},
    {"fmt": "{}", "args": [{"list": [A([[0, 1, 2], [3, 4, 5]], "float32"), A([True, False], "bool")]}], "kwargs": {}},
    {"fmt": "{}", "args": [{"list": [{"dict": {"k": A(5, "int32"), "j": {"list": [{"py": -3}, {"py": 0.25}]}}}]}], "kwargs": {}},
    {"fmt": "{} {s}", "args": [{"py": 2}], "kwargs": {"s": {"py": 0.5}}},
    {"fmt": "hello", "args": [], "kwargs": {}},
    {"fmt": "{}", "args": [{"list": [A(list(range(8)), "float32"), A([1e-5, 1e5], "float32"), A([], "int32")]}], "kwargs": {}},
]


def batched_while(ordered, where, xs):
    """vmap(f)(xs) where f runs i, v = 0, 1.0 until i < x fails; prints in cond and/or body."""

    def f(x):
        def cond(c):
            i, v = c
            if "cond" in where:
                jax.debug.print("cond i={} v={}", i, v, ordered=ordered)
            return i < x

        def body(c):
            i, v = c
            if "body" in where:
                jax.debug.print("body i={} v={}", i, v, ordered=ordered)
            return i + 1, v * 2.0

        return lax.while_loop(cond, body, (0, 1.0))

    result = {}

    def go():
        result["out"] = jax.vmap(f)(jnp.array(xs))

    lines = captured(go)
    i, v = result["out"]
    return {"lines": lines, "i": [int(a) for a in i], "v": [float(a) for a in v]}


BATCHED_WHILE = []
for ordered in [False, True]:
    for where in [["cond"], ["body"], ["cond", "body"]]:
        for xs in [[1, 3], [2, 2]]:
            case = {"ordered": ordered, "where": where, "xs": xs}
            case.update(batched_while(ordered, where, xs))
            BATCHED_WHILE.append(case)


def custom_rules():
    """debug.print inside custom_jvp/custom_vjp functions and rules, under each transformation."""

    @jax.custom_jvp
    def f(x):
        jax.debug.print("f primal x={}", x)
        return jnp.sin(x)

    @f.defjvp
    def f_jvp(primals, tangents):
        (x,), (t,) = primals, tangents
        jax.debug.print("f rule x={} t={}", x, t)
        return jnp.sin(x), jnp.cos(x) * t

    @jax.custom_vjp
    def g(x):
        jax.debug.print("g primal x={}", x)
        return x * x

    def g_fwd(x):
        jax.debug.print("g fwd x={}", x)
        return x * x, x

    def g_bwd(x, ct):
        jax.debug.print("g bwd x={} ct={}", x, ct)
        return (2 * x * ct,)

    g.defvjp(g_fwd, g_bwd)
    x = jnp.float32(0.5)
    t = jnp.float32(2.0)
    runs = {
        "f": lambda: f(x),
        "jit(f)": lambda: jax.jit(f)(x),
        "jvp(f)": lambda: jax.jvp(f, (x,), (t,)),
        "jit(jvp(f))": lambda: jax.jit(lambda a, b: jax.jvp(f, (a,), (b,)))(x, t),
        "grad(f)": lambda: jax.grad(f)(x),
        "jit(grad(f))": lambda: jax.jit(jax.grad(f))(x),
        "vmap(f)": lambda: jax.vmap(f)(jnp.array([0.5, 1.5], dtype=jnp.float32)),
        "g": lambda: g(x),
        "jit(g)": lambda: jax.jit(g)(x),
        "vjp(g)": lambda: jax.vjp(g, x)[1](t),
        "jit(vjp(g))": lambda: jax.jit(lambda a, b: jax.vjp(g, a)[1](b))(x, t),
        "grad(g)": lambda: jax.grad(g)(x),
        "jit(grad(g))": lambda: jax.jit(jax.grad(g))(x),
        "jit(grad(f+g))": lambda: jax.jit(jax.grad(lambda a: f(a) + g(a)))(x),
    }
    return [{"run": name, "lines": captured(fn)} for name, fn in runs.items()]


def main():
    fmt = []
    for case in FORMAT_CASES:
        for mode in ["eager", "jit"]:
            fmt.append(dict(case, mode=mode, lines=run_format(case, mode)))
    json.dump(
        {
            "source": f"jax {jax.__version__} (make_debug_prints.py)",
            "format": fmt,
            "batchedWhile": BATCHED_WHILE,
            "customRules": custom_rules(),
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
