// jax.nn against JAX's own results (test/golden/make_special.py): values, shapes, dtypes and weak types, float32 and float64 (tails, 0-d, empty, NaN and
// infinities), eagerly and under jit, and JAX's gradients; where JAX raises, jaxpool raises too.
import { describe, expect, it } from 'vitest';
import { camel, checkAgainstJax, golden } from '../scipy/golden.js';

const mine = golden.cases.filter((c) => c.ns === 'nn' || (c.ns === 'grad' && c.of === 'nn'));
const values = mine.filter((c) => c.ns !== 'grad');
const grads = mine.filter((c) => c.ns === 'grad');

describe('nn against JAX', () => {
  it('the golden file covers every function', () => {
    const names = new Set(values.map((c) => camel(c.fn)));
    for (const n of ['relu', 'relu6', 'sigmoid', 'silu', 'swish', 'softplus', 'logSigmoid', 'softSign', 'mish', 'tanh', 'sparsePlus', 'sparseSigmoid', 'hardTanh', 'hardSigmoid', 'hardSilu', 'hardSwish', 'selu', 'elu', 'celu', 'leakyRelu', 'gelu', 'squareplus', 'identity', 'log1mexp', 'softmax', 'logSoftmax', 'logsumexp', 'logmeanexp', 'standardize', 'oneHot', 'glu', 'dotProductAttention'])
      expect(names.has(n), n).toBe(true);
  });
  checkAgainstJax(values, grads);
});
