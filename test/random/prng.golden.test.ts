// Issue 17: keys, split, foldIn, bits, uniform, normal and randint against JAX 0.10 (goldens of
// test/golden/make_random.py: seeds 0, 42, 2^31-1, 123456789; shapes incl. 0-d, empty and odd
// sizes; float32 and float64) through raw PRNGKeys and typed keys, eagerly and under jit. Keys,
// bits, uniform and randint are bit-exact. normal is within 3 ulp in float32 (XLA:CPU's log1p
// and ours round differently) and equal here in float64 — though XLA:CPU's float64 log1p is
// ~2^-43 off for arguments in [-0.414, -0.385], so rare float64 normals there differ by ~512 ulp.
import { goldenSuite } from './golden.js';

goldenSuite('keys, bits, uniform, normal, randint', ['PRNGKey', 'split', 'foldIn', 'bits', 'uniform', 'normal', 'randint'], { normal: { float32: 3, float16: 1, float64: 2 } });
