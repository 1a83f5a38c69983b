// iota: 0, 1, 2, ... along one dimension, computed on the device (arange, linspace, eye build on it).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { type DType, float64 } from '../core/dtypes.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { stridesOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { zerosLike } from './structural.js';
import { alu, cast, constant, ix } from '../ir/exp.js';

interface IotaParams extends Params {
  dtype: DType;
  shape: number[];
  dimension: number;
  /** Values are start + k * step, computed in float64 and rounded once (numpy's linspace/arange). */
  start: number;
  step: number;
}

export const iotaP: Primitive<IotaParams> = definePrimitive<IotaParams>('iota', {
  abstractEval: (_a, p) => [new ShapedArray(p.shape, p.dtype, false)],
  jvp: (_p, _t, p) => {
    const out = bind1(iotaP, [], p);
    return [[out], [zerosLike(out)]];
  },
  lower: {
    kind: 'elementwise',
    // No inputs: start + step × the coordinate along `dimension` of the flat index, in float64
    // rounded once (exact integer arithmetic when the dtype is an integer one and so are start and step).
    ir: (_ins, { params: { shape, dimension, start, step, dtype } }, i) => {
      const k = ix.coord(i, stridesOf(shape)[dimension]!, shape[dimension]!);
      if (dtype.kind !== 'f' && Number.isInteger(start) && Number.isInteger(step)) return cast(ix.add(ix.mul(k, step), start), dtype);
      const scaled = step === 1 ? cast(k, float64) : alu('mul', cast(k, float64), constant(step, float64));
      return cast(start === 0 ? scaled : alu('add', constant(start, float64), scaled), dtype);
    },
  },
});

export function iota(dtype: DType, shape: number[], dimension = 0, start = 0, step = 1): Array {
  return bind1(iotaP, [], { dtype, shape: [...shape], dimension, start, step });
}
