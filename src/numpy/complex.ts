// jnp's complex-number functions: real, imag, conj/conjugate, angle and the complex predicates
// (JAX's definitions: on real arrays real/conj return the array, imag its zeros).
import { type Array, type ArrayLike, arrayMethods } from '../core/array.js';
import { bindArgs, boolArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { bool, defaultFloat } from '../core/dtypes.js';
import { conj as laxConj, imag as laxImag, real as laxReal } from '../lax/complex.js';
import { convertElementType, eq, mul, ne } from '../lax/elementwise.js';
import { full, zerosLike } from '../lax/structural.js';
import { atan2 } from '../lax/transcendental.js';
import { declare } from './declare.js';

const isComplex = (x: Array) => x.dtype.kind === 'c';

/** Return the element-wise real part of the complex argument (a real array itself). */
export const real = declare('real', { arrays: 1, arity: 1, impl: (val: ArrayLike): Array => (isComplex(asArray(val)) ? laxReal(val) : asArray(val)) });

/** Return element-wise imaginary part of the complex argument (zeros for a real array). */
export const imag = declare('imag', {
  arrays: 1,
  arity: 1,
  impl: (val: ArrayLike): Array => {
    const x = asArray(val);
    return isComplex(x) ? laxImag(x) : zerosLike(x);
  },
});

/** Return the complex conjugate of the array, element-wise (a real array itself). */
export const conjugate = declare('conjugate', {
  arrays: 1,
  arity: 1,
  method: 'conjugate',
  impl: (x: ArrayLike): Array => (isComplex(asArray(x)) ? laxConj(x) : asArray(x)),
});

/** Alias of conjugate (JAX's `jnp.conj`, `x.conj()`). */
export const conj = declare('conj', { arrays: 1, arity: 1, method: 'conj', impl: (x: ArrayLike): Array => conjugate(x) });

/** angle's options. */
export interface AngleOptions {
  /** Degrees instead of radians. */
  deg?: boolean;
}

/** Return the angle of a complex valued number or array: atan2(imag, real), in radians or, with `deg`, degrees. */
export const angle = declare('angle', {
  arrays: 1,
  arity: 2,
  impl: (z: ArrayLike, deg?: boolean | AngleOptions): Array => {
    const o = bindArgs('angle', ['deg'], [deg]);
    const inDeg = boolArg('angle', 'deg', o.deg, false);
    const x = asArray(z);
    let re = isComplex(x) ? laxReal(x) : x;
    let im = isComplex(x) ? laxImag(x) : zerosLike(x);
    // Integer and bool inputs (and real 0-d ones, as JAX) compute in the default float.
    if (re.dtype.kind !== 'f' || (x.dtype.kind === 'f' && x.ndim === 0)) {
      re = convertElementType(re, defaultFloat());
      im = convertElementType(im, defaultFloat());
    }
    const r = atan2(im, re);
    return inDeg ? mul(r, full(r.shape, 180 / Math.PI, r.dtype, r.weakType)) : r;
  },
});

/** Check if the input is a complex number or an array containing complex elements: whether its dtype is complex. */
export const iscomplexobj = declare('iscomplexobj', { arrays: 0, arity: 1, impl: (x: ArrayLike): boolean => isComplex(asArray(x)) });

/** Check if the input is not a complex number or an array containing complex elements. */
export const isrealobj = declare('isrealobj', { arrays: 0, arity: 1, impl: (x: ArrayLike): boolean => !isComplex(asArray(x)) });

/** Return boolean array showing where the input is complex: a nonzero imaginary part. */
export const iscomplex = declare('iscomplex', {
  arrays: 1,
  arity: 1,
  impl: (x: ArrayLike): Array => {
    const a = asArray(x);
    return isComplex(a) ? ne(laxImag(a), zerosLike(laxImag(a))) : full(a.shape, false, bool);
  },
});

/** Return boolean array showing where the input is real: a zero imaginary part. */
export const isreal = declare('isreal', {
  arrays: 1,
  arity: 1,
  impl: (x: ArrayLike): Array => {
    const a = asArray(x);
    return isComplex(a) ? eq(laxImag(a), zerosLike(laxImag(a))) : full(a.shape, true, bool);
  },
});

// x.real and x.imag (properties on Array, as JAX's).
Object.assign(arrayMethods, { real: (a: Array) => real(a), imag: (a: Array) => imag(a) });
