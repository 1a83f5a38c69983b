"""Goldens for jaxpool's jnp.fft (test/fft/*.test.ts), from JAX 0.10 on CPU: fftfreq / rfftfreq
over lengths, spacings and dtypes, fftshift / ifftshift over shapes and axes, and the transforms
(fft, ifft, rfft, irfft, hfft, ihfft, fft2 … irfftn) over lengths n / s, axes and norms, with
float32 / int32 / complex64 inputs (complex128 under x64). For real inputs, the gradient of
sum(re(out)·ctRe + im(out)·ctIm). Complex values are written as separate re / im lists; options
with jaxpool's names. Run: /work/venv/bin/python test/golden/make_fft.py"""
import json, os
import numpy as np
import jax
import jax.numpy as jnp

rng = np.random.default_rng(17)


def finite(v):
    return v if np.isfinite(v) else ('nan' if np.isnan(v) else ('inf' if v > 0 else '-inf'))


def enc(x):
    x = np.asarray(x)
    if x.dtype.kind == 'c':
        fl = (lambda v: float(str(v))) if x.dtype == np.complex64 else float
        return {'shape': list(x.shape), 'dtype': str(x.dtype), 're': [fl(v) for v in x.real.ravel()], 'im': [fl(v) for v in x.imag.ravel()]}
    fl = (lambda v: float(str(v))) if x.dtype == np.float32 else float
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [finite(fl(v)) if x.dtype.kind == 'f' else int(v) for v in x.ravel()]}


def opts(kw):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}


freq = []
for x64 in (False, True):
    jax.config.update('jax_enable_x64', x64)
    for fn in ('fftfreq', 'rfftfreq'):
        for n in (0, 1, 2, 3, 4, 5, 8, 9, 16):
            for d in (1.0, 0.3, 2.5):
                for dt in ((None, 'float32', 'int32') if not x64 else (None, 'float64', 'int32')):
                    out = getattr(jnp.fft, fn)(n, d, dtype=dt)
                    freq.append({'fn': fn, 'n': n, 'd': d, 'dtype': dt, 'x64': x64, 'out': enc(out)})
jax.config.update('jax_enable_x64', False)

shift = []
for shape in ((5,), (4,), (2, 3), (3, 4, 5)):
    x = rng.uniform(-1, 1, shape).astype('float32')
    for axes in (None, 0, -1, [0, -1]):
        if axes is not None and len(shape) == 1 and isinstance(axes, list):
            continue
        for fn in ('fftshift', 'ifftshift'):
            shift.append({'fn': fn, 'x': enc(x), 'axes': axes, 'out': enc(getattr(jnp.fft, fn)(x, axes))})


def data(shape, kind):
    if kind == 'float32':
        return rng.uniform(-1, 1, shape).astype('float32')
    if kind == 'float64':
        return rng.uniform(-1, 1, shape)
    if kind == 'int32':
        return rng.integers(-5, 6, shape).astype('int32')
    if kind == 'complex64':
        return (rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)).astype('complex64')
    return rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)


transforms = []


def case(fn, shape, kind, x64=False, grad=None, **kw):
    jax.config.update('jax_enable_x64', x64)
    x = data(shape, kind)
    f = lambda a: getattr(jnp.fft, fn)(a, **kw)
    out = f(jnp.asarray(x))
    c = {'fn': fn, 'x': enc(x), 'x64': x64, 'kwargs': opts(kw), 'out': enc(out)}
    if grad if grad is not None else kind in ('float32', 'float64'):
        o = np.asarray(out)
        ct_re = rng.uniform(-1, 1, o.shape).astype(o.real.dtype)
        ct_im = rng.uniform(-1, 1, o.shape).astype(o.real.dtype)
        loss = lambda a: jnp.sum(jnp.real(f(a)) * ct_re + jnp.imag(f(a)) * ct_im)
        c.update(ctRe=enc(ct_re), ctIm=enc(ct_im), grad=enc(jax.grad(loss)(jnp.asarray(x))))
    transforms.append(c)
    jax.config.update('jax_enable_x64', False)


for fn in ('fft', 'ifft'):
    for shape in ((8,), (5,), (3, 7), (2, 3, 4)):
        for kind in ('float32', 'complex64', 'int32'):
            case(fn, shape, kind)
    for n in (1, 4, 6, 10, 17):
        case(fn, (3, 6), 'complex64', n=n)
    for norm in ('backward', 'ortho', 'forward'):
        case(fn, (3, 6), 'complex64', norm=norm)
        case(fn, (3, 6), 'float32', norm=norm)
    case(fn, (4, 3), 'complex64', axis=0)
    case(fn, (4, 3, 2), 'float32', axis=1, n=5)
    case(fn, (2, 9), 'complex128', x64=True)
    case(fn, (2, 9), 'float64', x64=True, norm='ortho')
    case(fn, (2, 0), 'complex64')

for shape in ((8,), (7,), (3, 6), (2, 3, 5)):
    case('rfft', shape, 'float32')
    case('ihfft', shape, 'float32')
    case('irfft', shape, 'complex64')
    case('hfft', shape, 'complex64')
for n in (1, 2, 5, 8, 11):
    case('rfft', (3, 6), 'float32', n=n)
    case('irfft', (3, 6), 'complex64', n=n)
    case('hfft', (3, 6), 'complex64', n=n)
    case('ihfft', (3, 6), 'float32', n=n)
for norm in ('backward', 'ortho', 'forward'):
    for fn in ('rfft', 'ihfft'):
        case(fn, (2, 6), 'float32', norm=norm)
    for fn in ('irfft', 'hfft'):
        case(fn, (2, 6), 'complex64', norm=norm)
case('rfft', (6, 3), 'float32', axis=0)
case('irfft', (4, 3), 'complex64', axis=0, n=7)
case('rfft', (3, 8), 'int32')
case('rfft', (2, 9), 'float64', x64=True)
case('irfft', (2, 9), 'complex128', x64=True)

for fn in ('fft2', 'ifft2', 'fftn', 'ifftn'):
    case(fn, (3, 4, 5), 'complex64')
    case(fn, (3, 4, 5), 'float32')
    case(fn, (3, 4, 5), 'complex64', s=(4, 6))
    case(fn, (3, 4, 5), 'complex64', axes=(0, 2))
    case(fn, (3, 4, 5), 'complex64', s=(2, 7), axes=(2, 0), norm='ortho')
for fn in ('fftn', 'ifftn'):
    case(fn, (3, 4, 5), 'complex64', axes=(1,))
    case(fn, (3, 4, 5), 'complex64', s=(2, 3, 4), norm='forward')
for fn in ('rfft2', 'rfftn'):
    case(fn, (3, 4, 5), 'float32')
    case(fn, (3, 4, 5), 'float32', s=(4, 6))
    case(fn, (3, 4, 5), 'float32', axes=(2, 0), norm='ortho')
for fn in ('irfft2', 'irfftn'):
    case(fn, (3, 4, 5), 'complex64')
    case(fn, (3, 4, 5), 'complex64', s=(4, 6))
    case(fn, (3, 4, 5), 'complex64', axes=(2, 0), norm='forward')
case('rfftn', (3, 4, 5), 'float32', s=(2, 3, 4))
case('irfftn', (3, 4, 5), 'complex64', axes=(1,))

out = {'freq': freq, 'shift': shift, 'transforms': transforms}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fft.json')
with open(path, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
print(f'wrote {len(freq)} freq, {len(shift)} shift, {len(transforms)} transform cases to {path}')
