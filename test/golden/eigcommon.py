"""Shared by make_eig.py and make_eig_complex.py: arrays as {shape, dtype, data} (NaN and
infinities as strings), complex arrays as their real and imaginary planes, and the
order-invariant function of the eigenvalues whose gradient both record."""
import numpy as np
import jax.numpy as jnp


def enc(x):
    x = np.asarray(x)
    fl = lambda v: float(v) if np.isfinite(v) else str(float(v))
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [fl(v) for v in x.ravel()]}


def planes(x):
    return [enc(np.real(x)), enc(np.imag(x))]


def loss(a):
    w = jnp.linalg.eigvals(a)
    return jnp.sum(jnp.real(w) * jnp.cos(jnp.imag(w)) + jnp.abs(w))
