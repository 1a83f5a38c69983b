"""Goldens for jaxpool's lax.linalg and jnp.linalg (test/linalg/*.test.ts), from JAX 0.10.2 on CPU:
values, and gradients of scalar functions of them. Run: /work/venv/bin/python test/golden/make_linalg.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp

rng = np.random.default_rng(1)

def enc(x):
    x = np.asarray(x)
    # Non-finite floats as strings ('nan', 'inf', '-inf'): JSON has no literal for them.
    fl = lambda v: float(v) if np.isfinite(v) else str(float(v))
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [fl(v) if x.dtype.kind == 'f' else int(v) for v in x.ravel()]}

def spd(n, batch=()):
    a = rng.uniform(-1, 1, size=batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)

def gen(n, batch=()):
    return rng.uniform(-2, 2, size=batch + (n, n))

cases = []
def case(name, fn, args, grad=None, dtypes=('float32', 'float64')):
    for dt in dtypes:
        xs = [np.asarray(a).astype(dt) if np.asarray(a).dtype.kind == 'f' else np.asarray(a) for a in args]
        out = fn(*[jnp.asarray(x) for x in xs])
        outs = out if isinstance(out, (tuple, list)) else [out]
        c = {'name': name, 'dtype': dt, 'args': [enc(x) for x in xs], 'outs': [enc(o) for o in outs]}
        if grad is not None:
            c['grad'] = enc(jax.grad(grad)(jnp.asarray(xs[0]), *[jnp.asarray(x) for x in xs[1:]]))
        cases.append(c)

L = jnp.linalg
A3, S3, B32 = gen(3), spd(3), rng.uniform(-1, 1, (3, 2))
case('solve', L.solve, [gen(4), rng.uniform(-1, 1, 4)], grad=lambda a, b: jnp.sum(jnp.sin(L.solve(a, b))))
case('solve_matrix', L.solve, [A3, B32], grad=lambda a, b: jnp.sum(L.solve(a, b) ** 2))
case('solve_batched', L.solve, [gen(3, (2,)), B32])
case('inv', L.inv, [gen(4)], grad=lambda a: jnp.sum(jnp.cos(L.inv(a))))
case('inv_batched', L.inv, [gen(3, (2, 2))])
case('det', L.det, [gen(4)], grad=lambda a: L.det(a))
case('det_batched', L.det, [gen(3, (3,))])
case('det_singular', L.det, [np.array([[1., 2.], [2., 4.]])])
case('slogdet', L.slogdet, [gen(4)], grad=lambda a: L.slogdet(a)[1])
case('slogdet_singular', L.slogdet, [np.zeros((2, 2))])
case('slogdet_batched', L.slogdet, [gen(3, (2,))])
case('cholesky', L.cholesky, [spd(4)], grad=lambda a: jnp.sum(jnp.sin(L.cholesky(a))))
case('cholesky_batched', L.cholesky, [spd(3, (2,))])
case('cholesky_upper', lambda a: L.cholesky(a, upper=True), [spd(3)])
case('cholesky_not_pd', L.cholesky, [np.array([[1., 2.], [2., 1.]])])
case('lax_cholesky', jax.lax.linalg.cholesky, [spd(3)])
case('triangular_left_lower', lambda a, b: jax.lax.linalg.triangular_solve(a, b, left_side=True, lower=True), [np.tril(gen(3)) + 3 * np.eye(3), B32],
     grad=lambda a, b: jnp.sum(jnp.sin(jax.lax.linalg.triangular_solve(a, b, left_side=True, lower=True))))
case('triangular_right_upper_t', lambda a, b: jax.lax.linalg.triangular_solve(a, b, left_side=False, lower=False, transpose_a=True), [np.triu(gen(3)) + 3 * np.eye(3), rng.uniform(-1, 1, (2, 3))],
     grad=lambda a, b: jnp.sum(jax.lax.linalg.triangular_solve(a, b, left_side=False, lower=False, transpose_a=True) ** 2))
case('triangular_unit', lambda a, b: jax.lax.linalg.triangular_solve(a, b, left_side=True, lower=True, unit_diagonal=True), [gen(3), B32])
case('lu', jax.lax.linalg.lu, [gen(4)])
case('lu_rect', jax.lax.linalg.lu, [rng.uniform(-2, 2, (3, 5))])
case('lu_tall', jax.lax.linalg.lu, [rng.uniform(-2, 2, (5, 3))])
case('lu_grad', lambda a: jax.lax.linalg.lu(a)[0], [gen(3)], grad=lambda a: jnp.sum(jnp.sin(jax.lax.linalg.lu(a)[0])))
case('trace', lambda a: L.trace(a, offset=1), [rng.uniform(-1, 1, (2, 3, 4))])
case('diagonal', lambda a: L.diagonal(a, offset=-1), [rng.uniform(-1, 1, (2, 4, 3))])
X = rng.uniform(-2, 2, (3, 4))
for o in [None, 1, 2, 3, 0.5, np.inf, -np.inf, 0]:
    case(f'vector_norm_{o}', lambda a, o=o: L.vector_norm(a, ord=2 if o is None else o, axis=1), [X])
for o in ['fro', 1, -1, np.inf, -np.inf]:
    case(f'matrix_norm_{o}', lambda a, o=o: L.matrix_norm(a, ord=o), [rng.uniform(-2, 2, (2, 3, 4))])
case('norm_default', L.norm, [rng.uniform(-2, 2, (2, 3, 4))], grad=lambda a: L.norm(a))
case('norm_axis', lambda a: L.norm(a, 1, axis=0, keepdims=True), [X])
case('norm_matrix_inf', lambda a: L.norm(a, np.inf), [X])

json.dump({'jax': jax.__version__, 'cases': cases}, open(os.path.join(os.path.dirname(__file__), 'linalg.json'), 'w'))
print(len(cases), 'cases')
