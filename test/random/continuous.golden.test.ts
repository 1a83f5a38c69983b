// Issue 17: the continuous samplers against JAX 0.10 (goldens of test/golden/make_random.py, x32
// and x64, raw and typed keys, eager and jit). Their uniform or normal draws are bit-exact; the
// transcendental functions after them (log, log1p, exp, tan, pow, sqrt of a sum) are JS's
// Math functions here and XLA:CPU's own approximations in JAX, so results agree to within 2 ulp
// (measured: 1 ulp for most, 2 for logistic).
import { goldenSuite } from './golden.js';

goldenSuite('continuous samplers', ['exponential', 'laplace', 'logistic', 'cauchy', 'maxwell', 'lognormal', 'pareto', 'rayleigh', 'weibullMin', 'doubleSidedMaxwell', 'triangular', 'geometric', 'wald', 'gumbel'], {
  wald: 4,
  // −log(−log1p(−x)) amplifies a 1-ulp difference in log1p by 1/|log y| near y = 1.
  gumbel: 8,
  exponential: 2, laplace: 2, logistic: 2, cauchy: 2, maxwell: 2, lognormal: 2, pareto: 2, rayleigh: 2, weibullMin: 2, doubleSidedMaxwell: 2, triangular: 2,
});
