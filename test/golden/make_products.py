"""Goldens for jnp's products, einsum, polynomials and convolutions: jaxpool's
test/numpy/{einsum,products,polynomial}.test.ts compare against them.
Run: /work/venv/bin/python test/golden/make_products.py (writes products.json beside it)."""
import json, os
import numpy as np
import jax
import jax.numpy as jnp

rng = np.random.default_rng(0)

def arr(shape, dtype='float32', lo=-2, hi=2):
    if np.dtype(dtype).kind == 'i':
        return rng.integers(-4, 5, size=shape).astype(dtype)
    return rng.uniform(lo, hi, size=shape).astype(dtype)

def enc(x):
    x = np.asarray(x)
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [float(v) if x.dtype.kind == 'f' else int(v) for v in x.ravel()]}

cases = []
def case(fn, args, kwargs=None, sub=None):
    kwargs = kwargs or {}
    jargs = [jnp.asarray(a) for a in args]
    f = getattr(jnp, fn) if sub is None else getattr(getattr(jnp, sub), fn)
    out = f(*jargs, **kwargs) if fn != 'einsum' else None
    cases.append({'fn': fn, 'args': [enc(a) for a in args], 'kwargs': kwargs, 'out': enc(out)})

def einsum_case(subscripts, *args, **kwargs):
    out = jnp.einsum(subscripts, *[jnp.asarray(a) for a in args], **kwargs)
    cases.append({'fn': 'einsum', 'subscripts': subscripts, 'args': [enc(a) for a in args], 'kwargs': kwargs, 'out': enc(out)})

# einsum
einsum_case('ij,jk->ik', arr((3, 4)), arr((4, 5)))
einsum_case('ij,jk', arr((2, 3)), arr((3, 2)))
einsum_case('ii', arr((4, 4)))
einsum_case('ii->i', arr((3, 3)))
einsum_case('iji->j', arr((3, 2, 3)))
einsum_case('...ij,...jk->...ik', arr((2, 3, 4)), arr((4, 2)))
einsum_case('bij,bjk->bik', arr((3, 2, 4)), arr((3, 4, 5)))
einsum_case('i,i', arr((5,)), arr((5,)))
einsum_case('i,j->ij', arr((3,)), arr((4,)))
einsum_case('ij->ji', arr((2, 3)))
einsum_case('ijk->', arr((2, 3, 4)))
einsum_case('ij,jk,kl->il', arr((2, 3)), arr((3, 8)), arr((8, 2)))
einsum_case('ab,bc,cd,de->ae', arr((2, 5)), arr((5, 6)), arr((6, 3)), arr((3, 2)))
einsum_case('ij,kj', arr((1, 3)), arr((2, 3)))
einsum_case('...ii->...i', arr((2, 3, 3)))
einsum_case('...ii->i', arr((2, 3, 3)))
einsum_case('ij,j->i', arr((3, 4), 'int32'), arr((4,), 'int32'))
einsum_case('i,i->', arr((4,), 'int32'), arr((4,), 'float32'))
einsum_case('ijk,ikl->ijl', arr((2, 0, 3)), arr((2, 3, 4)))
einsum_case('abc,cde,ea->bd', arr((2, 3, 4)), arr((4, 5, 6)), arr((6, 2)))

# products
case('tensordot', [arr((3, 4, 5)), arr((4, 5, 2))])
case('tensordot', [arr((3, 4)), arr((4, 5))], {'axes': 1})
case('tensordot', [arr((3, 4, 5)), arr((5, 3, 2))], {'axes': ([0, 2], [1, 0])})
case('tensordot', [arr((2, 3)), arr((4,))], {'axes': 0})
case('inner', [arr((2, 3)), arr((4, 3))])
case('inner', [arr((3,)), arr((3,))])
case('outer', [arr((3,)), arr((2, 2))])
case('vdot', [arr((2, 3)), arr((6,))])
case('vecdot', [arr((2, 3)), arr((4, 1, 3))])
case('vecdot', [arr((3, 2)), arr((3, 2))], {'axis': 0})
case('matvec', [arr((2, 3, 4)), arr((4,))])
case('vecmat', [arr((3,)), arr((2, 3, 4))])
case('kron', [arr((2, 3)), arr((3, 2))])
case('kron', [arr((2,), 'int32'), arr((2, 3), 'int32')])
case('cross', [arr((4, 3)), arr((3,))])
case('cross', [arr((2,)), arr((2,))])
case('cross', [arr((3, 2)), arr((3,))], {'axisa': 0})
case('cross', [arr((3, 4)), arr((4, 3))], {'axisa': 0, 'axisb': 1, 'axisc': 0})
case('cross', [arr((2, 3)), arr((2, 3))], {'axis': 1})
case('cross', [arr((3, 2)), arr((2,))])

# polynomials
case('polyval', [arr((4,)), arr((5,))])
case('polyval', [arr((3,), 'int32'), arr((4,), 'int32')])
case('polyadd', [arr((3,)), arr((5,))])
case('polysub', [arr((5,)), arr((2,))])
case('polymul', [arr((3,)), arr((4,))])
case('polyder', [arr((5,))])
case('polyder', [arr((5,))], {'m': 2})
case('polyint', [arr((4,))])
case('polyint', [arr((4,))], {'m': 2, 'k': 3.0})
case('convolve', [arr((5,)), arr((3,))])
case('convolve', [arr((5,)), arr((3,))], {'mode': 'same'})
case('convolve', [arr((5,)), arr((3,))], {'mode': 'valid'})
case('convolve', [arr((3,)), arr((6,))], {'mode': 'same'})
case('convolve', [arr((4,)), arr((6,))], {'mode': 'valid'})
case('convolve', [arr((4,), 'int32'), arr((3,), 'int32')])
case('correlate', [arr((5,)), arr((3,))])
case('correlate', [arr((5,)), arr((3,))], {'mode': 'full'})
case('correlate', [arr((5,)), arr((4,))], {'mode': 'same'})
case('correlate', [arr((3,)), arr((6,))], {'mode': 'full'})
case('correlate', [arr((3,)), arr((6,))], {'mode': 'valid'})
case('correlate', [arr((4,)), arr((7,))], {'mode': 'same'})


json.dump({'jax': jax.__version__, 'cases': cases}, open(os.path.join(os.path.dirname(__file__), 'products.json'), 'w'))
print(len(cases), 'cases')
