// Structured control flow (JAX's lax.cond/switch/while_loop/fori_loop/scan), compiled to loops
// and branches in the worker program.
export { cond, switchFn as switch } from './cond.js';
export { whileLoop } from './whileLoop.js';
export { foriLoop } from './fori.js';
export { scan } from './scan.js';
