/**
 * Pseudo-random numbers from explicit keys (JAX's `jax.random`): Threefry-2x32 keys made by
 * `key(seed)` (typed) or `PRNGKey(seed)` (raw uint32 data), `split` and `foldIn` to derive new
 * ones, and samplers that give JAX's samples for the same key — bit-exact for keys, bits, uniform,
 * randint and the discrete samplers, within a few ulp where a transcendental function follows.
 * @module
 */
export { PRNGKeyArray, PRNGKey, key, keyData, wrapKeyData, keyImpl, keyDtype, clone, type KeyLike } from './keys.js';
export { split, foldIn, bits } from './prng.js';
export { uniform, normal } from './uniform.js';
export { randint } from './randint.js';
export { bernoulli, gumbel, categorical, permutation, choice, rademacher } from './discrete.js';
export { exponential, laplace, logistic, cauchy, maxwell, lognormal, pareto, rayleigh, weibullMin, doubleSidedMaxwell, triangular, geometric, wald } from './continuous.js';
export { gamma, loggamma, beta, dirichlet, chisquare, t, f, generalizedNormal, ball } from './gamma.js';
export { truncatedNormal, multivariateNormal, orthogonal } from './normals.js';
export { poisson } from './poisson.js';
export { binomial, multinomial } from './binomial.js';
