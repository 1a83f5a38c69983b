/**
 * Pseudo-random numbers from explicit keys (JAX's `jax.random`): counter-based Threefry-2x32 keys
 * and JAX's samplers, bit-exact with JAX (`random.normal(random.key(0), [3])` gives JAX's numbers).
 * @module
 */
export { PRNGKeyArray, PRNGKey, key, keyData, wrapKeyData, keyImpl, keyDtype, clone, type KeyLike } from './keys.js';
export { split, foldIn, bits } from './prng.js';
export { uniform, normal } from './uniform.js';
export { randint } from './randint.js';
export { bernoulli, gumbel, categorical, permutation, choice, rademacher } from './discrete.js';
export { exponential, laplace, logistic, cauchy, maxwell, lognormal, pareto, rayleigh, weibullMin, doubleSidedMaxwell, triangular, geometric, wald } from './continuous.js';
export { gamma, loggamma, beta, dirichlet, chisquare, t, f, generalizedNormal, ball } from './gamma.js';
export { truncatedNormal, multivariateNormal } from './normals.js';
export { poisson } from './poisson.js';
export { binomial } from './binomial.js';
