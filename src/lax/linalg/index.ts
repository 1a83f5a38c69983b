// `lax.linalg` (JAX's jax.lax.linalg): the decompositions and solves as primitives with their rules.
export { cholesky, choleskyP } from './cholesky.js';
export { triangularSolve, triangularSolveP, type TriangularSolveOptions } from './triangularSolve.js';
export { lu, luP } from './lu.js';
export { qr, qrP } from './qr.js';
export { eigh, eighP, type EighOptions } from './eigh.js';
export { eig, eigP, type EigOptions } from './eig.js';
export { svd, svdP } from './svd.js';
export { householderProduct, householderProductP } from './householderProduct.js';
export { luPivotsToPermutation, luPivotsToPermutationP } from './luPivots.js';
