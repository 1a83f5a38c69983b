// Exponential integrals as JAX writes them (from Cephes): expn(n, x) by its power series for
// x ≤ 1, its continued fraction above, and an asymptotic form for n ≥ 5000, each a while loop over
// the elements of its branch; exp1 = expn(1, ·); expi by Cephes' rational approximations on
// (0, 2], (2, 4], …, (32, 64] and beyond, and -exp1(-x) for x < 0; JAX's derivative rules.
import type { Array, ArrayLike } from '../../core/array.js';
import { whileLoop } from '../../control/whileLoop.js';
import { reduceOr } from '../../lax/reductions.js';
import { promoteArgsInexact } from '../../numpy/promote.js';
import { defineFunction } from '../define.js';
import type { Custom } from './custom.js';
import { withJvp } from './custom.js';
import { customJvp } from '../../transforms/customJvp.js';
import { lgammaImpl } from './lgamma.js';
import { noDerivative } from './noDerivative.js';
import { rem } from '../../lax/elementwise.js';
import { abs, add, and, div, eq, exp, ge, gt, is64, k, log, lt, mul, ne, neg, not, or, polyval, pow, select, sub } from './ops.js';

const EULER = 0.5772156649015329;
const anyOf = (p: Array): Array => reduceOr(p, p.shape.map((_, i) => i));

/** x ≤ 1: the power series (Cephes' expn, n ≥ 1). */
function expn1(x: Array, n: Array, enabled: Array): Array {
  const eps = is64(x) ? 2 ** -52 : 2 ** -23;
  // ψ(n) = -γ + Σ_{i<n} 1/i, summed while any element's i < n.
  type P = [Array, Array];
  const [, psi] = whileLoop(
    (v: P) => anyOf(and(enabled, lt(v[0], n))),
    (v: P): P => [add(v[0], 1), select(lt(v[0], n), add(v[1], div(1, v[0])), v[1])],
    [k(n, 1), sub(-EULER, log(x))] as P,
  ) as unknown as P;
  const n1 = select(eq(n, 1), k(n, 2), n);
  type C = [Array, Array, Array, Array, Array];
  const z = neg(x);
  const init: C = [k(x, 0), k(x, 1), sub(1, n), select(eq(n, 1), k(x, 0), div(1, sub(1, n1))), k(x, Infinity)];
  const out = whileLoop(
    (v: C) => anyOf(and(enabled, and(gt(x, 0), gt(v[4], eps)))),
    (v: C): C => {
      const on = and(enabled, and(gt(x, 0), gt(v[4], eps)));
      const xk = add(v[0], 1);
      const yk = mul(v[1], div(z, xk));
      const pk = add(v[2], 1);
      const ans = add(v[3], select(ne(pk, 0), div(yk, pk), k(x, 0)));
      const t = select(ne(ans, 0), abs(div(yk, ans)), k(x, 1));
      return [select(on, xk, v[0]), select(on, yk, v[1]), select(on, pk, v[2]), select(on, ans, v[3]), select(on, t, v[4])];
    },
    init,
  ) as unknown as C;
  return sub(div(mul(pow(z, sub(n, 1)), psi), exp(lgammaImpl(n))), out[3]);
}

/** x > 1: the continued fraction. */
function expn2(x: Array, n: Array, enabled: Array): Array {
  const eps = is64(x) ? 2 ** -52 : 2 ** -23;
  const BIG = 1.44115188075855872e17;
  type C = [Array, Array, Array, Array, Array, Array, Array, Array];
  const init: C = [k(n, 1), k(x, 1), x, k(x, 1), add(x, n), div(1, add(x, n)), k(x, Infinity), k(x, 0)];
  const out = whileLoop(
    (v: C) => anyOf(and(enabled, and(gt(x, 0), gt(v[6], eps)))),
    (v: C): C => {
      const on = and(enabled, and(gt(x, 0), gt(v[6], eps)));
      const [kP, pkm2, qkm2, pkm1, qkm1, ansP, tP, rP] = v;
      const kk = add(kP, 1);
      const oddK = eq(rem(kk, k(kk, 2)), k(kk, 1));
      const yk = select(oddK, k(x, 1), x);
      const xk = select(oddK, add(n, div(sub(kk, 1), 2)), div(kk, 2));
      const pk = add(mul(pkm1, yk), mul(pkm2, xk));
      const qk = add(mul(qkm1, yk), mul(qkm2, xk));
      const nz = ne(qk, 0);
      const r = select(nz, div(pk, qk), rP);
      const t = select(nz, abs(div(sub(ansP, r), r)), k(x, 1));
      const ans = select(nz, r, ansP);
      const big = gt(abs(pk), BIG);
      const sc = (a: Array) => select(big, div(a, BIG), a);
      const keep = (a: Array, b: Array) => select(on, a, b);
      return [keep(kk, kP), keep(sc(pkm1), pkm2), keep(sc(qkm1), qkm2), keep(sc(pk), pkm1), keep(sc(qk), qkm1), keep(ans, ansP), keep(t, tP), keep(r, rP)];
    },
    init,
  ) as unknown as C;
  return mul(out[5], exp(neg(x)));
}

/** n ≥ 5000: the asymptotic expansion. */
function expn3(x: Array, n: Array): Array {
  const xk = add(x, n);
  const yk = div(1, mul(xk, xk));
  let ans = mul(mul(yk, n), add(sub(mul(mul(6, x), x), mul(mul(8, n), x)), mul(n, n)));
  ans = mul(yk, add(ans, mul(n, sub(n, mul(2, x)))));
  ans = mul(yk, add(ans, n));
  return div(mul(add(ans, 1), exp(neg(x))), xk);
}

function expnValue(n: Array, x: Array): Array {
  const bad = or(lt(n, 0), lt(x, 0));
  const zeroSmall = and(eq(x, 0), lt(n, 2));
  const zeroLarge = and(eq(x, 0), ge(n, 2));
  const nZero = and(eq(n, 0), ge(x, 0));
  const huge = ge(n, 5000);
  const above1 = gt(x, 1);
  // The first condition that holds picks the branch (jnp.piecewise); each loop runs on its own elements.
  const prior = [bad, zeroSmall, zeroLarge, nZero, huge];
  const rest = not(prior.reduce((acc, p) => or(acc, p)));
  const inB2 = and(rest, above1);
  const inB1 = and(rest, not(above1));
  const safeX = select(or(inB1, inB2), x, k(x, 1.5));
  let out = expn1(select(inB1, safeX, k(x, 0.5)), n, inB1);
  out = select(inB2, expn2(safeX, n, inB2), out);
  out = select(huge, expn3(x, n), out);
  out = select(nZero, div(exp(neg(x)), x), out);
  // E_n(0) = 1/(n - 1) for n ≥ 2 (JAX 0.10 returns 1/n here, a wrong value; SciPy and the definition agree on 1/(n-1)).
  out = select(zeroLarge, div(1, sub(n, 1)), out);
  // E_n(∞) = 0 (JAX 0.10's continued fraction gives NaN there).
  out = select(eq(x, Infinity), k(x, 0), out);
  out = select(zeroSmall, k(x, Infinity), out);
  return select(bad, k(x, NaN), out);
}

const expnRaw = customJvp(expnValue as never, {}) as unknown as Custom<[Array, Array]>;
expnRaw.defjvp(([n, x], [, tx]) => [expnRaw(n, x), mul(neg(tx!), expnRaw(sub(n, 1), x))]);

/** The generalized exponential integral E_n(x) = ∫₁^∞ e^(-xt) / t^n dt; JAX's derivative in x, -E_(n-1)(x). */
export const expn = defineFunction('scipy.special.expn', 2, (n: ArrayLike, x: ArrayLike): Array => {
  const [a, b] = promoteArgsInexact(n, x);
  return expnRaw(noDerivative(a!, 'expn_n', 'the derivative of expn with respect to n'), b!);
}, 2);
/** The exponential integral E₁(x) = expn(1, x). */
export const exp1 = defineFunction('scipy.special.exp1', 1, (x: ArrayLike): Array => {
  const [b] = promoteArgsInexact(x);
  return expnRaw(k(b!, 1), b!);
}, 1);

// expi on (2^i, 2^(i+1)], i = 1..5, and beyond 64: exp(x)/x (1 + polyval(A, 1/x)/polyval(B, 1/x) / x).
const E1A = [-5.350447357812542947283e0, 2.18504916881661339383e2, -4.176572384826693777058e3, 5.541176756393557601232e4, -3.313381331178144034309e5, 1.59262716338494541422e6];
const E1B = [1.0, -5.250547959112862969197e1, 1.259616186786790571525e3, -1.756549581973534652631e4, 1.493062117002725991967e5, -7.294949239640527645655e5, 1.592627163384945429726e6];
const EK: [number[], number[]][] = [
  [
    [1.981808503259689673238e-2, -1.271645625984917501326e0, -2.08816033568122831892e0, 2.755544509187936721172e0, -4.409507048701600257171e-1, 4.665623805935891391017e-2, -1.54504267967348526258e-3, 7.059980605299617478514e-5],
    [1.0, 1.476498670914921440652e0, 5.629177174822436244827e-1, 1.699017897879307263248e-1, 2.291647179034212017463e-2, 4.450150439728752875043e-3, 1.727439612206521482874e-4, 3.953167195549672482304e-5],
  ],
  [
    [-1.373215375871208729803e0, -7.084559133740838761406e-1, 1.580806855547941010501e0, -2.601500427425622944234e-1, 2.994674694113713763365e-2, -1.038086040188744005513e-3, 4.371064420753005429514e-5, 2.141783679522602903795e-6],
    [1.0, 8.585231423622028380768e-1, 4.483285822873995129957e-1, 7.687932158124475434091e-2, 2.449868241021887685904e-2, 8.832165941927796567926e-4, 4.590952299511353531215e-4, -4.729848351866523044863e-6, 2.665195537390710170105e-6],
  ],
  [
    [-2.106934601691916512584e0, 1.732733869664688041885e0, -2.423619178935841904839e-1, 2.322724180937565842585e-2, 2.372880440493179832059e-4, -8.343219561192552752335e-5, 1.363408795605250394881e-5, -3.655412321999253963714e-7, 1.464941733975961318456e-8, 6.176407863710360207074e-10],
    [1.0, -2.298062239901678075778e-1, 1.105077041474037862347e-1, -1.566542966630792353556e-2, 2.761106850817352773874e-3, -2.089148012284048449115e-4, 1.708528938807675304186e-5, -4.459311796356686423199e-7, 1.394634930353847498145e-8, 6.150865933977338354138e-10],
  ],
  [
    [-2.458119367674020323359e-1, -1.483382253322077687183e-1, 7.248291795735551591813e-2, -1.348315687380940523823e-2, 1.342775069788636972294e-3, -7.942465637159712264564e-5, 2.644179518984235952241e-6, -4.239473659313765177195e-8],
    [1.0, -1.044225908443871106315e-1, -2.676453128101402655055e-1, 9.695000254621984627876e-2, -1.601745692712991078208e-2, 1.496414899205908021882e-3, -8.462452563778485013756e-5, 2.728938403476726394024e-6, -4.239462431819542051337e-8],
  ],
  [
    [1.212561118105456670844e-1, -5.823133179043894485122e-1, 2.348887314557016779211e-1, -3.04003431811324823728e-2, 1.510082146865190661777e-3, -2.523137095499571377122e-5],
    [1.0, -1.002252150365854016662e0, 2.928709694872224144953e-1, -3.337004338674007801307e-2, 1.560544881127388842819e-3, -2.523137093603234562648e-5],
  ],
  [
    [-7.657847078286127362028e-1, 6.88619241556670505175e-1, -2.132598113545206124553e-1, 3.346107552384193813594e-2, -3.076541477344756050249e-3, 1.74711931645490747738e-4, -6.103711682274170530369e-6, 1.218032765428652199087e-7, -1.086076102793290233007e-9],
    [1.0, -1.888802868662308731041e0, 1.06669168721140889685e0, -2.751915982306380647738e-1, 3.930852688233823569726e-2, -3.414684558602365085394e-3, 1.866844370703555398195e-4, -6.345146083130515357861e-6, 1.239754287483206878024e-7, -1.086076102793126632978e-9],
  ],
];
function expiPos(x: Array): Array {
  const small = add(add(mul(x, div(polyval(x, E1A), polyval(x, E1B))), EULER), log(x));
  const ranged = EK.map(([A, B]) => {
    const w = div(1, x);
    const f = add(mul(w, div(polyval(w, A), polyval(w, B))), 1);
    return mul(mul(exp(x), w), f);
  });
  // Cephes' intervals: (0, 2] the series form, (2^i, 2^(i+1)] for i = 1..5 the next five, the rest the last.
  let out = ranged[5]!;
  for (let i = 5; i >= 1; i--) out = select(and(gt(x, 2 ** i), le2(x, 2 ** (i + 1))), ranged[i - 1]!, out);
  return select(and(gt(x, 0), le2(x, 2)), small, out);
}
const le2 = (x: Array, v: number) => not(gt(x, v));
const expiRaw = withJvp(
  (x: Array) => {
    const negative = lt(x, 0);
    const neg1 = neg(expnValue(k(x, 1), select(negative, neg(x), k(x, 1))));
    const r = select(negative, neg1, expiPos(select(negative, k(x, 1), x)));
    // Ei(0) = -∞, Ei(∞) = ∞, Ei(-∞) = 0, as SciPy (JAX 0.10's piecewise gives NaN at all three).
    return select(eq(x, 0), k(x, -Infinity), select(eq(x, Infinity), k(x, Infinity), select(eq(x, -Infinity), k(x, 0), r)));
  },
  ([x], [t]) => mul(div(exp(x!), x!), t!),
);
/** The exponential integral Ei(x); JAX's derivative exp(x) / x. */
export const expi = defineFunction('scipy.special.expi', 1, (x: ArrayLike): Array => expiRaw(promoteArgsInexact(x)[0]!), 1);
