// lax.bitcast_convert_type and JAX's Array.view: the same bytes read as another dtype. Equal
// itemsizes keep the shape; a narrower result adds a trailing axis of the ratio, a wider one
// removes a trailing axis that must equal it (XLA's rule). Lowered as a byte copy.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { bool, complexDtype, type DType, type DTypeLike, dtype as toDtype, realDtype, uint8 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { convertElementType, ne } from './elementwise.js';
import { reshape, zerosLike } from './structural.js';
import { isPlanes, planes } from './complexPlanes.js';
import { concatenateAlong, slice } from './slicing.js';

interface BitcastParams extends Params {
  newDtype: DType;
}

function bitcastShape(shape: readonly number[], from: DType, to: DType): number[] {
  if (from === bool || to === bool)
    throw new DtypeError(`bitcastConvertType from ${from} to ${to}: bool has no defined bit layout in XLA; convert bools with astype instead.`);
  if (from.itemsize === to.itemsize) return [...shape];
  if (from.itemsize > to.itemsize) return [...shape, from.itemsize / to.itemsize];
  const ratio = to.itemsize / from.itemsize;
  if (shape[shape.length - 1] !== ratio)
    throw new ShapeError(`bitcastConvertType from ${from} to ${to} needs a last axis of ${ratio} (the itemsize ratio), got shape [${shape.join(', ')}].`);
  return shape.slice(0, -1);
}

/** The bitcast primitive (JAX's `lax.bitcast_convert_type_p`). */
export const bitcastConvertTypeP: Primitive<BitcastParams> = definePrimitive<BitcastParams>('bitcast_convert_type', {
  abstractEval: ([x], p) => [new ShapedArray(bitcastShape(x!.shape, x!.dtype, p.newDtype), p.newDtype, false)],
  // JAX: defjvp_zero — the bits of a value have no derivative.
  jvp: ([x], _t, p) => {
    const out = bind1(bitcastConvertTypeP, [x!], p);
    return [[out], [zerosLike(out)]];
  },
  batch: ([x], [d], p) => [[bind1(bitcastConvertTypeP, [moveBatchToFront(x!, d!, x!.shape[d!]!)], p)], [0]],
  // Complex bytes are (re, im) pairs: to or from a type of the part's width, each plane is
  // bitcast on its own and the pair axis split or joined.
  complex: ([x], p, [out]) => {
    if (isPlanes(x!)) {
      const part = realDtype(x.re.dtype);
      if (p.newDtype.itemsize !== part.itemsize || p.newDtype.kind === 'c')
        throw new DtypeError(`bitcastConvertType from ${complexDtype(part)} supports ${part.itemsize}-byte real dtypes (a trailing pair axis), not ${p.newDtype}.`);
      const s = [...x.re.shape, 1];
      return [concatenateAlong([reshape(bitcastConvertType(x.re, p.newDtype), s), reshape(bitcastConvertType(x.im, p.newDtype), s)], x.re.ndim)];
    }
    const part = realDtype(out!.dtype);
    if (x!.dtype.itemsize !== part.itemsize) throw new DtypeError(`bitcastConvertType to ${out!.dtype} supports ${part.itemsize}-byte real dtypes (a trailing pair axis), not ${x!.dtype}.`);
    const at = (k: number) => reshape(slice(x!, [...out!.shape.map(() => 0), k], [...out!.shape, k + 1]), [...out!.shape]);
    return [planes(bitcastConvertType(at(0), part), bitcastConvertType(at(1), part))];
  },
  lower: {
    kind: 'kernel',
    build(ctx, { outAvals }) {
      const bytes = outAvals[0]!.size * outAvals[0]!.dtype.itemsize;
      if (bytes > 0) ctx.copy(ctx.outputOffset(0), ctx.inputOffset(0), bytes);
    },
  },
});

/**
 * Elementwise bitcast from one type to another (`lax.bitcast_convert_type`): float32 1.0 is
 * uint32 1065353216. A narrower dtype adds a trailing axis; a wider one consumes the last axis.
 */
export function bitcastConvertType(x: ArrayLike, newDtype: DTypeLike | { newDtype: DTypeLike }): Array {
  const d = toDtype(typeof newDtype === 'object' && !('name' in newDtype) ? newDtype.newDtype : (newDtype as DTypeLike));
  const a = asArray(x);
  if (a.dtype === d) return a;
  return bind1(bitcastConvertTypeP, [a], { newDtype: d });
}

/** JAX's `Array.view(dtype)`: bool reads as uint8 bytes; the last axis scales by the itemsize ratio. */
export function view(x: Array, dtype: DTypeLike): Array {
  const d = toDtype(dtype);
  if (x.dtype === d) return x;
  if (x.dtype === bool) return view(convertElementType(x, uint8), d);
  if (d === bool) {
    const bytes = view(x, uint8);
    return ne(bytes, zerosLike(bytes));
  }
  const [inBytes, outBytes] = [x.dtype.itemsize, d.itemsize];
  if (inBytes === outBytes) return bitcastConvertType(x, d);
  if (x.ndim === 0) throw new ShapeError(`view() of a 0-d array needs a dtype of the same itemsize: ${x.dtype} is ${inBytes} bytes, ${d} is ${outBytes}.`);
  const last = x.shape[x.ndim - 1]!;
  const lead = x.shape.slice(0, -1);
  if (outBytes < inBytes) return reshape(bitcastConvertType(x, d), [...lead, (last * inBytes) / outBytes]);
  if ((last * inBytes) % outBytes !== 0)
    throw new ShapeError(`view() as ${d}: the last axis of ${last} × ${inBytes} bytes is not a multiple of ${outBytes} bytes; the array's last axis must be divisible.`);
  return bitcastConvertType(reshape(x, [...lead, (last * inBytes) / outBytes, outBytes / inBytes]), d);
}
