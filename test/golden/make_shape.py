"""jnp's shape, joining and indexing functions (jax 0.10.2) on small inputs.

Writes shape.json: a list of {name, call, shape, dtype, values} or {name, call, error}. `call`
is the JS expression the test evaluates (with `jnp`, `m` = arange(12).reshape(3, 4) as int32,
`f` = the same as float32 / 4, `v` = [3, 1, 2] int32, `z` = zeros [0, 3] float32).
Run: /work/venv/bin/python test/golden/make_shape.py
"""
import json
import os
import warnings

import jax
import jax.numpy as jnp
import numpy as np

warnings.simplefilter('ignore')
m = jnp.arange(12, dtype=jnp.int32).reshape(3, 4)
f = m.astype(jnp.float32) / 4
v = jnp.array([3, 1, 2], dtype=jnp.int32)
z = jnp.zeros((0, 3), jnp.float32)
b = m % 3 == 0

# (JS call, Python thunk)
CASES = [
    ("jnp.flip(m)", lambda: jnp.flip(m)), ("jnp.flip(f, 1)", lambda: jnp.flip(f, 1)), ("jnp.flip(m, [0, -1])", lambda: jnp.flip(m, (0, -1))),
    ("jnp.fliplr(m)", lambda: jnp.fliplr(m)), ("jnp.flipud(v)", lambda: jnp.flipud(v)), ("jnp.flipud(jnp.array(3))", lambda: jnp.flipud(jnp.array(3))),
    ("jnp.roll(m, 5)", lambda: jnp.roll(m, 5)), ("jnp.roll(m, -1, 0)", lambda: jnp.roll(m, -1, 0)), ("jnp.roll(f, [1, 7], [0, 1])", lambda: jnp.roll(f, (1, 7), (0, 1))),
    ("jnp.roll(m, 2, [0, 1])", lambda: jnp.roll(m, 2, (0, 1))), ("jnp.roll(z, 1, 1)", lambda: jnp.roll(z, 1, 1)),
    ("jnp.rot90(m)", lambda: jnp.rot90(m)), ("jnp.rot90(m, 2)", lambda: jnp.rot90(m, 2)), ("jnp.rot90(m, -1)", lambda: jnp.rot90(m, -1)),
    ("jnp.rot90(jnp.arange(24).reshape(2, 3, 4), 1, [2, 0])", lambda: jnp.rot90(jnp.arange(24).reshape(2, 3, 4), 1, (2, 0))), ("jnp.rot90(v)", lambda: jnp.rot90(v)),
    ("jnp.tile(v, 2)", lambda: jnp.tile(v, 2)), ("jnp.tile(m, [2, 1, 2])", lambda: jnp.tile(m, (2, 1, 2))), ("jnp.tile(jnp.array(5), [2, 0])", lambda: jnp.tile(jnp.array(5), (2, 0))),
    ("jnp.repeat(m, 2)", lambda: jnp.repeat(m, 2)), ("jnp.repeat(m, 3, -1)", lambda: jnp.repeat(m, 3, -1)), ("jnp.repeat(m, [1, 0, 2], 0)", lambda: jnp.repeat(m, jnp.array([1, 0, 2]), 0)),
    ("jnp.repeat(v, v, { totalRepeatLength: 8 })", lambda: jnp.repeat(v, v, total_repeat_length=8)), ("jnp.repeat(v, v, { totalRepeatLength: 4 })", lambda: jnp.repeat(v, v, total_repeat_length=4)),
    ("jnp.repeat(v, 2, { totalRepeatLength: 4 })", lambda: jnp.repeat(v, 2, total_repeat_length=4)), ("jnp.repeat(jnp.array(2.5), 3)", lambda: jnp.repeat(jnp.array(2.5), 3)),
    ("jnp.swapaxes(m, 0, -1)", lambda: jnp.swapaxes(m, 0, -1)), ("jnp.moveaxis(jnp.arange(24).reshape(2, 3, 4), [0, 1], [-1, 0])", lambda: jnp.moveaxis(jnp.arange(24).reshape(2, 3, 4), (0, 1), (-1, 0))),
    ("jnp.ravel(m, 'F')", lambda: jnp.ravel(m, 'F')), ("m.flatten()", lambda: m.flatten()),
    ("jnp.split(jnp.arange(6), 3)", lambda: jnp.split(jnp.arange(6), 3)), ("jnp.split(m, [1, 3], 1)", lambda: jnp.split(m, [1, 3], 1)), ("jnp.split(m, [-1, 10])", lambda: jnp.split(m, [-1, 10])),
    ("jnp.split(jnp.arange(7), 3)", lambda: jnp.split(jnp.arange(7), 3)), ("jnp.arraySplit(jnp.arange(7), 3)", lambda: jnp.array_split(jnp.arange(7), 3)), ("jnp.arraySplit(m, 5, 1)", lambda: jnp.array_split(m, 5, 1)),
    ("jnp.hsplit(m, 2)", lambda: jnp.hsplit(m, 2)), ("jnp.vsplit(m, 3)", lambda: jnp.vsplit(m, 3)), ("jnp.dsplit(jnp.arange(8).reshape(2, 2, 2), 2)", lambda: jnp.dsplit(jnp.arange(8).reshape(2, 2, 2), 2)),
    ("jnp.vsplit(v, 3)", lambda: jnp.vsplit(v, 3)), ("jnp.unstack(m, 1)", lambda: jnp.unstack(m, 1)),
    ("jnp.vstack([v, v])", lambda: jnp.vstack([v, v])), ("jnp.hstack([m, m])", lambda: jnp.hstack([m, m])), ("jnp.hstack([v, jnp.array([1.5])])", lambda: jnp.hstack([v, jnp.array([1.5])])),
    ("jnp.dstack([m, m])", lambda: jnp.dstack([m, m])), ("jnp.columnStack([v, v])", lambda: jnp.column_stack([v, v])), ("jnp.vstack([jnp.array(1), jnp.array(2)], 'float32')", lambda: jnp.vstack([jnp.array(1), jnp.array(2)], dtype='float32')),
    ("jnp.append(m, v)", lambda: jnp.append(m, v)), ("jnp.append(m, m, 1)", lambda: jnp.append(m, m, 1)),
    ("jnp.insert(v, 1, 9)", lambda: jnp.insert(v, 1, 9)), ("jnp.insert(v, [0, 3, 3], [7, 8, 9])", lambda: jnp.insert(v, jnp.array([0, 3, 3]), jnp.array([7, 8, 9]))),
    ("jnp.insert(m, 2, [1, 2, 3], 1)", lambda: jnp.insert(m, 2, jnp.array([1, 2, 3]), 1)), ("jnp.insert(m, [2], [[1, 2, 3]], 1)", lambda: jnp.insert(m, jnp.array([2]), jnp.array([[1, 2, 3]]), 1)),
    ("jnp.insert(m, -1, 0, 0)", lambda: jnp.insert(m, -1, 0, 0)), ("jnp.insert(f, { start: 1 }, 5, 0)", lambda: jnp.insert(f, slice(1, None), 5, 0)),
    ("jnp.delete(m, 1)", lambda: jnp.delete(m, 1)), ("jnp.delete(m, -1, 1)", lambda: jnp.delete(m, -1, 1)), ("jnp.delete(m, [0, 2, 2], 1)", lambda: jnp.delete(m, jnp.array([0, 2, 2]), 1)),
    ("jnp.delete(m, { step: 2 }, 1)", lambda: jnp.delete(m, slice(None, None, 2), 1)), ("jnp.delete(m, jnp.array([true, false, true]), 0)", lambda: jnp.delete(m, jnp.array([True, False, True]), 0)),
    ("jnp.atleast1d(jnp.array(1))", lambda: jnp.atleast_1d(jnp.array(1))), ("jnp.atleast2d(v)", lambda: jnp.atleast_2d(v)), ("jnp.atleast3d(m)", lambda: jnp.atleast_3d(m)), ("jnp.atleast3d(v)", lambda: jnp.atleast_3d(v)),
    ("jnp.tril(m)", lambda: jnp.tril(m)), ("jnp.tril(f, -1)", lambda: jnp.tril(f, -1)), ("jnp.triu(m, 1)", lambda: jnp.triu(m, 1)), ("jnp.triu(jnp.arange(24).reshape(2, 3, 4), -1)", lambda: jnp.triu(jnp.arange(24).reshape(2, 3, 4), -1)),
    ("jnp.tri(3)", lambda: jnp.tri(3)), ("jnp.tri(2, 4, -1, 'int32')", lambda: jnp.tri(2, 4, -1, 'int32')), ("jnp.tril(b)", lambda: jnp.tril(b)),
    ("jnp.diag(v)", lambda: jnp.diag(v)), ("jnp.diag(v, 2)", lambda: jnp.diag(v, 2)), ("jnp.diag(v, -1)", lambda: jnp.diag(v, -1)), ("jnp.diag(m, -1)", lambda: jnp.diag(m, -1)), ("jnp.diag(m, 5)", lambda: jnp.diag(m, 5)),
    ("jnp.diagflat(m, 1)", lambda: jnp.diagflat(m[:1, :2], 1)) if False else ("jnp.diagflat(jnp.array([[1, 2], [3, 4]]), 1)", lambda: jnp.diagflat(jnp.array([[1, 2], [3, 4]]), 1)),
    ("jnp.diagonal(m)", lambda: jnp.diagonal(m)), ("jnp.diagonal(m, 1)", lambda: jnp.diagonal(m, 1)), ("jnp.diagonal(jnp.arange(24).reshape(2, 3, 4), -1, 2, 1)", lambda: jnp.diagonal(jnp.arange(24).reshape(2, 3, 4), -1, 2, 1)),
    ("jnp.trace(m)", lambda: jnp.trace(m)), ("jnp.trace(f, 1)", lambda: jnp.trace(f, 1)), ("jnp.trace(b)", lambda: jnp.trace(b)), ("jnp.trace(jnp.arange(24).reshape(2, 3, 4), 0, 1, 2)", lambda: jnp.trace(jnp.arange(24).reshape(2, 3, 4), 0, 1, 2)),
    ("jnp.diagIndices(3)", lambda: jnp.diag_indices(3)), ("jnp.diagIndicesFrom(jnp.zeros([2, 2, 2]))", lambda: jnp.diag_indices_from(jnp.zeros((2, 2, 2)))),
    ("jnp.trilIndices(3)", lambda: jnp.tril_indices(3)), ("jnp.trilIndices(3, -1, 4)", lambda: jnp.tril_indices(3, -1, 4)), ("jnp.triuIndices(3, 1)", lambda: jnp.triu_indices(3, 1)),
    ("jnp.trilIndicesFrom(m, 1)", lambda: jnp.tril_indices_from(m, 1)), ("jnp.triuIndicesFrom(m)", lambda: jnp.triu_indices_from(m)),
    ("jnp.meshgrid(v, jnp.array([1.5, 2.5]))", lambda: jnp.meshgrid(v, jnp.array([1.5, 2.5]))), ("jnp.meshgrid(v, jnp.array([4, 5]), { indexing: 'ij' })", lambda: jnp.meshgrid(v, jnp.array([4, 5]), indexing='ij')),
    ("jnp.meshgrid(v, jnp.array([4, 5]), { sparse: true })", lambda: jnp.meshgrid(v, jnp.array([4, 5]), sparse=True)),
    ("jnp.indices([2, 3])", lambda: jnp.indices((2, 3))), ("jnp.indices([2, 3], 'float32', true)", lambda: jnp.indices((2, 3), 'float32', True)),
    ("jnp.vander(v)", lambda: jnp.vander(v)), ("jnp.vander(jnp.array([1.5, -2]), 4, true)", lambda: jnp.vander(jnp.array([1.5, -2]), 4, True)),
    ("jnp.logspace(0, 3, 4)", lambda: jnp.logspace(0, 3, 4)), ("jnp.logspace(1, 2, 5, false, 2)", lambda: jnp.logspace(1, 2, 5, False, 2.0)),
    ("jnp.geomspace(1, 1000, 4)", lambda: jnp.geomspace(1, 1000, 4)), ("jnp.geomspace(-2, -32, 5)", lambda: jnp.geomspace(-2, -32, 5)), ("jnp.geomspace(1, 256, 4, false)", lambda: jnp.geomspace(1, 256, 4, False)),
    ("jnp.bartlett(5)", lambda: jnp.bartlett(5)), ("jnp.bartlett(6)", lambda: jnp.bartlett(6)), ("jnp.blackman(7)", lambda: jnp.blackman(7)), ("jnp.hamming(6)", lambda: jnp.hamming(6)),
    ("jnp.hanning(1)", lambda: jnp.hanning(1)), ("jnp.hanning(7)", lambda: jnp.hanning(7)), ("jnp.kaiser(6, 3.5)", lambda: jnp.kaiser(6, 3.5)), ("jnp.kaiser(0, 1)", lambda: jnp.kaiser(0, 1)),
    ("jnp.select([m.lt(3), m.gt(8)], [m, m.mul(-1)], 7)", lambda: jnp.select([m < 3, m > 8], [m, -m], 7)), ("jnp.select([b], [f])", lambda: jnp.select([b], [f])),
    ("jnp.piecewise(f, [f.lt(1), f.gt(2)], [-1, 1, 0])", lambda: jnp.piecewise(f, [f < 1, f > 2], [-1, 1, 0])),
    ("jnp.takeAlongAxis(m, jnp.array([[0, 3], [1, 9], [-1, 2]]), 1)", lambda: jnp.take_along_axis(m, jnp.array([[0, 3], [1, 9], [-1, 2]]), 1)),
    ("jnp.takeAlongAxis(f, jnp.array([[0, 3], [1, 9], [-1, 2]]), 1)", lambda: jnp.take_along_axis(f, jnp.array([[0, 3], [1, 9], [-1, 2]]), 1)),
    ("jnp.takeAlongAxis(f, jnp.array([[0, 3, 9, -5]]), 0, { mode: 'clip' })", lambda: jnp.take_along_axis(f, jnp.array([[0, 3, 9, -5]]), 0, mode='clip')),
    ("jnp.takeAlongAxis(m, jnp.array([5, 0]), null)", lambda: jnp.take_along_axis(m, jnp.array([5, 0]), None)),
    ("jnp.putAlongAxis(m, jnp.array([[0], [1], [3]]), 99, 1, { inplace: false })", lambda: jnp.put_along_axis(m, jnp.array([[0], [1], [3]]), 99, 1, inplace=False)),
    ("jnp.putAlongAxis(f, jnp.array([[2, 0, 1, 2]]), jnp.array([[7, 8, 9, 10]]).astype('float32'), 0, { inplace: false })", lambda: jnp.put_along_axis(f, jnp.array([[2, 0, 1, 2]]), jnp.array([[7, 8, 9, 10]], dtype=jnp.float32), 0, inplace=False)),
]

PADS = [
    ("[2, 3]", (2, 3)), ("1", 1), ("[[1, 2], [0, 3]]", ((1, 2), (0, 3))), ("[[0, 5]]", ((0, 5),)), ("7", 7),
]
PAD_MODES = [
    ("'constant'", dict(mode='constant')), ("{ constantValues: 9 }", dict(constant_values=9)), ("{ constantValues: [[1, 2], [3, 4]] }", dict(constant_values=((1, 2), (3, 4)))),
    ("'edge'", dict(mode='edge')), ("'wrap'", dict(mode='wrap')), ("'reflect'", dict(mode='reflect')), ("'symmetric'", dict(mode='symmetric')),
    ("'reflect', { reflectType: 'odd' }", dict(mode='reflect', reflect_type='odd')), ("'symmetric', { reflectType: 'odd' }", dict(mode='symmetric', reflect_type='odd')),
    ("'linear_ramp'", dict(mode='linear_ramp')), ("'linear_ramp', { endValues: [5, -3] }", dict(mode='linear_ramp', end_values=(5, -3))),
    ("'maximum'", dict(mode='maximum')), ("'minimum', { statLength: 2 }", dict(mode='minimum', stat_length=2)), ("'mean'", dict(mode='mean')), ("'mean', { statLength: [[1, 2]] }", dict(mode='mean', stat_length=((1, 2),))),
]
for arr_js, arr in (("f", f), ("m", m), ("jnp.array([2, 5, 3])", jnp.array([2, 5, 3])), ("jnp.array([4.5])", jnp.array([4.5], jnp.float32))):
    for pw_js, pw in PADS:
        if arr.ndim == 1 and pw_js.startswith('[['):
            continue
        for mode_js, kw in PAD_MODES:
            CASES.append((f"jnp.pad({arr_js}, {pw_js}, {mode_js})", lambda arr=arr, pw=pw, kw=kw: jnp.pad(arr, pw, **kw)))
CASES += [("jnp.pad(z, 1, 'edge')", lambda: jnp.pad(z, 1, 'edge')), ("jnp.pad(z, [[0, 0], [1, 1]], 'reflect')", lambda: jnp.pad(z, ((0, 0), (1, 1)), 'reflect')),
          ("jnp.pad(z, 2)", lambda: jnp.pad(z, 2)), ("jnp.pad(m, -1)", lambda: jnp.pad(m, -1)), ("jnp.pad(m, [1, 2, 3])", lambda: jnp.pad(m, (1, 2, 3)))]


def enc(r):
    a = np.asarray(r)
    return {'shape': list(a.shape), 'dtype': str(a.dtype), 'values': [x if not (isinstance(x, float) and x != x) else 'nan' for x in a.ravel().tolist()]}


def main():
    out = []
    for js, thunk in CASES:
        try:
            r = thunk()
            if isinstance(r, (list, tuple)):
                out.append({'call': js, 'list': [enc(x) for x in r]})
            else:
                out.append({'call': js, **enc(r)})
        except Exception as e:
            out.append({'call': js, 'error': type(e).__name__})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'shape.json')
    with open(path, 'w') as fh:
        json.dump({'jax': jax.__version__, 'cases': out}, fh)
    print('wrote', path, len(out), 'cases', sum('error' in c for c in out), 'errors')


if __name__ == '__main__':
    main()
