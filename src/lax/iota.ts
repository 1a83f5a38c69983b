// iota: 0, 1, 2, ... along one dimension, computed on the device (arange, linspace, eye build on it).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import type { DType } from '../core/dtypes.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { stridesOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { zerosLike } from './structural.js';
import { literal } from '../compiler/compile.js';

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
    // No inputs: the value is the coordinate along `dimension` of the flat index i.
    expr: (_ins, { params }, i) => {
      const { shape, dimension } = params;
      const s = stridesOf(shape)[dimension]!;
      const n = shape[dimension]!;
      const k = dimension === 0 ? `((${i} / ${s}) | 0)` : `(((${i} / ${s}) | 0) % ${n})`;
      const scaled = params.step === 1 ? k : `${k} * ${literal(params.step)}`;
      return params.start === 0 ? scaled : `${literal(params.start)} + ${scaled}`;
    },
  },
});

export function iota(dtype: DType, shape: number[], dimension = 0, start = 0, step = 1): Array {
  return bind1(iotaP, [], { dtype, shape: [...shape], dimension, start, step });
}
