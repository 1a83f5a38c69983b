// jax.scipy.special, jax.scipy.stats.norm and the lax-level special functions against JAX's own results (test/golden/make_special.py):
// values, shapes, dtypes and weak types, float32 and float64 (tails, 0-d, empty, NaN and
// infinities), eagerly and under jit, and JAX's gradients; where JAX raises, jaxpool raises too.
import { describe, expect, it } from 'vitest';
import { camel, checkAgainstJax, golden } from './golden.js';

const mine = golden.cases.filter((c) => c.ns.startsWith('scipy') || c.ns === 'lax' || (c.ns === 'grad' && (c.of!.startsWith('scipy') || c.of === 'lax')));
const values = mine.filter((c) => c.ns !== 'grad');
const grads = mine.filter((c) => c.ns === 'grad');

describe('scipy against JAX', () => {
  it('the golden file covers every function', () => {
    const names = new Set(values.map((c) => `${c.ns}.${camel(c.fn)}`));
    for (const n of ['erf', 'erfc', 'erfinv', 'expit', 'logit', 'entr', 'gammaln', 'digamma', 'ndtr', 'ndtri', 'logNdtr', 'xlogy', 'xlog1py', 'relEntr', 'klDiv', 'logsumexp', 'softmax', 'logSoftmax', 'gammainc', 'gammaincc', 'i0', 'i0e', 'i1', 'i1e', 'gammasgn', 'gamma', 'loggamma', 'factorial', 'betaln', 'beta', 'zeta', 'polygamma', 'betainc', 'boxcox', 'boxcox1p', 'comb', 'multigammaln', 'poch', 'erfcx', 'spence', 'bernoulli'])
      expect(names.has(`scipy.special.${n}`), n).toBe(true);
    for (const n of ['erf', 'erfc', 'erfInv', 'lgamma', 'digamma', 'logistic', 'besselI0e', 'besselI1e', 'igamma', 'igammac', 'igammaGradA', 'randomGammaGrad', 'zeta', 'polygamma', 'betainc'])
      expect(names.has(`lax.${n}`), n).toBe(true);
    for (const n of ['pdf', 'logpdf', 'cdf', 'logcdf', 'sf', 'logsf', 'ppf', 'isf']) expect(names.has(`scipy.stats.norm.${n}`), n).toBe(true);
  });
  checkAgainstJax(values, grads);
});
