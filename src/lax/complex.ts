// The complex-number primitives (JAX's complex_p, real_p, imag_p, conj_p) with all their rules.
// They have no kernels: the compiler's complex pass turns them into plane bookkeeping.
import type { Array, ArrayLike } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { complexDtype, type DType, promoteInfosInexact, realDtype } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { shapeEqual } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { elementwiseBatch } from './batching.js';
import { asPlanes, isPlanes, planes } from './complexPlanes.js';
import { convertElementType, neg } from './elementwise.js';
import { zerosLike } from './structural.js';

function requireComplex(name: string, d: DType): void {
  if (d.kind !== 'c') throw new DtypeError(`${name} needs a complex operand, got ${d.name}.`);
}

/** JAX's complex_p: x + yi from equal-dtype floats (float32 → complex64, float64 → complex128). */
export const complexP: Primitive = definePrimitive('complex', {
  abstractEval: ([x, y]) => {
    if (x!.dtype !== y!.dtype || x!.dtype.kind !== 'f' || x!.dtype.name === 'float16')
      throw new DtypeError(`complex needs two float32 or two float64 operands, got ${x!.dtype.name} and ${y!.dtype.name}; convert them first.`);
    if (!shapeEqual(x!.shape, y!.shape)) throw new ShapeError(`complex needs equal shapes, got ${x!.str()} and ${y!.str()}.`);
    return [new ShapedArray(x!.shape, complexDtype(x!.dtype), x!.weakType && y!.weakType)];
  },
  jvp: ([x, y], [tx, ty]) => [[complex(x!, y!)], [complex(tx!, ty!)]],
  // JAX: [real(ct), imag(-ct)].
  transpose: ([ct], [x, y]) => {
    if (!ct) return [null, null];
    return [x instanceof UndefinedPrimal ? real(ct) : null, y instanceof UndefinedPrimal ? imag(neg(ct)) : null];
  },
  batch: elementwiseBatch((args) => [bind1(complexP, args)]),
  complex: ([x, y]) => [planes(x as Array, y as Array)],
});

/** JAX's real_p: the real part, a float array. */
export const realP: Primitive = definePrimitive('real', {
  abstractEval: ([x]) => {
    requireComplex('real', x!.dtype);
    return [x!.update({ dtype: realDtype(x!.dtype) })];
  },
  jvp: ([x], [t]) => [[real(x!)], [real(t!)]],
  // JAX: complex(ct, 0).
  transpose: ([ct], [x]) => {
    const a = (x as UndefinedPrimal).aval;
    if (!ct) return [null];
    return [convertElementType(complex(ct, zerosLike(ct)), a.dtype, a.weakType)];
  },
  batch: elementwiseBatch((args) => [bind1(realP, args)]),
  complex: ([x]) => [asPlanes(x).re],
});

/** JAX's imag_p: the imaginary part, a float array. */
export const imagP: Primitive = definePrimitive('imag', {
  abstractEval: ([x]) => {
    requireComplex('imag', x!.dtype);
    return [x!.update({ dtype: realDtype(x!.dtype) })];
  },
  jvp: ([x], [t]) => [[imag(x!)], [imag(t!)]],
  // JAX: complex(0, -ct).
  transpose: ([ct], [x]) => {
    const a = (x as UndefinedPrimal).aval;
    if (!ct) return [null];
    return [convertElementType(complex(zerosLike(ct), neg(ct)), a.dtype, a.weakType)];
  },
  batch: elementwiseBatch((args) => [bind1(imagP, args)]),
  complex: ([x]) => [asPlanes(x).im],
});

interface ConjParams extends Params {
  inputDtype: DType;
}

/** JAX's conj_p: the complex conjugate; a real operand gives a complex result (as lax.conj). */
export const conjP: Primitive<ConjParams> = definePrimitive<ConjParams>('conj', {
  abstractEval: ([x]) => {
    if (x!.dtype.kind !== 'c' && (x!.dtype.kind !== 'f' || x!.dtype.name === 'float16'))
      throw new DtypeError(`conj needs a complex, float32 or float64 operand, got ${x!.dtype.name}.`);
    return [x!.update({ dtype: complexDtype(x!.dtype) })];
  },
  jvp: ([x], [t], p) => [[bind1(conjP, [x!], p)], [bind1(conjP, [t!], p)]],
  // JAX: conj(ct) for a complex input, real(ct) for a real one.
  transpose: ([ct], [x], p) => {
    if (!ct) return [null];
    return [p.inputDtype.kind === 'c' ? bind1(conjP, [ct], p) : real(ct)].map((c) => convertElementType(c, (x as UndefinedPrimal).aval.dtype, (x as UndefinedPrimal).aval.weakType));
  },
  batch: elementwiseBatch((args) => [bind1(conjP, args, { inputDtype: args[0]!.dtype })]),
  complex: ([x]) => [isPlanes(x!) ? planes(x.re, neg(x.im)) : planes(x!, zerosLike(x!))],
});

/** `lax.complex(x, y)`: x + yi, elementwise (JAX's `lax.complex`); float32 parts make complex64, float64 parts complex128. */
export function complex(x: ArrayLike, y: ArrayLike): Array {
  const [a, b] = [asArray(x), asArray(y)];
  // JAX promotes the parts to a common float dtype first.
  const { dtype, weak } = promoteInfosInexact([
    { dtype: a.dtype, weak: a.weakType },
    { dtype: b.dtype, weak: b.weakType },
  ]);
  if (dtype.kind === 'c') throw new DtypeError(`lax.complex needs real parts, got ${a.dtype.name} and ${b.dtype.name}.`);
  return bind1(complexP, [convertElementType(a, dtype, weak), convertElementType(b, dtype, weak)]);
}

/** `lax.real(x)`: the real part of a complex array (JAX's `lax.real`). */
export function real(x: ArrayLike): Array {
  return bind1(realP, [asArray(x)]);
}

/** `lax.imag(x)`: the imaginary part of a complex array (JAX's `lax.imag`). */
export function imag(x: ArrayLike): Array {
  return bind1(imagP, [asArray(x)]);
}

/** `lax.conj(x)`: the complex conjugate (JAX's `lax.conj`); a float operand gives a complex array. */
export function conj(x: ArrayLike): Array {
  const a = asArray(x);
  return bind1(conjP, [a], { inputDtype: a.dtype });
}
