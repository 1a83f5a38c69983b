// jnp.iinfo / jnp.finfo (machine limits of integer and float dtypes), and the Array.view hook.
import { arrayMethods } from '../core/array.js';
import { castScalar, type DType, type DTypeLike, dtype as toDtype, intBounds, realDtype } from '../core/dtypes.js';
import { DtypeError } from '../core/errors.js';
import { view } from '../lax/bitcast.js';
import { declare } from './declare.js';

/** An integer dtype's limits (numpy's `iinfo`). */
export interface IInfo {
  readonly min: number;
  readonly max: number;
  readonly bits: number;
  readonly dtype: DType;
}

/** A float dtype's limits (numpy's `finfo`, JAX's names in camelCase). */
export interface FInfo {
  readonly bits: number;
  readonly eps: number;
  readonly epsneg: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallestNormal: number;
  readonly smallestSubnormal: number;
  readonly resolution: number;
  readonly precision: number;
  readonly nmant: number;
  readonly nexp: number;
  readonly maxexp: number;
  readonly minexp: number;
  readonly dtype: DType;
}

function dtypeOf(what: string, d: DTypeLike | { dtype: DType }): DType {
  if (typeof d === 'object' && d !== null && 'dtype' in d && !('kind' in d)) return d.dtype;
  try {
    return toDtype(d as DTypeLike);
  } catch (e) {
    throw new DtypeError(`${what}() needs a dtype or an array: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Machine limits for integer types. */
export const iinfo = declare('iinfo', {
  arity: 1,
  arrays: 0,
  impl: (intType: DTypeLike | { dtype: DType }): IInfo => {
    const d = dtypeOf('iinfo', intType);
    if (d.kind !== 'i' && d.kind !== 'u') throw new DtypeError(`iinfo() needs an integer dtype, got ${d}; use finfo for floats.`);
    const [min, max] = intBounds(d);
    return { min, max, bits: 8 * d.itemsize, dtype: d };
  },
});

// [nmant, nexp, precision] of each float dtype; the rest follows from IEEE's layout.
const FLOAT_LAYOUT: Record<string, [number, number, number]> = { float16: [10, 5, 3], float32: [23, 8, 6], float64: [52, 11, 15] };

/** Machine limits for floating point types. */
export const finfo = declare('finfo', {
  arity: 1,
  arrays: 0,
  impl: (dtype: DTypeLike | { dtype: DType }): FInfo => {
    // A complex dtype's limits are its parts' (numpy: finfo(complex64) is finfo(float32)).
    const d = realDtype(dtypeOf('finfo', dtype));
    const layout = FLOAT_LAYOUT[d.name];
    if (!layout) throw new DtypeError(`finfo() needs a float dtype, got ${d}; use iinfo for integers.`);
    const [nmant, nexp, precision] = layout;
    const maxexp = 2 ** (nexp - 1);
    const minexp = 3 - maxexp - 1;
    const max = (2 - 2 ** -nmant) * 2 ** (maxexp - 1);
    const tiny = 2 ** minexp;
    return {
      bits: 8 * d.itemsize,
      eps: 2 ** -nmant,
      epsneg: 2 ** (-nmant - 1),
      max,
      min: -max,
      tiny,
      smallestNormal: tiny,
      smallestSubnormal: 2 ** (minexp - nmant),
      resolution: castScalar(10 ** -precision, d), // a value of the dtype, as JAX's
      precision,
      nmant,
      nexp,
      maxexp,
      minexp,
      dtype: d,
    };
  },
});

Object.assign(arrayMethods, { view });
