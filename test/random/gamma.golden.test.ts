// Issue 17: gamma (Marsaglia–Tsang in a while loop, per-element keys as JAX's random_gamma_p),
// loggamma, beta, dirichlet, chisquare, t, f, generalizedNormal and ball, and the integer-valued
// loop samplers poisson, binomial and multinomial (whose results match exactly) against JAX 0.10 (goldens of make_random.py, x32 and
// x64, raw and typed keys, eager and jit). The accept/reject decisions match JAX's, so the
// samples agree to a few ulp (log, pow and exp are JS's Math here, XLA:CPU's there).
import { goldenSuite } from './golden.js';

goldenSuite('gamma family and poisson', ['gamma', 'loggamma', 'beta', 'dirichlet', 'chisquare', 't', 'f', 'generalizedNormal', 'ball', 'poisson', 'binomial', 'multinomial'], { loggamma: 4, f: 4, generalizedNormal: 4, gamma: 4, beta: 4, dirichlet: 4, chisquare: 4, t: 4, ball: 4 });
