// The error function family as XLA computes it (JAX's lax.erf, erfc and erf_inv lower to XLA's
// expansions): Cephes' rational approximations for float64, XLA's float32 rational form and Cephes'
// float32 erfc, and Giles' polynomials for erfinv ("Approximating the erfinv function", 2010),
// with JAX's derivative rules.
import type { Array } from '../../core/array.js';
import { upcastHalf } from '../define.js';
import { withJvp } from './custom.js';
import { abs, add, div, eq, exp, gt, is64, log1p, lt, max, min, mul, neg, polyval, select, sqrt, sub, square } from './ops.js';

// float64: erf(x) = x T(x²) / U(x²) for |x| < 1; erfc(x) = exp(-x²) P(|x|)/Q(|x|) for 1 ≤ |x| < 8, R/S beyond.
const ERF_T = [9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3, 7.00332514112805075473e3, 5.55923013010394962768e4];
const ERF_U = [1.0, 3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3, 2.26290000613890934246e4, 4.92673942608635921086e4];
const ERFC_P = [
  2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2,
  9.3452852717195760754e2, 1.02755188689515710272e3, 5.57535335369399327526e2,
];
const ERFC_Q = [
  1.0, 1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3,
  1.65666309194161350182e3, 5.57535340817727675546e2,
];
const ERFC_R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0, 7.4097426995044893916e0, 2.9788666537210024067e0];
const ERFC_S = [1.0, 2.2605286322011727659e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1, 9.60896809063285878198e0, 3.3690764510008151605e0];
// float32: erf as XLA's clamped rational form; erfc as Cephes' erfcf.
const ERF32_ALPHA = [0.00022905065861350646, 0.0034082910107109506, 0.050955695062380861, 0.18520832239976145, 1.128379143519084];
const ERF32_BETA = [-1.1791602954361697e-7, 0.000023547966471313185, 0.0010179625278914885, 0.014070470171167667, 0.11098505178285362, 0.49746925110067538, 1.0];
const ERFC32_P = [
  2.326819970068386e-2, -1.387039388740657e-1, 3.687424674597105e-1, -5.824733027278666e-1, 6.210004621745983e-1, -4.944515323274145e-1, 3.404879937665872e-1,
  -2.741127028184656e-1, 5.638259427386472e-1,
];
const ERFC32_R = [-1.047766399936249e1, 1.297719955372516e1, -7.495518717768503e0, 2.921019019210786e0, -1.0152652792027e0, 4.218463358204948e-1, -2.820767439740514e-1, 5.641895067754075e-1];
const ERF32_T = [7.853861353153693e-5, -8.010193625184903e-4, 5.188327685732524e-3, -2.685381193529856e-2, 1.128358514861418e-1, -3.7612625823233e-1, 1.12837916572671e0];

const erfSmall64 = (x: Array) => {
  const z = square(x);
  return div(mul(x, polyval(z, ERF_T)), polyval(z, ERF_U));
};
function erfcLarge64(x: Array): Array {
  const z = neg(square(x));
  const ax = abs(x);
  const ez = exp(z);
  const y = select(lt(ax, 8), div(mul(ez, polyval(ax, ERFC_P)), polyval(ax, ERFC_Q)), div(mul(ez, polyval(ax, ERFC_R)), polyval(ax, ERFC_S)));
  const clamped = select(lt(z, -7.09782712893383996843e2), 0, y);
  return select(lt(x, 0), sub(2, clamped), clamped);
}
function erf32(x: Array): Array {
  // Beyond erfinv(1 - 2^-23) the float32 result is ±1.
  const c = min(max(x, -3.7439211627767994), 3.7439211627767994);
  const x2 = square(c);
  return div(mul(c, polyval(x2, ERF32_ALPHA)), polyval(x2, ERF32_BETA));
}
function erfcLarge32(x: Array): Array {
  const ax = abs(x);
  const z = exp(neg(square(x)));
  const q = div(1, ax);
  const y = square(q);
  const p = select(lt(ax, 2), polyval(y, ERFC32_P), polyval(y, ERFC32_R));
  const r = mul(mul(z, q), p);
  const clamped = select(lt(z, -88.72283905206835), 0, r);
  return select(lt(x, 0), sub(2, clamped), clamped);
}

/** erf(x) on a float array (XLA's algorithm for its dtype). */
export const erfImpl = upcastHalf((x: Array): Array => (is64(x) ? select(lt(abs(x), 1), erfSmall64(x), sub(1, erfcLarge64(x))) : erf32(x)));
/** erfc(x) on a float array. */
export const erfcImpl = upcastHalf((x: Array): Array =>
  is64(x) ? select(gt(abs(x), 1), erfcLarge64(x), sub(1, erfSmall64(x))) : select(gt(abs(x), 1), erfcLarge32(x), sub(1, mul(x, polyval(square(x), ERF32_T)))),
);

// Giles' erfinv: w = -log1p(-x²); float32 has two branches (w < 5), float64 three (w < 6.25, < 16).
const EI32_LO = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941];
const EI32_HI = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682];
const EI64_A = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
  6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
  1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8, 4.2347877827932403518e-7, -1.3654692000834678645e-6, -1.3882523362786468719e-5,
  0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
const EI64_B = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8, 1.5027403968909827627e-6, -4.013867526981545969e-6,
  2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
  3.0838856104922207635,
];
const EI64_C = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9, 7.6157012080783393804e-9, -1.4960026627149240478e-8,
  2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
  7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977, 4.8499064014085844221,
];

/** erfinv(x) on a float array: ±inf at ±1, NaN outside [-1, 1]. */
export const erfinvImpl = upcastHalf((x: Array): Array => {
  const w0 = neg(log1p(neg(square(x))));
  let p: Array;
  if (is64(x)) {
    // Each branch is its own polynomial in its own variable; a select picks the one for w.
    const a = polyval(sub(w0, 3.125), EI64_A);
    const sw = sqrt(w0);
    const b = polyval(sub(sw, 3.25), EI64_B);
    const c = polyval(sub(sw, 5), EI64_C);
    p = select(lt(w0, 6.25), a, select(lt(w0, 16), b, c));
  } else {
    p = select(lt(w0, 5), polyval(sub(w0, 2.5), EI32_LO), polyval(sub(sqrt(w0), 3), EI32_HI));
  }
  return select(eq(abs(x), 1), mul(x, Infinity), mul(p, x));
});

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** lax.erf with JAX's rule: d erf = 2/√π exp(-x²). */
export const erf = withJvp(erfImpl, ([x], [t]) => mul(t!, mul(TWO_OVER_SQRT_PI, exp(neg(square(x))))));
/** lax.erfc with JAX's rule: d erfc = -2/√π exp(-x²). */
export const erfc = withJvp(erfcImpl, ([x], [t]) => mul(t!, mul(-TWO_OVER_SQRT_PI, exp(neg(square(x))))));
/** lax.erf_inv with JAX's rule: d erfinv = √π/2 exp(erfinv(x)²). */
export const erfinv = withJvp(erfinvImpl, (_p, [t], y) => mul(t!, mul(Math.sqrt(Math.PI) / 2, exp(square(y)))));
