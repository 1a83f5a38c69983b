// stop_gradient: the identity whose derivative is zero.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { definePrimitive, type Primitive } from '../core/primitive.js';
import { treeMap } from '../core/pytree.js';
import { bind1 } from '../core/trace.js';
import { zerosLike } from './structural.js';
import { planewise } from './complexPlanes.js';

export const stopGradientP: Primitive = definePrimitive('stop_gradient', {
  abstractEval: ([x]) => [x!],
  impl: ([x]) => [x!],
  jvp: ([x]) => [[stopGradientOne(x!)], [zerosLike(x!)]],
  batch: ([x], [d]) => [[stopGradientOne(x!)], [d!]],
  // Acts on the real and imaginary parts alike.
  complex: planewise(() => stopGradientP),
  lower: { kind: 'index', map: (i) => i },
});

function stopGradientOne(x: Array): Array {
  return bind1(stopGradientP, [x]);
}

/** `lax.stopGradient(tree)`: values pass through; derivatives through them are zero. */
export function stopGradient<T>(x: T): T {
  return treeMap((l) => stopGradientOne(asArray(l as ArrayLike)), x) as T;
}
