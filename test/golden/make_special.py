"""JAX's results for jaxpool's jax.nn, jax.scipy.special and jax.scipy.stats.norm functions.

Writes special.json: a list of cases {ns, fn, args, kwargs, x64, out} (or {..., error} where JAX
raises), read by test/nn/nn.golden.test.ts and test/scipy/special.golden.test.ts, and gradient
cases {ns: 'grad', of: ns, fn, args, kwargs, argnum, x64, out}: JAX's gradient of sum(fn(...))
with respect to argument `argnum`. Arrays are {"a": flat values, "shape", "dtype"}; plain JSON
numbers are Python scalars (weak types, as JS numbers in jaxpool: only non-integer floats, since JS
cannot tell 2.0 from 2). NaN and infinities are the strings "nan", "inf", "-inf". Outputs record
shape, dtype, weak_type and values (float64 values with 17 significant digits); a tuple is a list.
`x64` cases run with jax_enable_x64 on (float64 inputs), the others with it off.
Run: /work/venv/bin/python test/golden/make_special.py   (jax 0.10.2)
"""
import json
import math
import os

import jax
import jax.numpy as jnp
import jax.nn as nn
import jax.scipy.special as sp
import jax.scipy.stats.norm as norm
import numpy as np

from goldencases import arr, dec, enc, inf, nan, out  # noqa: F401
NS = {'nn': nn, 'scipy.special': sp, 'scipy.stats.norm': norm, 'lax': jax.lax}


cases = []


def kwdec(kwargs):
    # Several axes are a tuple in Python (a list is not hashable as jit's static argument); JSON has lists.
    return {k: tuple(v) if k == 'axis' and isinstance(v, list) else dec(v) for k, v in kwargs.items()}


def case(ns, fn, *args, x64=False, **kwargs):
    jax.config.update('jax_enable_x64', x64)
    py = getattr(NS[ns], fn)
    c = {'ns': ns, 'fn': fn, 'args': list(args), 'kwargs': kwargs, 'x64': x64}
    try:
        c['out'] = out(py(*[dec(a) for a in args], **kwdec(kwargs)))
    except Exception as e:  # JAX raises: jaxpool must raise too
        c['error'] = type(e).__name__
    cases.append(c)
    jax.config.update('jax_enable_x64', False)


def grad_case(ns, fn, *args, argnum=0, x64=False, **kwargs):
    jax.config.update('jax_enable_x64', x64)
    py = getattr(NS[ns], fn)
    xs = [dec(a) for a in args]
    kw = kwdec(kwargs)

    def f(v):
        ys = list(xs)
        ys[argnum] = v
        return jnp.sum(py(*ys, **kw))
    g = jax.grad(f)(xs[argnum])
    cases.append({'ns': 'grad', 'of': ns, 'fn': fn, 'args': list(args), 'kwargs': kwargs, 'argnum': argnum, 'x64': x64, 'out': out(g)})
    jax.config.update('jax_enable_x64', False)


X = [-30.0, -10.0, -5.0, -2.5, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, nan, inf, -inf]
XS = [-4.0, -1.5, -0.25, 0.0, 0.25, 1.5, 4.0]  # smooth points for gradients
F32, F64 = arr(X), arr(X, 'float64')
I = arr([-2, 0, 1, 3], 'int32')
B = arr([True, False], 'bool')
Z0 = arr(0.75, 'float32', ())
E = arr([], 'float32', (2, 0))
M = arr([[0.5, -1.0, 2.0, 3.0], [-4.0, 0.0, 1.0, 1.0], [nan, 1.0, 2.0, 3.0]])
M64 = arr([[0.5, -1.0, 2.0, 3.0], [-4.0, 0.0, 1.0, 1.0], [nan, 1.0, 2.0, 3.0]], 'float64')
MASK = arr([[True, False, True, True], [False, False, False, False], [True, True, False, True]], 'bool')

# --- jax.nn activations ---
UNARY_NN = ['relu', 'relu6', 'sigmoid', 'silu', 'swish', 'softplus', 'log_sigmoid', 'soft_sign', 'mish', 'tanh', 'sparse_plus', 'sparse_sigmoid', 'hard_tanh',
            'hard_sigmoid', 'hard_silu', 'hard_swish', 'selu', 'elu', 'celu', 'leaky_relu', 'gelu', 'squareplus', 'identity', 'log1mexp']
for fn in UNARY_NN:
    for x in [F32, I, Z0, E, B]:
        case('nn', fn, x)
    case('nn', fn, F64, x64=True)
    case('nn', fn, 0.5)
    case('nn', fn, 3)
    grad_case('nn', fn, arr(XS))
    grad_case('nn', fn, arr(XS, 'float64'), x64=True)
for fn in ['relu', 'relu6', 'hard_tanh', 'hard_sigmoid', 'leaky_relu', 'elu', 'celu', 'sparse_plus']:
    grad_case('nn', fn, arr([-3.0, -1.0, 0.0, 1.0, 3.0, 6.0]))  # kinks: JAX's custom derivatives
case('nn', 'gelu', F32, approximate=False)
case('nn', 'gelu', F64, approximate=False, x64=True)
case('nn', 'gelu', I, approximate=False)
grad_case('nn', 'gelu', arr(XS), approximate=False)
case('nn', 'elu', F32, alpha=0.5)
case('nn', 'celu', F32, alpha=2.5)
case('nn', 'leaky_relu', F32, negative_slope=0.2)
case('nn', 'squareplus', F32, b=0.5)

# --- jax.nn along axes ---
for fn in ['softmax', 'log_softmax']:
    for x in [M, I, Z0, E]:
        case('nn', fn, x)
    case('nn', fn, M, axis=0)
    case('nn', fn, M, axis=[0, 1])
    case('nn', fn, M, where=MASK)
    case('nn', fn, M, axis=0, where=MASK)
    case('nn', fn, M64, x64=True)
    case('nn', fn, arr([[1000.0, 1001.0, -inf], [-inf, -inf, 2.0]]))
    case('nn', fn, M, axis=2)
    grad_case('nn', fn, arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]))
    grad_case('nn', fn, arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]], 'float64'), x64=True, axis=0)
    grad_case('nn', fn, arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]), where=arr([[True, False, True], [True, True, True]], 'bool'))
for kw in [{}, {'axis': 1}, {'axis': 0, 'keepdims': True}, {'axis': [0, 1]}]:
    case('nn', 'logsumexp', M, **kw)
    case('scipy.special', 'logsumexp', M, **kw)
case('scipy.special', 'logsumexp', M, axis=1, where=MASK)
case('scipy.special', 'logsumexp', M, axis=1, b=arr([1.0, -2.0, 0.5, 0.0]))
case('scipy.special', 'logsumexp', M, axis=1, b=arr([1.0, -2.0, 0.5, 0.0]), return_sign=True)
case('scipy.special', 'logsumexp', arr([-inf, -inf]))
case('scipy.special', 'logsumexp', arr([inf, 1.0]))
case('scipy.special', 'logsumexp', I)
case('scipy.special', 'logsumexp', E, axis=1)
case('scipy.special', 'logsumexp', M64, axis=0, x64=True)
grad_case('scipy.special', 'logsumexp', arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]), axis=1)
grad_case('scipy.special', 'logsumexp', arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]), axis=1, b=arr([1.0, 2.0, 0.5]))
case('nn', 'logmeanexp', M)
case('nn', 'logmeanexp', M, axis=1)
case('nn', 'logmeanexp', M, axis=1, where=MASK)
case('nn', 'logmeanexp', M, axis=0, keepdims=True)
for kw in [{}, {'axis': 0}, {'epsilon': 0.1}, {'where': MASK}, {'mean': arr([[1.0], [0.0], [2.0]])}, {'variance': arr([[1.0], [4.0], [2.0]])}]:
    case('nn', 'standardize', M, **kw)
case('nn', 'standardize', M64, x64=True)
case('nn', 'standardize', I)
grad_case('nn', 'standardize', arr([[0.5, -1.0, 2.0], [3.0, 0.0, 1.0]]))
case('nn', 'one_hot', arr([0, 2, 1, 5, -1], 'int32'), 3)
case('nn', 'one_hot', arr([[0, 2], [1, 1]], 'int32'), 3, axis=0)
case('nn', 'one_hot', arr([0, 2], 'int32'), 4, dtype='int32')
case('nn', 'one_hot', arr(1, 'int32', ()), 2)
case('nn', 'one_hot', arr([0, 2], 'int32'), 3, x64=True)
case('nn', 'glu', M)
case('nn', 'glu', arr([[0.5, -1.0], [2.0, 3.0]]), axis=0)
case('nn', 'glu', arr([[0.5, -1.0, 3.0]]))
grad_case('nn', 'glu', M)

# --- dot_product_attention: [B, T, N, H] ---
rng = np.random.default_rng(0)


def rnd(shape, dtype='float32'):
    return arr(rng.standard_normal(shape).astype(dtype), dtype, shape)


Q, K, V = rnd((2, 3, 4, 5)), rnd((2, 6, 2, 5)), rnd((2, 6, 2, 5))  # 4 query heads, 2 key/value heads
case('nn', 'dot_product_attention', Q, K, V)
case('nn', 'dot_product_attention', Q, K, V, is_causal=True)
case('nn', 'dot_product_attention', Q, K, V, scale=0.3)
case('nn', 'dot_product_attention', Q, K, V, bias=rnd((2, 4, 3, 6)))
case('nn', 'dot_product_attention', Q, K, V, bias=rnd((1, 1, 3, 6)))
case('nn', 'dot_product_attention', Q, K, V, mask=arr(rng.random((2, 1, 3, 6)) > 0.3, 'bool', (2, 1, 3, 6)))
case('nn', 'dot_product_attention', Q, K, V, query_seq_lengths=arr([2, 3], 'int32'), key_value_seq_lengths=arr([4, 6], 'int32'))
case('nn', 'dot_product_attention', Q, K, V, local_window_size=1)
Q3, K3, V3 = rnd((3, 2, 4)), rnd((5, 2, 4)), rnd((5, 2, 4))
case('nn', 'dot_product_attention', Q3, K3, V3)
case('nn', 'dot_product_attention', rnd((1, 2, 2, 3), 'float64'), rnd((1, 4, 2, 3), 'float64'), rnd((1, 4, 2, 3), 'float64'), x64=True)
case('nn', 'dot_product_attention', Q, rnd((2, 6, 3, 5)), rnd((2, 6, 3, 5)))  # 4 heads over 3: an error
case('nn', 'dot_product_attention', Q, K, rnd((2, 6, 2, 4)))  # value shape: an error
grad_case('nn', 'dot_product_attention', Q, K, V, is_causal=True)
grad_case('nn', 'dot_product_attention', Q, K, V, argnum=1)
grad_case('nn', 'dot_product_attention', Q, K, V, argnum=2)

# --- jax.scipy.special ---
P = [0.0, 1e-30, 1e-10, 1e-3, 0.02, 0.135, 0.3, 0.5, 0.7, 0.9, 0.98, 0.999, 1 - 1e-7, 1.0, -0.5, 1.5, nan]
R = [-1.0, -0.999999, -0.99, -0.7, -0.3, -1e-4, 0.0, 1e-4, 0.3, 0.7, 0.95, 0.99, 0.999999, 1.0, 1.5, nan]
G = [-inf, -4.5, -3.0, -2.5, -1.0, -0.5, -1e-3, 0.0, 1e-8, 1e-3, 0.5, 1.0, 1.4616321, 1.5, 2.0, 2.5, 3.0, 7.25, 10.0, 50.5, 171.0, 1e4, 1e10, inf, nan]
XT = X + [-40.0, -20.5, -15.0, 6.0, 8.5, 26.0, 27.0]
for fn, vals in [('erf', XT), ('erfc', XT), ('erfinv', R), ('expit', X), ('logit', P), ('entr', P + [-1.0, 2.0, 10.0]), ('gammaln', G), ('digamma', G),
                 ('ndtr', XT), ('ndtri', P), ('log_ndtr', XT + [-100.0, -1e3])]:
    case('scipy.special', fn, arr(vals))
    case('scipy.special', fn, arr(vals + [1e-300, 1 - 1e-15, -1e-300] if fn in ('ndtri', 'logit', 'erfinv') else vals, 'float64'), x64=True)
    for x in [I, Z0, E, B]:
        case('scipy.special', fn, x)
    case('scipy.special', fn, 0.25)
for fn, pts in [('erf', XS), ('erfc', XS), ('erfinv', [-0.9, -0.3, 0.0, 0.5, 0.99]), ('expit', XS), ('logit', [0.01, 0.3, 0.5, 0.9]), ('entr', [0.1, 0.5, 2.0]),
                ('gammaln', [-2.5, -0.5, 0.3, 1.0, 2.5, 10.0]), ('digamma', [-2.5, -0.5, 0.3, 1.0, 2.5, 10.0]), ('ndtr', XS), ('ndtri', [0.01, 0.3, 0.5, 0.9]),
                ('log_ndtr', XS + [-30.0, 10.0])]:
    grad_case('scipy.special', fn, arr(pts))
    grad_case('scipy.special', fn, arr(pts, 'float64'), x64=True)
case('scipy.special', 'log_ndtr', arr([-30.0, -12.0, -3.0, 1.0]), series_order=0)
case('scipy.special', 'log_ndtr', arr([-30.0, -25.0, -3.0, 1.0], 'float64'), series_order=6, x64=True)
XY = (arr([0.0, 0.0, 1.0, 2.5, -1.5, 3.0, 0.0, 1.0]), arr([0.0, nan, 2.0, 0.5, 3.0, -1.0, inf, 0.0]))
PQ = (arr([0.0, 0.0, 0.5, 1.0, 2.0, -1.0, 0.3, 1.0]), arr([0.0, 1.0, 0.5, 2.0, 0.5, 1.0, 0.0, -1.0]))
for fn, (a, b) in [('xlogy', XY), ('xlog1py', XY), ('rel_entr', PQ), ('kl_div', PQ)]:
    case('scipy.special', fn, a, b)
    case('scipy.special', fn, {**a, 'dtype': 'float64'}, {**b, 'dtype': 'float64'}, x64=True)
    case('scipy.special', fn, I, 2)
    case('scipy.special', fn, Z0, arr([1.0, 2.0]))
    grad_case('scipy.special', fn, arr([0.5, 1.0, 2.0]), arr([0.25, 3.0, 1.5]))
    grad_case('scipy.special', fn, arr([0.5, 1.0, 2.0]), arr([0.25, 3.0, 1.5]), argnum=1)
for kw in [{}, {'axis': 0}]:
    case('scipy.special', 'softmax', M, **kw)
    case('scipy.special', 'log_softmax', M, **kw)

# --- incomplete gamma, Bessel, Γ relatives, zeta, polygamma, betainc ---
A = [0.0, 1e-3, 0.5, 1.0, 2.5, 10.0, 30.0, 150.0, -1.0, nan, 3.0, 0.5, 2.0, 1e-5]
XA = [0.5, 0.3, 1e-4, 1.0, 3.0, 9.0, 45.0, 160.0, 1.0, 1.0, 0.0, inf, -1.0, 1e-5]
for fn in ['gammainc', 'gammaincc']:
    case('scipy.special', fn, arr(A), arr(XA))
    case('scipy.special', fn, arr(A, 'float64'), arr(XA, 'float64'), x64=True)
    case('scipy.special', fn, I, 2)
    case('scipy.special', fn, Z0, arr([0.5, 4.0]))
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.0, 12.0]), arr([0.25, 3.0, 1.5, 10.0]), argnum=1)
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.0, 12.0]), arr([0.25, 3.0, 1.5, 10.0]), argnum=0)
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.0, 12.0], 'float64'), arr([0.25, 3.0, 1.5, 10.0], 'float64'), argnum=0, x64=True)
BX = [-30.0, -8.5, -8.0, -3.0, -1.0, -1e-3, 0.0, 1e-9, 0.5, 2.0, 7.9, 8.0, 8.1, 20.0, 100.0, 700.0, inf, -inf, nan]
for fn in ['i0', 'i0e', 'i1', 'i1e']:
    case('scipy.special', fn, arr(BX))
    case('scipy.special', fn, arr(BX, 'float64'), x64=True)
    case('scipy.special', fn, I)
    case('scipy.special', fn, 0.25)
    grad_case('scipy.special', fn, arr([-9.0, -2.0, -0.5, 0.0, 0.5, 2.0, 9.0]))
    grad_case('scipy.special', fn, arr([-9.0, -2.0, -0.5, 0.5, 2.0, 9.0], 'float64'), x64=True)
for fn in ['gammasgn', 'gamma', 'loggamma', 'factorial']:
    case('scipy.special', fn, arr(G + [-0.0, 4.0, 20.0, 35.5]))
    case('scipy.special', fn, arr(G + [-0.0, 4.0, 20.0, 170.5], 'float64'), x64=True)
    case('scipy.special', fn, I)
    if fn != 'gammasgn':
        grad_case('scipy.special', fn, arr([-2.5, -0.5, 0.3, 1.0, 2.5, 6.0]))
        grad_case('scipy.special', fn, arr([-2.5, -0.5, 0.3, 1.0, 2.5, 6.0], 'float64'), x64=True)
BA = [0.5, 1.0, 2.0, 3.5, 10.0, 7.0, 1e5, 0.1, -0.5, -1.5, 30.0]
BB = [0.5, 2.0, 2.0, 8.0, 12.0, 20.0, 3e6, 1e-3, 2.0, -2.5, 1e8]
for fn in ['betaln', 'beta']:
    case('scipy.special', fn, arr(BA), arr(BB))
    case('scipy.special', fn, arr(BA, 'float64'), arr(BB, 'float64'), x64=True)
    case('scipy.special', fn, I, 2)
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.5, 9.0]), arr([1.5, 2.0, 10.0, 12.0]))
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.5, 9.0], 'float64'), arr([1.5, 2.0, 10.0, 12.0], 'float64'), argnum=1, x64=True)
ZX = [2.0, 2.0, 3.0, 1.5, 4.5, 1.0, 0.5, 2.0, 2.0, 3.0, 10.0, 2.0, 30.0]
ZQ = [1.0, 0.5, 2.5, 10.0, 1e3, 1.0, 1.0, -1.0, -1.5, -2.5, 0.1, 1e9, 2.0]
case('scipy.special', 'zeta', arr(ZX), arr(ZQ))
case('scipy.special', 'zeta', arr(ZX, 'float64'), arr(ZQ, 'float64'), x64=True)
case('scipy.special', 'zeta', I, 2)
grad_case('scipy.special', 'zeta', arr([2.0, 3.0, 4.5]), arr([1.0, 2.5, 0.5]), argnum=1)
grad_case('scipy.special', 'zeta', arr([2.0, 3.0, 4.5], 'float64'), arr([1.0, 2.5, 0.5], 'float64'), argnum=1, x64=True)
grad_case('scipy.special', 'zeta', arr([2.0, 3.0, 4.5], 'float64'), arr([1.0, 2.5, 0.5], 'float64'), argnum=0, x64=True)
PN = arr([0, 1, 2, 3, 1, 2, 4, 1], 'int32')
PX = [0.5, 0.5, 2.5, 10.0, -1.5, -2.5, 1e3, 0.0]
case('scipy.special', 'polygamma', PN, arr(PX))
case('scipy.special', 'polygamma', PN, arr(PX, 'float64'), x64=True)
case('scipy.special', 'polygamma', arr([1.0, 2.0]), arr([0.5, 1.5]))
case('scipy.special', 'polygamma', 1, arr([0.5, 1.5]))
grad_case('scipy.special', 'polygamma', arr([0, 1, 2], 'int32'), arr([0.5, 2.0, 3.5]), argnum=1)
grad_case('scipy.special', 'polygamma', arr([0, 1, 2], 'int32'), arr([0.5, 2.0, 3.5], 'float64'), argnum=1, x64=True)
IA = [0.5, 1.0, 2.0, 5.0, 0.1, 30.0, 2.0, 0.0, 1.0, -1.0, 2.0, nan, 1e-3]
IB = [0.5, 1.0, 3.0, 0.5, 8.0, 40.0, 2.0, 1.0, 0.0, 2.0, 2.0, 1.0, 1e3]
IX = [0.3, 0.5, 0.9, 0.99, 0.02, 0.45, 0.0, 0.5, 0.5, 0.5, 1.5, 0.5, 1e-4]
case('scipy.special', 'betainc', arr(IA), arr(IB), arr(IX))
case('scipy.special', 'betainc', arr(IA, 'float64'), arr(IB, 'float64'), arr(IX, 'float64'), x64=True)
case('scipy.special', 'betainc', 2, 3, arr([0.25, 0.75]))
grad_case('scipy.special', 'betainc', arr([0.5, 2.0, 5.0]), arr([1.5, 3.0, 0.5]), arr([0.3, 0.6, 0.95]), argnum=2)
grad_case('scipy.special', 'betainc', arr([0.5, 2.0, 5.0], 'float64'), arr([1.5, 3.0, 0.5], 'float64'), arr([0.3, 0.6, 0.95], 'float64'), argnum=2, x64=True)

# --- Box-Cox, comb, multigammaln, poch, erfcx, spence, bernoulli ---
BXC = [0.5, 1.0, 2.0, 10.0, 0.1, 3.0]
LM = [0.0, 0.5, -1.0, 2.0, 1e-9, -0.3]
for fn in ['boxcox', 'boxcox1p']:
    case('scipy.special', fn, arr(BXC), arr(LM))
    case('scipy.special', fn, arr(BXC, 'float64'), arr(LM, 'float64'), x64=True)
    grad_case('scipy.special', fn, arr([0.5, 2.0, 3.0]), arr([0.5, -1.0, 2.0]))
CN = [5.0, 10.0, 3.0, 2.5, 0.0, 4.0, -1.0, 30.0]
CK = [2.0, 3.0, 5.0, 1.0, 0.0, -1.0, 1.0, 15.0]
case('scipy.special', 'comb', arr(CN), arr(CK))
case('scipy.special', 'comb', arr(CN, 'float64'), arr(CK, 'float64'), x64=True)
case('scipy.special', 'comb', arr(CN), arr(CK), repetition=True)
case('scipy.special', 'comb', I, 2)
case('scipy.special', 'multigammaln', arr([2.5, 3.0, 10.0]), 3)
case('scipy.special', 'multigammaln', arr([2.5, 3.0, 10.0], 'float64'), 2, x64=True)
grad_case('scipy.special', 'multigammaln', arr([2.5, 3.0, 10.0]), 3)
PZ = [1.0, 2.5, 0.5, 3.0, -1.5, 10.0]
PM = [0.0, 2.0, 1.5, -1.0, 2.0, 0.3]
case('scipy.special', 'poch', arr(PZ), arr(PM))
case('scipy.special', 'poch', arr(PZ, 'float64'), arr(PM, 'float64'), x64=True)
grad_case('scipy.special', 'poch', arr([1.0, 2.5, 0.5]), arr([0.5, 2.0, 1.5]))
grad_case('scipy.special', 'poch', arr([1.0, 2.5, 0.5], 'float64'), arr([0.5, 2.0, 1.5], 'float64'), argnum=1, x64=True)
EX = [-30.0, -5.0, -1.0, -1e-3, 0.0, 0.5, 2.0, 9.0, 9.5, 26.0, 27.0, 1e3, 1e10, inf, nan]
case('scipy.special', 'erfcx', arr(EX))
case('scipy.special', 'erfcx', arr(EX, 'float64'), x64=True)
case('scipy.special', 'erfcx', I)
grad_case('scipy.special', 'erfcx', arr([-1.0, 0.5, 3.0, 12.0]))
grad_case('scipy.special', 'erfcx', arr([-1.0, 0.5, 3.0, 30.0], 'float64'), x64=True)
SX = [0.0, 1e-3, 0.3, 0.5, 0.9, 1.0, 1.2, 1.7, 2.0, 3.5, 100.0, -1.0, nan, inf]
case('scipy.special', 'spence', arr(SX))
case('scipy.special', 'spence', arr(SX, 'float64'), x64=True)
case('scipy.special', 'spence', I)
for n in [0, 1, 2, 3, 10, 21]:
    case('scipy.special', 'bernoulli', n)
case('scipy.special', 'bernoulli', 21, x64=True)
case('scipy.special', 'bernoulli', -1)

# --- the lax-level special functions: floats of one dtype, no promotion ---
for fn, vals in [('erf', XT), ('erfc', XT), ('erf_inv', R), ('lgamma', G), ('digamma', G), ('logistic', X), ('bessel_i0e', BX), ('bessel_i1e', BX)]:
    case('lax', fn, arr(vals))
    case('lax', fn, arr(vals, 'float64'), x64=True)
    case('lax', fn, I)
    grad_case('lax', fn, arr([-0.7, 0.3, 0.9]))
for fn in ['igamma', 'igammac', 'igamma_grad_a', 'random_gamma_grad']:
    case('lax', fn, arr(A), arr(XA))
    case('lax', fn, arr(A, 'float64'), arr(XA, 'float64'), x64=True)
    case('lax', fn, arr(A), arr(XA, 'float64'), x64=True)
    case('lax', fn, I, I)
grad_case('lax', 'igamma', arr([0.5, 2.0, 3.0]), arr([0.25, 3.0, 1.5]), argnum=1)
grad_case('lax', 'igammac', arr([0.5, 2.0, 3.0]), arr([0.25, 3.0, 1.5]), argnum=0)
case('lax', 'zeta', arr(ZX), arr(ZQ))
case('lax', 'zeta', arr(ZX, 'float64'), arr(ZQ, 'float64'), x64=True)
case('lax', 'polygamma', arr([0.0, 1.0, 2.0, 1.5, -1.0]), arr([0.5, 2.0, 3.5, 1.0, 1.0]))
grad_case('lax', 'polygamma', arr([0.0, 1.0, 2.0]), arr([0.5, 2.0, 3.5]), argnum=1)
case('lax', 'betainc', arr(IA), arr(IB), arr(IX))
case('lax', 'betainc', arr(IA, 'float64'), arr(IB, 'float64'), arr(IX, 'float64'), x64=True)
grad_case('lax', 'betainc', arr([0.5, 2.0, 5.0]), arr([1.5, 3.0, 0.5]), arr([0.3, 0.6, 0.95]), argnum=2)

# --- jax.scipy.stats.norm ---
for fn in ['pdf', 'logpdf', 'cdf', 'logcdf', 'sf', 'logsf']:
    case('scipy.stats.norm', fn, arr(XT))
    case('scipy.stats.norm', fn, arr(XT, 'float64'), x64=True)
    case('scipy.stats.norm', fn, arr(XT), 1.5, 2.5)
    case('scipy.stats.norm', fn, arr([0.5, -1.0, 3.0]), arr([1.0, 0.0, -2.0]), arr([[0.5], [2.0]]))
    case('scipy.stats.norm', fn, I)
    case('scipy.stats.norm', fn, Z0, scale=0.5)
    grad_case('scipy.stats.norm', fn, arr(XS))
    grad_case('scipy.stats.norm', fn, arr(XS, 'float64'), x64=True)
    grad_case('scipy.stats.norm', fn, arr(XS), 0.5, arr(2.0, 'float32', ()), argnum=2)
for fn in ['ppf', 'isf']:
    case('scipy.stats.norm', fn, arr(P))
    case('scipy.stats.norm', fn, arr(P, 'float64'), x64=True)
    case('scipy.stats.norm', fn, arr(P), 1.5, 2.5)
    case('scipy.stats.norm', fn, I)
    grad_case('scipy.stats.norm', fn, arr([0.01, 0.3, 0.5, 0.9]))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'special.json'), 'w') as f:
    json.dump({'jax': jax.__version__, 'cases': cases}, f, separators=(',', ':'))
print(len(cases), 'cases')
