"""Goldens for jaxpool's lax convolutions (test/lax/conv.test.ts), from JAX 0.10 on CPU: outputs
of conv_general_dilated / conv / conv_with_general_padding / conv_transpose over many
configurations, and the gradients w.r.t. lhs and rhs of sum(out * ct) for a random cotangent ct.
Options are written with jaxpool's camelCase names. Run: /work/venv/bin/python test/golden/make_conv.py"""
import json, os
import numpy as np
import jax
jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp
from jax import lax

rng = np.random.default_rng(7)

def enc(x):
    x = np.asarray(x)
    # float32 values by their shortest repr (the same float32 when read back, a smaller file).
    fl = (lambda v: float(str(v))) if x.dtype == np.float32 else float
    return {'shape': list(x.shape), 'dtype': str(x.dtype), 'data': [fl(v) if x.dtype.kind == 'f' else int(v) for v in x.ravel()]}

CAMEL = {'lhs_dilation': 'lhsDilation', 'rhs_dilation': 'rhsDilation', 'dimension_numbers': 'dimensionNumbers',
         'feature_group_count': 'featureGroupCount', 'batch_group_count': 'batchGroupCount',
         'transpose_kernel': 'transposeKernel', 'use_consistent_padding': 'useConsistentPadding'}
FNS = {'conv_general_dilated': lax.conv_general_dilated, 'conv': lax.conv,
       'conv_with_general_padding': lax.conv_with_general_padding, 'conv_transpose': lax.conv_transpose}

cases = []
def case(name, lhs_shape, rhs_shape, strides, padding, fn='conv_general_dilated', dtypes=('float32', 'float64'), grads=True, **kw):
    for dt in dtypes:
        lhs = rng.uniform(-1, 1, lhs_shape).astype(dt)
        rhs = rng.uniform(-1, 1, rhs_shape).astype(dt)
        f = lambda l, r: FNS[fn](l, r, strides, padding, **kw)
        out = f(jnp.asarray(lhs), jnp.asarray(rhs))
        c = {'name': name, 'fn': fn, 'dtype': dt, 'lhs': enc(lhs), 'rhs': enc(rhs), 'strides': list(strides),
             'padding': padding if isinstance(padding, str) else [list(p) for p in padding],
             'kwargs': {CAMEL[k]: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}, 'out': enc(out)}
        if grads:
            ct = rng.uniform(-1, 1, out.shape).astype(dt)
            gl, gr = jax.grad(lambda l, r: jnp.sum(f(l, r) * ct), argnums=(0, 1))(jnp.asarray(lhs), jnp.asarray(rhs))
            c.update(ct=enc(ct), grad_lhs=enc(gl), grad_rhs=enc(gr))
        cases.append(c)

# 2-d, NCHW / OIHW (the default), strides and padding modes
case('2d_valid', (2, 3, 6, 5), (4, 3, 3, 2), (1, 1), 'VALID')
case('2d_same', (2, 3, 6, 5), (4, 3, 3, 3), (1, 1), 'SAME')
case('2d_same_lower_stride', (1, 2, 7, 6), (3, 2, 2, 3), (2, 2), 'SAME_LOWER')
case('2d_same_stride2', (2, 2, 7, 8), (3, 2, 3, 3), (2, 3), 'SAME')
case('2d_explicit_pad', (1, 2, 5, 5), (2, 2, 3, 3), (1, 2), ((1, 2), (0, 1)))
case('2d_negative_pad', (1, 2, 6, 6), (2, 2, 2, 2), (1, 1), ((-1, 0), (0, -2)))
case('2d_rhs_dilation', (1, 2, 8, 7), (2, 2, 3, 2), (1, 1), 'SAME', rhs_dilation=(2, 3))
case('2d_lhs_dilation', (1, 2, 4, 3), (2, 2, 3, 2), (1, 1), ((2, 2), (1, 0)), lhs_dilation=(2, 3))
case('2d_both_dilations_stride', (2, 2, 5, 6), (3, 2, 2, 3), (2, 1), ((1, 1), (2, 0)), lhs_dilation=(2, 1), rhs_dilation=(1, 2))
case('2d_groups', (2, 6, 5, 5), (4, 3, 3, 3), (1, 1), 'SAME', feature_group_count=2)
case('2d_depthwise', (1, 4, 5, 6), (8, 1, 3, 3), (1, 2), 'VALID', feature_group_count=4)
case('2d_batch_groups', (4, 3, 5, 5), (6, 3, 2, 2), (1, 1), 'VALID', batch_group_count=2)
case('2d_nhwc', (2, 6, 5, 3), (3, 3, 3, 4), (1, 1), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))
case('2d_nhwc_stride', (1, 9, 8, 4), (3, 2, 4, 5), (2, 2), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))
case('2d_mixed_layout', (5, 2, 3, 4), (3, 2, 4, 3), (1, 2), 'VALID', dimension_numbers=('HNCW', 'IHOW', 'WCNH'))
case('2d_nhwc_groups', (1, 5, 5, 4), (3, 3, 2, 6), (1, 1), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'), feature_group_count=2)
# features contiguous (NHWC) and at least 8 of them: the patch is gathered by byte copies
case('2d_nhwc_c8', (2, 5, 6, 8), (3, 3, 8, 4), (1, 2), ((1, 1), (2, 0)), dimension_numbers=('NHWC', 'HWIO', 'NHWC'))
case('2d_nhwc_groups_c8', (1, 5, 5, 16), (3, 2, 8, 6), (2, 1), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'), feature_group_count=2)
case('2d_nhwc_batch_groups_c8', (4, 4, 5, 8), (2, 2, 8, 6), (1, 1), 'VALID', dimension_numbers=('NHWC', 'HWIO', 'NHWC'), batch_group_count=2)
case('2d_1x1', (1, 1, 1, 1), (1, 1, 1, 1), (1, 1), 'VALID')
case('2d_1x1_kernel', (2, 3, 4, 4), (5, 3, 1, 1), (1, 1), 'VALID')
case('2d_kernel_larger_than_input', (1, 1, 2, 2), (1, 1, 3, 3), (1, 1), 'SAME')
case('2d_big_f32', (2, 12, 12, 16), (3, 3, 16, 16), (1, 1), 'SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'), dtypes=('float32',))
case('2d_big_nchw_f32', (1, 8, 20, 20), (12, 8, 3, 3), (2, 1), 'SAME', dtypes=('float32',))
# 1-d and 3-d
case('1d_valid', (2, 3, 9), (2, 3, 4), (1,), 'VALID')
case('1d_same_stride', (1, 2, 10), (3, 2, 3), (3,), 'SAME', rhs_dilation=(2,))
case('1d_nwc', (2, 7, 3), (3, 3, 4), (2,), ((1, 2),), dimension_numbers=('NWC', 'WIO', 'NWC'))
case('3d_same', (1, 2, 4, 5, 3), (3, 2, 2, 3, 2), (1, 1, 1), 'SAME')
case('3d_ndhwc_stride', (1, 5, 4, 6, 2), (3, 2, 2, 2, 3), (2, 1, 2), 'VALID', dimension_numbers=('NDHWC', 'DHWIO', 'NDHWC'))
case('3d_dilated_groups', (1, 4, 5, 5, 4), (4, 2, 2, 2, 2), (1, 2, 1), ((1, 0), (0, 1), (1, 1)), rhs_dilation=(2, 1, 2), feature_group_count=2)
# 0 spatial dims (a plain matmul) and empty arrays
case('0d', (3, 4), (5, 4), (), ())
case('empty_batch', (0, 2, 4, 4), (3, 2, 2, 2), (1, 1), 'VALID')
case('empty_out_features', (1, 2, 4, 4), (0, 2, 2, 2), (1, 1), 'VALID')
case('empty_features', (1, 0, 4, 4), (3, 0, 2, 2), (1, 1), 'SAME')
case('empty_output_spatial', (1, 2, 2, 4), (3, 2, 3, 2), (1, 1), 'VALID')
# integers keep their dtype
case('int32', (1, 2, 4, 4), (2, 2, 2, 2), (1, 1), 'SAME', dtypes=('int32',), grads=False)
# the wrappers
case('conv', (2, 3, 5, 6), (2, 3, 3, 3), (1, 2), 'SAME', fn='conv')
case('conv_with_general_padding', (1, 2, 4, 5), (3, 2, 2, 3), (1, 1), ((1, 1), (0, 2)), fn='conv_with_general_padding', lhs_dilation=(2, 1), rhs_dilation=(1, 2))
case('conv_transpose_same', (1, 4, 4, 2), (3, 3, 2, 3), (2, 2), 'SAME', fn='conv_transpose')
case('conv_transpose_valid', (2, 3, 5, 2), (2, 3, 2, 3), (2, 1), 'VALID', fn='conv_transpose')
case('conv_transpose_explicit', (1, 4, 3, 2), (3, 2, 2, 2), (2, 2), ((1, 0), (2, 1)), fn='conv_transpose')
case('conv_transpose_kernel_flip', (1, 3, 3, 2), (3, 3, 4, 2), (2, 2), 'SAME', fn='conv_transpose', transpose_kernel=True)
case('conv_transpose_consistent', (1, 4, 4, 2), (3, 3, 2, 3), (2, 2), ((1, 1), (1, 0)), fn='conv_transpose', use_consistent_padding=True)
case('conv_transpose_1d_dilated', (1, 5, 2), (3, 2, 2), (3,), 'SAME', fn='conv_transpose', rhs_dilation=(2,))

# The dimension numbers of a few layouts (lax.conv_dimension_numbers).
dims = []
for lhs_s, rhs_s, spec in [((2, 3, 4, 5), (6, 3, 2, 2), None), ((2, 4, 5, 3), (2, 2, 3, 6), ('NHWC', 'HWIO', 'NHWC')),
                           ((5, 2, 3, 4), (3, 2, 4, 3), ('HNCW', 'IHOW', 'WCNH')), ((1, 2, 3, 4, 5), (1, 2, 3, 4, 5), ('NCDHW', 'ODHWI', 'NDHWC'))]:
    dn = lax.conv_dimension_numbers(lhs_s, rhs_s, spec)
    dims.append({'lhs': list(lhs_s), 'rhs': list(rhs_s), 'spec': list(spec) if spec else None,
                 'lhsSpec': list(dn.lhs_spec), 'rhsSpec': list(dn.rhs_spec), 'outSpec': list(dn.out_spec)})

# conv_general_dilated_patches: values and the gradient w.r.t. lhs.
patches = []
for name, shape, filt, strides, padding, kw in [
        ('nchw', (1, 2, 5, 4), (2, 3), (1, 1), 'SAME', {}),
        ('nhwc_dilated', (2, 5, 6, 3), (2, 2), (2, 1), 'VALID', {'rhs_dilation': (1, 2), 'dimension_numbers': ('NHWC', 'HWIO', 'NHWC')}),
        ('1d_lhs_dilation', (1, 3, 4), (3,), (1,), ((1, 1),), {'lhs_dilation': (2,)})]:
    for dt in ('float32', 'float64'):
        lhs = rng.uniform(-1, 1, shape).astype(dt)
        f = lambda l: lax.conv_general_dilated_patches(l, filt, strides, padding, **kw)
        out = f(jnp.asarray(lhs))
        ct = rng.uniform(-1, 1, out.shape).astype(dt)
        patches.append({'name': name, 'dtype': dt, 'lhs': enc(lhs), 'filterShape': list(filt), 'strides': list(strides),
                        'padding': padding if isinstance(padding, str) else [list(p) for p in padding],
                        'kwargs': {CAMEL[k]: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}, 'out': enc(out),
                        'ct': enc(ct), 'grad_lhs': enc(jax.grad(lambda l: jnp.sum(f(l) * ct))(jnp.asarray(lhs)))})

# The shape helpers.
shapes = []
def shape_case(fn, *args):
    shapes.append({'fn': fn, 'args': [list(a) if isinstance(a, tuple) and not (a and isinstance(a[0], tuple)) else a for a in args],
                   'out': json.loads(json.dumps(getattr(lax, fn)(*args), default=int))})
shape_case('conv_shape_tuple', (2, 3, 9, 8), (4, 3, 3, 2), (2, 1), 'SAME')
shape_case('conv_shape_tuple', (2, 3, 9, 8), (4, 3, 3, 2), (2, 3), ((1, 0), (2, 2)))
shape_case('conv_shape_tuple', (4, 3, 9, 8), (4, 3, 3, 2), (1, 1), 'VALID', 2)
shape_case('conv_general_shape_tuple', (2, 9, 8, 3), (3, 2, 3, 4), (2, 2), 'SAME', ('NHWC', 'HWIO', 'NHWC'))
shape_case('conv_general_shape_tuple', (5, 2, 3, 4), (3, 2, 4, 3), (1, 2), 'VALID', ('HNCW', 'IHOW', 'WCNH'))
shape_case('conv_transpose_shape_tuple', (1, 4, 4, 2), (3, 3, 2, 5), (2, 2), 'SAME', ('NHWC', 'HWIO', 'NHWC'))
shape_case('conv_transpose_shape_tuple', (1, 4, 5, 2), (3, 2, 2, 5), (2, 3), 'VALID', ('NHWC', 'HWIO', 'NHWC'))
shape_case('conv_transpose_shape_tuple', (1, 2, 4, 5), (5, 2, 3, 2), (2, 1), ((1, 0), (0, 2)), ('NCHW', 'OIHW', 'NCHW'))
shape_case('reduce_window_shape_tuple', (7, 8), (2, 3), (2, 1), ((1, 0), (0, 2)))
shape_case('reduce_window_shape_tuple', (7, 8), (2, 3), (2, 1), ((1, 0), (0, 2)), (2, 1), (1, 3))
shape_case('padtype_to_pads', (7, 8, 5), (3, 4, 1), (2, 3, 1), 'SAME')
shape_case('padtype_to_pads', (7, 8, 5), (3, 4, 2), (2, 3, 1), 'SAME_LOWER')
shape_case('padtype_to_pads', (7, 8), (3, 4), (2, 3), 'VALID')

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'conv.json')
with open(out, 'w') as f:
    json.dump({'jax': jax.__version__, 'cases': cases, 'dimensionNumbers': dims, 'patches': patches, 'shapes': shapes}, f)
print(f'wrote {len(cases)} cases to {out}')
