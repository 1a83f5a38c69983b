// The inverse error function as XLA expands lax.erf_inv (which jax.random.normal uses): Giles'
// single-precision polynomial for float32 ("Approximating the erfinv function", GPU Computing
// Gems, 2011) and the three-branch double-precision one for float64, with XLA's coefficients
// and operation order (select, multiply, add), so samples match JAX's to the last bit wherever
// log1p and sqrt round alike. Built from lax ops: it fuses into the sampler's kernel.
import type { Array } from '../core/array.js';
import { float16, float32, float64 } from '../core/dtypes.js';
import { abs, add, convertElementType, eq, log1p, lt, mul, neg, select, sqrt } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { fma } from './fma.js';

const F32_LT5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const F32_GE5 = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];

const F64_LT625 = [
  -3.64441206401782e-21, -1.6850591381820166e-19, 1.28584807152564e-18, 1.1157877678025181e-17, -1.3331716628546209e-16, 2.0972767875968562e-17, 6.6376381343583238e-15,
  -4.0545662729752069e-14, -8.1519341976054722e-14, 2.6335093153082323e-12, -1.2975133253453532e-11, -5.4154120542946279e-11, 1.0512122733215323e-9, -4.1126339803469837e-9,
  -2.9070369957882005e-8, 4.2347877827932404e-7, -1.3654692000834679e-6, -1.3882523362786469e-5, 0.00018673420803405714, -0.000740702534166267, -0.0060336708714301491,
  0.24015818242558962, 1.6536545626831027,
];
const F64_LT16 = [
  2.2137376921775787e-9, 9.0756561938885391e-8, -2.7517406297064545e-7, 1.8239629214389228e-8, 1.5027403968909828e-6, -4.013867526981546e-6, 2.9234449089955446e-6,
  1.2475304481671779e-5, -4.7318229009055734e-5, 6.8284851459573175e-5, 2.4031110387097894e-5, -0.00035503752036284748, 0.0009532893797373805, -0.0016882755560235047,
  0.0024914420961078508, -0.0037512085075692412, 0.0053709145535900636, 1.0052589676941592, 3.0838856104922208,
];
const F64_GE16 = [
  -2.7109920616438573e-11, -2.5556418169965252e-10, 1.5076572693500548e-9, -3.789465440126737e-9, 7.61570120807834e-9, -1.496002662714924e-8, 2.9147953450901081e-8,
  -6.7711997758452339e-8, 2.2900482228026655e-7, -9.9298272942317e-7, 4.5260625972231537e-6, -1.9681778105531671e-5, 7.5995277030017761e-5, -0.00021503011930044477,
  -0.00013871931833623122, 1.0103004648645344, 4.8499064014085844,
];

/** erf⁻¹(x) elementwise for float32 or float64 x in [-1, 1] (±1 give ±inf), as XLA computes it. */
export function erfInv(x: Array): Array {
  // XLA computes float16 in float32 and rounds the result.
  if (x.dtype === float16) return convertElementType(erfInv(convertElementType(x, float32)), float16);
  const c = (v: number) => full(x.shape, v, x.dtype);
  // w = -log1p(-x²), computed as XLA does: x * (-x).
  const w = neg(log1p(mul(x, neg(x))));
  let p: Array;
  if (x.dtype === float64) {
    const lt625 = lt(w, c(6.25));
    const lt16 = lt(w, c(16));
    const coef = (i: number): Array => {
      let k = c(F64_LT625[i]!);
      if (i < 19) k = select(lt625, k, c(F64_LT16[i]!));
      if (i < 17) k = select(lt16, k, c(F64_GE16[i]!));
      return k;
    };
    const t = select(lt625, add(w, c(-3.125)), add(sqrt(w), neg(select(lt16, c(3.25), c(5)))));
    p = coef(0);
    for (let i = 1; i < 17; i++) p = fma(p, t, coef(i));
    for (let i = 17; i < 19; i++) p = select(lt16, fma(p, t, coef(i)), p);
    for (let i = 19; i < 23; i++) p = select(lt625, fma(p, t, coef(i)), p);
  } else {
    const lt5 = lt(w, c(5));
    const t = select(lt5, add(w, c(-2.5)), add(sqrt(w), c(-3)));
    p = select(lt5, c(F32_LT5[0]!), c(F32_GE5[0]!));
    for (let i = 1; i < 9; i++) p = fma(p, t, select(lt5, c(F32_LT5[i]!), c(F32_GE5[i]!)));
  }
  // erf⁻¹(±1) = ±inf, where the polynomial is indeterminate.
  return select(eq(abs(x), c(1)), mul(x, c(Infinity)), mul(p, x));
}
