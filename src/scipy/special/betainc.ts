// The regularized incomplete beta function I_x(a, b) as JAX computes it (lax.betainc, ported from
// XLA): the continued fraction of DLMF 8.17.22 by the Lentz–Thompson–Barnett algorithm in a while
// loop (200 iterations at most in float32, 600 in float64), the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)
// where it converges faster, JAX's derivative in x, and none in a or b (an error, as JAX's).
import type { Array } from '../../core/array.js';
import { whileLoop } from '../../control/whileLoop.js';
import { bool, int32 } from '../../core/dtypes.js';
import { convertElementType } from '../../lax/elementwise.js';
import { reduceOr } from '../../lax/reductions.js';
import { broadcastInDim, full } from '../../lax/structural.js';
import { upcastHalf } from '../define.js';
import { withJvp } from './custom.js';
import { lgammaImpl } from './lgamma.js';
import { abs, add, and, div, eq, exp, ge, gt, is64, isNan, k, log, log1p, lt, mul, neg, not, or, select, sub } from './ops.js';


/** I_x(a, b) on float arrays of one shape and dtype. */
export const betaincImpl = upcastHalf((a0: Array, b0: Array, x0: Array): Array => {
  const f64 = is64(x0);
  const eps = f64 ? 2 ** -52 : 2 ** -23;
  const small = eps / 2;
  const tiny2 = 2 * (f64 ? 2.2250738585072014e-308 : 1.1754943508222875e-38);
  const aZero = or(eq(a0, 0), eq(b0, Infinity));
  const bZero = or(eq(b0, 0), eq(a0, Infinity));
  const xZero = eq(x0, 0);
  const xOne = eq(x0, 1);
  const nan = or(or(isNan(a0), isNan(b0)), isNan(x0));
  const resultZero = or(and(bZero, not(xOne)), and(aZero, xZero));
  const resultOne = or(and(aZero, not(xZero)), and(bZero, xOne));
  const resultNan = or(or(or(or(lt(a0, 0), lt(b0, 0)), lt(x0, 0)), gt(x0, 1)), or(and(aZero, bZero), nan));
  const fast = lt(x0, div(add(a0, 1), add(add(a0, b0), 2)));
  const a = select(fast, a0, b0);
  const b = select(fast, b0, a0);
  const x = select(fast, x0, sub(1, x0));

  const partialNumerator = (iteration: Array): Array => {
    const iter = broadcastInDim(iteration, x.shape, []);
    const isEven = eq(sub(iter, mul(div(iter, 2), 2)), 0);
    const isOne = eq(iter, 1);
    const mInt = div(sub(iter, 1), 2);
    const mIsZero = eq(mInt, 0);
    const m = convertElementType(mInt, x.dtype, false);
    const zeroNum = div(mul(neg(add(a, b)), x), add(a, 1));
    const a2m = add(a, mul(2, m));
    const evenNum = select(mIsZero, zeroNum, div(mul(mul(neg(add(a, m)), add(add(a, b), m)), x), mul(a2m, add(a2m, 1))));
    const oddNum = div(mul(mul(m, sub(b, m)), x), mul(sub(a2m, 1), a2m));
    return select(isOne, k(x, 1), select(isEven, evenNum, oddNum));
  };
  type C = [Array, Array, Array, Array, Array];
  // The 0th partial denominator is 0 (below `small`, so h starts at `small`); the others are 1.
  const h0 = k(x, small);
  const init: C = [full([], 1, int32), full([], true, bool), h0, k(x, 0), h0];
  const iterations = f64 ? 600 : 200;
  const out = whileLoop(
    (v: C) => and(lt(v[0], full([], iterations, int32)), v[1]),
    (v: C): C => {
      const [iteration, , cP, dP, hP] = v;
      const num = partialNumerator(iteration);
      let c = add(1, div(num, cP));
      c = select(lt(abs(c), small), small, c);
      let d = add(1, mul(num, dP));
      d = select(lt(abs(d), small), small, d);
      d = div(1, d);
      const delta = mul(c, d);
      const h = mul(hP, delta);
      const unconverged = ge(abs(sub(delta, 1)), small);
      return [add(iteration, full([], 1, int32)), reduceOr(unconverged, unconverged.shape.map((_, i) => i)), c, d, h];
    },
    init,
  ) as unknown as C;
  const cf = out[4];
  const lbetaSmallA = sub(lgammaImpl(b), lgammaImpl(add(a, b)));
  const lbeta = add(lgammaImpl(a), lbetaSmallA);
  const factor = select(lt(a, tiny2), exp(sub(mul(log1p(neg(x)), b), lbetaSmallA)), div(exp(sub(add(mul(log(x), a), mul(log1p(neg(x)), b)), lbeta)), a));
  let result = mul(cf, factor);
  result = select(fast, result, sub(1, result));
  result = select(resultZero, k(a, 0), result);
  result = select(resultOne, k(a, 1), result);
  return select(resultNan, k(a, NaN), result);
});

/** lax.betainc with JAX's rule in x: x^(a-1) (1-x)^(b-1) / B(a, b). */
export const betainc = withJvp(betaincImpl, ([a, b, x], [, , tx]) => {
  const lbeta = sub(add(lgammaImpl(a!), lgammaImpl(b!)), lgammaImpl(add(a!, b!)));
  return mul(tx!, exp(sub(add(mul(sub(b!, 1), log1p(neg(x!))), mul(sub(a!, 1), log(x!))), lbeta)));
});
