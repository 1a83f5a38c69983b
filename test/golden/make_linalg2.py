"""Goldens for jaxpool's qr, eigh, svd and the functions built on them (test/linalg/linalg2.test.ts),
from JAX 0.10.2 on CPU: values, and gradients of scalar functions of them. Eigen- and singular
vectors are only determined up to sign: the test compares them column by column up to sign, and
the gradients here are of losses invariant to those signs (v², u², vt²).
Run: /work/venv/bin/python test/golden/make_linalg2.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp

rng = np.random.default_rng(7)

def enc(x):
    x = np.asarray(x)
    # jaxpool has no 64-bit integers: its default int is int32 with and without x64.
    if x.dtype == np.int64:
        x = x.astype(np.int32)
    fl = lambda v: float(v) if np.isfinite(v) else str(float(v))
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [fl(v) if x.dtype.kind == 'f' else int(v) for v in x.ravel()]}

def gen(*shape):
    return rng.uniform(-2, 2, size=shape)

def sym(n, batch=()):
    a = rng.uniform(-1, 1, size=batch + (n, n))
    return a + np.swapaxes(a, -1, -2)

cases = []
def case(name, fn, args, grad=None, dtypes=('float32', 'float64')):
    for dt in dtypes:
        # float32 cases run as JAX does by default (x64 off: int32 ranks, float32 scalars).
        jax.config.update('jax_enable_x64', dt == 'float64')
        xs = [np.asarray(a).astype(dt) if np.asarray(a).dtype.kind == 'f' else np.asarray(a) for a in args]
        out = fn(*[jnp.asarray(x) for x in xs])
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        c = {'name': name, 'dtype': dt, 'args': [enc(x) for x in xs], 'outs': [enc(o) for o in outs]}
        if grad is not None:
            c['grad'] = enc(jax.grad(grad)(*[jnp.asarray(x) for x in xs]))
        cases.append(c)

L = jnp.linalg
lax = jax.lax
qr_loss = lambda mode: (lambda a: jnp.sum(jnp.sin(L.qr(a, mode)[0])) + jnp.sum(jnp.cos(L.qr(a, mode)[1])))
# qr: Q and R match JAX's exactly (LAPACK's Householder signs).
case('qr_tall', L.qr, [gen(5, 3)], grad=qr_loss('reduced'))
case('qr_square', L.qr, [gen(4, 4)], grad=qr_loss('reduced'))
case('qr_wide', L.qr, [gen(3, 5)], grad=qr_loss('reduced'))
case('qr_complete_tall', lambda a: L.qr(a, 'complete'), [gen(5, 3)], grad=qr_loss('complete'))
case('qr_complete_wide', lambda a: L.qr(a, 'complete'), [gen(2, 4)])
case('qr_r', lambda a: L.qr(a, 'r'), [gen(4, 3)], grad=lambda a: jnp.sum(L.qr(a, 'r') ** 2))
case('qr_batched', L.qr, [gen(2, 3, 4, 3)])
case('lax_qr', lax.linalg.qr, [gen(4, 3)])
case('lax_qr_reduced', lambda a: lax.linalg.qr(a, full_matrices=False), [gen(3, 3)])

# eigh: eigenvalues exactly, eigenvectors up to sign.
C4 = rng.uniform(-1, 1, (4, 4))
eig_loss = lambda a: jnp.sum(jnp.sin(L.eigh(a)[0])) + jnp.sum(L.eigh(a)[1] ** 2 * C4)
case('eigh', L.eigh, [sym(4)], grad=eig_loss)
case('eigh_batched', L.eigh, [sym(3, (2,))])
case('eigh_upper_nosym', lambda a: L.eigh(a, 'U', symmetrize_input=False), [gen(4, 4)])
case('eigh_lower_nosym', lambda a: L.eigh(a, 'L', symmetrize_input=False), [gen(4, 4)])
case('eigh_nonsym_default', L.eigh, [gen(3, 3)], grad=lambda a: jnp.sum(L.eigh(a)[0] ** 3))
case('eigvalsh', L.eigvalsh, [sym(5)], grad=lambda a: jnp.sum(L.eigvalsh(a) ** 2))
case('eigvalsh_upper', lambda a: L.eigvalsh(a, 'U'), [sym(3)])
case('eigvalsh_degenerate', L.eigvalsh, [np.diag([2., 2., -1., 2.])])
case('lax_eigh', lax.linalg.eigh, [sym(3)])
case('lax_eigh_upper', lambda a: lax.linalg.eigh(a, lower=False, symmetrize_input=False), [gen(3, 3)])

# svd: singular values exactly, vectors up to (paired) sign.
C53, C33 = rng.uniform(-1, 1, (5, 3)), rng.uniform(-1, 1, (3, 3))
case('svd_tall', lambda a: L.svd(a, full_matrices=False), [gen(5, 3)],
     grad=lambda a: jnp.sum(jnp.sin(L.svd(a, False)[1])) + jnp.sum(L.svd(a, False)[0] ** 2 * C53) + jnp.sum(L.svd(a, False)[2] ** 2 * C33))
case('svd_wide', lambda a: L.svd(a, full_matrices=False), [gen(3, 5)],
     grad=lambda a: jnp.sum(L.svd(a, False)[0] ** 2 * C33) + jnp.sum(L.svd(a, False)[2] ** 2 * C53.T) + jnp.sum(L.svd(a, False)[1] ** 2))
case('svd_square_full', L.svd, [gen(4, 4)], grad=lambda a: jnp.sum(L.svd(a)[0] ** 2 * C4) + jnp.sum(jnp.sqrt(L.svd(a)[1])))
case('svd_full_tall', L.svd, [gen(5, 2)])
case('svd_full_wide', L.svd, [gen(2, 4)])
case('svd_batched', lambda a: L.svd(a, False), [gen(2, 4, 3)])
case('svd_no_uv', lambda a: L.svd(a, compute_uv=False), [gen(4, 6)], grad=lambda a: jnp.sum(L.svd(a, compute_uv=False) ** 3))
case('svd_hermitian', lambda a: L.svd(a, hermitian=True), [sym(4)])
case('svd_hermitian_s', lambda a: L.svd(a, compute_uv=False, hermitian=True), [sym(4)])
case('svdvals', L.svdvals, [gen(3, 4)], grad=lambda a: jnp.sum(jnp.cos(L.svdvals(a))))
case('svdvals_rank_deficient', L.svdvals, [np.outer([1., 2., 3.], [1., -1., 2., 0.5])])
case('lax_svd', lax.linalg.svd, [gen(3, 3)])
case('lax_svd_s', lambda a: lax.linalg.svd(a, compute_uv=False), [gen(4, 2)])

# Built on them.
R = np.outer([1., 2., 3., 4.], [1., 0., -1.]) + np.outer([0., 1., 0., 1.], [2., 1., 1.])  # rank 2
case('lstsq_tall', L.lstsq, [gen(6, 3), gen(6)], grad=lambda a, b: jnp.sum(L.lstsq(a, b)[0] ** 2))
case('lstsq_matrix', L.lstsq, [gen(5, 3), gen(5, 2)])
case('lstsq_wide', L.lstsq, [gen(3, 5), gen(3)])
case('lstsq_rank_deficient', L.lstsq, [R, gen(4)])
case('lstsq_rcond', lambda a, b: L.lstsq(a, b, rcond=0.3), [np.diag([1., 0.5, 0.1]) @ gen(3, 3), gen(3)])
case('pinv', L.pinv, [gen(5, 3)], grad=lambda a: jnp.sum(jnp.sin(L.pinv(a))))
case('pinv_wide', L.pinv, [gen(2, 4)], grad=lambda a: jnp.sum(L.pinv(a) ** 2))
case('pinv_rank_deficient', L.pinv, [R])
case('pinv_rtol', lambda a: L.pinv(a, rtol=0.2), [np.diag([1., 0.5, 0.1]) @ gen(3, 3)])
case('pinv_hermitian', lambda a: L.pinv(a, hermitian=True), [sym(3)])
case('pinv_batched', L.pinv, [gen(2, 3, 2)])
case('matrix_rank', L.matrix_rank, [R])
case('matrix_rank_full', L.matrix_rank, [gen(3, 4)])
case('matrix_rank_batched', L.matrix_rank, [np.stack([R[:3], np.eye(3)])])
case('matrix_rank_rtol', lambda a: L.matrix_rank(a, rtol=0.2), [np.diag([1., 0.5, 0.1])])
case('matrix_rank_rtol_absolute', lambda a: L.matrix_rank(a, rtol=2.), [np.diag([10., 5., 1.])])  # JAX compares s with rtol itself
case('matrix_rank_tol', lambda a: L.matrix_rank(a, tol=0.05), [np.diag([1., 0.5, 0.1])])
case('matrix_rank_hermitian', lambda a: L.matrix_rank(a, hermitian=True), [np.diag([1., -2., 0.])])
case('matrix_rank_vector', L.matrix_rank, [np.array([0., 1., 0.])])
for p in [None, 2, -2, 1, -1, 'fro', 'nuc', 'inf', '-inf']:
    pp = {'inf': np.inf, '-inf': -np.inf}.get(p, p) if isinstance(p, str) else p
    case(f'cond_{p}', lambda a, pp=pp: L.cond(a, pp), [gen(3, 3)])
case('cond_tall', L.cond, [gen(4, 2)])
case('cond_singular_1', lambda a: L.cond(a, 1), [np.array([[1., 2.], [2., 4.]])])
case('cond_grad', L.cond, [gen(3, 3)], grad=lambda a: L.cond(a))
for n in [0, 1, 2, 3, 5, -1, -3]:
    case(f'matrix_power_{n}', lambda a, n=n: L.matrix_power(a, n), [gen(3, 3)])
case('matrix_power_batched', lambda a: L.matrix_power(a, 4), [gen(2, 2, 2) / 2])
case('matrix_power_grad', lambda a: L.matrix_power(a, -2), [gen(3, 3) + 3 * np.eye(3)], grad=lambda a: jnp.sum(L.matrix_power(a, -2)))
case('multi_dot', lambda a, b, c: L.multi_dot([a, b, c]), [gen(2, 3), gen(3, 4), gen(4, 2)])
case('multi_dot_vectors', lambda a, b, c, d: L.multi_dot([a, b, c, d]), [gen(3), gen(3, 4), gen(4, 2), gen(2)])
case('tensorsolve', L.tensorsolve, [gen(2, 3, 6), gen(2, 3)])
case('tensorsolve_axes', lambda a, b: L.tensorsolve(a, b, axes=(0,)), [gen(6, 2, 3), gen(2, 3)])
case('tensorinv', L.tensorinv, [gen(4, 6, 8, 3)])
case('tensorinv_ind1', lambda a: L.tensorinv(a, 1), [gen(6, 2, 3)])
for o in [2, -2, 'nuc']:
    case(f'norm_{o}', lambda a, o=o: L.norm(a, o), [gen(3, 4)], grad=lambda a, o=o: L.norm(a, o))
    case(f'matrix_norm_{o}', lambda a, o=o: L.matrix_norm(a, ord=o), [gen(2, 4, 3)])
case('norm_nuc_axes', lambda a: L.norm(a, 'nuc', axis=(2, 0), keepdims=True), [gen(3, 2, 4)])
case('norm_2_empty', lambda a: L.norm(a, 2), [np.zeros((0, 3))])

# polyfit: the Vandermonde least squares, as JAX.
X = np.linspace(-1, 2, 7)
Y = 0.5 * X ** 2 - X + 0.3 + rng.uniform(-0.1, 0.1, 7)
case('polyfit', lambda x, y: jnp.polyfit(x, y, 2), [X, Y], grad=lambda x, y: jnp.sum(jnp.polyfit(x, y, 2) ** 2))
case('polyfit_full', lambda x, y: jnp.polyfit(x, y, 3, full=True), [X, Y])
case('polyfit_w', lambda x, y, w: jnp.polyfit(x, y, 1, w=w), [X, Y, rng.uniform(0.5, 1.5, 7)])
case('polyfit_cov', lambda x, y: jnp.polyfit(x, y, 2, cov=True), [X, Y])
case('polyfit_cov_unscaled', lambda x, y: jnp.polyfit(x, y, 1, cov='unscaled'), [X, Y])
case('polyfit_2d', lambda x, y: jnp.polyfit(x, y, 2, cov=True), [X, np.stack([Y, 2 * Y - X], 1)])
case('polyfit_rcond', lambda x, y: jnp.polyfit(x, y, 4, rcond=1e-3, full=True), [X, Y])

json.dump({'jax': jax.__version__, 'consts': {'C4': enc(C4), 'C53': enc(C53), 'C33': enc(C33)}, 'cases': cases}, open(os.path.join(os.path.dirname(__file__), 'linalg2.json'), 'w'))
print(len(cases), 'cases')
