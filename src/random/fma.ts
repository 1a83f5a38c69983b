// a·b + c rounded once, as XLA:CPU computes JAX's `x * y + z` (LLVM contracts the multiply and
// add into a fused multiply-add; rounding the product first differs in ~36% of uniform draws
// over a range). float32 (and float16): exact product and sum in float64, rounded once more
// (differs from a true FMA only when that double rounding hits a tie, ~2^-29 of the time).
// float64: Dekker's exact product and Knuth's two-sum, the error terms added back.
import type { Array } from '../core/array.js';
import { float64 } from '../core/dtypes.js';
import { add, convertElementType, mul, sub } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';

/** The high half of Veltkamp's split of x (27 bits of its 53), so that products of halves are exact. */
function highHalf(x: Array): Array {
  const t = mul(full(x.shape, 134217729, float64), x); // 2^27 + 1
  return sub(t, sub(t, x));
}

/** fma(a, b, c) elementwise for float arrays of equal shape and dtype. */
export function fma(a: Array, b: Array, c: Array): Array {
  if (a.dtype !== float64) {
    const [a64, b64, c64] = [a, b, c].map((x) => convertElementType(x, float64));
    return convertElementType(add(mul(a64!, b64!), c64!), a.dtype);
  }
  const p = mul(a, b);
  const ah = highHalf(a);
  const al = sub(a, ah);
  const bh = highHalf(b);
  const bl = sub(b, bh);
  // e = a·b − p exactly (Dekker's TwoProduct).
  const e = add(add(add(sub(mul(ah, bh), p), mul(ah, bl)), mul(al, bh)), mul(al, bl));
  // s + t = p + c exactly (Knuth's TwoSum).
  const s = add(p, c);
  const bb = sub(s, p);
  const t = add(sub(p, sub(s, bb)), sub(c, bb));
  return add(s, add(t, e));
}
