"""Goldens for jaxpool's complex nonsymmetric eigensolver (test/linalg/eigComplex.test.ts), from
JAX 0.10 on CPU (LAPACK zgeev/cgeev): eigenvalues and right/left eigenvectors of complex matrices
(every complex array as its real and imaginary planes), JAX's eigh eigenvalues for the Hermitian
cases, gradients of an order-invariant function of the eigenvalues, and jnp.roots with complex
coefficients. The test compares eigenvalues as multisets and eigenvectors up to a unit complex
factor where the spectrum is well separated.
Run: /work/venv/bin/python test/golden/make_eig_complex.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp
from eigcommon import enc, loss, planes

rng = np.random.default_rng(17)

def crand(shape, lo=-1, hi=1):
    return rng.uniform(lo, hi, shape) + 1j * rng.uniform(lo, hi, shape)

herm = (lambda b: b + np.conj(np.swapaxes(b, -1, -2)))
mats = {
    'rand1': crand((1, 1)),
    'rand2': crand((2, 2)),
    'rand3': crand((3, 3)),
    'rand5': crand((5, 5), -2, 2),
    'rand8': crand((8, 8)),
    'rand12': rng.normal(size=(12, 12)) + 1j * rng.normal(size=(12, 12)),
    'batch': crand((2, 3, 4, 4)),
    'hermitian': herm(crand((5, 5))),
    'hermitian_batch': herm(crand((3, 4, 4))),
    'upper': np.triu(crand((4, 4), -2, 2)),
    'lower': np.tril(crand((4, 4), -2, 2)),
    'diagonal': np.diag([3. + 1j, -1j, 2., 0.5 - 0.5j]),
    'real_valued': rng.uniform(-2, 2, (4, 4)) + 0j,
    'unitary': np.linalg.qr(crand((4, 4)))[0],
    'jordan': np.array([[2 + 1j, 1, 0], [0, 2 + 1j, 1], [0, 0, 2 + 1j]]),
    'companion': np.array([[0, 0, -2j], [1, 0, 1 + 1j], [0, 1, 3 - 1j]]),
    'zeros': np.zeros((3, 3)) + 0j,
    'scaled': crand((4, 4)) * 1e3,
    'tiny': crand((4, 4)) * 1e-30,
    # Balancing (zgebal): a diagonal similarity spanning twelve orders of magnitude, and rows and
    # columns isolating eigenvalues (permuted to the ends, which sets LAPACK's order).
    'badly_scaled': (lambda d: d[:, None] * crand((5, 5)) / d[None, :])(10.0 ** np.array([6, 0, -6, 3, -2])),
    'isolated': (lambda m: (m.__setitem__((2, [0, 1, 3, 4, 5]), 0), m.__setitem__(([0, 1, 2, 3, 5], 4), 0), m)[-1])(crand((6, 6))),
}
wide = {'tiny64': crand((4, 4)) * 1e-300, 'huge64': crand((4, 4)) * 1e300}
scaling_bug = {'tiny', 'tiny64', 'huge64'}
# Distinct eigenvalues (a defective or repeated spectrum leaves the vectors, and the gradient, undetermined).
grads = {'rand3', 'rand5', 'rand8', 'batch', 'companion'}

cases = []
for dt in ('complex64', 'complex128'):
    jax.config.update('jax_enable_x64', dt == 'complex128')
    for name, a in {**mats, **(wide if dt == 'complex128' else {})}.items():
        x = jnp.asarray(a.astype(dt))
        w, vl, vr = jax.lax.linalg.eig(x)
        c = {'name': name, 'dtype': dt, 'a': planes(x), 'w': planes(w), 'vr': planes(vr), 'vl': planes(vl)}
        if name in scaling_bug:
            # JAX 0.10.2's CPU eig (as scipy's, on the same LAPACK) returns these eigenvalues
            # unscaled: those of its internally rescaled matrix (entries near geev's SMLNUM or
            # BIGNUM), far outside |λ| ≤ ‖A‖. NumPy's eigvals gives the true ones: the test's reference.
            c['w_ref'] = planes(np.linalg.eigvals(np.asarray(x).astype(np.complex128)))
        if name.startswith('hermitian'):
            c['eigh'] = enc(jnp.linalg.eigvalsh(x))
        if name in grads:
            c['grad'] = planes(jax.grad(loss)(x))
        cases.append(c)

roots = []
for name, (p, strip) in {
    'quadratic': ([1, -3 + 1j, 2 - 1j], True),
    'imaginary': ([1j, 0, 1], True),
    'leading_zeros': ([0, 0, 1 + 1j, -2, 1j], True),
    'leading_zeros_kept': ([0, 0, 1 + 1j, -2, 1j], False),
    'cubic': (list(crand(4)), True),
}.items():
    for dt in ('complex64', 'complex128'):
        jax.config.update('jax_enable_x64', dt == 'complex128')
        x = jnp.asarray(np.array(p, dtype=dt))
        roots.append({'name': name, 'dtype': dt, 'strip': strip, 'p': planes(x), 'roots': planes(jnp.roots(x, strip_zeros=strip))})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'eig_complex.json')
with open(out, 'w') as fh:
    json.dump({'jax': jax.__version__, 'eig': cases, 'roots': roots}, fh)
print('wrote', out, len(cases), len(roots))
