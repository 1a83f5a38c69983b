// jnp dtype helpers: resultType, promoteTypes, issubdtype, and the dtype values.
import { Array, type ArrayLike } from '../core/array.js';
import { asArray, scalarType } from '../core/convert.js';
import { AbstractDType, DType, type DTypeLike, type TypeInfo, defaultFloat, dtype as toDtype, int32, promoteInfos } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';

export { issubdtype, promoteTypes, bool, uint8, int32, float32, float64, integer, floating, inexact, number, generic } from '../core/dtypes.js';
export { broadcastShapes } from '../core/shape.js';

/**
 * `resultType(...)` over arrays, dtypes, dtype names and JS numbers. `'float'` and `'int'` stand
 * for Python's float and int types: weak, as in `jnp.result_type(float, x.dtype)`.
 */
export function resultType(...args: (ArrayLike | DType | DTypeLike)[]): DType {
  const infos: TypeInfo[] = args.map((a) => {
    if (a instanceof Array) return { dtype: a.dtype, weak: a.weakType };
    if (a instanceof DType) return { dtype: a, weak: false };
    if (a === 'float') return { dtype: defaultFloat(), weak: true };
    if (a === 'int') return { dtype: int32, weak: true };
    if (typeof a === 'number' || typeof a === 'boolean') return scalarType(a);
    if (typeof a === 'string') return { dtype: toDtype(a), weak: false };
    if ((a as unknown) instanceof AbstractDType) throw new DtypeError(`resultType got the abstract dtype ${a}; pass concrete dtypes.`);
    const x = asArray(a as ArrayLike);
    return { dtype: x.dtype, weak: x.weakType };
  });
  return promoteInfos(infos).dtype;
}
