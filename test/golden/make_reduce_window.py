"""Goldens for jaxpool's lax.reduceWindow (test/lax/reduceWindow.test.ts), from JAX 0.10 on CPU: sum,
max and min windows over strides, padding modes, base and window dilation, init values, 1-d to 3-d,
float32/float64/int32, and gradients of sum(out * ct) (max-pooling's gradient with ties included).
Run: /work/venv/bin/python test/golden/make_reduce_window.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp
from jax import lax

rng = np.random.default_rng(11)

def enc(x):
    x = np.asarray(x)
    fl = (lambda v: float(str(v))) if x.dtype == np.float32 else float
    num = lambda v: (fl(v) if np.isfinite(v) else str(float(v))) if x.dtype.kind == 'f' else int(v)
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [num(v) for v in x.ravel()]}

OPS = {'add': lax.add, 'max': lax.max, 'min': lax.min}
cases = []
def case(name, op, shape, init, window, strides=None, padding='VALID', base_dilation=None, window_dilation=None,
         dtypes=('float32', 'float64'), ties=False, grads=True):
    for dt in dtypes:
        if ties or dt == 'int32':
            x = rng.integers(-3, 4, shape).astype(dt)
        else:
            x = rng.uniform(-1, 1, shape).astype(dt)
        f = lambda a: lax.reduce_window(a, np.asarray(init, dt) if np.isfinite(init) or dt != 'int32' else init, OPS[op], window, strides, padding, base_dilation, window_dilation)
        out = f(jnp.asarray(x))
        c = {'name': name, 'op': op, 'dtype': dt, 'x': enc(x), 'init': init if np.isfinite(init) else str(init), 'window': list(window),
             'kwargs': {k: v for k, v in [('windowStrides', strides), ('padding', padding if isinstance(padding, str) else [list(p) for p in padding]),
                                          ('baseDilation', base_dilation), ('windowDilation', window_dilation)] if v is not None},
             'out': enc(out)}
        if grads and dt != 'int32':
            ct = rng.uniform(-1, 1, out.shape).astype(dt)
            c.update(ct=enc(ct), grad=enc(jax.grad(lambda a: jnp.sum(f(a) * ct))(jnp.asarray(x))))
        cases.append(c)

inf = float('inf')
for op, ident in [('add', 0.), ('max', -inf), ('min', inf)]:
    case(f'{op}_1d_valid', op, (9,), ident, (3,))
    case(f'{op}_1d_same_stride', op, (10,), ident, (4,), (3,), 'SAME')
    case(f'{op}_2d_pool_nhwc', op, (2, 6, 7, 3), ident, (1, 2, 2, 1), (1, 2, 2, 1), 'VALID')
    case(f'{op}_2d_pool_same', op, (1, 5, 5, 2), ident, (1, 3, 3, 1), (1, 2, 2, 1), 'SAME')
    case(f'{op}_2d_same_lower', op, (4, 6), ident, (2, 3), (2, 2), 'SAME_LOWER')
    case(f'{op}_2d_explicit_pad', op, (5, 4), ident, (2, 2), (1, 2), ((1, 2), (2, 0)))
    case(f'{op}_2d_window_dilation', op, (7, 8), ident, (2, 3), (1, 1), 'SAME', window_dilation=(3, 2), grads=op == 'add')  # JAX has no max/min VJP with dilation
    case(f'{op}_2d_base_dilation', op, (4, 3), ident, (3, 2), (1, 1), ((1, 1), (0, 1)), base_dilation=(2, 3), grads=op == 'add')
    case(f'{op}_3d', op, (3, 4, 5), ident, (2, 2, 3), (1, 2, 1), 'SAME')
    case(f'{op}_ties', op, (1, 6, 6, 1), ident, (1, 3, 3, 1), (1, 1, 1, 1), 'SAME', ties=True)
    case(f'{op}_ties_overlapping_stride', op, (8, 7), ident, (3, 2), (2, 1), 'VALID', ties=True)
    case(f'{op}_int32', op, (5, 6), ident, (2, 3), (1, 2), 'SAME', dtypes=('int32',))
    case(f'{op}_all_padding_windows', op, (2, 3), ident, (2, 2), (2, 2), ((3, 0), (0, 0)))
    case(f'{op}_empty', op, (0, 4), ident, (1, 2), grads=False)
case('add_init_5', 'add', (6, 5), 5., (2, 2), (1, 1), 'SAME', grads=False)  # JAX cannot differentiate a non-identity init
case('max_init_0', 'max', (6, 5), 0., (3, 2), (2, 1), 'SAME', grads=False)
case('min_init_0', 'min', (6, 5), 0., (3, 2), (2, 1), 'SAME', grads=False)

# Average pooling as JAX users write it: window sums over window counts.
avg = []
for dt in ('float32', 'float64'):
    x = rng.uniform(-1, 1, (2, 5, 6, 3)).astype(dt)
    def avg_pool(a):
        s = lax.reduce_window(a, np.asarray(0, dt), lax.add, (1, 3, 3, 1), (1, 2, 2, 1), 'SAME')
        n = lax.reduce_window(jnp.ones_like(a), np.asarray(0, dt), lax.add, (1, 3, 3, 1), (1, 2, 2, 1), 'SAME')
        return s / n
    out = avg_pool(jnp.asarray(x))
    ct = rng.uniform(-1, 1, out.shape).astype(dt)
    avg.append({'dtype': dt, 'x': enc(x), 'out': enc(out), 'ct': enc(ct), 'grad': enc(jax.grad(lambda a: jnp.sum(avg_pool(a) * ct))(jnp.asarray(x)))})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'reduce_window.json')
with open(out, 'w') as f:
    json.dump({'jax': jax.__version__, 'cases': cases, 'avgPool': avg}, f)
print(f'wrote {len(cases)} cases to {out}')
