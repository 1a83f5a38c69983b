// Which jnp functions take complex arrays. Many jnp functions branch on a dtype's kind (float
// path, integer path); given a complex array such a branch could compute on one part silently.
// So a complex argument to a function not listed here is a DtypeError (declare.ts checks), and a
// function joins the list once its complex behaviour is JAX's and tested (test/complex).
import { Array } from '../core/array.js';
import { isComplexLike } from '../core/convert.js';
import { DtypeError } from '../core/errors.js';
import { imag, real } from '../lax/complex.js';
import { eq, select } from '../lax/elementwise.js';

/** The jnp functions whose complex behaviour is JAX's (by jnp name). */
export const COMPLEX_FUNCTIONS: ReadonlySet<string> = new Set([
  // creation and conversion
  'array', 'asarray', 'zerosLike', 'onesLike', 'fullLike', 'astype',
  // shapes and joins: the same ops on both parts
  'reshape', 'transpose', 'broadcastTo', 'expandDims', 'squeeze', 'flip', 'fliplr', 'flipud', 'roll', 'rot90', 'tile',
  'repeat', 'swapaxes', 'moveaxis', 'ravel', 'concatenate', 'stack', 'split', 'arraySplit', 'hsplit', 'vsplit', 'dsplit',
  'unstack', 'atleast1d', 'atleast2d', 'atleast3d', 'vstack', 'hstack', 'dstack', 'columnStack', 'append', 'take',
  'takeAlongAxis', 'where', 'pad', 'tril', 'triu', 'diagonal', 'trace', 'diag',
  // arithmetic and comparison
  'add', 'subtract', 'multiply', 'divide', 'trueDivide', 'negative', 'positive', 'equal', 'notEqual', 'power', 'square',
  'reciprocal',
  // elementary functions
  'exp', 'log', 'log1p', 'expm1', 'sqrt', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'log10', 'log2', 'exp2',
  'abs', 'absolute', 'sign', 'arcsin', 'arccos', 'arctan', 'arcsinh', 'arccosh', 'arctanh',
  // complex parts and predicates
  'real', 'imag', 'conj', 'conjugate', 'angle', 'iscomplex', 'isreal', 'iscomplexobj', 'isrealobj', 'isnan', 'isinf',
  'isfinite', 'isclose', 'allclose', 'arrayEqual',
  // reductions and products
  'sum', 'mean', 'prod', 'cumsum', 'matmul', 'dot', 'vdot', 'inner', 'outer', 'tensordot', 'kron',
  // ordering: lexicographic, by the real part and then the imaginary part (as JAX)
  'less', 'lessEqual', 'greater', 'greaterEqual', 'maximum', 'minimum', 'fmax', 'fmin', 'max', 'min',
  'nanmax', 'nanmin', 'ptp', 'sort', 'argsort', 'lexsort',
  // statistics (variances are real) and cumulative reductions
  'var', 'std', 'nanvar', 'nanstd', 'nansum', 'nanmean', 'nanprod', 'average', 'cumprod', 'nancumsum', 'nancumprod',
  'cumulativeSum', 'cumulativeProd', 'diff', 'ediff1d', 'convolve', 'correlate',
  // polynomials (complex eig of the companion matrix)
  'roots',
]);

/** jnp functions JAX itself rejects for complex input, with its reason (a DtypeError in jaxpool). */
const COMPLEX_REJECTED: ReadonlyMap<string, string> = new Map([
  ...['argmax', 'argmin', 'nanargmax', 'nanargmin'].map((n): [string, string] => [n, 'JAX orders complex values only by max/min and sort; it has no complex argmax/argmin (lax.gt/lt reject complex). Use jnp.argsort, or take jnp.real/jnp.abs first.']),
  ['clip', 'complex values have no ordering and cannot be clipped (as in JAX); clip jnp.real/jnp.imag separately, or jnp.abs.'],
  ...['median', 'nanmedian', 'quantile', 'nanquantile', 'percentile', 'nanpercentile'].map((n): [string, string] => [n, 'quantiles of complex input are poorly defined and JAX does not support them; take jnp.real/jnp.imag/jnp.abs first.']),
  ...['partition', 'argpartition'].map((n): [string, string] => [n, 'JAX does not implement it for complex dtypes; use jnp.sort/jnp.argsort (lexicographic order).']),
]);

/** Whether a jnp argument holds complex values (an Array of a complex dtype, a `{re, im}` number, or JS arrays of them). */
function isComplexArg(x: unknown, depth = 0): boolean {
  if (x instanceof Array) return x.dtype.kind === 'c';
  if (isComplexLike(x)) return true;
  return depth < 8 && globalThis.Array.isArray(x) && x.some((e) => isComplexArg(e, depth + 1));
}

/** `f` raising a DtypeError when one of its `arrays` leading arguments is complex and `name` is not in COMPLEX_FUNCTIONS. */
export function complexChecked<F extends (...args: never[]) => unknown>(name: string, arrays: number, f: F): F {
  if (COMPLEX_FUNCTIONS.has(name) || arrays === 0) return f;
  return ((...args: unknown[]) => {
    for (let i = 0; i < Math.min(arrays, args.length); i++)
      if (isComplexArg(args[i]))
        throw new DtypeError(
          COMPLEX_REJECTED.has(name) ? `jnp.${name} does not accept complex arrays: ${COMPLEX_REJECTED.get(name)}` : `jnp.${name} does not support complex arrays in jaxpool yet; take jnp.real/jnp.imag/jnp.abs first.`,
        );
    return (f as unknown as (...a: unknown[]) => unknown)(...args);
  }) as unknown as F;
}

/** JAX's _complex_comparison: complex operands compare by their real parts, and by their imaginary parts where the real parts are equal. */
export function complexComparison(op: (x: Array, y: Array) => Array): (x: Array, y: Array) => Array {
  return (x, y) => (x.dtype.kind === 'c' ? select(eq(real(x), real(y)), op(imag(x), imag(y)), op(real(x), real(y))) : op(x, y));
}
