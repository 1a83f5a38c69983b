"""SciPy's exponential integrals (expn, exp1, expi) for jaxpool's scipy.special, in float64.

JAX 0.10 ports these from Cephes, as SciPy's are, so SciPy's values are the reference (JAX's own
expn is slow to trace here: jnp.vectorize over while loops). Where JAX 0.10 is wrong, jaxpool
follows the definition and SciPy: E_n(0) = 1/(n-1) for n >= 2 (JAX: 1/n), E_n(inf) = 0 and
Ei(0) = -inf, Ei(+-inf) = inf, 0 (JAX: NaN). Writes expint.json: {fn: [[args...,
result], ...]} with "nan"/"inf"/"-inf" strings; read by test/scipy/expint.test.ts.
Run: /work/venv/bin/python test/golden/make_expint.py   (scipy 1.17)
"""
import json
import math
import os

import scipy.special as sp

nan, inf = float('nan'), float('inf')


def enc(v):
    v = float(v)
    return ('nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')) if not math.isfinite(v) else v


EN = [0, 1, 1, 2, 3, 5, 1, 2, 10, 1, 0, 2, 6000, 4, 1]
EX = [0.5, 1e-3, 0.7, 1.0, 1.5, 4.0, 30.0, 0.0, 0.2, 0.0, 0.0, 700.0, 3.0, 1e-8, 2.5]
E1X = [1e-10, 1e-3, 0.5, 1.0, 1.5, 5.0, 20.0, 100.0, 700.0, 0.0, inf]
EIX = [0.0, inf, -inf, -50.0, -5.0, -1.0, -1e-3, 1e-3, 0.5, 1.9, 2.0, 3.0, 5.0, 7.5, 12.0, 20.0, 40.0, 63.0, 65.0, 300.0, 700.0]
out = {
    'expn': [[n, x, enc(sp.expn(n, x))] for n, x in zip(EN, EX)],
    'exp1': [[enc(x), enc(sp.exp1(x))] for x in E1X],
    'expi': [[enc(x), enc(sp.expi(x))] for x in EIX],
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'expint.json'), 'w') as f:
    json.dump(out, f)
print({k: len(v) for k, v in out.items()})
