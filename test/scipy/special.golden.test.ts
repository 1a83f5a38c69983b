// jax.scipy.special and jax.scipy.stats.norm against JAX's own results (test/golden/make_special.py):
// values, shapes, dtypes and weak types, float32 and float64 (tails, 0-d, empty, NaN and
// infinities), eagerly and under jit, and JAX's gradients; where JAX raises, jaxpool raises too.
import { describe, expect, it } from 'vitest';
import { callCase, callGrad, callJitted, camel, collect, describeCase, expectClose, golden, scaleFor, withX64 } from './golden.js';

const mine = golden.cases.filter((c) => c.ns.startsWith('scipy') || (c.ns === 'grad' && c.of!.startsWith('scipy')));
const values = mine.filter((c) => c.ns !== 'grad');
const grads = mine.filter((c) => c.ns === 'grad');

describe('scipy against JAX', () => {
  it('the golden file covers every function', () => {
    const names = new Set(values.map((c) => `${c.ns}.${camel(c.fn)}`));
    for (const n of ['erf', 'erfc', 'erfinv', 'expit', 'logit', 'entr', 'gammaln', 'digamma', 'ndtr', 'ndtri', 'logNdtr', 'xlogy', 'xlog1py', 'relEntr', 'klDiv', 'logsumexp', 'softmax', 'logSoftmax', 'gammainc', 'gammaincc', 'i0', 'i0e', 'i1', 'i1e', 'gammasgn', 'gamma', 'loggamma', 'factorial', 'betaln', 'beta', 'zeta', 'polygamma', 'betainc'])
      expect(names.has(`scipy.special.${n}`), n).toBe(true);
    for (const n of ['pdf', 'logpdf', 'cdf', 'logcdf', 'sf', 'logsf', 'ppf', 'isf']) expect(names.has(`scipy.stats.norm.${n}`), n).toBe(true);
  });
  it('eagerly: values, dtypes and weak types; errors where JAX raises', () => {
    const failures = collect(values, (c) =>
      withX64(c.x64, () => {
        const what = describeCase(c);
        if (c.error) expect(() => callCase(c), `${what} should raise (JAX: ${c.error})`).toThrow();
        else expectClose(callCase(c), c.out!, what, scaleFor(c));
      }),
    );
    expect(failures).toEqual([]);
  });
  it('under jit', () => {
    const failures = collect(values.filter((x) => !x.error), (c) => withX64(c.x64, () => expectClose(callJitted(c), c.out!, `jit ${describeCase(c)}`, scaleFor(c))));
    expect(failures).toEqual([]);
  });
  it("gradients equal JAX's, eagerly and under jit", () => {
    const failures = collect(grads, (c) =>
      withX64(c.x64, () => {
        expectClose(callGrad(c), c.out as never, describeCase(c), scaleFor(c));
        expectClose(callGrad(c, true), c.out as never, `jit ${describeCase(c)}`, scaleFor(c));
      }),
    );
    expect(failures).toEqual([]);
  });
});
