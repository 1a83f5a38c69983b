"""Goldens for jaxpool's nonsymmetric eigensolver (test/linalg/eig.test.ts), from JAX 0.10.2 on CPU
(LAPACK geev): eigenvalues and right/left eigenvectors of real matrices (as real and imaginary
planes), gradients of an order-invariant function of the eigenvalues, jnp.roots and slogdet with
method 'qr'. Eigenvalue order and eigenvector phase are not determined by the problem: the test
compares eigenvalues as multisets and eigenvectors up to a unit complex factor.
Run: /work/venv/bin/python test/golden/make_eig.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp
from eigcommon import enc, loss, planes

rng = np.random.default_rng(11)

mats = {
    'rand1': rng.uniform(-2, 2, (1, 1)),
    'rand2': rng.uniform(-2, 2, (2, 2)),
    'rand3': rng.uniform(-2, 2, (3, 3)),
    'rand5': rng.uniform(-2, 2, (5, 5)),
    'rand8': rng.uniform(-1, 1, (8, 8)),
    'rand12': rng.normal(size=(12, 12)),
    'batch': rng.uniform(-2, 2, (2, 3, 4, 4)),
    'rotation': np.array([[0., -1.], [1., 0.]]),
    'symmetric': (lambda b: b + b.T)(rng.uniform(-1, 1, (5, 5))),
    'upper': np.triu(rng.uniform(-2, 2, (4, 4))),
    'diagonal': np.diag([3., -1., 2., 0.5]),
    'companion': np.array([[0., 0., 0., -6.], [1., 0., 0., 11.], [0., 1., 0., -6.], [0., 0., 1., 1.]]),
    'zeros': np.zeros((3, 3)),
    'scaled': rng.uniform(-1, 1, (4, 4)) * 1e3,
}
# Distinct eigenvalues (a defective or repeated spectrum leaves the vectors, and the gradient, undetermined).
grads = {'rand3', 'rand5', 'rand8', 'batch', 'companion'}

cases = []
for name, a in mats.items():
    for dt in ('float32', 'float64'):
        jax.config.update('jax_enable_x64', dt == 'float64')
        x = jnp.asarray(a.astype(dt))
        w, vl, vr = jax.lax.linalg.eig(x)
        c = {'name': name, 'dtype': dt, 'a': enc(x), 'w': planes(w), 'vr': planes(vr), 'vl': planes(vl)}
        if name in grads:
            c['grad'] = enc(jax.grad(loss)(x))
        cases.append(c)

roots = []
for name, (p, strip) in {
    'cubic': ([1., -6., 11., -6.], True),
    'complex': ([1., 0., 1.], True),
    'leading_zeros': ([0., 0., 2., -3., 1.], True),
    'leading_zeros_kept': ([0., 0., 2., -3., 1.], False),
    'trailing_zeros': ([1., 2., 0., 0.], True),
    'linear': ([2., 4.], True),
    'constant': ([5.], True),
    'quintic': (list(rng.uniform(-2, 2, 6)), True),
}.items():
    for dt in ('float32', 'float64'):
        jax.config.update('jax_enable_x64', dt == 'float64')
        x = jnp.asarray(np.array(p, dtype=dt))
        r = jnp.roots(x, strip_zeros=strip)
        roots.append({'name': name, 'dtype': dt, 'strip': strip, 'p': enc(x), 'roots': planes(r)})

slog = []
for name, a in {'rand4': rng.uniform(-2, 2, (4, 4)), 'batch': rng.uniform(-2, 2, (3, 5, 5)), 'singular': np.array([[1., 0., 2.], [3., 0., 1.], [1., 0., 1.]]), 'neg': np.diag([-1., 2., 3.])}.items():
    for dt in ('float32', 'float64'):
        jax.config.update('jax_enable_x64', dt == 'float64')
        x = jnp.asarray(a.astype(dt))
        s, l = jnp.linalg.slogdet(x, method='qr')
        g = jax.grad(lambda m: jnp.sum(jnp.linalg.slogdet(m, method='qr')[1]))(x) if name != 'singular' else None
        c = {'name': name, 'dtype': dt, 'a': enc(x), 'sign': enc(s), 'logabsdet': enc(l)}
        if g is not None:
            c['grad'] = enc(g)
        slog.append(c)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'eig.json')
with open(out, 'w') as fh:
    json.dump({'jax': jax.__version__, 'eig': cases, 'roots': roots, 'slogdet': slog}, fh)
print('wrote', out, len(cases), len(roots), len(slog))
