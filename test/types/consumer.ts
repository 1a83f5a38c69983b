// A consumer's view of jaxpool's types, compiled in strict mode against the published declarations
// (test/package installs the packed tarball and runs tsc on this file; the repo's own typecheck
// compiles it against src). Each `Equal` line pins a type; each `@ts-expect-error` line is a
// mistake that must stay a compile error. Nothing here runs.
import * as jp from 'jaxpool';
import { numpy as jnp, lax, grad, valueAndGrad, jit, vmap, jvp, vjp, linearize, jacfwd, jacrev, hessian, customJvp, customVjp, pureCallback } from 'jaxpool';
import type { Array, JaxArray, ArrayLike, NdArray } from 'jaxpool';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
/** Compiles only when `T` is `true`. */
function check<T extends true>(): T | void {}

declare const x: Array;
declare const y: Array;

// The array type under a name that does not shadow the global Array, and the global still works.
check<Equal<JaxArray, Array>>();
const plain: globalThis.Array<number> = [1, 2];
check<Equal<typeof plain, number[]>>();

// grad: the gradient has the type of the differentiated argument(s).
const f = (w: Array, v: Array) => jnp.sum(w.mul(v));
const gf = grad(f);
check<Equal<Parameters<typeof gf>, [w: jp.HostLeaf, v: jp.HostLeaf]>>();
const g1 = grad(f)(x, y);
check<Equal<typeof g1, Array>>();
const g2 = grad(f, { argnums: 1 })(x, 2);
check<Equal<typeof g2, Array>>();
const g3 = grad(f, { argnums: [0, 1] })(x, y);
check<Equal<typeof g3, [Array, Array]>>();
type Params = { w: Array; b: Array[] };
const loss = (p: Params, v: Array) => jnp.sum(v.mul(p.w).add(p.b[0]!));
const gp = grad(loss)({ w: x, b: [y, 1] }, new Float32Array([1, 2]));
check<Equal<typeof gp, { w: Array; b: Array[] }>>();
const aux = grad((v: Array) => [jnp.sum(v), { norm: v, n: 3 }] as const, { hasAux: true })(x);
check<Equal<typeof aux, [Array, { norm: Array; n: Array }]>>();
// An unannotated inline function: its parameters are Arrays.
const inline = grad((v) => jnp.sum(v.mul(v)))(x);
check<Equal<typeof inline, Array>>();
// A jnp function (parameter typed ArrayLike) differentiates as one array, to any order.
const d3 = grad(grad(grad(jnp.sin)))(1.5);
check<Equal<typeof d3, Array>>();

const vg = valueAndGrad(f)(x, y);
check<Equal<typeof vg, [Array, Array]>>();
const vga = valueAndGrad((v: Array) => [jnp.sum(v), v] as const, { hasAux: true })(x);
check<Equal<typeof vga, [[Array, Array], Array]>>();

// @ts-expect-error argnums out of range
grad(f, { argnums: 2 });
// @ts-expect-error a non-scalar output type (a string) cannot be differentiated
grad((v: Array) => String(v));
// @ts-expect-error hasAux needs f to return [output, aux]
grad((v: Array) => jnp.sum(v), { hasAux: true });
// @ts-expect-error a nested JS list is a pytree (a list), not one array
grad(f)([1, 2], y);
// @ts-expect-error missing argument
grad(f)(x);
// @ts-expect-error a string is not an array
grad(f)(x, 'y');

// jacobians and hessian: one Array.
const J = jacfwd((v: Array) => jnp.sin(v))(x);
const Jr = jacrev((v: Array, s: Array) => jnp.sum(v.mul(s)), { argnums: 1 })(x, y);
const H = hessian((v: Array) => jnp.sum(v.mul(v)))([1, 2, 3] as unknown as Float32Array);
check<Equal<[typeof J, typeof Jr, typeof H], [Array, Array, Array]>>();
// @ts-expect-error argnums out of range
jacfwd((v: Array) => jnp.sin(v), { argnums: 1 });

// jit and vmap keep f's parameters (host values allowed at array leaves) and its result.
const jf = jit((p: Params, v: Array, flag: boolean) => ({ out: jnp.sum(v.mul(p.w)), flag: flag ? 1 : 0 }), { staticArgnums: [2] });
const jr = jf({ w: x, b: [] }, [x, y] as unknown as NdArray, true);
check<Equal<typeof jr, { out: Array; flag: Array }>>();
check<Equal<ReturnType<typeof jf.lower>, jp.ClosedJaxpr>>();
const vm = vmap((a: Array, b: Array) => [a.add(b), a] as const, { inAxes: [0, null] })(x, 1);
check<Equal<typeof vm, [Array, Array]>>();
const vi = vmap((a) => a.mul(2))(x);
check<Equal<typeof vi, Array>>();
// @ts-expect-error wrong arity
jit(f)(x);
// @ts-expect-error an object where an array is expected
vmap(f)({ w: x }, y);
// @ts-expect-error staticArgnums out of range
jit(f, { staticArgnums: [3] });

// jvp, vjp, linearize: types follow the primals.
const [po, to] = jvp((a: Array, b: Array) => ({ s: a.mul(b) }), [x, 2], [1, y]);
check<Equal<typeof po, { s: Array }>>();
check<Equal<typeof to, { s: Array }>>();
// @ts-expect-error tangents must match the primals' structure
jvp((a: Array) => a, [x], [[1, 2]]);
const [vo, pullback] = vjp((a: Array, b: Params) => a.mul(b.w), x, { w: y, b: [] });
check<Equal<typeof vo, Array>>();
check<Equal<ReturnType<typeof pullback>, [Array, { w: Array; b: Array[] }]>>();
const [, , vAux] = vjp((a: Array) => [a, { k: a }] as const, x, { hasAux: true });
check<Equal<typeof vAux, { k: Array }>>();
const [lo, fJvp] = linearize((a: Array) => jnp.sin(a), x);
check<Equal<[typeof lo, ReturnType<typeof fJvp>], [Array, Array]>>();
// @ts-expect-error one tangent per primal
fJvp(x, y);

// Control flow: results have the branches' / carry's types.
const c1 = lax.cond(x.gt(0), (a, b) => [a.add(b), a] as const, (a, b) => [a.sub(b), b] as const, x, 1);
check<Equal<typeof c1, [Array, Array]>>();
const s1 = lax.switch(1, [(a: Array) => a, (a: Array) => a.neg()], x);
check<Equal<typeof s1, Array>>();
// @ts-expect-error branches must return the same structure
lax.cond(true, (a: Array) => a, (a: Array) => [a, a] as const, x);
const w1 = lax.whileLoop(([i]) => i.lt(10), ([i, acc]) => [i.add(1), acc.mul(2)], [0, x]);
check<Equal<typeof w1, [Array, Array]>>();
// @ts-expect-error the body must return the carry's structure
lax.whileLoop((c) => c.lt(1), (c) => [c, c], 0);
const fl = lax.foriLoop(0, 3, (i, acc) => ({ s: acc.s.add(i) }), { s: 0 });
check<Equal<typeof fl, { s: Array }>>();
const [carry, ys] = lax.scan((c, v) => [c.add(v), { y: c }], 0, x);
check<Equal<[typeof carry, typeof ys], [Array, { y: Array }]>>();
const [, none] = lax.scan((c: Array) => [c, null], x, null, { length: 3 });
check<Equal<typeof none, null>>();
// @ts-expect-error scan's body returns [carry, y]
lax.scan((c: Array) => c, x, x);

// Custom rules and callbacks.
const soft = customJvp((a: Array, k: number) => a.mul(k), { nondiffArgnums: [1] });
soft.defjvp(([a, k], [da]) => {
  check<Equal<[typeof a, typeof k, typeof da], [Array, number, Array]>>();
  return [soft(a, k), da.mul(k)];
});
check<Equal<ReturnType<typeof soft>, Array>>();
const clip = customVjp((a: Array) => a);
clip.defvjp(
  (a) => [a, { saved: a }],
  (res, g) => {
    check<Equal<[typeof res, typeof g], [{ saved: Array }, Array]>>();
    return [g.mul(res.saved)];
  },
);
const cb = pureCallback((a: NdArray) => a, new jp.ShapeDtypeStruct([3], 'float32'), [x], { vmapMethod: 'sequential' });
check<Equal<typeof cb, Array>>();

// Arrays as a Node user meets them.
const json: jp.NestedNumbers = x.toJSON();
void json;
const asLike: ArrayLike = x;
void asLike;

// Nothing public is `any`.
check<Equal<IsAny<typeof g1 | typeof jr | typeof c1 | typeof w1 | typeof carry | typeof cb | typeof vo>, false>>();
check<Equal<IsAny<ReturnType<typeof jp.devices>>, false>>();
check<Equal<IsAny<ReturnType<typeof jp.transfers.stats>>, false>>();
