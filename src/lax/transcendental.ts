// Inverse trigonometric and hyperbolic functions, atan2, cbrt and exp2 (JAX's asin_p, …, exp2_p):
// each is one IR op (Math's function, which the WebAssembly backend imports, so both backends
// give the same bits) with JAX's jvp rule.
import type { Array, ArrayLike } from '../core/array.js';
import { asArray } from '../core/convert.js';
import { bind1 } from '../core/trace.js';
import { alu, constant } from '../ir/exp.js';
import { add, div, log, mul, neg, sqrt, sub } from './elementwise.js';
import { defineElementwise } from './elementwiseDef.js';
import { fullLike } from './structural.js';
import { asPlanes, cmul, planes } from './complexPlanes.js';
import { ccosh, cexp, csinh } from './complexMath.js';
import { cacos, cacosh, casin, casinh, catan, catanh } from './complexInverse.js';

const one = (x: Array) => fullLike(x, 1);
const sq = (x: Array) => mul(x, x);
const rsqrtOf = (x: Array) => div(one(x), sqrt(x));

/** JAX's asin_p. */
export const asinP = defineElementwise('asin', { kind: 'float', ir: ([x]) => alu('asin', x!), jvp: ([x], [t]) => mul(t!, rsqrtOf(sub(one(x!), sq(x!)))), complex: ([x]) => casin(asPlanes(x)) });
/** JAX's acos_p. */
export const acosP = defineElementwise('acos', { kind: 'float', ir: ([x]) => alu('acos', x!), jvp: ([x], [t]) => neg(mul(t!, rsqrtOf(sub(one(x!), sq(x!))))), complex: ([x]) => cacos(asPlanes(x)) });
/** JAX's atan_p. */
export const atanP = defineElementwise('atan', { kind: 'float', ir: ([x]) => alu('atan', x!), jvp: ([x], [t]) => div(t!, add(one(x!), sq(x!))), complex: ([x]) => catan(asPlanes(x)) });
/** JAX's sinh_p. */
export const sinhP = defineElementwise('sinh', { kind: 'float', ir: ([x]) => alu('sinh', x!), jvp: ([x], [t]) => mul(t!, cosh(x!)), complex: ([x]) => csinh(asPlanes(x)) });
/** JAX's cosh_p. */
export const coshP = defineElementwise('cosh', { kind: 'float', ir: ([x]) => alu('cosh', x!), jvp: ([x], [t]) => mul(t!, sinh(x!)), complex: ([x]) => ccosh(asPlanes(x)) });
/** JAX's asinh_p. */
export const asinhP = defineElementwise('asinh', { kind: 'float', ir: ([x]) => alu('asinh', x!), jvp: ([x], [t]) => mul(t!, rsqrtOf(add(sq(x!), one(x!)))), complex: ([x]) => casinh(asPlanes(x)) });
/** JAX's acosh_p: d/dx = 1 / sqrt((x - 1)(x + 1)). */
export const acoshP = defineElementwise('acosh', {
  kind: 'float',
  ir: ([x]) => alu('acosh', x!),
  jvp: ([x], [t]) => mul(t!, rsqrtOf(mul(sub(x!, one(x!)), add(x!, one(x!))))),
  complex: ([x]) => cacosh(asPlanes(x)),
});
/** JAX's atanh_p: d/dx = 1 / ((1 + x)(1 - x)). */
export const atanhP = defineElementwise('atanh', {
  kind: 'float',
  ir: ([x]) => alu('atanh', x!),
  jvp: ([x], [t]) => mul(div(one(x!), add(one(x!), x!)), div(t!, sub(one(x!), x!))),
  complex: ([x]) => catanh(asPlanes(x)),
});
/** JAX's atan2_p: d atan2(x, y) = (y dx - x dy) / (x² + y²). */
export const atan2P = defineElementwise('atan2', {
  kind: 'float',
  ir: ([x, y]) => alu('atan2', x!, y!),
  jvp: ([x, y], [tx, ty]) => {
    const r2 = add(sq(x!), sq(y!));
    return sub(mul(tx!, div(y!, r2)), mul(ty!, div(x!, r2)));
  },
});
/** JAX's cbrt_p: d/dx = y^-2 / 3. */
export const cbrtP = defineElementwise('cbrt', {
  kind: 'float',
  ir: ([x]) => alu('cbrt', x!),
  jvp: (_p, [t], y) => mul(t!, div(fullLike(y, 1 / 3), sq(y))),
});
/** JAX's exp2_p: 2^x (as Math.pow(2, x)); d/dx = log(2) 2^x. */
export const exp2P = defineElementwise('exp2', {
  kind: 'float',
  ir: ([x]) => alu('pow', constant(2, x!.dtype), x!),
  jvp: (_p, [t], y) => mul(t!, mul(y, log(fullLike(y, 2)))),
  // 2^z = e^(z · (ln 2 + 0i)), a complex product (as JAX lowers exp2).
  complex: ([x]) => {
    const z = asPlanes(x);
    return cexp(cmul(z, planes(fullLike(z.re, Math.LN2), fullLike(z.im, 0))));
  },
});

/** Elementwise arc sine: `lax.asin(x)`. */
export const asin = (x: ArrayLike): Array => bind1(asinP, [asArray(x)]);
/** Elementwise arc cosine: `lax.acos(x)`. */
export const acos = (x: ArrayLike): Array => bind1(acosP, [asArray(x)]);
/** Elementwise arc tangent: `lax.atan(x)`. */
export const atan = (x: ArrayLike): Array => bind1(atanP, [asArray(x)]);
/** Elementwise two-term arc tangent: `lax.atan2(x, y)` is the angle of the point (y, x). */
export const atan2 = (x: ArrayLike, y: ArrayLike): Array => bind1(atan2P, [asArray(x), asArray(y)]);
/** Elementwise hyperbolic sine: `lax.sinh(x)`. */
export const sinh = (x: ArrayLike): Array => bind1(sinhP, [asArray(x)]);
/** Elementwise hyperbolic cosine: `lax.cosh(x)`. */
export const cosh = (x: ArrayLike): Array => bind1(coshP, [asArray(x)]);
/** Elementwise inverse hyperbolic sine: `lax.asinh(x)`. */
export const asinh = (x: ArrayLike): Array => bind1(asinhP, [asArray(x)]);
/** Elementwise inverse hyperbolic cosine: `lax.acosh(x)`. */
export const acosh = (x: ArrayLike): Array => bind1(acoshP, [asArray(x)]);
/** Elementwise inverse hyperbolic tangent: `lax.atanh(x)`. */
export const atanh = (x: ArrayLike): Array => bind1(atanhP, [asArray(x)]);
/** Elementwise cube root: `lax.cbrt(x)`. */
export const cbrt = (x: ArrayLike): Array => bind1(cbrtP, [asArray(x)]);
/** Elementwise base-2 exponential: `lax.exp2(x)`. */
export const exp2 = (x: ArrayLike): Array => bind1(exp2P, [asArray(x)]);

