// jnp dtype helpers (resultType, promoteTypes, issubdtype, broadcastShapes) and the dtype values.
import { Array, type ArrayLike } from '../core/array.js';
import { shapeArg } from '../core/args.js';
import { asArray, isComplexLike, scalarType } from '../core/convert.js';
import * as core from '../core/dtypes.js';
import { AbstractDType, DType, type DTypeLike, type TypeInfo, defaultComplex, defaultFloat, dtype as toDtype, int32, promoteInfos } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { broadcastShapes as coreBroadcastShapes } from '../core/shape.js';
import { declare } from './declare.js';

export {
  /** The boolean dtype (NumPy's `bool`). */
  bool,
  /** 8-bit signed integers. */
  int8,
  /** 16-bit signed integers. */
  int16,
  /** 8-bit unsigned integers. */
  uint8,
  /** 16-bit unsigned integers. */
  uint16,
  /** 32-bit unsigned integers (wrapping modulo 2^32, as JAX). */
  uint32,
  /** 32-bit signed integers (what JS integers become). */
  int32,
  /** 16-bit floats: stored in 16 bits, each op computed in float32 and rounded to nearest even. */
  float16,
  /** 32-bit floats (the default float). */
  float32,
  /** 64-bit floats (with `config.update('enableX64', true)`). */
  float64,
  /** Complex numbers of two float32s, stored as interleaved (re, im) pairs. */
  complex64,
  /** Complex numbers of two float64s (with `config.update('enableX64', true)`). */
  complex128,
  /** The abstract dtype of every complex dtype (`issubdtype(d, jnp.complexfloating)`). */
  complexfloating,
  /** The abstract dtype of every integer dtype (`issubdtype(d, jnp.integer)`). */
  integer,
  /** The abstract dtype of every floating dtype. */
  floating,
  /** The abstract dtype of every inexact (floating and complex) dtype. */
  inexact,
  /** The abstract dtype of every numeric dtype (not bool). */
  number,
  /** The abstract dtype of every dtype. */
  generic,
} from '../core/dtypes.js';

/**
 * Return the result of applying JAX promotion rules to the inputs: arrays, dtypes, dtype names
 * JS numbers and `{re, im}` complex numbers; `'float'`, `'int'` and `'complex'` stand for Python's
 * float, int and complex (weak, as in `jnp.result_type(float, x.dtype)`). A DtypeError for an abstract dtype.
 */
export const resultType = declare('resultType', {
  arrays: 0,
  impl: (...args: (ArrayLike | DType | DTypeLike)[]): DType => {
    const infos: TypeInfo[] = args.map((a) => {
      if (a instanceof Array) return { dtype: a.dtype, weak: a.weakType };
      if (a instanceof DType) return { dtype: a, weak: false };
      if (a === 'float') return { dtype: defaultFloat(), weak: true };
      if (a === 'int') return { dtype: int32, weak: true };
      if (a === 'complex' || isComplexLike(a)) return { dtype: defaultComplex(), weak: true };
      if (typeof a === 'number' || typeof a === 'boolean') return scalarType(a);
      if (typeof a === 'string') return { dtype: toDtype(a), weak: false };
      if ((a as unknown) instanceof AbstractDType) throw new DtypeError(`resultType got the abstract dtype ${a}; pass concrete dtypes.`);
      const x = asArray(a as ArrayLike);
      return { dtype: x.dtype, weak: x.weakType };
    });
    return promoteInfos(infos).dtype;
  },
});

/** Returns the type to which a binary operation should cast its arguments (JAX's lattice; a DtypeError for an unknown dtype). */
export const promoteTypes = declare('promoteTypes', { arity: 2, arrays: 0, impl: core.promoteTypes });

/** Return true if the first dtype is equal to or lower than the second in the type hierarchy (`issubdtype(int32, jnp.integer)`). */
export const issubdtype = declare('issubdtype', {
  arrays: 0,
  // Anything but a dtype, an abstract dtype or a dtype's name is a DtypeError (it compared unequal).
  impl: (a: DType | AbstractDType | core.DTypeName, b: DType | AbstractDType | core.DTypeName, ...extra: unknown[]): boolean => {
    if (extra.length) throw new TypeError(`issubdtype() takes 2 arguments but ${2 + extra.length} were given.`);
    for (const d of [a, b])
      if (typeof d !== 'string' && !(d instanceof DType) && !(d instanceof AbstractDType))
        throw new DtypeError(`issubdtype(): ${d === null ? 'null' : typeof d === 'object' ? 'an object' : String(d)} is not a dtype; give a dtype, its name, or an abstract dtype such as jnp.integer.`);
    return core.issubdtype(a, b);
  },
});

/** Broadcast input shapes to a common output shape (NumPy's rules); a ShapeError when they do not broadcast. */
export const broadcastShapes = declare('broadcastShapes', {
  arrays: 0,
  // Each shape checked first: a string, null or negative dimension is a ShapeError, not a crash inside.
  impl: (...shapes: (number | readonly number[])[]): number[] => coreBroadcastShapes(...shapes.map((s) => shapeArg('broadcastShapes', s))),
});
