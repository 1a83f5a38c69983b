/**
 * Neural-network functions (JAX's `jax.nn`): activations, softmax and its relatives, normalization,
 * one-hot encoding and dot-product attention, with JAX's formulas, dtype rules and derivatives.
 * @module
 */
export * from './activations.js';
export { softmax, logSoftmax, logsumexp, logmeanexp, standardize, oneHot, glu, type SoftmaxOptions, type LogmeanexpOptions, type StandardizeOptions, type OneHotOptions } from './softmax.js';
export { dotProductAttention, type AttentionOptions } from './attention.js';
