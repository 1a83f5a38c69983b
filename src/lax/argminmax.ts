// argmax / argmin along one axis (the first occurrence wins; a NaN counts as the extremum, as in numpy).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import type { KernelLowering } from '../compiler/lowering.js';
import { sizeOf } from '../core/shape.js';
import { alu, i32, ix } from '../ir/exp.js';

interface ArgParams extends Params {
  axis: number;
}

/** The first position along the axis whose value is `better` than all before it, or is NaN. */
function argKernel(better: 'gt' | 'lt'): KernelLowering<ArgParams> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals, params }) {
      const shape = inAvals[0]!.shape;
      const [outer, n, inner] = [sizeOf(shape.slice(0, params.axis)), shape[params.axis]!, sizeOf(shape.slice(params.axis + 1))];
      ctx.loop(0, outer, (o) =>
        ctx.loop(0, inner, (j) => {
          const best = ctx.local(ctx.read(0, ix.add(ix.mul(o, n * inner), j)), 'best');
          const bi = ctx.local(i32(0), 'bi');
          ctx.loop(1, n, (r) => {
            // Once the best is NaN nothing replaces it.
            ctx.if(alu('ne', best.ref, best.ref), () => ctx.break());
            const v = ctx.let(ctx.read(0, ix.add(ix.mul(ix.add(ix.mul(o, n), r), inner), j)), 'v');
            ctx.if(alu('or', alu(better, v, best.ref), alu('ne', v, v)), () => {
              ctx.assign(best, v);
              ctx.assign(bi, r);
            });
          }, 'r');
          ctx.write(0, ix.add(ix.mul(o, inner), j), bi.ref);
        }, 'j'),
      'o');
    },
  };
}

function argAval(name: string) {
  return ([x]: ShapedArray[], { axis }: ArgParams): ShapedArray[] => {
    if (x!.shape[axis] === 0) throw new ShapeError(`${name} of an empty axis is undefined; the axis has size 0.`);
    return [new ShapedArray(x!.shape.filter((_, i) => i !== axis), int32, false)];
  };
}

function argBatch(prim: () => Primitive<ArgParams>) {
  return ([x]: Array[], [d]: (number | null)[], { axis }: ArgParams): [Array[], (number | null)[]] => {
    const bd = d!;
    const ax = axis >= bd ? axis + 1 : axis;
    return [[bind1(prim(), [x!], { axis: ax })], [bd > ax ? bd - 1 : bd]];
  };
}

export const argmaxP: Primitive<ArgParams> = definePrimitive<ArgParams>('argmax', {
  abstractEval: argAval('argmax'),
  batch: argBatch(() => argmaxP),
  lower: argKernel('gt'),
});
export const argminP: Primitive<ArgParams> = definePrimitive<ArgParams>('argmin', {
  abstractEval: argAval('argmin'),
  batch: argBatch(() => argminP),
  lower: argKernel('lt'),
});

export const argmax = (x: Array, axis: number) => bind1(argmaxP, [x], { axis });
export const argmin = (x: Array, axis: number) => bind1(argminP, [x], { axis });
