// argmax / argmin along one axis (the first occurrence wins; a NaN counts as the extremum, as in numpy).
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { int32 } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import type { KernelLowering } from '../compiler/lowering.js';

interface ArgParams extends Params {
  axis: number;
}

function argKernel(better: (v: string, best: string) => string): KernelLowering<ArgParams> {
  return {
    kind: 'kernel',
    emit(ctx, { inAvals, params }) {
      const shape = inAvals[0]!.shape;
      const outer = shape.slice(0, params.axis).reduce((a, b) => a * b, 1);
      const n = shape[params.axis]!;
      const inner = shape.slice(params.axis + 1).reduce((a, b) => a * b, 1);
      const [o, j, r, best, bi, v] = ['o', 'j', 'r', 'best', 'bi', 'v'].map((s) => ctx.fresh(s));
      return [
        `for (let ${o} = 0; ${o} < ${outer}; ${o}++) for (let ${j} = 0; ${j} < ${inner}; ${j}++) {`,
        `  let ${best} = ${ctx.input(0, `${o} * ${n * inner} + ${j}`)}, ${bi} = 0;`,
        `  for (let ${r} = 1; ${r} < ${n} && ${best} === ${best}; ${r}++) {`,
        `    const ${v} = ${ctx.input(0, `(${o} * ${n} + ${r}) * ${inner} + ${j}`)};`,
        `    if (${better(v, best)} || ${v} !== ${v}) { ${best} = ${v}; ${bi} = ${r}; }`,
        '  }',
        `  ${ctx.store(0, `${o} * ${inner} + ${j}`, bi)}`,
        '}',
      ].join('\n');
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
  lower: argKernel((v, best) => `${v} > ${best}`),
});
export const argminP: Primitive<ArgParams> = definePrimitive<ArgParams>('argmin', {
  abstractEval: argAval('argmin'),
  batch: argBatch(() => argminP),
  lower: argKernel((v, best) => `${v} < ${best}`),
});

export const argmax = (x: Array, axis: number) => bind1(argmaxP, [x], { axis });
export const argmin = (x: Array, axis: number) => bind1(argminP, [x], { axis });
