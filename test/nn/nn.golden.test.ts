// jax.nn against JAX's own results (test/golden/make_special.py): values, shapes, dtypes and weak types, float32 and float64 (tails, 0-d, empty, NaN and
// infinities), eagerly and under jit, and JAX's gradients; where JAX raises, jaxpool raises too.
import { describe, expect, it } from 'vitest';
import { callCase, callGrad, callJitted, camel, collect, describeCase, expectClose, golden, scaleFor, withX64 } from '../scipy/golden.js';

const mine = golden.cases.filter((c) => c.ns === 'nn' || (c.ns === 'grad' && c.of === 'nn'));
const values = mine.filter((c) => c.ns !== 'grad');
const grads = mine.filter((c) => c.ns === 'grad');

describe('nn against JAX', () => {
  it('the golden file covers every function', () => {
    const names = new Set(values.map((c) => camel(c.fn)));
    for (const n of ['relu', 'relu6', 'sigmoid', 'silu', 'swish', 'softplus', 'logSigmoid', 'softSign', 'mish', 'tanh', 'sparsePlus', 'sparseSigmoid', 'hardTanh', 'hardSigmoid', 'hardSilu', 'hardSwish', 'selu', 'elu', 'celu', 'leakyRelu', 'gelu', 'squareplus', 'identity', 'log1mexp', 'softmax', 'logSoftmax', 'logsumexp', 'logmeanexp', 'standardize', 'oneHot', 'glu', 'dotProductAttention'])
      expect(names.has(n), n).toBe(true);
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
