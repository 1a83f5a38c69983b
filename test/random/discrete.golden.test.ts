// Issue 17: bernoulli, categorical, choice, permutation and rademacher against JAX 0.10 (goldens
// of test/golden/make_random.py, x32 and x64, raw and typed keys, eager and jit): exact — they
// compare or sort draws that are themselves bit-exact (categorical adds logits to Gumbel noise,
// −log(−log u), where a 1-ulp log difference could only flip a near-tie).
import { goldenSuite } from './golden.js';

goldenSuite('discrete samplers', ['bernoulli', 'categorical', 'choice', 'permutation', 'rademacher']);
